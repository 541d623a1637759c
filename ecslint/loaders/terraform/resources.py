"""The evaluated Terraform resources that the mapping modules read, whatever produced them.

tfparse, the python-hcl2 fallback and the plan loader all turn their output into ``Resource``
objects: one per resource instance, with its address, its values, and references to other
resources as ``Ref`` values. The mapping modules never see where the values came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ecslint.model import NETWORK_KINDS
from ecslint.model.values import Location, Unknown, is_unknown

# Resource-type prefixes of each network kind of ``Model.incomplete``; the longest match wins.
_NETWORK_PREFIXES = {
    "aws_vpc_endpoint": "vpc-endpoint",
    "aws_vpc_security_group_": "security-group-rule",
    "aws_security_group_rule": "security-group-rule",
    "aws_security_group": "security-group",
    "aws_default_security_group": "security-group",
    "aws_vpc": "vpc",
    "aws_default_vpc": "vpc",
    "aws_subnet": "subnet",
    "aws_default_subnet": "subnet",
    "aws_route": "route",
    "aws_main_route_table_association": "route",
    "aws_default_route_table": "route",
    "aws_internet_gateway": "internet-gateway",
    "aws_egress_only_internet_gateway": "internet-gateway",
    "aws_nat_gateway": "nat-gateway",
    "aws_network_acl": "network-acl",
    "aws_default_network_acl": "network-acl",
}


def network_kind(resource_type: str) -> str | None:
    """Return the ``Model.incomplete`` kind of a Terraform resource type, or None."""
    matches = [prefix for prefix in _NETWORK_PREFIXES if resource_type.startswith(prefix)]
    if not matches:
        return None
    return _NETWORK_PREFIXES[max(matches, key=len)]


def all_network_kinds() -> set[str]:
    """Return every network kind, for a loader that may have left out any resource."""
    return set(NETWORK_KINDS)


@dataclass(frozen=True)
class Ref:
    """A reference to another resource, such as ``aws_vpc.main`` in ``aws_vpc.main.id``.

    ``attribute`` is the attribute named when the source kept it (plans and the hcl2
    fallback do, tfparse does not).
    """

    address: str
    attribute: str | None = None


@dataclass(eq=False)
class Resource:
    """One resource or data-source instance of a configuration or plan.

    ``address`` is the Terraform address (``module.app.aws_ecs_service.api``, with ``[0]`` or
    ``["key"]`` for ``count`` and ``for_each`` instances). ``positions`` maps attribute names,
    dotted for nested blocks, to where each is written. ``dynamic_blocks`` names the blocks
    written as ``dynamic``, whose absence from ``values`` may only mean they were not expanded.
    ``expressions`` keeps the parse trees of a few attributes, for ``expressions.evaluate``.
    """

    address: str
    type: str
    mode: str
    values: dict[str, Any]
    location: Location
    positions: dict[str, Location] = field(default_factory=dict)
    dynamic_blocks: frozenset[str] = frozenset()
    lines: tuple[int, int] | None = None
    expressions: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def where(self, attribute: str) -> Location:
        return self.positions.get(attribute, self.location)


def module_of(address: str) -> str:
    """Return the module part of an address (``module.a.module.b``), or an empty string."""
    parts = address.split(".")
    prefix: list[str] = []
    while len(parts) > 2 and parts[0] == "module":
        prefix += parts[:2]
        parts = parts[2:]
    return ".".join(prefix)


def blocks(values: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Return the nested blocks ``name`` of ``values`` as a list of dicts.

    tfparse gives a single block as a dict and repeated blocks as a list.
    """
    value = values.get(name)
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def first_block(values: dict[str, Any], name: str) -> dict[str, Any]:
    found = blocks(values, name)
    return found[0] if found else {}


def as_list(value: Any) -> list[Any] | Unknown:
    """Return ``value`` as a list; a single value becomes a one-item list, None an empty one."""
    if is_unknown(value):
        return value
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_text(value: Any) -> str | Unknown | None:
    if isinstance(value, str) or is_unknown(value) or value is None:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Ref):
        return Unknown(f"{value.address} is not known before apply")
    return Unknown("value is not text")


def text_or(value: Any, default: str) -> str | Unknown:
    """Return ``value`` as text, or ``default`` when the attribute is unset."""
    text = as_text(value)
    return default if text is None else text


def as_bool(value: Any, default: bool) -> bool | Unknown:
    """Return a Terraform boolean (``true`` or the strings "true"/"false") or ``default``."""
    if value is None:
        return default
    if isinstance(value, bool) or is_unknown(value):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return Unknown("boolean is not known before apply")


def as_int(value: Any) -> int | Unknown | None:
    if value is None or is_unknown(value):
        return value
    if isinstance(value, bool):
        return Unknown("expected a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return Unknown("number is not known before apply")


def as_json(value: Any) -> Any:
    """Decode a JSON string attribute (policies, ``container_definitions``); else Unknown."""
    if is_unknown(value):
        return value
    if isinstance(value, dict | list):
        return value
    if not isinstance(value, str):
        return Unknown("JSON document is not known before apply")
    try:
        return json.loads(value)
    except ValueError:
        return Unknown("value is not valid JSON (it may hold unresolved expressions)")
