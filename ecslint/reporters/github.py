"""GitHub Actions workflow commands: one annotation per finding and per input error.

https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from ecslint.scan import ScanResult

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(
    command: str, path: str, line: int | None, column: int | None, title: str, text: str
) -> str:
    properties = [f"file={_escape_property(path)}"]
    if line:
        properties.append(f"line={line}")
    if column:
        properties.append(f"col={column}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{command} {','.join(properties)}::{_escape_data(text)}"


def render_github(result: ScanResult, color: bool = False) -> str:
    """Return ``::error file=…,line=…,title=…::message`` lines for the scan result."""
    lines = [
        _annotation(
            _COMMANDS[str(finding.severity)],
            finding.location.path,
            finding.location.line or 1,
            finding.location.column,
            f"{finding.rule} ({finding.resource})",
            f"{finding.message}\nfix: {finding.fix}",
        )
        for finding in result.findings
    ]
    lines += [
        _annotation("error", error.path, error.line, None, error.code, error.message)
        for error in result.errors
    ]
    return "".join(f"{line}\n" for line in lines)
