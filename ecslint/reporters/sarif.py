"""SARIF 2.1.0 output for code-scanning services.

Rule metadata comes from the rule classes and their docstrings, the same source as
`ecslint rule CODE`. Result locations are relative to the repository root: the nearest
directory at or above the working directory that contains `.git`, else the working directory.
A file outside it gets an absolute URI. Each result carries a fingerprint built from its rule,
file, resource and message, not its line, so moving lines does not open a new alert.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ecslint import __version__
from ecslint.rules import ALL_RULES
from ecslint.scan import ScanResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def repository_root(start: Path | None = None) -> Path:
    """Return the closest directory at or above ``start`` that contains ``.git``."""
    start = (start or Path.cwd()).resolve()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def _artifact(path: str, root: Path) -> dict:
    """Return an artifactLocation: relative to %SRCROOT% inside the repository, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return {"uri": absolute.relative_to(root).as_posix(), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": absolute.as_uri()}


def _rule_descriptor(rule) -> dict:
    documentation = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": documentation.split("\n## ")[0].strip()},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _LEVELS[str(rule.severity)]},
        "properties": {"cause": rule.cause, "tags": ["ecs", f"cause-{rule.cause or 'none'}"]},
    }


def _fingerprint(finding, uri: str) -> str:
    text = "\0".join((finding.rule, uri, finding.resource, finding.message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _result(finding, index: dict[str, int], root: Path) -> dict:
    artifact = _artifact(finding.location.path, root)
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVELS[str(finding.severity)],
        "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": finding.location.line or 1,
                        "startColumn": finding.location.column or 1,
                    },
                },
                "logicalLocations": [{"name": finding.resource}],
            }
        ],
        "partialFingerprints": {"ecslintFinding/v1": _fingerprint(finding, artifact["uri"])},
    }


def _notification(error, root: Path) -> dict:
    location = {"artifactLocation": _artifact(error.path, root)}
    if error.line:
        location["region"] = {"startLine": error.line}
    return {
        "descriptor": {"id": error.code},
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": location}],
    }


def render_sarif(result: ScanResult, color: bool = False) -> str:
    """Return the scan result as a SARIF 2.1.0 log with one run."""
    root = repository_root()
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "ecslint",
                "version": __version__,
                "informationUri": "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html",
                "rules": [_rule_descriptor(rule) for rule in ALL_RULES],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": [_notification(e, root) for e in result.errors],
            }
        ],
        "results": [_result(finding, index, root) for finding in result.findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"
