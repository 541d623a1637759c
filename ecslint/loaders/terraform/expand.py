"""Expand a resource's ``for_each`` where tfparse returned the block once, without instances.

tfparse leaves ``for_each = local.endpoints`` unexpanded when the local is itself a filtered
``for`` expression (checked with tfparse 0.6.22). When ecslint's evaluator computes the
``for_each`` value to a known map or set, each instance is evaluated from the block's
python-hcl2 tree with ``each.key`` and ``each.value`` bound, and becomes one ``Resource`` with
the address ``aws_vpc_endpoint.this["ecr_api"]``. Arguments stay ``Unknown`` where the
evaluator cannot compute them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ecslint.loaders.terraform.expressions import Scope, evaluate
from ecslint.loaders.terraform.functions import is_known
from ecslint.loaders.terraform.resources import Ref, Resource
from ecslint.model.values import is_unknown

META_ARGUMENTS = frozenset({"for_each", "count", "depends_on", "provider", "lifecycle"})
WHOLE_PLACEHOLDER = re.compile(r"^\$\{([^{}]+)\}$")


def for_each_instances(body: Any, scope: Scope) -> dict[str, Any] | None:
    """Return ``{each.key: each.value}`` of a block's ``for_each``, or None when not known."""
    tree = _attributes(body).get("for_each")
    value = evaluate(tree, scope) if tree is not None else None
    if isinstance(value, Mapping):
        # An Unknown element (such as one whose ``if`` filter is unknown) may not exist.
        return None if any(is_unknown(item) for item in value.values()) else dict(value)
    if isinstance(value, list) and is_known(value) and all(isinstance(v, str) for v in value):
        return {item: item for item in value}
    return None


def expand(
    resource: Resource, body: Any, scope: Scope, addresses: set[str]
) -> list[Resource] | None:
    """Return one resource per ``for_each`` instance, or None when ``for_each`` is not known."""
    instances = for_each_instances(body, scope)
    if instances is None:
        return None
    found = []
    for key, value in sorted(instances.items()):
        inner = replace(
            scope, template_vars={**scope.template_vars, "each": {"key": key, "value": value}}
        )
        values = to_references(_evaluate_body(body, inner), scope.module, addresses)
        found.append(
            Resource(
                address=f'{resource.address}["{key}"]',
                type=resource.type,
                mode=resource.mode,
                values=values,
                location=resource.location,
                lines=resource.lines,
            )
        )
    return found


def _attributes(body: Any) -> dict[str, Any]:
    found = {}
    for child in getattr(body, "children", []):
        if getattr(child, "data", None) == "attribute":
            found[str(child.children[0].children[0])] = child.children[-1]
    return found


def _blocks(body: Any) -> list[Any]:
    return [c for c in getattr(body, "children", []) if getattr(c, "data", None) == "block"]


def _evaluate_body(body: Any, scope: Scope) -> dict[str, Any]:
    """Evaluate the arguments and nested blocks of a block body; nulls are left out."""
    values: dict[str, Any] = {}
    for name, tree in _attributes(body).items():
        if name not in META_ARGUMENTS:
            value = evaluate(tree, scope)
            if value is not None:
                values[name] = value
    for block in _blocks(body):
        name = _label(block.children[0])
        if name in META_ARGUMENTS:
            continue
        if name == "dynamic":
            name, contents = _label(block.children[1]), _dynamic_contents(block, scope)
        else:
            contents = [_evaluate_body(_body(block), scope)]
        if contents:
            values.setdefault(name, []).extend(contents)
    return values


def _dynamic_contents(block: Any, scope: Scope) -> list[dict[str, Any]]:
    """Evaluate a ``dynamic`` block: one ``content`` per element of its ``for_each``.

    NOTE: a ``dynamic`` block whose ``for_each`` is not known adds no block. The resource's
    ``dynamic_blocks`` keeps its name, so mappings do not read the absence as known.
    """
    iterator = _label(block.children[1])
    body = _body(block)
    instances = _dynamic_instances(body, scope)
    content = next((_body(b) for b in _blocks(body) if _label(b.children[0]) == "content"), None)
    if instances is None or content is None:
        return []
    found = []
    for key, value in instances.items():
        bound = {**scope.template_vars, iterator: {"key": key, "value": value}}
        found.append(_evaluate_body(content, replace(scope, template_vars=bound)))
    return found


def dynamic_count(body: Any, name: str, scope: Scope) -> int | None:
    """Return how many blocks the top-level ``dynamic "name"`` block makes, None if unknown."""
    for block in _blocks(body):
        if _label(block.children[0]) == "dynamic" and len(block.children) > 1:
            if getattr(block.children[1], "data", None) in ("string", "identifier"):
                if _label(block.children[1]) == name:
                    instances = _dynamic_instances(_body(block), scope)
                    return None if instances is None else len(instances)
    return None


def _dynamic_instances(body: Any, scope: Scope) -> dict[Any, Any] | None:
    """Return the elements of a ``dynamic`` block's ``for_each``: a map, or a list by index."""
    tree = _attributes(body).get("for_each")
    value = evaluate(tree, scope) if tree is not None else None
    if isinstance(value, list) and not any(is_unknown(item) for item in value):
        return dict(enumerate(value))
    return for_each_instances(body, scope)


def _body(block: Any) -> Any:
    return next((c for c in block.children if getattr(c, "data", None) == "body"), None)


def _label(tree: Any) -> str:
    return "".join(str(token) for token in tree.scan_values(lambda _: True)).strip().strip('"')


def to_references(value: Any, module: str, addresses: set[str]) -> Any:
    """Turn a ``${address}`` or ``${address.attribute}`` text of a known block into a ``Ref``."""
    if isinstance(value, dict):
        return {key: to_references(item, module, addresses) for key, item in value.items()}
    if isinstance(value, list):
        return [to_references(item, module, addresses) for item in value]
    match = WHOLE_PLACEHOLDER.match(value) if isinstance(value, str) else None
    if match is None or is_unknown(value):
        return value
    inner = match.group(1)
    for text in (inner, f"{module}.{inner}" if module else inner):
        parts = text.split(".")
        for cut in range(len(parts), 0, -1):
            address = ".".join(parts[:cut])
            if address in addresses:
                return Ref(address, ".".join(parts[cut:]) or None)
    return value
