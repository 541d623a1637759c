"""The rule interface, the findings rules report, and severities."""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ecslint.model import Model, Node
from ecslint.model.values import Location


class Severity(enum.IntEnum):
    NOTE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule.

    ``message`` states what is wrong and where, in model terms, and ``fix`` what to do.
    ``resource`` is the logical id, Terraform address or task-definition family at fault.
    """

    rule: str
    severity: Severity
    location: Location
    resource: str
    message: str
    fix: str
    cause: int | None = None

    def sort_key(self) -> tuple:
        location = self.location
        return (
            location.path,
            location.line or 0,
            location.column or 0,
            self.rule,
            self.resource,
            self.message,
        )


class Rule:
    """A check over the model.

    Subclasses set the class attributes and implement ``check``. The class docstring is the
    rule's documentation: a one-line summary, then the sections "What it does", "Why it fails
    the task", "Example", "Use instead" and "References".
    """

    code: ClassVar[str]
    name: ClassVar[str]
    cause: ClassVar[int | None]
    severity: ClassVar[Severity]
    # An opt-in rule runs only when selected by its code or enabled by its own setting.
    opt_in: ClassVar[bool] = False

    def __init__(self, options: dict | None = None):
        # Settings from the configuration file that some rules read, such as image sizes.
        self.options = options or {}

    def check(self, model: Model) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return inspect.getdoc(cls).splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    def report(
        self,
        node: Node,
        attribute: str | None,
        message: str,
        fix: str,
        resource: str | None = None,
    ) -> Finding:
        """Build a finding at ``attribute`` of ``node`` with this rule's metadata."""
        return Finding(
            rule=self.code,
            severity=self.severity,
            location=node.where(attribute),
            resource=resource or node.name,
            message=sentence(readable(message)),
            fix=readable(fix),
            cause=self.cause,
        )


# The model writes values known only at deployment with CloudFormation's pseudo parameters,
# whatever the input format. Messages show them in plain words instead.
_PSEUDO_PARAMETERS = {
    "${AWS::AccountId}": "<account-id>",
    "${AWS::Region}": "<region>",
    "${AWS::Partition}": "aws",
    "${AWS::URLSuffix}": "amazonaws.com",
    "${SecretSuffix}": "<random-suffix>",
}


_PLAIN_WORD = re.compile(r"[a-z][a-z-]*(?=[ :])")


def sentence(text: str) -> str:
    """Capitalize a message that starts with a plain word; leave one starting with an
    identifier such as ``networkMode`` or ``ephemeralStorage.sizeInGiB`` as written."""
    if _PLAIN_WORD.match(text):
        return text[0].upper() + text[1:]
    return text


# The parts of an ECR repository URL that only deployment decides (see
# ``ecslint.loaders.terraform.scope``), written like the pseudo parameters above.
_APPLY_TIME_PARTS = (
    (re.compile(r"\$\{[\w.-]+\.registry_id\}"), "<account-id>"),
    (re.compile(r"\$\{[\w.-]+\.region\}"), "<region>"),
    # A CloudFormation value that could not be resolved, such as Fn::Select over an ARN.
    (re.compile(r"\$\{\?\}(?=\.dkr\.ecr\.)"), "<account-id>"),
    (re.compile(r"(?<=\.dkr\.ecr\.)\$\{\?\}"), "<region>"),
    (re.compile(r"\$\{\?\}"), "<unknown>"),
)


def readable(text: str) -> str:
    """Return ``text`` with deployment-time placeholders written as plain words."""
    for placeholder, words in _PSEUDO_PARAMETERS.items():
        text = text.replace(placeholder, words)
    for pattern, words in _APPLY_TIME_PARTS:
        text = pattern.sub(words, text)
    return text
