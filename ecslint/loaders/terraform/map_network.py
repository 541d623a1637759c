"""Map VPCs, subnets, route tables, routes, gateways and VPC endpoints.

Terraform semantics applied here:

- A route whose ``gateway_id`` refers to a NAT gateway routes through that NAT, because the
  provider accepts it there.
- ``aws_vpc.x.main_route_table_id`` is the VPC's main table. That is the default table unless
  ``aws_main_route_table_association`` names another.
- A subnet without an explicit association uses its VPC's main table.
 tfparse replaces
``aws_vpc.x.main_route_table_id`` by a reference to the VPC itself, so a route table id that
refers to a VPC means that VPC's main table.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node, node_positions
from ecslint.loaders.terraform.resources import (
    Ref,
    Resource,
    as_bool,
    as_json,
    as_list,
    as_text,
    blocks,
    text_or,
)
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
    Subnet,
    Vpc,
    VpcEndpoint,
)
from ecslint.model.values import Location, Unknown, is_unknown

DESTINATIONS = (
    "cidr_block",
    "destination_cidr_block",
    "ipv6_cidr_block",
    "destination_ipv6_cidr_block",
    "destination_prefix_list_id",
)
# Route attributes in the order the provider reads them, with the kind of a literal target.
TARGETS = {
    "nat_gateway_id": NAT_GATEWAY,
    "gateway_id": INTERNET_GATEWAY,
    "egress_only_gateway_id": EGRESS_ONLY_GATEWAY,
    "transit_gateway_id": TRANSIT_GATEWAY,
    "vpc_peering_connection_id": PEERING,
    "network_interface_id": INSTANCE,
    "instance_id": INSTANCE,
    "vpc_endpoint_id": GATEWAY_ENDPOINT,
}
OBJECT_KINDS = {
    NatGateway: NAT_GATEWAY,
    InternetGateway: INTERNET_GATEWAY,
    VpcEndpoint: GATEWAY_ENDPOINT,
}
LITERAL_PREFIXES = {"igw-": INTERNET_GATEWAY, "nat-": NAT_GATEWAY, "vpce-": GATEWAY_ENDPOINT}


def create_vpc(builder: Builder, resource: Resource) -> None:
    vpc = Vpc(
        **base_node(resource),
        positions=node_positions(
            resource,
            {
                "enable_dns_support": "enable_dns_support",
                "enable_dns_hostnames": "enable_dns_hostnames",
            },
        ),
        cidr_blocks=[as_text(resource.get("cidr_block"))]
        if "cidr_block" in resource.values
        else [],
        enable_dns_support=as_bool(resource.get("enable_dns_support"), True),
        enable_dns_hostnames=as_bool(resource.get("enable_dns_hostnames"), False),
    )
    builder.model.vpcs.append(builder.register(resource, vpc))


def create_subnet(builder: Builder, resource: Resource) -> None:
    subnet = Subnet(
        **base_node(resource),
        positions=node_positions(resource, {"map_public_ip_on_launch": "map_public_ip_on_launch"}),
        cidr_block=as_text(resource.get("cidr_block")),
        map_public_ip_on_launch=as_bool(resource.get("map_public_ip_on_launch"), False),
    )
    builder.model.subnets.append(builder.register(resource, subnet))


def create_internet_gateway(builder: Builder, resource: Resource) -> None:
    gateway = InternetGateway(**base_node(resource))
    builder.model.internet_gateways.append(builder.register(resource, gateway))


def create_nat_gateway(builder: Builder, resource: Resource) -> None:
    gateway = NatGateway(
        **base_node(resource),
        connectivity=text_or(resource.get("connectivity_type"), "public"),
    )
    builder.model.nat_gateways.append(builder.register(resource, gateway))


def create_route_table(builder: Builder, resource: Resource) -> None:
    table = RouteTable(**base_node(resource))
    builder.model.route_tables.append(builder.register(resource, table))


def create_endpoint(builder: Builder, resource: Resource) -> None:
    policy = resource.get("policy")
    endpoint = VpcEndpoint(
        **base_node(resource),
        positions=node_positions(
            resource, {"private_dns_enabled": "private_dns_enabled", "policy": "policy"}
        ),
        service_name=text_or(resource.get("service_name"), ""),
        endpoint_type=text_or(resource.get("vpc_endpoint_type"), "Gateway"),
        private_dns_enabled=as_bool(resource.get("private_dns_enabled"), False),
        policy=None if policy is None else _policy(builder, policy),
    )
    builder.model.vpc_endpoints.append(builder.register(resource, endpoint))


def _policy(builder: Builder, value: Any) -> Any:
    """Return a policy document from JSON text or a policy-document data source."""
    if isinstance(value, Ref):
        document = builder.objects.get(value.address)
        return document if isinstance(document, dict) else Unknown(f"{value.address} not known")
    return as_json(value)


def link_vpc_parts(builder: Builder) -> None:
    """Link gateways, subnets and tables to VPCs, and settle each VPC's main route table."""
    for resource in builder.of_type("aws_subnet", "aws_internet_gateway", "aws_route_table"):
        obj = builder.objects.get(resource.address)
        if obj is not None:
            obj.vpc = builder.lookup(resource.get("vpc_id"), Vpc)
    for resource in builder.of_type("aws_nat_gateway"):
        gateway = builder.objects.get(resource.address)
        gateway.subnet = builder.lookup(resource.get("subnet_id"), Subnet)
    for resource in builder.of_type("aws_default_route_table"):
        vpc = builder.lookup(resource.get("default_route_table_id"), Vpc)
        table = builder.objects[resource.address]
        if isinstance(vpc, Vpc):
            table.vpc = vpc
            vpc.main_route_table = table
    for resource in builder.of_type("aws_main_route_table_association"):
        vpc = builder.lookup(resource.get("vpc_id"), Vpc)
        if isinstance(vpc, Vpc):
            vpc.main_route_table = builder.lookup(resource.get("route_table_id"), RouteTable)
    for vpc in builder.model.vpcs:
        if vpc.main_route_table is None:
            vpc.main_route_table = _implicit_main_table(builder, vpc)


