"""Cause 1: the role that pulls the image.

On Fargate and EXTERNAL, and for private-registry credentials on every launch type, the task
execution role authenticates the pull. Without it, RegisterTaskDefinition rejects the task.
"""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Model
from ecslint.rules._helpers import has_execution_role, images, task_uses
from ecslint.rules.base import Finding, Rule, Severity

_ROLE_FIX = (
    "set executionRoleArn to a role that ecs-tasks.amazonaws.com can assume, with the "
    "AmazonECSTaskExecutionRolePolicy managed policy attached"
)


class MissingExecutionRoleForPull(Rule):
    """Private ECR image or registry credentials without a task execution role.

    ## What it does
    Flags a task definition without `executionRoleArn` when a container needs that role to pull
    its image: a private Amazon ECR image on Fargate or EXTERNAL, or `repositoryCredentials` on
    any launch type.

    ## Why it fails the task
    On Fargate the ECS agent has no instance role to fall back on, so it authenticates to ECR
    with the execution role. RegisterTaskDefinition rejects the task definition with
    "Fargate requires task definition to have execution role ARN to support ECR images".
    Private registry authentication reads the credentials secret with the execution role on
    every launch type, and fails the same way without one. The task role (`taskRoleArn`) is the
    application's role and is never used for the pull.

    ## Example
    ```json
    {"family": "api", "requiresCompatibilities": ["FARGATE"],
     "containerDefinitions": [{"name": "api",
       "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2"}]}
    ```

    ## Use instead
    ```json
    {"family": "api", "requiresCompatibilities": ["FARGATE"],
     "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
     "containerDefinitions": [{"name": "api",
       "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2"}]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
    """

    code = "ECS101"
    name = "missing-execution-role-for-pull"
    cause = 1
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if has_execution_role(task):
                continue
            yield from self._check_task(task)

    def _check_task(self, task) -> Iterator[Finding]:
        if task_uses(task, "FARGATE", "EXTERNAL"):
            for container, image in images(task):
                if image.is_ecr:
                    yield self.report(
                        container,
                        "image",
                        f"container `{container.name}` pulls the private ECR image "
                        f'"{image.text}" on Fargate or EXTERNAL, but the task definition has '
                        "no executionRoleArn",
                        _ROLE_FIX,
                        resource=task.name,
                    )
        for container in task.known_containers():
            if container.credentials_parameter is not None:
                yield self.report(
                    container,
                    "repositoryCredentials",
                    f"container `{container.name}` sets repositoryCredentials, which ECS reads "
                    "with the execution role, but the task definition has no executionRoleArn",
                    _ROLE_FIX + " and secretsmanager:GetSecretValue on the credentials secret",
                    resource=task.name,
                )
