"""Check that ecslint imports the parser of a format only when the scan has such an input.

Importing cfn-lint pulls in sympy and networkx, and tfparse loads a Go shared library, so a
pre-commit run on one task definition must load neither. Each case runs
``python -X importtime -m ecslint check FILE`` and lists the forbidden packages it imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import measure

# (label, input relative to the repository, packages that must not be imported)
CASES = (
    ("task-definition JSON only", "examples/good/web-fargate.json", ("cfnlint", "tfparse", "hcl2")),
    ("CloudFormation only", "fixtures/ECS201/pass_nat.yaml", ("tfparse", "hcl2")),
    ("Terraform only", "tests/data/terraform/network", ("cfnlint",)),
)


def check_lazy_imports(repository: Path) -> list[dict]:
    """Run each case and return what it imported, how long the imports took and the verdict."""
    results = []
    for label, relative, forbidden in CASES:
        target = repository / relative
        if not target.exists():
            results.append({"label": label, "input": relative, "status": "skipped: input missing"})
            continue
        options = ["--format", "json", "--fail-on", "never"]
        command = [sys.executable, "-m", "ecslint", "check", str(target), *options]
        modules = measure.imported_modules(command)
        present = measure.forbidden_imports(modules, forbidden)
        results.append(
            {
                "label": label,
                "input": relative,
                "command": f"python -X importtime -m ecslint check {relative}",
                "forbidden": list(forbidden),
                "imported_forbidden": present,
                "status": "pass" if not present else "FAIL: imported " + ", ".join(present),
                "heaviest": _heaviest_top_level(modules),
            }
        )
    return results


def _heaviest_top_level(modules: dict[str, int], count: int = 5) -> list[tuple[str, float]]:
    """Return the top-level packages with the largest cumulative import time, in ms.

    A package's cumulative time is taken from its first import, which includes the
    packages it imported itself, so the entries can overlap.
    """
    roots: dict[str, int] = {}
    for name, microseconds in modules.items():
        root = name.split(".")[0]
        roots[root] = max(roots.get(root, 0), microseconds)
    ranked = sorted(roots.items(), key=lambda item: item[1], reverse=True)[:count]
    return [(name, round(microseconds / 1000, 1)) for name, microseconds in ranked]
