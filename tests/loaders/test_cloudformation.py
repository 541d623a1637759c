"""The CloudFormation loader: defaults, links between resources, positions and bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ecslint.errors import INVALID_SYNTAX
from ecslint.loaders import load_file
from ecslint.model import Model
from ecslint.model.network import INTERNET_GATEWAY, NAT_GATEWAY
from ecslint.model.values import is_unknown
from tests.shared import CASES, CORPUS, SHARED, requires_shared

DATA = Path(__file__).resolve().parent.parent / "data" / "cloudformation"


def load(path: Path) -> Model:
    result = load_file(str(path))
    assert result.errors == []
    assert len(result.models) == 1
    return result.models[0]


def named(objects, name):
    return next(item for item in objects if item.name == name)


@pytest.fixture(scope="module")
def network() -> Model:
    return load(DATA / "network.yaml")


@pytest.fixture(scope="module")
def capacity() -> Model:
    return load(DATA / "capacity.yaml")


# Defaults -----------------------------------------------------------------------------------


def test_security_group_default_egress(network):
    group = named(network.security_groups, "OpenGroup")
    default = group.egress[0]
    assert (default.protocol, default.cidr) == ("-1", "0.0.0.0/0")


def test_egress_resource_keeps_default_rule(network):
    group = named(network.security_groups, "OpenGroup")
    assert [rule.to_port for rule in group.egress] == [None, 5432]


def test_inline_egress_replaces_default(network):
    group = named(network.security_groups, "ClosedGroup")
    assert [(rule.protocol, rule.to_port) for rule in group.egress] == [("tcp", 3306), ("tcp", 443)]
    assert group.egress[1].peer_group is named(network.security_groups, "OpenGroup")


def test_vpc_dns_defaults(network):
    vpc = named(network.vpcs, "Vpc")
    assert vpc.enable_dns_support is True
    assert vpc.enable_dns_hostnames is False


def test_vpc_default_security_group(tmp_path):
    template = tmp_path / "default-group.yaml"
    template.write_text(
        "Resources:\n"
        "  Vpc:\n"
        "    Type: AWS::EC2::VPC\n"
        "  Extra:\n"
        "    Type: AWS::EC2::SecurityGroupIngress\n"
        "    Properties:\n"
        "      GroupId: !GetAtt Vpc.DefaultSecurityGroup\n"
        "      IpProtocol: tcp\n"
        "      FromPort: 443\n"
        "      ToPort: 443\n"
        "      CidrIp: 10.0.0.0/8\n"
    )
    group = load(template).vpcs[0].default_security_group
    assert [rule.cidr for rule in group.egress] == ["0.0.0.0/0"]
    assert [rule.to_port for rule in group.ingress] == [None, 443]


def test_assign_public_ip_default_disabled(network):
    service = named(network.services, "Service")
    assert service.assign_public_ip is False
    assert service.launch_type == "FARGATE"


def test_endpoint_defaults(network):
    api = named(network.vpc_endpoints, "EcrApiEndpoint")
    s3 = named(network.vpc_endpoints, "S3Endpoint")
    assert (api.service, api.endpoint_type, api.private_dns_enabled) == (
        "ecr.api",
        "Interface",
        False,
    )
    assert (s3.service, s3.endpoint_type) == ("s3", "Gateway")


# Links between resources --------------------------------------------------------------------


def test_route_table_association(network):
    subnet = named(network.subnets, "PublicSubnet")
    assert subnet.route_table is named(network.route_tables, "PublicRouteTable")
    route = subnet.route_table.routes[0]
    assert (route.destination, route.target_kind) == ("0.0.0.0/0", INTERNET_GATEWAY)
    assert route.target is named(network.internet_gateways, "Igw")


def test_private_subnet_routes_to_nat(network):
    subnet = named(network.subnets, "PrivateSubnet")
    route = subnet.route_table.routes[0]
    assert route.target_kind == NAT_GATEWAY
    assert route.target.subnet is named(network.subnets, "PublicSubnet")


def test_subnet_without_association_uses_main_table(network):
    subnet = named(network.subnets, "LooseSubnet")
    assert subnet.route_table is named(network.vpcs, "Vpc").main_route_table
    assert subnet.route_table.routes == []


def test_internet_gateway_attached(network):
    assert named(network.internet_gateways, "Igw").vpc is named(network.vpcs, "Vpc")


def test_service_links(network):
    service = named(network.services, "Service")
    assert service.task_definition is named(network.task_definitions, "TaskDef")
    assert service.subnets == [named(network.subnets, "PrivateSubnet")]
    assert service.security_groups == [named(network.security_groups, "ClosedGroup")]


def test_endpoint_links(network):
    dkr = named(network.vpc_endpoints, "EcrDkrEndpoint")
    s3 = named(network.vpc_endpoints, "S3Endpoint")
    assert dkr.subnets == [named(network.subnets, "PrivateSubnet")]
    assert s3.route_tables == [named(network.route_tables, "PrivateRouteTable")]
    assert s3.policy["Statement"][0]["Resource"].endswith("starport-layer-bucket/*")


def test_network_acl_entries(network):
    subnet = named(network.subnets, "PrivateSubnet")
    entries = [(e.egress, e.protocol, e.allow, e.from_port) for e in subnet.network_acl.entries]
    assert entries == [(False, "tcp", True, 443), (True, "-1", False, None)]


def test_repository_link_and_name(capacity):
    container = named(capacity.task_definitions, "TaskDef").containers[0]
    assert container.repository is named(capacity.repositories, "Repo")
    assert container.image.endswith("/worker")


def test_sub_image_links_repository(tmp_path):
    template = tmp_path / "repository.yaml"
    template.write_text(
        "Resources:\n"
        "  Repo:\n"
        "    Type: AWS::ECR::Repository\n"
        "  Task:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ContainerDefinitions:\n"
        "        - Name: a\n"
        "          Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${Repo}:1.0\n"
    )
    model = load(template)
    container = model.task_definitions[0].containers[0]
    assert container.repository is model.repositories[0]
    assert container.image == "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${Repo}:1.0"
    assert model.repositories[0].tag_mutability == "MUTABLE"


def test_role_policies_attached(capacity):
    role = named(capacity.roles, "InstanceRole")
    actions = [policy["Statement"][0]["Action"] for policy in role.policies]
    assert sorted(actions) == ["ecr:BatchGetImage", "logs:PutLogEvents"]
    assert role.managed_policy_arns == [
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    ]


def test_launch_template_capacity(capacity):
    template = named(capacity.launch_templates, "LaunchTemplate")
    assert template.image_id.endswith("/arm64/recommended/image_id")
    assert template.instance_profile.roles == [named(capacity.roles, "InstanceRole")]
    assert template.associate_public_ip is False
    group = named(capacity.auto_scaling_groups, "Group")
    assert group.launch_template is template
    assert group.instance_types == ["c7g.large", "m7g.large"]


def test_service_uses_cluster_default_strategy(capacity):
    service = named(capacity.services, "Service")
    assert service.launch_type is None
    assert [item.weight for item in service.capacity_provider_strategy] == [1]
    provider = named(capacity.capacity_providers, "Provider")
    assert provider.auto_scaling_group is named(capacity.auto_scaling_groups, "Group")
    assert named(capacity.clusters, "Cluster").capacity_providers == [provider]


def test_scheduled_task(capacity):
    task = next(s for s in capacity.services if s.kind == "scheduled-task")
    assert task.task_definition is named(capacity.task_definitions, "TaskDef")
    assert task.launch_type == "FARGATE"
    assert task.assign_public_ip is True


def test_execution_role_reference(tmp_path):
    template = tmp_path / "roles.yaml"
    template.write_text(
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "  Inside:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ExecutionRoleArn: !GetAtt Role.Arn\n"
        "      ContainerDefinitions: [{Name: a, Image: 'nginx:1'}]\n"
        "  Outside:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ExecutionRoleArn: arn:aws:iam::123456789012:role/exec\n"
        "      ContainerDefinitions: [{Name: a, Image: 'nginx:1'}]\n"
    )
    model = load(template)
    inside = named(model.task_definitions, "Inside").execution_role
    outside = named(model.task_definitions, "Outside").execution_role
    assert inside.role is named(model.roles, "Role")
    assert outside.value == "arn:aws:iam::123456789012:role/exec"
    assert outside.role is None


# Nested stacks and CDK ----------------------------------------------------------------------


def test_nested_stack_read_with_parameters():
    model = load(DATA / "nested" / "parent.yaml")
    task = named(model.task_definitions, "TaskDef")
    assert task.containers[0].image == "public.ecr.aws/docker/library/httpd:2.1"
    assert task.location.path.endswith(os.path.join("nested", "child.yaml"))
    service = named(model.services, "Service")
    assert service.task_definition is task
    assert [subnet.name for subnet in service.subnets] == ["SubnetA", "SubnetB"]


def test_nested_stack_escapes_not_read():
    model = load(DATA / "nested" / "parent.yaml")
    # Only child.yaml is read: not ../network.yaml, the remote URL, or the loop.
    assert [vpc.name for vpc in model.vpcs] == ["Vpc"]


def test_nested_stack_symlink_out_not_read(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    shutil.copy(DATA / "network.yaml", tmp_path / "outside.yaml")
    (inner / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (inner / "parent.yaml").write_text(
        "Resources:\n"
        "  Child:\n"
        "    Type: AWS::CloudFormation::Stack\n"
        "    Properties:\n"
        "      TemplateURL: link.yaml\n"
    )
    assert load(inner / "parent.yaml").vpcs == []


def test_cdk_asset_platform():
    model = load(DATA / "cdk" / "App.template.json")
    container = model.task_definitions[0].containers[0]
    assert container.image_platform == "linux/arm64"


# Positions and input handling ---------------------------------------------------------------


def test_container_image_position(network):
    container = named(network.task_definitions, "TaskDef").containers[0]
    assert container.where("image").line == 172
    assert named(network.task_definitions, "TaskDef").location.line == 163


def test_syntax_error_line():
    result = load_file(str(DATA / "syntax_error.yaml"))
    assert result.models == []
    assert [(error.code, error.line) for error in result.errors] == [(INVALID_SYNTAX, 7)]


def test_non_template_yaml_skipped():
    result = load_file(str(DATA / "not_template.yaml"))
    assert result.models == []
    assert result.errors == []


def test_multi_document_yaml_skipped(tmp_path):
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("kind: ConfigMap\ndata: {Resources: AWS::ECS::Service}\n---\nkind: Job\n")
    result = load_file(str(manifest))
    assert result.models == []
    assert result.errors == []


def test_unknown_image_parameter(tmp_path):
    template = tmp_path / "unknown.yaml"
    template.write_text(
        "Parameters:\n"
        "  ImageUri: {Type: String}\n"
        "Resources:\n"
        "  Task:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ContainerDefinitions: [{Name: a, Image: !Ref ImageUri}]\n"
    )
    model = load(template)
    assert is_unknown(model.task_definitions[0].containers[0].image)


def test_unknown_architecture_kept(tmp_path):
    template = tmp_path / "arch.yaml"
    template.write_text(
        "Parameters:\n"
        "  Arch: {Type: String}\n"
        "Resources:\n"
        "  Task:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      RuntimePlatform: {CpuArchitecture: !Ref Arch}\n"
        "      ContainerDefinitions: [{Name: a, Image: 'nginx:1', LogConfiguration: !Ref Arch}]\n"
    )
    task = load(template).task_definitions[0]
    assert is_unknown(task.cpu_architecture)
    assert is_unknown(task.containers[0].log_driver)


def test_resource_condition_false_skipped(tmp_path):
    template = tmp_path / "conditions.yaml"
    template.write_text(
        "Parameters:\n"
        "  Env: {Type: String, Default: dev}\n"
        "Conditions:\n"
        "  IsProd: !Equals [!Ref Env, prod]\n"
        "Resources:\n"
        "  ProdOnly:\n"
        "    Type: AWS::ECR::Repository\n"
        "    Condition: IsProd\n"
        "  Always:\n"
        "    Type: AWS::ECR::Repository\n"
    )
    assert [repository.name for repository in load(template).repositories] == ["Always"]


def test_metadata_suppression(tmp_path):
    template = tmp_path / "metadata.yaml"
    template.write_text(
        "Resources:\n"
        "  Web:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Metadata:\n"
        "      ecslint:\n"
        "        ignore: [ECS601, ecs502]\n"
        "    Properties:\n"
        "      ContainerDefinitions: [{Name: a, Image: 'nginx:1'}]\n"
    )
    assert load(template).resource_suppressions == {"Web": {"ECS601", "ECS502"}}


def test_nested_stack_comment_suppressions():
    model = load(DATA / "nested" / "parent.yaml")
    child = str(DATA / "nested" / "child.yaml")
    assert model.file_suppressions[child] == {24: {"ECS502"}}


# The shared corpus --------------------------------------------------------------------------


def _shared_templates() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = [p for kind in ("cfn", "sam") for p in (CORPUS / kind).rglob("*") if p.is_file()]
    found += CASES.glob("*/template.yaml")
    return sorted(p for p in found if p.suffix in (".yaml", ".yml", ".json"))


@requires_shared
@pytest.mark.parametrize("path", _shared_templates(), ids=lambda p: str(p.relative_to(SHARED)))
def test_shared_templates_load(path):
    result = load_file(str(path))
    assert result.errors == []
    assert len(result.models) == 1


REMOTE_NESTED = """
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Endpoints:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example-bucket.s3.amazonaws.com/endpoints.yaml
      Parameters: {VpcId: !Ref Vpc}
  Alarms:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example-bucket.s3.amazonaws.com/alarms.yaml
      Parameters: {Topic: ops}
