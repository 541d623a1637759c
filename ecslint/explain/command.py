"""The ``ecslint explain`` command."""

from __future__ import annotations

import sys

import click

from ecslint.explain.matcher import explain, parse_input
from ecslint.explain.render import render_json, render_text

EXIT_RECOGNISED = 0
EXIT_UNKNOWN = 1
EXIT_NO_REASON = 2

_NO_REASON = (
    "error: no stopped reason found in the input. Pass the reason as an argument, or pipe "
    "it or the output of `aws ecs describe-tasks` to standard input."
)


@click.command("explain")
@click.argument("reason", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format: text for a terminal, json for scripts.",
)
def explain_command(reason: str | None, output_format: str) -> None:
    """Name the cause of an ECS stopped reason, how to confirm it and how to fix it.

    REASON is a task's stoppedReason or a container's reason, or the JSON output of
    `aws ecs describe-tasks`, which is explained once per distinct reason in it. Without
    REASON, or with -, the input is read from standard input. Text that is not valid JSON
    is read as a plain reason.

    With --format json, a plain reason prints one object with the keys cause, kind,
    confirm, fix and rules. JSON input prints a list of such objects, each with an added
    reason key.

    Exit status: 0 when every reason was recognised, 1 when at least one was not, and 2
    when the input contains no reason or the command line is invalid.
    """
    raw = _read_stdin() if reason in (None, "-") else reason
    parsed = parse_input(raw)
    if not parsed.reasons:
        click.echo(_NO_REASON, err=True)
        raise click.exceptions.Exit(EXIT_NO_REASON)

    pairs = [(text, explain(text)) for text in parsed.reasons]
    if output_format == "json":
        click.echo(render_json(pairs, with_reason=parsed.from_describe_tasks))
    else:
        click.echo("\n\n".join(render_text(text, explanation) for text, explanation in pairs))

    if all(explanation.recognised for _, explanation in pairs):
        raise click.exceptions.Exit(EXIT_RECOGNISED)
    raise click.exceptions.Exit(EXIT_UNKNOWN)


def _read_stdin() -> str:
    """Read standard input, replacing bytes that are not UTF-8 so any input gives a result."""
    if sys.stdin is None:
        return ""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    return buffer.read().decode("utf-8", errors="replace")
