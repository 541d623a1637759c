"""A scan spread over worker processes reports exactly what a serial scan reports."""

from __future__ import annotations

import hashlib
import json
import sys

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import ScanSettings, scan


def _tree(tmp_path):
    for number in range(30):
        image = "nginx:latest" if number % 2 else f"public.ecr.aws/team/app{number}"
        task = {"family": f"t{number}", "containerDefinitions": [{"name": "c", "image": image}]}
        (tmp_path / f"t{number:02}.json").write_text(json.dumps(task, indent=2))
    (tmp_path / "broken.json").write_text('{"containerDefinitions": [')
    return tmp_path


def _summary(result):
    findings = [(f.rule, f.location.path, f.location.line, f.resource) for f in result.findings]
    errors = [(e.code, e.path, e.line) for e in result.errors]
    return findings, errors, result.checked


def test_pool_matches_serial(tmp_path):
    tree = _tree(tmp_path)
    rules = [rule() for rule in ALL_RULES]
    serial = scan([str(tree)], rules, settings=ScanSettings(jobs=1))
    pooled = scan([str(tree)], rules, settings=ScanSettings(jobs=2))
    assert _summary(pooled) == _summary(serial)
    assert serial.inputs == 30
    assert len(serial.errors) == 1


def _shared_tree(root):
    """Configurations sharing a module, and a template with its nested stack, 30 inputs."""
    for number in range(26):
        task = {"family": f"t{number}", "containerDefinitions": [{"name": "c", "image": "a:1"}]}
        (root / f"t{number:02}.json").write_text(json.dumps(task))
    for name in ("a", "b"):
        (root / name).mkdir()
        (root / name / "main.tf").write_text(
            'module "m" {\n  source = "../shared"\n}\n'
            'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n}\n'
        )
    (root / "shared").mkdir()
    (root / "shared" / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    (root / "parent.yaml").write_text(
        "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties:\n      TemplateURL: nested/child.yaml\n"
    )
    (root / "nested").mkdir()
    (root / "nested" / "child.yaml").write_text(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the pool's workers are forked on Linux")
def test_pool_parses_each_file_once(tmp_path, monkeypatch):
    from ecslint.loaders import taskdef
    from ecslint.loaders.cloudformation import decode
    from ecslint.loaders.terraform import sources

    tree, log = tmp_path / "tree", tmp_path / "parses.log"
    tree.mkdir()
    _shared_tree(tree)

    def logged(function, name):
        def wrapper(argument):
            key = argument if name == "hcl2" else hashlib.sha256(argument.encode()).hexdigest()
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{name} {key}\n")
            return function(argument)

        return wrapper

    monkeypatch.setattr(sources, "_parse", logged(sources._parse, "hcl2"))
    monkeypatch.setattr(decode, "_decode", logged(decode._decode, "cfn"))
    monkeypatch.setattr(taskdef, "parse_json", logged(taskdef.parse_json, "json"))

    scan([str(tree)], [rule() for rule in ALL_RULES], settings=ScanSettings(jobs=2))

    parses = log.read_text(encoding="utf-8").splitlines()
    kinds = sorted({line.split()[0] for line in parses})
    assert kinds == ["cfn", "hcl2", "json"]
    assert len(parses) == len(set(parses)) == 26 + 2 + 3
