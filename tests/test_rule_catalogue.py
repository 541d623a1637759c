"""The rule catalogue: codes, names, documentation sections and the generated reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecslint.docs import readme_with_table, rules_markdown
from ecslint.rules import ALL_RULES
from ecslint.rules.base import Severity

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
SECTIONS = ("## What it does", "## Why it fails the task", "## Example", "## Use instead")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_metadata(rule):
    assert re.fullmatch(r"ECS[0-9]{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    assert isinstance(rule.severity, Severity)
    hundreds = int(rule.code[3])
    assert rule.cause == (hundreds if 1 <= hundreds <= 7 else None)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_documentation_sections(rule):
    documentation = rule.documentation()
    for section in SECTIONS:
        assert section in documentation, f"{rule.code} lacks {section!r}"
    assert "https://" in documentation.split("## References")[-1]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_summary_is_one_sentence(rule):
    summary = rule.summary()
    assert summary.endswith(".")
    assert len(summary) <= 100


def test_codes_and_names_unique():
    assert len({rule.code for rule in ALL_RULES}) == len(ALL_RULES)
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


def test_rules_doc_is_current():
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale; run python scripts/generate_rules_doc.py"
    )


def test_readme_rule_table_is_current():
    readme = README.read_text(encoding="utf-8")
    assert readme == readme_with_table(readme), (
        "the README's rule table is stale; run python scripts/generate_rules_doc.py"
    )


def test_readable_ecr_url_placeholders():
    from ecslint.rules.base import readable

    url = (
        "${module.ecr.aws_ecr_repository.app.registry_id}.dkr.ecr."
        "${module.ecr.aws_ecr_repository.app.region}.amazonaws.com/app"
    )

    assert readable(url) == "<account-id>.dkr.ecr.<region>.amazonaws.com/app"


def test_readable_unresolved_cloudformation_parts():
    from ecslint.rules.base import readable

    text = readable('"${?}.dkr.ecr.${?}.amazonaws.com/worker:${?}"')

    assert text == '"<account-id>.dkr.ecr.<region>.amazonaws.com/worker:<unknown>"'
