"""Map ECR repositories and their rules, log groups, secrets, SSM parameters and KMS keys."""

from __future__ import annotations

import re
from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node, node_positions
from ecslint.loaders.terraform.resources import Ref, Resource, as_json, as_text, text_or
from ecslint.model.registry import (
    KmsKey,
    LogGroup,
    PullThroughCacheRule,
    Repository,
    SecretResource,
)
from ecslint.model.values import Unknown

# NOTE: a value that reaches the attribute through a local (local.x = var.y) is not caught.
_VARIABLE = re.compile(r"\bvar\.")


def _arn(resource: Resource) -> str:
    """Return the ARN, or the placeholder that values referring to the resource carry.

    Before apply the ARN is unknown, and the loader writes a reference to it, inside
    container definitions and policies, as ``${address}`` (see ``evaluate.replace_ids``).
    """
    arn = resource.get("arn")
    return arn if isinstance(arn, str) else "${" + resource.address + "}"


def create_repository(builder: Builder, resource: Resource) -> None:
    repository = Repository(
        **base_node(resource),
        positions=node_positions(resource, {"tag_mutability": "image_tag_mutability"}),
        repository_name=as_text(resource.get("name")),
        tag_mutability=text_or(resource.get("image_tag_mutability"), "MUTABLE"),
    )
    builder.model.repositories.append(builder.register(resource, repository))


def link_lifecycle_policies(builder: Builder) -> None:
    for resource in builder.of_type("aws_ecr_lifecycle_policy"):
        target = resource.get("repository")
        if isinstance(target, Ref):
            repository = builder.lookup(target, Repository)
        else:
            repository = next(
                (r for r in builder.model.repositories if r.repository_name == target), None
            )
        if isinstance(repository, Repository):
            repository.lifecycle_policy = as_json(resource.get("policy"))


def create_pull_through_cache_rule(builder: Builder, resource: Resource) -> None:
    rule = PullThroughCacheRule(
        **base_node(resource),
        prefix=text_or(resource.get("ecr_repository_prefix"), ""),
        upstream_url=text_or(resource.get("upstream_registry_url"), ""),
    )
    builder.model.pull_through_cache_rules.append(builder.register(resource, rule))


def create_log_group(builder: Builder, resource: Resource) -> None:
    group = LogGroup(**base_node(resource), log_group_name=as_text(resource.get("name")))
    builder.model.log_groups.append(builder.register(resource, group))


def create_secret(builder: Builder, resource: Resource) -> None:
    kind = "ssm" if resource.type == "aws_ssm_parameter" else "secretsmanager"
    secret = SecretResource(**base_node(resource), kind=kind, arn=_arn(resource))
    builder.model.secrets.append(builder.register(resource, secret))


def link_secrets(builder: Builder) -> None:
    """Link each secret or parameter to its KMS key (``kms_key_id`` or ``key_id``)."""
    for resource in builder.of_type("aws_secretsmanager_secret", "aws_ssm_parameter"):
        secret = builder.objects.get(resource.address)
        if not isinstance(secret, SecretResource):
            continue
        key = resource.get("kms_key_id", resource.get("key_id"))
        secret.kms_key = builder.lookup(key, KmsKey) if isinstance(key, Ref) else key


def link_secret_versions(builder: Builder) -> None:
    """Give each Secrets Manager secret the ``secret_string`` of its current version."""
    found: dict[str, tuple[SecretResource, list[str | Unknown | None]]] = {}
    for resource in builder.of_type("aws_secretsmanager_secret_version"):
        if not _is_current(resource.get("version_stages")):
            continue
        secret = builder.lookup_named(
            resource.get("secret_id"), "aws_secretsmanager_secret", SecretResource
        )
        if isinstance(secret, SecretResource):
            strings = found.setdefault(secret.name, (secret, []))[1]
            strings.append(_version_string(builder, resource))
    for secret, strings in found.values():
        if len(strings) == 1:
            secret.secret_string = strings[0]
        else:
            secret.secret_string = Unknown(f"{secret.name} has {len(strings)} current versions")


def _is_current(stages: Any) -> bool:
    """Return True for a version labelled AWSCURRENT, which the provider does by default."""
    return stages is None or (isinstance(stages, list) and "AWSCURRENT" in stages)


def _version_string(builder: Builder, resource: Resource) -> str | Unknown | None:
    """Return the version's ``secret_string``, unknown when it is built from a variable.

    A variable's default is only the value used when the run passes none, so it is not taken
    as the secret's value.
    """
    value = as_text(resource.get("secret_string"))
    if isinstance(value, str) and _VARIABLE.search(
        _attribute_text(builder, resource, "secret_string")
    ):
        return Unknown(f"{resource.address}.secret_string depends on a variable")
    return value


def _attribute_text(builder: Builder, resource: Resource, name: str) -> str:
    """Return the source lines of attribute ``name``: up to the next attribute or block end.

    Returns an empty string for a plan, which has no source text.
    """
    lines = builder.texts.get(resource.location.path)
    start = resource.positions.get(name)
    if not lines or start is None or start.line is None or not resource.lines:
        return ""
    later = [
        where.line
        for where in resource.positions.values()
        if where.line is not None and where.line > start.line
    ]
    end = min(later, default=resource.lines[1] + 1)
    return "\n".join(lines[start.line - 1 : end - 1])


def create_kms_key(builder: Builder, resource: Resource) -> None:
    key = KmsKey(**base_node(resource), arn=_arn(resource))
    builder.model.kms_keys.append(builder.register(resource, key))
