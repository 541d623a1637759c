"""Clean network stacks must give no finding from any rule.

The baselines are the pass fixtures of ECS201, each in CloudFormation and Terraform. They are
public subnets with an internet gateway and a public IP, private subnets behind a NAT gateway,
isolated subnets with the full ECR endpoint set, and EC2 capacity behind a NAT gateway.
"""

from __future__ import annotations

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import scan
from tests.fixture_cases import FIXTURES

BASELINES = sorted(path for path in (FIXTURES / "ECS201").iterdir() if path.name.startswith("pass"))


def test_every_baseline_kind_exists():
    names = {path.name for path in BASELINES}
    for stem in ("pass", "pass_nat", "pass_endpoints", "pass_ec2"):
        assert f"{stem}.yaml" in names
        assert f"{stem}_tf" in names


@pytest.mark.parametrize("path", BASELINES, ids=lambda path: path.name)
def test_baseline_has_no_findings(path):
    result = scan([str(path)], [rule() for rule in ALL_RULES])
    assert result.errors == []
    assert [(f.rule, f.location.line, f.message) for f in result.findings] == []
