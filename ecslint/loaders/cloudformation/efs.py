"""EFS file systems and access points, and the links from task-definition volumes to them."""

from __future__ import annotations

import json
from typing import Any

from ecslint.loaders.cloudformation.convert import text
from ecslint.loaders.cloudformation.iam import document
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.ecs_api import present
from ecslint.model import TaskDefinition
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem
from ecslint.model.values import Unknown, is_unknown


def create_file_system(stack: Stack, logical_id: str) -> EfsFileSystem:
    """Build a file system with its ``FileSystemPolicy``, None when the template sets none."""
    policy = stack.properties(logical_id).get("FileSystemPolicy")
    return EfsFileSystem(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, ("FileSystemPolicy",)),
        policy=_policy(document(policy)),
    )


def _policy(value: Any) -> Any:
    if value is None or is_unknown(value) or isinstance(value, dict):
        return value
    try:
        parsed = json.loads(str(value))
    except ValueError:
        return Unknown("the file system policy is not valid JSON")
    return (
        parsed
        if isinstance(parsed, dict)
        else Unknown("the file system policy is not a JSON object")
    )


def create_access_point(stack: Stack, logical_id: str) -> EfsAccessPoint:
    """Build an access point, whose root directory is "/" unless ``RootDirectory.Path`` is set."""
    root = stack.properties(logical_id).get("RootDirectory")
    access_point = EfsAccessPoint(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, ("RootDirectory", "FileSystemId")),
    )
    if is_unknown(root):
        access_point.root_directory = root
        access_point.creation_info = root
    elif isinstance(root, dict):
        access_point.root_directory = present(text(root.get("Path")), "/")
        creation_info = root.get("CreationInfo")
        if is_unknown(creation_info):
            access_point.creation_info = creation_info
        else:
            access_point.creation_info = creation_info is not None
    return access_point


def link_access_point(stack: Stack, logical_id: str, access_point: EfsAccessPoint) -> None:
    value = stack.properties(logical_id).get("FileSystemId")
    found = stack.referenced(value, EfsFileSystem)
    if found is None:
        found = Unknown("the file system is not created by this template")
    access_point.file_system = found


def link_volumes(stack: Stack, volumes: Any, task: TaskDefinition) -> None:
    """Link each EFS volume to the file system and access point of the stack it names."""
    if not isinstance(volumes, list) or is_unknown(task.volumes):
        return
    # build_task_definition makes one volume per mapping, in order.
    mappings = [item for item in volumes if isinstance(item, dict)]
    for raw, volume in zip(mappings, task.volumes, strict=False):
        configuration = raw.get("EFSVolumeConfiguration")
        efs = volume.efs
        if not isinstance(configuration, dict) or efs is None or is_unknown(efs):
            continue
        efs.file_system = stack.referenced(configuration.get("FilesystemId"), EfsFileSystem)
        authorization = configuration.get("AuthorizationConfig")
        if isinstance(authorization, dict):
            access_point = authorization.get("AccessPointId")
            efs.access_point = stack.referenced(access_point, EfsAccessPoint)
