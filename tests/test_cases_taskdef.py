"""Task-definition cases rebuilt from real failure reports: each gives its expected finding."""

from __future__ import annotations

import json

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import scan
from tests.shared import CASES, requires_shared

pytestmark = requires_shared


def _findings(case: str) -> list[tuple[str, int]]:
    result = scan([str(CASES / case / "taskdef.json")], [rule() for rule in ALL_RULES])
    assert result.errors == []
    return sorted((finding.rule, finding.location.line) for finding in result.findings)


def test_fargate_without_execution_role():
    # A private ECR image, awslogs and secrets each need the execution role.
    assert _findings("10-fargate-no-execution-role") == [
        ("ECS101", 11),
        ("ECS801", 21),
        ("ECS802", 14),
    ]


def test_image_missing_registry_host():
    found = _findings("17-image-missing-registry-host")
    assert ("ECS308", 11) in found
    assert ("ECS601", 11) in found


def test_image_implicit_latest():
    assert ("ECS303", 8) in _findings("18-image-implicit-latest")


def test_image_bare_digest():
    found = _findings("20-image-bare-digest")
    assert found == [("ECS304", 11)]


def test_command_single_string():
    assert _findings("24-command-single-string") == [("ECS006", 13)]


def test_docker_hub_unauthenticated_pulls():
    found = _findings("27-dockerhub-unauthenticated-pulls")
    assert ("ECS601", 16) in found
    assert ("ECS302", 16) in found


@pytest.mark.parametrize(
    "case",
    ["10-fargate-no-execution-role", "17-image-missing-registry-host", "18-image-implicit-latest"],
)
def test_case_findings_name_the_family(case):
    result = scan([str(CASES / case / "taskdef.json")], [rule() for rule in ALL_RULES])
    families = {finding.resource for finding in result.findings}
    family = json.loads((CASES / case / "taskdef.json").read_text())["family"]
    assert families == {family}
