"""Map EFS file systems, their policies and access points, and task-definition EFS volumes.

A ``volume`` block of ``aws_ecs_task_definition`` is renamed into the RegisterTaskDefinition
API's ``volumes`` shape, and its references are linked to the file system and access point
objects once every object exists.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node, node_positions
from ecslint.loaders.terraform.map_iam import policy_document
from ecslint.loaders.terraform.resources import Ref, Resource, as_text, blocks, first_block
from ecslint.model import TaskDefinition
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem
from ecslint.model.values import Location, Unknown, is_unknown

# API name -> Terraform name, for the members of a volume block.
VOLUME_NAMES = {
    "name": "name",
    "efsVolumeConfiguration": "efs_volume_configuration",
    "fileSystemId": "file_system_id",
    "rootDirectory": "root_directory",
    "transitEncryption": "transit_encryption",
    "authorizationConfig": "authorization_config",
    "accessPointId": "access_point_id",
    "iam": "iam",
}
_EFS_MEMBERS = ("file_system_id", "root_directory", "transit_encryption")
_AUTHORIZATION_MEMBERS = ("access_point_id", "iam")


def create_file_system(builder: Builder, resource: Resource) -> None:
    file_system = EfsFileSystem(**base_node(resource))
    builder.model.efs_file_systems.append(builder.register(resource, file_system))


def link_file_system_policies(builder: Builder) -> None:
    """Give each file system the document of the ``aws_efs_file_system_policy`` naming it."""
    for resource in builder.of_type("aws_efs_file_system_policy"):
        target = resource.get("file_system_id")
        file_system = builder.lookup(target, EfsFileSystem) if isinstance(target, Ref) else None
        if not isinstance(file_system, EfsFileSystem):
            continue
        document = policy_document(builder, resource.get("policy"))
        if not isinstance(document, dict) and not is_unknown(document):
            document = Unknown(f"the policy of {resource.address} is not a JSON object")
        file_system.policy = document
        file_system.positions.setdefault("policy", resource.where("policy"))


def create_access_point(builder: Builder, resource: Resource) -> None:
    """Build an access point, whose root directory is "/" unless ``root_directory.path`` is set."""
    access_point = EfsAccessPoint(
        **base_node(resource),
        positions=node_positions(resource, {"root_directory": "root_directory"}),
    )
    root = first_block(resource.values, "root_directory")
    if not root and "root_directory" in resource.dynamic_blocks:
        access_point.root_directory = Unknown(f"root_directory of {resource.address}")
        access_point.creation_info = access_point.root_directory
    elif root:
        path = as_text(root.get("path"))
        access_point.root_directory = "/" if path is None or path == "" else path
        access_point.creation_info = _has_creation_info(resource, root)
    builder.model.efs_access_points.append(builder.register(resource, access_point))


def _has_creation_info(resource: Resource, root: dict) -> bool | Unknown:
    if blocks(root, "creation_info"):
        return True
    if "root_directory.creation_info" in resource.dynamic_blocks:
        return Unknown(f"creation_info of {resource.address}")
    return False


def link_access_points(builder: Builder) -> None:
    for resource in builder.of_type("aws_efs_access_point"):
        access_point = builder.objects.get(resource.address)
        if not isinstance(access_point, EfsAccessPoint):
            continue
        found = builder.lookup(resource.get("file_system_id"), EfsFileSystem)
        if found is None:
            found = Unknown(f"file_system_id of {resource.address} is not set")
        access_point.file_system = found


def volumes_document(resource: Resource) -> list[dict[str, Any]] | Unknown | None:
    """Return the ``volume`` blocks in the API's ``volumes`` shape, or None when there are none."""
    found = blocks(resource.values, "volume")
    if not found:
        if "volume" in resource.dynamic_blocks:
            return Unknown(f"the volume blocks of {resource.address} are not known")
        return None
    return [_volume_document(block) for block in found]


def _volume_document(block: dict) -> dict[str, Any]:
    volume: dict[str, Any] = {"name": _api_value(block.get("name"))}
    efs = first_block(block, "efs_volume_configuration")
    if not efs:
        return volume
    configuration = _members(efs, _EFS_MEMBERS)
    authorization = first_block(efs, "authorization_config")
    if authorization:
        configuration["authorizationConfig"] = _members(authorization, _AUTHORIZATION_MEMBERS)
    volume["efsVolumeConfiguration"] = configuration
    return volume


def _members(block: dict, names: tuple[str, ...]) -> dict[str, Any]:
    api_names = {tf_name: api_name for api_name, tf_name in VOLUME_NAMES.items()}
    return {
        api_names[name]: _api_value(block[name]) for name in names if block.get(name) is not None
    }


def _api_value(value: Any) -> Any:
    if isinstance(value, Ref):
        return Unknown(f"{value.address} is not known before apply")
    return value


def link_volumes(builder: Builder, resource: Resource, task: TaskDefinition) -> None:
    """Link each EFS volume to the file system and access point its references name."""
    if is_unknown(task.volumes):
        return
    # volumes_document makes one volume per block, in order, and so does build_task_definition.
    for block, volume in zip(blocks(resource.values, "volume"), task.volumes, strict=False):
        efs = first_block(block, "efs_volume_configuration")
        if not efs or volume.efs is None or is_unknown(volume.efs):
            continue
        file_system = _linked(builder, efs.get("file_system_id"), EfsFileSystem)
        volume.efs.file_system = file_system
        authorization = first_block(efs, "authorization_config")
        access_point = _linked(builder, authorization.get("access_point_id"), EfsAccessPoint)
        volume.efs.access_point = access_point


def _linked(builder: Builder, value: Any, kind: type) -> Any:
    found = builder.lookup(value, kind) if isinstance(value, Ref) else None
    return found if isinstance(found, kind) else None


def locate_volume(resource: Resource, path: list) -> Location:
    """Return the line of a member of a ``volume`` block, for a path in the API document.

    Attribute lines are recorded for the first block of each name only, so a member of a later
    ``volume`` block is placed at the line of its innermost block.
    """
    found = blocks(resource.values, "volume")
    if len(path) < 2 or not isinstance(path[1], int) or path[1] >= len(found):
        return resource.where("volume")
    block = found[path[1]]
    names = [VOLUME_NAMES[step] for step in path[2:] if step in VOLUME_NAMES]
    first = resource.positions.get("volume")
    if first is not None and block.get("__line__") in (None, first.line):
        for end in range(len(names), 0, -1):
            dotted = ".".join(["volume", *names[:end]])
            if dotted in resource.positions:
                return resource.positions[dotted]
        return first
    return _innermost_line(resource, block, names)


def _innermost_line(resource: Resource, block: dict, names: list[str]) -> Location:
    line = block.get("__line__")
    for name in names:
        block = first_block(block, name)
        if not block:
            break
        line = block.get("__line__", line)
    return Location(resource.location.path, line) if line else resource.where("volume")
