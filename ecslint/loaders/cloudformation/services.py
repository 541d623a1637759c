"""ECS services, tasks scheduled by EventBridge rules, and clusters with their capacity.

A service's network settings get ECS's defaults: no public IP (``AssignPublicIp`` DISABLED).
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.cloudformation.convert import integer, plain
from ecslint.loaders.cloudformation.decode import key_node
from ecslint.loaders.cloudformation.references import ResourceRef, Text
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.ecs_api import present
from ecslint.model import Service
from ecslint.model.ecs import CapacityProviderItem, Cluster
from ecslint.model.values import Unknown, is_unknown

SERVICE_POSITIONS = (
    "LaunchType",
    "CapacityProviderStrategy",
    "PlatformVersion",
    "NetworkConfiguration",
    "TaskDefinition",
    "Cluster",
)


def create_service(stack: Stack, logical_id: str) -> Service:
    properties = stack.properties(logical_id)
    return Service(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, SERVICE_POSITIONS),
        platform_version=_text(properties.get("PlatformVersion")),
        # CloudFormation starts one task when DesiredCount is not given.
        desired_count=integer(properties.get("DesiredCount", 1)),
    )


def link_service(stack: Stack, logical_id: str, service: Service) -> None:
    """Fill the service's task definition, cluster, capacity and network settings."""
    properties = stack.properties(logical_id)
    service.task_definition = stack.lookup(properties.get("TaskDefinition"))
    service.cluster = stack.lookup(properties.get("Cluster"))
    _set_capacity(service, properties)
    network = properties.get("NetworkConfiguration")
    vpc_configuration = network.get("AwsvpcConfiguration") if isinstance(network, dict) else None
    _set_network(stack, service, vpc_configuration)
    _locate_public_ip(stack, logical_id, service)
    stack.note_unknown(logical_id, "launch type", service.launch_type)
    stack.note_unknown(logical_id, "assignPublicIp", service.assign_public_ip)
    stack.note_unknown(logical_id, "subnets", service.subnets)
    stack.note_unknown(logical_id, "route table", _route_tables(service.subnets))


def _locate_public_ip(stack: Stack, logical_id: str, service: Service) -> None:
    """Record where ``AssignPublicIp`` is written, so findings about it point there."""
    network = stack.raw_properties(logical_id).get("NetworkConfiguration")
    vpc = network.get("AwsvpcConfiguration") if isinstance(network, dict) else None
    key = key_node(vpc, "AssignPublicIp")
    if key is not None:
        service.positions["AssignPublicIp"] = stack.location(key)


def _set_capacity(service: Service, properties: dict) -> None:
    """Set the launch type or capacity-provider strategy, or the cluster's default strategy.

    With neither, ECS uses the cluster's default capacity-provider strategy, and the EC2 launch
    type when the cluster has none.
    """
    strategy = properties.get("CapacityProviderStrategy")
    if "LaunchType" in properties:
        service.launch_type = _text(properties["LaunchType"])
    elif strategy is not None:
        service.capacity_provider_strategy = _strategy(strategy)
    elif isinstance(service.cluster, Cluster):
        defaults = service.cluster.default_strategy
        service.capacity_provider_strategy = defaults
        service.launch_type = "EC2" if defaults == [] else None
    else:
        # NOTE: a cluster outside the template may have a default capacity-provider strategy.
        service.launch_type = Unknown("the launch type comes from the cluster's default strategy")


def _strategy(value: Any) -> list[CapacityProviderItem] | Unknown:
    if is_unknown(value) or not isinstance(value, list):
        return Unknown("capacity provider strategy not resolved")
    items = []
    for item in value:
        if isinstance(item, dict):
            provider = item.get("CapacityProvider")
            items.append(
                CapacityProviderItem(
                    provider=plain(provider) if not is_unknown(provider) else provider,
                    weight=item.get("Weight"),
                    base=item.get("Base"),
                )
            )
    return items


def _set_network(stack: Stack, service: Service, configuration: Any) -> None:
    """Set subnets, security groups and the public IP; a public IP is DISABLED by default."""
    if is_unknown(configuration):
        service.subnets = service.security_groups = configuration
        service.assign_public_ip = configuration
        return
    if not isinstance(configuration, dict):
        return
    service.subnets = stack.lookup_list(configuration.get("Subnets", []))
    service.security_groups = stack.lookup_list(configuration.get("SecurityGroups", []))
    public_ip = configuration.get("AssignPublicIp", "DISABLED")
    if is_unknown(public_ip):
        service.assign_public_ip = public_ip
    else:
        service.assign_public_ip = str(public_ip).upper() == "ENABLED"


