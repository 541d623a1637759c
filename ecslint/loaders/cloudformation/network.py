"""VPC resources: VPCs, subnets, route tables and routes, gateways, endpoints.

AWS defaults applied here:
- ``AWS::EC2::VPC``: DNS support on, DNS hostnames off.
- A VPC's main route table is not a CloudFormation resource. AWS creates it with only the local
  route, so each VPC of the template gets a main table without routes, and a subnet without a
  ``SubnetRouteTableAssociation`` uses it: it has no default route. A subnet of a VPC from
  outside the template has an ``Unknown`` route table. NOTE: a main table changed outside
  CloudFormation (by hand, or by a custom resource) is not seen.
- ``AWS::EC2::VPCEndpoint``: type Gateway, private DNS off.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.cloudformation.convert import boolean, text
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.ecs_api import present
from ecslint.model.network import (
    EGRESS_ONLY_GATEWAY,
    GATEWAY_ENDPOINT,
    INSTANCE,
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    NO_TARGET,
    PEERING,
    TRANSIT_GATEWAY,
    InternetGateway,
    NatGateway,
    Route,
    RouteTable,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from ecslint.model.values import Unknown, is_unknown

DESTINATIONS = ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId")
# Route properties naming a target, in the order CloudFormation documents them.
ROUTE_TARGETS = (
    ("NatGatewayId", NAT_GATEWAY),
    ("EgressOnlyInternetGatewayId", EGRESS_ONLY_GATEWAY),
    ("TransitGatewayId", TRANSIT_GATEWAY),
    ("InstanceId", INSTANCE),
    ("VpcPeeringConnectionId", PEERING),
    ("VpcEndpointId", GATEWAY_ENDPOINT),
    ("GatewayId", INTERNET_GATEWAY),
)


def create_vpc(stack: Stack, logical_id: str) -> Vpc:
    properties = stack.properties(logical_id)
    location = stack.resource_location(logical_id)
    vpc = Vpc(
        name=logical_id,
        location=location,
        positions=stack.positions(logical_id, ("EnableDnsSupport", "EnableDnsHostnames")),
        cidr_blocks=[text(properties["CidrBlock"])] if "CidrBlock" in properties else [],
        enable_dns_support=boolean(properties.get("EnableDnsSupport"), True),
        enable_dns_hostnames=boolean(properties.get("EnableDnsHostnames"), False),
    )
    vpc.main_route_table = RouteTable(name=f"{logical_id} main route table", location=location)
    vpc.main_route_table.vpc = vpc
    stack.model.route_tables.append(vpc.main_route_table)
    vpc.default_security_group = _default_security_group(vpc)
    return vpc


def _default_security_group(vpc: Vpc) -> SecurityGroup:
    """Return the default group AWS creates: all egress, and all ingress from itself."""
    group = SecurityGroup(name=f"{vpc.name} default security group", location=vpc.location)
    group.vpc = vpc
    group.egress = [SecurityGroupRule(name=group.name, location=vpc.location, cidr="0.0.0.0/0")]
    group.ingress = [SecurityGroupRule(name=group.name, location=vpc.location, peer_group=group)]
    return group


def create_subnet(stack: Stack, logical_id: str) -> Subnet:
    properties = stack.properties(logical_id)
    return Subnet(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, ("MapPublicIpOnLaunch", "VpcId")),
        cidr_block=text(properties.get("CidrBlock")),
        map_public_ip_on_launch=boolean(properties.get("MapPublicIpOnLaunch"), False),
    )


def link_subnet(stack: Stack, logical_id: str, subnet: Subnet) -> None:
    """Link the VPC, and the VPC's main route table until an association replaces it."""
    subnet.vpc = stack.lookup(stack.properties(logical_id).get("VpcId"))
    if subnet.route_table is None:
        if isinstance(subnet.vpc, Vpc):
            subnet.route_table = subnet.vpc.main_route_table
        else:
            subnet.route_table = Unknown("the main route table of a VPC outside the template")


def link_route_table_association(stack: Stack, logical_id: str) -> None:
    properties = stack.properties(logical_id)
    subnet = stack.lookup(properties.get("SubnetId"))
    if isinstance(subnet, Subnet):
        subnet.route_table = stack.lookup(properties.get("RouteTableId"))


def create_route_table(stack: Stack, logical_id: str) -> RouteTable:
    return RouteTable(name=logical_id, location=stack.resource_location(logical_id))


