"""Tests for ecslint.network: routes, endpoints, security groups and network ACLs."""

from __future__ import annotations

import pytest

from ecslint.images import parse_image
from ecslint.model.network import (
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    TRANSIT_GATEWAY,
    Route,
    RouteTable,
    Subnet,
)
from ecslint.model.values import Unknown
from ecslint.network import firewall
from ecslint.network.nacl import acl_path
from ecslint.network.paths import endpoint_path
from ecslint.network.routes import internet_path
from ecslint.network.status import Status
from tests.rules.network_builders import HERE, IMAGE, acl_entry, group, network, rule


def test_internet_gateway_with_public_ip_works():
    net = network()
    assert internet_path(net.public, True).status is Status.OK


def test_internet_gateway_without_public_ip_fails():
    net = network()
    step = internet_path(net.public, False)
    assert step.kind == "no-public-ip"
    assert "`Igw`" in step.reason


def test_public_ip_unknown_is_unknown():
    net = network()
    assert internet_path(net.public, Unknown()).status is Status.UNKNOWN


def test_no_default_route_fails():
    net = network()
    assert internet_path(net.private, False).kind == "no-default-route"


def test_nat_in_public_subnet_works():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    assert internet_path(net.private, False).status is Status.OK


def test_nat_in_subnet_without_internet_route_fails():
    net = network()
    isolated_table = RouteTable(name="NatRT", location=HERE, vpc=net.vpc)
    net.nat.subnet = Subnet(name="NatA", location=HERE, vpc=net.vpc, route_table=isolated_table)
    net.default_route(net.nat, NAT_GATEWAY)
    step = internet_path(net.private, False)
    assert step.kind == "nat-without-internet"
    assert step.node is net.nat


def test_private_nat_fails():
    net = network()
    net.nat.connectivity = "private"
    net.default_route(net.nat, NAT_GATEWAY)
    assert internet_path(net.private, False).kind == "nat-without-internet"


@pytest.mark.parametrize("target_kind", [TRANSIT_GATEWAY, Unknown()])
def test_other_targets_are_unknown(target_kind):
    net = network()
    net.default_route(None, target_kind)
    assert internet_path(net.private, False).status is Status.UNKNOWN


def test_unknown_route_destination_is_unknown():
    net = network()
    net.private_table.routes.append(
        Route(name="r", location=HERE, destination=Unknown(), target_kind=INTERNET_GATEWAY)
    )
    assert internet_path(net.private, True).status is Status.UNKNOWN


def test_unknown_route_table_is_unknown():
    net = network()
    net.private.route_table = Unknown()
    assert internet_path(net.private, True).status is Status.UNKNOWN


def test_full_endpoint_set_works():
    net = network()
    net.full_endpoint_set()
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.status is Status.OK
    assert len(path.endpoints) == 3


def test_docker_hub_image_has_no_endpoint_path():
    net = network()
    net.full_endpoint_set()
    path = endpoint_path(net.model, net.private, parse_image("nginx:1.27.3"))
    assert path.result.kind == "not-ecr"


def test_endpoints_of_another_region_do_not_serve():
    net = network()
    net.full_endpoint_set()
    image = parse_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1")
    assert endpoint_path(net.model, net.private, image).result.kind == "no-ecr-endpoints"


def test_placeholder_regions_match_each_other():
    net = network()
    for endpoint in ("ecr.api", "ecr.dkr"):
        net.endpoint(endpoint).service_name = f"com.amazonaws.${{AWS::Region}}.{endpoint}"
    net.endpoint("s3", interface=False).service_name = "com.amazonaws.${AWS::Region}.s3"
    image = parse_image("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1")
    assert endpoint_path(net.model, net.private, image).result.status is Status.OK


def test_one_ecr_endpoint_is_incomplete():
    net = network()
    net.endpoint("ecr.dkr")
    net.endpoint("s3", interface=False)
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.kind == "ecr-pair-incomplete"


def test_s3_gateway_on_other_route_table_is_missing():
    net = network()
    net.endpoint("ecr.api")
    net.endpoint("ecr.dkr")
    net.endpoint("s3", interface=False).route_tables = [RouteTable(name="Other", location=HERE)]
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.kind == "no-s3-endpoint"


def test_s3_interface_endpoint_with_private_dns_serves():
    net = network()
    net.endpoint("ecr.api")
    net.endpoint("ecr.dkr")
    net.endpoint("s3")
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.status is Status.OK


def test_endpoint_of_unknown_vpc_makes_path_unknown():
    net = network()
    net.endpoint("ecr.api").vpc = Unknown()
    net.endpoint("s3", interface=False)
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.status is Status.UNKNOWN


def test_private_dns_off_fails():
    net = network()
    net.full_endpoint_set()
    net.model.vpc_endpoints[1].private_dns_enabled = False
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.kind == "private-dns-off"


