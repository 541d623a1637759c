"""Tests for the network path rules (ECS2xx) and the endpoint rules (ECS7xx, ECS807)."""

from __future__ import annotations

from ecslint.model import Container
from ecslint.model.network import INTERNET_GATEWAY, NAT_GATEWAY, RouteTable, Subnet
from ecslint.model.values import Unknown
from ecslint.rules.endpoints import (
    EcrEndpointPairIncomplete,
    EcrEndpointPolicyDeniesPull,
    NoEndpointForSecretsOrLogs,
    S3EndpointMissingForEcr,
    S3EndpointPolicyBlocksLayers,
    secret_service,
)
from ecslint.rules.network_path import (
    EndpointBlocksHttpsIngress,
    EndpointPrivateDnsDisabled,
    NatGatewayWithoutInternetRoute,
    NetworkAclBlocksHttps,
    NoNetworkPathToRegistry,
    SecurityGroupBlocksHttpsEgress,
)
from tests.rules.network_builders import (
    HERE,
    HUB_IMAGE,
    acl_entry,
    codes,
    group,
    network,
    rule,
    secret_container,
)

ARN_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def test_public_subnet_without_public_ip_is_reported():
    net = network()
    net.fargate(subnet=net.public, assign_public_ip=False)
    findings = list(NoNetworkPathToRegistry().check(net.model))
    assert [f.rule for f in findings] == ["ECS201"]
    assert "`PublicA` → route table `PublicRT`" in findings[0].message
    assert "assignPublicIp is DISABLED" in findings[0].message


def test_public_subnet_with_public_ip_is_silent():
    net = network()
    net.fargate(subnet=net.public, assign_public_ip=True)
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_private_subnet_with_nat_is_silent():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.fargate()
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_isolated_subnet_with_endpoints_is_silent():
    net = network()
    net.full_endpoint_set()
    net.fargate()
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_docker_hub_image_in_isolated_subnet_is_reported():
    net = network()
    net.full_endpoint_set()
    net.fargate(Container(name="web", location=HERE, image=HUB_IMAGE))
    findings = list(NoNetworkPathToRegistry().check(net.model))
    assert [f.rule for f in findings] == ["ECS201"]
    assert "not in Amazon ECR" in findings[0].message


def test_unknown_subnets_are_silent():
    net = network()
    net.fargate(subnets=Unknown("parameter"))
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_unknown_image_without_path():
    """No internet path and no ECR endpoint: no registry is reachable, whatever the image."""
    net = network()
    net.fargate(Container(name="web", location=HERE, image=Unknown()))
    assert codes(NoNetworkPathToRegistry, net.model) == ["ECS201"]


def test_unknown_image_with_endpoints():
    """The endpoints serve the image if it is in ECR, which is not known."""
    net = network()
    net.full_endpoint_set()
    net.fargate(Container(name="web", location=HERE, image=Unknown()))
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_ec2_checks_instance_subnets_not_task_subnets():
    net = network()
    service = net.ec2_service(group("InstanceSg"), subnet=net.public)
    # The task's own subnet (isolated) does not matter on EC2. The instances' public subnet
    # gives them no public IP (MapPublicIpOnLaunch is false), so their pulls fail.
    assert service.subnets == [net.private]
    findings = list(NoNetworkPathToRegistry().check(net.model))
    assert [f.resource for f in findings] == ["Asg"]


def test_ec2_service_without_capacity_link_is_silent():
    net = network()
    service = net.ec2_service(group("InstanceSg"))
    service.capacity_provider_strategy = []
    service.cluster = "my-cluster"
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_nat_without_internet_route_is_reported_once():
    net = network()
    net.nat.subnet = Subnet(
        name="NatA", location=HERE, vpc=net.vpc, route_table=RouteTable(name="RT", location=HERE)
    )
    net.default_route(net.nat, NAT_GATEWAY)
    net.fargate()
    assert codes(NatGatewayWithoutInternetRoute, net.model) == ["ECS206"]
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_security_group_without_https_egress_is_reported():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.task_group.egress = [rule(ports=(5432, 5432), cidr="10.0.0.0/16")]
    net.fargate()
    findings = list(SecurityGroupBlocksHttpsEgress().check(net.model))
    assert [f.resource for f in findings] == ["TaskSg"]