def _implicit_main_table(builder: Builder, vpc: Vpc) -> RouteTable:
    """Return the main table AWS creates with a VPC: only the local route until one is added."""
    table = RouteTable(name=f"{vpc.name} (main route table)", location=vpc.location, vpc=vpc)
    builder.model.route_tables.append(table)
    return table


def link_routes(builder: Builder) -> None:
    """Fill route tables from inline ``route`` blocks and ``aws_route`` resources."""
    for resource in builder.of_type("aws_route_table", "aws_default_route_table"):
        table = builder.objects[resource.address]
        for block in blocks(resource.values, "route"):
            route = _route(builder, resource, block, table.name)
            if route is not None:
                table.routes.append(route)
    for resource in builder.of_type("aws_route"):
        table = _table_of(builder, resource.get("route_table_id"))
        route = _route(builder, resource, resource.values, resource.address)
        if isinstance(table, RouteTable) and route is not None:
            table.routes.append(route)
        elif is_unknown(table) and not isinstance(resource.get("route_table_id"), str):
            # The route belongs to a table that is not known (not a literal id of a table
            # outside the configuration), so any table of the model may miss it.
            builder.model.incomplete.add("route")


def _table_of(builder: Builder, value: Any) -> Any:
    found = builder.lookup(value, (RouteTable, Vpc))
    return found.main_route_table if isinstance(found, Vpc) else found


def _route(builder: Builder, resource: Resource, values: dict, name: str) -> Route | None:
    destination = next((values[key] for key in DESTINATIONS if key in values), "0.0.0.0/0")
    line = values.get("__line__")
    location = Location(resource.location.path, line) if line else resource.location
    for attribute, literal_kind in TARGETS.items():
        value = values.get(attribute)
        if value is None or value == "":
            continue
        if value == "local":
            return None
        kind, target = _target(builder, value, literal_kind)
        return Route(
            name=name,
            location=location,
            destination=as_text(destination),
            target_kind=kind,
            target=target,
        )
    return Route(
        name=name, location=location, destination=as_text(destination), target_kind=NO_TARGET
    )


