"""Discover rule fixtures and their expected findings.

Layout: ``fixtures/<CODE>/<name>.<ext>`` for a file input or ``fixtures/<CODE>/<name>/`` for a
Terraform directory, where ``<name>`` starts with ``fail`` or ``pass``. Beside each input,
``<name>.expected`` lists the findings of rule ``<CODE>`` it must give, one per line as
``CODE LINE RESOURCE``; lines starting with ``#`` are comments. A pass fixture may omit the file,
which means it gives no finding of ``<CODE>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUT_SUFFIXES = (".json", ".yaml", ".yml", ".template")


@dataclass(frozen=True)
class FixtureCase:
    code: str
    path: Path
    expected: tuple[tuple[str, int, str], ...]

    @property
    def kind(self) -> str:
        return "fail" if self.path.name.startswith("fail") else "pass"

    @property
    def format(self) -> str:
        if self.path.is_dir():
            return "terraform"
        if self.path.suffix == ".json" and "Resources" not in self.path.read_text():
            return "taskdef"
        return "cloudformation"

    def __str__(self) -> str:
        return f"{self.code}/{self.path.name}"


def read_expected(path: Path) -> tuple[tuple[str, int, str], ...]:
    if not path.exists():
        return ()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        code, number, resource = line.split(maxsplit=2)
        rows.append((code, int(number), resource.strip()))
    return tuple(sorted(rows))


def fixture_cases() -> list[FixtureCase]:
    cases = []
    for rule_dir in sorted(FIXTURES.iterdir()):
        if not rule_dir.is_dir():
            continue
        for entry in sorted(rule_dir.iterdir()):
            # A CDK template's assets file (fail.assets.json) is read with its template.
            if not entry.name.startswith(("fail", "pass")) or entry.name.endswith(".assets.json"):
                continue
            if entry.is_dir() or entry.suffix in INPUT_SUFFIXES:
                stem = entry.stem if entry.is_file() else entry.name
                expected = read_expected(entry.parent / f"{stem}.expected")
                cases.append(FixtureCase(rule_dir.name, entry, expected))
    return cases
