"""Build VPC models in Python for the network path and endpoint rule tests.

``network()`` returns a ``Net`` with one VPC (10.0.0.0/16, DNS on), a public subnet routed to an
internet gateway, a NAT gateway in it, and a puller subnet whose route table the test chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecslint.model import Container, Model, Secret, Service, TaskDefinition
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider, LaunchTemplate
from ecslint.model.ecs import CapacityProviderItem, Cluster
from ecslint.model.network import (
    INTERNET_GATEWAY,
    InternetGateway,
    NatGateway,
    NetworkAcl,
    NetworkAclEntry,
    Route,
    RouteTable,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from ecslint.model.values import Location

HERE = Location("test.yaml", 1, 1)
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"
HUB_IMAGE = "nginx:1.27.3"
REGION = "us-east-1"


def rule(protocol: str = "tcp", ports: tuple[int, int] | None = (443, 443), **peer: Any):
    """Return a security group rule to or from ``peer`` (cidr=, prefix_list= or peer_group=)."""
    low, high = ports if ports else (None, None)
    if not peer:
        peer = {"cidr": "0.0.0.0/0"}
    return SecurityGroupRule(
        name="rule", location=HERE, protocol=protocol, from_port=low, to_port=high, **peer
    )


def group(name: str, egress: Any = None, ingress: Any = None) -> SecurityGroup:
    return SecurityGroup(
        name=name,
        location=HERE,
        egress=[rule()] if egress is None else egress,
        ingress=[] if ingress is None else ingress,
    )


def acl_entry(number: int, egress: bool, allow: bool = True, protocol: str = "tcp", **extra):
    return NetworkAclEntry(
        name=f"entry {number}",
        location=HERE,
        rule_number=number,
        egress=egress,
        protocol=protocol,
        allow=allow,
        **extra,
    )


@dataclass
class Net:
    """One VPC and the objects a test changes."""

    model: Model
    vpc: Vpc
    public: Subnet
    private: Subnet
    private_table: RouteTable
    igw: InternetGateway
    nat: NatGateway
    task_group: SecurityGroup
    endpoint_group: SecurityGroup
    extra: dict[str, Any] = field(default_factory=dict)

    def default_route(self, target: Any, kind: str) -> None:
        self.private_table.routes.append(
            Route(name="default", location=HERE, target_kind=kind, target=target)
        )

    def endpoint(
        self, service: str, interface: bool = True, dns: bool = True, **fields: Any
    ) -> VpcEndpoint:
        endpoint = VpcEndpoint(
            name=f"{service} endpoint",
            location=HERE,
            vpc=self.vpc,
            service_name=f"com.amazonaws.{REGION}.{service}",
            endpoint_type="Interface" if interface else "Gateway",
            subnets=[self.private] if interface else [],
            route_tables=[] if interface else [self.private_table],
            security_groups=[self.endpoint_group] if interface else [],
            private_dns_enabled=dns if interface else False,
            **fields,
        )
        self.model.vpc_endpoints.append(endpoint)
        return endpoint

    def full_endpoint_set(self) -> None:
        for service in ("ecr.api", "ecr.dkr"):
            self.endpoint(service)
        self.endpoint("s3", interface=False)

    def fargate(self, *containers: Container, subnet: Subnet | None = None, **fields) -> Service:
        task = TaskDefinition(
            name="TaskDef",
            location=HERE,
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            containers=list(containers) or [Container(name="web", location=HERE, image=IMAGE)],
        )
        settings = {
            "subnets": [subnet or self.private],
            "security_groups": [self.task_group],
            "launch_type": "FARGATE",
        }
        settings.update(fields)
        service = Service(name="Api", location=HERE, task_definition=task, **settings)
        self.model.task_definitions.append(task)
        self.model.services.append(service)
        return service

    def ec2_service(self, instance_group: SecurityGroup, subnet: Subnet | None = None) -> Service:
        template = LaunchTemplate(name="Template", location=HERE, security_groups=[instance_group])
        asg = AutoScalingGroup(
            name="Asg", location=HERE, launch_template=template, subnets=[subnet or self.private]
        )
        provider = CapacityProvider(name="Provider", location=HERE, auto_scaling_group=asg)
        cluster = Cluster(name="Cluster", location=HERE, capacity_providers=[provider])
        self.model.clusters.append(cluster)
        self.model.capacity_providers.append(provider)
        self.model.auto_scaling_groups.append(asg)
        service = self.fargate(launch_type=None)
        service.task_definition.requires_compatibilities = ["EC2"]
        service.cluster = cluster
        service.capacity_provider_strategy = [CapacityProviderItem(provider=provider)]
        return service

    def acl(self, *entries: NetworkAclEntry, subnet: Subnet | None = None) -> NetworkAcl:
        acl = NetworkAcl(name="AppNacl", location=HERE, vpc=self.vpc, entries=list(entries))
        (subnet or self.private).network_acl = acl
        self.model.network_acls.append(acl)
        return acl


def network() -> Net:
    """Return a VPC whose private subnet has no default route yet."""
    model = Model(path="test.yaml", kind="cloudformation")
    vpc = Vpc(name="Vpc", location=HERE, cidr_blocks=["10.0.0.0/16"], enable_dns_hostnames=True)
    igw = InternetGateway(name="Igw", location=HERE, vpc=vpc)
    public_table = RouteTable(name="PublicRT", location=HERE, vpc=vpc)
    public_table.routes.append(
        Route(name="igw", location=HERE, target_kind=INTERNET_GATEWAY, target=igw)
    )
    public = Subnet(
        name="PublicA", location=HERE, vpc=vpc, cidr_block="10.0.1.0/24", route_table=public_table
    )
    private_table = RouteTable(name="PrivateRT", location=HERE, vpc=vpc)
    private = Subnet(
        name="PrivateA", location=HERE, vpc=vpc, cidr_block="10.0.2.0/24", route_table=private_table
    )
    nat = NatGateway(name="Nat", location=HERE, subnet=public)
    task_group = group("TaskSg")
    endpoint_group = group("EndpointSg", ingress=[rule(cidr="10.0.0.0/16")])
    model.vpcs.append(vpc)
    model.subnets.extend([public, private])
    model.route_tables.extend([public_table, private_table])
    model.nat_gateways.append(nat)
    model.security_groups.extend([task_group, endpoint_group])
    return Net(model, vpc, public, private, private_table, igw, nat, task_group, endpoint_group)


def secret_container(value_from: str, awslogs: bool = False) -> Container:
    return Container(
        name="web",
        location=HERE,
        image=IMAGE,
        secrets=[Secret(name="DB_PASSWORD", location=HERE, value_from=value_from)],
        log_driver="awslogs" if awslogs else None,
    )


def codes(rule_class: type, model: Model) -> list[str]:
    return [finding.rule for finding in rule_class().check(model)]
