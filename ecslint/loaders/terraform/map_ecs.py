"""Map ECS resources: task definitions, services, clusters and capacity providers.

A task definition's attributes are renamed to the RegisterTaskDefinition API's names and the
document goes through ``build_task_definition``, like every other input format.
"""

from __future__ import annotations

import re
from typing import Any

from ecslint.loaders.ecs_api import build_task_definition
from ecslint.loaders.terraform.api_names import canonical_containers
from ecslint.loaders.terraform.build import (
    Builder,
    base_node,
    line_in_module_calls,
    node_positions,
)
from ecslint.loaders.terraform.expressions import evaluate
from ecslint.loaders.terraform.map_efs import link_volumes, locate_volume, volumes_document
from ecslint.loaders.terraform.resources import (
    Ref,
    Resource,
    as_bool,
    as_int,
    as_json,
    as_text,
    blocks,
    first_block,
)
from ecslint.loaders.terraform.scope import expand_repository_urls
from ecslint.model import RoleReference, Service, TaskDefinition
from ecslint.model.capacity import CapacityProvider
from ecslint.model.ecs import CapacityProviderItem, Cluster
from ecslint.model.iam import Role
from ecslint.model.network import SecurityGroup, Subnet
from ecslint.model.registry import Repository
from ecslint.model.values import Location, Unknown, is_unknown

