"""One template being read: its resolver, its source positions and the objects built so far."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ecslint.loaders.cloudformation.decode import column_of, key_node, line_of
from ecslint.loaders.cloudformation.intrinsics import Resolver
from ecslint.loaders.cloudformation.references import ResourceRef, Text, refs_in
from ecslint.model import Model
from ecslint.model.values import Location, Unknown, is_unknown

# Attributes of Fn::GetAtt that name another object than the resource itself.
_OTHER_OBJECT_ATTRIBUTES = {"DefaultSecurityGroup": "default_security_group"}


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


@dataclass(eq=False)
class Stack:
    """A template read into ``model``.

    ``path`` is the template's path as the user gave it (or as reached from a parent stack),
    used in every ``Location``. ``objects`` maps a logical id to the model object built for
    it; ``active`` lists the resources whose ``Condition`` is not known to be false.
    """

    path: str
    template: dict
    resolver: Resolver
    model: Model
    objects: dict[str, Any] = field(default_factory=dict)
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

        A reference to a resource of this or a nested stack gives its object. A reference to a
        resource without a model object, or any other value, gives ``Unknown``. None stays None.
        """
        if value is None:
            return None
        if isinstance(value, Text) and len(value.refs) == 1 and str(value) in value.refs:
            value = value.refs[str(value)]
        if isinstance(value, ResourceRef):
            return _object_of(value)
        if is_unknown(value):
            return value
        return Unknown(f"{value} is a resource outside the template")

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
