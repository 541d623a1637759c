"""IAM roles, their trust policies and every policy attached to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecslint.model.base import Node
from ecslint.model.values import Unknown


@dataclass(eq=False)
class Role(Node):
    """An IAM role.

    ``policies`` lists the documents of inline and customer-managed policies defined in the same
    stack or configuration. ``managed_policy_arns`` lists the ARNs of attached managed policies,
    which the IAM evaluator expands when they are AWS-managed. A policy attached from outside the
    scanned files cannot be seen, so ``complete`` is False when the loader knows of one.
    """

    role_name: str | Unknown | None = None
    trust_policy: dict[str, Any] | Unknown | None = None
    policies: list[dict[str, Any] | Unknown] = field(default_factory=list)
    managed_policy_arns: list[str | Unknown] = field(default_factory=list)
    complete: bool = True


@dataclass(eq=False)
class InstanceProfile(Node):
    roles: list[Role | Unknown] = field(default_factory=list)
