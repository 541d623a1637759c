"""Problems with an input or the configuration, as opposed to findings in a valid input.

Each has an ``ECS9xx`` code. They go to the ``errors`` list of the JSON output and make the exit
code 2, while the other inputs are still checked.
"""

from __future__ import annotations

from dataclasses import dataclass

UNREADABLE = "ECS901"
INVALID_SYNTAX = "ECS902"
INVALID_STRUCTURE = "ECS903"
INVALID_CONFIGURATION = "ECS904"
RULE_CRASHED = "ECS905"
LOADER_CRASHED = "ECS907"
TOO_COMPLEX = "ECS908"

DESCRIPTIONS = {
    UNREADABLE: "input cannot be read (missing, unreadable, not a regular file, wrong encoding)",
    INVALID_SYNTAX: "input is not valid JSON, YAML or HCL",
    INVALID_STRUCTURE: "input has the shape of a task definition or template but a wrong type",
    INVALID_CONFIGURATION: "configuration file or option is invalid",
    RULE_CRASHED: "a rule failed with an internal error (a bug in ecslint)",
    LOADER_CRASHED: "reading an input failed with an internal error (a bug in ecslint)",
    TOO_COMPLEX: "evaluating an input exceeded the time or memory limit",
}


@dataclass(frozen=True)
class InputError:
    code: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.code} {self.message}"


class InputFailure(Exception):
    """Raised by a loader to abandon one input; the scan reports it and goes on."""

    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
