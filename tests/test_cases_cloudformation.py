"""CloudFormation cases rebuilt from real failure reports: each gives its expected finding."""

from __future__ import annotations

from ecslint.rules import ALL_RULES
from ecslint.scan import scan
from tests.shared import CASES, requires_shared

pytestmark = requires_shared


def findings(case: str) -> list[tuple[str, int, str]]:
    """Return (rule, line, resource) of every finding on the case's template, sorted."""
    result = scan([str(CASES / case / "template.yaml")], [rule() for rule in ALL_RULES])
    assert result.errors == []
    return sorted(
        (finding.rule, finding.location.line, finding.resource) for finding in result.findings
    )


def test_public_subnet_public_ip_disabled():
    # The subnet routes to an internet gateway only, the task gets no public IP, and the VPC
    # has no ECR endpoints: no path to ECR.
    assert findings("01-public-subnet-public-ip-disabled") == [("ECS201", 80, "Service")]


def test_security_group_egress_blocks_https():
    # Inline SecurityGroupEgress replaces the default rule and allows only tcp/3306.
    assert findings("04-sg-egress-blocks-https") == [("ECS202", 12, "TaskSg")]


def test_endpoints_missing_s3_gateway():
    assert findings("06-endpoints-missing-s3-gateway") == [("ECS702", 85, "Service")]


def test_nacl_blocks_return_traffic():
    # The subnet is a parameter without a default. The service and the ACL association name
    # the same parameter, so the ACL is the service subnet's, although its routes are unknown.
    assert findings("08-nacl-blocks-return-traffic") == [("ECS205", 8, "AppNacl")]


def test_execution_role_cannot_pull():
    found = findings("09-exec-role-no-ecr-pull")
    assert ("ECS102", 42, "TaskDef") in found
    # Repo sets no ImageTagMutability, so its tags are MUTABLE: a true second finding.
    assert found == [("ECS102", 42, "TaskDef"), ("ECS305", 42, "TaskDef")]


def test_secret_value_not_json():
    # The valueFrom selects a JSON key of a secret whose SecretString is single-quoted, so
    # ECS cannot decode it. The finding is at the container's secret entry.
    assert findings("14-secret-value-not-json") == [("ECS808", 22, "TaskDef")]


def test_efs_mount_not_authorized():
    # IAM authorization mounts as TaskRole, whose only policy is for S3, and the file system
    # policy grants ClientMount to another role only. Reported at AuthorizationConfig.IAM.
    assert findings("25-efs-iam-no-clientmount") == [("ECS810", 50, "TaskDef")]
