"""Sibling start-up failures: secrets and logs that need the task execution role."""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Model
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import has_execution_role, task_uses, uses_awslogs
from ecslint.rules.base import Finding, Rule, Severity


class SecretsWithoutExecutionRole(Rule):
    """Container secrets without a task execution role.

    ## What it does
    Flags a task definition without `executionRoleArn` whose containers use `secrets` or a
    log configuration's `secretOptions`, on any launch type.

    ## Why it fails the task
    ECS fetches secrets from Secrets Manager and Systems Manager with the execution role; the
    container instance role is never used for them. RegisterTaskDefinition rejects the task
    definition: "When you are specifying container secrets, you must also specify a value for
    'executionRoleArn'".

    ## Example
    ```json
    {"family": "worker", "containerDefinitions": [{"name": "worker", "image": "busybox:1.36",
      "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/token"}]}]}
    ```

    ## Use instead
    ```json
    {"family": "worker", "executionRoleArn": "arn:aws:iam::123456789012:role/worker-exec",
     "containerDefinitions": [{"name": "worker", "image": "busybox:1.36",
      "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/token"}]}]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    code = "ECS801"
    name = "secrets-without-execution-role"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if has_execution_role(task):
                continue
            for container in task.known_containers():
                for attribute, secrets in (
                    ("secrets", container.secrets),
                    ("logConfiguration", container.log_secret_options),
                ):
                    if is_unknown(secrets) or not secrets:
                        continue
                    yield self.report(
                        container,
                        attribute,
                        f"container `{container.name}` uses {len(secrets)} secret(s), which ECS "
                        "fetches with the execution role, but the task definition has no "
                        "executionRoleArn",
                        "set executionRoleArn to a role that ecs-tasks.amazonaws.com can assume, "
                        "allowed ssm:GetParameters or secretsmanager:GetSecretValue on the secrets",
                        resource=task.name,
                    )


class AwslogsWithoutExecutionRole(Rule):
    """`awslogs` driver on Fargate without a task execution role.

    ## What it does
    Flags a Fargate or EXTERNAL task definition without `executionRoleArn` whose containers log
    with the `awslogs` driver.

    ## Why it fails the task
    On Fargate the log driver writes to CloudWatch Logs with the execution role. Registration is
    rejected: "Fargate requires task definition to have execution role ARN to support log driver
    awslogs". On EC2 the container instance role is used instead, so EC2 tasks are not flagged.

    ## Example
    ```json
    {"family": "web", "requiresCompatibilities": ["FARGATE"],
     "containerDefinitions": [{"name": "web", "image": "nginx:1.27.3",
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web",
        "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}}}]}
    ```

    ## Use instead
    Add `"executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"`, a role with
    the AmazonECSTaskExecutionRolePolicy managed policy.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    code = "ECS802"
    name = "awslogs-without-execution-role"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if has_execution_role(task) or not task_uses(task, "FARGATE", "EXTERNAL"):
                continue
            for container in task.known_containers():
                if uses_awslogs(container):
                    yield self.report(
                        container,
                        "logConfiguration.logDriver",
                        f"container `{container.name}` logs with awslogs on Fargate or EXTERNAL, "
                        "but the task definition has no executionRoleArn",
                        "set executionRoleArn to a role that ecs-tasks.amazonaws.com can assume, "
                        "with the AmazonECSTaskExecutionRolePolicy managed policy attached",
                        resource=task.name,
                    )
