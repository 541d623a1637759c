"""The ``ecslint`` command: ``check``, ``rules``, ``rule`` and ``explain``."""

from __future__ import annotations

import click

from ecslint import __version__
from ecslint.cli.check import check_command
from ecslint.cli.docs import rule_command, rules_command


class _LazyGroup(click.Group):
    """A command group that imports ``explain`` only when it is run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "explain"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "explain":
            from ecslint.explain.command import explain_command

            return explain_command
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ecslint")
def cli() -> None:
    """Find what will make Amazon ECS tasks fail with CannotPullContainerError, before deploying.

    Reads task-definition JSON, CloudFormation and Terraform.
    """


cli.add_command(check_command)
cli.add_command(rules_command)
cli.add_command(rule_command)


def main() -> None:
    cli(prog_name="ecslint")
