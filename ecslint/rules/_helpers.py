"""Small questions several rules ask of a task definition."""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.images import ImageReference, is_bare_digest, parse_image
from ecslint.model import Container, TaskDefinition
from ecslint.model.values import is_unknown


def task_uses(task: TaskDefinition, *launch_types: str) -> bool:
    """Return True when the task is known to be registered for one of ``launch_types``."""
    compatibilities = task.compatibilities()
    return not is_unknown(compatibilities) and bool(compatibilities & set(launch_types))


def uses_task_network(task: TaskDefinition) -> bool:
    """Return True for launch types whose pulls leave through the task's own interface."""
    return task_uses(task, "FARGATE", "EXTERNAL")


def images(task: TaskDefinition) -> Iterator[tuple[Container, ImageReference]]:
    """Yield each container with a known, parseable image and its parsed reference.

    Images that are wholly unknown and bare digests (which ``ECS304`` reports) are skipped.
    """
    for container in task.known_containers():
        image = container.image
        if not isinstance(image, str) or not image or is_bare_digest(image):
            continue
        yield container, parse_image(image)


def has_execution_role(task: TaskDefinition) -> bool:
    return task.execution_role is not None


def uses_awslogs(container: Container) -> bool:
    return container.log_driver == "awslogs"


def quote(value: object) -> str:
    return f'"{value}"'
