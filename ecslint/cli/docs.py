"""``ecslint rules`` and ``ecslint rule CODE``: the rule catalogue from the rule docstrings."""

from __future__ import annotations

import sys

import click

from ecslint.rules import ALL_RULES, RULES_BY_CODE


@click.command("rules")
def rules_command() -> None:
    """List every rule: code, name, cause, default severity and summary."""
    for rule in ALL_RULES:
        cause = str(rule.cause) if rule.cause else "-"
        click.echo(
            f"{rule.code}  {rule.name:<34} {cause:>5}  {str(rule.severity):<7}  {rule.summary()}"
        )


@click.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of the rule CODE (for example ECS301)."""
    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        click.echo(f"unknown rule code {code!r}; `ecslint rules` lists the codes", err=True)
        sys.exit(2)
    cause = f"cause {rule.cause}" if rule.cause else "no cause number"
    click.echo(f"{rule.code} {rule.name} ({cause}, default severity {rule.severity})\n")
    click.echo(rule.documentation())
