"""Conversions of resolved template values into the model's plain values."""

from __future__ import annotations

from typing import Any

from ecslint.loaders.cloudformation.references import ResourceRef, physical_text
from ecslint.model.values import Unknown, is_unknown


def plain(value: Any) -> Any:
    """Return a resource reference as its text and a ``Text`` as a plain ``str``."""
    if isinstance(value, ResourceRef):
        return physical_text(value)
    if isinstance(value, str):
        return str(value)
    return value


def boolean(value: Any, default: bool) -> bool | Unknown:
    """Return a CloudFormation boolean, which templates write as true or "true"."""
    if value is None:
        return default
    if is_unknown(value) or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return Unknown(f"{value} is not a boolean")


def integer(value: Any) -> int | Unknown | None:
    if is_unknown(value) or value is None:
        return value
    try:
        return int(str(value))
    except ValueError:
        return Unknown(f"{value} is not a number")


def text(value: Any) -> str | Unknown | None:
    if value is None or is_unknown(value):
        return value
    return str(plain(value))
