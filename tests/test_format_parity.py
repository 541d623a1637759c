"""CloudFormation fixtures and their Terraform twins give the same rule codes.

Pairing rule: a CloudFormation fixture ``fixtures/<CODE>/<name>.yaml`` pairs with the
Terraform directory ``fixtures/<CODE>/<stem>_tf``, where ``<stem>`` is ``<name>`` without a
``-cfn`` suffix. So ``fail.yaml`` and ``fail-cfn.yaml`` pair with ``fail_tf``, and
``pass_nat.yaml`` with ``pass_nat_tf``. Task-definition JSON fixtures have no twin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import ScanSettings, scan
from tests.fixture_cases import FIXTURES

# Rules whose CloudFormation fixtures cannot have a Terraform twin, with the reason.
NO_TERRAFORM_TWIN = {
    # The rule reads a CDK cloud assembly (*.template.json beside *.assets.json); Terraform
    # has no image assets built from a Dockerfile by the tool itself.
    "ECS403": "CDK image assets exist only in CDK output",
}


def _cloudformation_fixtures() -> list[Path]:
    found = []
    for rule_dir in sorted(FIXTURES.iterdir()):
        if not rule_dir.is_dir() or rule_dir.name in NO_TERRAFORM_TWIN:
            continue
        for pattern in ("fail*.yaml", "pass*.yaml"):
            found.extend(sorted(rule_dir.glob(pattern)))
    return found


def twin_of(path: Path) -> Path:
    """Return the Terraform directory that pairs with a CloudFormation fixture."""
    return path.parent / f"{path.stem.removesuffix('-cfn')}_tf"


def _codes(path: Path) -> set[str]:
    result = scan(
        [str(path)], [rule() for rule in ALL_RULES], settings=ScanSettings(report_unused=True)
    )
    assert result.errors == [], f"{path}: {result.errors}"
    return {finding.rule for finding in result.findings}


PAIRS = _cloudformation_fixtures()


def _pair_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_pairing_rule_examples():
    assert twin_of(FIXTURES / "ECS302" / "fail-cfn.yaml").name == "fail_tf"
    assert twin_of(FIXTURES / "ECS102" / "fail.yaml").name == "fail_tf"
    assert twin_of(FIXTURES / "ECS201" / "pass_nat.yaml").name == "pass_nat_tf"


def test_exempt_rules_have_no_yaml_fixtures():
    # An exempt rule whose fixtures were YAML templates would need a twin after all.
    for code in NO_TERRAFORM_TWIN:
        assert not list((FIXTURES / code).glob("*.yaml"))


@pytest.mark.parametrize("path", PAIRS, ids=_pair_id)
def test_cloudformation_fixture_has_twin(path):
    assert twin_of(path).is_dir(), f"{path} has no Terraform twin {twin_of(path).name}"


@pytest.mark.parametrize("path", PAIRS, ids=_pair_id)
def test_twins_give_same_codes(path):
    twin = twin_of(path)
    if not twin.is_dir():
        pytest.fail(f"{path} has no Terraform twin {twin.name}")
    assert _codes(twin) == _codes(path)
