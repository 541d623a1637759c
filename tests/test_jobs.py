"""How a scan groups its inputs: modules checked through their callers, jobs for the pool."""

from __future__ import annotations

from pathlib import Path

from ecslint.jobs import plan_jobs
from ecslint.scan import Candidate, discover


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _terraform_dirs(root: Path) -> list[str]:
    candidates, errors = discover([str(root)], [])
    assert errors == []
    return sorted(Path(c.path).relative_to(root).as_posix() for c in candidates if c.terraform)


def test_called_module_not_a_candidate(tmp_path):
    _write(tmp_path / "app" / "main.tf", 'module "svc" {\n  source = "../modules/svc"\n}\n')
    _write(tmp_path / "modules" / "svc" / "main.tf", 'module "x" {\n  source = "./inner"\n}\n')
    _write(tmp_path / "modules" / "svc" / "inner" / "main.tf", "locals {}\n")
    _write(tmp_path / "modules" / "unused" / "main.tf", "locals {}\n")

    assert _terraform_dirs(tmp_path) == ["app", "modules/unused"]


def test_module_loop_both_candidates(tmp_path):
    _write(tmp_path / "a" / "main.tf", 'module "b" {\n  source = "../b"\n}\n')
    _write(tmp_path / "b" / "main.tf", 'module "a" {\n  source = "../a"\n}\n')

    assert _terraform_dirs(tmp_path) == ["a", "b"]


def test_named_module_directory_kept(tmp_path):
    _write(tmp_path / "main.tf", 'module "svc" {\n  source = "./svc"\n}\n')
    _write(tmp_path / "svc" / "main.tf", "locals {}\n")

    candidates, _ = discover([str(tmp_path / "svc"), str(tmp_path)], [])

    assert sorted(c.path for c in candidates) == [str(tmp_path), str(tmp_path / "svc")]


def test_nested_stack_job_and_order(tmp_path):
    _write(
        tmp_path / "parent.yaml",
        "Resources:\n  Child:\n    Properties:\n      TemplateURL: stacks/child.yaml\n",
    )
    _write(tmp_path / "stacks" / "child.yaml", "Resources: {}\n" + "#" * 100 + "\n")
    _write(tmp_path / "small.json", "{}")
    _write(tmp_path / "large.json", "{}" + " " * 1000)
    candidates = [
        Candidate(str(tmp_path / name))
        for name in ("small.json", "parent.yaml", "stacks/child.yaml", "large.json")
    ]

    jobs = plan_jobs(candidates)

    names = [[Path(c.path).relative_to(tmp_path).as_posix() for c in job] for job in jobs]
    assert names == [["large.json"], ["parent.yaml", "stacks/child.yaml"], ["small.json"]]


def test_shared_module_one_job(tmp_path):
    for name in ("a", "b"):
        _write(tmp_path / name / "main.tf", 'module "m" {\n  source = "../shared"\n}\n')
    _write(tmp_path / "shared" / "main.tf", "locals {}\n")
    _write(tmp_path / "c" / "main.tf", "locals {}\n")
    candidates, _ = discover([str(tmp_path)], [])

    jobs = plan_jobs(candidates)

    names = sorted(sorted(Path(c.path).name for c in job) for job in jobs)
    assert names == [["a", "b"], ["c"]]


def test_oversized_group_split(tmp_path):
    for name in ("a", "b", "c"):
        _write(tmp_path / name / "main.tf", 'module "m" {\n  source = "../shared"\n}\n' + "#" * 500)
    _write(tmp_path / "shared" / "main.tf", "locals {}\n")
    candidates, _ = discover([str(tmp_path)], [])

    jobs = plan_jobs(candidates, workers=2)

    assert sorted(len(job) for job in jobs) == [1, 2]
