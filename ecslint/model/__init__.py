"""The format-neutral model that every loader fills and every rule reads.

One ``Model`` contains what one input describes: a task-definition file, a CloudFormation template
(with the nested stacks it reads), or a Terraform configuration. Rules never learn which format
it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.model.base import Node
from ecslint.model.capacity import AutoScalingGroup, CapacityProvider, LaunchTemplate
from ecslint.model.ecs import Cluster, Container, RoleReference, Secret, Service, TaskDefinition
from ecslint.model.efs import EfsAccessPoint, EfsFileSystem
from ecslint.model.iam import InstanceProfile, Role
from ecslint.model.network import (
    InternetGateway,
    NatGateway,
    NetworkAcl,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from ecslint.model.registry import (
    KmsKey,
    LogGroup,
    PullThroughCacheRule,
    Repository,
    SecretResource,
)
from ecslint.model.values import Location, Unknown, has_placeholder, is_unknown

# Kinds of network resources that ``Model.incomplete`` can name.
NETWORK_KINDS = frozenset(
    {
        "vpc",
        "subnet",
        "route",
        "internet-gateway",
        "nat-gateway",
        "vpc-endpoint",
        "security-group",
        "security-group-rule",
        "network-acl",
    }
)

__all__ = [
    "NETWORK_KINDS",
    "Container",
    "Location",
    "Model",
    "Node",
    "RoleReference",
    "Secret",
    "Service",
    "TaskDefinition",
    "Unknown",
    "has_placeholder",
    "is_unknown",
]


@dataclass(eq=False)
class Model:
    """Everything one input declares.

    ``kind`` names the input kind (``taskdef``, ``cloudformation``, ``terraform``, ``plan``) for
    reporting only. ``standalone`` is True for a bare task-definition file, which describes nothing
    about networks or roles, so rules that need those stay silent. ``unknowns`` collects what
    could not be resolved, for ``--show-unknown``. ``suppressions`` maps a line number of
    ``path`` to the rule codes (or code prefixes) an inline comment suppresses there.
    """

    path: str
    kind: str
    standalone: bool = False
    task_definitions: list[TaskDefinition] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    vpcs: list[Vpc] = field(default_factory=list)
    subnets: list[Subnet] = field(default_factory=list)
    route_tables: list[RouteTable] = field(default_factory=list)
    internet_gateways: list[InternetGateway] = field(default_factory=list)
    nat_gateways: list[NatGateway] = field(default_factory=list)
    vpc_endpoints: list[VpcEndpoint] = field(default_factory=list)
    security_groups: list[SecurityGroup] = field(default_factory=list)
    network_acls: list[NetworkAcl] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    instance_profiles: list[InstanceProfile] = field(default_factory=list)
    launch_templates: list[LaunchTemplate] = field(default_factory=list)
    auto_scaling_groups: list[AutoScalingGroup] = field(default_factory=list)
    capacity_providers: list[CapacityProvider] = field(default_factory=list)
    repositories: list[Repository] = field(default_factory=list)
    pull_through_cache_rules: list[PullThroughCacheRule] = field(default_factory=list)
    log_groups: list[LogGroup] = field(default_factory=list)
    secrets: list[SecretResource] = field(default_factory=list)
    kms_keys: list[KmsKey] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    efs_file_systems: list[EfsFileSystem] = field(default_factory=list)
    efs_access_points: list[EfsAccessPoint] = field(default_factory=list)
    # Platforms pinned by Dockerfiles beside the input (``ecslint.dockerfiles``).
    dockerfiles: list = field(default_factory=list)
    unknowns: list[tuple[Location, str]] = field(default_factory=list)
    suppressions: dict[int, set[str]] = field(default_factory=dict)
    # Suppressions of other files read into this model (nested stacks, modules), by path.
    file_suppressions: dict[str, dict[int, set[str]]] = field(default_factory=dict)
    # Codes suppressed for a whole resource, by resource name (CloudFormation Metadata).
    resource_suppressions: dict[str, set[str]] = field(default_factory=dict)
    # Kinds of resources (see NETWORK_KINDS) the input may declare but the loader left out,
    # for example a Terraform route whose ``count`` could not be evaluated.
    incomplete: set[str] = field(default_factory=set)

    def note_unknown(self, location: Location, what: str) -> None:
        """Record a value that could not be resolved, for ``--show-unknown``."""
        if (location, what) not in self.unknowns:
            self.unknowns.append((location, what))
