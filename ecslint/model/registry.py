"""ECR repositories, pull-through cache rules, log groups, secrets and KMS keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslint.model.base import Node
from ecslint.model.values import Unknown


@dataclass(eq=False)
class Repository(Node):
    """An ECR repository; tags are MUTABLE unless set otherwise, as in ECR."""

    repository_name: str | Unknown | None = None
    tag_mutability: str | Unknown = "MUTABLE"
    lifecycle_policy: dict[str, Any] | Unknown | None = None


@dataclass(eq=False)
class PullThroughCacheRule(Node):
    prefix: str | Unknown = ""
    upstream_url: str | Unknown = ""


@dataclass(eq=False)
class LogGroup(Node):
    log_group_name: str | Unknown | None = None


@dataclass(eq=False)
class SecretResource(Node):
    """A Secrets Manager secret or an SSM parameter defined in the stack."""

    kind: str = "secretsmanager"
    arn: str | Unknown | None = None
    kms_key: Any = None
    # The value a Secrets Manager secret is created with when the stack writes it as text
    # (CloudFormation SecretString, Terraform aws_secretsmanager_secret_version.secret_string).
    # None when the stack sets no value, such as a generated one. Unknown when the value depends
    # on a parameter, a variable or anything known only at deployment.
    secret_string: str | Unknown | None = None


@dataclass(eq=False)
class KmsKey(Node):
    arn: str | Unknown | None = None
