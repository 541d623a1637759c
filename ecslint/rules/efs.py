"""EFS volumes that cannot be mounted: a missing root directory, or a mount IAM denies.

Both rules read the file systems and access points that the same stack or configuration
creates, and stay silent on a file system, access point, role or policy they cannot see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.iam import Decision, evaluate, role_documents
from ecslint.iam.match import Match, any_of
from ecslint.model import Model, TaskDefinition
from ecslint.model.ecs import Volume
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem, EfsVolumeConfiguration
from ecslint.model.iam import Role
from ecslint.model.values import Unknown, has_placeholder, is_unknown
from ecslint.rules._permissions import ACCOUNT, PARTITION, REGION, mask_references
from ecslint.rules.base import Finding, Rule, Severity

CLIENT_MOUNT = "elasticfilesystem:ClientMount"
CLIENT_WRITE = "elasticfilesystem:ClientWrite"


def efs_volumes(task: TaskDefinition) -> Iterator[tuple[Volume, EfsVolumeConfiguration]]:
    """Yield each volume of the task definition that has a known EFS configuration."""
    if is_unknown(task.volumes):
        return
    for volume in task.volumes:
        if isinstance(volume.efs, EfsVolumeConfiguration):
            yield volume, volume.efs


def normalized_path(path: str) -> str:
    """Return a directory path without trailing slashes; the root stays "/"."""
    return "/" + path.strip("/")


def _may_create(access_point: EfsAccessPoint, file_system: EfsFileSystem, path: str) -> bool:
    """Return True unless the access point is known not to create ``path`` on ``file_system``."""
    if access_point.file_system is not file_system and not is_unknown(access_point.file_system):
        return False
    root = access_point.root_directory
    if isinstance(root, str) and not has_placeholder(root) and normalized_path(root) != path:
        return False
    return access_point.creation_info is not False


def directory_created(model: Model, file_system: EfsFileSystem, path: str) -> bool:
    """Return True when an access point of the model may create ``path`` on ``file_system``."""
    return any(_may_create(point, file_system, path) for point in model.efs_access_points)


def _new_directory(path: object) -> str | None:
    """Return a known directory path other than the root, normalized, or None."""
    if not isinstance(path, str) or has_placeholder(path):
        return None
    path = normalized_path(path)
    return None if path == "/" else path


class EfsRootDirectoryMissing(Rule):
    """EFS volume rooted at a directory that nothing creates on a new file system.

    ## What it does
    Checks each EFS volume of a task definition on a file system that the same stack or
    configuration creates. The mount starts at the volume's `rootDirectory`, or at the root
    directory of the access point the volume mounts through. The rule reports that directory
    when it is not `/` and no access point of that file system with creation info
    (owner UID, GID and permissions) has it as its root directory. A file system from outside
    the stack, an access point from outside it, or any unknown path keeps the rule silent.

    ## Why it fails the task
    A new file system holds only its root directory. The mount of a directory that does not
    exist fails, and the task stops with `ResourceInitializationError: failed to invoke EFS
    utils commands to set up EFS volumes: ... mount.nfs4: mounting ...:/grafana failed, reason
    given by server: No such file or directory`. EFS creates an access point's root directory
    on the first mount through it only when the access point has creation info; without it,
    that mount fails the same way.

    ## Example
    ```hcl
    resource "aws_efs_file_system" "data" {}

    resource "aws_ecs_task_definition" "grafana" {
      volume {
        name = "grafana-data"
        efs_volume_configuration {
          file_system_id = aws_efs_file_system.data.id
          root_directory = "/grafana"
        }
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_efs_access_point" "grafana" {
      file_system_id = aws_efs_file_system.data.id
      root_directory {
        path = "/grafana"
        creation_info {
          owner_uid   = 472
          owner_gid   = 472
          permissions = "755"
        }
      }
    }
    ```
    and mount with `authorization_config { access_point_id = aws_efs_access_point.grafana.id }`,
    `transit_encryption = "ENABLED"` and `root_directory` omitted.

    ## Known problems
    Anything that creates the directory outside the scanned files, such as another task that
    mounts `/` and runs `mkdir`, is not seen. An access point with creation info for the same
    path keeps the rule silent although it creates the directory only when a client first
    mounts through it.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specify-efs-config.html
    - https://docs.aws.amazon.com/efs/latest/ug/efs-access-points.html
    - https://docs.aws.amazon.com/efs/latest/ug/API_RootDirectory.html
    """

    code = "ECS809"
    name = "efs-root-directory-missing"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for volume, efs in efs_volumes(task):
                if efs.access_point_id is None:
                    finding = self._root_directory_finding(model, task, volume, efs)
                else:
                    finding = self._access_point_finding(model, task, volume, efs)
                if finding is not None:
                    yield finding

    def _root_directory_finding(
        self, model: Model, task: TaskDefinition, volume: Volume, efs: EfsVolumeConfiguration
    ) -> Finding | None:
        file_system, path = efs.file_system, _new_directory(efs.root_directory)
        if file_system is None or path is None or directory_created(model, file_system, path):
            return None
        return self.report(
            volume,
            "efsVolumeConfiguration.rootDirectory",
            f"Volume `{volume.name}` of task definition `{task.name}` mounts `{path}` on EFS "
            f"file system `{file_system.name}`, which this stack or configuration creates "
            f"empty, and no access point with creation info creates `{path}`",
            f"mount through an access point whose root directory is `{path}` with creation "
            "info (owner UID, GID and permissions), and set rootDirectory to `/`",
            resource=task.name,
        )

    def _access_point_finding(
        self, model: Model, task: TaskDefinition, volume: Volume, efs: EfsVolumeConfiguration
    ) -> Finding | None:
        point = efs.access_point
        if point is None or not isinstance(point.file_system, EfsFileSystem):
            return None
        path = _new_directory(point.root_directory)
        if path is None or point.creation_info is not False:
            return None
        if directory_created(model, point.file_system, path):
            return None
        return self.report(
            volume,
            "efsVolumeConfiguration.authorizationConfig.accessPointId",
            f"Volume `{volume.name}` of task definition `{task.name}` mounts through EFS access "
            f"point `{point.name}`, whose root directory `{path}` does not exist on file system "
            f"`{point.file_system.name}`, which this stack or configuration creates empty, and "
            "the access point has no creation info",
            f"add creation info (owner UID, GID and permissions) to the root directory of "
            f"access point `{point.name}`, so that EFS creates `{path}` on the first mount",
            resource=task.name,
        )


_IAM_ATTRIBUTE = "efsVolumeConfiguration.authorizationConfig.iam"
_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_ROLE_PRINCIPAL = re.compile(r"arn:[^:]+:(?:iam|sts)::[^:]*:(role|assumed-role)/(.+)")
# A file system policy applies only to its own file system, so its Resource is not compared.
_RESOURCE_KEYS = ("Principal", "NotPrincipal", "Resource", "NotResource")


def iam_enabled(efs: EfsVolumeConfiguration) -> bool:
    return isinstance(efs.iam, str) and efs.iam.upper() == "ENABLED"


def required_actions(task: TaskDefinition, volume: Volume) -> list[str]:
    """Return ClientMount, and ClientWrite when a container mounts the volume read-write."""
    actions = [CLIENT_MOUNT]
    for container in task.known_containers():
        if is_unknown(container.mount_points):
            continue
        for mount_point in container.mount_points:
            if mount_point.source_volume == volume.name and mount_point.read_only is False:
                return [CLIENT_MOUNT, CLIENT_WRITE]
    return actions


def file_system_arn(efs: EfsVolumeConfiguration) -> str:
    """Return the ARN EFS authorizes the mount on, with placeholders for unknown parts."""
    if efs.file_system is not None:
        identifier = "${" + efs.file_system.name + "}"
    elif isinstance(efs.file_system_id, str) and efs.file_system_id:
        identifier = efs.file_system_id
    else:
        identifier = "${FileSystemId}"
    return f"arn:{PARTITION}:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{identifier}"


def principal_match(statement: dict, role: Role) -> Match:
    """Return whether a file system policy statement's ``Principal`` names the role."""
    if "NotPrincipal" in statement or "Principal" not in statement:
        return Match.MAYBE
    principal = statement["Principal"]
    if principal == "*":
        return Match.YES
    if not isinstance(principal, dict):
        return Match.MAYBE
    if "AWS" not in principal:
        # Service, federated and canonical-user principals never name a role.
        return Match.NO
    values = principal["AWS"]
    values = [values] if isinstance(values, str) else values
    if not isinstance(values, list):
        return Match.MAYBE
    return any_of(_aws_principal_match(value, role) for value in values)


