"""Subnets and security groups from outside the template: one stub per parameter or literal id.

A ``Ref`` to an ``AWS::EC2::Subnet::Id`` or ``AWS::EC2::SecurityGroup::Id`` parameter without a
default gives the same stub object wherever it is written, so a network ACL association or a
standalone rule links to the service's subnet or group. The stub's own attributes stay
unknown, so only rules that need nothing else (the linked ACL) may report on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslint.loaders import load_file
from ecslint.model import Location, Model
from ecslint.model.network import (
    NetworkAcl,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    VpcEndpoint,
)
from ecslint.model.values import is_unknown
from ecslint.network import firewall
from ecslint.network.status import Status
from ecslint.rules import ALL_RULES
from ecslint.scan import scan

DATA = Path(__file__).resolve().parent.parent / "data" / "cloudformation" / "external"
HERE = Location("test.yaml", 1, 1)
# Every network rule: paths, security groups, ACLs and endpoints.
NETWORK_RULES = {
    "ECS201",
    "ECS202",
    "ECS203",
    "ECS204",
    "ECS205",
    "ECS206",
    "ECS701",
    "ECS702",
    "ECS703",
    "ECS704",
    "ECS807",
}


def load(path: Path) -> Model:
    result = load_file(str(path))
    assert result.errors == []
    return result.models[0]


def findings(path: Path) -> list[tuple[str, int, str]]:
    result = scan([str(path)], [rule() for rule in ALL_RULES])
    assert result.errors == []
    return sorted(
        (finding.rule, finding.location.line, finding.resource)
        for finding in result.findings
        if finding.rule in NETWORK_RULES
    )


def named(objects, name):
    return next(item for item in objects if item.name == name)


@pytest.fixture(scope="module")
def acl_model() -> Model:
    return load(DATA / "acl_on_parameter_subnet.yaml")


def test_parameter_subnet_is_one_stub(acl_model):
    (subnet,) = named(acl_model.services, "Service").subnets
    assert isinstance(subnet, Subnet)
    assert isinstance(subnet.network_acl, NetworkAcl)
    assert subnet.network_acl is named(acl_model.network_acls, "AppAcl")


def test_parameter_subnet_stub_attributes_unknown(acl_model):
    (subnet,) = named(acl_model.services, "Service").subnets
    assert subnet.name == "AppSubnet"
    assert subnet.location.line == 7
    assert is_unknown(subnet.route_table)
    assert is_unknown(subnet.vpc)
    assert is_unknown(subnet.map_public_ip_on_launch)
    assert subnet not in acl_model.subnets


def test_parameter_subnet_noted_unknown(acl_model):
    notes = [(location.line, text) for location, text in acl_model.unknowns]
    assert (58, "route table: parameter AppSubnet has no default") in notes


def test_parameter_group_is_one_stub(acl_model):
    (group,) = named(acl_model.services, "Service").security_groups
    assert isinstance(group, SecurityGroup)
    assert group.external is True
    # The standalone egress resource cannot add to rules that are unknown.
    assert is_unknown(group.egress)
    assert is_unknown(group.ingress)


def test_acl_on_parameter_subnet_reported():
    assert findings(DATA / "acl_on_parameter_subnet.yaml") == [("ECS205", 10, "AppAcl")]


def test_closed_group_on_parameter_subnet_reported():
    # Every path needs TCP 443, so a group without it fails whatever the subnet's routes are.
    found = findings(DATA / "closed_group_on_parameter_subnet.yaml")
    assert found == [("ECS202", 15, "DbOnlyGroup")]


def test_literal_subnet_id_is_one_stub():
    model = load(DATA / "closed_group_on_parameter_subnet.yaml")
    (subnet,) = named(model.services, "LiteralService").subnets
    assert subnet.name == "subnet-0a1b2c3d"
    assert subnet.network_acl is named(model.network_acls, "OpenAcl")


def test_parameter_passed_to_nested_stack_links():
    model = load(DATA / "nested" / "parent.yaml")
    (subnet,) = named(model.services, "Service").subnets
    assert subnet.network_acl is named(model.network_acls, "EgressOnlyAcl")
    assert findings(DATA / "nested" / "parent.yaml") == [("ECS205", 9, "EgressOnlyAcl")]


def test_nested_child_alone_is_silent():
    assert findings(DATA / "nested" / "child.yaml") == []


def external_group(name: str) -> SecurityGroup:
    return SecurityGroup(name=name, location=HERE, external=True)


def https_from(peer: SecurityGroup) -> SecurityGroupRule:
    return SecurityGroupRule(
        name="in", location=HERE, protocol="tcp", from_port=443, to_port=443, peer_group=peer
    )


def test_two_external_groups_may_be_one():
    endpoint_group = SecurityGroup(name="EndpointSg", location=HERE)
    endpoint_group.ingress = [https_from(external_group("AllowedSg"))]
    endpoint = VpcEndpoint(name="Api", location=HERE, security_groups=[endpoint_group])
    subnet = Subnet(name="A", location=HERE)
    status = firewall.ingress_from(endpoint, [external_group("TaskSg")], subnet)
    assert status is Status.UNKNOWN


def test_template_group_differs_from_external():
    endpoint_group = SecurityGroup(name="EndpointSg", location=HERE)
    endpoint_group.ingress = [https_from(external_group("AllowedSg"))]
    endpoint = VpcEndpoint(name="Api", location=HERE, security_groups=[endpoint_group])
    subnet = Subnet(name="A", location=HERE)
    task_group = SecurityGroup(name="TaskSg", location=HERE)
    assert firewall.ingress_from(endpoint, [task_group], subnet) is Status.BROKEN
