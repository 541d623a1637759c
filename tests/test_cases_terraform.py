"""Terraform cases rebuilt from real failure reports: each gives its expected finding."""

from __future__ import annotations

from ecslint.rules import ALL_RULES
from ecslint.scan import scan
from tests.shared import CASES, requires_shared

pytestmark = requires_shared


def _findings(case: str) -> list[tuple[str, int, str]]:
    result = scan([str(CASES / case)], [rule() for rule in ALL_RULES])
    assert result.errors == []
    assert {finding.location.path for finding in result.findings} <= {str(CASES / case / "main.tf")}
    return sorted(
        (finding.rule, finding.location.line, finding.resource) for finding in result.findings
    )


def test_private_subnet_without_nat_or_endpoints():
    # No default route and no ECR endpoints: the service's only subnet cannot reach ECR.
    # The secret is a Secrets Manager secret of the same configuration, so its endpoint is
    # needed too, although its ARN is known only after deployment.
    assert _findings("03-private-subnet-no-nat-no-endpoints") == [
        ("ECS201", 61, "aws_ecs_service.app"),
        ("ECS807", 61, "aws_ecs_service.app"),
    ]


def test_secret_key_without_kms_decrypt():
    assert _findings("12-secret-cmk-no-kms-decrypt") == [
        ("ECS806", 51, "aws_ecs_task_definition.app"),
    ]


def test_awslogs_create_group_without_permission():
    assert _findings("15-awslogs-create-group-no-permission") == [
        ("ECS804", 42, "aws_ecs_task_definition.svc"),
    ]


def test_cross_account_ecr_image():
    # The other account's repository policy is not in the files, so the pull is a note, and
    # the `latest` tag a warning of its own.
    assert _findings("22-cross-account-ecr-image") == [
        ("ECS106", 17, "aws_ecs_task_definition.gateway"),
        ("ECS302", 17, "aws_ecs_task_definition.gateway"),
    ]


def test_efs_root_directory_missing():
    # The configuration creates the file system, which starts empty, and no access point
    # creates /grafana. The Docker Hub image (grafana/grafana-oss) is pulled without
    # credentials, a second true finding.
    assert _findings("26-efs-root-directory-missing") == [
        ("ECS601", 25, "aws_ecs_task_definition.grafana"),
        ("ECS809", 18, "aws_ecs_task_definition.grafana"),
    ]
