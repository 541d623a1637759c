"""JSON decoding that remembers where every value starts.

The standard library's pure-Python scanner calls ``parse_object`` and ``parse_array`` for every
container and hands them the scanner that reads each member value. Wrapping that scanner records
the offset of each value, so the document is parsed once, by the standard library, and each
object and array comes back with the line and column of its members. The C scanner offers no such
hook, which is why the pure-Python one is used here.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from collections.abc import Sequence
from typing import Any

from ecslint.model.values import Location

# Files larger than this are rejected before parsing: no task definition comes near it (the API
# limit for a whole task definition is 64 KiB), and the pure-Python scanner needs about a second
# per few megabytes.
MAX_JSON_BYTES = 8 * 1024 * 1024


class JsonObject(dict):
    """A decoded JSON object with the offset of the object and of each member value."""

    start: int
    offsets: dict[str, int]


class JsonArray(list):
    """A decoded JSON array with the offset of the array and of each item."""

    start: int
    offsets: list[int]


class JsonSyntaxError(ValueError):
    """Invalid JSON, with the 1-based line and column of the problem."""

    def __init__(self, message: str, line: int | None, column: int | None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class LineIndex:
    """Converts character offsets to 1-based line and column numbers."""

    def __init__(self, text: str):
        self._starts = [0]
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _recording(scan_once, offsets: list[int]):
    def scan(text: str, index: int):
        offsets.append(index)
        return scan_once(text, index)

    return scan


def _parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
    offsets: list[int] = []
    pairs, end = json.decoder.JSONObject(
        s_and_end, strict, _recording(scan_once, offsets), None, list, memo
    )
    result = JsonObject(pairs)
    result.start = s_and_end[1] - 1
    result.offsets = {key: offset for (key, _), offset in zip(pairs, offsets, strict=False)}
    return result, end


def _parse_array(s_and_end, scan_once):
    offsets: list[int] = []
    items, end = json.decoder.JSONArray(s_and_end, _recording(scan_once, offsets))
    result = JsonArray(items)
    result.start = s_and_end[1] - 1
    result.offsets = offsets[: len(items)]
    return result, end


class _PositionDecoder(json.JSONDecoder):
    def __init__(self):
        super().__init__(parse_constant=_reject_constant)
        self.parse_object = _parse_object
        self.parse_array = _parse_array
        self.memo = {}
        self.scan_once = json.scanner.py_make_scanner(self)


def loads(text: str) -> tuple[Any, LineIndex]:
    """Decode ``text`` and return the value and a line index for its offsets.

    Raises ``JsonSyntaxError`` for invalid JSON, numbers too long to convert, ``NaN`` or
    ``Infinity``, and nesting deeper than the interpreter's recursion limit.
    """
    index = LineIndex(text)
    try:
        return _PositionDecoder().decode(text), index
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None
    except RecursionError:
        raise JsonSyntaxError("nesting too deep to decode", None, None) from None
    except ValueError as error:
        message = str(error)
        if "integer string conversion" in message:
            message = "number too long: integers are limited to 4300 digits"
        raise JsonSyntaxError(message, None, None) from None


class PositionMap:
    """Finds the source location of a value by its path in a decoded document."""

    def __init__(self, path: str, root: Any, index: LineIndex):
        self.path = path
        self.root = root
        self.index = index

    def locate(self, node: Any, keys: Sequence[str | int] = ()) -> Location:
        """Return the location of ``node[keys[0]][keys[1]]...``, or of the deepest part found."""
        offset = getattr(node, "start", None)
        for key in keys:
            found = _member_offset(node, key)
            if found is None:
                break
            offset = found
            node = node[key]
        if offset is None:
            return Location(self.path)
        line, column = self.index.line_column(offset)
        return Location(self.path, line, column)


def _member_offset(node: Any, key: str | int) -> int | None:
    if isinstance(node, JsonObject) and isinstance(key, str) and key in node:
        return node.offsets.get(key)
    if isinstance(node, JsonArray) and isinstance(key, int) and 0 <= key < len(node.offsets):
        return node.offsets[key]
    return None
