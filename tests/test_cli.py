"""The command line: output formats, exit codes, rule selection and the rule catalogue."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ecslint.cli import cli
from ecslint.rules import ALL_RULES

LATEST = {
    "family": "web",
    "containerDefinitions": [
        {
            "name": "web",
            "image": "public.ecr.aws/nginx/nginx:latest",
            "memory": 128,
            "logConfiguration": {"logDriver": "json-file", "options": {"max-size": "10m"}},
        }
    ],
}


@pytest.fixture
def taskdef(tmp_path):
    path = tmp_path / "web.json"
    path.write_text(json.dumps(LATEST, indent=2), encoding="utf-8")
    return path


def _check(*args):
    return CliRunner().invoke(cli, ["check", *args])


def test_text_line_format(taskdef):
    result = _check(str(taskdef))
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{taskdef}:6:16: ECS302 [warning] Container `web`")
    assert lines[1].startswith("    fix: pin a version tag")
    assert lines[-1] == "0 errors, 1 warning, 0 notes in 1 input"


def test_json_contract(taskdef):
    result = _check("--format", "json", str(taskdef))
    report = json.loads(result.stdout)
    assert set(report) == {"version", "findings", "errors", "summary"}
    finding = report["findings"][0]
    assert {"rule", "cause", "severity", "file", "line", "resource", "message", "fix"} <= set(
        finding
    )
    assert (finding["rule"], finding["cause"], finding["severity"]) == ("ECS302", 3, "warning")
    assert (finding["file"], finding["line"], finding["resource"]) == (str(taskdef), 6, "web")


def test_exit_one_on_warning(taskdef):
    assert _check(str(taskdef)).exit_code == 1


def test_fail_on_error_ignores_warning(taskdef):
    assert _check("--fail-on", "error", str(taskdef)).exit_code == 0


def test_fail_on_never(taskdef):
    assert _check("--fail-on", "never", str(taskdef)).exit_code == 0


def test_clean_file_exits_zero(tmp_path):
    clean = dict(LATEST, containerDefinitions=[dict(LATEST["containerDefinitions"][0])])
    clean["containerDefinitions"][0]["image"] = "public.ecr.aws/nginx/nginx:1.27.3"
    path = tmp_path / "clean.json"
    path.write_text(json.dumps(clean))
    result = _check(str(path))
    assert result.exit_code == 0
    assert result.stdout == "0 errors, 0 warnings, 0 notes in 1 input\n"


def test_ignore_by_prefix(taskdef):
    result = _check("--ignore", "ECS3", "--format", "json", str(taskdef))
    assert json.loads(result.stdout)["findings"] == []


def test_select_by_code(taskdef):
    result = _check("--select", "ECS601,ECS302", "--format", "json", str(taskdef))
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ECS302"]


def test_output_file(taskdef, tmp_path):
    target = tmp_path / "report.json"
    result = _check("--format", "json", "--output", str(target), str(taskdef))
    assert result.stdout == ""
    assert json.loads(target.read_text())["summary"]["warnings"] == 1


def test_exclude_glob(tmp_path, taskdef):
    result = _check("--exclude", "web.json", "--format", "json", str(tmp_path))
    assert json.loads(result.stdout)["summary"]["inputs"] == 0


def test_no_paths_is_usage_error():
    assert _check().exit_code == 2


def test_stable_order(tmp_path):
    for name in ("b.json", "a.json"):
        (tmp_path / name).write_text(json.dumps(LATEST))
    report = json.loads(_check("--format", "json", str(tmp_path)).stdout)
    assert [f["file"].rsplit("/", 1)[-1] for f in report["findings"]] == ["a.json", "b.json"]


def test_describe_output_is_read(tmp_path):
    path = tmp_path / "described.json"
    path.write_text(json.dumps({"taskDefinition": dict(LATEST, revision=3, status="ACTIVE")}))
    report = json.loads(_check("--format", "json", str(path)).stdout)
    assert [f["rule"] for f in report["findings"]] == ["ECS302"]


def test_container_list_read_when_named(tmp_path):
    path = tmp_path / "containers.json"
    path.write_text(json.dumps(LATEST["containerDefinitions"]))
    named = json.loads(_check("--format", "json", str(path)).stdout)
    walked = json.loads(_check("--format", "json", str(tmp_path)).stdout)
    assert [f["rule"] for f in named["findings"]] == ["ECS302"]
    assert walked["findings"] == []


def test_rules_lists_every_code():
    result = CliRunner().invoke(cli, ["rules"])
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes == [rule.code for rule in ALL_RULES]


def test_rule_prints_documentation():
    result = CliRunner().invoke(cli, ["rule", "ecs301"])
    assert result.exit_code == 0
    assert "## What it does" in result.stdout


def test_unknown_rule_code():
    result = CliRunner().invoke(cli, ["rule", "ECS999"])
    assert result.exit_code == 2


def test_python_dash_m(taskdef):
    completed = subprocess.run(
        [sys.executable, "-m", "ecslint", "check", "--format", "json", str(taskdef)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert json.loads(completed.stdout)["summary"]["warnings"] == 1


def test_no_color_when_not_a_terminal(taskdef):
    result = _check(str(taskdef))
    assert "\033[" not in result.stdout


def test_no_color_environment(taskdef, monkeypatch):
    from ecslint.cli import check

    monkeypatch.setattr(check.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert check._use_color() is False


def test_show_unknown_lists_placeholders(tmp_path):
    task = {
        "family": "web",
        "containerDefinitions": [{"name": "web", "image": "<REPO_URL>:${TAG}"}],
    }
    path = tmp_path / "templated.json"
    path.write_text(json.dumps(task, indent=2))
    result = _check("--show-unknown", "--fail-on", "never", str(path))
    assert result.exit_code == 0
    assert (
        f'{path}:6:16: unknown: /containerDefinitions/0/image is "<REPO_URL>:${{TAG}}"'
        in result.stderr
    )


def test_unknown_values_hidden_by_default(tmp_path):
    task = {"family": "web", "containerDefinitions": [{"name": "web", "image": "<REPO_URL>"}]}
    path = tmp_path / "templated.json"
    path.write_text(json.dumps(task))
    assert "unknown" not in _check(str(path)).stderr


def test_select_typo_is_usage_error(taskdef):
    result = _check("--select", "ECS9X9", str(taskdef))
    assert result.exit_code == 2
    assert "matches no rule code" in result.stderr


def test_show_unknown_in_json(tmp_path):
    task = {"family": "web", "containerDefinitions": [{"name": "web", "image": "<REPO_URL>"}]}
    path = tmp_path / "templated.json"
    path.write_text(json.dumps(task, indent=2))
    report = json.loads(_check("--show-unknown", "--format", "json", str(path)).stdout)
    assert report["unknowns"][0]["line"] == 6
    assert "<REPO_URL>" in report["unknowns"][0]["what"]


def test_text_escapes_line_breaks(tmp_path):
    task = {"family": "web", "containerDefinitions": [{"name": "a\n::error::x", "image": "nginx"}]}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(task))
    lines = _check(str(path)).stdout.splitlines()
    assert not any(line.startswith("::error") for line in lines)