TASK_ATTRIBUTES = {
    "family": "family",
    "requiresCompatibilities": "requires_compatibilities",
    "networkMode": "network_mode",
    "cpu": "cpu",
    "memory": "memory",
    "executionRoleArn": "execution_role_arn",
    "taskRoleArn": "task_role_arn",
}
NESTED_ATTRIBUTES = {
    "runtimePlatform": (
        "runtime_platform",
        {"cpuArchitecture": "cpu_architecture", "operatingSystemFamily": "operating_system_family"},
    ),
    "ephemeralStorage": ("ephemeral_storage", {"sizeInGiB": "size_in_gib"}),
}
ECR_IMAGE = re.compile(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/([^:@]+)")
REPOSITORY_PLACEHOLDER = re.compile(r"\$\{((?:module\.[\w-]+\.)*aws_ecr_repository\.[\w-]+)")
SERVICE_POSITIONS = {
    "task_definition": "task_definition",
    "launch_type": "launch_type",
    "capacity_provider_strategy": "capacity_provider_strategy",
    "platform_version": "platform_version",
    "subnets": "network_configuration.subnets",
    "security_groups": "network_configuration.security_groups",
    "assign_public_ip": "network_configuration.assign_public_ip",
    "network_configuration": "network_configuration",
}


def task_document(builder: Builder, resource: Resource) -> dict[str, Any]:
    """Return the task definition in the API's JSON shape."""
    document: dict[str, Any] = {}
    for api_name, tf_name in TASK_ATTRIBUTES.items():
        if tf_name in resource.values:
            document[api_name] = _api_value(resource.values[tf_name])
    for api_name, (tf_name, members) in NESTED_ATTRIBUTES.items():
        block = first_block(resource.values, tf_name)
        nested = {key: _api_value(block[tf]) for key, tf in members.items() if tf in block}
        if nested:
            document[api_name] = nested
    definitions = resource.get("container_definitions")
    tree = resource.expressions.get("container_definitions")
    if isinstance(definitions, str) and builder.scope_for is not None:
        scope = builder.scope_for(resource)
        definitions = expand_repository_urls(definitions, scope.module, scope.attribute_text)
    unresolved = is_unknown(definitions) or is_unknown(as_json(definitions))
    if unresolved and tree is not None and builder.scope_for is not None:
        # tfparse returns null, or cuts a heredoc short, where a part is known only after
        # apply. The expression is then evaluated again, with such parts as placeholders.
        definitions = evaluate(tree, builder.scope_for(resource))
    if definitions is not None:
        document["containerDefinitions"] = _container_definitions(definitions)
    volumes = volumes_document(resource)
    if volumes is not None:
        document["volumes"] = volumes
    return document


def _api_value(value: Any) -> Any:
    if isinstance(value, Ref):
        return Unknown(f"{value.address} is not known before apply")
    return value


def _container_definitions(value: Any) -> Any:
    decoded = as_json(value)
    if is_unknown(decoded):
        return decoded
    if not isinstance(decoded, list):
        return Unknown("container_definitions is not a JSON list")
    return canonical_containers(_without_nulls(decoded))


def _without_nulls(value: Any) -> Any:
    """Drop null members, which the provider and the ECS API treat as absent."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def create_task_definition(builder: Builder, resource: Resource) -> None:
    document = task_document(builder, resource)

    def locate(path) -> Location:
        return _locate(builder, resource, document, list(path))

    task = build_task_definition(document, resource.address, locate, validate=False)
    task.location = resource.location
    if is_unknown(task.containers):
        builder.model.note_unknown(
            resource.where("container_definitions"),
            f"{resource.address}.container_definitions: {task.containers.reason}",
        )
    builder.model.task_definitions.append(builder.register(resource, task))


def _locate(builder: Builder, resource: Resource, document: dict, path: list) -> Location:
    """Map a path in the API document to the line of the Terraform attribute holding it."""
    if not path:
        return resource.location
    head = path[0]
    if head == "containerDefinitions":
        return _container_line(builder, resource, document, path)
    if head == "volumes":
        return locate_volume(resource, path)
    if head in TASK_ATTRIBUTES:
        return resource.where(TASK_ATTRIBUTES[head])
    if head in NESTED_ATTRIBUTES:
        tf_name, members = NESTED_ATTRIBUTES[head]
        if len(path) > 1 and path[1] in members:
            return resource.positions.get(f"{tf_name}.{members[path[1]]}", resource.where(tf_name))
        return resource.where(tf_name)
    return resource.location


def _container_line(builder: Builder, resource: Resource, document: dict, path: list) -> Location:
    """Return the line of a container attribute, found by its text in the block.

    The container is anchored at the line of its name, or of its image. A member is the first
    line after the anchor that names the deepest key of ``path``.

    NOTE: positions inside ``container_definitions`` are approximate. Text matching cannot tell
    apart two containers that repeat the same key when the anchor is missing, and a value built
    elsewhere (a local, a module) falls back to the attribute's own line.
    """
    fallback = resource.where("container_definitions")
    containers = document.get("containerDefinitions")
    if len(path) < 3 or not isinstance(containers, list) or not isinstance(path[1], int):
        return fallback
    if path[1] >= len(containers) or not isinstance(containers[path[1]], dict):
        return fallback
    container = containers[path[1]]
    start = fallback.line if fallback.path == resource.location.path else None
    image = container.get("image")
    if path[2] == "image" and isinstance(image, str):
        return (
            _member_line(builder, resource, "image", image, start)
            or line_in_module_calls(builder, resource, f'"{image}"')
            or fallback
        )
    anchor = _container_anchor(builder, resource, container, start)
    keys = [key for key in path[2:] if isinstance(key, str)]
    if anchor is None or not keys:
        return fallback
    return builder.line_of_text(resource, keys[-1], after=anchor.line) or fallback


def _container_anchor(
    builder: Builder, resource: Resource, container: dict, start: int | None
) -> Location | None:
    for key in ("name", "image"):
        value = container.get(key)
        if isinstance(value, str) and value:
            found = _member_line(builder, resource, key, value, start)
            if found is not None:
                return found
    return None


def _member_line(
    builder: Builder, resource: Resource, key: str, value: str, start: int | None
) -> Location | None:
    """Return the line of ``key = "value"`` (HCL) or ``"key": "value"`` (JSON text).

    Failing that, the first line with the quoted value, so that ``family = "web"`` above a
    container named "web" is found only when nothing better is.
    """
    member = re.compile(rf'(?<![\w-])"?{re.escape(key)}"?\s*[=:]\s*"{re.escape(value)}"')
    return (
        builder.line_of_text(resource, member, after=start)
        or builder.line_of_text(resource, member)
        or builder.line_of_text(resource, f'"{value}"', after=start)
        or builder.line_of_text(resource, f'"{value}"')
    )


def link_task_definition(builder: Builder, resource: Resource) -> None:
    task = builder.objects.get(resource.address)
    if not isinstance(task, TaskDefinition):
        return
    task.execution_role = _role_reference(builder, resource.get("execution_role_arn"))
    task.task_role = _role_reference(builder, resource.get("task_role_arn"))
    for container in task.known_containers():
        container.repository = _repository_of(builder, container.image)
    link_volumes(builder, resource, task)


def _role_reference(builder: Builder, value: Any) -> RoleReference | None:
    """Return what a task definition names as a role, linked to the role object if defined."""
    if value is None or value == "":
        return None
    if isinstance(value, Ref):
        role = builder.lookup(value, Role)
        known = role if isinstance(role, Role) else None
        return RoleReference(Unknown(f"ARN of {value.address}"), known)
    reference = RoleReference(value if isinstance(value, str) else as_text(value))
    if isinstance(value, str):
        reference.role = _role_named(builder, value)
    return reference


def _role_named(builder: Builder, arn_or_name: str) -> Role | None:
    name = arn_or_name.rsplit("/", 1)[-1]
    for role in builder.model.roles:
        if role.role_name == name:
            return role
    return None


def _repository_of(builder: Builder, image: Any) -> Repository | None:
    """Return the repository of this configuration that ``image`` names, if any."""
    if not isinstance(image, str):
        return None
    placeholder = REPOSITORY_PLACEHOLDER.search(image)
    if placeholder:
        found = builder.objects.get(placeholder.group(1))
        return found if isinstance(found, Repository) else None
    match = ECR_IMAGE.match(image)
    if not match:
        return None
    for repository in builder.model.repositories:
        if repository.repository_name == match.group(1):
            return repository
    return None


def _network_unknown(resource: Resource) -> Unknown | None:
    """Return why the service's network settings are unknown: a dynamic block not expanded."""
    if "network_configuration" in resource.dynamic_blocks and not blocks(
        resource.values, "network_configuration"
    ):
        return Unknown(f"{resource.address}.network_configuration is a dynamic block not known")
    return None


def create_service(builder: Builder, resource: Resource) -> None:
    network = first_block(resource.values, "network_configuration")
    unknown = _network_unknown(resource)
    service = Service(
        **base_node(resource),
        positions=node_positions(resource, SERVICE_POSITIONS),
        launch_type=as_text(resource.get("launch_type")),
        platform_version=as_text(resource.get("platform_version")),
        assign_public_ip=(
            unknown if unknown is not None else as_bool(network.get("assign_public_ip"), False)
        ),
        # The AWS provider documents desired_count as "Defaults to 0".
        desired_count=as_int(resource.get("desired_count", 0)),
    )
    builder.model.services.append(builder.register(resource, service))


def link_service(builder: Builder, resource: Resource) -> None:
    service = builder.objects.get(resource.address)
    if not isinstance(service, Service):
        return
    network = first_block(resource.values, "network_configuration")
    definition = resource.get("task_definition")
    if definition is not None:
        service.task_definition = builder.lookup(definition, TaskDefinition)
    unknown = _network_unknown(resource)
    if unknown is not None:
        service.subnets = service.security_groups = unknown
        builder.model.note_unknown(resource.where("network_configuration"), unknown.reason)
    else:
        service.subnets = builder.lookup_list(network.get("subnets"), Subnet)
        service.security_groups = builder.lookup_list(network.get("security_groups"), SecurityGroup)
    service.capacity_provider_strategy = [
        CapacityProviderItem(
            provider=_provider_name(builder, item.get("capacity_provider")),
            weight=as_int(item.get("weight")),
            base=as_int(item.get("base")),
        )
        for item in blocks(resource.values, "capacity_provider_strategy")
    ]
    cluster = resource.get("cluster")
    service.cluster = builder.lookup(cluster, Cluster) if isinstance(cluster, Ref) else cluster


def _provider_name(builder: Builder, value: Any) -> str | Unknown:
    if isinstance(value, Ref):
        provider = builder.lookup(value, CapacityProvider)
        if isinstance(provider, CapacityProvider) and provider.provider_name is not None:
            return provider.provider_name
        return Unknown(f"name of {value.address}")
    text = as_text(value)
    return text if text is not None else Unknown("capacity provider not given")


def create_cluster(builder: Builder, resource: Resource) -> None:
    cluster = Cluster(**base_node(resource), cluster_name=as_text(resource.get("name")))
    builder.model.clusters.append(builder.register(resource, cluster))


def link_cluster(builder: Builder, resource: Resource) -> None:
    cluster = builder.objects.get(resource.address)
    if isinstance(cluster, Cluster) and isinstance(resource.get("capacity_providers"), list):
        cluster.capacity_providers.extend(_providers(builder, resource.get("capacity_providers")))


def link_cluster_capacity_providers(builder: Builder, resource: Resource) -> None:
    """Attach ``aws_ecs_cluster_capacity_providers`` to its cluster (by reference or name)."""
    target = resource.get("cluster_name")
    cluster = builder.lookup(target, Cluster) if isinstance(target, Ref) else None
    if cluster is None and isinstance(target, str):
        cluster = next((c for c in builder.model.clusters if c.cluster_name == target), None)
    if isinstance(cluster, Cluster):
        cluster.capacity_providers.extend(
            _providers(builder, resource.get("capacity_providers", []))
        )


def _providers(builder: Builder, values: Any) -> list[Any]:
    if not isinstance(values, list):
        return [Unknown("capacity providers not known")]
    found = []
    for value in values:
        provider = builder.lookup_named(value, "aws_ecs_capacity_provider", CapacityProvider)
        # FARGATE and FARGATE_SPOT are AWS's providers, kept by name.
        found.append(provider if isinstance(provider, CapacityProvider) else value)
    return found
