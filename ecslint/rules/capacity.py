"""Cause 4 on EC2 capacity: the task's CPU architecture and OS against its container instances.

The container instances are the Auto Scaling groups of the same stack or configuration that
serve ECS: those a capacity provider names, and those whose launch template boots an
ECS-optimized AMI from its public SSM parameter. A rule fires only when every such group is
known to mismatch the task, because a task may be placed on any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ecslint.images import platform_architecture
from ecslint.model import Model, TaskDefinition
from ecslint.model.capacity import AutoScalingGroup, LaunchTemplate
from ecslint.model.values import is_unknown
from ecslint.rules.base import Finding, Rule, Severity

# Graviton (ARM64) instance families: a1, and a family name whose generation digit is followed
# by "g", such as t4g, m7g, c7gn, x2gd, im4gn, is4gen and hpc7g
# (https://aws.amazon.com/ec2/graviton/, 2025). g4ad and g5 put "a" or nothing there and are x86.
_GRAVITON_FAMILY = re.compile(r"^(?:a1|[a-z]+[0-9]+g[a-z]*)$")
# Public SSM parameters of the ECS-optimized AMIs (ECS developer guide, "Retrieving Amazon
# ECS-optimized AMI metadata"): /aws/service/ecs/optimized-ami/amazon-linux-2[023]/[arm64/]…,
# /aws/service/ecs/optimized-ami/windows_server/…, /aws/service/ami-windows-latest/…ECS_Optimized
# and /aws/service/bottlerocket/aws-ecs-…/<arch>/….
_ECS_AMI_PATH = re.compile(
    r"^/aws/service/(?:ecs/optimized-ami/|ami-windows-latest/.*ECS_Optimized|bottlerocket/aws-ecs)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Platform:
    """The OS family (``LINUX`` or ``WINDOWS``) and CPU architecture of one group's instances.

    Either part is None when the launch template does not specify it.
    """

    os: str | None
    architecture: str | None


def instance_architecture(instance_type: str) -> str:
    """Return ARM64 for a Graviton instance type such as ``m7g.large``, else X86_64."""
    family = instance_type.split(".", 1)[0].lower()
    return "ARM64" if _GRAVITON_FAMILY.match(family) else "X86_64"


def ami_platform(image_id: object) -> Platform:
    """Return what an ECS-optimized AMI parameter path names; a plain AMI id names nothing."""
    if not isinstance(image_id, str) or not _ECS_AMI_PATH.match(image_id):
        return Platform(None, None)
    path = image_id.lower()
    if "windows" in path:
        return Platform("WINDOWS", "X86_64")
    if "arm64" in path or "aarch64" in path:
        return Platform("LINUX", "ARM64")
    return Platform("LINUX", "X86_64")


def ecs_auto_scaling_groups(model: Model) -> list[AutoScalingGroup]:
    """Return the Auto Scaling groups that run container instances."""
    named = {
        id(provider.auto_scaling_group)
        for provider in model.capacity_providers
        if isinstance(provider.auto_scaling_group, AutoScalingGroup)
    }
    return [
        group
        for group in model.auto_scaling_groups
        if id(group) in named or ami_platform(_image_id(group)).os is not None
    ]


def group_platform(group: AutoScalingGroup) -> Platform:
    """Return the platform of a group's instances; the instance types win over the AMI."""
    template = group.launch_template
    ami = ami_platform(_image_id(group))
    types = list(group.instance_types)
    if isinstance(template, LaunchTemplate):
        types += template.instance_types
    if not types or any(not isinstance(item, str) for item in types):
        return ami
    architectures = {instance_architecture(item) for item in types}
    if len(architectures) != 1 or ami.architecture not in (None, *architectures):
        return Platform(ami.os, None)
    return Platform(ami.os, architectures.pop())


def _image_id(group: AutoScalingGroup) -> object:
    template = group.launch_template
    return template.image_id if isinstance(template, LaunchTemplate) else None


def runs_on_ec2(task: TaskDefinition) -> bool:
    """Return True when the task is registered for the EC2 launch type only."""
    compatibilities = task.compatibilities()
    return not is_unknown(compatibilities) and compatibilities == {"EC2"}


def capacity_platforms(model: Model) -> list[tuple[AutoScalingGroup, Platform]]:
    return [(group, group_platform(group)) for group in ecs_auto_scaling_groups(model)]


def _group_names(groups: list[tuple[AutoScalingGroup, Platform]]) -> str:
    names = ", ".join(f"`{group.name}`" for group, _ in groups)
    return f"Auto Scaling group {names}" if len(groups) == 1 else f"Auto Scaling groups {names}"


