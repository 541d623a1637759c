"""``ecslint check``: scan paths and report findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ecslint.cli.progress import Progress, progress_wanted
from ecslint.config import Config, ConfigError, find_config, load_config
from ecslint.errors import INVALID_CONFIGURATION
from ecslint.rules import ALL_RULES
from ecslint.rules.base import Rule, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
FAIL_ON = ("error", "warning", "note", "never")
FORMATS = ("text", "json", "sarif", "github")


def _codes(values) -> list[str]:
    """Split comma-separated code prefixes, rejecting any that names no rule."""
    codes = [code.strip().upper() for value in values for code in value.split(",") if code.strip()]
    for code in codes:
        if not any(rule.code.startswith(code) for rule in ALL_RULES):
            raise click.BadParameter(
                f"{code!r} matches no rule code; `ecslint rules` lists the codes"
            )
    return codes


def select_rules(
    select: list[str], ignore: list[str], options: dict | None = None, report_unused: bool = False
) -> list[Rule]:
    """Return rule instances whose code starts with a selected prefix and with no ignored one.

    Opt-in rules run only when their full code is selected, or, for the unused-suppression
    rule, when ``report_unused`` is set.
    """
    chosen = []
    for rule in ALL_RULES:
        if rule.opt_in and rule.code not in select and not report_unused:
            continue
        if select and not any(rule.code.startswith(prefix) for prefix in select):
            continue
        if any(rule.code.startswith(prefix) for prefix in ignore):
            continue
        chosen.append(rule(options))
    return chosen


def exit_code(result, fail_on: str) -> int:
    if result.errors:
        return EXIT_FAILURE
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in result.findings) else EXIT_CLEAN


def _load_settings(paths, config_path) -> Config:
    path = Path(config_path) if config_path else find_config(list(paths))
    if path is None:
        return Config()
    try:
        return load_config(path)
    except ConfigError as error:
        click.echo(f"{INVALID_CONFIGURATION} {error}", err=True)
        sys.exit(EXIT_FAILURE)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: warning).",
)
@click.option(
    "--select", multiple=True, help="Run only rules whose code starts with these (comma-separated)."
)
@click.option(
    "--ignore", multiple=True, help="Skip rules whose code starts with these (comma-separated)."
)
@click.option("--exclude", multiple=True, help="Glob of files or directories to skip; repeatable.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file; by default the nearest .ecslint.toml, or pyproject.toml with "
    "[tool.ecslint].",
)
@click.option(
    "--var-file",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Terraform variable file to read; repeatable.",
)
@click.option(
    "--no-suppress",
    is_flag=True,
    help="Ignore inline suppressions and per-path ignores, to audit everything.",
)
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that suppress nothing (ECS090).",
)
@click.option(
    "--show-unknown",
    is_flag=True,
    help="Also list values that could not be resolved, so checks that needed them were skipped.",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print findings only, without the progress indicator."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core for large scans, 1 for small ones).",
)
@click.option(
    "--debug", is_flag=True, help="Log rule crashes with their traceback on standard error."
)
def check_command(
    paths,
    output_format,
    fail_on,
    select,
    ignore,
    exclude,
    config_path,
    var_file,
    no_suppress,
    report_unused_suppressions,
    show_unknown,
    quiet,
    output,
    jobs,
    debug,
) -> None:
    """Check task definitions, templates and Terraform under PATHS.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 an input could not
    be read or parsed, the configuration is invalid, or the command was misused.
    """
    from ecslint.reporters import RENDERERS
    from ecslint.reporters.text import render_errors, render_unknowns
    from ecslint.scan import ScanSettings, scan

    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG)
    config = _load_settings(paths, config_path)
    report_unused = report_unused_suppressions or config.report_unused_suppressions
    rules = select_rules(
        _codes(select) or config.select,
        [*config.ignore, *_codes(ignore)],
        {"image_sizes": config.image_sizes},
        report_unused,
    )
    settings = ScanSettings(
        severity=config.severity,
        per_path_ignores=config.per_path_ignores,
        per_path_base=os.path.abspath(config.path.parent) if config.path else None,
        suppress=not no_suppress,
        report_unused=report_unused,
        var_files=[*config.var_files, *var_file],
        jobs=jobs,
    )
    progress = Progress(sys.stderr, progress_wanted(sys.stderr, quiet))
    try:
        result = scan(paths, rules, [*config.exclude, *exclude], settings, progress)
    finally:
        progress.close()
    color = output is None and output_format == "text" and _use_color()
    if output_format == "json":
        report = RENDERERS["json"](result, show_unknown=show_unknown)
    else:
        report = RENDERERS[output_format](result, color=color)
    # The GitHub format annotates input errors itself. The other formats carry them in the
    # report too, but a CI log shows only the standard error when the report goes to a file.
    if output_format != "github" and result.errors:
        click.echo(render_errors(result), err=True, nl=False)
    if show_unknown and output_format != "json":
        click.echo(render_unknowns(result), err=True, nl=False)
    _write(report, output)
    sys.exit(exit_code(result, fail_on or config.fail_on or "warning"))


def _write(report: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        click.echo(report, nl=False)


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
