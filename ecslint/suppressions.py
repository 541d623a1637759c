"""Inline suppressions and per-path ignores.

A comment ``# ecslint: ignore[ECS301,ECS6] reason`` (``//`` also works in HCL) suppresses the
listed codes or code prefixes on its own line and on the line below it. A CloudFormation
resource's ``Metadata: {ecslint: {ignore: [...]}}`` suppresses codes for findings on that
resource. Configuration adds per-path ignores, whose patterns are relative to the directory of
the configuration file. ``--no-suppress`` turns all of these off.
"""

from __future__ import annotations

import fnmatch
import os
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
    # The directory that per-path patterns are relative to: the configuration file's.
    base: str | None = None

    def filter(
        self, model: Model, findings: list[Finding]
    ) -> tuple[list[Finding], set[tuple[str, int]]]:
        """Return the findings that stay, and the (file, line) of each comment that suppressed
        something."""
        kept, used = [], set()
        for finding in findings:
            line = self._comment_line(model, finding)
            if line is not None:
                used.add((finding.location.path, line))
                continue
            if self._resource_ignored(model, finding) or self._path_ignored(finding):
                continue
            kept.append(finding)
        return kept, used

    @staticmethod
    def _comment_line(model: Model, finding: Finding) -> int | None:
        line = finding.location.line
        if line is None:
            return None
        if finding.location.path == model.path:
            table = model.suppressions
        else:
            table = model.file_suppressions.get(finding.location.path, {})
        for candidate in (line, line - 1):
            if _matches(finding.rule, table.get(candidate, ())):
                return candidate
        return None

    @staticmethod
    def _resource_ignored(model: Model, finding: Finding) -> bool:
        codes = model.resource_suppressions.get(finding.resource, ())
        return _matches(finding.rule, codes) is not None

    def _path_ignored(self, finding: Finding) -> bool:
        """Match the finding's file, relative to ``base``, against the per-path patterns.

        A pattern without a slash also matches the file name alone, in any directory. Files
        outside ``base`` match only such patterns.
        """
        if not self.per_path_ignores:
            return False
        relative = self._relative(finding.location.path)
        name = relative.rsplit("/", 1)[-1]
        for pattern, codes in self.per_path_ignores.items():
            pattern = pattern.replace("\\", "/").removeprefix("./")
            inside = not relative.startswith("../") and fnmatch.fnmatch(relative, pattern)
            if (inside or ("/" not in pattern and fnmatch.fnmatch(name, pattern))) and _matches(
                finding.rule, codes
            ):
                return True
        return False

    def _relative(self, path: str) -> str:
        base = self.base or os.getcwd()
        return os.path.relpath(os.path.abspath(path), base).replace("\\", "/")


def unused_directives(model: Model, used: set[tuple[str, int]]) -> list[tuple[str, int]]:
    """Return the (file, line) of the model's own comments that suppressed nothing.

    The model's own comments are those of its ``path`` and, for a Terraform directory, of the
    ``.tf`` files directly in it. Comments in nested stacks and modules are left out, because
    another model that reads the same file may use them.
    """
    tables = {model.path: model.suppressions}
    tables.update(
        (path, table)
        for path, table in model.file_suppressions.items()
        if os.path.dirname(path) == os.path.normpath(model.path)
    )
    return sorted(
        (path, line) for path, table in tables.items() for line in table if (path, line) not in used
    )
