"""Pullers: the network interfaces that pull a service's images, with their subnets and groups.

On Fargate and EXTERNAL the pull leaves through the task's own network interface: the service's
subnets, security groups and ``assignPublicIp``. On the EC2 launch type the ECS agent pulls
through the container instance's interface, even for ``awsvpc`` tasks. So the pullers there are
the instances of the Auto Scaling groups that give the cluster its capacity (ECS developer
guide, "Amazon ECS task networking options for the EC2 launch type", 2025).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ecslint.images import ImageReference, is_bare_digest, parse_image
from ecslint.model import Model, Node, Service, TaskDefinition
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider
from ecslint.model.ecs import Cluster
from ecslint.model.network import SecurityGroup, Subnet
from ecslint.model.values import Unknown, has_placeholder, is_unknown
from ecslint.network.completeness import network_incomplete

_FARGATE_PROVIDERS = frozenset({"FARGATE", "FARGATE_SPOT"})
# Attributes that place a service or an Auto Scaling group in subnets, in each input format.
_PLACEMENT_KEYS = (
    "NetworkConfiguration",
    "network_configuration",
    "networkConfiguration",
    "VPCZoneIdentifier",
    "vpc_zone_identifier",
)


@dataclass(eq=False)
class Puller:
    """A network interface that pulls a service's images.

    ``label`` starts every message (``service `Api``` or ``service `Api` → Auto Scaling group
    `Asg```). ``security_groups`` is empty when none are given, which means the VPC's default
    security group. ``public_ip`` is None when the subnet's ``MapPublicIpOnLaunch`` decides.
    """

    service: Service
    label: str
    subnets: list[Subnet | Unknown] | Unknown
    security_groups: list[SecurityGroup | Unknown] | Unknown
    public_ip: bool | Unknown | None
    task: TaskDefinition | None = None
    # The images pulled; None when the task or the registry of an image is unknown.
    images: list[ImageReference] | None = None
    # The service, or the Auto Scaling group for instances, that findings point at.
    node: Node | None = None

    def attribute(self) -> str | None:
        """Return the written attribute that places the puller in its subnets, if known."""
        node = self.node or self.service
        return next((key for key in _PLACEMENT_KEYS if key in node.positions), None)

    def no_public_ip(self) -> str:
        """Describe the missing public IP for messages."""
        if self.node is None:
            return "the task has no public IP (assignPublicIp is DISABLED)"
        return "the instances get no public IP"

    def where(self) -> Node:
        return self.node or self.service

    def known_subnets(self) -> list[Subnet]:
        """Return the subnets, or an empty list when any of them is unknown."""
        if is_unknown(self.subnets) or any(is_unknown(s) for s in self.subnets):
            return []
        return [subnet for subnet in self.subnets if isinstance(subnet, Subnet)]

    def public_ip_in(self, subnet: Subnet) -> bool | Unknown:
        if self.public_ip is None:
            return subnet.map_public_ip_on_launch
        return self.public_ip


def pullers(model: Model) -> Iterator[Puller]:
    """Yield the pullers of every service whose launch type is known.

    Nothing is yielded when the model may lack some of its network resources.
    """
    if network_incomplete(model):
        return
    for service in model.services:
        task = (
            service.task_definition if isinstance(service.task_definition, TaskDefinition) else None
        )
        found = task_images(task) if task else None
        placement = _placement(model, service)
        if placement == "task":
            yield Puller(
                service,
                _label(service),
                service.subnets,
                service.security_groups,
                service.assign_public_ip,
                task,
                found,
            )
        elif placement == "instances":
            for group in _auto_scaling_groups(model, service):
                yield _instance_puller(service, group, task, found)


def _label(service: Service) -> str:
    noun = "scheduled task" if service.kind == "scheduled-task" else "service"
    return f"{noun} `{service.name}`"


def task_images(task: TaskDefinition) -> list[ImageReference] | None:
    """Return the parsed images of the task's containers, or None when a registry is unknown."""
    if is_unknown(task.containers):
        return None
    found = []
    for container in task.known_containers():
        image = container.image
        if not isinstance(image, str) or not image or is_bare_digest(image):
            return None
        parsed = parse_image(image)
        if not _registry_known(parsed):
            return None
        found.append(parsed)
    return found