"""


def test_unread_nested_stack_with_network_ids(tmp_path):
    path = tmp_path / "stack.yaml"
    path.write_text(REMOTE_NESTED)

    model = load_file(str(path)).models[0]

    noted = sorted(what.split(" is not read")[0] for _, what in model.unknowns)
    assert noted == ["nested stack Alarms", "nested stack Endpoints"]
    assert "vpc-endpoint" in model.incomplete


def test_unread_nested_stack_without_network_ids(tmp_path):
    path = tmp_path / "stack.yaml"
    path.write_text(REMOTE_NESTED.replace("{VpcId: !Ref Vpc}", "{Name: web}"))

    model = load_file(str(path)).models[0]

    assert model.incomplete == set()


REWRITTEN = """
Transform: [AWS::LanguageExtensions, {transform}]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: {{AssumeRolePolicyDocument: {{}}}}
  {foreach}:
    - Service
    - [ecr.api, ecr.dkr]
    - Endpoint${{Service}}:
        Type: AWS::EC2::VPCEndpoint
        Properties: {{VpcId: vpc-1}}
"""


@pytest.mark.parametrize(
    ("transform", "foreach", "noted"),
    [
        ("MyMacro", "Fn::ForEach::Endpoints", [2, 7]),
        ("AWS::Serverless-2016-10-31", "Fn::ForEach::Endpoints", [7]),
        ("MyMacro", "Other", [2]),
    ],
)
def test_macro_and_foreach_incomplete(tmp_path, transform, foreach, noted):
    path = tmp_path / "stack.yaml"
    path.write_text(REWRITTEN.format(transform=transform, foreach=foreach))

    model = load_file(str(path)).models[0]

    assert [location.line for location, _ in model.unknowns] == noted
    assert "vpc-endpoint" in model.incomplete
    assert [role.complete for role in model.roles] == [False]


def test_known_transforms_complete(tmp_path):
    path = tmp_path / "stack.yaml"
    text = REWRITTEN.format(transform="AWS::Serverless-2016-10-31", foreach="Other")
    path.write_text(text)

    model = load_file(str(path)).models[0]

    assert (model.unknowns, model.incomplete) == ([], set())
    assert [role.complete for role in model.roles] == [True]


def test_unknown_public_ip_and_policy_noted(tmp_path):
    from ecslint.rules import ALL_RULES
    from ecslint.scan import scan

    path = tmp_path / "stack.yaml"
    path.write_text(
        "Parameters:\n  Public: {Type: String}\n"
        "Conditions:\n  IsPublic: !Equals [!Ref Public, 'yes']\n"
        "Resources:\n"
        "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n"
        "      AssumeRolePolicyDocument: {}\n"
        "      ManagedPolicyArns: [arn:aws:iam::aws:policy/SomeFuturePolicy]\n"
        "  Service:\n    Type: AWS::ECS::Service\n    Properties:\n"
        "      NetworkConfiguration:\n        AwsvpcConfiguration:\n"
        "          AssignPublicIp: !If [IsPublic, ENABLED, DISABLED]\n"
    )

    result = scan([str(path)], [rule() for rule in ALL_RULES])

    notes = sorted(what.split(":")[0] for _, what in result.unknowns)
    assert notes == ["Role", "assignPublicIp", "launch type"]


def test_cdk_nested_stack_from_asset_path(tmp_path):
    """cdk synth names the local child in ``aws:asset:path``; TemplateURL points at S3."""
    parent = {
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
            "Svc": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {
                    "TemplateURL": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::URLSuffix"}]]},
                    "Parameters": {"VpcRef": {"Ref": "Vpc"}},
                },
                "Metadata": {"aws:asset:path": "ParentSvc.nested.template.json"},
            },
        }
    }
    child = {
        "Parameters": {"VpcRef": {"Type": "String"}},
        "Resources": {
            "Sg": {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": "svc", "VpcId": {"Ref": "VpcRef"}},
            }
        },
    }
    (tmp_path / "Parent.template.json").write_text(json.dumps(parent))
    (tmp_path / "ParentSvc.nested.template.json").write_text(json.dumps(child))

    model = load_file(str(tmp_path / "Parent.template.json")).models[0]

    assert [group.name for group in model.security_groups] == ["Sg"]
    assert model.security_groups[0].vpc is model.vpcs[0]
