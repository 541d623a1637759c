"""Cause 1: the role that pulls the image lacks the ECR, Secrets Manager or KMS permissions.

Each rule evaluates the policies of a role that the same stack or configuration defines. A role
named only by ARN, a managed policy that ecslint does not store, a statement with a condition
or a placeholder it cannot resolve makes the result unknown, and the rule stays silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.iam import Decision, evaluate
from ecslint.model import Container, Model, TaskDefinition, Unknown
from ecslint.model.iam import Role
from ecslint.model.registry import KmsKey, SecretResource
from ecslint.model.values import has_placeholder, is_unknown
from ecslint.rules._helpers import images
from ecslint.rules._permissions import (
    ACCOUNT,
    ECR_PULL_ACTIONS,
    PARTITION,
    REGION,
    SECRET_SUFFIX,
    EcrRepository,
    denied,
    describe_denied,
    ecr_repository,
    execution_role,
    mask_references,
    secret_arn,
)
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.capacity import ecs_auto_scaling_groups, runs_on_ec2

ECS_TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com"
_ROLE_ARN_ACCOUNT = re.compile(r"^arn:[^:]+:iam::([0-9]{12}):role/")


def pull_requests(repository: EcrRepository) -> list[tuple[str, str]]:
    """Return the (action, resource) pairs an ECR pull needs, per the ECR user guide's
    "Using Amazon ECR images with Amazon ECS" (2025)."""
    return [("ecr:GetAuthorizationToken", "*")] + [
        (action, repository.arn) for action in ECR_PULL_ACTIONS
    ]


def ecr_images(task: TaskDefinition) -> Iterator[tuple[Container, str, EcrRepository]]:
    """Yield each container that pulls from private ECR, its image text and its repository."""
    for container, image in images(task):
        repository = ecr_repository(image)
        if repository is not None:
            yield container, image.text, repository


class ExecutionRoleCannotPull(Rule):
    """Execution role without the ECR actions an image pull needs.

    ## What it does
    Evaluates the policies of the task execution role, when the same stack defines it, for the
    three actions the ECR user guide lists for ECS pulls: `ecr:GetAuthorizationToken` on `*`, and
    `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on each private ECR image's repository
    ARN. Inline, customer managed and the stored AWS managed policies count, with wildcards,
    `NotAction`, `NotResource` and explicit `Deny`. The execution role pulls on Fargate and
    EXTERNAL, and on EC2 whenever one is set.

    ## Why it fails the task
    ECS authenticates to ECR with the execution role. Without these actions the pull fails with
    `CannotPullContainerError: ... pull access denied` or "The task can't pull the image. Check
    that the role has the permissions to pull images from the registry".

    ## Example
    ```yaml
    ExecRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]}
        Policies:
          - PolicyName: logs-only
            PolicyDocument: {Statement: [{Effect: Allow, Action: [logs:CreateLogStream, logs:PutLogEvents], Resource: "*"}]}
    ```

    ## Use instead
    ```yaml
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
    ```

    ## Known problems
    The repository policy of a repository in another account is not read (ECS106 notes those).
    `ecr:BatchCheckLayerAvailability`, which the managed policies also grant, is not required.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    code = "ECS102"
    name = "execution-role-cannot-pull"
    cause = 1
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            role = execution_role(task)
            if role is None:
                continue
            for container, image, repository in ecr_images(task):
                found = denied(role, pull_requests(repository))
                if not found:
                    continue
                yield self.report(
                    container,
                    "image",
                    f'Container `{container.name}` pulls "{image}" with execution role '
                    f"`{role.name}`, which {describe_denied(found)}",
                    f"attach the AmazonECSTaskExecutionRolePolicy managed policy to `{role.name}`, "
                    "or allow ecr:GetAuthorizationToken on * and ecr:BatchGetImage and "
                    "ecr:GetDownloadUrlForLayer on the repository",
                    resource=task.name,
                )


def trust_decision(trust_policy: object) -> Decision:
    """Return whether a trust policy lets ECS tasks (``ecs-tasks.amazonaws.com``) assume the role.

    Principals are matched here, then the statements are evaluated for ``sts:AssumeRole``. A
    statement whose principal may or may not match counts like one with a condition.
    """
    if not isinstance(trust_policy, dict):
        return Decision.UNKNOWN
    statements = trust_policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return Decision.UNKNOWN
    derived = []
    for statement in statements:
        if not isinstance(statement, dict):
            return Decision.UNKNOWN
        principal = _principal_match(statement)
        if principal == "no":
            continue
        copy = {key: value for key, value in statement.items() if key != "Principal"}
        copy["Resource"] = "*"
        if principal == "maybe":
            copy["Condition"] = Unknown("the principal may or may not be ECS tasks")
        derived.append(copy)
    return evaluate([{"Statement": derived}], "sts:AssumeRole", "*")


def _principal_match(statement: dict) -> str:
    """Return "yes", "no" or "maybe": does the statement name the ECS tasks service?"""
    if "NotPrincipal" in statement or "Principal" not in statement:
        return "maybe"
    principal = statement["Principal"]
    if principal == "*":
        return "maybe"
    if not isinstance(principal, dict):
        return "maybe"
    if principal.get("AWS") == "*" or any(is_unknown(value) for value in principal.values()):
        return "maybe"
    services = principal.get("Service", [])
    services = [services] if isinstance(services, str) else services
    if not isinstance(services, list) or not all(isinstance(item, str) for item in services):
        return "maybe"
    if ECS_TASKS_PRINCIPAL in services:
        return "yes"
    return "maybe" if any(has_placeholder(item) for item in services) else "no"


class ExecutionRoleNotAssumable(Rule):
    """Execution role whose trust policy does not let ECS tasks assume it.

    ## What it does
    Reads the trust policy (`AssumeRolePolicyDocument`, `assume_role_policy`) of a task
    execution role that the same stack defines, and flags it when no statement allows the
    service principal `ecs-tasks.amazonaws.com` to `sts:AssumeRole`, or a statement denies it.

    ## Why it fails the task
    ECS gets the execution role's credentials by assuming it as `ecs-tasks.amazonaws.com`. A role
    that trusts another service (often `ecs.amazonaws.com` or `ec2.amazonaws.com`) cannot be
    assumed, and the task stops before the pull with `ECS was unable to assume the role` or a
    `CannotPullContainerError` for lack of credentials.

    ## Example
    ```yaml
    AssumeRolePolicyDocument:
      Statement:
        - {Effect: Allow, Principal: {Service: ecs.amazonaws.com}, Action: sts:AssumeRole}
    ```

    ## Use instead
    ```yaml
    AssumeRolePolicyDocument:
      Statement:
        - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    code = "ECS103"
    name = "execution-role-not-assumable"
    cause = 1
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            role = execution_role(task)
            if role is None:
                continue
            decision = trust_decision(role.trust_policy)
            if decision not in (Decision.NOT_ALLOWED, Decision.DENY):
                continue
            verb = "denies" if decision is Decision.DENY else "does not allow"
            yield self.report(
                task,
                "executionRoleArn",
                f"The trust policy of execution role `{role.name}` {verb} "
                f"`{ECS_TASKS_PRINCIPAL}` to `sts:AssumeRole`",
                f"add a statement to the trust policy of `{role.name}` that allows the service "
                f"principal {ECS_TASKS_PRINCIPAL} the action sts:AssumeRole",
            )


