"""Every rule against its fail and pass fixtures, asserting rule, line and resource exactly."""

from __future__ import annotations

import pytest

from ecslint.config import load_config
from ecslint.rules import ALL_RULES
from ecslint.scan import ScanSettings, scan
from tests.fixture_cases import fixture_cases

CASES = fixture_cases()


def _options(case) -> dict:
    """Return rule options from the fixture folder's .ecslint.toml, such as image sizes."""
    path = case.path.parent / ".ecslint.toml"
    return {"image_sizes": load_config(path).image_sizes} if path.exists() else {}


def _findings(case):
    rules = [rule(_options(case)) for rule in ALL_RULES]
    result = scan([str(case.path)], rules, settings=ScanSettings(report_unused=True))
    return result, sorted(
        (finding.rule, finding.location.line, finding.resource)
        for finding in result.findings
        if finding.rule == case.code
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fixture_findings(case):
    result, found = _findings(case)
    assert result.errors == []
    assert found == list(case.expected)


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "fail"], ids=str)
def test_fail_fixture_expects_finding(case):
    assert case.expected, f"{case} is a fail fixture but its .expected file lists no finding"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_has_fail_and_pass_fixtures(rule):
    kinds = {case.kind for case in CASES if case.code == rule.code}
    assert kinds == {"fail", "pass"}
