"""EFS file systems, their access points, and the EFS configuration of task-definition volumes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslint.model.base import Node
from ecslint.model.values import Unknown


@dataclass(eq=False)
class EfsFileSystem(Node):
    """An EFS file system that the same stack or configuration creates, so it starts empty.

    ``policy`` is the file system policy document, or None when none is set. EFS then applies
    its default policy, which gives full access to any client that connects through a mount
    target.
    """

    policy: dict[str, Any] | Unknown | None = None


@dataclass(eq=False)
class EfsAccessPoint(Node):
    """An EFS access point. ``creation_info`` is True when it has ``CreationInfo``.

    EFS creates a missing root directory on the first mount through the access point only when
    the access point has creation info. Without it, that mount fails.
    """

    file_system: EfsFileSystem | Unknown | None = None
    root_directory: str | Unknown = "/"
    creation_info: bool | Unknown = False


@dataclass(eq=False)
class EfsVolumeConfiguration:
    """A volume's ``efsVolumeConfiguration`` with the ECS API's defaults applied.

    ``file_system`` and ``access_point`` are the objects of the same stack or configuration that
    ``file_system_id`` and ``access_point_id`` name, when the loader could link them.
    """

    file_system_id: str | Unknown | None = None
    root_directory: str | Unknown = "/"
    iam: str | Unknown = "DISABLED"
    access_point_id: str | Unknown | None = None
    transit_encryption: str | Unknown = "DISABLED"
    file_system: EfsFileSystem | None = None
    access_point: EfsAccessPoint | None = None