class CapacityArchitectureMismatch(Rule):
    """EC2 task whose CPU architecture no container instance of the stack has.

    ## What it does
    Compares an EC2 task definition's `runtimePlatform.cpuArchitecture` (X86_64 when absent)
    with the Auto Scaling groups of the same stack that run container instances. An instance's
    architecture comes from its instance type (Graviton families such as `t4g`, `m7g`, `c7gn`
    and `a1` are ARM64) or, without one, from the ECS-optimized AMI's SSM parameter path
    (`…/amazon-linux-2/arm64/recommended/image_id` is ARM64, the same path without `arm64` is
    X86_64). It fires only when every group is known to have the other architecture.

    ## Why it fails the task
    ECS places a task only on a container instance whose architecture matches the task
    definition. With none, the service never starts a task. When the image is built for the
    instances instead of the task, the pull fails with `CannotPullContainerError` (no matching
    manifest) or the container exits with `exec format error`.

    ## Example
    ```yaml
    LaunchTemplate:
      Type: AWS::EC2::LaunchTemplate
      Properties:
        LaunchTemplateData:
          ImageId: "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id}}"
          InstanceType: m7g.large
    TaskDef:
      Type: AWS::ECS::TaskDefinition
      Properties:
        RequiresCompatibilities: [EC2]
        ContainerDefinitions:
          - Name: web
            Image: public.ecr.aws/nginx/nginx:1.27
    ```

    ## Use instead
    Set `RuntimePlatform: {CpuArchitecture: ARM64, OperatingSystemFamily: LINUX}` on the task
    definition and use an ARM64 or multi-architecture image, or run x86 instances (`m7i.large`
    with the AMI path without `arm64`).

    ## Known problems
    A task is matched against every ECS Auto Scaling group of the stack, not only those of its
    own cluster, so a stack with one x86 and one Graviton group is never flagged.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm64.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html
    - https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
    """

    code = "ECS402"
    name = "capacity-architecture-mismatch"
    cause = 4
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        groups = capacity_platforms(model)
        if not groups:
            return
        architectures = {platform.architecture for _, platform in groups}
        if None in architectures or len(architectures) != 1:
            return
        capacity = architectures.pop()
        for task in model.task_definitions:
            wanted = task.cpu_architecture
            if is_unknown(wanted) or not runs_on_ec2(task) or wanted.upper() == capacity:
                continue
            yield self.report(
                task,
                "runtimePlatform.cpuArchitecture",
                f"Task definition `{task.name}` runs on {wanted.upper()}, but every container "
                f"instance of {_group_names(groups)} is {capacity}",
                f"set runtimePlatform.cpuArchitecture to {capacity} and use an image built for "
                f"it, or run {wanted.upper()} instances",
            )


class AssetPlatformMismatch(Rule):
    """Image asset built for another CPU architecture than the task.

    ## What it does
    Compares the platform an image asset is built for (a CDK `DockerImageAsset` with
    `platform: Platform.LINUX_ARM64`, recorded as `linux/arm64` in the cloud assembly) with the
    task definition's `runtimePlatform.cpuArchitecture`, which is X86_64 when absent.

    ## Why it fails the task
    The asset is pushed as a single-architecture image. A task of the other architecture finds
    no matching manifest, so the pull fails with `CannotPullContainerError`, or the container
    exits with `exec format error`.

    ## Example
    An asset built with `platform: Platform.LINUX_ARM64` used by a `FargateTaskDefinition`
    without `runtimePlatform`.

    ## Use instead
    Build the asset for `linux/amd64`, or set `runtimePlatform: {cpuArchitecture:
    CpuArchitecture.ARM64, operatingSystemFamily: OperatingSystemFamily.LINUX}`.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#runtime-platform
    - https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ecr_assets.DockerImageAsset.html
    """

    code = "ECS403"
    name = "asset-platform-mismatch"
    cause = 4
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            wanted = task.cpu_architecture
            if is_unknown(wanted):
                continue
            for container in task.known_containers():
                built = platform_architecture(container.image_platform)
                if built is None or built == wanted.upper():
                    continue
                yield self.report(
                    container,
                    "image",
                    f"Container `{container.name}`: the image asset is built for "
                    f"`{container.image_platform}`, but the task runs on {wanted.upper()}",
                    f"build the asset for linux/{'arm64' if wanted.upper() == 'ARM64' else 'amd64'}"
                    f", or set runtimePlatform.cpuArchitecture to {built}",
                    resource=task.name,
                )


class WindowsTaskOnLinuxCapacity(Rule):
    """EC2 task whose operating system family no container instance of the stack runs.

    ## What it does
    Compares an EC2 task definition's `runtimePlatform.operatingSystemFamily` (LINUX when
    absent, or a Windows family such as `WINDOWS_SERVER_2022_CORE`) with the ECS-optimized AMIs
    of the stack's ECS Auto Scaling groups. The AMI's SSM parameter path names the OS:
    `/aws/service/ami-windows-latest/…ECS_Optimized` and `…/optimized-ami/windows_server/…` are
    Windows, and the Amazon Linux and Bottlerocket paths are Linux. It fires only when every
    group runs the other OS.

    ## Why it fails the task
    Windows containers need Windows container instances and Linux containers need Linux ones.
    The task is never placed, or the pull fails with `CannotPullContainerError` because the image
    has no manifest for the instance's OS.

    ## Example
    A task definition with `RuntimePlatform: {OperatingSystemFamily: WINDOWS_SERVER_2022_CORE}`
    in a stack whose only launch template uses
    `/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id`.

    ## Use instead
    Run Windows instances from `/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized/image_id`
    for Windows tasks, and Linux instances for Linux tasks.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ECS_Windows.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_windows_AMI.html
    """

    code = "ECS405"
    name = "windows-task-on-linux-capacity"
    cause = 4
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        groups = capacity_platforms(model)
        systems = {platform.os for _, platform in groups}
        if not groups or None in systems or len(systems) != 1:
            return
        capacity = systems.pop()
        for task in model.task_definitions:
            family = task.os_family
            if is_unknown(family) or not runs_on_ec2(task):
                continue
            wanted = "WINDOWS" if family.upper().startswith("WINDOWS") else "LINUX"
            if wanted == capacity:
                continue
            yield self.report(
                task,
                "runtimePlatform.operatingSystemFamily",
                f"Task definition `{task.name}` runs on {family}, but every container instance "
                f"of {_group_names(groups)} runs {capacity.title()}",
                f"run {wanted.title()} container instances for this task, or set "
                "runtimePlatform.operatingSystemFamily to match the instances",
            )
