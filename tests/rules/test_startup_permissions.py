"""Tests for the execution-role rules for logs and secrets, ECS803 to ECS806."""

from __future__ import annotations

from ecslint.model.values import Unknown
from ecslint.rules._permissions import secret_request
from ecslint.rules.startup_permissions import (
    AwslogsCreateGroupNotAllowed,
    ExecutionRoleCannotReadSecret,
    ExecutionRoleCannotWriteLogs,
    SecretKeyNotDecryptable,
)
from tests.rules.builders import (
    ACCOUNT,
    EXECUTION_POLICY,
    allow,
    codes,
    container,
    kms_key,
    model,
    policy,
    role,
    secret,
    secret_resource,
    task,
)

OPTIONS = {
    "awslogs-group": "/ecs/web",
    "awslogs-region": "us-east-1",
    "awslogs-stream-prefix": "web",
}
ECR_ONLY = policy(
    allow(["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
)
SECRET_ARN = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"
PARTIAL_ARN = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db"


def logging_container(**options):
    return container(log_driver="awslogs", log_options={**OPTIONS, **options})


# ECS803 execution-role-cannot-write-logs -------------------------------------------------------


def test_logs_missing_flagged():
    findings = list(
        ExecutionRoleCannotWriteLogs().check(
            model(task(logging_container(), execution=role(ECR_ONLY)))
        )
    )
    assert [finding.rule for finding in findings] == ["ECS803"]
    assert "`logs:CreateLogStream`, `logs:PutLogEvents`" in findings[0].message
    assert "log-group:/ecs/web" in findings[0].message


def test_logs_managed_policy_passes():
    built = model(task(logging_container(), execution=role(managed=(EXECUTION_POLICY,))))
    assert codes(ExecutionRoleCannotWriteLogs(), built) == []


def test_logs_grant_on_group_streams_passes():
    streams = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/web:*"
    grant = policy(allow(["logs:CreateLogStream", "logs:PutLogEvents"], streams))
    assert (
        codes(
            ExecutionRoleCannotWriteLogs(), model(task(logging_container(), execution=role(grant)))
        )
        == []
    )


def test_logs_grant_on_other_group_flagged():
    other = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/api:*"
    grant = policy(allow(["logs:CreateLogStream", "logs:PutLogEvents"], other))
    assert codes(
        ExecutionRoleCannotWriteLogs(), model(task(logging_container(), execution=role(grant)))
    ) == ["ECS803"]


def test_logs_unknown_group_or_driver_is_silent():
    unknown_options = container(log_driver="awslogs", log_options=Unknown())
    assert (
        codes(
            ExecutionRoleCannotWriteLogs(), model(task(unknown_options, execution=role(ECR_ONLY)))
        )
        == []
    )
    json_file = container(log_driver="json-file", log_options=dict(OPTIONS))
    assert (
        codes(ExecutionRoleCannotWriteLogs(), model(task(json_file, execution=role(ECR_ONLY))))
        == []
    )


# ECS804 awslogs-create-group-not-allowed -------------------------------------------------------


def test_create_group_without_permission_flagged():
    writes = policy(allow(["logs:CreateLogStream", "logs:PutLogEvents"]))
    built = model(
        task(logging_container(**{"awslogs-create-group": "true"}), execution=role(writes))
    )
    assert codes(AwslogsCreateGroupNotAllowed(), built) == ["ECS804"]


def test_create_group_managed_policy_flagged():
    built = model(
        task(
            logging_container(**{"awslogs-create-group": "True"}),
            execution=role(managed=(EXECUTION_POLICY,)),
        )
    )
    assert codes(AwslogsCreateGroupNotAllowed(), built) == ["ECS804"]


def test_create_group_allowed_or_unset_passes():
    grant = policy(allow("logs:*", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/web*"))
    built = model(
        task(logging_container(**{"awslogs-create-group": "true"}), execution=role(grant))
    )
    assert codes(AwslogsCreateGroupNotAllowed(), built) == []
    unset = model(task(logging_container(), execution=role(ECR_ONLY)))
    assert codes(AwslogsCreateGroupNotAllowed(), unset) == []


# ECS805 execution-role-cannot-read-secret ------------------------------------------------------


def _secret_model(value_from, grant):
    return model(
        task(
            container(secrets=[secret(value_from)]),
            execution=role(grant, managed=(EXECUTION_POLICY,)),
        )
    )


def test_secret_not_granted_flagged():
    findings = list(ExecutionRoleCannotReadSecret().check(_secret_model(SECRET_ARN, ECR_ONLY)))
    assert [finding.rule for finding in findings] == ["ECS805"]
    assert "secretsmanager:GetSecretValue" in findings[0].message


def test_secret_json_key_reduced_before_matching():
    grant = policy(allow("secretsmanager:GetSecretValue", SECRET_ARN))
    assert (
        codes(ExecutionRoleCannotReadSecret(), _secret_model(SECRET_ARN + ":password::", grant))
        == []
    )


def test_partial_arn_grant_does_not_match():
    # The request is authorized against the full ARN db-XXXXXX, which "secret:db" does not match.
    grant = policy(allow("secretsmanager:GetSecretValue", PARTIAL_ARN))
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model(PARTIAL_ARN, grant)) == ["ECS805"]


def test_partial_arn_with_suffix_wildcard_passes():
    grant = policy(allow("secretsmanager:GetSecretValue", PARTIAL_ARN + "-*"))
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model(PARTIAL_ARN, grant)) == []


def test_partial_arn_against_exact_full_arn_is_silent():
    # The secret's real suffix is unknown, so a grant on one full ARN may or may not match.
    grant = policy(allow("secretsmanager:GetSecretValue", SECRET_ARN))
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model(PARTIAL_ARN, grant)) == []


def test_ssm_parameter_name_in_same_region():
    action, resource = secret_request("/app/db-password")
    assert action == "ssm:GetParameters"
    assert resource.endswith(":parameter/app/db-password")
    grant = policy(allow("ssm:GetParameters", f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/other"))
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model("/app/db-password", grant)) == [
        "ECS805"
    ]
    everything = policy(allow("ssm:GetParameters", "*"))
    assert (
        codes(ExecutionRoleCannotReadSecret(), _secret_model("/app/db-password", everything)) == []
    )


def test_secret_placeholder_is_silent_without_stack_secret():
    assert secret_request("${DbSecret}") is None
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model("${DbSecret}", ECR_ONLY)) == []


def test_stack_secret_reference_checked():
    built = _secret_model("${DbSecret}", ECR_ONLY)
    built.secrets = [secret_resource("${DbSecret}")]
    assert codes(ExecutionRoleCannotReadSecret(), built) == ["ECS805"]


# ECS806 secret-key-not-decryptable -------------------------------------------------------------


def _kms_model(grant):
    stored = secret_resource("${Secret}", kms_key())
    reading = container(secrets=[secret("${Secret}:password::")])
    return model(
        task(reading, execution=role(grant, managed=(EXECUTION_POLICY,))), secrets=[stored]
    )


def test_kms_decrypt_missing_flagged():
    grant = policy(allow("secretsmanager:GetSecretValue", "*"))
    findings = list(SecretKeyNotDecryptable().check(_kms_model(grant)))
    assert [finding.rule for finding in findings] == ["ECS806"]
    assert "`Key`" in findings[0].message


def test_kms_decrypt_granted_passes():
    grant = policy(allow(["secretsmanager:GetSecretValue", "kms:Decrypt"], "*"))
    assert codes(SecretKeyNotDecryptable(), _kms_model(grant)) == []


def test_kms_decrypt_on_opaque_key_reference_is_silent():
    grant = policy(allow("kms:Decrypt", "${Key.Arn}"))
    assert codes(SecretKeyNotDecryptable(), _kms_model(grant)) == []


def test_kms_key_outside_stack_is_silent():
    stored = secret_resource("${Secret}", None)
    stored.kms_key = "arn:aws:kms:us-east-1:123456789012:key/abc"
    built = model(
        task(container(secrets=[secret("${Secret}")]), execution=role(ECR_ONLY)), secrets=[stored]
    )
    assert codes(SecretKeyNotDecryptable(), built) == []


def test_uuid_reference_tokens_are_unknown():
    # The Terraform loader may write a computed reference as the resource's UUID.
    token = "330fbc7a-c2bf-46ac-b51c-7f20f2dcecf5"
    assert secret_request(token) is None
    grant = policy(allow("secretsmanager:GetSecretValue", token))
    assert codes(ExecutionRoleCannotReadSecret(), _secret_model(SECRET_ARN, grant)) == []
    logs = policy(
        allow(
            ["logs:CreateLogStream", "logs:PutLogEvents"], f"arn:aws:logs:*:*:log-group:{token}:*"
        )
    )
    built = model(task(logging_container(), execution=role(logs)))
    assert codes(ExecutionRoleCannotWriteLogs(), built) == []


def test_ssm_read_fix_has_no_secrets_manager_hint():
    from ecslint.rules.startup_permissions import _read_fix

    fix = _read_fix("ssm:GetParameters", "arn:aws:ssm:us-east-1:1:parameter/x", "exec")

    assert fix == "allow ssm:GetParameters on `arn:aws:ssm:us-east-1:1:parameter/x` for `exec`"