def _aws_principal_match(value: object, role: Role) -> Match:
    if not isinstance(value, str):
        return Match.MAYBE
    # NOTE: a grant to the account counts as a grant to the role. IAM then also requires the
    # role's own policy to allow the action, so the rule misses that failure.
    if value == "*" or _ACCOUNT_ID.fullmatch(value) or value.endswith(":root"):
        return Match.YES
    if has_placeholder(value):
        return Match.MAYBE
    found = _ROLE_PRINCIPAL.fullmatch(value)
    if found is None:
        return Match.NO
    kind, rest = found.groups()
    name = rest.split("/")[0] if kind == "assumed-role" else rest.rsplit("/", 1)[-1]
    if role.role_name is None:
        # CloudFormation and Terraform generate the name at deployment, so a name written in a
        # policy cannot be it.
        return Match.NO
    if not isinstance(role.role_name, str) or has_placeholder(role.role_name):
        return Match.MAYBE
    return Match.YES if name == role.role_name else Match.NO


def file_system_decision(file_system: EfsFileSystem | None, role: Role, action: str) -> Decision:
    """Evaluate ``action`` for the role against the file system policy alone."""
    if file_system is None:
        return Decision.UNKNOWN
    if file_system.policy is None:
        # The default policy gives full access to every client of a mount target.
        return Decision.ALLOW
    policy = mask_references(file_system.policy)
    statements = policy.get("Statement") if isinstance(policy, dict) else None
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list):
        return Decision.UNKNOWN
    scoped = [_scoped(statement, role) for statement in statements]
    applicable = [statement for statement in scoped if statement is not None]
    return evaluate([{"Statement": applicable}], action, "*")


