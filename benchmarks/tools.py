"""Create the virtual environments the benchmark needs, outside the repository, and reuse them.

checkov and cfn-lint get a virtualenv of their own. checkov must not share one with
ecslint's dependencies because its HCL parser installs a module named ``hcl2``, the same
name as python-hcl2's. The fuzz harness gets a second one with atheris and ecslint
installed editable from the repository, so it fuzzes the code in the working tree.

A virtualenv counts as ready when its marker file lists the same requirements; otherwise it
is deleted and built again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MARKER = ".ecslint-bench-requirements"
TOOL_REQUIREMENTS = ("checkov", "cfn-lint")
FUZZ_REQUIREMENTS = ("atheris",)


def ensure_venv(directory: Path, requirements: list[str], log: Path) -> Path:
    """Return the ``bin`` directory of a virtualenv at ``directory`` with ``requirements``.

    pip's output goes to ``log``. A failed install raises ``RuntimeError`` naming the log.
    """
    expected = "\n".join(requirements) + "\n"
    marker = directory / MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8") == expected:
        return directory / "bin"
    if directory.exists():
        shutil.rmtree(directory)
    print(f"creating {directory} with {', '.join(requirements)} (log: {log})", flush=True)
    _run([sys.executable, "-m", "venv", str(directory)], log)
    pip = [str(directory / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _run([*pip, "--upgrade", "pip"], log)
    for requirement in requirements:
        # "-e PATH" is one requirement written as two arguments.
        _run([*pip, *requirement.split(" ", 1)], log)
    marker.write_text(expected, encoding="utf-8")
    return directory / "bin"


def _run(command: list[str], log: Path) -> None:
    with open(log, "a", encoding="utf-8") as output:
        output.write(f"$ {' '.join(command)}\n")
        output.flush()
        completed = subprocess.run(command, stdout=output, stderr=output, check=False)
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed with exit {completed.returncode}; see {log}"
        )


def tool_version(command: list[str]) -> str:
    """Return the first line a ``--version`` command prints, or the error it gave."""
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    text = (completed.stdout or completed.stderr).strip()
    return text.splitlines()[0] if text else f"exit {completed.returncode}"
