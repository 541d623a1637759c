"""Terminal and JSON output for explanations."""

from __future__ import annotations

import json
from typing import Any

from ecslint.explain.advice import CAUSE_NAMES
from ecslint.explain.matcher import Explanation


def render_text(text: str, explanation: Explanation) -> str:
    """Format one stopped reason and its explanation for the terminal, without a final newline."""
    rules = (
        ", ".join(explanation.rules) or "none (no ecslint rule checks for this before deployment)"
    )
    lines = [
        f"Reason:  {text.strip()}",
        f"Cause:   {_cause_line(explanation)}",
        f"Kind:    {explanation.kind}",
        f"What:    {explanation.summary}",
        f"Confirm: {explanation.confirm}",
        f"Fix:     {explanation.fix}",
        f"Rules:   {rules}",
    ]
    return "\n".join(lines)


def render_json(pairs: list[tuple[str, Explanation]], with_reason: bool) -> str:
    """Format explanations as JSON.

    With ``with_reason`` the result is a list of objects, each with an added ``reason``
    field. Without it, ``pairs`` must hold one pair, which is printed as one object.
    """
    if not with_reason:
        if len(pairs) != 1:
            raise ValueError(f"one explanation expected without reasons, got {len(pairs)}")
        return json.dumps(pairs[0][1].to_dict(), indent=2)
    items: list[dict[str, Any]] = [
        {**explanation.to_dict(), "reason": reason} for reason, explanation in pairs
    ]
    return json.dumps(items, indent=2)


def _cause_line(explanation: Explanation) -> str:
    if explanation.cause is not None:
        name = CAUSE_NAMES[explanation.cause]
        return f"{explanation.cause} of the 7 image-pull causes: {name}"
    if not explanation.recognised:
        return "unknown"
    return "none of the seven image-pull causes; another start-up failure"