def _scoped(statement: object, role: Role) -> object:
    """Return the statement as it applies to the role, or None when it names another principal."""
    if not isinstance(statement, dict):
        return statement
    match = principal_match(statement, role)
    if match is Match.NO:
        return None
    scoped = {key: value for key, value in statement.items() if key not in _RESOURCE_KEYS}
    scoped["Resource"] = "*"
    if match is Match.MAYBE:
        scoped["Condition"] = Unknown("the statement's principal may not be the task role")
    return scoped


def denied_actions(
    role: Role, efs: EfsVolumeConfiguration, actions: list[str]
) -> list[tuple[str, Decision]]:
    """Return the actions that neither the role nor the file system policy allows.

    EFS allows an action that either policy allows, unless one of them denies it explicitly.
    """
    documents = mask_references(role_documents(role))
    resource = file_system_arn(efs)
    denied = []
    for action in actions:
        decisions = (
            evaluate(documents, action, resource),
            file_system_decision(efs.file_system, role, action),
        )
        if Decision.DENY in decisions:
            denied.append((action, Decision.DENY))
        elif decisions == (Decision.NOT_ALLOWED, Decision.NOT_ALLOWED):
            denied.append((action, Decision.NOT_ALLOWED))
    return denied


def _file_system_phrase(efs: EfsVolumeConfiguration) -> str:
    if efs.file_system is not None:
        return f"EFS file system `{efs.file_system.name}`"
    if isinstance(efs.file_system_id, str) and efs.file_system_id:
        return f"EFS file system `{efs.file_system_id}`"
    return "an EFS file system whose id is not known"


def _listed(actions: list[str]) -> str:
    return ", ".join(f"`{action}`" for action in actions)


