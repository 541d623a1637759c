"""EC2 capacity for the EC2 launch type: launch templates, Auto Scaling groups, providers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.model.base import Node
from ecslint.model.iam import InstanceProfile
from ecslint.model.network import SecurityGroup, Subnet
from ecslint.model.values import Unknown


@dataclass(eq=False)
class LaunchTemplate(Node):
    """A launch template or launch configuration.

    ``image_id`` is the AMI id or the SSM parameter path it is read from, such as
    ``/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id``.
    """

    instance_types: list[str | Unknown] = field(default_factory=list)
    image_id: str | Unknown | None = None
    instance_profile: InstanceProfile | Unknown | None = None
    security_groups: list[SecurityGroup | Unknown] | Unknown = field(default_factory=list)
    associate_public_ip: bool | Unknown | None = None


@dataclass(eq=False)
class AutoScalingGroup(Node):
    launch_template: LaunchTemplate | Unknown | None = None
    subnets: list[Subnet | Unknown] | Unknown = field(default_factory=list)
    instance_types: list[str | Unknown] = field(default_factory=list)


@dataclass(eq=False)
class CapacityProvider(Node):
    provider_name: str | Unknown | None = None
    auto_scaling_group: AutoScalingGroup | Unknown | None = None
