"""Explain an ECS stopped reason: its cause, how to confirm it, how to fix it.

``explain(text)`` matches one stopped reason against a table of hand-written patterns.
``explain_input(raw)`` accepts a plain reason or ``aws ecs describe-tasks`` JSON and
explains each distinct reason in it. ``render_text`` formats one explanation for a terminal,
and ``ecslint.explain.command.explain_command`` is the click command.
"""

from ecslint.explain.matcher import Explanation, explain, explain_input, parse_input
from ecslint.explain.render import render_json, render_text

__all__ = [
    "Explanation",
    "explain",
    "explain_input",
    "parse_input",
    "render_json",
    "render_text",
]
