"""SARIF and GitHub annotation output."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from ecslint.cli import cli
from ecslint.rules import ALL_RULES
from tests.shared import SHARED

SARIF_SCHEMA = SHARED / "reference" / "sarif-schema-2.1.0.json"

TASK = {
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
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "web.json").write_text(json.dumps(TASK, indent=2))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sarif(*paths: str) -> dict:
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", *paths])
    return json.loads(result.stdout)


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason=f"{SARIF_SCHEMA} is absent")
def test_sarif_validates_against_schema(repo):
    (repo / "infra" / "bad.json").write_text('{"containerDefinitions": [')
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validate(_sarif("infra"), schema)


def test_sarif_rules_metadata(repo):
    rules = _sarif("infra")["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    assert rules[0]["shortDescription"]["text"] == ALL_RULES[0].summary()
    assert "## What it does" in rules[0]["help"]["markdown"]


def test_sarif_location_relative_to_repository(repo):
    result = _sarif("infra")["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "infra/web.json"
    assert location["region"] == {"startLine": 6, "startColumn": 16}


def test_sarif_fingerprint_survives_line_shift(repo):
    before = _sarif("infra")["runs"][0]["results"][0]["partialFingerprints"]
    shifted = "\n\n\n" + json.dumps(TASK, indent=2)
    (repo / "infra" / "web.json").write_text(shifted)
    after_run = _sarif("infra")["runs"][0]["results"][0]
    assert after_run["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert after_run["partialFingerprints"] == before


def test_sarif_input_error_is_a_notification(repo):
    (repo / "infra" / "bad.json").write_text('{"containerDefinitions": [')
    invocation = _sarif("infra")["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["descriptor"]["id"] == "ECS902"


def test_github_annotation(repo):
    result = CliRunner().invoke(cli, ["check", "--format", "github", "infra"])
    line = result.stdout.splitlines()[0]
    assert line.startswith("::warning file=infra/web.json,line=6,col=16,title=ECS302 (web)::")
    assert "%0Afix: " in line


def test_github_escapes_properties(repo):
    (repo / "infra" / "a,b.json").write_text(json.dumps(TASK))
    result = CliRunner().invoke(cli, ["check", "--format", "github", "infra"])
    assert "file=infra/a%2Cb.json" in result.stdout


def test_sarif_path_outside_repository_is_absolute(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "web.json").write_text(json.dumps(TASK, indent=2))
    artifact = _sarif(str(outside))["runs"][0]["results"][0]["locations"][0]
    location = artifact["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith("file:///")
    assert "uriBaseId" not in location


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_machine_format_errors_on_stderr(repo, output_format):
    (repo / "infra" / "bad.json").write_text('{"containerDefinitions": [')

    result = CliRunner().invoke(cli, ["check", "--format", output_format, "infra"])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "infra/bad.json:1: ECS902 invalid JSON: Expecting value at column 27"
    ]
    json.loads(result.stdout)
