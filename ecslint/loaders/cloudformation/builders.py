"""The builder of each resource type's model object, and the order the builders run in.

Objects are built in two passes over a template. The first pass creates every object from its
own properties. The second links references between objects (a subnet to its route table, a
service to its task definition), so the order of resources in the template does not matter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecslint.loaders.cloudformation import (
    capacity,
    ecs,
    efs,
    iam,
    network,
    registry,
    security,
    services,
)
from ecslint.loaders.cloudformation.stack import Stack

Create = Callable[[Stack, str], Any]
Link = Callable[[Stack, str, Any], None]

# Resource type -> (Model list, create, link or None).
OBJECT_BUILDERS: dict[str, tuple[str, Create, Link | None]] = {
    "AWS::ECS::TaskDefinition": (
        "task_definitions",
        ecs.create_task_definition,
        ecs.link_task_definition,
    ),
    "AWS::ECS::Service": ("services", services.create_service, services.link_service),
    "AWS::ECS::Cluster": ("clusters", services.create_cluster, None),
    "AWS::ECS::CapacityProvider": (
        "capacity_providers",
        capacity.create_capacity_provider,
        capacity.link_capacity_provider,
    ),
    "AWS::EC2::VPC": ("vpcs", network.create_vpc, None),
    "AWS::EC2::Subnet": ("subnets", network.create_subnet, network.link_subnet),
    "AWS::EC2::RouteTable": (
        "route_tables",
        network.create_route_table,
        network.link_route_table,
    ),
    "AWS::EC2::InternetGateway": ("internet_gateways", network.create_internet_gateway, None),
    "AWS::EC2::NatGateway": ("nat_gateways", network.create_nat_gateway, network.link_nat_gateway),
    "AWS::EC2::VPCEndpoint": (
        "vpc_endpoints",
        network.create_vpc_endpoint,
        network.link_vpc_endpoint,
    ),
    "AWS::EC2::SecurityGroup": (
        "security_groups",
        security.create_security_group,
        security.link_security_group,
    ),
    "AWS::EC2::NetworkAcl": (
        "network_acls",
        security.create_network_acl,
        security.link_network_acl,
    ),
    "AWS::IAM::Role": ("roles", iam.create_role, iam.link_role),
    "AWS::IAM::InstanceProfile": (
        "instance_profiles",
        iam.create_instance_profile,
        iam.link_instance_profile,
    ),
    "AWS::EC2::LaunchTemplate": (
        "launch_templates",
        capacity.create_launch_template,
        capacity.link_launch_template,
    ),
    "AWS::AutoScaling::LaunchConfiguration": (
        "launch_templates",
        capacity.create_launch_configuration,
        capacity.link_launch_template,
    ),
    "AWS::AutoScaling::AutoScalingGroup": (
        "auto_scaling_groups",
        capacity.create_auto_scaling_group,
        capacity.link_auto_scaling_group,
    ),
    "AWS::ECR::Repository": ("repositories", registry.create_repository, None),
    "AWS::ECR::PullThroughCacheRule": (
        "pull_through_cache_rules",
        registry.create_pull_through_cache_rule,
        None,
    ),
    "AWS::Logs::LogGroup": ("log_groups", registry.create_log_group, None),
    "AWS::SecretsManager::Secret": ("secrets", registry.create_secret, registry.link_secret),
    "AWS::SSM::Parameter": ("secrets", registry.create_ssm_parameter, None),
    "AWS::KMS::Key": ("kms_keys", registry.create_kms_key, None),
    "AWS::EFS::FileSystem": ("efs_file_systems", efs.create_file_system, None),
    "AWS::EFS::AccessPoint": (
        "efs_access_points",
        efs.create_access_point,
        efs.link_access_point,
    ),
}

# Resources that only add to other objects: associations, attached policies, capacity
# providers of clusters. They run before the objects' own links, which read them.
EARLY_LINKS: dict[str, Callable[[Stack, str], None]] = {
    "AWS::EC2::SubnetRouteTableAssociation": network.link_route_table_association,
    "AWS::EC2::VPCGatewayAttachment": network.link_gateway_attachment,
    "AWS::EC2::NetworkAclEntry": security.link_network_acl_entry,
    "AWS::EC2::SubnetNetworkAclAssociation": security.link_network_acl_association,
    "AWS::IAM::Policy": iam.link_policy,
    "AWS::IAM::RolePolicy": iam.link_policy,
    "AWS::IAM::ManagedPolicy": iam.link_policy,
    "AWS::ECS::ClusterCapacityProviderAssociations": services.link_cluster_associations,
}


def _add_ingress(stack: Stack, logical_id: str) -> None:
    security.link_standalone_rule(stack, logical_id, egress=False)


def _add_egress(stack: Stack, logical_id: str) -> None:
    security.link_standalone_rule(stack, logical_id, egress=True)


# Resources that add to lists the objects' own links fill first (a group's inline rules).
LATE_LINKS: dict[str, Callable[[Stack, str], None]] = {
    "AWS::EC2::Route": network.link_route,
    "AWS::EC2::SecurityGroupIngress": _add_ingress,
    "AWS::EC2::SecurityGroupEgress": _add_egress,
}


def create_objects(stack: Stack) -> None:
    """Create the object of every modelled resource and add it to the model."""
    for resource_type, (list_name, create, _) in OBJECT_BUILDERS.items():
        for logical_id, _ in stack.resources(resource_type):
            created = create(stack, logical_id)
            getattr(stack.model, list_name).append(created)
            stack.objects[logical_id] = created


def link_objects(stack: Stack) -> None:
    """Link references between objects, then build scheduled tasks from EventBridge rules."""
    _run_links(stack, EARLY_LINKS)
    for resource_type, (_, _, link_object) in OBJECT_BUILDERS.items():
        if link_object is None:
            continue
        for logical_id, _ in stack.resources(resource_type):
            link_object(stack, logical_id, stack.objects[logical_id])
    _run_links(stack, LATE_LINKS)
    for logical_id, _ in stack.resources("AWS::Events::Rule"):
        stack.model.services.extend(services.create_scheduled_tasks(stack, logical_id))


def _run_links(stack: Stack, links: dict[str, Callable[[Stack, str], None]]) -> None:
    for resource_type, link in links.items():
        for logical_id, _ in stack.resources(resource_type):
            link(stack, logical_id)
