"""EFS file systems, access points and task-definition EFS volumes in both loaders."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ecslint.loaders import load_file
from ecslint.loaders.terraform import load_directory
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem
from ecslint.model.values import is_unknown

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fs:
    Type: AWS::EFS::FileSystem
    Properties:
      FileSystemPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: elasticfilesystem:ClientMount
  Ap:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref Fs
      RootDirectory:
        Path: /data
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Volumes:
        - Name: plain
        - Name: data
          EFSVolumeConfiguration:
            FilesystemId: !Ref Fs
            TransitEncryption: ENABLED
            AuthorizationConfig:
              AccessPointId: !Ref Ap
              IAM: ENABLED
      ContainerDefinitions:
        - Name: app
          Image: public.ecr.aws/nginx/nginx:1.27.0
          MountPoints:
            - SourceVolume: data
              ContainerPath: /srv
              ReadOnly: "true"
"""

CONFIGURATION = """\
resource "aws_efs_file_system" "data" {}

data "aws_iam_policy_document" "data" {
  statement {
    actions = ["elasticfilesystem:ClientMount"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_efs_file_system_policy" "data" {
  file_system_id = aws_efs_file_system.data.id
  policy         = data.aws_iam_policy_document.data.json
}

resource "aws_efs_access_point" "data" {
  file_system_id = aws_efs_file_system.data.id
  root_directory {
    path = "/data"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "755"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family = "app"

  volume {
    name = "scratch"
  }

  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id = aws_efs_file_system.data.id
      root_directory = "/data"
    }
  }

  container_definitions = jsonencode([{ name = "app", image = "public.ecr.aws/nginx/nginx:1.27" }])
}
"""

DYNAMIC = """\
variable "volumes" {
  type = list(string)
}

resource "aws_ecs_task_definition" "app" {
  family = "app"

  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.value
    }
  }

  container_definitions = jsonencode([{ name = "app", image = "public.ecr.aws/nginx/nginx:1.27" }])
}
"""


def _cloudformation(tmp_path: Path):
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    result = load_file(str(path))
    assert result.errors == []
    return result.models[0]


def _terraform(tmp_path: Path, text: str):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text), encoding="utf-8")
    result = load_directory(str(tmp_path))
    assert result.errors == []
    return result.models[0]


def test_cloudformation_file_system_and_access_point(tmp_path):
    model = _cloudformation(tmp_path)
    (fs,) = model.efs_file_systems
    (point,) = model.efs_access_points
    assert isinstance(fs, EfsFileSystem)
    assert fs.policy["Statement"][0]["Principal"] == {"AWS": "*"}
    assert point.file_system is fs
    assert point.root_directory == "/data"
    assert point.creation_info is False


def test_cloudformation_volumes_link(tmp_path):
    model = _cloudformation(tmp_path)
    (task,) = model.task_definitions
    plain, data = task.volumes
    assert plain.efs is None
    assert data.efs.iam == "ENABLED"
    assert data.efs.root_directory == "/"
    assert data.efs.file_system is model.efs_file_systems[0]
    assert isinstance(data.efs.access_point, EfsAccessPoint)
    assert data.where("efsVolumeConfiguration.authorizationConfig.iam").line == 29


def test_cloudformation_read_only_string(tmp_path):
    model = _cloudformation(tmp_path)
    (mount_point,) = model.task_definitions[0].known_containers()[0].mount_points
    assert mount_point.source_volume == "data"
    assert mount_point.read_only is True


def test_terraform_policy_and_access_point(tmp_path):
    model = _terraform(tmp_path, CONFIGURATION)
    (fs,) = model.efs_file_systems
    (point,) = model.efs_access_points
    assert fs.policy["Statement"][0]["Action"] == ["elasticfilesystem:ClientMount"]
    assert point.file_system is fs
    assert point.root_directory == "/data"
    assert point.creation_info is True


def test_terraform_second_volume_block(tmp_path):
    model = _terraform(tmp_path, CONFIGURATION)
    (task,) = model.task_definitions
    scratch, data = task.volumes
    assert scratch.efs is None
    assert data.name == "data"
    assert data.efs.file_system is model.efs_file_systems[0]
    assert data.efs.root_directory == "/data"
    assert data.efs.iam == "DISABLED"
    # Only the first volume block has attribute lines, so the second is placed at its
    # efs_volume_configuration block.
    assert data.where("efsVolumeConfiguration.rootDirectory").line == 39


def test_terraform_dynamic_volumes_unknown(tmp_path):
    model = _terraform(tmp_path, DYNAMIC)
    assert is_unknown(model.task_definitions[0].volumes)
