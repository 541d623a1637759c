"""Build task-definition model objects from the ECS API's JSON shape.

Every loader ends here: task-definition files are already in this shape, Terraform's
``container_definitions`` is too, and the CloudFormation loader renames its properties into it.
Values of the wrong type are left out of the model (the schema check reports them), and
``Unknown`` values pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ecslint.model import Container, RoleReference, Secret, TaskDefinition
from ecslint.model.ecs import MountPoint, PortMapping, Volume
from ecslint.model.efs import EfsVolumeConfiguration
from ecslint.model.values import Location, Unknown, is_unknown

Locate = Callable[[Sequence[str | int]], Location]

_TASK_POSITIONS = (
    "family",
    "executionRoleArn",
    "taskRoleArn",
    "requiresCompatibilities",
    "networkMode",
    "cpu",
    "memory",
    "runtimePlatform",
    "runtimePlatform.cpuArchitecture",
    "runtimePlatform.operatingSystemFamily",
    "ephemeralStorage",
    "ephemeralStorage.sizeInGiB",
    "containerDefinitions",
)
_CONTAINER_POSITIONS = (
    "image",
    "essential",
    "command",
    "entryPoint",
    "logConfiguration",
    "logConfiguration.logDriver",
    "logConfiguration.options",
    "logConfiguration.options.max-size",
    "secrets",
    "repositoryCredentials",
    "repositoryCredentials.credentialsParameter",
    "portMappings",
    "mountPoints",
)
_VOLUME_POSITIONS = (
    "efsVolumeConfiguration",
    "efsVolumeConfiguration.fileSystemId",
    "efsVolumeConfiguration.rootDirectory",
    "efsVolumeConfiguration.authorizationConfig",
    "efsVolumeConfiguration.authorizationConfig.accessPointId",
    "efsVolumeConfiguration.authorizationConfig.iam",
)


def text(value: Any) -> str | Unknown | None:
    """Return ``value`` when it is a string or unknown, else None."""
    return value if isinstance(value, str) or is_unknown(value) else None


def number_text(value: Any) -> str | Unknown | None:
    """Return a string for task-level cpu and memory, which templates often write as numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return text(value)


def integer(value: Any) -> int | Unknown | None:
    if is_unknown(value) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def present(value: Any, fallback: Any) -> Any:
    """Return ``value``, or ``fallback`` when it is absent or empty.

    Unlike ``value or fallback`` this keeps an ``Unknown``, whose truth is undefined.
    """
    if is_unknown(value):
        return value
    return value if value else fallback


def mapping(value: Any) -> dict | Unknown | None:
    return value if isinstance(value, dict) or is_unknown(value) else None


def sequence(value: Any) -> list | Unknown | None:
    return value if isinstance(value, list) or is_unknown(value) else None


def _dig(document: Any, dotted: str) -> bool:
    for key in dotted.split("."):
        if not isinstance(document, dict) or key not in document:
            return False
        document = document[key]
    return True


def _positions(document: dict, keys: Sequence[str], locate: Locate, prefix: Sequence) -> dict:
    return {key: locate([*prefix, *key.split(".")]) for key in keys if _dig(document, key)}


def build_task_definition(
    document: dict[str, Any], name: str, locate: Locate, validate: bool = True
) -> TaskDefinition:
    """Return the task definition ``document`` (API shape) describes.

    ``locate`` maps a path in ``document`` to a source location. ``validate`` keeps the
    document for the schema check, which only applies where the input is API-shaped JSON.
    """
    platform = present(mapping(document.get("runtimePlatform")), {})
    storage = present(mapping(document.get("ephemeralStorage")), {})
    task = TaskDefinition(
        name=name,
        location=locate([]),
        positions=_positions(document, _TASK_POSITIONS, locate, []),
        family=text(document.get("family")),
        requires_compatibilities=_compatibilities(document.get("requiresCompatibilities")),
        network_mode=text(document.get("networkMode")),
        cpu=number_text(document.get("cpu")),
        memory=number_text(document.get("memory")),
        execution_role=_role(document.get("executionRoleArn")),
        task_role=_role(document.get("taskRoleArn")),
        ephemeral_storage_gib=None if is_unknown(storage) else integer(storage.get("sizeInGiB")),
        document=document if validate else None,
        locate_path=locate,
    )
    if not is_unknown(platform):
        task.cpu_architecture = present(text(platform.get("cpuArchitecture")), "X86_64")
        task.os_family = present(text(platform.get("operatingSystemFamily")), "LINUX")
    task.containers = _containers(document.get("containerDefinitions"), locate)
    task.volumes = _volumes(document.get("volumes"), locate)
    return task


def _compatibilities(value: Any) -> list[str] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    if any(is_unknown(item) for item in value):
        return Unknown("requiresCompatibilities contains an unresolved value")
    return [item for item in value if isinstance(item, str)]


def _role(value: Any) -> RoleReference | None:
    value = text(value)
    return None if value is None or value == "" else RoleReference(value)


