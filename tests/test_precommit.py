"""The pre-commit hook, run for real with ``pre-commit try-repo`` on a temporary repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")

FAULTY = {
    "family": "web",
    "requiresCompatibilities": ["FARGATE"],
    "networkMode": "awsvpc",
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [
        {"name": "web", "image": "public.ecr.aws/nginx/nginx:latest", "essential": True}
    ],
}

pytestmark = pytest.mark.skipif(
    not Path(PRE_COMMIT).exists() or not (ROOT / ".git").exists(),
    reason="pre-commit is not installed or the project is not a git checkout",
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "ecslint", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_fails_then_passes(tmp_path):
    repo = tmp_path / "infra"
    repo.mkdir()
    _git(repo, "init", "-q")
    task = repo / "web.json"
    task.write_text(json.dumps(FAULTY, indent=2))
    _git(repo, "add", "web.json")

    failing = _try_repo(repo, tmp_path / "cache")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "ECS302" in failing.stdout

    fixed = dict(FAULTY)
    fixed["containerDefinitions"] = [dict(FAULTY["containerDefinitions"][0])]
    fixed["containerDefinitions"][0]["image"] = "public.ecr.aws/nginx/nginx:1.27.3"
    task.write_text(json.dumps(fixed, indent=2))
    _git(repo, "add", "web.json")

    passing = _try_repo(repo, tmp_path / "cache")
    assert passing.returncode == 0, passing.stdout + passing.stderr
