"""Tests for the pull-permission rules ECS102 to ECS106 on models built in Python."""

from __future__ import annotations

from ecslint.model.values import Unknown
from ecslint.rules._permissions import SECRET_SUFFIX, secret_arn
from ecslint.rules.pull_permissions import (
    CredentialsSecretNotReadable,
    CrossAccountEcrImage,
    ExecutionRoleCannotPull,
    ExecutionRoleNotAssumable,
    InstanceRoleCannotPull,
    trust_decision,
)
from tests.rules.builders import (
    ACCOUNT,
    EXECUTION_POLICY,
    REPO_ARN,
    allow,
    auto_scaling_group,
    codes,
    container,
    kms_key,
    model,
    policy,
    role,
    secret_resource,
    task,
)

LOGS_ONLY = policy(allow(["logs:CreateLogStream", "logs:PutLogEvents"]))
ECR_PULL = policy(
    allow("ecr:GetAuthorizationToken"),
    allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], REPO_ARN),
)


# ECS102 execution-role-cannot-pull -------------------------------------------------------------


def test_pull_logs_only_role_flagged():
    findings = list(
        ExecutionRoleCannotPull().check(model(task(container(), execution=role(LOGS_ONLY))))
    )
    assert [finding.rule for finding in findings] == ["ECS102"]
    assert "`ecr:BatchGetImage`" in findings[0].message
    assert "`ecr:GetAuthorizationToken` on `*`" in findings[0].message
    assert findings[0].resource == "TaskDef"


def test_pull_managed_policy_passes():
    built = model(task(container(), execution=role(managed=(EXECUTION_POLICY,))))
    assert codes(ExecutionRoleCannotPull(), built) == []


def test_pull_inline_grant_on_repository_passes():
    assert (
        codes(ExecutionRoleCannotPull(), model(task(container(), execution=role(ECR_PULL)))) == []
    )


def test_pull_grant_on_other_repository_flagged():
    other = policy(
        allow("ecr:GetAuthorizationToken"),
        allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], REPO_ARN.replace("web", "api")),
    )
    findings = list(
        ExecutionRoleCannotPull().check(model(task(container(), execution=role(other))))
    )
    assert len(findings) == 1
    assert "`ecr:GetAuthorizationToken`" not in findings[0].message


def test_pull_conditional_grant_is_silent():
    conditional = policy(
        allow("ecr:*", Condition={"StringEquals": {"aws:SourceVpce": "vpce-1"}}),
    )
    assert (
        codes(ExecutionRoleCannotPull(), model(task(container(), execution=role(conditional))))
        == []
    )


def test_pull_unknown_managed_policy_is_silent():
    built = model(
        task(container(), execution=role(LOGS_ONLY, managed=("arn:aws:iam::aws:policy/Nope",)))
    )
    assert codes(ExecutionRoleCannotPull(), built) == []


def test_pull_role_outside_stack_is_silent():
    built = model(task(container(), execution=f"arn:aws:iam::{ACCOUNT}:role/outside"))
    assert codes(ExecutionRoleCannotPull(), built) == []


def test_pull_explicit_deny_flagged():
    denying = policy({"Effect": "Deny", "Action": "ecr:BatchGetImage", "Resource": "*"})
    findings = list(
        ExecutionRoleCannotPull().check(
            model(task(container(), execution=role(denying, managed=(EXECUTION_POLICY,))))
        )
    )
    assert len(findings) == 1
    assert "explicitly denies `ecr:BatchGetImage`" in findings[0].message


def test_pull_public_images_are_silent():
    built = model(
        task(
            container("nginx:1.27"),
            container("public.ecr.aws/nginx/nginx:1", name="b"),
            execution=role(LOGS_ONLY),
        )
    )
    assert codes(ExecutionRoleCannotPull(), built) == []


def test_pull_symbolic_repository_matches_symbolic_grant():
    image = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/web:1"
    symbolic = "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/web"
    grant = policy(
        allow("ecr:GetAuthorizationToken"),
        allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], symbolic),
    )
    assert (
        codes(ExecutionRoleCannotPull(), model(task(container(image), execution=role(grant)))) == []
    )
    assert codes(
        ExecutionRoleCannotPull(), model(task(container(image), execution=role(LOGS_ONLY)))
    ) == ["ECS102"]


def test_pull_literal_grant_on_symbolic_image_is_silent():
    image = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1"
    assert (
        codes(ExecutionRoleCannotPull(), model(task(container(image), execution=role(ECR_PULL))))
        == []
    )


# ECS103 execution-role-not-assumable -----------------------------------------------------------


def _trust(principal, action="sts:AssumeRole", **extra):
    return policy({"Effect": "Allow", "Principal": principal, "Action": action, **extra})


def test_trust_ecs_tasks_passes():
    assert trust_decision(_trust({"Service": "ecs-tasks.amazonaws.com"})).value == "allow"
    assert (
        trust_decision(_trust({"Service": ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]})).value
        == "allow"
    )


def test_trust_other_service_flagged():
    trusting_ecs = role(managed=(EXECUTION_POLICY,), trust=_trust({"Service": "ecs.amazonaws.com"}))
    findings = list(
        ExecutionRoleNotAssumable().check(model(task(container(), execution=trusting_ecs)))
    )
    assert [finding.rule for finding in findings] == ["ECS103"]
    assert "ExecRole" in findings[0].message


def test_trust_wrong_action_flagged():
    trust = _trust({"Service": "ecs-tasks.amazonaws.com"}, action="sts:TagSession")
    assert trust_decision(trust).value == "not_allowed"


