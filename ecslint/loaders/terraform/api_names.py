"""Give container-definition keys the ECS API's spelling, as the AWS provider reads them.

The AWS provider decodes ``container_definitions`` with Go's ``encoding/json`` into the SDK's
``ContainerDefinition`` type (``expandContainerDefinitions`` in the provider's
``internal/service/ecs/container_definitions.go``). ``encoding/json`` matches a JSON key to a
field name without regard to case, so ``"entrypoint"`` sets ``entryPoint``. The API's names
come from the bundled task-definition schema. Keys of free-form maps (``dockerLabels``, log
``options``) are left as written.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ecslint.rules.validity import schema_path


@functools.cache
def _definitions() -> dict[str, Any]:
    schema = json.loads(schema_path("taskdef.schema.json").read_text(encoding="utf-8"))
    return schema["$defs"]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _definitions()[node["$ref"].rsplit("/", 1)[-1]]
    return node


def canonical_containers(value: Any) -> Any:
    """Return the decoded container definitions with keys spelled as the API spells them."""
    return _canonical(value, {"$ref": "#/$defs/ContainerDefinitions"})


def _canonical(value: Any, node: dict[str, Any]) -> Any:
    node = _resolve(node)
    if isinstance(value, list) and "items" in node:
        return [_canonical(item, node["items"]) for item in value]
    properties = node.get("properties")
    if not isinstance(value, dict) or not properties:
        return value
    names = {name.lower(): name for name in properties}
    result = {}
    for key, item in value.items():
        # NOTE: two keys that differ only in case both set one field, and encoding/json keeps
        # the later one in the JSON text. Here the later one in the decoded object wins, which
        # is the same order for a JSON string but may not be for jsonencode(), which sorts keys.
        name = names.get(key.lower(), key) if isinstance(key, str) else key
        result[name] = _canonical(item, properties[name]) if name in properties else item
    return result
