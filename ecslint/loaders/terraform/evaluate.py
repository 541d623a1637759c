"""Evaluate a Terraform configuration with tfparse and turn its output into ``Resource`` objects.

tfparse (the Terraform evaluator of trivy, wrapped by Cloud Custodian) expands variables,
locals, functions, ``count``, ``for_each``, ``dynamic`` blocks and modules on disk. What it
cannot resolve comes back as null, as the unevaluated template text (``"app-${var.env}"``), or,
for a reference to another block, as that block's opaque id. Ids of resources and data sources
become ``Ref`` values; ids of variables, module outputs and other blocks, and nulls, become
``Unknown``. tfparse does not read ``terraform.tfvars`` or ``*.auto.tfvars`` on its own, so they
are passed as variable files, after the files the user names, in Terraform's precedence order.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable
from typing import Any

from ecslint.loaders.terraform import isolate
from ecslint.loaders.terraform.resources import Ref, Resource, module_of
from ecslint.model.values import Location, Unknown

# tfparse's block ids are UUIDs; it writes one where a value depends on another block.
BLOCK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ERROR_POSITION = re.compile(r"([^\s:]+\.tf(?:\.json)?):(\d+),(\d+)")
RESOURCE_KINDS = ("resource", "data")


class EvaluationError(Exception):
    """tfparse rejected the configuration; ``filename`` and ``line`` locate it when known.

    ``limit`` is True when the evaluation ran out of time or memory, or crashed.
    """

    def __init__(
        self,
        message: str,
        filename: str | None = None,
        line: int | None = None,
        limit: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.limit = limit


def var_files(directory: str, extra: Iterable[str]) -> list[str]:
    """Return the variable files for ``directory``, lowest precedence first.

    Terraform applies ``terraform.tfvars``, then ``*.auto.tfvars`` in name order, then files
    given with ``-var-file``; a later file wins.
    """
    found = []
    default = os.path.join(directory, "terraform.tfvars")
    if os.path.isfile(default):
        found.append(default)
    found.extend(sorted(glob.glob(os.path.join(glob.escape(directory), "*.auto.tfvars"))))
    found.extend(os.path.abspath(path) for path in extra)
    return found


def run_tfparse(directory: str, files: list[str]) -> dict[str, Any]:
    """Run tfparse on ``directory``; raise ``EvaluationError`` when it rejects the input.

    tfparse joins each variable-file path to the directory, so they are passed relative to it.
    Downloads stay disabled, so registry and git modules not on disk are never fetched.
    """
    relative = [os.path.relpath(os.path.abspath(path), directory) for path in files]
    outcome = isolate.load_from_path(directory, relative)
    if outcome.failure is not None:
        raise EvaluationError(outcome.failure, limit=True)
    if outcome.parse_error is not None:
        message = outcome.parse_error.removeprefix("unable to create TerraformConverter: ")
        match = ERROR_POSITION.search(message)
        if match:
            return _raise(message, match.group(1), int(match.group(2)))
        raise EvaluationError(message)
    return outcome.value


def _raise(message: str, filename: str, line: int):
    raise EvaluationError(message, filename, line)


def _blocks(raw: dict[str, Any]):
    """Yield (type label, block) for each block of tfparse's output, in label order.

    A type label with a dot (not a valid Terraform type) comes back as a nested mapping
    instead of a list of blocks, so such entries are skipped.
    """
    for label, items in sorted(raw.items()):
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict):
                yield label, item


class Normalizer:
    """Convert tfparse's output for ``display_dir`` into resources with ``Ref`` values."""

    def __init__(self, raw: dict[str, Any], display_dir: str):
        self.raw = raw
        self.display_dir = display_dir
        self.addresses: dict[str, str] = {}
        self.resource_ids: set[str] = set()
        for _, item in _blocks(raw):
            meta = item.get("__tfmeta", {})
            if isinstance(item.get("id"), str) and meta.get("path"):
                self.addresses[item["id"]] = meta["path"]
                if meta.get("type") in RESOURCE_KINDS:
                    self.resource_ids.add(item["id"])

    def resources(self) -> tuple[list[Resource], list[Resource]]:
        """Return the resource instances, and the resources whose instances are not known.

        When tfparse cannot evaluate ``count`` or ``for_each`` it returns the block once, under
        an address without an instance key, with values computed for no instance (a
        ``try(each.value.x, default)`` gives the default). Such a block is set apart, so that
        none of its values passes for known.
        """
        found, unexpanded = [], []
        for label, item in _blocks(self.raw):
            meta = item.get("__tfmeta", {})
            if meta.get("type") not in RESOURCE_KINDS:
                continue
            resource = self._resource(label, item, meta)
            repeated = "count" in item or "for_each" in item
            if repeated and not resource.address.endswith("]"):
                unexpanded.append(resource)
            else:
                found.append(resource)
        return found, unexpanded

    def _resource(self, label: str, item: dict, meta: dict) -> Resource:
        address = meta["path"]
        module = module_of(address)
        values = {
            key: self.convert(value, module)
            for key, value in item.items()
            if key not in ("__tfmeta", "id", "count", "for_each")
        }
        path = os.path.normpath(os.path.join(self.display_dir, meta.get("filename", "")))
        return Resource(
            address=address,
            type=label,
            mode="data" if meta.get("type") == "data" else "managed",
            values=values,
            location=Location(path, meta.get("line_start")),
            lines=(meta.get("line_start") or 0, meta.get("line_end") or 0),
        )

    def convert(self, value: Any, module: str) -> Any:
        """Convert one value: ids to ``Ref`` or ``Unknown``, nulls to ``Unknown``."""
        if value is None:
            return Unknown("not known before apply, or not resolvable from the files")
        if isinstance(value, str):
            if value in self.addresses:
                return self._reference(value)
            return replace_ids(value, self.addresses)
        if isinstance(value, list):
            return [self.convert(item, module) for item in value]
        if isinstance(value, dict):
            return self._convert_mapping(value, module)
        return value

    def _reference(self, value: str) -> Ref | Unknown:
        address = self.addresses[value]
        if value in self.resource_ids:
            return Ref(address)
        return Unknown(f"{address} is not resolved")

    def _convert_mapping(self, value: dict, module: str) -> Any:
        if "__attribute__" in value:
            return _attribute_reference(value, module)
        meta = value.get("__tfmeta")
        if not isinstance(meta, dict):
            return {key: self.convert(item, module) for key, item in value.items()}
        # A nested block: tfparse stores its own block id under "id", replacing an "id"
        # argument written in the block (``launch_template { id = ... }``). The blocks the
        # block refers to are kept under "__refs__" so that such an argument can be recovered.
        converted = {
            key: self.convert(item, module)
            for key, item in value.items()
            if key not in ("__tfmeta", "id")
        }
        converted["__refs__"] = [
            Ref(self.addresses[ref["id"]])
            for ref in meta.get("references", [])
            if ref.get("id") in self.resource_ids
        ]
        if meta.get("line_start"):
            converted["__line__"] = meta["line_start"]
        return converted


