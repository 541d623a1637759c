"""VPCs, subnets, routing, endpoints, security groups and network ACLs.

The loaders apply AWS's defaults where an attribute is absent. A VPC has DNS support on and DNS
hostnames off. An interface endpoint has private DNS off. A subnet without an explicit route
table association uses its VPC's main route table. Security-group egress defaults differ by
format, so each loader fills ``egress`` itself: CloudFormation keeps AWS's allow-all rule when
``SecurityGroupEgress`` is absent, while the Terraform provider removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecslint.model.base import Node
from ecslint.model.values import Unknown

# Route target kinds.
INTERNET_GATEWAY = "internet-gateway"
NAT_GATEWAY = "nat-gateway"
EGRESS_ONLY_GATEWAY = "egress-only-gateway"
TRANSIT_GATEWAY = "transit-gateway"
INSTANCE = "instance"
PEERING = "peering"
GATEWAY_ENDPOINT = "gateway-endpoint"
NO_TARGET = "none"


@dataclass(eq=False)
class Vpc(Node):
    cidr_blocks: list[str | Unknown] = field(default_factory=list)
    enable_dns_support: bool | Unknown = True
    enable_dns_hostnames: bool | Unknown = False
    main_route_table: RouteTable | Unknown | None = None
    default_security_group: SecurityGroup | None = None


@dataclass(eq=False)
class InternetGateway(Node):
    vpc: Vpc | Unknown | None = None


@dataclass(eq=False)
class Route(Node):
    """A route. ``destination`` is a CIDR block or a prefix-list id; ``target`` is the object."""

    destination: str | Unknown = "0.0.0.0/0"
    target_kind: str | Unknown = NO_TARGET
    target: Any = None


@dataclass(eq=False)
class RouteTable(Node):
    vpc: Vpc | Unknown | None = None
    routes: list[Route] = field(default_factory=list)


@dataclass(eq=False)
class Subnet(Node):
    """A subnet. ``route_table`` is set by the loader from the associations, or the main table."""

    vpc: Vpc | Unknown | None = None
    cidr_block: str | Unknown | None = None
    map_public_ip_on_launch: bool | Unknown = False
    route_table: RouteTable | Unknown | None = None
    network_acl: NetworkAcl | Unknown | None = None


@dataclass(eq=False)
class NatGateway(Node):
    """A NAT gateway; a public one needs its own subnet to route to an internet gateway."""

    subnet: Subnet | Unknown | None = None
    connectivity: str | Unknown = "public"


@dataclass(eq=False)
class SecurityGroupRule(Node):
    """One ingress or egress permission.

    ``protocol`` is "-1" for all, otherwise "tcp", "udp", "icmp" or a number as a string.
    Exactly one of ``cidr``, ``prefix_list`` and ``peer_group`` names the other side.
    """

    protocol: str | Unknown = "-1"
    from_port: int | Unknown | None = None
    to_port: int | Unknown | None = None
    cidr: str | Unknown | None = None
    prefix_list: str | Unknown | None = None
    peer_group: SecurityGroup | Unknown | None = None


@dataclass(eq=False)
class SecurityGroup(Node):
    """A security group.

    ``external`` marks a group declared outside the input (a template parameter or a literal
    id), whose rules are unknown. Two external groups may be the same group under two names.
    """

    vpc: Vpc | Unknown | None = None
    ingress: list[SecurityGroupRule] | Unknown = field(default_factory=list)
    egress: list[SecurityGroupRule] | Unknown = field(default_factory=list)
    external: bool = False


@dataclass(eq=False)
class NetworkAclEntry(Node):
    rule_number: int | Unknown = 100
    egress: bool = False
    protocol: str | Unknown = "-1"
    allow: bool | Unknown = True
    cidr: str | Unknown | None = "0.0.0.0/0"
    from_port: int | Unknown | None = None
    to_port: int | Unknown | None = None


@dataclass(eq=False)
class NetworkAcl(Node):
    vpc: Vpc | Unknown | None = None
    entries: list[NetworkAclEntry] = field(default_factory=list)


@dataclass(eq=False)
class VpcEndpoint(Node):
    """A VPC endpoint. ``service`` is the short service name: ``ecr.api``, ``ecr.dkr``, ``s3``."""

    vpc: Vpc | Unknown | None = None
    service_name: str | Unknown = ""
    endpoint_type: str | Unknown = "Gateway"
    subnets: list[Subnet | Unknown] = field(default_factory=list)
    route_tables: list[RouteTable | Unknown] = field(default_factory=list)
    security_groups: list[SecurityGroup | Unknown] = field(default_factory=list)
    private_dns_enabled: bool | Unknown = False
    policy: dict[str, Any] | Unknown | None = None

    @property
    def service(self) -> str | Unknown:
        """Return the service part of ``com.amazonaws.<region>.<service>``."""
        if isinstance(self.service_name, Unknown):
            return self.service_name
        parts = self.service_name.split(".")
        return ".".join(parts[3:]) if len(parts) > 3 else self.service_name
