"""ECS task definitions.

Their properties are renamed into the ECS API's camelCase shape and built by the same code as
task-definition files, so every rule reads them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecslint.loaders.cloudformation.convert import plain
from ecslint.loaders.cloudformation.efs import link_volumes
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.ecs_api import build_task_definition
from ecslint.model import RoleReference, TaskDefinition
from ecslint.model.iam import Role
from ecslint.model.registry import Repository
from ecslint.model.values import Location

# Maps whose keys are data, not property names: their keys are kept as written.
FREE_FORM_MAPS = frozenset({"Options", "DockerLabels", "DriverOpts", "Labels"})
# Property names whose API name is not the property name with a lowercase first letter.
API_NAMES = {
    "EFSVolumeConfiguration": "efsVolumeConfiguration",
    "FilesystemId": "fileSystemId",
    "FSxWindowsFileServerVolumeConfiguration": "fsxWindowsFileServerVolumeConfiguration",
    "IAM": "iam",
}


def api_name(name: str) -> str:
    """Return the ECS API name of a CloudFormation property name."""
    return API_NAMES.get(name) or name[:1].lower() + name[1:]


def to_api_shape(value: Any) -> Any:
    """Rename PascalCase properties to the API's camelCase, recursively; make strings plain."""
    if isinstance(value, dict):
        renamed = {}
        for key, item in value.items():
            if key in FREE_FORM_MAPS and isinstance(item, dict):
                renamed[api_name(key)] = {name: plain(entry) for name, entry in item.items()}
            else:
                renamed[api_name(key)] = to_api_shape(item)
        return renamed
    if isinstance(value, list):
        return [to_api_shape(item) for item in value]
    return plain(value)


def make_locator(stack: Stack, logical_id: str):
    """Return a function from a path in the API-shaped document to the source location.

    The path is followed through the template's own PascalCase properties. The location is
    that of the deepest part the template writes: a key, or a list item.
    """
    root = stack.resource_location(logical_id)
    raw_properties = stack.raw_properties(logical_id)

    def locate(path: Sequence[str | int]) -> Location:
        node, found = raw_properties, root
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    break
                node = node[step]
                if stack.location(node).line is not None:
                    found = stack.location(node)
                continue
            key = _matching_key(node, step)
            if key is None:
                break
            found, node = stack.location(key), node[key]
        return found

    return locate


def _matching_key(node: Any, api_key: str) -> Any:
    if not isinstance(node, dict):
        return None
    for key in node:
        if key == api_key or api_name(str(key)) == api_key:
            return key
    return None


def create_task_definition(stack: Stack, logical_id: str) -> TaskDefinition:
    """Build a task definition from ``AWS::ECS::TaskDefinition`` properties."""
    document = to_api_shape(stack.properties(logical_id))
    locate = make_locator(stack, logical_id)
    task = build_task_definition(document, logical_id, locate, validate=False)
    task.location = stack.resource_location(logical_id)
    return task


def link_task_definition(stack: Stack, logical_id: str, task: TaskDefinition) -> None:
    """Link the roles and the ECR repositories that the task definition names."""
    properties = stack.properties(logical_id)
    for field_name, key in (("execution_role", "ExecutionRoleArn"), ("task_role", "TaskRoleArn")):
        reference: RoleReference | None = getattr(task, field_name)
        if reference is not None:
            reference.role = stack.referenced(properties.get(key), Role)
            stack.note_unknown(logical_id, key, reference.value)
    link_volumes(stack, properties.get("Volumes"), task)
    definitions = properties.get("ContainerDefinitions")
    if not isinstance(definitions, list):
        return
    # build_task_definition makes one container per mapping, in order, or none at all when an
    # item is unresolved.
    mappings = [item for item in definitions if isinstance(item, dict)]
    for definition, container in zip(mappings, task.known_containers(), strict=False):
        container.repository = stack.referenced(definition.get("Image"), Repository)
        stack.note_unknown(logical_id, f"image of container {container.name}", container.image)
