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
from ecslint.loaders.terraform.expressions import Scope, source_text
from ecslint.loaders.terraform.functions import OpenObject
from ecslint.loaders.terraform.lazy import LazyValues
from ecslint.loaders.terraform.resources import Resource, module_of
from ecslint.loaders.terraform.sources import SourceFile
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


# An instance address: ``aws_subnet.private["a"]`` or ``module.net.aws_subnet.private[0]``.
_INSTANCE = re.compile(r'^(?P<block>[^\[]+)\[(?:"(?P<string>[^"]*)"|(?P<number>\d+))\]$')


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
        self.module_dirs = self._module_directories(raw)
        # Expression trees of locals and outputs, by module directory and then block kind.
        self.trees: dict[str, dict[str, dict[str, Any]]] = {}
        # Values of data-source instances that ecslint expanded itself, by address.
        self.data_values: dict[str, dict[str, Any]] = {}
        self._cache: dict[str, Scope] = {}
        self._instances: dict[str, list[str | int]] | None = None

    def __call__(self, resource: Resource) -> Scope:
        module_dir = os.path.dirname(os.path.abspath(resource.location.path))
        return self.scope_of(module_of(resource.address), module_dir)

    def scope_of(self, module: str, module_dir: str | None = None) -> Scope:
        """Return the scope of the module at address ``module`` ("" for the root)."""
        if module not in self._cache:
            self._cache[module] = Scope(
                variables=self._variables(module),
                locals=self._locals(module),
                module_outputs=self._outputs(module),
                module_dir=module_dir or self.module_dirs.get(module, self.directory),
                root_dir=self.directory,
                confine_root=self.root,
                module=module,
                attribute_text=self.attribute_text,
                instance_keys=self.instance_keys,
            )
        return self._cache[module]

    def instance_keys(self, address: str) -> list[str | int] | None:
        """Return the keys of the instances tfparse returned for ``address``, or None."""
        if self._instances is None:
            self._instances = {}
            for address_of in self.addresses.values():
                match = _INSTANCE.match(address_of)
                if match:
                    key = match["string"] if match["string"] is not None else int(match["number"])
                    self._instances.setdefault(match["block"], []).append(key)
        return self._instances.get(address)

    def add_sources(self, files: list[SourceFile]) -> None:
        """Keep the expressions of locals, outputs and variable defaults, for unresolved values."""
        for source in files:
            directory = os.path.realpath(os.path.dirname(os.path.abspath(source.path)))
            trees = self.trees.setdefault(directory, {"locals": {}, "output": {}, "variable": {}})
            for block in source.blocks:
                if block.kind == "locals":
                    trees["locals"].update(block.expressions)
                elif block.kind == "variable" and block.labels and "default" in block.expressions:
                    trees["variable"][block.labels[0]] = block.expressions["default"]
                elif block.kind == "output" and block.labels and "value" in block.expressions:
                    trees["output"][block.labels[0]] = block.expressions["value"]

    def _module_directories(self, raw: dict[str, Any]) -> dict[str, str]:
        """Return the directory of each module address, from where tfparse found its blocks."""
        found = {}
        for items in raw.values():
            for item in items if isinstance(items, list) else []:
                meta = item.get("__tfmeta", {}) if isinstance(item, dict) else {}
                if isinstance(meta.get("path"), str) and isinstance(meta.get("filename"), str):
                    module = module_of(meta["path"])
                    folder = os.path.dirname(meta["filename"])
                    found.setdefault(module, os.path.normpath(os.path.join(self.directory, folder)))
        return found

    def _trees(self, module: str, kind: str) -> dict[str, Any]:
        directory = os.path.realpath(self.module_dirs.get(module, self.directory))
        return self.trees.get(directory, {}).get(kind, {})

    def _items(self, kind: str) -> list[tuple[str, dict]]:
        return [(i.get("__tfmeta", {}).get("path", ""), i) for i in self.raw.get(kind, [])]

    def _variables(self, module: str) -> dict[str, Any]:
        prefix = f"{module}.variable." if module else "variable."
        defaults = self._trees(module, "variable")
        values = {
            path[len(prefix) :]: self._default(item["default"], defaults.get(path[len(prefix) :]))
            for path, item in self._items("variable")
            if path.startswith(prefix) and "default" in item
        }
        if not module:
            values.update(self.var_values)
            return self._open_objects(module, values)
        call = next((item for path, item in self._items("module") if path == module), {})
        parent = module.rsplit(".module.", 1)[0] if ".module." in module else ""
        for name, value in call.items():
            if name not in ("__tfmeta", "id", "source", "version", "count", "for_each"):
                values[name] = self.convert(value, parent)
        return self._open_objects(module, values)

    def _default(self, value: Any, tree: Any) -> Any:
        """Convert a variable's default, keeping tfparse's null where the file writes ``null``."""
        if value is None and tree is not None and source_text(tree) == "null":
            return None
        return self.convert(value)

    def _open_objects(self, module: str, values: dict[str, Any]) -> dict[str, Any]:
        """Mark the objects of variables with an object type, which may omit optional keys."""
        prefix = f"{module}.variable." if module else "variable."
        for path, item in self._items("variable"):
            name = path[len(prefix) :]
            if path.startswith(prefix) and name in values and "object" in str(item.get("type")):
                values[name] = _as_open(values[name])
        return values

    def _locals(self, module: str) -> LazyValues:
        wanted = f"{module}.locals" if module else "locals"
        values: dict[str, Any] = {}
        unresolved: set[str] = set()
        for path, item in self._items("locals"):
            if path != wanted:
                continue
            for name, value in item.items():
                if name not in ("__tfmeta", "id"):
                    values[name] = self.convert(value)
                    if _unresolved(value):
                        unresolved.add(name)
        trees = self._trees(module, "locals")
        return LazyValues(values, unresolved, trees, lambda: self.scope_of(module))

    def _outputs(self, module: str) -> dict[str, LazyValues]:
        """Return the outputs of each module ``module`` calls, by instance name (``app[0]``)."""
        prefix = f"{module}.module." if module else "module."
        found: dict[str, tuple[dict[str, Any], set[str]]] = {}
        for path, item in self._items("output"):
            if not path.startswith(prefix):
                continue
            name, _, rest = path[len(prefix) :].partition(".output.")
            if rest and "." not in name:
                values, unresolved = found.setdefault(name, ({}, set()))
                values[rest] = self.convert(item.get("value"))
                if _unresolved(item.get("value")):
                    unresolved.add(rest)
        return {
            name: self._child_outputs(prefix + name, values, unresolved)
            for name, (values, unresolved) in found.items()
        }

    def _child_outputs(self, child: str, values: dict, unresolved: set[str]) -> LazyValues:
        trees = self._trees(child, "output")
        return LazyValues(values, unresolved, trees, lambda: self.scope_of(child))

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
        if attribute == "service_name" and ".aws_vpc_endpoint_service." in f".{address}":
            return self._endpoint_service_name(address)
        if attribute != "repository_url" or ".aws_ecr_repository." not in f".{address}":
            return None
        for path, item in self._items("aws_ecr_repository"):
            if path == address and isinstance(item.get("name"), str):
                host = "${" + address + ".registry_id}.dkr.ecr.${" + address + ".region}"
                return f"{host}.amazonaws.com/{item['name']}"
        return None

    def _endpoint_service_name(self, address: str) -> str | None:
        """Return the ``service_name`` a ``data "aws_vpc_endpoint_service"`` finds.

        The data source's ``service`` argument is the common name of an AWS service, and its
        ``service_name`` result is, for AWS services, usually ``com.amazonaws.<region>.<service>``
        (Pulumi's reference for ``aws.ec2.getVpcEndpointService``, which is generated from the
        Terraform AWS provider's documentation of ``aws_vpc_endpoint_service``). The region is
        the provider's, unknown here, so it stays a placeholder without dots and the service
        part can still be read.

        NOTE: the documented exception, the SageMaker notebook service
        (``aws.sagemaker.<region>.notebook``), is left unknown.
        """
        values = self.data_values.get(address)
        if values is None:
            found = [
                item for path, item in self._items("aws_vpc_endpoint_service") if path == address
            ]
            values = {k: self.convert(v) for k, v in found[0].items()} if found else {}
        name, service = values.get("service_name"), values.get("service")
        if isinstance(name, str) and name and "${" not in name:
            return name
        if not isinstance(service, str) or not service or "${" in service or "notebook" in service:
            return None
        return "com.amazonaws.${region}." + service


def _unresolved(value: Any) -> bool:
    """Return True for a tfparse value that stands for an expression it did not compute."""
    if value is None:
        return True
    if isinstance(value, dict) and "__attribute__" in value:
        return not str(value["__attribute__"]).startswith(("data.", "aws_"))
    return False


def _as_open(value: Any) -> Any:
    if isinstance(value, dict):
        return OpenObject({key: _as_open(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_as_open(item) for item in value]
    return value


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
