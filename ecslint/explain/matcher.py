"""Match stopped reasons to their cause, and read them from text or describe-tasks JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ecslint.explain.advice import UNKNOWN, Advice
from ecslint.explain.patterns import PATTERNS

# Curly quotes as the ECS console and documentation print them, mapped to ASCII.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Explanation:
    """The cause of one stopped reason and what to do about it.

    ``cause`` is 1 to 7 for the seven CannotPullContainerError causes and None for other
    start-up failures and for unrecognised text (``kind`` is then ``"unknown"``).
    """

    cause: int | None
    kind: str
    summary: str
    confirm: str
    fix: str
    rules: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        return self.kind != UNKNOWN.kind

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: exactly cause, kind, confirm, fix and rules."""
        return {
            "cause": self.cause,
            "kind": self.kind,
            "confirm": self.confirm,
            "fix": self.fix,
            "rules": list(self.rules),
        }


@dataclass(frozen=True)
class ParsedInput:
    """The distinct stopped reasons in an input, and whether it was describe-tasks JSON."""

    reasons: list[str]
    from_describe_tasks: bool


def normalise(text: str) -> str:
    """Return ``text`` with curly quotes made ASCII and runs of whitespace made one space."""
    return _WHITESPACE.sub(" ", text.translate(_QUOTES)).strip()


def explain(text: str) -> Explanation:
    """Return the explanation of the first pattern that matches ``text``, else ``unknown``."""
    normalised = normalise(text)
    for pattern in PATTERNS:
        if pattern.matches(normalised):
            return _from_advice(pattern.advice)
    return _from_advice(UNKNOWN)


def explain_input(raw: str) -> list[tuple[str, Explanation]]:
    """Explain each distinct stopped reason in a plain reason or describe-tasks JSON.

    Returns an empty list when the input contains no reason: blank text, or describe-tasks
    output whose tasks have no stoppedReason and no container reason.
    """
    return [(reason, explain(reason)) for reason in parse_input(raw).reasons]


def parse_input(raw: str) -> ParsedInput:
    """Read the stopped reasons from ``raw``.

    JSON is read as ``aws ecs describe-tasks`` output (an object with ``tasks``), one task
    object, a list of tasks, a list of reason strings, or one JSON string. Any other text,
    including JSON of another shape and JSON that does not parse, is one plain reason.
    """
    text = raw.strip()
    if not text:
        return ParsedInput([], from_describe_tasks=False)

    document = _load_json(text)
    if isinstance(document, str):
        return ParsedInput(_distinct([document]), from_describe_tasks=False)

    tasks = _tasks_in(document)
    if tasks is None:
        return ParsedInput([text], from_describe_tasks=False)
    return ParsedInput(_distinct(_reasons_in(tasks)), from_describe_tasks=True)


def _from_advice(advice: Advice) -> Explanation:
    return Explanation(
        cause=advice.cause,
        kind=advice.kind,
        summary=advice.summary,
        confirm=advice.confirm,
        fix=advice.fix,
        rules=list(advice.rules),
    )


def _load_json(text: str) -> Any:
    """Return the parsed JSON document, or None when ``text`` is not JSON."""
    if text[0] not in '{["':
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError and integers too long to convert, and very deep
        # nesting raises RecursionError. Either way the text is read as a plain reason.
        return None


def _tasks_in(document: Any) -> list[Any] | None:
    """Return the task objects or reason strings in ``document``, or None if it has none."""
    if isinstance(document, dict) and isinstance(document.get("tasks"), list):
        return document["tasks"]
    if isinstance(document, dict) and _looks_like_task(document):
        return [document]
    if isinstance(document, list) and document:
        if all(isinstance(item, str) or _looks_like_task(item) for item in document):
            return document
    return None


def _looks_like_task(value: Any) -> bool:
    return isinstance(value, dict) and ("stoppedReason" in value or "containers" in value)


def _reasons_in(tasks: list[Any]) -> list[str]:
    """Return each task's stoppedReason followed by its containers' reasons, in order."""
    reasons: list[str] = []
    for task in tasks:
        if isinstance(task, str):
            reasons.append(task)
            continue
        if not isinstance(task, dict):
            continue
        reasons.append(task.get("stoppedReason"))
        containers = task.get("containers")
        if isinstance(containers, list):
            reasons.extend(c.get("reason") for c in containers if isinstance(c, dict))
    return reasons


def _distinct(reasons: list[Any]) -> list[str]:
    """Return the non-blank string reasons once each, in their first order."""
    seen: dict[str, None] = {}
    for reason in reasons:
        if isinstance(reason, str) and reason.strip():
            seen.setdefault(reason.strip(), None)
    return list(seen)
