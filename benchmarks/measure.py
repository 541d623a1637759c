"""Time commands with GNU ``/usr/bin/time -v`` and check which modules a command imports.

Every measured command runs as a child process with its output written to a file outside the
repository, so a large report costs the same for every tool and never reaches a terminal.
Where ``unshare -n`` works (root on Linux), each tool runs without network access, so no tool
can contact a server during a measurement and no run waits on one.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"

_TIME_FIELDS = {
    "user": "User time (seconds)",
    "system": "System time (seconds)",
    "wall": "Elapsed (wall clock) time (h:mm:ss or m:ss)",
    "rss_kb": "Maximum resident set size (kbytes)",
}


@dataclass(frozen=True)
class Sample:
    """One timed run: seconds of wall, user and system time, peak RSS in MB, exit status."""

    wall: float
    user: float
    system: float
    rss_mb: float
    returncode: int

    @property
    def cpu_utilisation(self) -> float:
        """Return (user + system) / wall. A value of 2.0 means two cores were busy throughout."""
        return (self.user + self.system) / self.wall if self.wall else 0.0


def offline_prefix() -> list[str]:
    """Return ``["unshare", "-n"]`` when it works here, otherwise an empty list."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def timed(command: list[str], output: Path, cwd: Path | None = None) -> Sample:
    """Run ``command`` under ``/usr/bin/time -v`` with stdout written to ``output``."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as report:
        report_path = report.name
    try:
        with open(output, "wb") as stdout:
            completed = subprocess.run(
                [GNU_TIME, "-v", "-o", report_path, *command],
                stdout=stdout,
                stderr=subprocess.PIPE,
                cwd=cwd,
                check=False,
            )
        fields = parse_time_report(Path(report_path).read_text(encoding="utf-8"))
    finally:
        os.unlink(report_path)
    if completed.returncode not in allowed_exit_codes(command):
        tail = completed.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}:\n{tail}")
    return Sample(returncode=completed.returncode, **fields)


def allowed_exit_codes(command: list[str]) -> set[int]:
    """Return the exit codes that mean the tool ran and reported, findings or not.

    ecslint and checkov exit 1 for findings, and ecslint exits 2 when an input could not be
    parsed. cfn-lint 1.58 ORs 2, 4 and 8 for errors, warnings and informational findings (a
    template that cannot be parsed is an error finding), and exits 1 when it failed to run.
    """
    name = " ".join(command)
    if "cfn-lint" in name:
        return {2 * bits for bits in range(8)}
    return {0, 1, 2}


def parse_time_report(text: str) -> dict[str, float]:
    """Return wall, user and system seconds and peak RSS (MB) from ``time -v`` output."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        label, _, value = line.strip().rpartition(": ")
        values[label] = value
    missing = [label for label in _TIME_FIELDS.values() if label not in values]
    if missing:
        raise RuntimeError(f"/usr/bin/time output is missing {missing}:\n{text}")
    return {
        "user": float(values[_TIME_FIELDS["user"]]),
        "system": float(values[_TIME_FIELDS["system"]]),
        "wall": parse_clock(values[_TIME_FIELDS["wall"]]),
        "rss_mb": int(values[_TIME_FIELDS["rss_kb"]]) / 1024,
    }


def parse_clock(text: str) -> float:
    """Return the seconds in ``h:mm:ss`` or ``m:ss.ss``."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def median(samples: list[Sample], field: str) -> float:
    return statistics.median(getattr(sample, field) for sample in samples)


_IMPORT_LINE = re.compile(r"^import time:\s+\d+\s+\|\s+(\d+)\s+\|(\s*)(\S+)$")


def imported_modules(command: list[str], cwd: Path | None = None) -> dict[str, int]:
    """Run ``command`` (a Python command line) with ``-X importtime``.

    Returns every imported module with its cumulative import time in microseconds.
    ``command[0]`` must be the Python interpreter.
    """
    completed = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        capture_output=True,
        cwd=cwd,
        check=False,
    )
    if completed.returncode not in {0, 1}:
        tail = completed.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}:\n{tail}")
    modules: dict[str, int] = {}
    for line in completed.stderr.decode("utf-8", "replace").splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            modules[match.group(3)] = int(match.group(1))
    return modules


def forbidden_imports(modules: dict[str, int], forbidden: tuple[str, ...]) -> list[str]:
    """Return the top-level packages in ``forbidden`` that appear in ``modules``."""
    roots = {name.split(".")[0] for name in modules}
    return [name for name in forbidden if name in roots]