def _target(builder: Builder, value: Any, literal_kind: str) -> tuple[Any, Any]:
    """Return the kind and object of a route target; a NAT named in ``gateway_id`` is a NAT."""
    if isinstance(value, Ref):
        target = builder.lookup(value)
        kind = OBJECT_KINDS.get(type(target)) or _kind_of_type(value.address)
        if kind is None:
            return Unknown(f"route target {value.address} is not known"), None
        return kind, None if is_unknown(target) else target
    if isinstance(value, str):
        for prefix, kind in LITERAL_PREFIXES.items():
            if value.startswith(prefix):
                return kind, None
        return literal_kind, None
    return Unknown("route target not known before apply"), None


def _kind_of_type(address: str) -> str | None:
    kinds = {
        "aws_nat_gateway": NAT_GATEWAY,
        "aws_internet_gateway": INTERNET_GATEWAY,
        "aws_ec2_transit_gateway": TRANSIT_GATEWAY,
        "aws_vpc_peering_connection": PEERING,
        "aws_egress_only_internet_gateway": EGRESS_ONLY_GATEWAY,
    }
    parts = address.split(".")
    return next((kind for type_name, kind in kinds.items() if type_name in parts), None)


def link_subnet_tables(builder: Builder) -> None:
    """Give each subnet its associated route table, or its VPC's main table."""
    unresolved = False
    for resource in builder.of_type("aws_route_table_association"):
        subnet = builder.lookup(resource.get("subnet_id"), Subnet)
        if isinstance(subnet, Subnet):
            subnet.route_table = _table_of(builder, resource.get("route_table_id"))
        elif resource.get("subnet_id") is not None:
            unresolved = True
    for subnet in builder.model.subnets:
        if subnet.route_table is not None:
            continue
        if unresolved:
            # An association whose subnet is unknown may be this subnet's.
            subnet.route_table = Unknown("a route table association names an unknown subnet")
        elif isinstance(subnet.vpc, Vpc):
            subnet.route_table = subnet.vpc.main_route_table
        else:
            subnet.route_table = Unknown("the subnet's VPC is not known")


def link_endpoints(builder: Builder) -> None:
    """Link endpoints to their VPC, subnets, tables and groups, then apply the extra resources."""
    for resource in builder.of_type("aws_vpc_endpoint"):
        endpoint = builder.objects[resource.address]
        endpoint.vpc = builder.lookup(resource.get("vpc_id"), Vpc)
        endpoint.subnets = _known_list(builder.lookup_list(resource.get("subnet_ids"), Subnet))
        endpoint.route_tables = _known_list(
            [_table_of(builder, v) for v in _values(resource.get("route_table_ids"))]
        )
        endpoint.security_groups = _known_list(
            builder.lookup_list(resource.get("security_group_ids"), SecurityGroup)
        )
    for resource in builder.of_type(*ENDPOINT_EXTRAS):
        endpoint = builder.lookup(resource.get("vpc_endpoint_id"), VpcEndpoint)
        if isinstance(endpoint, VpcEndpoint):
            ENDPOINT_EXTRAS[resource.type](builder, resource, endpoint)


def _values(value: Any) -> list[Any]:
    listed = as_list(value)
    return [listed] if is_unknown(listed) else listed


def _known_list(values: Any) -> list[Any]:
    return [values] if is_unknown(values) else values


def _add_table(builder: Builder, resource: Resource, endpoint: VpcEndpoint) -> None:
    endpoint.route_tables.append(_table_of(builder, resource.get("route_table_id")))


def _add_subnet(builder: Builder, resource: Resource, endpoint: VpcEndpoint) -> None:
    endpoint.subnets.append(builder.lookup(resource.get("subnet_id"), Subnet))


def _set_policy(builder: Builder, resource: Resource, endpoint: VpcEndpoint) -> None:
    endpoint.policy = _policy(builder, resource.get("policy"))
    endpoint.positions.setdefault("policy", resource.where("policy"))


def _set_private_dns(builder: Builder, resource: Resource, endpoint: VpcEndpoint) -> None:
    endpoint.private_dns_enabled = as_bool(resource.get("private_dns_enabled"), False)


ENDPOINT_EXTRAS = {
    "aws_vpc_endpoint_route_table_association": _add_table,
    "aws_vpc_endpoint_subnet_association": _add_subnet,
    "aws_vpc_endpoint_policy": _set_policy,
    "aws_vpc_endpoint_private_dns": _set_private_dns,
}
