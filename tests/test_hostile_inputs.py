"""Hostile inputs in every format: one error line each, bounded time, and the scan goes on.

Bounds: every case here finishes in a few seconds and well under 500 MB on a 2-core machine,
apart from the huge-count case, which the 2 s limit it sets stops. Files over 8 MiB are
rejected before they are read.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ecslint import scan as scan_module
from ecslint.cli import cli

GOOD = {"family": "ok", "containerDefinitions": [{"name": "ok", "image": "nginx:latest"}]}


def _report(tmp_path) -> tuple[int, dict]:
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(tmp_path)])
    return result.exit_code, json.loads(result.stdout)


def _single_error(tmp_path) -> dict:
    code, report = _report(tmp_path)
    assert code == 2
    assert len(report["errors"]) == 1
    assert any(f["file"].endswith("good.json") for f in report["findings"])
    return report["errors"][0]


def test_yaml_alias_bomb(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition")
    lines.append("    Properties:\n      ContainerDefinitions: *a9")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    assert _single_error(tmp_path)["code"] == "ECS902"


def test_deep_yaml_template(tmp_path):
    text = "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
    text += "      ContainerDefinitions: " + "[" * 20000 + "]" * 20000 + "\n"
    (tmp_path / "deep.yaml").write_text(text)
    assert _single_error(tmp_path)["code"] == "ECS902"


# Terraform is evaluated only where a rule has something to check, such as a task definition.
TASK_DEFINITION = 'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n}\n'


def test_deep_terraform(tmp_path):
    module = tmp_path / "tf"
    module.mkdir()
    text = "locals {\n  x = " + "[" * 20000 + "]" * 20000 + "\n}\n"
    (module / "main.tf").write_text(text + TASK_DEFINITION)
    # python-hcl2 or tfparse, whichever gives up first, stops at the nesting.
    assert _single_error(tmp_path)["code"] in ("ECS902", "ECS908")


@pytest.mark.parametrize("name", ["blob.json", "blob.yaml", "blob.tf"])
def test_binary_file(tmp_path, name):
    target = tmp_path / "sub" if name.endswith(".tf") else tmp_path
    target.mkdir(exist_ok=True)
    (target / name).write_bytes(bytes(range(256)) * 8)
    assert _single_error(tmp_path)["code"] == "ECS901"


def test_large_file_rejected_quickly(tmp_path):
    with open(tmp_path / "big.json", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    error = _single_error(tmp_path)
    assert error["code"] == "ECS901"
    assert "larger than the 8 MiB limit" in error["message"]


def test_crlf_template(tmp_path):
    text = (
        "Resources:\r\n  T:\r\n    Type: AWS::ECS::TaskDefinition\r\n    Properties:\r\n"
        "      ContainerDefinitions:\r\n        - Name: web\r\n"
        "          Image: public.ecr.aws/nginx/nginx:latest\r\n"
    )
    (tmp_path / "crlf.yaml").write_text(text, newline="")
    code, report = _report(tmp_path)
    latest = [f for f in report["findings"] if f["file"].endswith("crlf.yaml")]
    assert code == 1
    assert [(f["rule"], f["line"]) for f in latest if f["rule"] == "ECS302"] == [("ECS302", 7)]


def test_empty_directory(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(empty)])
    report = json.loads(result.stdout)
    assert result.exit_code == 2
    assert [error["code"] for error in report["errors"]] == ["ECS901"]
    assert "found no JSON, YAML or Terraform file" in report["errors"][0]["message"]


def test_loader_crash_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps(GOOD))

    def explode(path, explicit=False):
        raise ValueError("boom")

    monkeypatch.setattr(scan_module, "load_file", explode)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(tmp_path)])
    report = json.loads(result.stdout)
    assert result.exit_code == 2
    assert report["errors"][0]["code"] == "ECS907"
    assert "ValueError: boom" in report["errors"][0]["message"]


def test_module_calling_itself(tmp_path):
    module = tmp_path / "tf"
    module.mkdir()
    (module / "main.tf").write_text('module "loop" {\n  source = "./"\n}\n' + TASK_DEFINITION)
    error = _single_error(tmp_path)
    assert error["code"] == "ECS908"
    assert "cannot be evaluated" in error["message"]


def test_huge_count_times_out(tmp_path, monkeypatch):
    from ecslint.loaders.terraform import isolate

    monkeypatch.setattr(isolate, "TIME_LIMIT_SECONDS", 2)
    module = tmp_path / "tf"
    module.mkdir()
    text = 'resource "aws_ecs_cluster" "c" {\n  count = 1000000000\n  name  = "c"\n}\n'
    (module / "main.tf").write_text(text + TASK_DEFINITION)
    error = _single_error(tmp_path)
    assert error["code"] == "ECS908"
    # The time or the memory limit, whichever the count reaches first, stops it.
    assert "longer than 2 s" in error["message"] or "aborted" in error["message"]


def test_terraform_nul_in_file_path(tmp_path):
    module = tmp_path / "tf"
    module.mkdir()
    text = 'resource "aws_ecs_task_definition" "x" {\n  family = "x"\n'
    text += '  container_definitions = file("containers\x00.json")\n}\n'
    (module / "main.tf").write_text(text)
    code, report = _report(tmp_path)
    assert all(error["code"] != "ECS907" for error in report["errors"])


def test_terraform_dotted_resource_type(tmp_path):
    module = tmp_path / "tf"
    module.mkdir()
    (module / "main.tf").write_text('resource "aws_ecs_task.definition" "x" {\n  family = "x"\n}\n')
    code, report = _report(tmp_path)
    assert report["errors"] == []


def test_module_loop_not_evaluated(tmp_path, monkeypatch):
    from ecslint.loaders.terraform import evaluate

    monkeypatch.setattr(evaluate, "run_tfparse", lambda *args: pytest.fail("evaluated"))
    for name, other in (("a", "b"), ("b", "a")):
        (tmp_path / "tf" / name).mkdir(parents=True)
        (tmp_path / "tf" / name / "main.tf").write_text(
            f'module "{other}" {{\n  source = "../{other}"\n}}\n' + TASK_DEFINITION
        )
    error = _single_error(tmp_path / "tf" / "a")
    assert error["code"] == "ECS908"
    assert "module a calls itself" in error["message"]


def test_module_source_with_nul(tmp_path):
    module = tmp_path / "tf"
    module.mkdir()
    (module / "main.tf").write_text('module "m" {\n  source = "./a\x00b"\n}\n' + TASK_DEFINITION)
    code, report = _report(tmp_path)
    assert all(error["code"] != "ECS907" for error in report["errors"])
