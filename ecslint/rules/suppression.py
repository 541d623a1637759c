"""Inline suppressions that suppress nothing (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Model
from ecslint.model.values import Location
from ecslint.rules.base import Finding, Rule, Severity


class UnusedSuppression(Rule):
    """Inline `ecslint: ignore[...]` comment that suppresses nothing.

    ## What it does
    Reports an `# ecslint: ignore[CODE]` comment when no finding of the listed codes sits on its
    line or the line below. Off by default: enable it with `report-unused-suppressions = true`
    in the configuration or `--report-unused-suppressions`.

    ## Why it fails the task
    It does not fail a task itself. A stale suppression hides the next real finding on that line,
    for example a `latest` tag reintroduced after the original problem was fixed.

    ## Example
    ```yaml
    Image: nginx:1.27.3  # ecslint: ignore[ECS302] pinned upstream
    ```

    ## Use instead
    ```yaml
    Image: nginx:1.27.3
    ```

    ## References
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    code = "ECS090"
    name = "unused-suppression"
    cause = None
    severity = Severity.WARNING
    opt_in = True

    def check(self, model: Model) -> Iterator[Finding]:
        # The scan reports unused suppressions after the other rules ran; see ``unused``.
        return iter(())

    def unused(self, model: Model, path: str, line: int) -> Finding:
        """Return the finding for the unused comment on ``line`` of ``path``."""
        table = model.suppressions if path == model.path else model.file_suppressions[path]
        codes = ", ".join(sorted(table.get(line, ())))
        return Finding(
            rule=self.code,
            severity=self.severity,
            location=Location(path, line, 1),
            resource="ecslint: ignore",
            message=f"Suppression comment for {codes or 'no code'} suppresses no finding",
            fix="remove the comment, or correct the codes it lists",
            cause=self.cause,
        )
