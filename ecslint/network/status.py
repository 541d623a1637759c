"""Three-valued results of the network checks: known to work, known to fail, or unknown."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.Enum):
    OK = "ok"
    BROKEN = "broken"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Step:
    """The result of one check on a path.

    ``kind`` names the failure for the rules that report it, such as ``no-default-route`` or
    ``no-s3-endpoint``. ``reason`` is a phrase for messages that names the resources at fault.
    ``node`` is the model object to report at, when one is at fault. All are empty unless the
    status is BROKEN.
    """

    status: Status
    kind: str = ""
    reason: str = ""
    node: object = None

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def broken(self) -> bool:
        return self.status is Status.BROKEN


OK = Step(Status.OK)
UNKNOWN = Step(Status.UNKNOWN)


def broken(kind: str, reason: str, node: object = None) -> Step:
    return Step(Status.BROKEN, kind, reason, node)


def combine(steps: list[Step]) -> Step:
    """Return the first broken step, else UNKNOWN if any step is unknown, else OK.

    All steps of a path must work for the path to work, so one known failure decides it.
    """
    for step in steps:
        if step.broken:
            return step
    if any(step.status is Status.UNKNOWN for step in steps):
        return UNKNOWN
    return OK


def name(node: object) -> str:
    """Return a model object's name in backticks for messages."""
    return f"`{getattr(node, 'name', node)}`"
