"""Map ECR repositories and their rules, log groups, secrets, SSM parameters and KMS keys."""

from __future__ import annotations

from ecslint.loaders.terraform.build import Builder, base_node, node_positions
from ecslint.loaders.terraform.resources import Ref, Resource, as_json, as_text, text_or
from ecslint.model.registry import (
    KmsKey,
    LogGroup,
    PullThroughCacheRule,
    Repository,
    SecretResource,
)


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


def create_kms_key(builder: Builder, resource: Resource) -> None:
    key = KmsKey(**base_node(resource), arn=_arn(resource))
    builder.model.kms_keys.append(builder.register(resource, key))
