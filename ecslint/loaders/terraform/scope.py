"""Build the ``Scope`` of each module from tfparse's output, for ``expressions.evaluate``.

tfparse reports variables (with their defaults), locals, module calls (with their evaluated
arguments) and module outputs as blocks of its own output. A root variable takes its value from
the variable files, the last file winning, else from its default. A module's variable takes the
argument of the module call, else its default. Values tfparse left unresolved are ``Unknown``,
and references to resources become ``${address}`` placeholders.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from ecslint.loaders.terraform.evaluate import replace_ids
from ecslint.loaders.terraform.expressions import Scope
from ecslint.loaders.terraform.resources import Resource, module_of
from ecslint.model.values import Unknown, is_unknown

URL_PLACEHOLDER = re.compile(
    r"\$\{((?:module\.[\w-]+\.)*aws_ecr_repository\.[\w-]+)\.repository_url\}"
)


def expand_repository_urls(text: str, module: str, attribute_text: Callable) -> str:
    """Replace ``${aws_ecr_repository.x.repository_url}`` left in text by its known shape."""

    def expand(match: re.Match) -> str:
        address = f"{module}.{match.group(1)}" if module else match.group(1)
        return attribute_text(address, "repository_url") or match.group(0)

    return URL_PLACEHOLDER.sub(expand, text)


class ScopeFactory:
    """Return the scope of the module a resource belongs to."""

    def __init__(self, raw: dict[str, Any], directory: str, root: str, var_values: dict):
        self.directory = os.path.abspath(directory)
        self.root = root
        self.addresses = {
            item["id"]: item.get("__tfmeta", {}).get("path", "")
            for items in raw.values()
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        self.raw = raw
        self.var_values = var_values
        self._cache: dict[str, Scope] = {}

    def __call__(self, resource: Resource) -> Scope:
        module = module_of(resource.address)
        if module not in self._cache:
            module_dir = os.path.dirname(os.path.abspath(resource.location.path))
            self._cache[module] = Scope(
                variables=self._variables(module),
                locals=self._locals(module),
                module_outputs=self._outputs(module),
                module_dir=module_dir,
                root_dir=self.directory,
                confine_root=self.root,
                module=module,
                attribute_text=self.attribute_text,
            )
        return self._cache[module]

    def _items(self, kind: str) -> list[tuple[str, dict]]:
        return [(i.get("__tfmeta", {}).get("path", ""), i) for i in self.raw.get(kind, [])]

    def _variables(self, module: str) -> dict[str, Any]:
        prefix = f"{module}.variable." if module else "variable."
        values = {
            path[len(prefix) :]: self.convert(item["default"])
            for path, item in self._items("variable")
            if path.startswith(prefix) and "default" in item
        }
        if not module:
            values.update(self.var_values)
            return values
        call = next((item for path, item in self._items("module") if path == module), {})
        parent = module.rsplit(".module.", 1)[0] if ".module." in module else ""
        for name, value in call.items():
            if name not in ("__tfmeta", "id", "source", "version", "count", "for_each"):
                values[name] = self.convert(value, parent)
        return values

    def _locals(self, module: str) -> dict[str, Any]:
        wanted = f"{module}.locals" if module else "locals"
        values: dict[str, Any] = {}
        for path, item in self._items("locals"):
            if path == wanted:
                values.update(
                    {k: self.convert(v) for k, v in item.items() if k not in ("__tfmeta", "id")}
                )
        return values

    def _outputs(self, module: str) -> dict[str, dict[str, Any]]:
        prefix = f"{module}.module." if module else "module."
        outputs: dict[str, dict[str, Any]] = {}
        for path, item in self._items("output"):
            if not path.startswith(prefix):
                continue
            name, _, rest = path[len(prefix) :].partition(".output.")
            if rest and "." not in name:
                outputs.setdefault(name, {})[rest] = self.convert(item.get("value"))
        return outputs

    def convert(self, value: Any, context: str = "") -> Any:
        """Convert a tfparse value: resource ids to placeholders, nulls to ``Unknown``.

        ``context`` is the module the value is written in, for module outputs it names.
        """
        if value is None:
            return Unknown("not resolved by tfparse")
        if isinstance(value, str) and value in self.addresses:
            address = self.addresses[value]
            if ".variable." in f".{address}" or ".output." in address or address == "locals":
                return Unknown(f"{address} is not resolved")
            return "${" + address + "}"
        if isinstance(value, str):
            value = replace_ids(value, self.addresses)
            return expand_repository_urls(value, context, self.attribute_text)
        if isinstance(value, list):
            return [self.convert(item, context) for item in value]
        if isinstance(value, dict):
            if "__attribute__" in value:
                return self._attribute(str(value["__attribute__"]), context)
            return {
                k: self.convert(v, context) for k, v in value.items() if k not in ("__tfmeta", "id")
            }
        return value

    def _attribute(self, attribute: str, context: str) -> Any:
        """Follow ``module.x.output_name`` to the output's value, else return a placeholder."""
        parts = attribute.split(".")
        if len(parts) == 3 and parts[0] == "module":
            prefix = f"{context}.module.{parts[1]}" if context else f"module.{parts[1]}"
            wanted = f"{prefix}.output.{parts[2]}"
            for path, item in self._items("output"):
                if path == wanted and "value" in item:
                    resolved = self.convert(item["value"], prefix)
                    if not is_unknown(resolved):
                        return resolved
        if parts[0] == "data" or parts[0].startswith("aws_"):
            address = ".".join([context, *parts[:2]] if context else parts[:2])
            known = self.attribute_text(address, ".".join(parts[2:]))
            if known is not None:
                return known
            attribute = f"{context}.{attribute}" if context else attribute
        return "${" + attribute + "}"

    def attribute_text(self, address: str, attribute: str) -> str | None:
        """Return the text an attribute will have, with placeholders for what apply decides.

        An ECR repository's ``repository_url`` is ``<registry id>.dkr.ecr.<region>.
        amazonaws.com/<name>``, so with a known name only the account and region are unknown
        and an image built from it still shows whether it has a tag.
        """
        if attribute != "repository_url" or ".aws_ecr_repository." not in f".{address}":
            return None
        for path, item in self._items("aws_ecr_repository"):
            if path == address and isinstance(item.get("name"), str):
                host = "${" + address + ".registry_id}.dkr.ecr.${" + address + ".region}"
                return f"{host}.amazonaws.com/{item['name']}"
        return None


def read_var_files(paths: list[str]) -> dict[str, Any]:
    """Return the literal values the variable files set, the last file winning.

    NOTE: values written as expressions in a ``.tfvars`` file (rare) are kept as text.
    """
    import hcl2

    options = hcl2.SerializationOptions(strip_string_quotes=True, explicit_blocks=False)
    values: dict[str, Any] = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                document = hcl2.loads(handle.read(), serialization_options=options)
        except Exception:  # noqa: BLE001 - tfparse reports unreadable variable files
            continue
        values.update({k: v for k, v in document.items() if not k.startswith("__")})
    return values