def instance_roles(model: Model) -> list[Role] | None:
    """Return the roles of the container instances, or None when any of them is unknown."""
    groups = ecs_auto_scaling_groups(model)
    if not groups:
        return None
    roles: list[Role] = []
    for group in groups:
        template = group.launch_template
        profile = getattr(template, "instance_profile", None)
        members = getattr(profile, "roles", None)
        if is_unknown(template) or not isinstance(members, list) or not members:
            return None
        if not all(isinstance(role, Role) for role in members):
            return None
        roles.extend(members)
    return roles


class InstanceRoleCannotPull(Rule):
    """EC2 task without an execution role whose container-instance role cannot pull from ECR.

    ## What it does
    Checks EC2 task definitions without `executionRoleArn` that pull a private ECR image. The
    rule takes the roles of the instance profiles of the stack's ECS Auto Scaling groups and
    evaluates the same ECR actions as ECS102: `ecr:GetAuthorizationToken` on `*`, and
    `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on the repository. It fires only when
    every container-instance role lacks one of them. `AmazonEC2ContainerServiceforEC2Role` and
    `AmazonEC2ContainerRegistryReadOnly` grant them.

    ## Why it fails the task
    Without an execution role the ECS agent pulls with the container instance's credentials.
    The pull fails with `CannotPullContainerError: ... pull access denied` or `no basic auth
    credentials`.

    ## Example
    An instance role whose only policy is an inline one allowing `ssm:UpdateInstanceInformation`
    and `ecs:RegisterContainerInstance`, and an EC2 task definition without an execution role
    pulling `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0`. (A managed policy that
    ecslint does not store, such as AmazonSSMManagedInstanceCore, makes the role unknown.)

    ## Use instead
    Attach `arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role` to the
    instance role, or give the task an execution role with AmazonECSTaskExecutionRolePolicy.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
    """

    code = "ECS104"
    name = "instance-role-cannot-pull"
    cause = 1
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        roles = instance_roles(model)
        if not roles:
            return
        for task in model.task_definitions:
            if task.execution_role is not None or not runs_on_ec2(task):
                continue
            for container, image, repository in ecr_images(task):
                denials = [denied(role, pull_requests(repository)) for role in roles]
                if not all(denials):
                    continue
                names = ", ".join(f"`{role.name}`" for role in roles)
                yield self.report(
                    container,
                    "image",
                    f'Container `{container.name}` pulls "{image}" with the container-instance '
                    f"role {names}, which {describe_denied(denials[0])}",
                    "attach the AmazonEC2ContainerServiceforEC2Role managed policy to the "
                    "container-instance role, or set an execution role on the task definition",
                    resource=task.name,
                )