def test_trust_unknown_or_conditional_is_silent():
    assert trust_decision(Unknown()).value == "unknown"
    assert trust_decision(_trust("*")).value == "unknown"
    assert trust_decision(_trust({"Service": "ecs-tasks.${AWS::URLSuffix}"})).value == "unknown"
    conditional = _trust(
        {"Service": "ecs-tasks.amazonaws.com"},
        Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    )
    assert trust_decision(conditional).value == "unknown"


def test_trust_explicit_deny_flagged():
    trust = policy(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
        },
        {"Effect": "Deny", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:*"},
    )
    assert trust_decision(trust).value == "deny"


# ECS104 instance-role-cannot-pull --------------------------------------------------------------


def _ec2_model(instance_role, **fields):
    return model(
        task(container(), compatibilities=[]),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], roles=[instance_role])],
        **fields,
    )


def test_instance_role_without_ecr_flagged():
    ssm_only = role(managed=("arn:aws:iam::aws:policy/AdministratorAccess",), name="InstanceRole")
    assert codes(InstanceRoleCannotPull(), _ec2_model(ssm_only)) == []
    bare = role(LOGS_ONLY, name="InstanceRole")
    findings = list(InstanceRoleCannotPull().check(_ec2_model(bare)))
    assert [finding.rule for finding in findings] == ["ECS104"]
    assert "InstanceRole" in findings[0].message


def test_instance_role_with_readonly_passes():
    read_only = role(
        managed=("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",), name="I"
    )
    assert codes(InstanceRoleCannotPull(), _ec2_model(read_only)) == []


def test_instance_role_skipped_with_execution_role_or_fargate():
    bare = role(LOGS_ONLY, name="InstanceRole")
    with_execution = model(
        task(container(), compatibilities=["EC2"], execution=role(LOGS_ONLY)),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], roles=[bare])],
    )
    assert codes(InstanceRoleCannotPull(), with_execution) == []
    fargate = model(
        task(container()), auto_scaling_groups=[auto_scaling_group(["m5.large"], roles=[bare])]
    )
    assert codes(InstanceRoleCannotPull(), fargate) == []


def test_instance_role_unknown_group_silent():
    bare = role(LOGS_ONLY, name="InstanceRole")
    unknown_role = model(
        task(container(), compatibilities=[]),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], roles=[Unknown()])],
    )
    assert codes(InstanceRoleCannotPull(), unknown_role) == []
    bastion = model(
        task(container(), compatibilities=[]),
        auto_scaling_groups=[
            auto_scaling_group(["t3.micro"], image_id="ami-0123456789abcdef0", roles=[bare])
        ],
    )
    assert codes(InstanceRoleCannotPull(), bastion) == []


# ECS105 credentials-secret-not-readable --------------------------------------------------------

CREDENTIALS = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:dockerhub-AbCdEf"


def test_credentials_not_readable_flagged():
    pulling = container("myorg/app:1.0", credentials_parameter=CREDENTIALS)
    findings = list(
        CredentialsSecretNotReadable().check(
            model(task(pulling, execution=role(managed=(EXECUTION_POLICY,))))
        )
    )
    assert [finding.rule for finding in findings] == ["ECS105"]
    assert "secretsmanager:GetSecretValue" in findings[0].message


def test_credentials_readable_passes():
    pulling = container("myorg/app:1.0", credentials_parameter=CREDENTIALS)
    grant = policy(allow("secretsmanager:GetSecretValue", CREDENTIALS))
    assert codes(CredentialsSecretNotReadable(), model(task(pulling, execution=role(grant)))) == []


def test_credentials_kms_key_of_stack_checked():
    pulling = container("myorg/app:1.0", credentials_parameter="${Credentials}")
    grant = policy(allow("secretsmanager:GetSecretValue", "*"))
    stored = secret_resource("${Credentials}", kms_key())
    built = model(task(pulling, execution=role(grant)), secrets=[stored])
    findings = list(CredentialsSecretNotReadable().check(built))
    assert len(findings) == 1
    assert "kms:Decrypt" in findings[0].message
    with_key = policy(allow(["secretsmanager:GetSecretValue", "kms:Decrypt"], "*"))
    assert (
        codes(
            CredentialsSecretNotReadable(),
            model(task(pulling, execution=role(with_key)), secrets=[stored]),
        )
        == []
    )


def test_partial_secret_arn_gets_unknown_suffix():
    partial = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db"
    assert secret_arn(partial) == f"{partial}-{SECRET_SUFFIX}"
    assert secret_arn(CREDENTIALS + ":password::") == CREDENTIALS


# ECS106 cross-account-ecr-image ---------------------------------------------------------------

OTHER_IMAGE = "210987654321.dkr.ecr.us-west-2.amazonaws.com/vendor-gateway:latest"


def test_cross_account_image_noted():
    built = model(task(container(OTHER_IMAGE), execution=f"arn:aws:iam::{ACCOUNT}:role/exec"))
    findings = list(CrossAccountEcrImage().check(built))
    assert [finding.rule for finding in findings] == ["ECS106"]
    assert str(findings[0].severity) == "note"
    assert "210987654321" in findings[0].message


def test_cross_account_same_account_passes():
    built = model(task(container(), execution=f"arn:aws:iam::{ACCOUNT}:role/exec"))
    assert codes(CrossAccountEcrImage(), built) == []


def test_cross_account_unknown_account_is_silent():
    assert codes(CrossAccountEcrImage(), model(task(container(OTHER_IMAGE)))) == []
    symbolic = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/exec"
    assert (
        codes(CrossAccountEcrImage(), model(task(container(OTHER_IMAGE), execution=symbolic))) == []
    )


def test_cross_account_two_accounts_is_silent():
    first = task(container(OTHER_IMAGE), execution=f"arn:aws:iam::{ACCOUNT}:role/exec")
    second = task(container(), execution="arn:aws:iam::111122223333:role/exec")
    assert codes(CrossAccountEcrImage(), model(first, second)) == []
