"""Position-keeping JSON decoding."""

from __future__ import annotations

import pytest

from ecslint.loaders.jsonpos import JsonSyntaxError, PositionMap, loads

TEXT = '{\n  "a": 1,\n  "b": [10, {"c": "x"}],\n  "d": {}\n}'


def _locate(keys):
    value, index = loads(TEXT)
    location = PositionMap("f.json", value, index).locate(value, keys)
    return location.line, location.column


def test_values_decode_as_plain_json():
    value, _ = loads(TEXT)
    assert value == {"a": 1, "b": [10, {"c": "x"}], "d": {}}


def test_member_position():
    assert _locate(["a"]) == (2, 8)


def test_nested_position():
    assert _locate(["b", 1, "c"]) == (3, 19)


def test_missing_member_falls_back_to_parent():
    assert _locate(["b", 1, "zz"]) == (3, 13)


def test_root_position():
    assert _locate([]) == (1, 1)


def test_crlf_lines():
    value, index = loads('{\r\n"a":\r\n 1}')
    assert PositionMap("f", value, index).locate(value, ["a"]).line == 3


@pytest.mark.parametrize("text", ['{"a": 1,}', "[1 2]", '{"a": Infinity}'])
def test_invalid_json(text):
    with pytest.raises(JsonSyntaxError):
        loads(text)


def test_syntax_error_line():
    with pytest.raises(JsonSyntaxError) as raised:
        loads('{\n\n  "a": }')
    assert raised.value.line == 3
