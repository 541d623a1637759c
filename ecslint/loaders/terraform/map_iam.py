"""Map IAM roles, their trust and permission policies, and instance profiles.

Policies reach a role in many ways: ``inline_policy`` blocks, ``managed_policy_arns``,
``aws_iam_role_policy``, ``aws_iam_role_policy_attachment``, ``aws_iam_policy_attachment`` and
``aws_iam_role_policy_attachments_exclusive``. A customer-managed ``aws_iam_policy`` of the
same configuration is added as its document; any other ARN is kept for the managed-policy
catalogue. ``data "aws_iam_policy_document"`` is converted to the JSON document it renders.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node
from ecslint.loaders.terraform.resources import (
    Ref,
    Resource,
    as_json,
    as_list,
    as_text,
    blocks,
    text_or,
)
from ecslint.model.iam import InstanceProfile, Role
from ecslint.model.values import Unknown, is_unknown

AWS_MANAGED_PREFIX = "arn:aws:iam::aws:policy/"


def policy_document(builder: Builder, value: Any) -> Any:
    """Return a policy document from JSON text or a reference to a policy document."""
    if isinstance(value, Ref):
        found = builder.objects.get(value.address)
        if isinstance(found, dict):
            return found
        return Unknown(f"{value.address} is not known before apply")
    return as_json(value)


def create_policy_document(builder: Builder, resource: Resource) -> None:
    """Render ``data "aws_iam_policy_document"`` as the JSON document Terraform would."""
    statements = [_statement(block) for block in blocks(resource.values, "statement")]
    for key in (
        "source_policy_documents",
        "source_json",
        "override_policy_documents",
        "override_json",
    ):
        for source in as_list(resource.get(key)) if not is_unknown(resource.get(key)) else []:
            document = policy_document(builder, source)
            if isinstance(document, dict):
                statements.extend(as_list(document.get("Statement")))
    builder.register(resource, {"Version": "2012-10-17", "Statement": statements})


STATEMENT_KEYS = {
    "sid": "Sid",
    "actions": "Action",
    "not_actions": "NotAction",
    "resources": "Resource",
    "not_resources": "NotResource",
}


def _statement(block: dict) -> dict:
    statement: dict[str, Any] = {"Effect": text_or(block.get("effect"), "Allow")}
    for key, json_key in STATEMENT_KEYS.items():
        if block.get(key) is not None:
            statement[json_key] = block[key]
    for key, json_key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        principals = blocks(block, key)
        if principals:
            statement[json_key] = _principals(principals)
    conditions = blocks(block, "condition")
    if conditions:
        statement["Condition"] = _conditions(conditions)
    return statement


def _principals(items: list[dict]) -> Any:
    merged: dict[str, list[Any]] = {}
    for item in items:
        kind = item.get("type")
        if not isinstance(kind, str):
            return Unknown("principal type not known")
        merged.setdefault(kind, []).extend(_as_items(item.get("identifiers")))
    if list(merged) == ["*"] and merged["*"] == ["*"]:
        return "*"
    return merged


def _conditions(items: list[dict]) -> dict[str, Any]:
    merged: dict[str, dict[str, Any]] = {}
    for item in items:
        test, variable = item.get("test"), item.get("variable")
        key = test if isinstance(test, str) else "Unknown"
        name = variable if isinstance(variable, str) else "Unknown"
        merged.setdefault(key, {})[name] = item.get("values")
    return merged


def _as_items(value: Any) -> list[Any]:
    listed = as_list(value)
    return [listed] if is_unknown(listed) else listed


def create_policy(builder: Builder, resource: Resource) -> None:
    """Register an ``aws_iam_policy`` as its document, for attachments to find."""
    builder.register(resource, _ManagedPolicy(policy_document(builder, resource.get("policy"))))


class _ManagedPolicy:
    """A customer-managed policy of this configuration, known by its document."""

    def __init__(self, document: Any):
        self.document = document


def create_role(builder: Builder, resource: Resource) -> None:
    role = Role(
        **base_node(resource),
        role_name=as_text(resource.get("name")) if resource.get("name") is not None else None,
    )
    builder.model.roles.append(builder.register(resource, role))


def link_roles(builder: Builder) -> None:
    """Fill trust and permission policies of every role from all the ways they are attached."""
    for resource in builder.of_type("aws_iam_role"):
        role = builder.objects[resource.address]
        role.trust_policy = policy_document(builder, resource.get("assume_role_policy"))
        for block in blocks(resource.values, "inline_policy"):
            if block.get("policy") is not None:
                role.policies.append(policy_document(builder, block.get("policy")))
        for arn in _as_items(resource.get("managed_policy_arns")):
            _attach_arn(builder, role, arn)
    for resource in builder.of_type("aws_iam_role_policy"):
        for role in _roles(builder, resource, [resource.get("role")]):
            role.policies.append(policy_document(builder, resource.get("policy")))
    for resource in builder.of_type("aws_iam_role_policy_attachment"):
        for role in _roles(builder, resource, [resource.get("role")]):
            _attach_arn(builder, role, resource.get("policy_arn"))
    for resource in builder.of_type("aws_iam_policy_attachment"):
        for role in _roles(builder, resource, _as_items(resource.get("roles"))):
            _attach_arn(builder, role, resource.get("policy_arn"))
    for resource in builder.of_type("aws_iam_role_policy_attachments_exclusive"):
        for role in _roles(builder, resource, [resource.get("role_name")]):
            for arn in _as_items(resource.get("policy_arns")):
                _attach_arn(builder, role, arn)


def _roles(builder: Builder, resource: Resource, values: list[Any]) -> list[Role]:
    """Return the roles named (by reference or name); an unknown one makes every role partial.

    An attachment whose role cannot be identified may belong to any role, so no role's
    policies are then complete.
    """
    found = []
    for value in values:
        role = _role(builder, value)
        if role is None:
            for other in builder.model.roles:
                other.complete = False
            builder.model.note_unknown(resource.location, f"{resource.address}: role not known")
        else:
            found.append(role)
    return found


def _role(builder: Builder, value: Any) -> Role | None:
    if isinstance(value, Ref):
        role = builder.lookup(value, Role)
        return role if isinstance(role, Role) else None
    if isinstance(value, str):
        return next((r for r in builder.model.roles if r.role_name == value), None)
    return None


def _attach_arn(builder: Builder, role: Role, value: Any) -> None:
    """Attach one policy ARN: a policy of this configuration by document, others by ARN."""
    if isinstance(value, Ref):
        target = builder.objects.get(value.address)
        if isinstance(target, _ManagedPolicy):
            role.policies.append(target.document)
            return
        arn = _data_policy_arn(builder, value.address)
        role.managed_policy_arns.append(arn if arn else Unknown(f"ARN of {value.address}"))
        return
    role.managed_policy_arns.append(value if isinstance(value, str) else as_text(value))


def _data_policy_arn(builder: Builder, address: str) -> str | None:
    """Return the ARN that ``data "aws_iam_policy"`` names, from its ``arn`` attribute."""
    for resource in builder.of_type("aws_iam_policy", mode="data"):
        if resource.address == address and resource.mode == "data":
            arn = resource.get("arn")
            return arn if isinstance(arn, str) and arn.startswith("arn:") else None
    return None


def create_instance_profile(builder: Builder, resource: Resource) -> None:
    profile = InstanceProfile(**base_node(resource))
    builder.model.instance_profiles.append(builder.register(resource, profile))


def link_instance_profiles(builder: Builder) -> None:
    for resource in builder.of_type("aws_iam_instance_profile"):
        profile = builder.objects[resource.address]
        role = _role(builder, resource.get("role"))
        if role is not None:
            profile.roles.append(role)
        elif resource.get("role") is not None:
            profile.roles.append(Unknown("instance profile role not known"))