def create_scheduled_tasks(stack: Stack, logical_id: str) -> list[Service]:
    """Build one scheduled-task service per ``AWS::Events::Rule`` target with EcsParameters."""
    targets = stack.properties(logical_id).get("Targets")
    raw_targets = stack.raw_properties(logical_id).get("Targets")
    if not isinstance(targets, list):
        return []
    services = []
    for index, target in enumerate(targets):
        if not isinstance(target, dict) or not isinstance(target.get("EcsParameters"), dict):
            continue
        raw = raw_targets[index] if isinstance(raw_targets, list) else None
        services.append(_scheduled_task(stack, logical_id, target, raw))
    return services


def _scheduled_task(stack: Stack, logical_id: str, target: dict, raw: Any) -> Service:
    parameters = target["EcsParameters"]
    raw_parameters = raw.get("EcsParameters") if isinstance(raw, dict) else None
    service = Service(
        name=logical_id,
        location=stack.resource_location(logical_id),
        kind="scheduled-task",
        platform_version=_text(parameters.get("PlatformVersion")),
    )
    for name in ("TaskDefinitionArn", "LaunchType", "NetworkConfiguration"):
        key = key_node(raw_parameters, name)
        if key is not None:
            service.positions[name] = stack.location(key)
    service.task_definition = stack.lookup(parameters.get("TaskDefinitionArn"))
    service.cluster = stack.lookup(target.get("Arn"))
    if "LaunchType" in parameters or "CapacityProviderStrategy" in parameters:
        _set_capacity(service, parameters)
    else:
        # EventBridge runs the task with the EC2 launch type when EcsParameters sets neither.
        service.launch_type = "EC2"
    network = parameters.get("NetworkConfiguration")
    if isinstance(network, dict):
        _set_network(stack, service, _event_vpc_configuration(network))
    return service


def _event_vpc_configuration(network: dict) -> Any:
    """Return EventBridge's ``AwsVpcConfiguration`` with the service's key names."""
    configuration = network.get("AwsVpcConfiguration")
    if not isinstance(configuration, dict):
        return configuration
    return {
        "Subnets": configuration.get("Subnets", []),
        "SecurityGroups": configuration.get("SecurityGroups", []),
        "AssignPublicIp": configuration.get("AssignPublicIp", "DISABLED"),
    }


def create_cluster(stack: Stack, logical_id: str) -> Cluster:
    properties = stack.properties(logical_id)
    cluster = Cluster(
        name=logical_id,
        location=stack.resource_location(logical_id),
        cluster_name=_text(properties.get("ClusterName")),
    )
    cluster.capacity_providers = _providers(stack, properties.get("CapacityProviders"))
    cluster.default_strategy = _strategy(
        present(properties.get("DefaultCapacityProviderStrategy"), [])
    )
    return cluster


def link_cluster_associations(stack: Stack, logical_id: str) -> None:
    """Add an ``AWS::ECS::ClusterCapacityProviderAssociations`` to its cluster."""
    properties = stack.properties(logical_id)
    cluster = stack.lookup(properties.get("Cluster"))
    if not isinstance(cluster, Cluster):
        return
    cluster.capacity_providers.extend(_providers(stack, properties.get("CapacityProviders")))
    strategy = properties.get("DefaultCapacityProviderStrategy")
    if strategy is not None:
        cluster.default_strategy = _strategy(strategy)


def _providers(stack: Stack, value: Any) -> list[Any]:
    """Return capacity providers: the object for one of the template, else the name."""
    providers = []
    for item in _list(value):
        found = stack.lookup(item) if isinstance(item, ResourceRef) else None
        providers.append(found if found is not None and not is_unknown(found) else plain(item))
    return providers


def _route_tables(subnets: Any) -> list[Any] | None:
    """Return each subnet's route table, to record an unknown one for ``--show-unknown``."""
    if not isinstance(subnets, list):
        return None
    return [getattr(subnet, "route_table", None) for subnet in subnets]


def _text(value: Any) -> str | Unknown | None:
    if is_unknown(value):
        return value
    return str(plain(value)) if isinstance(value, str | ResourceRef | Text) else None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
