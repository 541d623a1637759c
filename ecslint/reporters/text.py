"""Text output for terminals and logs: one line per finding, its fix below it, a summary."""

from __future__ import annotations

from ecslint.reporters.summary import summarize
from ecslint.scan import ScanResult


def _one_line(text: str) -> str:
    """Escape line breaks and other control characters that input values may carry."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(result: ScanResult, color: bool = False) -> str:
    """Return the findings as ``file:line:col: CODE [severity] message`` with fix lines."""
    lines = []
    for finding in result.findings:
        location = finding.location
        severity = str(finding.severity)
        if color:
            severity = _paint(severity)
        lines.append(
            f"{location.path}:{location.line or 1}:{location.column or 1}: "
            f"{finding.rule} [{severity}] {_one_line(finding.message)}"
        )
        lines.append(f"    fix: {_one_line(finding.fix)}")
    counts = summarize(result)
    summary = (
        f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
        f"{_plural(counts['notes'], 'note')} in {_plural(counts['inputs'], 'input')}"
    )
    if counts["input_errors"]:
        summary += f"; {_plural(counts['input_errors'], 'input error')} on standard error"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def render_errors(result: ScanResult) -> str:
    """Return one line per input error, for standard error."""
    return "".join(f"{error}\n" for error in result.errors)


_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}


def _paint(severity: str) -> str:
    return f"{_COLORS.get(severity, '')}{severity}\033[0m"


def render_unknowns(result: ScanResult) -> str:
    """Return one line per value that could not be resolved, for ``--show-unknown``."""
    ordered = sorted(
        result.unknowns, key=lambda item: (item[0].path, item[0].line or 0, item[0].column or 0)
    )
    if not ordered:
        return "no unresolved values\n"
    return "".join(f"{location}: unknown: {what}\n" for location, what in ordered)
