"""Map EC2 capacity: launch templates and configurations, Auto Scaling groups, providers.

An AMI read from ``data "aws_ssm_parameter"`` keeps the parameter path as the image id, because
the ECS-optimized AMI paths name the architecture (``.../amazon-linux-2023/arm64/...``).
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node
from ecslint.loaders.terraform.resources import (
    Ref,
    Resource,
    as_bool,
    as_text,
    blocks,
    first_block,
)
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider, LaunchTemplate
from ecslint.model.iam import InstanceProfile
from ecslint.model.network import SecurityGroup, Subnet
from ecslint.model.values import Unknown


def create_launch_template(builder: Builder, resource: Resource) -> None:
    template = LaunchTemplate(**base_node(resource))
    instance_type = resource.get("instance_type")
    if instance_type is not None:
        template.instance_types = [as_text(instance_type)]
    builder.model.launch_templates.append(builder.register(resource, template))


def link_launch_templates(builder: Builder) -> None:
    for resource in builder.of_type("aws_launch_template", "aws_launch_configuration"):
        template = builder.objects[resource.address]
        template.image_id = _image_id(builder, resource.get("image_id"))
        template.instance_profile = _profile(builder, resource)
        template.security_groups, template.associate_public_ip = _network(builder, resource)


def _image_id(builder: Builder, value: Any) -> Any:
    """Return an AMI id, or the SSM parameter path a ``data "aws_ssm_parameter"`` reads."""
    if isinstance(value, Ref):
        for resource in builder.of_type("aws_ssm_parameter", mode="data"):
            if resource.address == value.address and resource.mode == "data":
                return as_text(resource.get("name"))
        return Unknown(f"{value.address} is not known before apply")
    return as_text(value)


def _profile(builder: Builder, resource: Resource) -> Any:
    if resource.type == "aws_launch_configuration":
        value = resource.get("iam_instance_profile")
    else:
        block = first_block(resource.values, "iam_instance_profile")
        value = block.get("arn", block.get("name"))
    if value is None:
        return None
    return builder.lookup_named(value, "aws_iam_instance_profile", InstanceProfile)


def _network(builder: Builder, resource: Resource) -> tuple[Any, Any]:
    """Return the security groups and public-IP setting of the instances."""
    if resource.type == "aws_launch_configuration":
        groups = resource.get("security_groups")
        public = resource.get("associate_public_ip_address")
    else:
        interface = first_block(resource.values, "network_interfaces")
        groups = interface.get("security_groups", resource.get("vpc_security_group_ids"))
        public = interface.get("associate_public_ip_address")
    found = builder.lookup_list(groups, SecurityGroup)
    return found, None if public is None else as_bool(public, False)


def create_auto_scaling_group(builder: Builder, resource: Resource) -> None:
    group = AutoScalingGroup(**base_node(resource))
    builder.model.auto_scaling_groups.append(builder.register(resource, group))


def link_auto_scaling_groups(builder: Builder) -> None:
    for resource in builder.of_type("aws_autoscaling_group"):
        group = builder.objects[resource.address]
        group.subnets = builder.lookup_list(resource.get("vpc_zone_identifier"), Subnet)
        group.launch_template = _group_template(builder, resource)
        group.instance_types = _override_types(resource)


def _group_template(builder: Builder, resource: Resource) -> Any:
    spec = first_block(resource.values, "launch_template")
    if not spec:
        policy = first_block(resource.values, "mixed_instances_policy")
        template = first_block(policy, "launch_template")
        spec = first_block(template, "launch_template_specification")
        spec = {"id": spec.get("launch_template_id", spec.get("launch_template_name"))}
    value = spec.get("id", spec.get("name", resource.get("launch_configuration")))
    if value is None and "launch_template.id" in resource.positions:
        # tfparse drops an ``id`` argument of a nested block; its reference is kept.
        refs = [
            ref for ref in spec.get("__refs__", []) if ".aws_launch_template." in f".{ref.address}"
        ]
        value = refs[0] if len(refs) == 1 else Unknown("launch template id is not known")
    if value is None:
        return None
    return builder.lookup_named(value, "aws_launch_template", LaunchTemplate)


def _override_types(resource: Resource) -> list[Any]:
    policy = first_block(resource.values, "mixed_instances_policy")
    template = first_block(policy, "launch_template")
    types = []
    for override in blocks(template, "override"):
        if override.get("instance_type") is not None:
            types.append(as_text(override.get("instance_type")))
    return types


def create_capacity_provider(builder: Builder, resource: Resource) -> None:
    provider = CapacityProvider(**base_node(resource), provider_name=as_text(resource.get("name")))
    builder.model.capacity_providers.append(builder.register(resource, provider))


def link_capacity_providers(builder: Builder) -> None:
    for resource in builder.of_type("aws_ecs_capacity_provider"):
        provider = builder.objects[resource.address]
        settings = first_block(resource.values, "auto_scaling_group_provider")
        value = settings.get("auto_scaling_group_arn")
        if value is not None:
            provider.auto_scaling_group = builder.lookup(value, AutoScalingGroup)
