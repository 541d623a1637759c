"""Tests for the EFS volume rules, ECS809 and ECS810, on models built in Python."""

from __future__ import annotations

from typing import Any

from ecslint.iam import Decision
from ecslint.model import RoleReference
from ecslint.model.ecs import MountPoint, Volume
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem, EfsVolumeConfiguration
from ecslint.model.iam import Role
from ecslint.model.values import Unknown
from ecslint.rules.efs import (
    CLIENT_MOUNT,
    CLIENT_WRITE,
    EfsMountNotAuthorized,
    EfsRootDirectoryMissing,
    file_system_decision,
    normalized_path,
)
from tests.rules.builders import ACCOUNT, HERE, allow, codes, container, model, policy, role, task

TASK_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app-task"


def file_system(document: Any = None) -> EfsFileSystem:
    return EfsFileSystem(name="Fs", location=HERE, policy=document)


def access_point(
    fs: Any, path: Any = "/data", creation_info: Any = True, name: str = "Ap"
) -> EfsAccessPoint:
    return EfsAccessPoint(
        name=name, location=HERE, file_system=fs, root_directory=path, creation_info=creation_info
    )


def volume(**configuration: Any) -> Volume:
    return Volume(name="data", location=HERE, efs=EfsVolumeConfiguration(**configuration))


def mounting(read_only: Any = False, source: str = "data"):
    point = MountPoint(
        name="mountPoints[0]", location=HERE, source_volume=source, read_only=read_only
    )
    return container(mount_points=[point])


def efs_task(*volumes: Volume, task_role: Any = None, read_only: Any = False):
    built = task(mounting(read_only), volumes=list(volumes))
    if isinstance(task_role, Role):
        built.task_role = RoleReference(TASK_ROLE_ARN, task_role)
    elif isinstance(task_role, str):
        built.task_role = RoleReference(task_role)
    return built


def task_role(*policies: Any, name: str | None = "app-task") -> Role:
    built = role(*policies, name="TaskRole")
    built.role_name = name
    return built


def principal_statement(principal: Any, actions: Any = (CLIENT_MOUNT, CLIENT_WRITE), **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": list(actions), **extra}


# ECS809 efs-root-directory-missing ----------------------------------------------------------


def test_root_directory_on_new_file_system_flagged():
    fs = file_system()
    built = model(efs_task(volume(file_system=fs, root_directory="/data")), efs_file_systems=[fs])
    findings = list(EfsRootDirectoryMissing().check(built))
    assert [finding.rule for finding in findings] == ["ECS809"]
    assert "`/data`" in findings[0].message
    assert "`Fs`" in findings[0].message
    assert findings[0].resource == "TaskDef"


def test_root_directory_slash_passes():
    fs = file_system()
    for path in ("/", "//", ""):
        built = model(efs_task(volume(file_system=fs, root_directory=path)))
        assert codes(EfsRootDirectoryMissing(), built) == [], path


def test_root_directory_external_file_system_passes():
    built = model(efs_task(volume(file_system_id="fs-0123456789abcdef0", root_directory="/data")))
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_root_directory_unknown_passes():
    fs = file_system()
    for path in (Unknown("variable"), "/${Env}"):
        built = model(efs_task(volume(file_system=fs, root_directory=path)))
        assert codes(EfsRootDirectoryMissing(), built) == [], path


def test_root_directory_created_by_access_point_passes():
    fs = file_system()
    point = access_point(fs, "/data/")
    built = model(
        efs_task(volume(file_system=fs, root_directory="/data")), efs_access_points=[point]
    )
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_access_point_without_creation_info_does_not_create():
    fs = file_system()
    point = access_point(fs, "/data", creation_info=False)
    built = model(
        efs_task(volume(file_system=fs, root_directory="/data")), efs_access_points=[point]
    )
    assert codes(EfsRootDirectoryMissing(), built) == ["ECS809"]


def test_other_file_system_access_point_ignored():
    fs, other = file_system(), EfsFileSystem(name="Other", location=HERE)
    built = model(
        efs_task(volume(file_system=fs, root_directory="/data")),
        efs_access_points=[access_point(other)],
    )
    assert codes(EfsRootDirectoryMissing(), built) == ["ECS809"]


def test_access_point_of_unknown_file_system_may_create():
    fs = file_system()
    built = model(
        efs_task(volume(file_system=fs, root_directory="/data")),
        efs_access_points=[access_point(Unknown("imported"))],
    )
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_mount_through_access_point_with_creation_info_passes():
    fs = file_system()
    point = access_point(fs)
    built = model(
        efs_task(volume(file_system=fs, access_point_id="fsap-1", access_point=point)),
        efs_access_points=[point],
    )
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_mount_through_access_point_without_creation_info_flagged():
    fs = file_system()
    point = access_point(fs, creation_info=False)
    built = model(
        efs_task(volume(file_system=fs, access_point_id="fsap-1", access_point=point)),
        efs_access_points=[point],
    )
    findings = list(EfsRootDirectoryMissing().check(built))
    assert [finding.rule for finding in findings] == ["ECS809"]
    assert "access point `Ap`" in findings[0].message


def test_mount_through_unlinked_access_point_passes():
    fs = file_system()
    built = model(efs_task(volume(file_system=fs, root_directory="/", access_point_id="fsap-1")))
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_unknown_volumes_pass():
    built = model(task(volumes=Unknown("dynamic volume blocks")))
    assert codes(EfsRootDirectoryMissing(), built) == []


def test_normalized_path():
    assert normalized_path("/") == "/"
    assert normalized_path("/a/b/") == "/a/b"
    assert normalized_path("a") == "/a"


# ECS810 efs-mount-not-authorized ------------------------------------------------------------

OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/efs-admin"


def iam_volume(fs: Any = None, **configuration: Any) -> Volume:
    return volume(file_system=fs, iam="ENABLED", transit_encryption="ENABLED", **configuration)


def test_mount_not_allowed_anywhere_flagged():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE}, Resource="*")))
    built = model(efs_task(iam_volume(fs), task_role=task_role()))
    findings = list(EfsMountNotAuthorized().check(built))
    assert [finding.rule for finding in findings] == ["ECS810"]
    assert f"`{CLIENT_MOUNT}`, `{CLIENT_WRITE}`" in findings[0].message
    assert "`TaskRole`" in findings[0].message


