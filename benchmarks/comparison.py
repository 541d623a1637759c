"""Run ecslint, checkov and cfn-lint on one tree in alternation and summarise what they found.

The tools take turns: ecslint, checkov, cfn-lint, then the ecslint variants, then again from
the start. A slow patch on the machine, such as another job starting, then falls on every
tool instead of on one tool's runs.

Tool choices, so that the comparison is fair:

- checkov runs with ``--framework cloudformation terraform``. Its ``json`` framework only
  runs custom policies (``checkov --list --framework json`` lists none in checkov 3.3) and its
  CloudFormation runner already opens every JSON file to look for templates.
- cfn-lint gets only the CloudFormation and SAM templates of the tree, found by their text,
  because it reads nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import measure

CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def ecslint_command() -> list[str]:
    """Return the ``ecslint`` console script beside this Python, or ``python -m ecslint``."""
    script = Path(sys.executable).parent / "ecslint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ecslint"]


def tree_commands(tree: Path, half: Path | None, bin_directory: Path) -> dict[str, list[str]]:
    """Return the command of each tool for ``tree``, in the order the runs alternate."""
    ecslint = [*ecslint_command(), "check"]
    options = ["--format", "json", "--fail-on", "never", "--quiet"]
    commands = {
        "ecslint": [*ecslint, str(tree), *options],
        "checkov": [
            str(bin_directory / "checkov"),
            *("-d", str(tree), "--framework", "cloudformation", "terraform"),
            *("--quiet", "--compact", "-o", "json", "--skip-download"),
        ],
    }
    templates = cloudformation_templates(tree)
    if templates:
        commands["cfn-lint"] = [
            str(bin_directory / "cfn-lint"),
            *("--format", "parseable", "--"),
            *(str(path) for path in templates),
        ]
    if half is not None:
        commands["ecslint, half tree"] = [*ecslint, str(half), *options]
        commands["ecslint -j 1"] = [*ecslint, str(tree), "--jobs", "1", *options]
    return commands


def cloudformation_templates(tree: Path) -> list[Path]:
    """Return the files under ``tree`` whose text looks like a CloudFormation or SAM template."""
    found = []
    for directory, _, names in os.walk(tree):
        for name in sorted(names):
            if not name.lower().endswith(CFN_SUFFIXES):
                continue
            path = Path(directory) / name
            text = path.read_text(encoding="utf-8", errors="replace")
            if "AWSTemplateFormatVersion" in text or ("Resources" in text and "AWS::" in text):
                found.append(path)
    return sorted(found)


def compare_tree(
    label: str, tree: Path, half: Path | None, bin_directory: Path, arguments: argparse.Namespace
) -> dict:
    """Time every tool on ``tree`` ``arguments.runs`` times, alternating, and summarise."""
    commands = tree_commands(tree, half, bin_directory)
    prefix = measure.offline_prefix()
    samples: dict[str, list[measure.Sample]] = {tool: [] for tool in commands}
    outputs = {tool: arguments.work / "output" / f"{label}-{_slug(tool)}.out" for tool in commands}
    for round_number in range(1, arguments.runs + 1):
        for tool, command in commands.items():
            print(f"{label}: run {round_number}/{arguments.runs} of {tool}", flush=True)
            samples[tool].append(measure.timed([*prefix, *command], outputs[tool]))
    return {
        "label": label,
        "path": str(tree),
        "half": str(half) if half else None,
        "prefix": prefix,
        "cfn_templates": len(cloudformation_templates(tree)),
        "commands": {tool: _display(command, tree) for tool, command in commands.items()},
        "samples": {tool: [vars(s) for s in runs] for tool, runs in samples.items()},
        "summaries": {tool: summarise_output(tool, outputs[tool]) for tool in commands},
    }


def _slug(tool: str) -> str:
    return "".join(character if character.isalnum() else "-" for character in tool)


def _display(command: list[str], tree: Path) -> str:
    """Return ``command`` as text, with a long list of template paths shortened."""
    parts = [Path(part).name if "/bin/" in part else part for part in command]
    if len(parts) > 12:
        parts = [*parts[:6], f"<{len(parts) - 6} templates under {tree}>"]
    return " ".join(parts)


def summarise_output(tool: str, output: Path) -> str:
    """Return a short count of what the tool reported in its last run."""
    text = output.read_text(encoding="utf-8", errors="replace")
    if tool.startswith("ecslint"):
        summary = json.loads(text)["summary"]
        return ", ".join(f"{key} {value}" for key, value in summary.items())
    if tool == "checkov":
        return _checkov_summary(text)
    lines = [line for line in text.splitlines() if line.strip()]
    return f"{len(lines)} findings"


def _checkov_summary(text: str) -> str:
    """Return the totals of checkov's JSON summaries.

    Seen on 2026-12-04: checkov 3.3.30 wrote a fragment of another report after its JSON on
    one run of the corpus, so only the first JSON value is read.
    """
    try:
        value = json.JSONDecoder().raw_decode(text.lstrip())[0] if text.strip() else []
    except ValueError:
        return "output not readable as JSON"
    reports = value if isinstance(value, list) else [value]
    totals = {"passed": 0, "failed": 0, "parsing_errors": 0, "resource_count": 0}
    for entry in reports:
        summary = entry.get("summary", {}) if isinstance(entry, dict) else {}
        for key in totals:
            totals[key] += int(summary.get(key, 0))
    return ", ".join(f"{key} {value}" for key, value in totals.items())


def measure_single_file(path: Path, output_directory: Path, runs: int) -> dict:
    """Time ecslint on one file ``runs`` times, as a pre-commit hook runs it."""
    command = [*ecslint_command(), "check", str(path), "--format", "json", "--fail-on", "never"]
    output = output_directory / "single-file.out"
    samples = [measure.timed(command, output) for _ in range(runs)]
    return {
        "path": str(path),
        "command": "/usr/bin/time -v " + _display(command, path),
        "samples": [vars(sample) for sample in samples],
    }
