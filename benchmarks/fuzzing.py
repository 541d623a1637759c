"""Run ``fuzz_atheris.py`` for every loader from ``run.py`` and summarise each run.

The harness runs in its own virtualenv with atheris and ecslint installed editable from the
repository, and without network access where ``unshare -n`` works, because a fuzzed
Terraform file can name any module source.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import measure
import tools

TARGETS = ("json", "cloudformation", "terraform")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_ARTIFACT = re.compile(r"Test unit written to (\S+)")


def run_all(repository: Path, work: Path, cases: int) -> list[dict]:
    """Fuzz each loader for ``cases`` cases and return one summary per target."""
    requirements = [*tools.FUZZ_REQUIREMENTS, f"-e {repository}"]
    bin_directory = tools.ensure_venv(work / "fuzz-venv", requirements, work / "fuzz-venv.log")
    harness = repository / "benchmarks" / "fuzz_atheris.py"
    return [run_target(bin_directory, harness, work, target, cases) for target in TARGETS]


def run_target(bin_directory: Path, harness: Path, work: Path, target: str, cases: int) -> dict:
    """Run the harness for one target, log its output and return the outcome."""
    log = work / "output" / f"fuzz-{target}.log"
    command = [
        *measure.offline_prefix(),
        str(bin_directory / "python"),
        str(harness),
        *("--target", target, "--runs", str(cases), "--work", str(work / "fuzz")),
    ]
    print(f"fuzzing {target} for {cases} cases (log: {log})", flush=True)
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    text = completed.stdout + completed.stderr
    log.write_text(text, encoding="utf-8")
    return {
        "target": target,
        "cases": cases,
        "seconds": round(seconds, 1),
        "command": f"python benchmarks/fuzz_atheris.py --target {target} --runs {cases}",
        "status": outcome(completed.returncode, text),
        "log": str(log),
    }


def outcome(returncode: int, text: str) -> str:
    """Return "pass (N runs)", "skipped: ...", or "CRASH" with the saved input's path."""
    for line in text.splitlines():
        if "skipped: loader not present" in line:
            return line.split(": ", 1)[1]
    done = _DONE.search(text)
    if returncode == 0 and done:
        return f"pass ({done.group(1)} runs, no crash)"
    artifact = _ARTIFACT.search(text)
    where = f"; input saved to {artifact.group(1)}" if artifact else ""
    return f"CRASH (exit {returncode}){where}"
