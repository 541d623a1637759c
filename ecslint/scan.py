"""Find the inputs under the paths the user gave, load each once, and check them.

Directories are walked without following symbolic links; a linked file is read only when it
resolves inside the directory being scanned. Paths are reported as the user wrote them, joined
with the relative path inside a directory, and in sorted order so output is stable.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from ecslint.dockerfiles import find_platforms
from ecslint.engine import check_model
from ecslint.errors import INVALID_SYNTAX, LOADER_CRASHED, UNREADABLE, InputError
from ecslint.iam.managed import unknown_policy_notes
from ecslint.loaders import LoadResult, candidate_kind, load_file, load_terraform_directory
from ecslint.model import Model
from ecslint.model.values import Location
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.suppression import UnusedSuppression
from ecslint.suppressions import Suppressor, unused_directives

LOGGER = logging.getLogger(__name__)

_NOTHING_FOUND = (
    "found no JSON, YAML or Terraform file to check (excluded paths are skipped); pass the "
    "directory that contains your task definitions, templates or .tf files"
)

# Directories that hold tool state or dependencies, never inputs of their own.
DEFAULT_EXCLUDES = (".git", ".hg", ".svn", "node_modules", ".terraform", "__pycache__", ".venv")


@dataclass
class ScanResult:
    """The findings and errors of a scan.

    ``checked`` lists the path of every input read into a model. ``unknowns`` lists the values
    that could not be resolved, for ``--show-unknown``.
    """

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unknowns: list[tuple[Location, str]] = field(default_factory=list)

    @property
    def inputs(self) -> int:
        return len(self.checked)

    def merge(self, other: ScanResult) -> None:
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)
        self.checked.extend(other.checked)
        self.unknowns.extend(other.unknowns)


@dataclass
class ScanSettings:
    """Adjustments to findings after the rules ran.

    ``severity`` overrides default severities by code. ``suppress`` is False for
    ``--no-suppress``, and ``report_unused`` enables ECS090. ``var_files`` are extra Terraform
    variable files, and ``jobs`` is the number of worker processes.
    """

    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    # The directory of the configuration file, which per-path patterns are relative to.
    per_path_base: str | None = None
    suppress: bool = True
    report_unused: bool = False
    var_files: list[str] = field(default_factory=list)
    # Worker processes; None picks one per core for large scans and none for small ones.
    jobs: int | None = None


@dataclass(frozen=True)
class Candidate:
    """A file, or a Terraform directory, to load.

    ``explicit`` is True when the user named the file itself. ``terraform`` is True for a
    directory of ``.tf`` files, which is one configuration and is loaded as a whole. ``root``
    is the scanned path the candidate was found under: Terraform's ``file()`` and
    ``templatefile()`` may read anywhere inside it and nowhere outside.
    """

    path: str
    explicit: bool = False
    terraform: bool = False
    root: str | None = None


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Return True when ``path`` or any of its components matches an exclude pattern."""
    normalized = path.replace(os.sep, "/")
    parts = normalized.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(normalized, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def discover(
    paths: Iterable[str], excludes: Iterable[str]
) -> tuple[list[Candidate], list[InputError]]:
    """Return the candidate files under ``paths`` and errors for paths that cannot be walked."""
    patterns = [*DEFAULT_EXCLUDES, *excludes]
    candidates: list[Candidate] = []
    errors: list[InputError] = []
    for given in paths:
        if os.path.isdir(given):
            reported = len(errors)
            found = list(_walk(given, patterns, errors))
            if not found and len(errors) == reported:
                errors.append(InputError(UNREADABLE, given, None, _NOTHING_FOUND))
            candidates.extend(found)
        elif candidate_kind(given) == "terraform":
            directory = os.path.dirname(given) or "."
            candidates.append(Candidate(directory, terraform=True, root=directory))
        elif os.path.lexists(given):
            candidates.append(Candidate(given, explicit=True))
        else:
            errors.append(InputError(UNREADABLE, given, None, "no such file or directory"))
    return _without_called_modules(_unique(candidates)), errors


def _without_called_modules(candidates: list[Candidate]) -> list[Candidate]:
    from ecslint.jobs import called_modules

    called = called_modules(candidates)
    return [c for c in candidates if not (c.terraform and c.path in called)]


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """Drop repeats, such as a Terraform directory named through several of its files.

    A path found under two scanned roots is read once, under the first.
    """
    seen: set[tuple[str, bool]] = set()
    unique = []
    for candidate in candidates:
        key = (os.path.normpath(os.path.abspath(candidate.path)), candidate.terraform)
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


def _walk(root: str, patterns: list[str], errors: list[InputError]) -> Iterator[Candidate]:
    real_root = os.path.realpath(root)

    def on_error(error: OSError) -> None:
        path = error.filename or root
        errors.append(
            InputError(UNREADABLE, path, None, f"cannot read the directory: {error.strerror}")
        )

    for directory, subdirectories, files in os.walk(root, onerror=on_error):
        relative_dir = os.path.relpath(directory, root)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not excluded(os.path.normpath(os.path.join(relative_dir, name)), patterns)
        )
        terraform_seen = False
        for name in sorted(files):
            path = os.path.join(directory, name)
            relative = os.path.normpath(os.path.join(relative_dir, name))
            kind = candidate_kind(name)
            if kind is None or excluded(relative, patterns):
                continue
            if kind == "terraform":
                if not terraform_seen:
                    terraform_seen = True
                    yield Candidate(directory, terraform=True, root=root)
                continue
            if os.path.islink(path) and not _inside(path, real_root):
                errors.append(
                    InputError(
                        UNREADABLE,
                        path,
                        None,
                        "symbolic link is broken or leaves the scanned directory; not followed",
                    )
                )
                continue
            yield Candidate(path)


