"""Fuzz ecslint's loaders with atheris (coverage-guided, libFuzzer) for long runs.

One target per loader, chosen with ``--target``:

- ``json``: the fuzzed bytes as a ``.json`` file, read by ``ecslint.loaders.load_file``;
- ``cloudformation``: the bytes as a ``.yaml`` file, read by ``load_file``;
- ``terraform``: the bytes as the only ``main.tf`` of a directory, read by
  ``ecslint.loaders.load_terraform_directory``.

The property: a loader returns a ``LoadResult`` whose models are ``Model`` objects and whose
errors are ``InputError`` objects with a message. Bad input must become such an error, so any
exception is a crash, and so is a result of another type. libFuzzer then writes the input to
``--work``/TARGET/artifacts and exits with a non-zero status.

The corpus starts from the project's own inputs: fixtures and examples for JSON, fixtures
for CloudFormation, and ``tests/data/terraform`` for Terraform, since no fixture is Terraform.
It lives under ``--work`` and grows between runs. A target whose loader module is missing
prints "skipped: loader not present" and exits 0.

Run with a Python that has atheris and ecslint installed, for example
``python benchmarks/fuzz_atheris.py --target json --runs 10000``.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import atheris

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """A loader to fuzz: the module that must exist, and the seed files (globs)."""

    module: str
    seeds: tuple[str, ...]


TARGETS = {
    "json": Target("ecslint.loaders.taskdef", ("fixtures/*/*.json", "examples/**/*.json")),
    "cloudformation": Target(
        "ecslint.loaders.cloudformation", ("fixtures/*/*.yaml", "fixtures/*/*.yml")
    ),
    "terraform": Target("ecslint.loaders.terraform", ("tests/data/terraform/**/*.tf",)),
}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=sorted(TARGETS), required=True)
    parser.add_argument(
        "--runs",
        type=int,
        default=10_000,
        help="number of fuzz cases (default 10000, -1 for no limit)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path.home() / ".cache" / "ecslint-bench" / "fuzz",
        help="directory for the corpus and crash inputs (outside the repository)",
    )
    parser.add_argument(
        "--seconds", type=int, default=0, help="stop after this many seconds (default: no limit)"
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds one case may take")
    return parser.parse_args()


def prepare_corpus(target: Target, directory: Path) -> int:
    """Copy the seed files into ``directory`` (kept between runs) and return how many."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for pattern in target.seeds:
        for path in sorted(REPOSITORY.glob(pattern)):
            relative = path.relative_to(REPOSITORY)
            shutil.copyfile(path, directory / ("seed-" + "-".join(relative.parts)))
            count += 1
    return count


def check_result(result: object) -> None:
    """Raise ``AssertionError`` unless ``result`` is a well-formed ``LoadResult``."""
    from ecslint.errors import InputError
    from ecslint.loaders import LoadResult
    from ecslint.model import Model

    if not isinstance(result, LoadResult):
        raise AssertionError(f"loader returned {type(result).__name__}, not LoadResult")
    for model in result.models:
        if not isinstance(model, Model):
            raise AssertionError(f"model is {type(model).__name__}, not Model")
    for error in result.errors:
        if not isinstance(error, InputError) or not error.message:
            raise AssertionError(f"error without a message: {error!r}")


def make_test_one_input(name: str, scratch: Path):
    """Return the function that libFuzzer calls with each case's bytes."""
    from ecslint.loaders import load_file, load_terraform_directory

    if name == "terraform":
        directory = scratch / "configuration"
        directory.mkdir()
        main_tf = directory / "main.tf"

        def test_terraform(data: bytes) -> None:
            main_tf.write_bytes(data)
            check_result(load_terraform_directory(str(directory)))

        return test_terraform
    path = scratch / ("input.json" if name == "json" else "input.yaml")

    def test_file(data: bytes) -> None:
        path.write_bytes(data)
        check_result(load_file(str(path), explicit=True))

    return test_file


def import_instrumented(name: str, target: Target) -> None:
    """Import the target's loader with coverage instrumentation, or exit 0 when it is missing.

    Every ecslint module must be first imported inside this block to be instrumented, so the
    loader's presence is tested by importing it here.
    """
    with atheris.instrument_imports(include=["ecslint"]):
        try:
            importlib.import_module(target.module)
        except ModuleNotFoundError as error:
            if error.name != target.module:
                raise
            print(f"{name}: skipped: loader not present ({target.module})")
            sys.exit(0)
        importlib.import_module("ecslint.loaders")


def libfuzzer_arguments(arguments: argparse.Namespace, corpus: Path, artifacts: Path) -> list[str]:
    return [
        sys.argv[0],
        f"-runs={arguments.runs}",
        f"-timeout={arguments.timeout}",
        f"-max_total_time={arguments.seconds}",
        f"-artifact_prefix={artifacts}/",
        "-print_final_stats=1",
        str(corpus),
    ]


def main() -> None:
    arguments = parse_arguments()
    target = TARGETS[arguments.target]
    import_instrumented(arguments.target, target)

    work = arguments.work.expanduser().resolve() / arguments.target
    corpus, artifacts = work / "corpus", work / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    seeds = prepare_corpus(target, corpus)
    limit = f"{arguments.runs} cases" if arguments.runs >= 0 else "no case limit"
    print(f"{arguments.target}: {seeds} seed files, {limit}", flush=True)

    # libFuzzer ends the process with exit(), so the scratch directory is cleared at the
    # start of the next run instead of at the end of this one.
    scratch = work / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    test_one_input = make_test_one_input(arguments.target, scratch)
    atheris.Setup(libfuzzer_arguments(arguments, corpus, artifacts), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
