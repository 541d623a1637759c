"""Task definitions that RegisterTaskDefinition rejects or whose containers cannot start."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path

from ecslint.model import Model, TaskDefinition
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import task_uses
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.fargate import FARGATE_SIZES, cpu_units, describe_memory, memory_mib

_PACKAGE = Path(__file__).resolve().parent.parent


def schema_path(name: str) -> Path:
    """Return the path of a bundled schema: in the installed package, else in the source tree."""
    packaged = _PACKAGE / "schemas" / name
    return packaged if packaged.exists() else _PACKAGE.parent / "schemas" / name


@functools.cache
def _validator():
    import jsonschema

    schema = json.loads(schema_path("taskdef.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _pointer(path) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


class SchemaViolation(Rule):
    """Task definition that does not match the RegisterTaskDefinition API.

    ## What it does
    Validates task-definition JSON against a JSON schema generated from the ECS API model in
    botocore: member names, types, enumerations and required members. Each violation is reported
    with its JSON pointer.

    ## Why it fails the task
    The AWS CLI and RegisterTaskDefinition reject a task definition with an unknown member, a
    wrong type or a value outside an enumeration ("Unknown parameter in containerDefinitions[0]",
    "Invalid type for parameter"), so nothing is deployed.

    ## Example
    ```json
    {"family": "web", "networkMode": "vpc", "containerDefinitions": [{"name": "web",
      "image": "nginx:1.27.3", "essential": "yes"}]}
    ```

    ## Use instead
    ```json
    {"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web",
      "image": "nginx:1.27.3", "essential": true}]}
    ```

    ## Known problems
    Only task-definition JSON files are validated; CloudFormation and Terraform inputs are left
    to cfn-lint and `terraform validate`.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
    """

    code = "ECS001"
    name = "schema-violation"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if task.document is None or task.locate_path is None:
                continue
            for error in sorted(_validator().iter_errors(task.document), key=_error_order):
                yield self._finding(task, error)

    def _finding(self, task: TaskDefinition, error) -> Finding:
        path = list(error.absolute_path)
        message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
        return Finding(
            rule=self.code,
            severity=self.severity,
            location=task.locate_path(path),
            resource=task.name,
            message=f"{_pointer(path)}: {message}",
            fix="correct the member as the RegisterTaskDefinition API reference describes it",
            cause=self.cause,
        )


def _error_order(error) -> tuple:
    return (tuple(str(part) for part in error.absolute_path), error.message)


class FargateTaskSize(Rule):
    """Fargate task whose `cpu` and `memory` are not a supported combination.

    ## What it does
    For task definitions that require FARGATE, checks that task-level `cpu` and `memory` are
    both set and form one of the combinations in the Fargate task-size table (for example 256 CPU
    units with 512, 1024 or 2048 MiB).

    ## Why it fails the task
    RegisterTaskDefinition rejects a Fargate task definition without task-level sizes, and
    RunTask and CreateService reject unsupported combinations ("No Fargate configuration exists
    for given values").

    ## Example
    ```json
    {"family": "web", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "4096"}
    ```

    ## Use instead
    ```json
    {"family": "web", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "4096"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
    """

    code = "ECS002"
    name = "fargate-task-size"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if not task_uses(task, "FARGATE"):
                continue
            if is_unknown(task.cpu) or is_unknown(task.memory):
                continue
            if task.cpu is None or task.memory is None:
                missing = " and ".join(
                    name
                    for name, value in (("cpu", task.cpu), ("memory", task.memory))
                    if not value
                )
                yield self.report(
                    task,
                    "requiresCompatibilities",
                    f"task-level {missing} missing; Fargate requires both",
                    'set task-level "cpu" and "memory", for example "256" and "512"',
                )
                continue
            yield from self._check_combination(task)

    def _check_combination(self, task: TaskDefinition) -> Iterator[Finding]:
        cpu, memory = cpu_units(task.cpu), memory_mib(task.memory)
        if cpu is None or memory is None:
            return
        if cpu not in FARGATE_SIZES:
            supported = ", ".join(str(value) for value in FARGATE_SIZES)
            yield self.report(
                task,
                "cpu",
                f'cpu "{task.cpu}" is not a Fargate size',
                f"use one of {supported} CPU units",
            )
        elif memory not in FARGATE_SIZES[cpu]:
            yield self.report(
                task,
                "memory",
                f'memory "{task.memory}" is not supported with cpu "{task.cpu}" on Fargate',
                f"with {cpu} CPU units use {describe_memory(cpu)}",
            )


class FargateNetworkMode(Rule):
    """Fargate task whose network mode is not `awsvpc`.

    ## What it does
    Flags a task definition that requires FARGATE and sets `networkMode` to anything but
    `awsvpc`, or leaves it out.

    ## Why it fails the task
    Fargate supports only the `awsvpc` network mode, and RegisterTaskDefinition rejects other
    modes for Fargate task definitions.

    ## Example
    ```json
    {"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "bridge"}
    ```

    ## Use instead
    ```json
    {"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
    """

    code = "ECS003"
    name = "fargate-network-mode"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if not task_uses(task, "FARGATE") or is_unknown(task.network_mode):
                continue
            if task.network_mode == "awsvpc":
                continue
            shown = f'"{task.network_mode}"' if task.network_mode else "not set"
            yield self.report(
                task,
                "networkMode" if task.network_mode else "requiresCompatibilities",
                f"networkMode is {shown}, but Fargate supports only awsvpc",
                'set "networkMode": "awsvpc"',
            )


class AwsvpcHostPortMismatch(Rule):
    """`hostPort` different from `containerPort` in `awsvpc` mode.

    ## What it does
    Flags a port mapping with a `hostPort` that differs from its `containerPort` when the
    network mode is `awsvpc`.

    ## Why it fails the task
    In `awsvpc` mode the task has its own network interface and the host port is the container
    port. RegisterTaskDefinition rejects a mapping where they differ.

    ## Example
    ```json
    {"networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27.3",
      "portMappings": [{"containerPort": 8080, "hostPort": 80}]}]}
    ```

    ## Use instead
    ```json
    {"networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27.3",
      "portMappings": [{"containerPort": 8080}]}]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
    """

    code = "ECS004"
    name = "awsvpc-host-port-mismatch"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if task.network_mode != "awsvpc":
                continue
            for container in task.known_containers():
                if is_unknown(container.port_mappings):
                    continue
                for mapping in container.port_mappings:
                    host, port = mapping.host_port, mapping.container_port
                    if not isinstance(host, int) or not isinstance(port, int) or host == port:
                        continue
                    yield self.report(
                        mapping,
                        "hostPort",
                        f"container `{container.name}`: hostPort {host} differs from "
                        f"containerPort {port}, which awsvpc mode does not allow",
                        f"remove hostPort or set it to {port}",
                        resource=task.name,
                    )


class NoEssentialContainer(Rule):
    """Task definition in which no container is essential.

    ## What it does
    Flags a task definition whose containers all set `"essential": false`.

    ## Why it fails the task
    RegisterTaskDefinition requires at least one essential container; a task definition without
    one is rejected.

    ## Example
    ```json
    {"containerDefinitions": [{"name": "web", "image": "nginx:1.27.3", "essential": false}]}
    ```

    ## Use instead
    ```json
    {"containerDefinitions": [{"name": "web", "image": "nginx:1.27.3", "essential": true}]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_environment
    """

    code = "ECS005"
    name = "no-essential-container"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            containers = task.known_containers()
            if not containers or any(c.essential is not False for c in containers):
                continue
            yield self.report(
                task,
                "containerDefinitions",
                "no container is essential; ECS requires at least one",
                'set "essential": true on the main container',
            )


_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh"}
# Windows shells and the switch after which they read the rest as one command line.
_WINDOWS_SHELLS = {
    "powershell": {"-command", "-c"},
    "pwsh": {"-command", "-c"},
    "cmd": {"/c", "/k"},
}


def _shell_entry_point(entry_point) -> bool:
    """Return True for an entryPoint such as ["sh", "-c"], ["/bin/bash", "-ec"],
    ["powershell", "-Command"] or ["cmd", "/S", "/C"]."""
    if not isinstance(entry_point, list):
        return False
    words = [word for word in entry_point if isinstance(word, str)]
    names = {_program(word) for word in words}
    if names & _SHELLS:
        return any(word.startswith("-") and "c" in word for word in words)
    switches = {word.lower() for word in words}
    return any(switches & _WINDOWS_SHELLS[name] for name in names & _WINDOWS_SHELLS.keys())


def _program(word: str) -> str:
    """Return a program's name without its folder or ``.exe``: ``C:\\x\\pwsh.exe`` gives pwsh."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _single_spaced_string(value) -> str | None:
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        if " " in value[0].strip():
            return value[0]
    return None


class CommandAsSingleString(Rule):
    """`command` or `entryPoint` given as one string with spaces.

    ## What it does
    Flags a `command` or `entryPoint` whose only element contains spaces, such as
    `["node worker.js --queue jobs"]`. A `command` is accepted when `entryPoint` starts with a
    shell (`["sh", "-c"]`, `["powershell", "-Command"]`, `["cmd", "/S", "/C"]`), which expects
    the whole command line as one argument.

    ## Why it fails the task
    ECS passes each element as one argv entry without a shell. The runtime looks for an
    executable named after the whole string and the container stops with
    `CannotStartContainerError: ... exec: "node worker.js --queue jobs": executable file not
    found in $PATH`.

    ## Example
    ```json
    {"name": "worker", "image": "node:22.11.0", "command": ["node worker.js --queue jobs"]}
    ```

    ## Use instead
    ```json
    {"name": "worker", "image": "node:22.11.0", "command": ["node", "worker.js", "--queue", "jobs"]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
    - https://docs.docker.com/reference/dockerfile/#exec-form
    """

    code = "ECS006"
    name = "command-as-single-string"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container in task.known_containers():
                entry = _single_spaced_string(container.entry_point)
                command = _single_spaced_string(container.command)
                if command is not None and _shell_entry_point(container.entry_point):
                    command = None
                for attribute, value in (("entryPoint", entry), ("command", command)):
                    if value is None:
                        continue
                    yield self.report(
                        container,
                        attribute,
                        f"container `{container.name}`: {attribute} is one string with spaces, "
                        f'"{value}", which ECS runs as the name of a single executable',
                        'split it into separate elements, or use "entryPoint": ["sh", "-c"] '
                        "with the whole line as the only command element",
                        resource=task.name,
                    )