def test_vpc_without_dns_hostnames_fails():
    net = network()
    net.full_endpoint_set()
    net.vpc.enable_dns_hostnames = False
    path = endpoint_path(net.model, net.private, parse_image(IMAGE))
    assert path.result.kind == "vpc-dns-off"


@pytest.mark.parametrize(
    ("egress", "expected"),
    [
        ([rule()], Status.OK),
        ([rule("-1", None)], Status.OK),
        ([rule(ports=(0, 65535))], Status.OK),
        ([rule(ports=(5432, 5432))], Status.BROKEN),
        ([rule(cidr="10.0.0.0/16")], Status.BROKEN),
        ([rule(cidr="52.0.0.0/8")], Status.UNKNOWN),
        ([rule(prefix_list="pl-63a5400a")], Status.UNKNOWN),
        ([rule(cidr="::/0")], Status.UNKNOWN),
        ([], Status.BROKEN),
        (Unknown(), Status.UNKNOWN),
    ],
)
def test_egress_to_internet(egress, expected):
    assert firewall.egress_to([group("Sg", egress=egress)], firewall.INTERNET, None) is expected


def test_egress_to_endpoint_by_cidr_and_group():
    net = network()
    endpoint = net.endpoint("ecr.dkr")
    vpc_rule = group("Sg", egress=[rule(cidr="10.0.0.0/16")])
    group_rule = group("Sg", egress=[rule(peer_group=net.endpoint_group)])
    other_rule = group("Sg", egress=[rule(cidr="192.168.0.0/16")])
    assert firewall.egress_to([vpc_rule], endpoint, net.vpc) is Status.OK
    assert firewall.egress_to([group_rule], endpoint, net.vpc) is Status.OK
    assert firewall.egress_to([other_rule], endpoint, net.vpc) is Status.BROKEN


def test_no_groups_means_the_default_group():
    net = network()
    assert firewall.effective_groups([], net.vpc) is None
    net.vpc.default_security_group = group("default")
    assert firewall.effective_groups([], net.vpc) == [net.vpc.default_security_group]


def test_endpoint_ingress_from_puller():
    net = network()
    endpoint = net.endpoint("ecr.dkr")
    pullers = [net.task_group]
    assert firewall.ingress_from(endpoint, pullers, net.private) is Status.OK
    net.endpoint_group.ingress = [rule(cidr="10.9.0.0/16")]
    assert firewall.ingress_from(endpoint, pullers, net.private) is Status.BROKEN
    net.endpoint_group.ingress = [rule(peer_group=net.task_group)]
    assert firewall.ingress_from(endpoint, pullers, net.private) is Status.OK
    net.endpoint_group.ingress = [rule(peer_group=Unknown())]
    assert firewall.ingress_from(endpoint, pullers, net.private) is Status.UNKNOWN


def test_acl_without_return_ports_fails():
    net = network()
    net.acl(
        acl_entry(100, egress=False, from_port=443, to_port=443),
        acl_entry(100, egress=True, protocol="-1"),
    )
    assert acl_path(net.private).kind == "acl-blocks-return"


def test_acl_first_match_wins():
    net = network()
    net.acl(
        acl_entry(90, egress=True, allow=False, from_port=443, to_port=443),
        acl_entry(100, egress=True, protocol="-1"),
        acl_entry(100, egress=False, protocol="-1"),
    )
    assert acl_path(net.private).kind == "acl-blocks-https-out"


def test_acl_allowing_all_works():
    net = network()
    net.acl(acl_entry(100, egress=True, protocol="-1"), acl_entry(100, egress=False, protocol="-1"))
    assert acl_path(net.private).status is Status.OK


def test_acl_partial_port_range_is_unknown():
    net = network()
    net.acl(
        acl_entry(100, egress=True, protocol="-1"),
        acl_entry(100, egress=False, from_port=32768, to_port=65535),
    )
    assert acl_path(net.private).status is Status.UNKNOWN


def test_acl_narrow_cidr_first_is_unknown():
    net = network()
    net.acl(
        acl_entry(50, egress=False, allow=False, protocol="-1", cidr="10.1.0.0/16"),
        acl_entry(100, egress=True, protocol="-1"),
        acl_entry(100, egress=False, protocol="-1"),
    )
    assert acl_path(net.private).status is Status.UNKNOWN


def test_default_acl_works():
    net = network()
    assert acl_path(net.private).status is Status.OK


def test_other_region_endpoints_are_named():
    net = network()
    net.full_endpoint_set()
    image = parse_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1")
    reason = endpoint_path(net.model, net.private, image).result.reason
    assert "for eu-west-1, the image's Region" in reason


def test_fips_registry_is_unknown():
    net = network()
    image = parse_image("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/web:1")
    assert endpoint_path(net.model, net.private, image).result.status is Status.UNKNOWN
