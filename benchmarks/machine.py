"""Describe the machine and the tool versions that a benchmark result was measured with."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import comparison
import tools


def describe(bin_directory: Path, repository: Path) -> dict[str, str]:
    """Return CPU, memory, Python and tool versions, and the load average before the runs."""
    return {
        "ecslint commit": commit(repository),
        "nproc": _command_output(["nproc"]),
        "cpu": _cpu_model(),
        "memory": _memory_total(),
        "kernel": platform.release(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "ecslint": tools.tool_version([*comparison.ecslint_command(), "--version"]),
        "checkov": tools.tool_version([str(bin_directory / "checkov"), "--version"]),
        "cfn-lint": tools.tool_version([str(bin_directory / "cfn-lint"), "--version"]),
        "load_before": load_average(),
    }


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages, which show other work on the machine."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def commit(repository: Path) -> str:
    """Return the short HEAD commit and the number of changed or new files beside it."""
    git = ["git", "-C", str(repository), "--no-optional-locks"]
    head = _command_output([*git, "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        [*git, "status", "--porcelain"], capture_output=True, text=True, check=False
    )
    changed = status.stdout.splitlines()
    return f"{head} with {len(changed)} uncommitted changed or new paths"


def _command_output(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    return completed.stdout.strip() or f"unknown ({command[0]} exited {completed.returncode})"


def _cpu_model() -> str:
    for line in _command_output(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return "unknown (lscpu has no Model name)"


def _memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError as error:
        return f"unknown ({error})"
    return "unknown (/proc/meminfo has no MemTotal)"