def _containers(value: Any, locate: Locate) -> list[Container] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    containers = []
    for index, item in enumerate(value):
        if is_unknown(item):
            return Unknown("a container definition is unresolved")
        if isinstance(item, dict):
            containers.append(build_container(item, index, locate))
    return containers


def build_container(document: dict[str, Any], index: int, locate: Locate) -> Container:
    """Return the container that ``document``, item ``index`` of containerDefinitions, describes."""
    prefix = ["containerDefinitions", index]
    logging = present(mapping(document.get("logConfiguration")), {})
    credentials = present(mapping(document.get("repositoryCredentials")), {})
    name = text(document.get("name"))
    container = Container(
        name=name if isinstance(name, str) else f"containerDefinitions[{index}]",
        location=locate(prefix),
        positions=_positions(document, _CONTAINER_POSITIONS, locate, prefix),
        image=text(document.get("image")),
        command=sequence(document.get("command")),
        entry_point=sequence(document.get("entryPoint")),
        port_mappings=_port_mappings(document.get("portMappings"), locate, prefix),
        secrets=_secrets(document.get("secrets"), locate, [*prefix, "secrets"]),
        mount_points=_mount_points(document.get("mountPoints"), locate, prefix),
    )
    essential = document.get("essential", True)
    container.essential = (
        essential if isinstance(essential, bool) or is_unknown(essential) else True
    )
    if is_unknown(logging):
        container.log_driver = logging
    else:
        container.log_driver = text(logging.get("logDriver"))
        container.log_options = present(mapping(logging.get("options")), {})
        secret_path = [*prefix, "logConfiguration", "secretOptions"]
        container.log_secret_options = _secrets(logging.get("secretOptions"), locate, secret_path)
    if is_unknown(credentials):
        container.credentials_parameter = credentials
    else:
        container.credentials_parameter = text(credentials.get("credentialsParameter"))
    return container


def _secrets(value: Any, locate: Locate, prefix: list) -> list[Secret] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    secrets = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            name = text(item.get("name"))
            secrets.append(
                Secret(
                    name=name if isinstance(name, str) else f"secrets[{index}]",
                    location=locate([*prefix, index]),
                    value_from=present(text(item.get("valueFrom")), ""),
                )
            )
    return secrets


def _port_mappings(value: Any, locate: Locate, prefix: list) -> list[PortMapping] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    mappings = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            path = [*prefix, "portMappings", index]
            mappings.append(
                PortMapping(
                    name=f"portMappings[{index}]",
                    location=locate(path),
                    positions={"hostPort": locate([*path, "hostPort"])},
                    container_port=integer(item.get("containerPort")),
                    host_port=integer(item.get("hostPort")),
                )
            )
    return mappings


def _mount_points(value: Any, locate: Locate, prefix: list) -> list[MountPoint] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    mount_points = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            read_only = item.get("readOnly", False)
            mount_points.append(
                MountPoint(
                    name=f"mountPoints[{index}]",
                    location=locate([*prefix, "mountPoints", index]),
                    source_volume=text(item.get("sourceVolume")),
                    container_path=text(item.get("containerPath")),
                    read_only=_boolean(read_only),
                )
            )
    return mount_points


def _boolean(value: Any) -> bool | Unknown:
    """Return a JSON boolean, also from the strings "true" and "false" that templates write."""
    if isinstance(value, bool) or is_unknown(value):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return Unknown(f"{value!r} is not a boolean")


def _volumes(value: Any, locate: Locate) -> list[Volume] | Unknown:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        return []
    volumes = []
    for index, item in enumerate(value):
        if is_unknown(item):
            return Unknown("a volume is unresolved")
        if isinstance(item, dict):
            name = text(item.get("name"))
            prefix = ["volumes", index]
            volumes.append(
                Volume(
                    name=name if isinstance(name, str) else f"volumes[{index}]",
                    location=locate(prefix),
                    positions=_positions(item, _VOLUME_POSITIONS, locate, prefix),
                    efs=_efs_configuration(item.get("efsVolumeConfiguration")),
                )
            )
    return volumes


def _efs_configuration(value: Any) -> EfsVolumeConfiguration | Unknown | None:
    """Return the EFS configuration with the API's defaults: root "/", IAM and TLS DISABLED."""
    value = mapping(value)
    if value is None or is_unknown(value):
        return value
    authorization = present(mapping(value.get("authorizationConfig")), {})
    if is_unknown(authorization):
        access_point, iam = authorization, authorization
    else:
        access_point = text(authorization.get("accessPointId"))
        iam = present(text(authorization.get("iam")), "DISABLED")
    return EfsVolumeConfiguration(
        file_system_id=text(value.get("fileSystemId")),
        root_directory=present(text(value.get("rootDirectory")), "/"),
        iam=iam,
        access_point_id=None if access_point == "" else access_point,
        transit_encryption=present(text(value.get("transitEncryption")), "DISABLED"),
    )