def _denial_text(denied: list[tuple[str, Decision]]) -> str:
    missing = [action for action, decision in denied if decision is Decision.NOT_ALLOWED]
    explicit = [action for action, decision in denied if decision is Decision.DENY]
    parts = []
    if missing:
        parts.append(f"neither its policies nor the file system policy allow {_listed(missing)}")
    if explicit:
        parts.append(f"a policy explicitly denies {_listed(explicit)}")
    return " and ".join(parts)


class EfsMountNotAuthorized(Rule):
    """EFS volume with IAM authorization whose task role may not mount the file system.

    ## What it does
    For each EFS volume with `authorizationConfig.iam` ENABLED, evaluates whether the task role
    may perform `elasticfilesystem:ClientMount` on the file system, and
    `elasticfilesystem:ClientWrite` when a container mounts the volume with `readOnly` false.
    EFS allows an action that either the role's policies or the file system policy allow,
    unless one of them denies it explicitly. The role's policies are evaluated on
    `arn:aws:elasticfilesystem:REGION:ACCOUNT:file-system/ID`. A file system policy statement
    counts for the role when its principal is `*`, the account, or the role's ARN; a statement
    with a condition, or a principal that may be the role, keeps the rule silent. A task
    definition without a task role is reported too, because the mount has no identity then.
    A file system without a policy has the default policy, which allows every client, and a
    role, file system or policy outside the scanned files keeps the rule silent.

    ## Why it fails the task
    With IAM authorization the EFS mount helper connects as the task role. When EFS denies
    `ClientMount`, the task stops with `ResourceInitializationError: failed to invoke EFS utils
    commands to set up EFS volumes: ... mount.nfs4: access denied by server while mounting
    ...`. Without `ClientWrite` the client has read-only access, so a read-write mount cannot
    write.

    ## Example
    A file system whose `FileSystemPolicy` allows `elasticfilesystem:ClientMount` only to
    `arn:aws:iam::123456789012:role/efs-admin`, and a task definition with
    `AuthorizationConfig: {IAM: ENABLED}` whose task role has only an S3 policy.

    ## Use instead
    Allow `elasticfilesystem:ClientMount` and `elasticfilesystem:ClientWrite` on the file system
    to the task role, in the role's policy or in the file system policy.

    ## Known problems
    A grant to the account root in the file system policy counts as a grant to the role,
    although IAM then also requires the role's own policy to allow the action. Without
    `ClientWrite` alone the task may start with a read-only file system and fail on its first
    write instead.
    For a task definition without a task role, ecslint does not know whether ECS rejects it
    when it is registered or the mount fails when the task starts. Either way the task does
    not run.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specify-efs-config.html
    - https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
    """

    code = "ECS810"
    name = "efs-mount-not-authorized"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for volume, efs in efs_volumes(task):
                if not iam_enabled(efs):
                    continue
                finding = self._volume_finding(task, volume, efs)
                if finding is not None:
                    yield finding

    def _volume_finding(
        self, task: TaskDefinition, volume: Volume, efs: EfsVolumeConfiguration
    ) -> Finding | None:
        actions = required_actions(task, volume)
        subject = (
            f"Volume `{volume.name}` of task definition `{task.name}` mounts "
            f"{_file_system_phrase(efs)} with IAM authorization"
        )
        if task.task_role is None:
            return self.report(
                volume,
                _IAM_ATTRIBUTE,
                f"{subject}, but the task definition has no task role to mount as",
                f"set a task role that allows {_listed(actions)} on the file system, or set "
                "authorizationConfig.iam to DISABLED",
                resource=task.name,
            )
        role = task.task_role.role
        denied = denied_actions(role, efs, actions) if isinstance(role, Role) else []
        if not denied:
            return None
        return self.report(
            volume,
            _IAM_ATTRIBUTE,
            f"{subject} as task role `{role.name}`, but {_denial_text(denied)}",
            f"allow {_listed([action for action, _ in denied])} on the file system for "
            f"`{role.name}`, in the role's policy or in the file system policy, and remove any "
            "statement that denies them",
            resource=task.name,
        )