def find_secret(model: Model, value_from: str) -> SecretResource | None:
    """Return the secret of the model that ``value_from`` names, matched by its ARN text."""
    for secret in model.secrets:
        arn = secret.arn
        if not isinstance(arn, str) or not arn:
            continue
        if value_from == arn or value_from.startswith(arn + ":"):
            return secret
    return None


def key_arn(key: KmsKey) -> str:
    """Return a KMS key's ARN, or a pattern with its unknown key id in place."""
    if isinstance(key.arn, str) and key.arn:
        return key.arn
    return f"arn:{PARTITION}:kms:{REGION}:{ACCOUNT}:key/${{{key.name}}}"


def secrets_manager_request(value: str) -> tuple[str, str] | None:
    """Return GetSecretValue on the secret a credentials parameter (ARN or name) names."""
    value = mask_references(value)
    if value.startswith("arn:"):
        if ":secretsmanager:" not in value:
            return None
        return "secretsmanager:GetSecretValue", secret_arn(value)
    if has_placeholder(value):
        return None
    arn = f"arn:{PARTITION}:secretsmanager:{REGION}:{ACCOUNT}:secret:{value}-{SECRET_SUFFIX}"
    return "secretsmanager:GetSecretValue", arn


class CredentialsSecretNotReadable(Rule):
    """Registry credentials secret that the execution role cannot read.

    ## What it does
    For a container with `repositoryCredentials`, evaluates the execution role (when the same
    stack defines it) for `secretsmanager:GetSecretValue` on the `credentialsParameter` secret.
    When the secret is encrypted with a customer managed KMS key of the same stack, it also
    evaluates `kms:Decrypt` on that key.

    ## Why it fails the task
    ECS reads the registry user name and password with the execution role before it pulls. If
    it cannot, the task stops with `ResourceInitializationError: unable to pull secrets or
    registry auth: ... AccessDeniedException`.

    ## Example
    An execution role with only AmazonECSTaskExecutionRolePolicy, which grants no Secrets
    Manager action, and `RepositoryCredentials: {CredentialsParameter: !Ref DockerHubSecret}`.

    ## Use instead
    Allow `secretsmanager:GetSecretValue` on the secret ARN (and `kms:Decrypt` on its key) in an
    inline policy of the execution role.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
    """

    code = "ECS105"
    name = "credentials-secret-not-readable"
    cause = 1
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            role = execution_role(task)
            if role is None:
                continue
            for container in task.known_containers():
                value = container.credentials_parameter
                if not isinstance(value, str) or not value:
                    continue
                found = denied(role, credentials_requests(model, value))
                if not found:
                    continue
                yield self.report(
                    container,
                    "repositoryCredentials",
                    f"Container `{container.name}` reads its registry credentials with "
                    f"execution role `{role.name}`, which {describe_denied(found)}",
                    f"allow {', '.join(sorted({action for action, _, _ in found}))} on the "
                    f"secret for `{role.name}`",
                    resource=task.name,
                )


