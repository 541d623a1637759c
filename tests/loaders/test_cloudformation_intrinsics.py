"""Intrinsic functions of CloudFormation, one by one, through the loader's resolver."""

from __future__ import annotations

import textwrap

import pytest

from ecslint.loaders.cloudformation.decode import decode_template
from ecslint.loaders.cloudformation.intrinsics import Resolver
from ecslint.loaders.cloudformation.references import ResourceRef
from ecslint.model.values import has_placeholder, is_unknown

TEMPLATE = """\
Parameters:
  Env:
    Type: String
    Default: prod
  Tag:
    Type: String
    Default: "1.4"
  NoDefault:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: subnet-a, subnet-b
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id
Mappings:
  Sizes:
    prod: {Cpu: "1024"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]
  ProdAndDev: !And [!Condition IsProd, !Condition IsDev]
  Unknowable: !Equals [!Ref NoDefault, x]
  ByRegion: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
  Unnamed:
    Type: AWS::ECR::Repository
  Role:
    Type: AWS::IAM::Role
"""


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(decode_template(TEMPLATE))


def resolve(resolver: Resolver, expression: str):
    """Resolve one value written in YAML with short-form tags."""
    document = decode_template(textwrap.dedent(f"Value: {expression}\n"))
    return resolver.resolve(document["Value"])


def test_ref_parameter_default(resolver):
    assert resolve(resolver, "!Ref Env") == "prod"


def test_ref_parameter_without_default_unknown(resolver):
    value = resolve(resolver, "!Ref NoDefault")
    assert is_unknown(value)
    assert "no default" in value.reason


def test_ref_ssm_parameter_unknown(resolver):
    assert is_unknown(resolve(resolver, "!Ref Ami"))


def test_ssm_parameter_path_kept(resolver):
    node = decode_template("Value: !Ref Ami\n")["Value"]
    assert resolver.ssm_parameter_path(node) == (
        "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
    )


def test_list_parameter_split(resolver):
    assert resolve(resolver, "!Ref Subnets") == ["subnet-a", "subnet-b"]


def test_pseudo_parameters_symbolic(resolver):
    for name in ("AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix"):
        assert resolve(resolver, f'!Ref "{name}"') == "${" + name + "}"


def test_ref_resource_gives_reference(resolver):
    value = resolve(resolver, "!Ref Repo")
    assert isinstance(value, ResourceRef)
    assert value.logical_id == "Repo"


def test_get_att_both_forms(resolver):
    dotted = resolve(resolver, "!GetAtt Repo.RepositoryUri")
    listed = resolve(resolver, "{Fn::GetAtt: [Repo, RepositoryUri]}")
    assert (dotted.logical_id, dotted.attribute) == ("Repo", "RepositoryUri")
    assert (listed.logical_id, listed.attribute) == ("Repo", "RepositoryUri")


def test_sub_string_form(resolver):
    value = resolve(
        resolver, '!Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${Repo}:${Tag}"'
    )
    assert value == "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/api:1.4"
    assert [ref.logical_id for ref in value.refs.values()] == ["Repo"]


def test_sub_list_form(resolver):
    value = resolve(resolver, '!Sub ["${Uri}:${Tag}", {Uri: !GetAtt Repo.RepositoryUri}]')
    assert value == "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/api:1.4"


def test_sub_unnamed_resource_placeholder(resolver):
    value = resolve(resolver, '!Sub "${Unnamed}:1"')
    assert value == "${Unnamed}:1"
    assert has_placeholder(value)


def test_sub_literal_dollar(resolver):
    assert resolve(resolver, '!Sub "${!Literal}-${Env}"') == "${Literal}-prod"


def test_sub_unknown_parameter_placeholder(resolver):
    assert resolve(resolver, '!Sub "nginx:${NoDefault}"') == "nginx:${NoDefault}"


def test_join(resolver):
    assert resolve(resolver, '!Join ["-", [a, !Ref Env, "2"]]') == "a-prod-2"


def test_join_of_unknowns_unknown(resolver):
    assert is_unknown(resolve(resolver, '!Join ["", [!ImportValue x]]'))


def test_select(resolver):
    assert resolve(resolver, "!Select [1, !Ref Subnets]") == "subnet-b"


def test_select_from_get_azs_unknown(resolver):
    assert is_unknown(resolve(resolver, '!Select [0, !GetAZs ""]'))


def test_split(resolver):
    assert resolve(resolver, '!Split [",", "a,b,c"]') == ["a", "b", "c"]


def test_split_gives_back_references(resolver):
    value = resolve(resolver, '!Split [",", !Sub "${Repo},${Unnamed}"]')
    assert [item.logical_id for item in value] == ["Repo", "Unnamed"]


def test_find_in_map(resolver):
    assert resolve(resolver, "!FindInMap [Sizes, !Ref Env, Cpu]") == "1024"


def test_find_in_map_missing_unknown(resolver):
    assert is_unknown(resolve(resolver, "!FindInMap [Sizes, dev, Cpu]"))


def test_find_in_map_default_value(resolver):
    assert resolve(resolver, "!FindInMap [Sizes, dev, Cpu, {DefaultValue: '256'}]") == "256"


def test_if_with_conditions_from_defaults(resolver):
    assert resolve(resolver, "!If [IsProd, big, small]") == "big"
    assert resolve(resolver, "!If [IsDev, big, small]") == "small"


def test_conditions_and_or(resolver):
    assert resolver.condition("ProdOrDev") is True
    assert resolver.condition("ProdAndDev") is False


def test_condition_on_unknown_values(resolver):
    assert is_unknown(resolver.condition("Unknowable"))
    assert is_unknown(resolver.condition("ByRegion"))
    assert is_unknown(resolve(resolver, "!If [Unknowable, a, b]"))


def test_if_no_value_removes_key(resolver):
    assert resolve(resolver, '{A: !If [IsProd, !Ref "AWS::NoValue", x], B: 1}') == {"B": 1}


def test_import_value_unknown(resolver):
    value = resolve(resolver, "!ImportValue shared-vpc")
    assert is_unknown(value)


def test_dynamic_reference_unknown(resolver):
    assert is_unknown(resolve(resolver, '"{{resolve:ssm:/app/image}}"'))


def test_base64_keeps_text(resolver):
    assert resolve(resolver, '!Base64 {"Fn::Sub": "env=${Env}"}') == "env=prod"


def test_unknown_function_unknown(resolver):
    assert is_unknown(resolve(resolver, "!Cidr [10.0.0.0/16, 2, 8]"))
