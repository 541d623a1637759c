"""ECR repositories and pull-through cache rules, log groups, secrets, SSM parameters, keys."""

from __future__ import annotations

import json
import re
from typing import Any

from ecslint.loaders.cloudformation.convert import text
from ecslint.loaders.cloudformation.references import ResourceRef, physical_text
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.ecs_api import present
from ecslint.model.registry import (
    KmsKey,
    LogGroup,
    PullThroughCacheRule,
    Repository,
    SecretResource,
)
from ecslint.model.values import Unknown, is_unknown

# A variable of an Fn::Sub template, such as ${Name} or ${Resource.Attribute}. The escaped form
# ${!Literal} is literal text.
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


def create_repository(stack: Stack, logical_id: str) -> Repository:
    """Build a repository, whose tags are MUTABLE unless ``ImageTagMutability`` is set."""
    properties = stack.properties(logical_id)
    lifecycle = properties.get("LifecyclePolicy")
    policy_text = lifecycle.get("LifecyclePolicyText") if isinstance(lifecycle, dict) else None
    return Repository(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, ("RepositoryName", "ImageTagMutability")),
        repository_name=text(properties.get("RepositoryName")),
        tag_mutability=present(text(properties.get("ImageTagMutability")), "MUTABLE"),
        lifecycle_policy=_json(policy_text),
    )


def _json(value: Any) -> Any:
    if value is None or is_unknown(value) or isinstance(value, dict):
        return value
    try:
        return json.loads(str(value))
    except ValueError:
        return Unknown("lifecycle policy is not valid JSON")


def create_pull_through_cache_rule(stack: Stack, logical_id: str) -> PullThroughCacheRule:
    properties = stack.properties(logical_id)
    return PullThroughCacheRule(
        name=logical_id,
        location=stack.resource_location(logical_id),
        prefix=present(text(properties.get("EcrRepositoryPrefix")), ""),
        upstream_url=present(text(properties.get("UpstreamRegistryUrl")), ""),
    )


def create_log_group(stack: Stack, logical_id: str) -> LogGroup:
    name = stack.properties(logical_id).get("LogGroupName")
    return LogGroup(
        name=logical_id, location=stack.resource_location(logical_id), log_group_name=text(name)
    )


def create_secret(stack: Stack, logical_id: str) -> SecretResource:
    return SecretResource(
        name=logical_id,
        location=stack.resource_location(logical_id),
        arn=physical_text(ResourceRef(stack.resolver, logical_id)),
        secret_string=_secret_string(stack, logical_id),
    )


def _secret_string(stack: Stack, logical_id: str) -> str | Unknown | None:
    """Return the secret's ``SecretString``, unknown when a parameter goes into it.

    A parameter's default is only the value used when the deployment passes none, so it is
    not taken as the secret's value. A dynamic reference (``{{resolve:…}}``) resolves to
    ``Unknown``.
    """
    raw = stack.raw_properties(logical_id).get("SecretString")
    if raw is None:
        return None
    parameters = sorted(_parameters_in(raw, stack.resolver.parameters))
    if parameters:
        return Unknown(f"SecretString depends on parameter {parameters[0]}")
    return text(stack.properties(logical_id).get("SecretString"))


def _parameters_in(node: Any, parameters: dict) -> set[str]:
    """Return the template parameters that a ``Ref`` or ``Fn::Sub`` inside ``node`` names."""
    if isinstance(node, list):
        return set().union(*(_parameters_in(item, parameters) for item in node))
    if not isinstance(node, dict):
        return set()
    found = set()
    for key, value in node.items():
        if key == "Ref" and isinstance(value, str) and value in parameters:
            found.add(value)
        if key == "Fn::Sub":
            template = value[0] if isinstance(value, list) and value else value
            if isinstance(template, str):
                found |= {name for name in _SUB_VARIABLE.findall(template) if name in parameters}
        found |= _parameters_in(value, parameters)
    return found


def link_secret(stack: Stack, logical_id: str, secret: SecretResource) -> None:
    key = stack.properties(logical_id).get("KmsKeyId")
    found = stack.lookup(key) if key is not None else None
    secret.kms_key = found if isinstance(found, KmsKey) else text(key)


def create_ssm_parameter(stack: Stack, logical_id: str) -> SecretResource:
    """Build an SSM parameter, named by its ``Name`` or the placeholder ``${LogicalId}``."""
    return SecretResource(
        name=logical_id,
        location=stack.resource_location(logical_id),
        kind="ssm",
        arn=physical_text(ResourceRef(stack.resolver, logical_id)),
    )


def create_kms_key(stack: Stack, logical_id: str) -> KmsKey:
    return KmsKey(name=logical_id, location=stack.resource_location(logical_id))
