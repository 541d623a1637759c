"""Explain every row of stopped-reasons.tsv and compare with the cause found in its report.

The file has the columns message, cause, source and basis. ``cause`` is either a code such
as ``NET_PRIVATE_NO_NAT_NO_ENDPOINTS`` followed by a note, or prose for reports that were
never resolved. EXPECTED_BY_CAUSE maps the cause column to the expected cause number and
kind. ACCEPTED_READINGS overrides that for rows whose message alone cannot show the cause
the report found, or whose report found no cause. Each entry gives its reason.

The path can be set with ECSLINT_STOPPED_REASONS. The module is skipped when the file is
missing.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from ecslint.explain import explain

TSV_PATH = Path(
    os.environ.get("ECSLINT_STOPPED_REASONS", "/work/shared/reference/stopped-reasons.tsv")
)

if not TSV_PATH.is_file():
    pytest.skip(
        f"stopped-reasons.tsv not found at {TSV_PATH}; set ECSLINT_STOPPED_REASONS to its path",
        allow_module_level=True,
    )

# The first regular expression that matches the start of the cause column gives the
# expected (cause, kind). Secret, log and start-up failures have no image-pull cause number.
EXPECTED_BY_CAUSE: list[tuple[str, int | None, str]] = [
    (r"NET_MISSING_S3_GATEWAY_ENDPOINT", 7, "s3-endpoint"),
    (r"NET_NO_PATH_TO_SECRETS", None, "secrets-network"),
    # NET, NET_PUBLIC_SUBNET_NO_PUBLIC_IP, NET_NO_DEFAULT_ROUTE, NET_NACL_BLOCKS_RETURN,
    # NET_PRIVATE_NO_NAT_NO_ENDPOINTS and NET_SG_EGRESS_BLOCKED.
    (r"NET\b|NET_", 2, "network-path"),
    (r"IAM_EXEC_ROLE_MISSING", 1, "missing-execution-role"),
    (r"IAM_EXEC_ROLE_NO_ECR_PULL|IAM/ECR access|403 from ECR", 1, "iam-pull-permissions"),
    (r"IAM_EXEC_ROLE_NO_SECRET_READ|IAM_SECRET_PARTIAL_ARN", None, "secrets-access"),
    (r"IAM_EXEC_ROLE_NO_KMS_DECRYPT", None, "kms-decrypt"),
    (r"IAM_EXEC_ROLE_NO_CREATE_LOG_GROUP", None, "log-group-create-permission"),
    (r"SECRET_NOT_FOUND", None, "secret-not-found"),
    (r"SECRET_REFERENCE_MALFORMED", None, "secret-reference"),
    (r"LOG_GROUP_MISSING", None, "log-group-missing"),
    (r"HOST_AGENT_CONFIG", None, "credentials-endpoint"),
    (r"IMAGE_WRONG_REGISTRY|IMAGE_TAG_NOT_FOUND|IMAGE_REPOSITORY_NOT_FOUND", 3, "image-not-found"),
    (r"IMAGE_MALFORMED_REFERENCE", 3, "image-reference"),
    (r"IMAGE_PLATFORM_MISMATCH", 4, "architecture"),
    (r"REGISTRY_RATE_LIMIT", 6, "docker-hub-rate-limit"),
    (r"DISK_SPACE", 5, "disk-space"),
    (r"START_COMMAND_SINGLE_STRING|executable missing in image", None, "command"),
    (r"START_EFS_MOUNT_DENIED", None, "efs"),
    (r"generic;", None, "container-exited"),
    (r"assignPublicIp on EC2 launch type", None, "public-ip-launch-type"),
]

# Rows read differently from their cause column, keyed by a substring of the message.
ACCEPTED_READINGS: list[tuple[str, int | None, str, str]] = [
    (
        "from secrets manager: RequestCanceled",
        None,
        "secrets-network",
        "The blocked egress showed first on the Secrets Manager call, so the message names "
        "the secrets path. Its advice also checks outbound TCP 443 (ECS202).",
    ),
    (
        "unable to get registry auth from asm",
        1,
        "registry-credentials",
        "Unresolved and cut off: the repositoryCredentials secret could not be read, and "
        "the advice covers both permission and network.",
    ),
    (
        "TaskFailedToStart: ResourceInitializationError",
        None,
        "secrets-access",
        "Unresolved and cut off before the error. The single try points to a client error "
        "such as access denied, not a timeout.",
    ),
    (
        "unable to retrieve secrets from ssm: service call has been retried 1 time...",
        None,
        "secrets-access",
        "The report found a parameter in another account, but the message is cut off "
        "before the error, and access denied reads the same. The advice checks existence.",
    ),
    (
        "ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker",
        4,
        "architecture",
        "The report names access, repository policy or network without choosing. The cause "
        "numbering behind the rules files this text under cause 4, and the advice names "
        "cause 1 as the other reading.",
    ),
    (
        "failed to find a descriptor for platform {linux/amd64}",
        4,
        "architecture",
        "The report found an OCI manifest that the platform version could not read. The "
        "text is the same as for a missing platform, and the advice starts by listing the "
        "platforms in the manifest.",
    ),
    (
        "Could not reach any registry endpoint",
        2,
        "network-path",
        "The report found a Docker Hub outage. From the task an outage looks like a network "
        "failure, and the advice says to check the registry's status.",
    ),
    (
        'exec: "/opt/sonarqube/bin/run.sh": stat',
        None,
        "command",
        "Unresolved. The report guesses an EFS volume mounted over the entry point, which "
        "the command advice mentions. The message shows only a missing executable.",
    ),
    (
        "CannotCreateVolumeError",
        None,
        "volume",
        "Unresolved. The message shows only that a volume could not be filled in time.",
    ),
]


def _read_rows() -> list[tuple[int, dict[str, str]]]:
    with TSV_PATH.open(encoding="utf-8", newline="") as handle:
        # A message that contains double quotes is itself quoted, CSV style, so the csv
        # module's default quoting is needed to read it back.
        reader = csv.DictReader(handle, delimiter="\t")
        # Line 1 is the header, so the first row is on line 2.
        return [(number, row) for number, row in enumerate(reader, start=2)]


def _expected(message: str, cause_column: str) -> tuple[int | None, str]:
    for substring, cause, kind, _reason in ACCEPTED_READINGS:
        if substring in message:
            return cause, kind
    for expression, cause, kind in EXPECTED_BY_CAUSE:
        if re.match(expression, cause_column):
            return cause, kind
    raise AssertionError(f"no expected cause for cause column {cause_column!r}")


ROWS = _read_rows()


def test_tsv_has_expected_columns():
    with TSV_PATH.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
    assert header[:2] == ["message", "cause"]


def test_every_accepted_reading_is_used():
    messages = [row["message"] for _, row in ROWS]
    for substring, *_ in ACCEPTED_READINGS:
        assert any(substring in message for message in messages), substring


@pytest.mark.parametrize(("line", "row"), ROWS, ids=[f"line{number}" for number, _ in ROWS])
def test_row_matches_expected_cause(line, row):
    expected_cause, expected_kind = _expected(row["message"], row["cause"])
    explanation = explain(row["message"])
    assert explanation.kind == expected_kind, f"line {line}: {row['cause']}"
    assert explanation.cause == expected_cause, f"line {line}: {row['cause']}"
    assert explanation.confirm
    assert explanation.fix
