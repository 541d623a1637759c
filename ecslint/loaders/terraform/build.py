"""Turn evaluated Terraform resources into one ``Model``.

Each mapping module registers, per resource type, a function that creates the model object
for one resource, and a function that links objects once all exist (a subnet to its route
table, a task definition to its execution role). ``Builder`` keeps the objects by Terraform
address so ``Ref`` values can be followed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ecslint.loaders.terraform.resources import Ref, Resource
from ecslint.model import Model
from ecslint.model.values import Location, Unknown, is_unknown

Creator = Callable[["Builder", Resource], None]
Linker = Callable[["Builder"], None]


class Builder:
    """The model under construction, its objects by address, and the source text for lines."""

    def __init__(self, model: Model, resources: list[Resource], texts: dict[str, list[str]]):
        self.model = model
        self.resources = resources
        self.texts = texts
        self.objects: dict[str, Any] = {}
        self.by_name: dict[tuple[str, str], Any] = {}
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        # Returns the expression scope of a resource's module; None when only values are known.
        self.scope_for: Callable[[Resource], Any] | None = None
        # The module blocks by module name: (file, first line, last line).
        self.module_calls: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for resource in resources:
            self.by_type[resource.type].append(resource)

    def of_type(self, *types: str, mode: str = "managed") -> list[Resource]:
        """Return the resources (or, with ``mode="data"``, data sources) of ``types``."""
        return [r for name in types for r in self.by_type.get(name, []) if r.mode == mode]

    def register(self, resource: Resource, obj: Any) -> Any:
        """Keep ``obj`` by address, and by type and ``name`` for references by name."""
        self.objects[resource.address] = obj
        name = resource.get("name")
        if isinstance(name, str):
            self.by_name[(resource.type, name)] = obj
        return obj

    def lookup_named(self, value: Any, type_name: str, kind: type) -> Any:
        """Follow a reference, or find the object of ``type_name`` that a name names.

        tfparse resolves a reference to a known attribute (``aws_iam_role.x.name``) to its
        value, so a name written in the configuration is matched against the names defined.
        """
        if isinstance(value, str):
            found = self.by_name.get((type_name, value))
            return found if found is not None else Unknown(f"{value!r} is not defined here")
        return self.lookup(value, kind)

    def lookup(self, value: Any, kind: type | tuple[type, ...] | None = None) -> Any:
        """Follow a ``Ref`` to its model object.

        Returns the object, ``Unknown`` when the reference or value cannot be followed (a
        literal id of something outside the configuration included), or None for no value.
        """
        if value is None or is_unknown(value):
            return value
        if not isinstance(value, Ref):
            return Unknown(f"{value!r} is not defined in the scanned configuration")
        found = self.objects.get(value.address)
        if found is None:
            found = self._single_instance(value.address)
        if found is None or (kind is not None and not isinstance(found, kind)):
            return Unknown(f"{value.address} is not a resource ecslint can follow")
        return found

    def _single_instance(self, address: str) -> Any:
        """Return the only instance of a ``count``/``for_each`` resource named without index."""
        matches = [obj for key, obj in self.objects.items() if key.startswith(address + "[")]
        return matches[0] if len(matches) == 1 else None

    def lookup_list(self, values: Any, kind: type | tuple[type, ...] | None = None) -> Any:
        """Follow each reference of a list; an unknown list stays unknown."""
        if is_unknown(values):
            return values
        if values is None:
            return []
        if not isinstance(values, list):
            values = [values]
        return [self.lookup(value, kind) for value in values]

    def line_of_text(
        self, resource: Resource, needle: str | re.Pattern, after: int | None = None
    ) -> Location | None:
        """Return the first line inside ``resource``'s block that contains ``needle``.

        ``needle`` is a text or a regular expression. With ``after``, the search starts at
        that line.
        """
        lines = self.texts.get(resource.location.path)
        if not lines or not resource.lines or not needle:
            return None
        start, end = resource.lines
        start = max(start, after or start)
        for number in range(start, min(end, len(lines)) + 1):
            line = lines[number - 1]
            index = _find(needle, line)
            if index is not None:
                return Location(resource.location.path, number, index + 1)
        return None


def line_in_module_calls(builder: Builder, resource: Resource, needle: str) -> Location | None:
    """Return the line with ``needle`` in a module call that leads to ``resource``.

    A value written by a module's caller is found in the call, which is where the user can
    change it. The nearest call comes first; a call inside ``.terraform`` (an installed module)
    only when no other has the value.
    """
    names = _MODULE_NAME.findall(resource.address)
    found = [
        location
        for name in reversed(names)
        for path, start, end in builder.module_calls.get(name, [])
        if (location := _search(path, builder.texts.get(path), start, end, needle)) is not None
    ]
    mine = [location for location in found if ".terraform" not in location.path.split("/")]
    return (mine or found or [None])[0]


_MODULE_NAME = re.compile(r"module\.([\w-]+)")


def _search(path: str, lines: list[str] | None, start: int, end: int, needle) -> Location | None:
    for number in range(start, min(end, len(lines or [])) + 1):
        index = _find(needle, lines[number - 1])
        if index is not None:
            return Location(path, number, index + 1)
    return None


def _find(needle: str | re.Pattern, line: str) -> int | None:
    """Return where ``needle`` starts in ``line`` (0-based), or None."""
    if isinstance(needle, re.Pattern):
        match = needle.search(line)
        return match.start() if match else None
    index = line.find(needle)
    return index if index >= 0 else None


def node_positions(resource: Resource, names: dict[str, str]) -> dict[str, Location]:
    """Map model attribute names to where the Terraform attributes ``names`` maps them to."""
    return {
        model_name: resource.positions[tf_name]
        for model_name, tf_name in names.items()
        if tf_name in resource.positions
    }


def base_node(resource: Resource) -> dict[str, Any]:
    """Return the ``Node`` fields every model object of ``resource`` starts with."""
    return {"name": resource.address, "location": resource.location}
