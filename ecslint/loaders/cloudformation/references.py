"""References to resources that resolved values carry, and the text they become in strings.

A ``Ref`` or ``Fn::GetAtt`` to a resource resolves to a ``ResourceRef``. Inside a string it
becomes the resource's name where the template gives one (a repository's ``RepositoryName``),
else the placeholder ``${LogicalId}``, and the ``Text`` it is part of remembers the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecslint.model.values import Unknown

if TYPE_CHECKING:
    from ecslint.loaders.cloudformation.intrinsics import Resolver


@dataclass(frozen=True, eq=False)
class ResourceRef:
    """A ``Ref`` (``attribute`` None) or ``Fn::GetAtt`` to a resource of ``resolver``'s stack."""

    resolver: Resolver
    logical_id: str
    attribute: str | None = None

    def resource_type(self) -> str | None:
        return self.resolver.resource_type(self.logical_id)


@dataclass(frozen=True, eq=False)
class ExternalResource(Unknown):
    """The value of a subnet or security-group parameter without a default or a passed value.

    The id is unknown, but the resolver gives every ``Ref`` to the parameter this one object,
    so ``Stack.lookup`` turns them all into one stub and an association with it links.
    ``kind`` is "subnet" or "security-group"; ``parameter`` is the parameter's name.
    """

    kind: str = ""
    parameter: str = ""

    # Two parameters without values may name different resources, so only identity is equal.
    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


class Text(str):
    """A string built by ``Fn::Sub`` or ``Fn::Join`` that records the resources it names.

    ``refs`` maps the text put in for each resource (such as ``${PrivateSubnetA}``) to its
    reference, so that splitting the string (``Fn::Split``, a ``List<…>`` parameter) can turn
    the pieces back into references.
    """

    refs: dict[str, ResourceRef]

    def __new__(cls, value: str, refs: dict[str, ResourceRef] | None = None) -> Text:
        instance = super().__new__(cls, value)
        instance.refs = dict(refs or {})
        return instance


def refs_in(value: Any) -> list[ResourceRef]:
    """Return the resource references in a resolved value, however deeply nested."""
    if isinstance(value, ResourceRef):
        return [value]
    if isinstance(value, Text):
        return list(value.refs.values())
    if isinstance(value, list):
        return [ref for item in value for ref in refs_in(item)]
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in refs_in(item)]
    return []


# The property that names a resource, for types whose Ref returns that name.
NAME_PROPERTIES = {
    "AWS::ECR::Repository": "RepositoryName",
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::ECS::Cluster": "ClusterName",
    "AWS::SSM::Parameter": "Name",
    "AWS::ECS::CapacityProvider": "Name",
}


def resource_name(ref: ResourceRef) -> str:
    """Return the resource's name from its properties, or the placeholder ``${LogicalId}``.

    A name that refers back to its own resource (which CloudFormation rejects as a circular
    dependency) gives the placeholder instead of recursing forever.
    """
    placeholder = "${" + ref.logical_id + "}"
    prop = NAME_PROPERTIES.get(ref.resource_type() or "")
    naming = ref.resolver.naming
    if prop is None or ref.logical_id in naming:
        return placeholder
    body = ref.resolver.resources.get(ref.logical_id)
    properties = body.get("Properties") if isinstance(body, dict) else None
    raw = properties.get(prop) if isinstance(properties, dict) else None
    naming.add(ref.logical_id)
    try:
        name = ref.resolver.resolve(raw)
    finally:
        naming.discard(ref.logical_id)
    return str(name) if isinstance(name, str) and name else placeholder


def physical_text(ref: ResourceRef) -> str:
    """Return the text a ``Ref`` or ``Fn::GetAtt`` puts into a string at deploy time."""
    kind, attribute = ref.resource_type(), ref.attribute
    if attribute is None and kind in NAME_PROPERTIES:
        return resource_name(ref)
    if kind == "AWS::ECR::Repository" and attribute == "RepositoryUri":
        host = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"
        return f"{host}/{resource_name(ref)}"
    if kind == "AWS::IAM::Role" and attribute == "Arn":
        return "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + resource_name(ref)
    if kind == "AWS::ECR::Repository" and attribute == "Arn":
        prefix = "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/"
        return prefix + resource_name(ref)
    suffix = f".{attribute}" if attribute else ""
    return "${" + ref.logical_id + suffix + "}"
