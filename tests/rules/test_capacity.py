"""Tests for the EC2-capacity rules ECS402, ECS403 and ECS405."""

from __future__ import annotations

import pytest

from ecslint.model.values import Unknown
from ecslint.rules.capacity import (
    AssetPlatformMismatch,
    CapacityArchitectureMismatch,
    WindowsTaskOnLinuxCapacity,
    ami_platform,
    instance_architecture,
)
from tests.rules.builders import (
    auto_scaling_group,
    capacity_provider,
    codes,
    container,
    model,
    task,
)

ARM_AMI = "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id"
X86_AMI = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
WINDOWS_AMI = (
    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized/image_id"
)


@pytest.mark.parametrize(
    ("instance_type", "expected"),
    [
        ("m7g.large", "ARM64"),
        ("c7gn.xlarge", "ARM64"),
        ("t4g.micro", "ARM64"),
        ("x2gd.medium", "ARM64"),
        ("im4gn.large", "ARM64"),
        ("is4gen.large", "ARM64"),
        ("hpc7g.4xlarge", "ARM64"),
        ("a1.large", "ARM64"),
        ("m5.large", "X86_64"),
        ("g4ad.xlarge", "X86_64"),
        ("g5.xlarge", "X86_64"),
        ("c7i.large", "X86_64"),
    ],
)
def test_instance_architecture(instance_type, expected):
    assert instance_architecture(instance_type) == expected


def test_ami_platform_paths():
    assert ami_platform(ARM_AMI).architecture == "ARM64"
    assert ami_platform(X86_AMI).architecture == "X86_64"
    assert ami_platform(WINDOWS_AMI).os == "WINDOWS"
    assert (
        ami_platform(
            "/aws/service/ecs/optimized-ami/windows_server/2019/english/full/recommended/image_id"
        ).os
        == "WINDOWS"
    )
    assert ami_platform("ami-0123456789abcdef0").os is None


def _ec2_task(**fields):
    return task(container("public.ecr.aws/nginx/nginx:1"), compatibilities=["EC2"], **fields)


# ECS402 capacity-architecture-mismatch ---------------------------------------------------------


def test_x86_task_on_graviton_flagged():
    built = model(
        _ec2_task(), auto_scaling_groups=[auto_scaling_group(["m7g.large"], image_id=ARM_AMI)]
    )
    findings = list(CapacityArchitectureMismatch().check(built))
    assert [finding.rule for finding in findings] == ["ECS402"]
    assert "ARM64" in findings[0].message


def test_arm_task_on_x86_ami_flagged():
    built = model(
        _ec2_task(cpu_architecture="ARM64"),
        auto_scaling_groups=[auto_scaling_group([], image_id=X86_AMI)],
    )
    assert codes(CapacityArchitectureMismatch(), built) == ["ECS402"]


def test_matching_or_mixed_capacity_passes():
    matching = model(
        _ec2_task(cpu_architecture="ARM64"),
        auto_scaling_groups=[auto_scaling_group(["m7g.large"], image_id=ARM_AMI)],
    )
    assert codes(CapacityArchitectureMismatch(), matching) == []
    mixed = model(
        _ec2_task(),
        auto_scaling_groups=[
            auto_scaling_group(["m7g.large"], image_id=ARM_AMI),
            auto_scaling_group(["m5.large"], image_id=X86_AMI, name="X86"),
        ],
    )
    assert codes(CapacityArchitectureMismatch(), mixed) == []


def test_unknown_or_non_ecs_capacity_is_silent():
    unknown_type = model(
        _ec2_task(), auto_scaling_groups=[auto_scaling_group([Unknown()], image_id=Unknown())]
    )
    assert codes(CapacityArchitectureMismatch(), unknown_type) == []
    bastion = model(
        _ec2_task(),
        auto_scaling_groups=[auto_scaling_group(["t4g.nano"], image_id="ami-0123456789abcdef0")],
    )
    assert codes(CapacityArchitectureMismatch(), bastion) == []
    fargate = model(
        task(container()), auto_scaling_groups=[auto_scaling_group(["m7g.large"], image_id=ARM_AMI)]
    )
    assert codes(CapacityArchitectureMismatch(), fargate) == []


def test_capacity_provider_group_counts_without_ecs_ami():
    group = auto_scaling_group(["c7g.large"], image_id="ami-0123456789abcdef0")
    built = model(
        _ec2_task(), auto_scaling_groups=[group], capacity_providers=[capacity_provider(group)]
    )
    assert codes(CapacityArchitectureMismatch(), built) == ["ECS402"]


# ECS403 asset-platform-mismatch ----------------------------------------------------------------


def test_arm_asset_on_x86_task_flagged():
    built = model(task(container(image_platform="linux/arm64")))
    findings = list(AssetPlatformMismatch().check(built))
    assert [finding.rule for finding in findings] == ["ECS403"]
    assert "linux/arm64" in findings[0].message


def test_matching_or_unset_asset_platform_passes():
    assert (
        codes(AssetPlatformMismatch(), model(task(container(image_platform="linux/amd64")))) == []
    )
    assert (
        codes(
            AssetPlatformMismatch(),
            model(task(container(image_platform="linux/arm64/v8"), cpu_architecture="ARM64")),
        )
        == []
    )
    assert codes(AssetPlatformMismatch(), model(task(container()))) == []
    assert (
        codes(
            AssetPlatformMismatch(),
            model(task(container(image_platform="linux/arm64"), cpu_architecture=Unknown())),
        )
        == []
    )


# ECS405 windows-task-on-linux-capacity ---------------------------------------------------------


def test_windows_task_on_linux_capacity_flagged():
    built = model(
        _ec2_task(os_family="WINDOWS_SERVER_2022_CORE"),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], image_id=X86_AMI)],
    )
    assert codes(WindowsTaskOnLinuxCapacity(), built) == ["ECS405"]


def test_linux_task_on_windows_capacity_flagged():
    built = model(
        _ec2_task(), auto_scaling_groups=[auto_scaling_group(["m5.large"], image_id=WINDOWS_AMI)]
    )
    assert codes(WindowsTaskOnLinuxCapacity(), built) == ["ECS405"]


def test_matching_os_or_plain_ami_passes():
    windows = model(
        _ec2_task(os_family="WINDOWS_SERVER_2022_CORE"),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], image_id=WINDOWS_AMI)],
    )
    assert codes(WindowsTaskOnLinuxCapacity(), windows) == []
    plain = model(
        _ec2_task(os_family="WINDOWS_SERVER_2022_CORE"),
        auto_scaling_groups=[auto_scaling_group(["m5.large"], image_id="ami-0123456789abcdef0")],
    )
    assert codes(WindowsTaskOnLinuxCapacity(), plain) == []