def _registry_known(image: ImageReference) -> bool:
    """Return whether the image's registry is known, even if its tag or account is not."""
    if image.is_ecr:
        return True
    first = image.text.split("/")[0] if "/" in image.text else image.text.split(":")[0]
    return not has_placeholder(first)


def _placement(model: Model, service: Service) -> str | None:
    """Return "task" or "instances" for where the pull happens, or None when unknown."""
    launch = service.launch_type
    if is_unknown(launch):
        return None
    if launch in ("FARGATE", "EXTERNAL"):
        return "task"
    if launch == "EC2":
        return "instances"
    strategy = service.capacity_provider_strategy
    if launch is not None or is_unknown(strategy) or not strategy:
        # Without a strategy, the cluster's default strategy decides, which is not modelled.
        return None
    kinds = {_provider_kind(model, item.provider) for item in strategy}
    return kinds.pop() if len(kinds) == 1 else None


def _provider_kind(model: Model, provider: Any) -> str | None:
    """Return "task" for the Fargate providers, "instances" for an Auto Scaling group's."""
    if provider in _FARGATE_PROVIDERS:
        return "task"
    return "instances" if _find_provider(model, provider) is not None else None


def _auto_scaling_groups(model: Model, service: Service) -> list[AutoScalingGroup]:
    """Return the Auto Scaling groups whose instances may run the service's tasks.

    The groups come from the service's capacity providers, else the cluster's. When neither
    names one, the model defines exactly one cluster, which the service runs in, and exactly
    one Auto Scaling group, that group is taken to join the cluster.
    """
    strategy = service.capacity_provider_strategy
    providers: list[Any] = [] if is_unknown(strategy) else [item.provider for item in strategy]
    if not providers and isinstance(service.cluster, Cluster):
        providers = list(service.cluster.capacity_providers)
    if providers:
        return _groups_of(model, providers)
    # NOTE: instances join a cluster through their user data, which the model does not read.
    if len(model.clusters) == 1 and service.cluster is model.clusters[0]:
        return list(model.auto_scaling_groups) if len(model.auto_scaling_groups) == 1 else []
    return []


def _groups_of(model: Model, providers: list[Any]) -> list[AutoScalingGroup]:
    groups = []
    for provider in providers:
        found = _find_provider(model, provider)
        if found is not None and isinstance(found.auto_scaling_group, AutoScalingGroup):
            groups.append(found.auto_scaling_group)
    return groups


def _find_provider(model: Model, provider: Any) -> CapacityProvider | None:
    if isinstance(provider, CapacityProvider):
        return provider
    if not isinstance(provider, str):
        return None
    # A Ref to a provider without a name reads as "${LogicalId}".
    logical_id = provider[2:-1] if provider.startswith("${") and provider.endswith("}") else None
    for candidate in model.capacity_providers:
        if provider in (candidate.name, candidate.provider_name) or logical_id == candidate.name:
            return candidate
    return None


def _instance_puller(
    service: Service,
    group: AutoScalingGroup,
    task: TaskDefinition | None,
    found: list[ImageReference] | None,
) -> Puller:
    template = group.launch_template
    if template is None or is_unknown(template):
        groups: list[SecurityGroup | Unknown] | Unknown = Unknown("no known launch template")
        public_ip: bool | Unknown | None = Unknown("no known launch template")
    else:
        groups, public_ip = template.security_groups, template.associate_public_ip
    return Puller(
        service,
        f"{_label(service)} → Auto Scaling group `{group.name}`",
        group.subnets,
        groups,
        public_ip,
        task,
        found,
        group,
    )
