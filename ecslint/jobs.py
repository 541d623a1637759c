"""Group the inputs of a scan into jobs for the process pool, and order the jobs.

A template and the local nested stacks it reads, or a Terraform configuration and the local
modules it calls, form one job. A worker keeps what it parsed for the life of the process,
so a file that two inputs read is parsed once. The jobs are handed out largest first, going
by the size of their files, so a slow Terraform directory does not start last and keep one
core busy after the other has finished.

The references are found with a cheap look at the text, not by parsing: a wrong guess only
changes which worker reads a file, never what is reported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecslint.scan import Candidate

# ``source = "./modules/x"`` in a Terraform module block.
_MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.MULTILINE)
# ``TemplateURL: nested/child.yaml`` or ``"Location": "child.json"`` in a template, and the
# ``"aws:asset:path"`` metadata of a CDK nested stack.
_NESTED_TEMPLATE = re.compile(
    r"""["']?(?:TemplateURL|Location|aws:asset:path)["']?\s*:\s*["']?([\w./-]+)"""
)
# Files larger than this are not searched for references, so each is a job of its own.
_MAX_SEARCHED_BYTES = 2 * 1024 * 1024
# Reading a byte of Terraform costs far more than a byte of JSON: python-hcl2 and tfparse
# both read it. The weights only need to rank jobs roughly.
_WEIGHT = {"terraform": 8, "yaml": 2, "json": 1}


def plan_jobs(candidates: list[Candidate], workers: int = 1) -> list[list[Candidate]]:
    """Return the candidates in jobs for ``workers`` processes, the costliest job first.

    A group that would keep one worker busy longer than its share of the whole scan is split
    over the workers: a shared module is then parsed once per worker, not once per scan.
    """
    known = {_key(candidate): candidate for candidate in candidates}
    parent = {key: key for key in known}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # A module that is not a candidate itself (it is checked through its callers) still
    # joins the configurations that call it, so one worker parses it once for all of them.
    for key, candidate in known.items():
        for reference in _references(candidate):
            parent[find(reference)] = find(key)

    groups: dict[str, list[Candidate]] = {}
    for key, candidate in known.items():
        groups.setdefault(find(key), []).append(candidate)
    costs = {_key(candidate): _cost(candidate) for candidate in candidates}
    share = sum(costs.values()) / max(workers, 1)
    jobs = []
    for group in groups.values():
        if len(group) > 1 and workers > 1 and sum(costs[_key(c)] for c in group) > share:
            jobs.extend(_split(group, workers, costs))
        else:
            jobs.append(group)
    jobs.sort(key=lambda job: -sum(costs[_key(candidate)] for candidate in job))
    return jobs


def _split(group: list[Candidate], workers: int, costs: dict[str, int]) -> list[list[Candidate]]:
    """Deal a group into ``workers`` jobs of about equal cost, the costliest input first."""
    bins: list[list[Candidate]] = [[] for _ in range(workers)]
    totals = [0] * workers
    for candidate in sorted(group, key=lambda c: -costs[_key(c)]):
        lightest = totals.index(min(totals))
        bins[lightest].append(candidate)
        totals[lightest] += costs[_key(candidate)]
    return [job for job in bins if job]


def called_modules(candidates: list[Candidate]) -> set[str]:
    """Return the paths of the Terraform directories that another configuration calls.

    Such a directory is a module: it is checked through its callers, with the values they
    pass, and not again on its own with its variables unset. A directory is kept when no
    configuration outside a loop of modules calls it, or when it is the directory the user
    named.
    """
    directories = {_key(c): c for c in candidates if c.terraform}
    calls = {
        key: set(_references(c)) & directories.keys() - {key} for key, c in directories.items()
    }
    called = set().union(*calls.values()) if calls else set()
    reached: set[str] = set()
    pending = [key for key in directories if key not in called]
    while pending:
        for callee in calls[pending.pop()] - reached:
            reached.add(callee)
            pending.append(callee)
    named = {_key(c) for c in candidates if c.terraform and _key_of_root(c) == _key(c)}
    return {directories[key].path for key in reached - named}


def _key_of_root(candidate: Candidate) -> str | None:
    return os.path.normpath(os.path.abspath(candidate.root)) if candidate.root else None


def _key(candidate: Candidate) -> str:
    return os.path.normpath(os.path.abspath(candidate.path))


def _references(candidate: Candidate) -> Iterator[str]:
    """Yield the normalized paths of the local inputs ``candidate`` reads."""
    if candidate.terraform:
        for path in _tf_files(candidate.path):
            for match in _MODULE_SOURCE.finditer(_text(path)):
                yield os.path.normpath(os.path.join(os.path.abspath(candidate.path), match[1]))
        return
    text = _text(candidate.path)
    if "TemplateURL" not in text and "Location" not in text and "aws:asset:path" not in text:
        return
    directory = os.path.dirname(os.path.abspath(candidate.path))
    for match in _NESTED_TEMPLATE.finditer(text):
        if "://" not in match[1]:
            yield os.path.normpath(os.path.join(directory, match[1]))


def _cost(candidate: Candidate) -> int:
    """Return a rough cost of reading ``candidate``: the weighted size of its files."""
    if candidate.terraform:
        return _WEIGHT["terraform"] * sum(_size(path) for path in _tf_files(candidate.path))
    from ecslint.loaders import candidate_kind

    weight = _WEIGHT.get(candidate_kind(candidate.path) or "json", 1)
    return weight * _size(candidate.path)


def _tf_files(directory: str) -> list[str]:
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [os.path.join(directory, name) for name in names if name.endswith(".tf")]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _text(path: str) -> str:
    """Return a regular file's text, or "" for links, large files and what cannot be read."""
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return ""
        if os.path.getsize(path) > _MAX_SEARCHED_BYTES:
            return ""
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""
