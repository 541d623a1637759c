"""The mapping function for each resource type, and the order in which links are made."""

from __future__ import annotations

from ecslint.loaders.terraform import (
    map_capacity,
    map_ecs,
    map_efs,
    map_iam,
    map_network,
    map_registry,
    map_security,
)
from ecslint.loaders.terraform.build import Builder, Creator, Linker
from ecslint.loaders.terraform.resources import Resource

# Keys are resource types; data sources are prefixed with "data.". Policy documents come
# first because policies and roles read them when they are created or linked.
CREATORS: dict[str, Creator] = {
    "data.aws_iam_policy_document": map_iam.create_policy_document,
    "aws_iam_policy": map_iam.create_policy,
    "aws_iam_role": map_iam.create_role,
    "aws_iam_instance_profile": map_iam.create_instance_profile,
    "aws_vpc": map_network.create_vpc,
    "aws_subnet": map_network.create_subnet,
    "aws_internet_gateway": map_network.create_internet_gateway,
    "aws_nat_gateway": map_network.create_nat_gateway,
    "aws_route_table": map_network.create_route_table,
    "aws_default_route_table": map_network.create_route_table,
    "aws_vpc_endpoint": map_network.create_endpoint,
    "aws_security_group": map_security.create_security_group,
    "aws_default_security_group": map_security.create_security_group,
    "aws_network_acl": map_security.create_network_acl,
    "aws_default_network_acl": map_security.create_network_acl,
    "aws_launch_template": map_capacity.create_launch_template,
    "aws_launch_configuration": map_capacity.create_launch_template,
    "aws_autoscaling_group": map_capacity.create_auto_scaling_group,
    "aws_ecs_capacity_provider": map_capacity.create_capacity_provider,
    "aws_ecr_repository": map_registry.create_repository,
    "aws_ecr_pull_through_cache_rule": map_registry.create_pull_through_cache_rule,
    "aws_cloudwatch_log_group": map_registry.create_log_group,
    "aws_secretsmanager_secret": map_registry.create_secret,
    "aws_ssm_parameter": map_registry.create_secret,
    "aws_kms_key": map_registry.create_kms_key,
    "aws_efs_file_system": map_efs.create_file_system,
    "aws_efs_access_point": map_efs.create_access_point,
    "aws_ecs_cluster": map_ecs.create_cluster,
    "aws_ecs_task_definition": map_ecs.create_task_definition,
    "aws_ecs_service": map_ecs.create_service,
}

LINKERS: tuple[Linker, ...] = (
    map_network.link_vpc_parts,
    map_network.link_routes,
    map_network.link_subnet_tables,
    map_security.link_security_groups,
    map_security.link_network_acls,
    map_network.link_endpoints,
    map_iam.link_roles,
    map_iam.link_instance_profiles,
    map_capacity.link_launch_templates,
    map_capacity.link_auto_scaling_groups,
    map_capacity.link_capacity_providers,
    map_registry.link_lifecycle_policies,
    map_registry.link_secrets,
    map_registry.link_secret_versions,
    map_efs.link_file_system_policies,
    map_efs.link_access_points,
)

RESOURCE_LINKERS = {
    "aws_ecs_task_definition": map_ecs.link_task_definition,
    "aws_ecs_service": map_ecs.link_service,
    "aws_ecs_cluster": map_ecs.link_cluster,
    "aws_ecs_cluster_capacity_providers": map_ecs.link_cluster_capacity_providers,
}


def type_key(resource: Resource) -> str:
    return f"data.{resource.type}" if resource.mode == "data" else resource.type


def build(builder: Builder) -> None:
    """Create every model object, then link them."""
    order = {key: index for index, key in enumerate(CREATORS)}
    handled = [r for r in builder.resources if type_key(r) in CREATORS]
    for resource in sorted(handled, key=lambda r: order[type_key(r)]):
        CREATORS[type_key(resource)](builder, resource)
    for linker in LINKERS:
        linker(builder)
    for resource in builder.resources:
        if resource.mode == "managed" and resource.type in RESOURCE_LINKERS:
            RESOURCE_LINKERS[resource.type](builder, resource)
