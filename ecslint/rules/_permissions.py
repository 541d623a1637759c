"""Shared IAM helpers of the permission rules: the role that acts and the ARNs ECS requests.

A request resource that a stack does not name concretely is written with the CloudFormation
pseudo parameters (``${AWS::Partition}``, ``${AWS::Region}``, ``${AWS::AccountId}``), which the
IAM matcher treats as symbols. A grant written for one concrete value then evaluates to
UNKNOWN, never to a wrong NOT_ALLOWED, and rules report only NOT_ALLOWED and DENY.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ecslint.iam import Decision, missing_actions, role_documents
from ecslint.images import ImageReference
from ecslint.model import Container, TaskDefinition
from ecslint.model.iam import Role
from ecslint.model.values import has_placeholder, is_unknown

PARTITION = "${AWS::Partition}"
REGION = "${AWS::Region}"
ACCOUNT = "${AWS::AccountId}"
# Secrets Manager ends every secret ARN with "-" and six random characters. A partial ARN
# (the name only) is authorized against the full ARN, so the suffix is unknown text.
SECRET_SUFFIX = "${SecretSuffix}"

ECR_PULL_ACTIONS = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
# NOTE: the Terraform loader (through tfparse) may write a reference to a computed attribute,
# such as aws_secretsmanager_secret.app.arn inside jsonencode, as the referenced resource's
# UUID. Such a token is not the attribute's value, so it is masked as an unknown placeholder.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UNRESOLVED = "${unresolved-reference}"
_FULL_SECRET_NAME = re.compile(r"-[A-Za-z0-9]{6}$")
_ARN = re.compile(
    r"^arn:(?P<partition>[^:]+):(?P<service>[^:]+):(?P<region>[^:]*):(?P<account>[^:]*):"
    r"(?P<resource>.+)$"
)


@dataclass(frozen=True)
class EcrRepository:
    """An ECR repository as an image names it; unknown parts are pseudo-parameter symbols."""

    account: str
    region: str
    partition: str
    name: str

    @property
    def arn(self) -> str:
        return f"arn:{self.partition}:ecr:{self.region}:{self.account}:repository/{self.name}"

    @property
    def account_is_known(self) -> bool:
        return bool(_ACCOUNT_ID.match(self.account))


def ecr_repository(image: ImageReference) -> EcrRepository | None:
    """Return the private ECR repository an image is pulled from, or None for other registries."""
    found = image.ecr_host
    if found is None or not image.repository:
        return None
    region = found.group("region") or found.group("region2")
    return EcrRepository(
        account=found.group("account"),
        region=region,
        partition=_partition(region, found.group("suffix") or ""),
        name=image.repository,
    )


def _partition(region: str, suffix: str) -> str:
    if suffix.endswith(".cn"):
        return "aws-cn"
    if has_placeholder(region):
        return PARTITION
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def execution_role(task: TaskDefinition) -> Role | None:
    """Return the task's execution role when the same stack or configuration defines it."""
    reference = task.execution_role
    if reference is None or not isinstance(reference.role, Role):
        return None
    return reference.role


def mask_references(value: Any) -> Any:
    """Return ``value`` with every UUID token in its strings replaced by a placeholder."""
    if isinstance(value, str):
        return _UUID.sub(UNRESOLVED, value)
    if isinstance(value, dict):
        return {key: mask_references(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_references(item) for item in value]
    return value


def denied(role: Role, requests: Iterable[tuple[str, str]]) -> list[tuple[str, str, Decision]]:
    """Return the requests the role's policies are known not to allow (NOT_ALLOWED or DENY)."""
    documents = mask_references(role_documents(role))
    requests = [(action, mask_references(resource)) for action, resource in requests]
    found = missing_actions(documents, requests)
    return [item for item in found if item[2] in (Decision.NOT_ALLOWED, Decision.DENY)]


def denied_everywhere(role: Role, action: str, resources: Iterable[str]) -> Decision | None:
    """Return NOT_ALLOWED or DENY when ``action`` is refused on every candidate resource.

    The exact resource ARN that CloudWatch Logs authorizes a call on is not documented: it may be
    ``log-group:NAME`` or ``log-group:NAME:log-stream:…``. So a grant that matches any candidate
    counts.
    """
    resources = list(resources)
    found = denied(role, [(action, resource) for resource in resources])
    if len(found) < len(resources):
        return None
    return (
        Decision.DENY if any(item[2] is Decision.DENY for item in found) else Decision.NOT_ALLOWED
    )


def describe_denied(found: list[tuple[str, str, Decision]]) -> str:
    """Phrase denied requests by resource: "does not allow `a` on `*`, or `b`, `c` on `r`"."""
    groups: dict[Decision, dict[str, list[str]]] = {}
    for action, resource, decision in found:
        groups.setdefault(decision, {}).setdefault(resource, []).append(action)
    phrases = []
    for decision, by_resource in groups.items():
        verb = "explicitly denies" if decision is Decision.DENY else "does not allow"
        targets = [
            f"{', '.join(f'`{action}`' for action in actions)} on `{resource}`"
            for resource, actions in by_resource.items()
        ]
        phrases.append(f"{verb} {', or '.join(targets)}")
    return " and ".join(phrases)


def secret_request(value_from: str) -> tuple[str, str] | None:
    """Return the (action, resource ARN) ECS requests to read a secret's ``valueFrom``.

    A Secrets Manager ARN loses its JSON key, version stage and version id
    (``secret:db-AbCdEf:password::``), and a partial ARN gets the unknown random suffix. A value
    that is not an ARN is an SSM parameter name in the task's Region and account.
    """
    value_from = mask_references(value_from.strip())
    if not value_from:
        return None
    found = _ARN.match(value_from)
    if found is None:
        # A placeholder may stand for a Secrets Manager ARN (a CloudFormation Ref to a secret).
        if value_from.startswith("arn:") or has_placeholder(value_from):
            return None
        name = value_from.lstrip("/")
        return "ssm:GetParameters", f"arn:{PARTITION}:ssm:{REGION}:{ACCOUNT}:parameter/{name}"
    service, resource = found.group("service"), found.group("resource")
    if service == "ssm" and resource.startswith("parameter/"):
        return "ssm:GetParameters", value_from
    if service == "secretsmanager" and resource.startswith("secret:"):
        return "secretsmanager:GetSecretValue", secret_arn(value_from)
    return None


def secret_arn(value_from: str) -> str:
    """Return the full ARN of the secret a Secrets Manager ``valueFrom`` names."""
    parts = value_from.split(":")
    # arn, partition, service, region, account, "secret", name, then the optional JSON key,
    # version stage and version id.
    arn = ":".join(parts[:7])
    if has_placeholder(parts[6]) or _FULL_SECRET_NAME.search(parts[6]):
        return arn
    return f"{arn}-{SECRET_SUFFIX}"


def log_group_resources(container: Container) -> list[str] | None:
    """Return the candidate ARNs CloudWatch Logs authorizes an awslogs container's calls on."""
    options = container.log_options
    if is_unknown(options):
        return None
    group = options.get("awslogs-group")
    if not isinstance(group, str) or not group:
        return None
    group = mask_references(group)
    region = options.get("awslogs-region")
    region = region if isinstance(region, str) and region else REGION
    partition = _partition(region, "")
    base = f"arn:{partition}:logs:{region}:{ACCOUNT}:log-group:{group}"
    return [base, f"{base}:log-stream:${{LogStream}}"]
