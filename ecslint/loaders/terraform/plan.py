"""Load ``terraform show -json`` output: the planned values of every resource instance.

``planned_values`` contains each instance's values. The values not known until apply are
listed in the matching ``resource_changes[].change.after_unknown`` and become ``Unknown``.
Before apply an id is unknown, so links between resources come from ``configuration``, whose
expressions list the references each attribute makes. A null planned value means the
attribute is unset.
"""

from __future__ import annotations

import re
from typing import Any

from ecslint.errors import INVALID_STRUCTURE, INVALID_SYNTAX, InputFailure
from ecslint.loaders import jsonpos
from ecslint.loaders.terraform.build import Builder
from ecslint.loaders.terraform.mapping import build
from ecslint.loaders.terraform.resources import Ref, Resource
from ecslint.model import Model
from ecslint.model.values import Location, Unknown

KIND = "plan"
AWS_ID = re.compile(r"^(?:[a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17}|arn:aws[\w-]*:.+)$")
INDEX = re.compile(r"\[[^\]]*\]")
RESOURCE_ADDRESS = re.compile(
    r"^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(?:data\.)?[a-z0-9_]+\.[\w-]+(?:\[[^\]]*\])?)"
)


def load_plan(path: str, text: str) -> list[Model]:
    """Return the model of one plan file."""
    try:
        document, index = jsonpos.loads(text)
    except jsonpos.JsonSyntaxError as error:
        where = f" at column {error.column}" if error.column else ""
        message = f"invalid JSON: {error.message}{where}"
        raise InputFailure(INVALID_SYNTAX, message, line=error.line) from None
    positions = jsonpos.PositionMap(path, document, index)
    if not isinstance(document, dict) or not isinstance(document.get("planned_values"), dict):
        raise InputFailure(INVALID_STRUCTURE, "plan JSON without planned_values")
    unknown = _after_unknown(document)
    expressions = _configuration_expressions(document.get("configuration", {}))
    resources = []
    for module in _modules(document["planned_values"].get("root_module", {})):
        for item in module.get("resources", []):
            if isinstance(item, dict) and item.get("address"):
                resources.append(_resource(positions, item, unknown, expressions))
    model = Model(path=path, kind=KIND)
    build(Builder(model, resources, {}))
    return [model]


def _modules(module: dict) -> list[dict]:
    found = [module]
    for child in module.get("child_modules", []) or []:
        found.extend(_modules(child))
    return found


def _after_unknown(document: dict) -> dict[str, Any]:
    return {
        change["address"]: change.get("change", {}).get("after_unknown", {})
        for change in document.get("resource_changes", []) or []
        if isinstance(change, dict) and change.get("address")
    }


def _configuration_expressions(configuration: dict) -> dict[str, dict]:
    """Return each configured resource's expressions, by address without instance keys."""
    found: dict[str, dict] = {}

    def visit(module: dict, prefix: str) -> None:
        for item in module.get("resources", []) or []:
            found[prefix + item.get("address", "")] = item.get("expressions", {})
        for name, call in (module.get("module_calls") or {}).items():
            visit(call.get("module", {}), f"{prefix}module.{name}.")

    visit(configuration.get("root_module", {}), "")
    return found


def _resource(
    positions: jsonpos.PositionMap, item: dict, unknown: dict, expressions: dict
) -> Resource:
    address = item["address"]
    config = expressions.get(INDEX.sub("", address), {})
    module = address.rsplit(f"{item.get('type')}.", 1)[0] if item.get("mode") != "data" else ""
    values = _merge(item.get("values") or {}, unknown.get(address, {}), config, module)
    resource = Resource(
        address=address,
        type=item.get("type", ""),
        mode="data" if item.get("mode") == "data" else "managed",
        values=values,
        location=positions.locate(item, ["address"]),
    )
    resource.positions = _value_positions(positions, item.get("values"), "")
    return resource


def _value_positions(positions: jsonpos.PositionMap, values: Any, prefix: str) -> dict:
    """Return the location of each planned value, named like Terraform attributes.

    A plan writes a nested block as a list of objects. Its members take the names
    ``block.member`` from its first object, as in ``.tf`` files.
    """
    found: dict[str, Location] = {}
    if not isinstance(values, dict):
        return found
    for key, value in values.items():
        found[prefix + key] = positions.locate(values, [key])
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0]
        if isinstance(value, dict):
            for name, location in _value_positions(positions, value, f"{prefix}{key}.").items():
                found.setdefault(name, location)
    return found


def _merge(values: Any, unknown: Any, config: Any, module: str) -> Any:
    """Combine planned values, unknown markers and configured references into one value."""
    if unknown is True:
        return _references(config, module) or Unknown("known only after apply")
    if isinstance(values, dict):
        return _merge_mapping(values, unknown, config, module)
    if isinstance(values, str) and AWS_ID.match(values):
        # A known id or ARN (in a plan made after an earlier apply) cannot be linked, but the
        # configuration's reference names the resource it belongs to.
        return _references(config, module) or values
    if isinstance(values, list):
        markers = unknown if isinstance(unknown, list) else []
        expression = config if isinstance(config, list) else _per_item(config, len(values))
        return [
            _merge(
                value,
                markers[i] if i < len(markers) else False,
                expression[i] if i < len(expression) else None,
                module,
            )
            for i, value in enumerate(values)
        ]
    return values


def _merge_mapping(values: dict, unknown: Any, config: Any, module: str) -> dict:
    """Merge an object: null members are unset, and unknown ones are added even if absent."""
    markers = unknown if isinstance(unknown, dict) else {}
    expressions = config if isinstance(config, dict) else {}
    merged = {}
    for key, value in values.items():
        marker = markers.get(key, False)
        expression = expressions.get(key)
        if isinstance(value, dict):
            expression = _block(expression)
        if value is not None or marker is True:
            merged[key] = _merge(value, marker, expression, module)
    for key, marker in markers.items():
        if marker is True and key not in merged:
            merged[key] = _merge(None, True, expressions.get(key), module)
    return merged


def _per_item(config: Any, count: int) -> list[Any]:
    """Split a list attribute's references over its items when there is one per item."""
    refs = _references(config, "")
    if isinstance(refs, list) and len(refs) == count:
        return [{"references": [ref.address]} for ref in refs]
    return [None] * count


def _block(expression: Any) -> Any:
    """Return a nested block's expressions (a list of one dict) as that dict, else unchanged."""
    if isinstance(expression, list) and len(expression) == 1 and isinstance(expression[0], dict):
        return expression[0]
    return expression


def _references(config: Any, module: str) -> Ref | list[Ref] | None:
    """Return the resources an expression refers to: one ``Ref`` or a list of them."""
    if not isinstance(config, dict) or not config.get("references"):
        return None
    addresses = []
    for reference in config["references"]:
        match = RESOURCE_ADDRESS.match(str(reference))
        if match and not reference.startswith(("var.", "local.", "module.", "each.", "count.")):
            address = module + match.group(1)
            if address not in addresses:
                addresses.append(address)
    # Terraform lists ``aws_subnet.sn[1].id``, ``aws_subnet.sn[1]`` and ``aws_subnet.sn``; the
    # instance is the one meant.
    addresses = [a for a in addresses if not any(b.startswith(a + "[") for b in addresses)]
    refs = [Ref(address) for address in addresses]
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else refs
