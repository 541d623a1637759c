"""Generate the synthetic benchmark tree: task definitions, CloudFormation stacks, Terraform.

The tree is built outside the repository from the shapes of the project's own inputs. Task
definitions start from the JSON files in ``fixtures/`` and ``examples/`` (passing and failing
ones, so rules have findings to report) with new families, container names and images. The
CloudFormation stacks and Terraform directories follow the network fixtures: a VPC, subnets,
route tables, an internet or NAT gateway, a security group, an execution role, a task
definition and a Fargate service. Every choice comes from a ``random.Random`` seeded with a
string, so one seed always gives the same files.

The tree has two halves, ``part-1`` and ``part-2``, of equal size, so that the time for half
the tree and for the whole tree can be compared without generating it twice.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import synth_templates

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2")
REPOSITORIES = ("web", "api", "worker", "billing", "search", "auth", "queue", "report")
TAGS = ("1.4.2", "2.0.0", "latest", "2024.11.3", "v3", "sha-4f2a9c1")


@dataclass(frozen=True)
class TreeSize:
    """Number of inputs of each kind in the whole tree; each half gets half of them."""

    task_definitions: int = 2000
    stacks: int = 200
    terraform_directories: int = 200


def generate_tree(root: Path, repository: Path, seed: int, size: TreeSize) -> dict[str, int]:
    """Write the tree under ``root`` (deleted first) and return the count of each kind."""
    if root.exists():
        shutil.rmtree(root)
    shapes = task_definition_shapes(repository)
    halves = ((0, "part-1"), (1, "part-2"))
    for half, name in halves:
        part = root / name
        _write_task_definitions(
            part / "taskdef", shapes, seed, _half_range(size.task_definitions, half)
        )
        _write_stacks(part / "cloudformation", seed, _half_range(size.stacks, half))
        _write_terraform(part / "terraform", seed, _half_range(size.terraform_directories, half))
    return {
        "task definitions": size.task_definitions,
        "CloudFormation stacks": size.stacks,
        "Terraform directories": size.terraform_directories,
    }


def _half_range(total: int, half: int) -> range:
    middle = total // 2
    return range(0, middle) if half == 0 else range(middle, total)


def task_definition_shapes(repository: Path) -> list[dict]:
    """Return the task definitions in the repository's fixtures and examples, as dicts."""
    paths = sorted(repository.glob("fixtures/*/*.json")) + sorted(
        repository.glob("examples/**/*.json")
    )
    shapes = []
    for path in paths:
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(value, dict) and isinstance(value.get("taskDefinition"), dict):
            value = value["taskDefinition"]
        if isinstance(value, dict) and isinstance(value.get("containerDefinitions"), list):
            shapes.append(value)
    if not shapes:
        raise SystemExit(f"no task-definition JSON found under {repository}/fixtures or examples")
    return shapes


def _write_task_definitions(directory: Path, shapes: list[dict], seed: int, numbers: range) -> None:
    directory.mkdir(parents=True)
    for number in numbers:
        rng = random.Random(f"{seed}-taskdef-{number}")
        document = vary_task_definition(rng, rng.choice(shapes), number)
        path = directory / f"service-{number:04d}.json"
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def vary_task_definition(rng: random.Random, shape: dict, number: int) -> dict:
    """Return a copy of ``shape`` with a new family and, for most containers, a new image."""
    document = copy.deepcopy(shape)
    document["family"] = f"service-{number:04d}"
    for index, container in enumerate(document["containerDefinitions"]):
        if not isinstance(container, dict):
            continue
        container["name"] = f"app-{index}"
        # Three containers in ten keep the fixture's image, so its findings stay in the tree.
        if rng.random() < 0.7:
            container["image"] = random_image(rng)
    return document


def random_image(rng: random.Random) -> str:
    """Return an image reference from ECR, ECR Public or Docker Hub."""
    repository = rng.choice(REPOSITORIES)
    tag = rng.choice(TAGS)
    registry = rng.random()
    if registry < 0.6:
        account = f"{rng.randrange(10**11, 10**12):012d}"
        region = rng.choice(REGIONS)
        return f"{account}.dkr.ecr.{region}.amazonaws.com/{repository}:{tag}"
    if registry < 0.8:
        return f"public.ecr.aws/docker/library/{repository}:{tag}"
    return f"{repository}:{tag}"


def _write_stacks(directory: Path, seed: int, numbers: range) -> None:
    directory.mkdir(parents=True)
    for number in numbers:
        rng = random.Random(f"{seed}-stack-{number}")
        stack = synth_templates.random_stack(rng, f"svc{number:03d}", random_image(rng))
        path = directory / f"stack-{number:03d}.yaml"
        path.write_text(synth_templates.cloudformation(stack), encoding="utf-8")


def _write_terraform(directory: Path, seed: int, numbers: range) -> None:
    for number in numbers:
        rng = random.Random(f"{seed}-terraform-{number}")
        stack = synth_templates.random_stack(rng, f"svc{number:03d}", random_image(rng))
        path = directory / f"service-{number:03d}" / "main.tf"
        path.parent.mkdir(parents=True)
        path.write_text(synth_templates.terraform(stack), encoding="utf-8")
