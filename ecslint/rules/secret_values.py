"""Sibling start-up failures: a JSON key selected from a secret whose value has no such key.

The rule reads the value that a Secrets Manager secret of the same stack or configuration is
created with. It stays silent on a generated value, a value built from parameters or variables,
and any other value that the input does not write out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ecslint.model import Container, Model, Secret, TaskDefinition
from ecslint.model.registry import SecretResource
from ecslint.model.values import has_placeholder, is_unknown
from ecslint.rules._permissions import mask_references
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.pull_permissions import find_secret

# The version stage that ECS reads when valueFrom names none, and the only one whose value the
# stack writes.
CURRENT_STAGE = "AWSCURRENT"


@dataclass(frozen=True)
class KeySelection:
    """A container secret that selects JSON key ``key`` from a secret of the stack."""

    container: Container
    secret: Secret
    stored: SecretResource
    secret_string: str
    key: str


def json_key(value_from: str, arn: str) -> str | None:
    """Return the JSON key that ``value_from`` selects from the current version of ``arn``.

    ``value_from`` is ``arn`` followed by ``:json-key:version-stage:version-id``, each part
    optional. Returns None without a key, with an unknown key, or for another version, whose
    value the stack does not write.
    """
    suffix = value_from[len(arn) :]
    if not suffix.startswith(":"):
        return None
    key, stage, version_id = (suffix[1:].split(":") + ["", ""])[:3]
    if not key or has_placeholder(key) or stage not in ("", CURRENT_STAGE) or version_id:
        return None
    return key


def key_selections(model: Model, task: TaskDefinition) -> Iterator[KeySelection]:
    """Yield each secret of ``task`` that selects a JSON key from a stack secret with a value."""
    for container in task.known_containers():
        for group in (container.secrets, container.log_secret_options):
            if is_unknown(group):
                continue
            for secret in group:
                selection = _selection(model, container, secret)
                if selection is not None:
                    yield selection


def _selection(model: Model, container: Container, secret: Secret) -> KeySelection | None:
    value_from = secret.value_from
    if not isinstance(value_from, str) or not value_from:
        return None
    stored = find_secret(model, value_from)
    if stored is None or stored.kind != "secretsmanager":
        return None
    if not isinstance(stored.secret_string, str) or not isinstance(stored.arn, str):
        return None
    key = json_key(value_from, stored.arn)
    if key is None:
        return None
    return KeySelection(container, secret, stored, stored.secret_string, key)


def _reject_constant(name: str) -> Any:
    # ECS decodes the value with Go's encoding/json, whose error text ("invalid character ...
    # looking for beginning of value") its stop reason shows. That package rejects NaN and Infinity.
    raise ValueError(f"{name} is not a JSON value")


def key_problem(secret_string: str, key: str) -> str | None:
    """Return why ``key`` cannot be read from ``secret_string``, or None when it can or may.

    A value with a deploy-time placeholder (a reference written as ``${Name}`` or as a
    Terraform resource id) may be valid once deployed, so only its literal structure counts.
    """
    text = mask_references(secret_string)
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        return None if has_placeholder(text) else f"is not valid JSON ({error})"
    if not isinstance(value, dict):
        return f"is a JSON {_json_type(value)}, not a JSON object"
    if key in value or any(has_placeholder(name) for name in value):
        return None
    names = ", ".join(f"`{name}`" for name in sorted(value)[:5]) or "none"
    return f"is a JSON object without key `{key}` (its keys: {names})"


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


class SecretValueNotJson(Rule):
    """JSON key selected from a secret whose value is not a JSON object with that key.

    ## What it does
    Finds each container secret (and log configuration `secretOptions` entry) whose `valueFrom`
    selects a JSON key of a Secrets Manager secret defined in the same stack, such as
    `!Sub "${ServerPass}:SERVER_PASS::"` or `"${aws_secretsmanager_secret.pass.arn}:SERVER_PASS::"`.
    It reads the value the stack creates the secret with: CloudFormation `SecretString`, or
    Terraform `secret_string` of the secret's `aws_secretsmanager_secret_version`. It flags a
    value that is not valid JSON (such as a single-quoted object), a JSON value that is not an
    object, or an object without the key. A generated value (`GenerateSecretString`), a value
    built from a parameter or a variable, a dynamic reference, and a `valueFrom` that names a
    version stage other than `AWSCURRENT` or a version id are not checked.

    ## Why it fails the task
    ECS reads the secret before the container starts and decodes its value as a JSON object to
    select the key. A value that does not decode stops the task with
    `ResourceInitializationError: unable to pull secrets or registry auth: ... unable to
    retrieve secret from asm: ... invalid character '\\'' looking for beginning of value`. A
    value without the key stops the task with a ResourceInitializationError as well.

    ## Example
    ```yaml
    ServerPass:
      Type: AWS::SecretsManager::Secret
      Properties:
        SecretString: "{'SERVER_PASS':'change-me'}"
    # in the container definition
    Secrets:
      - Name: SERVER_PASS
        ValueFrom: !Sub "${ServerPass}:SERVER_PASS::"
    ```

    ## Use instead
    ```yaml
    SecretString: '{"SERVER_PASS":"change-me"}'
    ```
    or, to pass the whole value, `ValueFrom: !Ref ServerPass` without the JSON key.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    - https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets
    """

    code = "ECS808"
    name = "secret-value-not-json"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for selection in key_selections(model, task):
                problem = key_problem(selection.secret_string, selection.key)
                if problem is None:
                    continue
                yield self._finding(task, selection, problem)

    def _finding(self, task: TaskDefinition, selection: KeySelection, problem: str) -> Finding:
        key, stored = selection.key, selection.stored
        return self.report(
            selection.secret,
            None,
            f"Container `{selection.container.name}` reads secret `{selection.secret.name}` "
            f"from JSON key `{key}` of `{stored.name}`, but the value of `{stored.name}` "
            f"{problem}",
            f"store the secret value as a JSON object with key `{key}` and double-quoted "
            f'names and strings, such as {{"{key}": "..."}}, or remove the JSON key `{key}` '
            "from valueFrom to pass the whole value",
            resource=task.name,
        )
