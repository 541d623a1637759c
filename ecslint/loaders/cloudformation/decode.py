"""Decode a template with cfn-lint's decoder and find the source line of any part of it.

cfn-lint reads YAML (with the short-form tags ``!Ref``, ``!Sub`` …) and JSON into dicts, lists
and strings that carry ``start_mark``. Marks are 0-based, so this module adds 1. Numbers and
booleans carry no mark; their key's mark is used instead.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from cfnlint.decode import decode_str

from ecslint.errors import INVALID_SYNTAX, InputFailure

RESOURCE_TYPE_PREFIXES = ("AWS::", "Custom::", "Alexa::")
# A Resources key at the start of a YAML line, or a "Resources" member of a JSON object.
_TOP_LEVEL_RESOURCES = re.compile(r'^Resources\s*:|"Resources"\s*:', re.MULTILINE)


def decode_template(text: str) -> Any:
    """Return the decoded document, raising ``InputFailure`` on a YAML or JSON syntax error.

    A document that fails to decode and has no top-level ``Resources`` key, such as a
    multi-document Kubernetes manifest that mentions ``AWS::``, is not a template: it gives
    None instead of an error.
    """
    if not text.strip():
        return None
    if text in _DECODED:
        _DECODED.move_to_end(text)
        return _DECODED[text]
    document = _decode(text)
    _DECODED[text] = document
    if len(_DECODED) > _DECODED_KEPT:
        _DECODED.popitem(last=False)
    return document


# The last templates decoded, by text. A nested stack is read on its own and through its
# parent, usually one after the other in the same process, and is decoded once. The loaders
# never change a decoded document, so sharing it is safe.
_DECODED: OrderedDict[str, Any] = OrderedDict()
_DECODED_KEPT = 32


def _decode(text: str) -> Any:
    document, matches = decode_str(text)
    if document is None and matches:
        if not _TOP_LEVEL_RESOURCES.search(text):
            return None
        first = matches[0]
        line = first.linenumber if first.linenumber else None
        raise InputFailure(INVALID_SYNTAX, f"invalid YAML or JSON: {first.message}", line=line)
    return document


def is_template(document: Any) -> bool:
    """Return True when ``document`` has a ``Resources`` mapping with typed resources."""
    if not isinstance(document, dict):
        return False
    resources = document.get("Resources")
    if not isinstance(resources, dict):
        return False
    return any(
        isinstance(body, dict)
        and isinstance(body.get("Type"), str)
        and body["Type"].startswith(RESOURCE_TYPE_PREFIXES)
        for body in resources.values()
    )


def line_of(node: Any) -> int | None:
    """Return the 1-based line where ``node`` starts, or None for unmarked values."""
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def column_of(node: Any) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.column + 1 if mark is not None else None


def key_node(mapping: Any, key: str) -> Any:
    """Return the key object of ``mapping`` equal to ``key`` (it carries the key's mark)."""
    if isinstance(mapping, dict):
        for candidate in mapping:
            if candidate == key:
                return candidate
    return None
