"""IAM roles, the policies attached to them, and instance profiles.

Inline ``Policies`` and the documents of ``AWS::IAM::Policy``, ``AWS::IAM::RolePolicy`` and
``AWS::IAM::ManagedPolicy`` resources of the same template go to ``Role.policies``. The ARNs
of other managed policies go to ``Role.managed_policy_arns``. A policy attached from outside
the template cannot be seen, and the template does not record one, so ``complete`` stays True.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.cloudformation.convert import plain
from ecslint.loaders.cloudformation.references import ResourceRef
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.model.iam import InstanceProfile, Role
from ecslint.model.values import Unknown, is_unknown

MANAGED_POLICY = "AWS::IAM::ManagedPolicy"


def document(value: Any) -> Any:
    """Return a resolved policy document with resource references written as text."""
    if isinstance(value, dict):
        return {key: document(item) for key, item in value.items()}
    if isinstance(value, list):
        return [document(item) for item in value]
    return plain(value)


def create_role(stack: Stack, logical_id: str) -> Role:
    properties = stack.properties(logical_id)
    name = properties.get("RoleName")
    role = Role(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(
            logical_id, ("AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns")
        ),
        role_name=None if name is None else document(name),
        trust_policy=document(properties.get("AssumeRolePolicyDocument")),
    )
    inline = properties.get("Policies", [])
    if is_unknown(inline) or not isinstance(inline, list):
        role.policies.append(Unknown("inline policies not resolved"))
    else:
        for policy in inline:
            if isinstance(policy, dict):
                role.policies.append(document(policy.get("PolicyDocument")))
    return role


def link_role(stack: Stack, logical_id: str, role: Role) -> None:
    """Attach the managed policies the role lists, expanding those defined in the template."""
    arns = stack.properties(logical_id).get("ManagedPolicyArns", [])
    if is_unknown(arns) or not isinstance(arns, list):
        role.managed_policy_arns.append(Unknown("managed policy list not resolved"))
        return
    for arn in arns:
        if isinstance(arn, ResourceRef) and arn.resource_type() == MANAGED_POLICY:
            policy = arn.resolver.stack.properties(arn.logical_id).get("PolicyDocument")
            role.policies.append(document(policy))
        else:
            role.managed_policy_arns.append(document(arn))


def link_policy(stack: Stack, logical_id: str) -> None:
    """Add an ``AWS::IAM::Policy``, ``RolePolicy`` or ``ManagedPolicy`` to its roles.

    A managed policy is added only through its ``Roles`` here; a role that lists it in
    ``ManagedPolicyArns`` gets it in ``link_role``.
    """
    properties = stack.properties(logical_id)
    roles = properties.get("Roles", [])
    if "RoleName" in properties:
        roles = [properties["RoleName"]]
    if not isinstance(roles, list):
        return
    policy = document(properties.get("PolicyDocument"))
    for value in roles:
        role = _role_named(stack, value)
        if role is not None:
            role.policies.append(policy)


def _role_named(stack: Stack, value: Any) -> Role | None:
    """Return the role of the template a ``Ref``, or a literal role name, names."""
    found = stack.lookup(value)
    if isinstance(found, Role):
        return found
    if isinstance(value, str):
        for role in stack.model.roles:
            if role.role_name == value:
                return role
    return None


def create_instance_profile(stack: Stack, logical_id: str) -> InstanceProfile:
    return InstanceProfile(name=logical_id, location=stack.resource_location(logical_id))


def link_instance_profile(stack: Stack, logical_id: str, profile: InstanceProfile) -> None:
    roles = stack.properties(logical_id).get("Roles", [])
    if is_unknown(roles) or not isinstance(roles, list):
        profile.roles = [Unknown("instance profile roles not resolved")]
        return
    profile.roles = [_profile_role(stack, value) for value in roles]


def _profile_role(stack: Stack, value: Any) -> Any:
    role = _role_named(stack, value)
    return role if role is not None else stack.lookup(value)
