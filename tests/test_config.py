"""Configuration files: discovery, validation and their effect on a scan."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ecslint.cli import cli
from ecslint.config import ConfigError, find_config, load_config

TASK = {
    "family": "web",
    "containerDefinitions": [
        {
            "name": "web",
            "image": "nginx:latest",
            "memory": 128,
            "logConfiguration": {"logDriver": "json-file", "options": {"max-size": "10m"}},
        }
    ],
}


@pytest.fixture
def project(tmp_path):
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "web.json").write_text(json.dumps(TASK, indent=2))
    return tmp_path


def _check(*args):
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    return result, (json.loads(result.stdout) if result.stdout else None)


def _rules(report) -> list[str]:
    return [finding["rule"] for finding in report["findings"]]


def test_found_upward_from_path(project):
    (project / ".ecslint.toml").write_text('ignore = ["ECS601"]\n')
    assert find_config([str(project / "infra" / "web.json")]) == project / ".ecslint.toml"


def test_pyproject_without_section_is_skipped(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config([str(project / "infra")]) is None


def test_pyproject_section(project):
    (project / "pyproject.toml").write_text('[tool.ecslint]\nignore = ["ECS601"]\n')
    _, report = _check(str(project / "infra"))
    assert _rules(report) == ["ECS302"]


def test_unknown_key_names_key_and_file(project):
    path = project / ".ecslint.toml"
    path.write_text('ignroe = ["ECS601"]\n')
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(path) in str(raised.value)
    assert "'ignroe'" in str(raised.value)


def test_bad_value_names_key(project):
    path = project / ".ecslint.toml"
    path.write_text('[severity]\nECS302 = "fatal"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert "'severity.ECS302'" in str(raised.value)


def test_invalid_config_exits_two(project):
    (project / ".ecslint.toml").write_text("fail-on = 3\n")
    result = CliRunner().invoke(cli, ["check", str(project / "infra")])
    assert result.exit_code == 2
    assert "ECS904" in result.stderr
    assert "'fail-on'" in result.stderr


def test_invalid_toml(project):
    (project / ".ecslint.toml").write_text("ignore = [\n")
    result = CliRunner().invoke(cli, ["check", str(project / "infra")])
    assert result.exit_code == 2
    assert "invalid TOML" in result.stderr


def test_severity_override(project):
    (project / ".ecslint.toml").write_text('[severity]\nECS302 = "error"\n')
    _, report = _check(str(project / "infra"))
    severities = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severities == {"ECS302": "error", "ECS601": "warning"}


def test_fail_on_from_config(project):
    (project / ".ecslint.toml").write_text('fail-on = "error"\n')
    result, _ = _check(str(project / "infra"))
    assert result.exit_code == 0


def test_command_line_overrides_config(project):
    (project / ".ecslint.toml").write_text('fail-on = "error"\nselect = ["ECS6"]\n')
    result, report = _check("--fail-on", "warning", "--select", "ECS3", str(project / "infra"))
    assert result.exit_code == 1
    assert _rules(report) == ["ECS302"]


def test_exclude_from_config(project):
    (project / ".ecslint.toml").write_text('exclude = ["web.json"]\n')
    _, report = _check(str(project / "infra"))
    assert report["summary"]["inputs"] == 0


def test_per_path_ignores(project):
    (project / ".ecslint.toml").write_text('[per-path-ignores]\n"infra/*.json" = ["ECS3"]\n')
    _, report = _check(str(project / "infra"))
    assert _rules(report) == ["ECS601"]


def test_no_suppress_shows_everything(project):
    (project / ".ecslint.toml").write_text('[per-path-ignores]\n"infra/*.json" = ["ECS3"]\n')
    _, report = _check("--no-suppress", str(project / "infra"))
    assert sorted(_rules(report)) == ["ECS302", "ECS601"]


def test_explicit_config_option(project, tmp_path):
    other = tmp_path / "strict.toml"
    other.write_text('ignore = ["ECS6"]\n')
    _, report = _check("--config", str(other), str(project / "infra"))
    assert _rules(report) == ["ECS302"]


def test_dot_file_with_tool_table(project):
    (project / ".ecslint.toml").write_text('[tool.ecslint]\nignore = ["ECS601"]\n')
    _, report = _check(str(project / "infra"))
    assert _rules(report) == ["ECS302"]


@pytest.mark.parametrize("cwd", [".", "infra"])
def test_per_path_relative_to_config(project, monkeypatch, cwd):
    (project / ".ecslint.toml").write_text('[per-path-ignores]\n"infra/*" = ["ECS3"]\n')
    monkeypatch.chdir(project / cwd)

    _, report = _check("web.json" if cwd == "infra" else "infra/web.json")

    assert _rules(report) == ["ECS601"]


def test_per_path_file_name_pattern(project):
    (project / ".ecslint.toml").write_text('[per-path-ignores]\n"web.json" = ["ECS6"]\n')

    _, report = _check(str(project / "infra"))

    assert _rules(report) == ["ECS302"]


def test_per_path_outside_project(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "infra"
    outside.mkdir()
    (outside / "web.json").write_text(json.dumps(TASK, indent=2))
    (project / ".ecslint.toml").write_text('[per-path-ignores]\n"infra/*" = ["ECS3"]\n')

    _, report = _check("--config", str(project / ".ecslint.toml"), str(outside))

    assert sorted(_rules(report)) == ["ECS302", "ECS601"]
