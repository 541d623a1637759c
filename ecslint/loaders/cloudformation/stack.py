"""One template being read: its resolver, its source positions and the objects built so far."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ecslint.loaders.cloudformation.decode import column_of, key_node, line_of
from ecslint.loaders.cloudformation.intrinsics import Resolver
from ecslint.loaders.cloudformation.references import ExternalResource, ResourceRef, Text, refs_in
from ecslint.model import Model
from ecslint.model.network import SecurityGroup, Subnet
from ecslint.model.values import Location, Unknown, is_unknown

# Attributes of Fn::GetAtt that name another object than the resource itself.
_OTHER_OBJECT_ATTRIBUTES = {"DefaultSecurityGroup": "default_security_group"}
# Literal ids of subnets and security groups, which name the same resource wherever written.
_EXTERNAL_ID = re.compile(r"(subnet|sg)-[0-9a-f]+")
_ID_KINDS = {"subnet": "subnet", "sg": "security-group"}


def _object_of(ref: ResourceRef) -> Any:
    """Return the model object a reference names (``VPC.DefaultSecurityGroup`` is a group)."""
    found = ref.resolver.stack.objects.get(ref.logical_id)
    if found is None:
        return Unknown(f"{ref.logical_id} is not modelled by ecslint")
    field_name = _OTHER_OBJECT_ATTRIBUTES.get(ref.attribute or "")
    if field_name is not None:
        other = getattr(found, field_name, None)
        return other if other is not None else Unknown(f"{ref.logical_id}.{ref.attribute}")
    if ref.attribute == "DefaultNetworkAcl":
        return Unknown(f"the default network ACL of {ref.logical_id} is not modelled")
    return found


def external_stub(kind: str, name: str, location: Location, reason: str) -> Subnet | SecurityGroup:
    """Return a subnet or security group from outside the input, whose attributes are unknown.

    A network ACL association may still link to a subnet stub, and a rule may name a group stub
    as its peer. Every other attribute is ``Unknown(reason)``, so rules that need one stay silent.
    """
    unknown = Unknown(reason)
    if kind == "subnet":
        return Subnet(
            name=name,
            location=location,
            vpc=unknown,
            cidr_block=unknown,
            map_public_ip_on_launch=unknown,
            route_table=unknown,
            network_acl=unknown,
        )
    return SecurityGroup(
        name=name, location=location, vpc=unknown, ingress=unknown, egress=unknown, external=True
    )


@dataclass(eq=False)
class Stack:
    """A template read into ``model``.

    ``path`` is the template's path as the user gave it (or as reached from a parent stack),
    used in every ``Location``. ``objects`` maps a logical id to the model object built for
    it; ``active`` lists the resources whose ``Condition`` is not known to be false.
    ``external`` maps an ``ExternalResource`` or a literal subnet or group id to its stub; a
    template and its nested stacks share it.
    """

    path: str
    template: dict
    resolver: Resolver
    model: Model
    objects: dict[str, Any] = field(default_factory=dict)
    external: dict[Any, Subnet | SecurityGroup] = field(default_factory=dict)
    _resolved: dict[str, dict] = field(default_factory=dict)

    def resources(self, *types: str) -> Iterator[tuple[str, dict]]:
        """Yield (logical id, resource body) of the resources of ``types`` that may exist."""
        for logical_id, body in self.resolver.resources.items():
            if not isinstance(body, dict) or body.get("Type") not in types:
                continue
            condition = body.get("Condition")
            if condition is not None and self.resolver.condition(condition) is False:
                continue
            yield str(logical_id), body

    def raw_properties(self, logical_id: str) -> dict:
        body = self.resolver.resources.get(logical_id)
        properties = body.get("Properties") if isinstance(body, dict) else None
        return properties if isinstance(properties, dict) else {}

    def properties(self, logical_id: str) -> dict:
        """Return the resource's properties with intrinsic functions resolved (cached)."""
        if logical_id not in self._resolved:
            resolved = self.resolver.resolve(self.raw_properties(logical_id))
            self._resolved[logical_id] = resolved if isinstance(resolved, dict) else {}
        return self._resolved[logical_id]

    def location(self, node: Any) -> Location:
        return Location(self.path, line_of(node), column_of(node))

    def resource_location(self, logical_id: str) -> Location:
        """Return the location of the resource's logical id in ``Resources``."""
        return self.location(key_node(self.resolver.resources, logical_id))

    def positions(self, logical_id: str, names: Iterable[str]) -> dict[str, Location]:
        """Return the locations of the properties ``names`` that the resource writes."""
        raw = self.raw_properties(logical_id)
        found = {}
        for name in names:
            key = key_node(raw, name)
            if key is not None:
                found[name] = self.location(key)
        return found

    def lookup(self, value: Any) -> Any:
        """Return the model object a resolved value refers to.

        A reference to a resource of this or a nested stack gives its object. A subnet or
        security-group parameter without a value, or a literal ``subnet-``/``sg-`` id, gives one
        stub per parameter or id (``external_stub``). A reference to a resource without a model
        object, or any other value, gives ``Unknown``. None stays None.
        """
        if value is None:
            return None
        if isinstance(value, Text) and len(value.refs) == 1 and str(value) in value.refs:
            value = value.refs[str(value)]
        if isinstance(value, ResourceRef):
            return _object_of(value)
        if isinstance(value, ExternalResource):
            return self._stub(value, value.kind, value.parameter, value.reason)
        if is_unknown(value):
            return value
        literal = _EXTERNAL_ID.fullmatch(value) if isinstance(value, str) else None
        reason = f"{value} is a resource outside the template"
        if literal is not None:
            return self._stub(str(value), _ID_KINDS[literal.group(1)], str(value), reason)
        return Unknown(reason)

    def _stub(self, key: Any, kind: str, name: str, reason: str) -> Subnet | SecurityGroup:
        """Return the stub for ``key``, made on first use at the parameter's declaration."""
        if key not in self.external:
            node = key_node(self.resolver.parameters, name)
            location = self.location(node) if node is not None else Location(self.path)
            self.external[key] = external_stub(kind, name, location, reason)
        return self.external[key]

    def lookup_list(self, value: Any) -> list[Any] | Unknown:
        """Return the model objects of a list of references (``Unknown`` for an unknown list)."""
        if is_unknown(value):
            return value
        if not isinstance(value, list):
            value = [value]
        return [self.lookup(item) for item in value]

    def referenced(self, value: Any, kind: type) -> Any:
        """Return the first object of ``kind`` that ``value`` names anywhere, or None."""
        for ref in refs_in(value):
            found = ref.resolver.stack.objects.get(ref.logical_id)
            if isinstance(found, kind):
                return found
        return None

    def note_unknown(self, logical_id: str, attribute: str, value: Any) -> None:
        """Record ``value`` of the resource's ``attribute`` for ``--show-unknown`` if unknown.

        A list is recorded by its first unknown item.
        """
        if isinstance(value, list):
            value = next((item for item in value if is_unknown(item)), None)
        if is_unknown(value):
            location = self.resource_location(logical_id)
            self.model.note_unknown(location, f"{attribute}: {value.reason}")