def test_egress_none_unknown_subnets_reported():
    net = network()
    net.task_group.egress = []
    net.fargate(subnets=Unknown("parameter"))
    assert codes(SecurityGroupBlocksHttpsEgress, net.model) == ["ECS202"]


def test_egress_to_endpoints_is_silent():
    net = network()
    net.full_endpoint_set()
    net.task_group.egress = [rule(cidr="10.0.0.0/16"), rule(prefix_list="pl-63a5400a")]
    net.fargate()
    assert codes(SecurityGroupBlocksHttpsEgress, net.model) == []


def test_egress_without_s3_prefix_reported():
    net = network()
    net.full_endpoint_set()
    net.task_group.egress = [rule(cidr="10.0.0.0/16")]
    net.fargate()
    assert codes(SecurityGroupBlocksHttpsEgress, net.model) == ["ECS202"]


def test_egress_message_blocked_endpoints_only():
    net = network()
    net.full_endpoint_set()
    net.task_group.egress = [rule(cidr="10.0.0.0/16")]
    net.fargate()

    [finding] = SecurityGroupBlocksHttpsEgress().check(net.model)

    assert "to the endpoint `s3 endpoint`, so" in finding.message


def test_service_without_groups_uses_open_default_group():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.fargate(security_groups=[])
    assert codes(SecurityGroupBlocksHttpsEgress, net.model) == []


def test_ec2_task_group_is_not_the_puller():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.task_group.egress = []
    net.ec2_service(group("InstanceSg"))
    assert codes(SecurityGroupBlocksHttpsEgress, net.model) == []


def test_ec2_instance_group_without_https_is_reported():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.ec2_service(group("InstanceSg", egress=[]))
    findings = list(SecurityGroupBlocksHttpsEgress().check(net.model))
    assert [f.resource for f in findings] == ["InstanceSg"]


def test_endpoint_group_without_ingress_is_reported():
    net = network()
    net.full_endpoint_set()
    net.endpoint_group.ingress = [rule(cidr="10.9.0.0/16")]
    net.fargate()
    assert codes(EndpointBlocksHttpsIngress, net.model) == ["ECS203", "ECS203"]


def test_endpoint_ingress_is_not_checked_with_internet_path():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.full_endpoint_set()
    net.endpoint_group.ingress = []
    net.fargate()
    assert codes(EndpointBlocksHttpsIngress, net.model) == []


def test_private_dns_off_is_reported():
    net = network()
    net.full_endpoint_set()
    net.model.vpc_endpoints[0].private_dns_enabled = False
    net.fargate()
    findings = list(EndpointPrivateDnsDisabled().check(net.model))
    assert [f.resource for f in findings] == ["ecr.api endpoint"]


def test_acl_blocking_replies_is_reported():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.acl(
        acl_entry(100, egress=False, from_port=443, to_port=443),
        acl_entry(100, egress=True, protocol="-1"),
    )
    net.fargate()
    assert codes(NetworkAclBlocksHttps, net.model) == ["ECS205"]


def test_incomplete_pair_is_reported():
    net = network()
    net.endpoint("ecr.api")
    net.endpoint("s3", interface=False)
    net.fargate()
    assert codes(EcrEndpointPairIncomplete, net.model) == ["ECS701"]
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_missing_s3_endpoint_is_reported():
    net = network()
    net.endpoint("ecr.api")
    net.endpoint("ecr.dkr")
    net.fargate()
    assert codes(S3EndpointMissingForEcr, net.model) == ["ECS702"]


def test_missing_s3_endpoint_with_nat_is_silent():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.endpoint("ecr.api")
    net.endpoint("ecr.dkr")
    net.fargate()
    assert codes(S3EndpointMissingForEcr, net.model) == []


