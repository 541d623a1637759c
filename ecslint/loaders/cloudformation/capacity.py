"""EC2 capacity: launch templates and configurations, Auto Scaling groups, capacity providers.

An AMI read from an SSM parameter keeps the parameter's path, such as
``/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id``, because the
path names the architecture.
"""

from __future__ import annotations

import re
from typing import Any

from ecslint.loaders.cloudformation.convert import boolean, text
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider, LaunchTemplate
from ecslint.model.iam import InstanceProfile
from ecslint.model.values import Unknown, is_unknown

GROUP_POSITIONS = (
    "VPCZoneIdentifier",
    "LaunchTemplate",
    "LaunchConfigurationName",
    "MixedInstancesPolicy",
)
TEMPLATE_POSITIONS = (
    "LaunchTemplateData",
    "ImageId",
    "InstanceType",
    "IamInstanceProfile",
    "SecurityGroups",
    "AssociatePublicIpAddress",
)
_SSM_DYNAMIC_REFERENCE = re.compile(r"^\{\{resolve:ssm:([^:}]+)(?::\d+)?\}\}$")


def image_id(stack: Stack, raw: Any, resolved: Any) -> str | Unknown | None:
    """Return the AMI id, or the SSM parameter path it is read from."""
    path = stack.resolver.ssm_parameter_path(raw)
    if path is not None:
        return path
    if isinstance(raw, str):
        match = _SSM_DYNAMIC_REFERENCE.match(raw.strip())
        if match:
            return match.group(1)
    return text(resolved)


def create_launch_template(stack: Stack, logical_id: str) -> LaunchTemplate:
    data = stack.properties(logical_id).get("LaunchTemplateData")
    raw_data = stack.raw_properties(logical_id).get("LaunchTemplateData")
    data = data if isinstance(data, dict) else {}
    raw_data = raw_data if isinstance(raw_data, dict) else {}
    template = _launch_template(stack, logical_id, data, raw_data)
    interfaces = data.get("NetworkInterfaces")
    if isinstance(interfaces, list) and interfaces and isinstance(interfaces[0], dict):
        template.associate_public_ip = boolean(interfaces[0].get("AssociatePublicIpAddress"), None)
    return template


def create_launch_configuration(stack: Stack, logical_id: str) -> LaunchTemplate:
    properties = stack.properties(logical_id)
    template = _launch_template(stack, logical_id, properties, stack.raw_properties(logical_id))
    template.associate_public_ip = boolean(properties.get("AssociatePublicIpAddress"), None)
    return template


def _launch_template(stack: Stack, logical_id: str, data: dict, raw: dict) -> LaunchTemplate:
    instance_type = data.get("InstanceType")
    return LaunchTemplate(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, TEMPLATE_POSITIONS),
        instance_types=[text(instance_type)] if instance_type is not None else [],
        image_id=image_id(stack, raw.get("ImageId"), data.get("ImageId")),
    )


def link_launch_template(stack: Stack, logical_id: str, template: LaunchTemplate) -> None:
    """Link the instance profile and security groups of a template or configuration."""
    properties = stack.properties(logical_id)
    data = properties.get("LaunchTemplateData", properties)
    if not isinstance(data, dict):
        return
    profile = data.get("IamInstanceProfile")
    if isinstance(profile, dict):
        profile = profile.get("Arn", profile.get("Name"))
    template.instance_profile = _instance_profile(stack, profile)
    groups = data.get("SecurityGroupIds", data.get("SecurityGroups"))
    interfaces = data.get("NetworkInterfaces")
    if groups is None and isinstance(interfaces, list) and interfaces:
        first = interfaces[0]
        groups = first.get("Groups") if isinstance(first, dict) else None
    template.security_groups = stack.lookup_list(groups) if groups is not None else []


def _instance_profile(stack: Stack, value: Any) -> Any:
    if value is None:
        return None
    found = stack.lookup(value)
    if isinstance(found, InstanceProfile) or is_unknown(found):
        return found
    for profile in stack.model.instance_profiles:
        if profile.name == value:
            return profile
    return Unknown(f"instance profile {value} is outside the template")


def create_auto_scaling_group(stack: Stack, logical_id: str) -> AutoScalingGroup:
    return AutoScalingGroup(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, GROUP_POSITIONS),
    )


def link_auto_scaling_group(stack: Stack, logical_id: str, group: AutoScalingGroup) -> None:
    """Link subnets, the launch template or configuration, and the instance types."""
    properties = stack.properties(logical_id)
    subnets = properties.get("VPCZoneIdentifier")
    group.subnets = stack.lookup_list(subnets) if subnets is not None else []
    mixed = properties.get("MixedInstancesPolicy")
    specification = properties.get("LaunchTemplate")
    overrides: Any = []
    if isinstance(mixed, dict) and isinstance(mixed.get("LaunchTemplate"), dict):
        specification = mixed["LaunchTemplate"].get("LaunchTemplateSpecification")
        overrides = mixed["LaunchTemplate"].get("Overrides", [])
    if isinstance(specification, dict):
        reference = specification.get("LaunchTemplateId", specification.get("LaunchTemplateName"))
        group.launch_template = stack.lookup(reference)
    elif "LaunchConfigurationName" in properties:
        group.launch_template = stack.lookup(properties["LaunchConfigurationName"])
    group.instance_types = _instance_types(group, overrides)


def _instance_types(group: AutoScalingGroup, overrides: Any) -> list[Any]:
    if is_unknown(overrides):
        return [overrides]
    found = [
        text(item.get("InstanceType"))
        for item in overrides
        if isinstance(item, dict) and "InstanceType" in item
    ]
    if found:
        return found
    if isinstance(group.launch_template, LaunchTemplate):
        return list(group.launch_template.instance_types)
    return []


def create_capacity_provider(stack: Stack, logical_id: str) -> CapacityProvider:
    name = stack.properties(logical_id).get("Name")
    return CapacityProvider(
        name=logical_id,
        location=stack.resource_location(logical_id),
        provider_name=text(name) if name is not None else None,
    )


def link_capacity_provider(stack: Stack, logical_id: str, provider: CapacityProvider) -> None:
    settings = stack.properties(logical_id).get("AutoScalingGroupProvider")
    if isinstance(settings, dict):
        provider.auto_scaling_group = stack.lookup(settings.get("AutoScalingGroupArn"))
