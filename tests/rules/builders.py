"""Build small models in Python for the cross-resource rule tests."""

from __future__ import annotations

from typing import Any

from ecslint.model import Container, Model, RoleReference, Secret, Service, TaskDefinition
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider, LaunchTemplate
from ecslint.model.iam import InstanceProfile, Role
from ecslint.model.registry import KmsKey, Repository, SecretResource
from ecslint.model.values import Location

HERE = Location("test.yaml", 1, 1)
ACCOUNT = "123456789012"
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"
REPO_ARN = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/web"
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
ECS_TASKS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def role(
    *policies: Any, managed: tuple[str, ...] = (), trust: Any = None, name: str = "ExecRole"
) -> Role:
    return Role(
        name=name,
        location=HERE,
        trust_policy=ECS_TASKS_TRUST if trust is None else trust,
        policies=list(policies),
        managed_policy_arns=list(managed),
    )


def container(image: Any = IMAGE, name: str = "web", **fields: Any) -> Container:
    return Container(name=name, location=HERE, image=image, **fields)


def task(
    *containers: Container,
    execution: Role | str | None = None,
    compatibilities: list[str] | None = None,
    **fields: Any,
) -> TaskDefinition:
    reference = None
    if isinstance(execution, Role):
        reference = RoleReference(f"arn:aws:iam::{ACCOUNT}:role/{execution.name}", execution)
    elif isinstance(execution, str):
        reference = RoleReference(execution)
    return TaskDefinition(
        name="TaskDef",
        location=HERE,
        requires_compatibilities=["FARGATE"] if compatibilities is None else compatibilities,
        execution_role=reference,
        containers=list(containers),
        **fields,
    )


def model(*tasks: TaskDefinition, **lists: Any) -> Model:
    built = Model(path="test.yaml", kind="cloudformation", task_definitions=list(tasks))
    for key, value in lists.items():
        setattr(built, key, list(value))
    return built


def service(task_definition: TaskDefinition) -> Service:
    return Service(name="Service", location=HERE, task_definition=task_definition)


def repository(name: str = "web", mutability: Any = "MUTABLE", logical: str = "Repo") -> Repository:
    return Repository(name=logical, location=HERE, repository_name=name, tag_mutability=mutability)


def secret_resource(arn: str, key: KmsKey | None = None, name: str = "Secret") -> SecretResource:
    return SecretResource(name=name, location=HERE, arn=arn, kms_key=key)


def kms_key(name: str = "Key") -> KmsKey:
    return KmsKey(name=name, location=HERE)


def secret(value_from: str, name: str = "DB_PASSWORD") -> Secret:
    return Secret(name=name, location=HERE, value_from=value_from)


def auto_scaling_group(
    instance_types: list[Any] | None = None,
    image_id: Any = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    roles: list[Any] | None = None,
    name: str = "Asg",
) -> AutoScalingGroup:
    profile = InstanceProfile(name="Profile", location=HERE, roles=list(roles or []))
    template = LaunchTemplate(
        name="LaunchTemplate",
        location=HERE,
        instance_types=list(instance_types or []),
        image_id=image_id,
        instance_profile=profile,
    )
    return AutoScalingGroup(name=name, location=HERE, launch_template=template)


def capacity_provider(group: AutoScalingGroup) -> CapacityProvider:
    return CapacityProvider(name="Provider", location=HERE, auto_scaling_group=group)


def codes(rule: Any, built: Model) -> list[str]:
    return [finding.rule for finding in rule.check(built)]