def test_s3_policy_without_layer_bucket_is_reported():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    s3 = net.endpoint("s3", interface=False)
    s3.policy = {
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::a/*"}
        ]
    }
    net.fargate()
    assert codes(S3EndpointPolicyBlocksLayers, net.model) == ["ECS703"]


def test_s3_policy_with_layer_bucket_is_silent():
    net = network()
    s3 = net.endpoint("s3", interface=False)
    layers = "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"
    s3.policy = {
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": layers}
        ]
    }
    net.fargate()
    assert codes(S3EndpointPolicyBlocksLayers, net.model) == []


def test_deny_only_ecr_policy_is_reported_without_services():
    net = network()
    endpoint = net.endpoint("ecr.api")
    endpoint.policy = {
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1"}},
            }
        ]
    }
    assert codes(EcrEndpointPolicyDeniesPull, net.model) == ["ECS704"]


def test_ecr_policy_for_one_repository_is_silent():
    net = network()
    endpoint = net.endpoint("ecr.dkr")
    repository = "arn:aws:ecr:us-east-1:123456789012:repository/web"
    endpoint.policy = {
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": repository},
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "ecr:GetAuthorizationToken",
                "Resource": "*",
            },
        ]
    }
    assert codes(EcrEndpointPolicyDeniesPull, net.model) == []


def test_secrets_in_isolated_subnet_need_endpoint():
    net = network()
    net.full_endpoint_set()
    net.fargate(secret_container(ARN_SECRET, awslogs=True))
    findings = list(NoEndpointForSecretsOrLogs().check(net.model))
    assert [f.rule for f in findings] == ["ECS807"]
    assert "`secretsmanager`" in findings[0].message
    assert "`logs`" in findings[0].message


def test_secrets_with_endpoints_are_silent():
    net = network()
    net.full_endpoint_set()
    net.endpoint("secretsmanager")
    net.endpoint("logs")
    net.fargate(secret_container(ARN_SECRET, awslogs=True))
    assert codes(NoEndpointForSecretsOrLogs, net.model) == []


def test_secrets_with_nat_are_silent():
    net = network()
    net.default_route(net.nat, NAT_GATEWAY)
    net.fargate(secret_container(ARN_SECRET))
    assert codes(NoEndpointForSecretsOrLogs, net.model) == []


def test_unknown_secret_source_is_silent():
    net = network()
    net.fargate(secret_container("${DbSecret}:password::"))
    assert codes(NoEndpointForSecretsOrLogs, net.model) == []


def test_secret_service_names():
    assert secret_service(ARN_SECRET) == "secretsmanager"
    assert secret_service("arn:aws:ssm:us-east-1:123456789012:parameter/db") == "ssm"
    assert secret_service("/app/db-password") == "ssm"
    assert secret_service("${Secret}") is None
    assert secret_service("a48b130a-ac0d-42c5-a059-7b76e8cafbec") is None


def test_internet_gateway_route_with_endpoint_path_is_silent():
    net = network()
    net.default_route(net.igw, INTERNET_GATEWAY)
    net.full_endpoint_set()
    net.fargate(assign_public_ip=False)
    for rule_class in (
        NoNetworkPathToRegistry,
        S3EndpointMissingForEcr,
        EndpointBlocksHttpsIngress,
    ):
        assert codes(rule_class, net.model) == []


def test_ec2_single_group_of_single_cluster_is_used():
    net = network()
    service = net.ec2_service(group("InstanceSg"), subnet=net.public)
    service.launch_type = "EC2"
    service.capacity_provider_strategy = []
    service.cluster.capacity_providers = []
    assert codes(NoNetworkPathToRegistry, net.model) == ["ECS201"]


def test_ec2_several_groups_without_capacity_link_are_silent():
    net = network()
    service = net.ec2_service(group("InstanceSg"), subnet=net.public)
    service.launch_type = "EC2"
    service.capacity_provider_strategy = []
    service.cluster.capacity_providers = []
    net.model.auto_scaling_groups.append(net.model.auto_scaling_groups[0])
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_unexpanded_network_resource_silences_paths():
    net = network()
    net.fargate(subnet=net.public, assign_public_ip=False)
    net.model.incomplete.add("vpc-endpoint")
    assert codes(NoNetworkPathToRegistry, net.model) == []


def test_unexpanded_other_resource_keeps_paths():
    net = network()
    net.fargate(subnet=net.public, assign_public_ip=False)
    net.model.incomplete.add("ecr-repository")
    assert codes(NoNetworkPathToRegistry, net.model) == ["ECS201"]


def test_unknown_notes_alone_keep_paths():
    # Only the structured flag silences the path rules, never the wording of a note.
    net = network()
    net.fargate(subnet=net.public, assign_public_ip=False)
    net.model.note_unknown(
        HERE,
        "module.endpoints.aws_vpc_endpoint.this: count or for_each is not known, so its "
        "instances are unknown",
    )
    assert codes(NoNetworkPathToRegistry, net.model) == ["ECS201"]