def replace_ids(text: str, addresses: dict[str, str]) -> str:
    """Replace the block ids tfparse writes inside text by ``${address}`` placeholders.

    Inside ``jsonencode()`` and templates, tfparse puts the referenced block's id where an
    attribute such as ``aws_secretsmanager_secret.app.arn`` is known only after apply. The
    attribute name is lost, so the placeholder names the block.
    """

    def placeholder(match: re.Match) -> str:
        address = addresses.get(match.group(0))
        return "${" + address + "}" if address else match.group(0)

    return BLOCK_ID.sub(placeholder, text)


def _attribute_reference(value: dict, module: str) -> Ref | Unknown:
    """Convert tfparse's form for a reference it could not resolve to an id.

    ``{"__attribute__": "data.aws_ssm_parameter.ami.value", ...}`` names a data source or
    resource attribute; module outputs and other expressions stay unknown.
    """
    attribute = str(value["__attribute__"])
    parts = attribute.split(".")
    if parts[0] == "data" and len(parts) >= 3:
        address = ".".join(parts[:3])
    elif parts[0].startswith("aws_") and len(parts) >= 2:
        address = ".".join(parts[:2])
    else:
        return Unknown(f"{attribute} is not resolved")
    rest = attribute[len(address) + 1 :] or None
    return Ref(f"{module}.{address}" if module else address, rest)
