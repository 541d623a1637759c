"""A scan spread over worker processes reports exactly what a serial scan reports."""

from __future__ import annotations

import json

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
