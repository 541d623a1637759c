"""Counts shared by every reporter."""

from __future__ import annotations

from ecslint.rules.base import Severity
from ecslint.scan import ScanResult


def summarize(result: ScanResult) -> dict[str, int]:
    counts = {str(severity): 0 for severity in Severity}
    for finding in result.findings:
        counts[str(finding.severity)] += 1
    return {
        "inputs": result.inputs,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "notes": counts["note"],
        "input_errors": len(result.errors),
    }
