"""Unknown values and source positions, shared by every part of the model.

A loader that cannot resolve a value (a CloudFormation parameter without a default, a
Terraform variable set outside the scanned files, a registry module not on disk) stores an
``Unknown`` in its place. Rules test values with ``is_unknown`` and stay silent on them.
Strings may also be partly unknown: placeholders such as ``${AWS::Region}``, ``{{ env "TAG" }}``
or ``<REPO_URL>`` mark text that is filled in at deploy time, and ``has_placeholder`` finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value the loader could not resolve, with the reason shown by ``--show-unknown``."""

    reason: str = "value not known before deployment"

    def __bool__(self) -> bool:
        # An unknown value must never pass as a known true or false.
        raise TypeError("the truth of an Unknown value is undefined; test it with is_unknown()")

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


def is_unknown(value: Any) -> bool:
    """Return True for an ``Unknown`` value."""
    return isinstance(value, Unknown)


# ${AWS::Region} (CloudFormation, shell templates), {{ ... }} (Go and Jinja templates),
# <REPO_URL> (CodeDeploy and CodePipeline placeholders), #{Octopus.Variable} (Octopus Deploy).
PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|<[A-Za-z_][A-Za-z0-9_.-]*>|#\{[^}]*\}")


def has_placeholder(text: str) -> bool:
    """Return True when ``text`` contains a deploy-time placeholder."""
    return bool(PLACEHOLDER.search(text))


def is_known_text(value: Any) -> bool:
    """Return True for a string with no unknown part."""
    return isinstance(value, str) and not has_placeholder(value)


@dataclass(frozen=True, order=True)
class Location:
    """A position in an input file: 1-based line and column; ``path`` is as given by the user."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 1}:{self.column or 1}"