def _inside(path: str, real_root: str) -> bool:
    try:
        target = os.path.realpath(path, strict=True)
    except OSError:
        return False
    return os.path.commonpath([target, real_root]) == real_root


def scan(
    paths: Iterable[str],
    rules: list[Rule],
    excludes: Iterable[str] = (),
    settings: ScanSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Load every input under ``paths`` and run ``rules`` on each model.

    Large scans are spread over a process pool, one task per file or Terraform directory.
    ``progress`` is called with (done, total) after each of them.
    """
    settings = settings or ScanSettings()
    result = ScanResult()
    candidates, errors = discover(paths, excludes)
    result.errors.extend(errors)
    jobs = _job_count(settings.jobs, len(candidates))
    if jobs > 1:
        _scan_in_pool(candidates, rules, settings, result, jobs, progress)
    else:
        for number, candidate in enumerate(candidates, start=1):
            result.merge(check_candidate(candidate, rules, settings))
            if progress is not None:
                progress(number, len(candidates))
    # A nested stack read on its own and through its parent reports the same finding twice.
    result.findings = sorted(set(result.findings), key=Finding.sort_key)
    result.errors = sorted(
        set(result.errors), key=lambda error: (error.path, error.line or 0, error.code)
    )
    result.checked.sort()
    return result


def _error_order(error: InputError) -> tuple:
    return (error.path, error.line or 0, error.code, error.message)


# Below this many inputs a process pool costs more to start than it saves.
POOL_THRESHOLD = 24


def _job_count(requested: int | None, candidates: int) -> int:
    if requested is not None:
        return max(1, requested)
    if candidates < POOL_THRESHOLD:
        return 1
    return min(os.cpu_count() or 1, 8)


def _scan_in_pool(candidates, rules, settings, result, jobs, progress) -> None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from ecslint.jobs import plan_jobs

    _import_loaders(candidates)
    done = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(check_candidates, job, rules, settings): len(job)
            for job in plan_jobs(candidates, jobs)
        }
        for future in as_completed(futures):
            result.merge(future.result())
            done += futures[future]
            if progress is not None:
                progress(done, len(candidates))


def _import_loaders(candidates: list[Candidate]) -> None:
    """Import the slow loaders the scan needs once, before the pool forks its workers.

    Where processes are forked (Linux), each worker then starts with them imported instead of
    spending about a second on its own imports.
    """
    if any(candidate.terraform for candidate in candidates):
        import ecslint.loaders.terraform  # noqa: F401
    if any(candidate_kind(candidate.path) == "yaml" for candidate in candidates):
        import ecslint.loaders.cloudformation  # noqa: F401


def check_candidates(
    candidates: list[Candidate], rules: list[Rule], settings: ScanSettings
) -> ScanResult:
    """Check a job of the pool: inputs that read each other's files, in one process."""
    result = ScanResult()
    for candidate in candidates:
        result.merge(check_candidate(candidate, rules, settings))
    return result


def check_candidate(candidate: Candidate, rules: list[Rule], settings: ScanSettings) -> ScanResult:
    """Load one file or Terraform directory and check every model it holds."""
    result = ScanResult()
    try:
        loaded = _load(candidate, settings)
    except RecursionError:
        message = "nesting too deep to read"
        result.errors.append(InputError(INVALID_SYNTAX, candidate.path, None, message))
        return result
    except Exception as error:  # noqa: BLE001 - one broken input must not end the scan
        LOGGER.debug("loading %s failed", candidate.path, exc_info=True)
        result.errors.append(_loader_crash(candidate.path, error))
        return result
    result.errors.extend(loaded.errors)
    for model in loaded.models:
        model.dockerfiles = find_platforms(_input_directory(candidate))
        for location, note in unknown_policy_notes(model.roles):
            model.note_unknown(location, note)
        result.checked.append(model.path)
        result.unknowns.extend(model.unknowns)
        findings, crashes = check_model(model, rules)
        result.findings.extend(_adjust(model, findings, rules, settings))
        result.errors.extend(crashes)
    return result


def _input_directory(candidate: Candidate) -> str:
    return candidate.path if candidate.terraform else os.path.dirname(candidate.path) or "."


def _load(candidate: Candidate, settings: ScanSettings) -> LoadResult:
    if candidate.terraform:
        return load_terraform_directory(candidate.path, settings.var_files, candidate.root)
    return load_file(candidate.path, explicit=candidate.explicit)


def _loader_crash(path: str, error: Exception) -> InputError:
    message = (
        f"reading the input failed with {type(error).__name__}: {error}; this is a bug in "
        "ecslint, please report it with the input (run with --debug for the traceback)"
    )
    return InputError(LOADER_CRASHED, path, None, message)


def _adjust(
    model: Model, findings: list[Finding], rules: list[Rule], settings: ScanSettings
) -> list[Finding]:
    """Apply suppressions and severity overrides, and report unused suppressions."""
    if settings.suppress:
        suppressor = Suppressor(settings.per_path_ignores, settings.per_path_base)
        findings, used = suppressor.filter(model, findings)
        unused_rule = next((rule for rule in rules if isinstance(rule, UnusedSuppression)), None)
        if unused_rule is not None and settings.report_unused:
            findings += [
                unused_rule.unused(model, path, line)
                for path, line in unused_directives(model, used)
            ]
    return [
        replace(finding, severity=settings.severity[finding.rule])
        if finding.rule in settings.severity
        else finding
        for finding in findings
    ]
