"""Benchmark ecslint against checkov and cfn-lint, and optionally fuzz its loaders.

Usage: ``python benchmarks/run.py [--quick] [--runs N] [--fuzz N]``, run with the Python
that has ecslint installed. Everything it writes (virtualenvs, the synthetic tree, tool
output, the results) goes under ``--work`` (default ``~/.cache/ecslint-bench``), never into
the repository. It prints a Markdown report with the exact commands, the machine and the date.

It measures ecslint, checkov and cfn-lint on the shared corpus beside the repository (skipped
when absent) and on a seeded synthetic tree. It times one task-definition file, the
pre-commit case, against the targets of 0.3 s and 80 MB. It also reports whether time grows
linearly with the tree, the CPU utilisation, and whether formats that are not present are
imported.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

# The modules below sit in benchmarks/, so without this Python would write their bytecode
# into benchmarks/__pycache__ inside the repository.
sys.dont_write_bytecode = True

import comparison  # noqa: E402
import fuzzing  # noqa: E402
import imports  # noqa: E402
import machine  # noqa: E402
import report  # noqa: E402
import synth  # noqa: E402
import tools  # noqa: E402

REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = REPOSITORY.parent / "shared" / "corpus"
SINGLE_FILE = REPOSITORY / "examples" / "good" / "web-fargate.json"
# One CloudFormation template, measured for information: the targets are for task definitions.
SINGLE_TEMPLATE = REPOSITORY / "fixtures" / "ECS201" / "pass_nat.yaml"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 run per tool instead of 5")
    parser.add_argument("--runs", type=int, help="runs per tool and tree (default 5)")
    parser.add_argument("--fuzz", type=int, metavar="N", help="also fuzz each loader N cases")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic tree")
    parser.add_argument(
        "--render", type=Path, metavar="RESULTS", help="print the report of a saved results JSON"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path.home() / ".cache" / "ecslint-bench",
        help="directory for virtualenvs, the synthetic tree and results (outside the repository)",
    )
    arguments = parser.parse_args(argv)
    if arguments.runs is None:
        arguments.runs = 1 if arguments.quick else 5
    work = arguments.work.expanduser().resolve()
    if work == REPOSITORY or REPOSITORY in work.parents:
        parser.error(f"--work {work} is inside the repository; choose a directory outside it")
    arguments.work = work
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.render:
        print(report.render(json.loads(arguments.render.read_text(encoding="utf-8"))))
        return 0
    work = arguments.work
    (work / "output").mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    bin_directory = tools.ensure_venv(
        work / "tools-venv", list(tools.TOOL_REQUIREMENTS), work / "tools-venv.log"
    )
    results: dict = {"date": started.strftime("%Y-%m-%d %H:%M UTC"), "runs": arguments.runs}
    results["machine"] = machine.describe(bin_directory, REPOSITORY)
    results["trees"] = _measure_trees(arguments, bin_directory)
    results.update(_measure_single_files(arguments))
    results["imports"] = imports.check_lazy_imports(REPOSITORY)
    if arguments.fuzz:
        results["fuzz"] = fuzzing.run_all(REPOSITORY, work, arguments.fuzz)
    results["load_after"] = machine.load_average()
    # ecslint is installed editable, so a commit during the run changes the code measured.
    results["commit_after"] = machine.commit(REPOSITORY)
    name = f"results-{started.strftime('%Y%m%dT%H%M%SZ')}"
    (work / f"{name}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report.render(results)
    (work / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"results written to {work / name}.json and .md")
    return 0


def _measure_single_files(arguments: argparse.Namespace) -> dict[str, dict]:
    runs = 5 if arguments.quick else 10
    output = arguments.work / "output"
    results = {"single_file": comparison.measure_single_file(SINGLE_FILE, output, runs)}
    if SINGLE_TEMPLATE.is_file():
        results["single_template"] = comparison.measure_single_file(SINGLE_TEMPLATE, output, runs)
    return results


def _measure_trees(arguments: argparse.Namespace, bin_directory: Path) -> list[dict]:
    trees = []
    if CORPUS.is_dir():
        trees.append(comparison.compare_tree("corpus", CORPUS, None, bin_directory, arguments))
    else:
        print(f"skipped the corpus: {CORPUS} not found", flush=True)
    root = arguments.work / "synthetic"
    counts = synth.generate_tree(root, REPOSITORY, arguments.seed, synth.TreeSize())
    print(f"generated {root}: {counts}", flush=True)
    half = root / "part-1"
    trees.append(comparison.compare_tree("synthetic", root, half, bin_directory, arguments))
    trees[-1]["counts"] = counts
    return trees


if __name__ == "__main__":
    sys.exit(main())
