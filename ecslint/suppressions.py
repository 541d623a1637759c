"""Inline suppressions and per-path ignores.

A comment ``# ecslint: ignore[ECS301,ECS6] reason`` (``//`` also works in HCL) suppresses the
listed codes or code prefixes on its own line and on the line below it. A CloudFormation
resource's ``Metadata: {ecslint: {ignore: [...]}}`` suppresses codes for findings on that
resource. Configuration adds per-path ignores. ``--no-suppress`` turns all of these off.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ecslint.model import Model
from ecslint.rules.base import Finding

_DIRECTIVE = re.compile(r"(?:#|//)\s*ecslint:\s*ignore\[([A-Za-z0-9,\s]*)\]")


def comment_suppressions(text: str) -> dict[int, set[str]]:
    """Return {line: codes} for each ``ecslint: ignore[...]`` comment in ``text``."""
    found: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DIRECTIVE.search(line)
        if match:
            codes = {code.strip().upper() for code in match.group(1).split(",") if code.strip()}
            found[number] = codes
    return found


def _matches(code: str, prefixes: Iterable[str]) -> str | None:
    return next((prefix for prefix in prefixes if code.startswith(prefix)), None)


@dataclass
class Suppressor:
    """Filters findings through a model's suppressions and the configured per-path ignores."""

    per_path_ignores: dict[str, list[str]]

    def filter(self, model: Model, findings: list[Finding]) -> tuple[list[Finding], set[int]]:
        """Return the findings that stay, and the comment lines that suppressed something."""
        kept, used = [], set()
        for finding in findings:
            line = self._comment_line(model, finding)
            if line is not None:
                used.add(line)
                continue
            if self._resource_ignored(model, finding) or self._path_ignored(finding):
                continue
            kept.append(finding)
        return kept, used

    @staticmethod
    def _comment_line(model: Model, finding: Finding) -> int | None:
        line = finding.location.line
        if line is None or finding.location.path != model.path:
            return _other_file_line(model, finding)
        for candidate in (line, line - 1):
            if _matches(finding.rule, model.suppressions.get(candidate, ())):
                return candidate
        return None

    @staticmethod
    def _resource_ignored(model: Model, finding: Finding) -> bool:
        codes = model.resource_suppressions.get(finding.resource, ())
        return _matches(finding.rule, codes) is not None

    def _path_ignored(self, finding: Finding) -> bool:
        path = finding.location.path.replace("\\", "/")
        for pattern, codes in self.per_path_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, f"*/{pattern}"):
                if _matches(finding.rule, codes):
                    return True
        return False


def _other_file_line(model: Model, finding: Finding) -> int | None:
    # NOTE: findings in another file of the same model (a nested stack, a Terraform module) are
    # matched against that file's comments only when the loader recorded them per file.
    per_file = model.file_suppressions.get(finding.location.path, {})
    line = finding.location.line
    if line is None:
        return None
    for candidate in (line, line - 1):
        if _matches(finding.rule, per_file.get(candidate, ())):
            return candidate
    return None


def unused_directives(model: Model, used: set[int]) -> list[int]:
    """Return the lines of the model's own comments that suppressed nothing."""
    return sorted(line for line in model.suppressions if line not in used)
