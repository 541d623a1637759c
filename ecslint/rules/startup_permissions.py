"""Sibling start-up failures: an execution role that cannot write logs or read secrets.

The rules evaluate the policies of an execution role that the same stack or configuration
defines, and stay silent on a role named only by ARN or on any unknown part of its policies.
"""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Container, Model, Secret, TaskDefinition
from ecslint.model.iam import Role
from ecslint.model.registry import KmsKey
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import uses_awslogs
from ecslint.rules._permissions import (
    denied,
    denied_everywhere,
    describe_denied,
    execution_role,
    log_group_resources,
    secret_request,
)
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.pull_permissions import find_secret, key_arn

LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")


def awslogs_containers(task: TaskDefinition) -> Iterator[tuple[Role, Container, list[str]]]:
    """Yield the execution role, each awslogs container and its log group's candidate ARNs."""
    role = execution_role(task)
    if role is None:
        return
    for container in task.known_containers():
        resources = log_group_resources(container) if uses_awslogs(container) else None
        if resources:
            yield role, container, resources


def container_secrets(task: TaskDefinition) -> Iterator[tuple[Role, Container, Secret, str]]:
    """Yield the execution role, each container secret and its known ``valueFrom`` text."""
    role = execution_role(task)
    if role is None:
        return
    for container in task.known_containers():
        for group in (container.secrets, container.log_secret_options):
            if is_unknown(group):
                continue
            for secret in group:
                if isinstance(secret.value_from, str) and secret.value_from:
                    yield role, container, secret, secret.value_from


def read_request(model: Model, value_from: str) -> tuple[str, str] | None:
    """Return the (action, resource) that reading a secret needs, for ARNs and stack secrets."""
    request = secret_request(value_from)
    stored = find_secret(model, value_from) if request is None else None
    if stored is None or not isinstance(stored.arn, str):
        return request
    # A reference to a secret of the stack, such as ${DbSecret}: its ARN is unknown text.
    if stored.kind == "ssm":
        return "ssm:GetParameters", stored.arn
    return "secretsmanager:GetSecretValue", stored.arn


def _log_group(resources: list[str]) -> str:
    return resources[0]


class ExecutionRoleCannotWriteLogs(Rule):
    """Execution role that cannot write the `awslogs` container's log stream.

    ## What it does
    For a container that logs with the `awslogs` driver, evaluates the execution role (when the
    same stack defines it) for `logs:CreateLogStream` and `logs:PutLogEvents` on the log group
    named by `awslogs-group`, in the Region `awslogs-region` names. A grant on the log group ARN
    or on its log streams (`…:log-group:NAME:*`) counts. The execution role writes the logs on
    Fargate and EXTERNAL, and on EC2 whenever one is set.

    ## Why it fails the task
    The log driver is set up before the container starts. Without these permissions the task
    stops with `ResourceInitializationError: failed to validate logger args: create stream has
    been retried ... AccessDeniedException`.

    ## Example
    An execution role whose only inline policy allows the `ecr:` pull actions, and a container
    with `LogDriver: awslogs` and `awslogs-group: /ecs/web`.

    ## Use instead
    Attach AmazonECSTaskExecutionRolePolicy, or allow `logs:CreateLogStream` and
    `logs:PutLogEvents` on `arn:aws:logs:REGION:ACCOUNT:log-group:/ecs/web:*`.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    code = "ECS803"
    name = "execution-role-cannot-write-logs"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for role, container, resources in awslogs_containers(task):
                refused = [
                    action
                    for action in LOG_ACTIONS
                    if denied_everywhere(role, action, resources) is not None
                ]
                if not refused:
                    continue
                yield self.report(
                    container,
                    "logConfiguration",
                    f"Container `{container.name}` logs with awslogs, but execution role "
                    f"`{role.name}` does not allow {', '.join(f'`{a}`' for a in refused)} on "
                    f"`{_log_group(resources)}`",
                    f"attach the AmazonECSTaskExecutionRolePolicy managed policy to `{role.name}`, "
                    "or allow logs:CreateLogStream and logs:PutLogEvents on the log group",
                    resource=task.name,
                )


def creates_log_group(container: Container) -> bool:
    """Return True when the container's awslogs options ask the driver to create the group."""
    options = container.log_options
    if is_unknown(options):
        return False
    value = options.get("awslogs-create-group")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