def credentials_requests(model: Model, value: str) -> list[tuple[str, str]]:
    """Return what reading a credentials secret needs, with the key of a stack secret."""
    secret = find_secret(model, value)
    request = secrets_manager_request(value)
    if request is None and secret is not None:
        # A reference to a secret of the stack, such as ${Credentials}: its ARN is unknown text.
        request = ("secretsmanager:GetSecretValue", value)
    if request is None:
        return []
    requests = [request]
    if secret is not None and isinstance(secret.kms_key, KmsKey):
        requests.append(("kms:Decrypt", key_arn(secret.kms_key)))
    return requests


def stack_account(model: Model) -> str | None:
    """Return the AWS account the stack deploys to, when a concrete ARN or image names it.

    The evidence is the account in the role ARNs the task definitions give, and in the images of
    repositories the stack creates. None when there is none, or more than one account.
    """
    accounts = set()
    for task in model.task_definitions:
        for reference in (task.execution_role, task.task_role):
            value = reference.value if reference is not None else None
            found = _ROLE_ARN_ACCOUNT.match(value) if isinstance(value, str) else None
            if found:
                accounts.add(found.group(1))
        for container, _, repository in ecr_images(task):
            if container.repository is not None and repository.account_is_known:
                accounts.add(repository.account)
    return accounts.pop() if len(accounts) == 1 else None


class CrossAccountEcrImage(Rule):
    """ECR image in another AWS account than the stack's.

    ## What it does
    Notes a private ECR image whose registry account differs from the account the stack deploys
    to. The stack's account is known only when a concrete ARN names it: the execution or task
    role ARN, or the image of a repository the stack creates. `${AWS::AccountId}` in an image is
    the stack's own account.

    ## Why it fails the task
    A pull from another account needs that repository's policy to allow this account or role
    `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer`. ecslint cannot read it. When the owner
    changes the policy or makes the repository private, every new task fails with
    `CannotPullContainerError: ... 403 Forbidden`.

    ## Example
    `execution_role_arn = "arn:aws:iam::123456789012:role/exec"` with the image
    `210987654321.dkr.ecr.us-west-2.amazonaws.com/vendor-gateway:1.4`.

    ## Use instead
    Replicate or copy the image into a repository of your own account (ECR replication or a
    pull-through cache rule), and pin a tag or digest.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
    - https://repost.aws/knowledge-center/secondary-account-access-ecr
    """

    code = "ECS106"
    name = "cross-account-ecr-image"
    cause = 1
    severity = Severity.NOTE

    def check(self, model: Model) -> Iterator[Finding]:
        account = stack_account(model)
        if account is None:
            return
        for task in model.task_definitions:
            for container, image, repository in ecr_images(task):
                if not repository.account_is_known or repository.account == account:
                    continue
                yield self.report(
                    container,
                    "image",
                    f'Container `{container.name}` pulls "{image}" from account '
                    f"{repository.account}, not the stack's account {account}, so the pull "
                    "depends on that repository's policy",
                    "copy or replicate the image into a repository of your own account, or "
                    f"confirm that the repository policy in {repository.account} grants this "
                    "account ecr:BatchGetImage and ecr:GetDownloadUrlForLayer",
                    resource=task.name,
                )
