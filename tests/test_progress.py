"""The progress line: shown to a person at a terminal on long scans, never otherwise."""

from __future__ import annotations

import io

from ecslint.cli.progress import Progress, progress_wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_on_terminal():
    assert progress_wanted(Terminal(), quiet=False, environ={})


def test_not_wanted_when_quiet():
    assert not progress_wanted(Terminal(), quiet=True, environ={})


def test_not_wanted_in_ci():
    assert not progress_wanted(Terminal(), quiet=False, environ={"CI": "true"})


def test_not_wanted_when_piped():
    assert not progress_wanted(io.StringIO(), quiet=False, environ={})


def test_silent_before_delay():
    stream, now = Terminal(), [0.0]
    progress = Progress(stream, enabled=True, delay=2.0, clock=lambda: now[0])
    now[0] = 1.0
    progress(1, 10)
    progress.close()
    assert stream.getvalue() == ""


def test_shown_after_delay_and_erased():
    stream, now = Terminal(), [0.0]
    progress = Progress(stream, enabled=True, delay=2.0, clock=lambda: now[0])
    now[0] = 3.0
    progress(4, 10)
    assert stream.getvalue() == "\recslint: 4/10 inputs checked"
    progress.close()
    assert stream.getvalue().endswith("\r\033[K")


def test_disabled_prints_nothing():
    stream, now = Terminal(), [10.0]
    progress = Progress(stream, enabled=False, clock=lambda: now[0])
    progress(1, 1)
    assert stream.getvalue() == ""