class AwslogsCreateGroupNotAllowed(Rule):
    """`awslogs-create-group` set, but the execution role cannot create log groups.

    ## What it does
    For a container with `awslogs-create-group` set to `true`, evaluates the execution role
    (when the same stack defines it) for `logs:CreateLogGroup` on the log group.
    AmazonECSTaskExecutionRolePolicy does not grant that action.

    ## Why it fails the task
    The awslogs driver tries to create the group at start-up. Without the permission the task
    stops with `ResourceInitializationError: failed to validate logger args: ... failed to create
    Cloudwatch log group: AccessDeniedException ... logs:CreateLogGroup`.

    ## Example
    ```hcl
    logConfiguration = {
      logDriver = "awslogs"
      options = { awslogs-create-group = "true", awslogs-group = "/ecs/my-svc", awslogs-region = "us-east-1" }
    }
    ```

    ## Use instead
    Declare the log group in the stack (`aws_cloudwatch_log_group`, `AWS::Logs::LogGroup`) and
    drop `awslogs-create-group`, or allow `logs:CreateLogGroup` on the group.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
    """

    code = "ECS804"
    name = "awslogs-create-group-not-allowed"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for role, container, resources in awslogs_containers(task):
                if not creates_log_group(container):
                    continue
                if denied_everywhere(role, "logs:CreateLogGroup", resources) is None:
                    continue
                yield self.report(
                    container,
                    "logConfiguration.options",
                    f"Container `{container.name}` sets awslogs-create-group, but execution role "
                    f"`{role.name}` does not allow `logs:CreateLogGroup` on "
                    f"`{_log_group(resources)}`",
                    "declare the log group in the stack and remove awslogs-create-group, or "
                    f"allow logs:CreateLogGroup on the log group for `{role.name}`",
                    resource=task.name,
                )


class ExecutionRoleCannotReadSecret(Rule):
    """Execution role that cannot read a container secret.

    ## What it does
    For each entry of a container's `secrets` and `secretOptions`, evaluates the execution role
    (when the same stack defines it) for `ssm:GetParameters` on an SSM parameter, or
    `secretsmanager:GetSecretValue` on a Secrets Manager secret. A JSON key, version stage and
    version id after the secret ARN (`secret:db-AbCdEf:password::`) are dropped first. A parameter
    name without an ARN is a parameter of the task's Region and account. A partial secret ARN
    without the six random characters (`secret:db`) is authorized against the full ARN, so a
    grant on exactly `secret:db` does not match it while `secret:db-*` does.

    ## Why it fails the task
    ECS fetches the values before the container starts. Without the permission the task stops
    with `ResourceInitializationError: unable to pull secrets or registry auth: ...
    AccessDeniedException`.

    ## Example
    A grant of `secretsmanager:GetSecretValue` on `arn:aws:secretsmanager:us-east-1:123456789012:secret:db`
    for `ValueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:db`.

    ## Use instead
    Grant `arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????` (or the full ARN with
    its suffix).

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
    - https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
    """

    code = "ECS805"
    name = "execution-role-cannot-read-secret"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for role, container, secret, value_from in container_secrets(task):
                request = read_request(model, value_from)
                found = denied(role, [request]) if request is not None else []
                if not found:
                    continue
                yield self.report(
                    secret,
                    None,
                    f"Container `{container.name}` reads secret `{secret.name}` with execution "
                    f"role `{role.name}`, which {describe_denied(found)}",
                    _read_fix(found[0][0], found[0][1], role.name),
                    resource=task.name,
                )


def _read_fix(action: str, resource: str, role: str) -> str:
    fix = f"allow {action} on `{resource}` for `{role}`"
    if action.startswith("secretsmanager:"):
        fix += " (a Secrets Manager grant needs the random suffix or `-??????` after the name)"
    return fix


class SecretKeyNotDecryptable(Rule):
    """Secret encrypted with a customer managed KMS key that the execution role cannot use.

    ## What it does
    For each container secret that names a Secrets Manager secret or SSM parameter of the same
    stack encrypted with a customer managed KMS key of the same stack, evaluates the execution
    role for `kms:Decrypt` on that key. AmazonECSTaskExecutionRolePolicy does not grant it.

    ## Why it fails the task
    Reading the secret decrypts it with the key on the caller's behalf. Without `kms:Decrypt`
    the task stops with `ResourceInitializationError: unable to pull secrets or registry auth:
    ... AccessDeniedException: Access to KMS is not allowed`.

    ## Example
    ```hcl
    resource "aws_secretsmanager_secret" "app" { kms_key_id = aws_kms_key.secrets.arn }
    ```
    with an execution role that has AmazonECSTaskExecutionRolePolicy and
    `secretsmanager:GetSecretValue` on the secret only.

    ## Use instead
    Allow `kms:Decrypt` on `aws_kms_key.secrets.arn` for the execution role.

    ## Known problems
    The key policy is not read: a key policy that names the execution role as principal grants
    `kms:Decrypt` without an IAM policy, and this rule would still fire.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    """

    code = "ECS806"
    name = "secret-key-not-decryptable"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for role, container, secret, value_from in container_secrets(task):
                stored = find_secret(model, value_from)
                key = stored.kms_key if stored is not None else None
                if not isinstance(key, KmsKey):
                    continue
                if not denied(role, [("kms:Decrypt", key_arn(key))]):
                    continue
                yield self.report(
                    secret,
                    None,
                    f"Container `{container.name}`: secret `{secret.name}` is encrypted with KMS "
                    f"key `{key.name}`, but execution role `{role.name}` does not allow "
                    "`kms:Decrypt` on it",
                    f"allow kms:Decrypt on the key `{key.name}` for `{role.name}`",
                    resource=task.name,
                )
