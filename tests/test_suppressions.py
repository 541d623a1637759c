"""Inline suppression comments and resource suppressions, independent of the input format."""

from __future__ import annotations

from ecslint.model import Model
from ecslint.model.values import Location
from ecslint.rules.base import Finding, Severity
from ecslint.suppressions import Suppressor, comment_suppressions, unused_directives


def _finding(rule: str, line: int, resource: str = "Web") -> Finding:
    return Finding(rule, Severity.WARNING, Location("t.yaml", line, 1), resource, "m", "f")


def test_comment_codes_parsed():
    text = (
        "a: 1\n"
        "Image: nginx  # ecslint: ignore[ECS302, ecs6] pinned upstream\n"
        "// ecslint: ignore[ECS1]"
    )
    assert comment_suppressions(text) == {2: {"ECS302", "ECS6"}, 3: {"ECS1"}}


def test_same_line_and_line_below():
    model = Model("t.yaml", "cloudformation", suppressions={4: {"ECS302"}})
    kept, used = Suppressor({}).filter(model, [_finding("ECS302", 4), _finding("ECS302", 5)])
    assert kept == []
    assert used == {("t.yaml", 4)}


def test_other_codes_and_lines_kept():
    model = Model("t.yaml", "cloudformation", suppressions={4: {"ECS302"}})
    findings = [_finding("ECS601", 4), _finding("ECS302", 6)]
    kept, _ = Suppressor({}).filter(model, findings)
    assert kept == findings


def test_prefix_suppresses_family():
    model = Model("t.yaml", "cloudformation", suppressions={2: {"ECS3"}})
    kept, _ = Suppressor({}).filter(model, [_finding("ECS303", 2)])
    assert kept == []


def test_resource_suppression():
    model = Model("t.yaml", "cloudformation", resource_suppressions={"Web": {"ECS601"}})
    kept, _ = Suppressor({}).filter(model, [_finding("ECS601", 9), _finding("ECS601", 9, "Api")])
    assert [finding.resource for finding in kept] == ["Api"]


def test_unused_directive_lines():
    model = Model("t.yaml", "cloudformation", suppressions={2: {"ECS302"}, 7: {"ECS601"}})
    _, used = Suppressor({}).filter(model, [_finding("ECS302", 3)])
    assert unused_directives(model, used) == [("t.yaml", 7)]
