"""Run tfparse in a child process with a time and memory limit.

tfparse evaluates Terraform in Go, inside the Python process. Some inputs make it run for good
(``count = 1000000000``), recurse without end (a module whose source is its own directory) or
exhaust the stack on deep nesting, and Go then aborts the whole process. In a child process
such an input costs one directory, reported as an error, and the scan goes on. The parent never
imports tfparse, so forking never copies a running Go runtime. One child serves every directory
of a process and is replaced after a failure.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import Any

# Limits for one directory, well above what real configurations need: every directory of the
# test corpus evaluates in under 2 s and 300 MB on a 2-core machine.
TIME_LIMIT_SECONDS = 30
MEMORY_LIMIT_BYTES = 1024**3


@dataclass
class Outcome:
    """The child's result: ``value`` on success, else ``parse_error`` or ``failure``."""

    value: Any = None
    parse_error: str | None = None
    failure: str | None = None
    aborted: bool = False


class _Evaluator:
    """A child process that imports tfparse once and evaluates one directory per request."""

    def __init__(self):
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        # A forked worker inherits this object but may not use its parent's child.
        self.owner = os.getpid()

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.is_alive()

    def evaluate(self, directory: str, vars_paths: list[str]) -> Outcome:
        # A child that died closes its end of the pipe. Sending then fails with OSError (a
        # broken pipe), and receiving with EOFError or OSError (a connection reset).
        try:
            self.connection.send((directory, vars_paths))
            if not self.connection.poll(TIME_LIMIT_SECONDS):
                return Outcome(
                    failure=f"evaluation took longer than {TIME_LIMIT_SECONDS} s (a very large "
                    "count or for_each, or a module that calls itself?)"
                )
            return self.connection.recv()
        except (EOFError, OSError):
            self.process.join(5)
            return Outcome(failure=_ended(self.process.exitcode), aborted=True)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _ended(exit_code: int | None) -> str:
    how = f"signal {-exit_code}" if exit_code is not None and exit_code < 0 else f"{exit_code}"
    return (
        f"the Terraform evaluator aborted ({how}); a module that calls itself, very deep "
        f"nesting or more than {MEMORY_LIMIT_BYTES // 1024**2} MiB of memory does this"
    )


_evaluator: _Evaluator | None = None
_evaluations = 0
# A child is replaced after this many directories, so memory that Go keeps between
# evaluations never adds up to the limit.
EVALUATIONS_PER_CHILD = 25


def load_from_path(directory: str, vars_paths: list[str]) -> Outcome:
    """Return tfparse's result for ``directory``, evaluated in a limited child process.

    The child is reused for the next directories and replaced after a failure. A child that
    aborted is replaced and the directory tried once more in a fresh one, so only a directory
    that fails on its own is reported.
    """
    outcome = _evaluate_once(directory, vars_paths)
    if outcome.failure is not None and outcome.aborted:
        outcome = _evaluate_once(directory, vars_paths)
    return outcome


def _evaluate_once(directory: str, vars_paths: list[str]) -> Outcome:
    global _evaluator, _evaluations
    if _evaluator is None or not _evaluator.usable() or _evaluations >= EVALUATIONS_PER_CHILD:
        if _evaluator is not None and _evaluator.owner == os.getpid():
            _evaluator.stop()
        _evaluator, _evaluations = _Evaluator(), 0
    _evaluations += 1
    outcome = _evaluator.evaluate(directory, vars_paths)
    if outcome.failure is not None:
        _evaluator.stop()
        _evaluator = None
    return outcome


def _serve(connection) -> None:
    _limit_resources()
    import tfparse

    while True:
        try:
            directory, vars_paths = connection.recv()
        except EOFError:
            return
        connection.send(_evaluate(tfparse, directory, vars_paths))


def _evaluate(tfparse, directory: str, vars_paths: list[str]) -> Outcome:
    try:
        value = tfparse.load_from_path(
            directory, stop_on_hcl_error=True, allow_downloads=False, vars_paths=vars_paths
        )
        return Outcome(value=value)
    except tfparse.ParseError as error:
        return Outcome(parse_error=str(error))
    except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
        return Outcome(failure=f"{type(error).__name__}: {error}")


def _limit_resources() -> None:
    """Cap the child's memory and silence Go's crash dump, which would flood the terminal."""
    try:
        import resource

        # RLIMIT_DATA counts memory the child writes to, not the address space Go reserves.
        resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # NOTE: without resource limits (Windows) only the time limit applies.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    import faulthandler

    # A Go abort would otherwise make an inherited fault handler print a Python traceback.
    faulthandler.disable()