def test_read_only_mount_needs_only_client_mount():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE})))
    built = model(efs_task(iam_volume(fs), task_role=task_role(), read_only=True))
    findings = list(EfsMountNotAuthorized().check(built))
    assert len(findings) == 1
    assert CLIENT_WRITE not in findings[0].message


def test_role_policy_allows_mount():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE})))
    granted = task_role(policy(allow([CLIENT_MOUNT, CLIENT_WRITE])))
    assert codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=granted))) == []


def test_role_missing_client_write_flagged():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE})))
    granted = task_role(policy(allow(CLIENT_MOUNT)))
    findings = list(
        EfsMountNotAuthorized().check(model(efs_task(iam_volume(fs), task_role=granted)))
    )
    assert len(findings) == 1
    assert f"`{CLIENT_WRITE}`" in findings[0].message
    assert f"`{CLIENT_MOUNT}`" not in findings[0].message


def test_file_system_policy_principals_that_grant():
    for principal in ("*", {"AWS": "*"}, {"AWS": ACCOUNT}, {"AWS": TASK_ROLE_ARN}):
        fs = file_system(policy(principal_statement(principal)))
        built = model(efs_task(iam_volume(fs), task_role=task_role()))
        assert codes(EfsMountNotAuthorized(), built) == [], principal


def test_file_system_policy_root_principal_grants():
    fs = file_system(policy(principal_statement({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    assert (
        codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=task_role()))) == []
    )


def test_file_system_policy_conditional_grant_is_silent():
    condition = {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}
    fs = file_system(policy(principal_statement({"AWS": TASK_ROLE_ARN}, Condition=condition)))
    assert (
        codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=task_role()))) == []
    )


def test_file_system_policy_placeholder_principal_is_silent():
    principal = {"AWS": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${TaskRole}"}
    fs = file_system(policy(principal_statement(principal)))
    assert (
        codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=task_role()))) == []
    )


def test_generated_role_name_does_not_match_literal_principal():
    fs = file_system(policy(principal_statement({"AWS": TASK_ROLE_ARN})))
    unnamed = task_role(name=None)
    assert codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=unnamed))) == [
        "ECS810"
    ]


def test_no_file_system_policy_allows_every_client():
    fs = file_system(None)
    assert (
        codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=task_role()))) == []
    )


def test_unknown_file_system_policy_is_silent():
    fs = file_system(Unknown("policy from a variable"))
    assert (
        codes(EfsMountNotAuthorized(), model(efs_task(iam_volume(fs), task_role=task_role()))) == []
    )


def test_file_system_outside_stack_is_silent():
    built = model(
        efs_task(iam_volume(file_system_id="fs-0123456789abcdef0"), task_role=task_role())
    )
    assert codes(EfsMountNotAuthorized(), built) == []


def test_explicit_deny_in_role_flagged_without_file_system():
    deny = {"Effect": "Deny", "Action": "elasticfilesystem:*", "Resource": "*"}
    built = model(
        efs_task(
            iam_volume(file_system_id="fs-0123456789abcdef0"), task_role=task_role(policy(deny))
        )
    )
    findings = list(EfsMountNotAuthorized().check(built))
    assert [finding.rule for finding in findings] == ["ECS810"]
    assert "explicitly denies" in findings[0].message


def test_task_role_outside_stack_is_silent():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE})))
    built = model(efs_task(iam_volume(fs), task_role=TASK_ROLE_ARN))
    assert codes(EfsMountNotAuthorized(), built) == []


def test_missing_task_role_flagged():
    built = model(efs_task(iam_volume(file_system(None))))
    findings = list(EfsMountNotAuthorized().check(built))
    assert [finding.rule for finding in findings] == ["ECS810"]
    assert "no task role" in findings[0].message


def test_iam_disabled_or_unknown_is_silent():
    fs = file_system(policy(principal_statement({"AWS": OTHER_ROLE})))
    for iam in ("DISABLED", Unknown("variable")):
        built = model(efs_task(volume(file_system=fs, iam=iam), task_role=task_role()))
        assert codes(EfsMountNotAuthorized(), built) == [], iam


def test_file_system_decision_deny_for_role():
    deny = {"Effect": "Deny", "Principal": {"AWS": TASK_ROLE_ARN}, "Action": CLIENT_MOUNT}
    fs = file_system(policy(principal_statement("*"), deny))
    assert file_system_decision(fs, task_role(), CLIENT_MOUNT) is Decision.DENY


def test_file_system_decision_service_principal_does_not_grant():
    fs = file_system(policy(principal_statement({"Service": "ecs-tasks.amazonaws.com"})))
    assert file_system_decision(fs, task_role(), CLIENT_MOUNT) is Decision.NOT_ALLOWED
