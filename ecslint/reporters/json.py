"""JSON output, a contract other tools read: keep the documented keys stable."""

from __future__ import annotations

import json

from ecslint import __version__
from ecslint.reporters.summary import summarize
from ecslint.scan import ScanResult


def render_json(result: ScanResult, color: bool = False, show_unknown: bool = False) -> str:
    """Return ``{"version", "findings", "errors", "summary"}`` as indented JSON.

    With ``show_unknown``, an ``unknowns`` list gives each value that could not be resolved.
    """
    document = {
        "version": __version__,
        "findings": [
            {
                "rule": finding.rule,
                "cause": finding.cause,
                "severity": str(finding.severity),
                "file": finding.location.path,
                "line": finding.location.line or 1,
                "column": finding.location.column or 1,
                "resource": finding.resource,
                "message": finding.message,
                "fix": finding.fix,
            }
            for finding in result.findings
        ],
        "errors": [
            {"code": error.code, "file": error.path, "line": error.line, "message": error.message}
            for error in result.errors
        ],
        "summary": summarize(result),
    }
    if show_unknown:
        document["unknowns"] = [
            {"file": location.path, "line": location.line, "what": what}
            for location, what in sorted(result.unknowns, key=_unknown_order)
        ]
    return json.dumps(document, indent=2) + "\n"


def _unknown_order(item) -> tuple:
    location, what = item
    return (location.path, location.line or 0, location.column or 0, what)
