"""Inputs that cannot be read or parsed: one error line each, and the scan goes on."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from ecslint.cli import cli
from ecslint.rules import ALL_RULES
from ecslint.scan import scan

GOOD = {
    "family": "ok",
    "containerDefinitions": [
        {"name": "ok", "image": "nginx:latest", "memory": 128},
    ],
}


def _run(*args: str):
    return CliRunner().invoke(cli, ["check", "--format", "json", *args])


def _report(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    return tmp_path


def _errors_for(report: dict, name: str) -> list[dict]:
    return [error for error in report["errors"] if error["file"].endswith(name)]


def _assert_one_error(tree, name: str, code: str, line, fragment: str) -> None:
    result = _run(str(tree))
    report = _report(result)
    assert result.exit_code == 2
    errors = _errors_for(report, name)
    assert len(errors) == 1
    assert errors[0]["code"] == code
    assert errors[0]["line"] == line
    assert fragment in errors[0]["message"]
    # The good file beside the bad one is still checked.
    assert any(finding["file"].endswith("good.json") for finding in report["findings"])


def test_invalid_json(tree):
    (tree / "bad.json").write_text('{\n  "family": "x",\n  "containerDefinitions": [,]\n}')
    _assert_one_error(tree, "bad.json", "ECS902", 3, "invalid JSON")


def test_named_empty_file(tree):
    (tree / "empty.json").write_text("")
    result = _run(str(tree / "empty.json"), str(tree / "good.json"))
    report = _report(result)
    assert result.exit_code == 2
    assert [(e["code"], e["line"]) for e in _errors_for(report, "empty.json")] == [("ECS902", 1)]
    assert "empty" in report["errors"][0]["message"]
    assert any(finding["file"].endswith("good.json") for finding in report["findings"])


def test_utf8_bom(tree):
    (tree / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    _assert_one_error(tree, "bom.json", "ECS901", 1, "UTF-8 byte order mark")


def test_utf16_with_bom(tree):
    (tree / "wide.json").write_bytes(json.dumps(GOOD).encode("utf-16"))
    _assert_one_error(tree, "wide.json", "ECS901", 1, "UTF-16 byte order mark")


def test_not_utf8(tree):
    (tree / "latin.json").write_bytes(b'{"family": "caf\xe9", "containerDefinitions": []}')
    _assert_one_error(tree, "latin.json", "ECS901", 1, "not valid UTF-8")


def test_huge_number(tree):
    text = '{"family": "x", "containerDefinitions": [], "revision": ' + "9" * 5000 + "}"
    (tree / "huge.json").write_text(text)
    _assert_one_error(tree, "huge.json", "ECS902", None, "number too long")


def test_nan_is_rejected(tree):
    (tree / "nan.json").write_text('{"family": "x", "containerDefinitions": [], "revision": NaN}')
    _assert_one_error(tree, "nan.json", "ECS902", None, "NaN")


def test_container_definitions_wrong_type(tree):
    (tree / "shape.json").write_text('{"family": "x",\n "containerDefinitions": "web"}')
    _assert_one_error(tree, "shape.json", "ECS903", 2, "found a string")


def test_container_definition_item_wrong_type(tree):
    (tree / "item.json").write_text('{"family": "x",\n "containerDefinitions": [1]}')
    _assert_one_error(tree, "item.json", "ECS903", 2, "not an object")


def test_deep_nesting(tree):
    (tree / "deep.json").write_text('{"containerDefinitions": ' + "[" * 20000 + "]" * 20000 + "}")
    _assert_one_error(tree, "deep.json", "ECS902", None, "nesting too deep")


def test_fifo_is_not_read(tree):
    os.mkfifo(tree / "pipe.json")
    _assert_one_error(tree, "pipe.json", "ECS901", None, "not a regular file")


def test_unreadable_file(tree, monkeypatch):
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("secret.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    (tree / "secret.json").write_text(json.dumps(GOOD))
    monkeypatch.setattr("builtins.open", deny)
    _assert_one_error(tree, "secret.json", "ECS901", None, "Permission denied")


def test_unreadable_directory(tree, monkeypatch):
    real_scandir = os.scandir
    locked = tree / "locked"
    locked.mkdir()

    def deny(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    _assert_one_error(tree, "locked", "ECS901", None, "cannot read the directory")


def test_missing_path(tree):
    result = _run(str(tree / "nope.json"))
    assert result.exit_code == 2
    assert _report(result)["errors"][0]["message"] == "no such file or directory"


def test_symlink_outside_root_is_not_followed(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps(GOOD))
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.json").symlink_to(outside)
    report = _report(_run(str(root)))
    assert report["findings"] == []
    assert [error["code"] for error in report["errors"]] == ["ECS901"]


def test_symlink_loop(tmp_path):
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    result = _run(str(tmp_path))
    assert result.exit_code == 2
    assert {error["code"] for error in _report(result)["errors"]} == {"ECS901"}


def test_text_errors_go_to_stderr(tree):
    (tree / "bad.json").write_text('{"containerDefinitions": [')
    result = CliRunner().invoke(cli, ["check", str(tree)])
    assert result.exit_code == 2
    assert "bad.json:1: ECS902 invalid JSON" in result.stderr
    assert "ECS902" not in result.stdout


def test_unrelated_json_is_skipped(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    result = _run(str(tmp_path))
    assert result.exit_code == 0
    assert _report(result)["summary"]["inputs"] == 0


def test_tree_scan_skips_foreign_json(tmp_path):
    """JSON with comments (editor and compiler settings) is not an input, so not an error."""
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{\n  // comment\n  "a": 1\n}\n')
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {},}\n')
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "taskdef.json").write_text(
        '{"family": "web",\n "containerDefinitions": [{"image": <IMAGE>}]}\n'
    )

    result = scan([str(tmp_path)], [rule() for rule in ALL_RULES])

    assert [(e.path, e.line, e.code) for e in result.errors] == [
        (str(tmp_path / "taskdef.json"), 2, "ECS902")
    ]


def test_named_invalid_json_reported(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{\n  // comment\n  "a": 1\n}\n')

    result = scan([str(path)], [rule() for rule in ALL_RULES])

    assert [(e.line, e.code) for e in result.errors] == [(2, "ECS902")]
