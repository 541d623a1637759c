"""Configuration: ``[tool.ecslint]`` in ``pyproject.toml`` or the whole of ``.ecslint.toml``.

The file is found upward from the first scanned path, or given with ``--config``. It is validated
against ``schemas/config.schema.json``; an unknown key or a bad value is an ``ECS904`` error that
names the key and the file. Command-line options take precedence over the file.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecslint.rules.base import Severity
from ecslint.rules.validity import schema_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".ecslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """An invalid configuration file, with a message that names the file and the key."""


@dataclass
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str | None = None
    var_files: list[str] = field(default_factory=list)
    image_sizes: dict[str, float] = field(default_factory=dict)
    report_unused_suppressions: bool = False


def find_config(paths: list[str]) -> Path | None:
    """Return the nearest configuration file at or above the first of ``paths``."""
    if not paths:
        return None
    start = Path(os.path.abspath(paths[0]))
    if not start.is_dir():
        start = start.parent
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and _has_settings(candidate):
                return candidate
    return None


def _has_settings(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        return "ecslint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return True


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def load_config(path: Path) -> Config:
    """Read and validate the configuration file at ``path``."""
    document = _read_toml(path)
    # pyproject.toml keeps the settings under [tool.ecslint]; .ecslint.toml may too.
    if path.name == "pyproject.toml" or set(document) == {"tool"}:
        document = document.get("tool", {}).get("ecslint", {})
    _validate(document, path)
    return Config(
        path=path,
        select=document.get("select", []),
        ignore=document.get("ignore", []),
        severity={
            code: Severity.parse(level) for code, level in document.get("severity", {}).items()
        },
        exclude=document.get("exclude", []),
        per_path_ignores=document.get("per-path-ignores", {}),
        fail_on=document.get("fail-on"),
        var_files=[str(path.parent / name) for name in document.get("var-files", [])],
        image_sizes=document.get("image-sizes", {}),
        report_unused_suppressions=document.get("report-unused-suppressions", False),
    )


def _validate(document: dict[str, Any], path: Path) -> None:
    import jsonschema

    schema = json.loads(schema_path("config.schema.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=str)
    if not errors:
        return
    error = errors[0]
    key = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "additionalProperties" and not key:
        unknown = sorted(set(document) - set(schema["properties"]))
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; known keys are {_known(schema)}")
    raise ConfigError(f"{path}: invalid value for {key or 'the configuration'!r}: {error.message}")


def _known(schema: dict) -> str:
    return ", ".join(sorted(schema["properties"]))
