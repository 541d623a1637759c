"""Tests for ecslint.iam.managed and the AWS managed policy data file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecslint.iam.evaluate import Decision, evaluate
from ecslint.iam.managed import find_managed_policy, resolve_managed_policy, role_documents
from ecslint.model.iam import Role
from ecslint.model.values import Location, Unknown, is_unknown

DATA_FILE = Path(__file__).resolve().parents[2] / "ecslint" / "data" / "managed_policies.json"
ENTRIES = json.loads(DATA_FILE.read_text(encoding="utf-8"))["policies"]

EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
INSTANCE_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
REPO = "arn:aws:ecr:us-east-1:123456789012:repository/web"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web"
ECR_PULL = [
    ("ecr:GetAuthorizationToken", "*"),
    ("ecr:BatchCheckLayerAvailability", REPO),
    ("ecr:GetDownloadUrlForLayer", REPO),
    ("ecr:BatchGetImage", REPO),
]

EXPECTED_NAMES = {
    "AmazonECSTaskExecutionRolePolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonEC2ContainerRegistryPowerUser",
    "AmazonEC2ContainerRegistryFullAccess",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEC2ContainerServiceforEC2Role",
    "AmazonEC2ContainerServiceRole",
    "AmazonECS_FullAccess",
    "AdministratorAccess",
    "PowerUserAccess",
}


def make_role(**fields: object) -> Role:
    return Role(name="ExecutionRole", location=Location("template.yaml"), **fields)


def execution_policy() -> list[dict]:
    document = resolve_managed_policy(EXECUTION_POLICY)
    assert document is not None
    return [document]


@pytest.mark.parametrize(("action", "resource"), ECR_PULL)
def test_execution_policy_allows_pull(action: str, resource: str) -> None:
    assert evaluate(execution_policy(), action, resource) is Decision.ALLOW


def test_execution_policy_allows_log_stream() -> None:
    decision = evaluate(execution_policy(), "logs:CreateLogStream", f"{LOG_GROUP}:*")
    assert decision is Decision.ALLOW


def test_execution_policy_lacks_log_group() -> None:
    decision = evaluate(execution_policy(), "logs:CreateLogGroup", f"{LOG_GROUP}:*")
    assert decision is Decision.NOT_ALLOWED


def test_execution_policy_lacks_secrets() -> None:
    decision = evaluate(execution_policy(), "secretsmanager:GetSecretValue", SECRET)
    assert decision is Decision.NOT_ALLOWED


@pytest.mark.parametrize(("action", "resource"), ECR_PULL)
def test_instance_role_allows_pull(action: str, resource: str) -> None:
    document = resolve_managed_policy(INSTANCE_POLICY)
    assert document is not None
    assert evaluate([document], action, resource) is Decision.ALLOW


def test_partial_policy_unlisted_unknown() -> None:
    # The stored AmazonEC2ContainerServiceforEC2Role text is older than the current version.
    document = resolve_managed_policy(INSTANCE_POLICY)
    assert document is not None
    assert evaluate([document], "logs:CreateLogGroup", "*") is Decision.UNKNOWN


def test_partial_policy_copy_isolated() -> None:
    first = resolve_managed_policy(INSTANCE_POLICY)
    second = resolve_managed_policy(INSTANCE_POLICY)
    assert first is not None
    assert second is not None
    assert len(first["Statement"]) == len(second["Statement"])
    first["Statement"].clear()
    assert find_managed_policy(INSTANCE_POLICY).document["Statement"]


def test_administrator_allows_everything() -> None:
    document = resolve_managed_policy("arn:aws:iam::aws:policy/AdministratorAccess")
    assert document is not None
    assert evaluate([document], "secretsmanager:GetSecretValue", SECRET) is Decision.ALLOW


def test_power_user_lacks_iam() -> None:
    document = resolve_managed_policy("arn:aws:iam::aws:policy/PowerUserAccess")
    assert document is not None
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW
    assert evaluate([document], "iam:PassRole", "*") is Decision.NOT_ALLOWED


def test_read_only_lacks_push() -> None:
    document = resolve_managed_policy("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly")
    assert document is not None
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW
    assert evaluate([document], "ecr:PutImage", REPO) is Decision.NOT_ALLOWED


@pytest.mark.parametrize(
    "arn",
    [
        EXECUTION_POLICY,
        "arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy",
        "arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "arn:aws-us-gov:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    ],
)
def test_resolve_accepts_arn_forms(arn: str) -> None:
    found = find_managed_policy(arn)
    assert found is not None
    assert found.name == "AmazonECSTaskExecutionRolePolicy"


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/NoSuchPolicy",
        "arn:aws:iam::123456789012:policy/AmazonECSTaskExecutionRolePolicy",
        "arn:aws:iam::aws:policy/job-function/AmazonECSTaskExecutionRolePolicy",
        "AmazonECSTaskExecutionRolePolicy",
        "",
        Unknown(),
        None,
    ],
)
def test_resolve_rejects_unknown_arns(arn: object) -> None:
    assert resolve_managed_policy(arn) is None


def test_role_documents_expand_managed() -> None:
    inline = {"Version": "2012-10-17", "Statement": []}
    role = make_role(policies=[inline], managed_policy_arns=[EXECUTION_POLICY])
    documents = role_documents(role)
    assert documents[0] is inline
    assert documents[1] == resolve_managed_policy(EXECUTION_POLICY)
    assert len(documents) == 2


def test_role_documents_unknown_arn() -> None:
    role = make_role(managed_policy_arns=["arn:aws:iam::123456789012:policy/custom", Unknown()])
    documents = role_documents(role)
    assert len(documents) == 2
    assert all(is_unknown(document) for document in documents)


def test_role_documents_incomplete_role() -> None:
    role = make_role(managed_policy_arns=[EXECUTION_POLICY], complete=False)
    documents = role_documents(role)
    assert is_unknown(documents[-1])
    assert evaluate(documents, "logs:CreateLogGroup", "*") is Decision.UNKNOWN


def test_data_file_lists_expected_policies() -> None:
    assert {entry["name"] for entry in ENTRIES} == EXPECTED_NAMES


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["name"] for entry in ENTRIES])
def test_data_entry_fields(entry: dict) -> None:
    for field in ("arn", "document", "source", "retrieved"):
        assert entry.get(field), f"{entry['name']} has no {field}"
    assert entry["arn"].startswith("arn:aws:iam::aws:policy/")
    assert entry["arn"].endswith("/" + entry["name"])
    assert entry["source"].startswith("https://")
    assert isinstance(entry["document"]["Statement"], list)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["name"] for entry in ENTRIES])
def test_data_entry_resolves_by_arn(entry: dict) -> None:
    found = find_managed_policy(entry["arn"])
    assert found is not None
    assert found.name == entry["name"]