def link_route_table(stack: Stack, logical_id: str, table: RouteTable) -> None:
    table.vpc = stack.lookup(stack.properties(logical_id).get("VpcId"))


def link_route(stack: Stack, logical_id: str) -> None:
    """Add an ``AWS::EC2::Route`` to its route table."""
    properties = stack.properties(logical_id)
    table = stack.lookup(properties.get("RouteTableId"))
    if not isinstance(table, RouteTable):
        return
    destination = next(
        (properties[key] for key in DESTINATIONS if properties.get(key) is not None), None
    )
    route = Route(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, [name for name, _ in ROUTE_TARGETS]),
        destination=text(destination) if destination is not None else Unknown("no destination"),
    )
    route.target_kind, route.target = _route_target(stack, properties)
    table.routes.append(route)


def _route_target(stack: Stack, properties: dict) -> tuple[Any, Any]:
    for name, kind in ROUTE_TARGETS:
        if name not in properties:
            continue
        value = properties[name]
        target = stack.lookup(value)
        if name == "GatewayId":
            return _gateway_kind(value, target), target
        return kind, target
    return NO_TARGET, None


def _gateway_kind(value: Any, target: Any) -> Any:
    """Return the target kind of ``GatewayId``: an internet gateway, or a virtual gateway."""
    if isinstance(target, InternetGateway):
        return INTERNET_GATEWAY
    if isinstance(target, VpcEndpoint):
        return GATEWAY_ENDPOINT
    if isinstance(value, str) and value.startswith("igw-"):
        return INTERNET_GATEWAY
    if isinstance(value, str) and value == "local":
        return NO_TARGET
    return Unknown("a gateway outside the template, or a virtual private gateway")


def create_internet_gateway(stack: Stack, logical_id: str) -> InternetGateway:
    return InternetGateway(name=logical_id, location=stack.resource_location(logical_id))


def link_gateway_attachment(stack: Stack, logical_id: str) -> None:
    properties = stack.properties(logical_id)
    gateway = stack.lookup(properties.get("InternetGatewayId"))
    if isinstance(gateway, InternetGateway):
        gateway.vpc = stack.lookup(properties.get("VpcId"))


def create_nat_gateway(stack: Stack, logical_id: str) -> NatGateway:
    connectivity = stack.properties(logical_id).get("ConnectivityType", "public")
    return NatGateway(
        name=logical_id,
        location=stack.resource_location(logical_id),
        connectivity=connectivity if is_unknown(connectivity) else str(connectivity).lower(),
    )


def link_nat_gateway(stack: Stack, logical_id: str, gateway: NatGateway) -> None:
    gateway.subnet = stack.lookup(stack.properties(logical_id).get("SubnetId"))


def create_vpc_endpoint(stack: Stack, logical_id: str) -> VpcEndpoint:
    properties = stack.properties(logical_id)
    service_name = properties.get("ServiceName")
    policy = properties.get("PolicyDocument")
    return VpcEndpoint(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(
            logical_id, ("ServiceName", "PrivateDnsEnabled", "PolicyDocument", "RouteTableIds")
        ),
        service_name=text(service_name) if service_name is not None else Unknown("no service"),
        endpoint_type=present(text(properties.get("VpcEndpointType")), "Gateway"),
        private_dns_enabled=boolean(properties.get("PrivateDnsEnabled"), False),
        policy=_document(policy),
    )


def link_vpc_endpoint(stack: Stack, logical_id: str, endpoint: VpcEndpoint) -> None:
    properties = stack.properties(logical_id)
    endpoint.vpc = stack.lookup(properties.get("VpcId"))
    endpoint.subnets = _object_list(stack, properties.get("SubnetIds"))
    endpoint.route_tables = _object_list(stack, properties.get("RouteTableIds"))
    endpoint.security_groups = _object_list(stack, properties.get("SecurityGroupIds"))


def _object_list(stack: Stack, value: Any) -> list[Any]:
    """Return the objects of a list property; an unknown list becomes one unknown item."""
    if value is None:
        return []
    objects = stack.lookup_list(value)
    return [objects] if is_unknown(objects) else objects


def _document(value: Any) -> Any:
    """Return a policy document, which templates may also give as a JSON string."""
    if isinstance(value, str):
        import json

        try:
            return json.loads(value)
        except ValueError:
            return Unknown("policy document is not valid JSON")
    return value
