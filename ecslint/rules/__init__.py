"""The rule catalogue: every rule class, in code order.

Codes are ``ECS`` and three digits. The hundreds digit is the cause of CannotPullContainerError
that the rule prevents (1 pull permissions, 2 network path, 3 image reference, 4 architecture,
5 disk, 6 Docker Hub, 7 endpoint set). ``ECS0xx`` are task-definition validity checks, and
``ECS8xx`` the sibling start-up failures (secrets, logs, EFS volumes). ``ECS9xx`` codes are
input errors, not rules (see ``ecslint.errors``). A code is never reused for another check.
"""

from __future__ import annotations

from ecslint.rules import (
    architecture,
    capacity,
    docker_hub,
    efs,
    endpoints,
    execution_role,
    image_reference,
    network_path,
    pull_permissions,
    repositories,
    secret_values,
    startup,
    startup_permissions,
    storage,
    suppression,
    validity,
)
from ecslint.rules.base import Finding, Rule, Severity

_MODULES = (
    validity,
    execution_role,
    image_reference,
    architecture,
    capacity,
    storage,
    docker_hub,
    startup,
    pull_permissions,
    repositories,
    startup_permissions,
    secret_values,
    efs,
    suppression,
    network_path,
    endpoints,
)


def _collect() -> list[type[Rule]]:
    found = []
    for module in _MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and "code" in vars(value):
                found.append(value)
    return sorted(found, key=lambda rule: rule.code)


ALL_RULES: list[type[Rule]] = _collect()
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Rule", "Severity"]
