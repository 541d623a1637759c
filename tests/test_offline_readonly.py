"""ecslint opens no network connection and leaves the scanned tree unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs ecslint's command line with an audit hook that fails on any socket use.
GUARD = """
import sys

def guard(event, args):
    if event.startswith("socket.") and event not in ("socket.__new__",):
        sys.stderr.write(f"NETWORK: {event} {args!r}\\n")
        raise SystemExit(99)

sys.addaudithook(guard)
from ecslint.cli import main
sys.argv = ["ecslint", *sys.argv[1:]]
main()
"""

COMMANDS = [
    ["check", "examples"],
    ["check", "--format", "sarif", "examples"],
    ["check", "fixtures"],
    ["rules"],
    ["rule", "ECS301"],
    ["explain", "CannotPullContainerError: toomanyrequests: You have reached your pull rate limit"],
]


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_no_network(arguments):
    completed = subprocess.run(
        [sys.executable, "-c", GUARD, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert "NETWORK:" not in completed.stderr
    assert completed.returncode in (0, 1), completed.stderr


def _snapshot(root: Path) -> dict[str, str]:
    state = {}
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in subdirectories:
            state[os.path.relpath(os.path.join(directory, name), root) + "/"] = "dir"
        for name in sorted(files):
            path = os.path.join(directory, name)
            state[os.path.relpath(path, root)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return state


def test_scan_leaves_tree_unchanged(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "fixtures", tree / "fixtures")
    shutil.copytree(ROOT / "examples", tree / "examples")
    before = _snapshot(tree)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    completed = subprocess.run(
        [sys.executable, "-m", "ecslint", "check", "--format", "json", str(tree)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )
    assert json.loads(completed.stdout)["summary"]["inputs"] > 0
    assert _snapshot(tree) == before
