"""Task definitions, containers and services, with the ECS API's defaults applied.

Field names follow the RegisterTaskDefinition and CreateService APIs in snake case. Any field may
hold an ``Unknown``. Where the API has a default, the loader stores it, so rules see what ECS
will do: ``essential`` is True, ``cpu_architecture`` is X86_64 and ``os_family`` is LINUX.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecslint.model.base import Node
from ecslint.model.values import Location, Unknown, is_unknown

if TYPE_CHECKING:
    from ecslint.model.efs import EfsVolumeConfiguration
    from ecslint.model.iam import Role
    from ecslint.model.network import SecurityGroup, Subnet
    from ecslint.model.registry import Repository


@dataclass(eq=False)
class Secret(Node):
    """One entry of a container's ``secrets`` or a log configuration's ``secretOptions``."""

    value_from: str | Unknown = ""


@dataclass(eq=False)
class PortMapping(Node):
    container_port: int | Unknown | None = None
    host_port: int | Unknown | None = None


@dataclass(eq=False)
class MountPoint(Node):
    """One entry of a container's ``mountPoints``. ``read_only`` is False unless set."""

    source_volume: str | Unknown | None = None
    container_path: str | Unknown | None = None
    read_only: bool | Unknown = False


@dataclass(eq=False)
class Volume(Node):
    """A task-definition volume. ``efs`` is None for volumes of other types."""

    efs: EfsVolumeConfiguration | Unknown | None = None


@dataclass(eq=False)
class Container(Node):
    """A container definition. ``name`` is the container's own name."""

    image: str | Unknown | None = None
    essential: bool | Unknown = True
    command: list[Any] | Unknown | None = None
    entry_point: list[Any] | Unknown | None = None
    log_driver: str | Unknown | None = None
    log_options: dict[str, Any] | Unknown = field(default_factory=dict)
    secrets: list[Secret] | Unknown = field(default_factory=list)
    log_secret_options: list[Secret] | Unknown = field(default_factory=list)
    credentials_parameter: str | Unknown | None = None
    port_mappings: list[PortMapping] | Unknown = field(default_factory=list)
    mount_points: list[MountPoint] | Unknown = field(default_factory=list)
    # The ECR repository of the same stack or configuration that the image names, when the
    # loader could link them (a Ref, GetAtt or Terraform reference to the repository).
    repository: Repository | None = None
    # The platform the image was built for when the input records it, such as a CDK Docker
    # image asset's "linux/arm64".
    image_platform: str | None = None


@dataclass
class RoleReference:
    """A role named by a task definition or instance profile.

    ``value`` is the ARN or name as written. ``role`` is the role object when the same stack or
    configuration defines it, so its policies can be checked.
    """

    value: str | Unknown
    role: Role | None = None


@dataclass(eq=False)
class TaskDefinition(Node):
    """A task definition. ``name`` is the resource name (the family for bare JSON files)."""

    family: str | Unknown | None = None
    requires_compatibilities: list[str] | Unknown = field(default_factory=list)
    network_mode: str | Unknown | None = None
    cpu: str | Unknown | None = None
    memory: str | Unknown | None = None
    execution_role: RoleReference | None = None
    task_role: RoleReference | None = None
    cpu_architecture: str | Unknown = "X86_64"
    os_family: str | Unknown = "LINUX"
    ephemeral_storage_gib: int | Unknown | None = None
    containers: list[Container] | Unknown = field(default_factory=list)
    volumes: list[Volume] | Unknown = field(default_factory=list)
    # The task definition in the API's JSON shape, for schema validation, and a function from a
    # path in it to a source location; None when the input's own tools validate its shape.
    document: dict[str, Any] | None = field(default=None, repr=False)
    locate_path: Callable[[Sequence[str | int]], Location] | None = field(default=None, repr=False)

    def compatibilities(self) -> set[str] | Unknown:
        """Return the launch types the task definition is registered for (EC2 when none)."""
        if is_unknown(self.requires_compatibilities):
            return self.requires_compatibilities
        return set(self.requires_compatibilities) or {"EC2"}

    def known_containers(self) -> list[Container]:
        return [] if is_unknown(self.containers) else self.containers


@dataclass(eq=False)
class CapacityProviderItem:
    provider: str | Unknown
    weight: int | Unknown | None = None
    base: int | Unknown | None = None


@dataclass(eq=False)
class Service(Node):
    """An ECS service, or a scheduled or one-off run of a task with its network settings.

    ``launch_type`` is None when a capacity-provider strategy is used instead.
    ``security_groups`` is empty when none are given: ECS then uses the VPC's default group.
    ``assign_public_ip`` defaults to False (DISABLED), as ECS does.
    """

    task_definition: TaskDefinition | Unknown | None = None
    launch_type: str | Unknown | None = None
    capacity_provider_strategy: list[CapacityProviderItem] | Unknown = field(default_factory=list)
    platform_version: str | Unknown | None = None
    subnets: list[Subnet | Unknown] | Unknown = field(default_factory=list)
    security_groups: list[SecurityGroup | Unknown] | Unknown = field(default_factory=list)
    assign_public_ip: bool | Unknown = False
    cluster: Any = None
    # "service", or "scheduled-task" for an EventBridge rule that runs the task.
    kind: str = "service"
    # The tasks the first deployment starts; None when the input format has no such setting.
    desired_count: int | Unknown | None = None


@dataclass(eq=False)
class Cluster(Node):
    """An ECS cluster and the capacity providers associated with it."""

    cluster_name: str | Unknown | None = None
    capacity_providers: list[Any] = field(default_factory=list)
    # The default capacity-provider strategy, used by services that set neither a launch type
    # nor a strategy of their own.
    default_strategy: list[CapacityProviderItem] | Unknown = field(default_factory=list)
