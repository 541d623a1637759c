"""A progress line on standard error for long scans in a terminal."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TextIO

# Scans shorter than this print nothing, so the common pre-commit run stays silent.
DELAY_SECONDS = 2.0


def progress_wanted(stream: TextIO, quiet: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Return True when a person is watching: a terminal, not ``--quiet``, not in CI."""
    if quiet or environ.get("CI") or environ.get("ECSLINT_NO_PROGRESS"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """Prints ``ecslint: 12/200 inputs checked`` over itself once a scan has run for a while."""

    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        delay: float = DELAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.enabled = enabled
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or self.clock() - self.started < self.delay:
            return
        self.stream.write(f"\recslint: {done}/{total} inputs checked")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the progress line, so the report starts on a clean line."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
