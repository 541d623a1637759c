"""The README's snippets: the configuration example loads, the CI snippets are valid YAML."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ecslint.config import load_config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_two_commands():
    commands = re.findall(r"```sh\n(.*?)```", _section("Quick start"), flags=re.DOTALL)
    assert len(commands) == 2
    assert all(len(command.strip().splitlines()) == 1 for command in commands)
    assert "ecslint check examples/" in commands[0]
    assert "pytest" in commands[1]


def test_configuration_example_is_valid(tmp_path):
    (tomls,) = _blocks("toml")
    path = tmp_path / "pyproject.toml"
    path.write_text(tomls, encoding="utf-8")
    config = load_config(path)
    assert config.fail_on == "error"
    assert config.per_path_ignores == {"examples/*": ["ECS3"]}


def test_yaml_snippets_parse():
    snippets = _blocks("yaml")
    assert len(snippets) == 3
    for snippet in snippets:
        assert isinstance(yaml.safe_load(snippet), dict)


def test_precommit_snippet_names_the_hook():
    hook = yaml.safe_load(_blocks("yaml")[0])["repos"][0]["hooks"][0]
    manifest = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    )
    assert hook["id"] == manifest[0]["id"]
