"""``ecslint check``: scan paths and report findings."""

from __future__ import annotations

import os
import sys

import click

from ecslint.rules import ALL_RULES
from ecslint.rules.base import Rule, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
FAIL_ON = ("error", "warning", "note", "never")


def _codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def select_rules(select: list[str], ignore: list[str]) -> list[Rule]:
    """Return rule instances whose code starts with a selected prefix and with no ignored one."""
    chosen = []
    for rule in ALL_RULES:
        if select and not any(rule.code.startswith(prefix) for prefix in select):
            continue
        if any(rule.code.startswith(prefix) for prefix in ignore):
            continue
        chosen.append(rule())
    return chosen


def exit_code(result, fail_on: str) -> int:
    if result.errors:
        return EXIT_FAILURE
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in result.findings) else EXIT_CLEAN


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--select", multiple=True, help="Run only rules whose code starts with these (comma-separated)."
)
@click.option(
    "--ignore", multiple=True, help="Skip rules whose code starts with these (comma-separated)."
)
@click.option("--exclude", multiple=True, help="Glob of files or directories to skip; repeatable.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file.",
)
@click.option(
    "--debug", is_flag=True, help="Log rule crashes with their traceback on standard error."
)
def check_command(paths, output_format, fail_on, select, ignore, exclude, output, debug) -> None:
    """Check task definitions, templates and Terraform under PATHS.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 an input could not
    be read or parsed, or the command was misused.
    """
    from ecslint.reporters import RENDERERS
    from ecslint.reporters.text import render_errors
    from ecslint.scan import scan

    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG)
    rules = select_rules(_codes(select), _codes(ignore))
    result = scan(paths, rules, excludes=exclude)
    color = output is None and output_format == "text" and _use_color()
    report = RENDERERS[output_format](result, color=color)
    if output_format == "text" and result.errors:
        click.echo(render_errors(result), err=True, nl=False)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        click.echo(report, nl=False)
    sys.exit(exit_code(result, fail_on))


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
