"""Cause 4: the image is built for another CPU architecture than the task runs on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.images import ImageReference
from ecslint.model import Model
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import images
from ecslint.rules.base import Finding, Rule, Severity

# Docker Hub namespaces of the official images built for one architecture
# (https://github.com/docker-library/official-images#architectures-other-than-amd64).
_NAMESPACES = {"arm64v8": "ARM64", "amd64": "X86_64"}
# Words in a tag or repository name that declare an architecture, such as 1.4-arm64 or app_amd64.
_WORDS = {"arm64": "ARM64", "aarch64": "ARM64", "arm64v8": "ARM64", "amd64": "X86_64"}
_WORD = re.compile(r"(?:^|[-_.])(arm64v8|arm64|aarch64|amd64|x86_64|x86-64)(?=$|[-_.])")


def declared_architecture(image: ImageReference) -> str | None:
    """Return the architecture the image's name or tag declares, or None."""
    parts = image.repository.split("/")
    if image.on_docker_hub and len(parts) > 1 and parts[0] in _NAMESPACES:
        return _NAMESPACES[parts[0]]
    for text in (image.tag if image.known("tag") else None, parts[-1]):
        match = _WORD.search(text or "")
        if match:
            return _WORDS.get(match.group(1), "X86_64")
    return None


class ImageArchitectureMismatch(Rule):
    """Image whose name or tag declares another architecture than the task.

    ## What it does
    Reads the architecture an image declares in its name or tag and compares it with the task's
    `runtimePlatform.cpuArchitecture`, which is X86_64 when absent. An image declares one through
    the `arm64v8/` and `amd64/` Docker Hub namespaces, or a word such as `arm64`, `aarch64`,
    `amd64` or `x86_64` in the tag or repository name.

    ## Why it fails the task
    A single-architecture image has no manifest for the task's platform. The pull fails with
    `CannotPullContainerError: ... httpReaderSeeker: failed open` or `no matching manifest for
    linux/amd64`, or the container starts and exits with `exec format error`.

    ## Example
    ```json
    {"family": "api", "containerDefinitions": [{"name": "api", "image": "myorg/api:2.1-arm64"}]}
    ```

    ## Use instead
    ```json
    {"family": "api", "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
     "containerDefinitions": [{"name": "api", "image": "myorg/api:2.1-arm64"}]}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#runtime-platform
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm64.html
    """

    code = "ECS401"
    name = "image-architecture-mismatch"
    cause = 4
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            architecture = task.cpu_architecture
            if is_unknown(architecture):
                continue
            for container, image in images(task):
                declared = declared_architecture(image)
                if declared is None or declared == architecture.upper():
                    continue
                yield self.report(
                    container,
                    "image",
                    f'container `{container.name}`: image "{image.text}" is built for '
                    f"{declared}, but the task runs on {architecture}",
                    f'set runtimePlatform.cpuArchitecture to "{declared}", or use an image built '
                    f"for {architecture} (docker buildx build --platform "
                    f"linux/{'arm64' if architecture == 'ARM64' else 'amd64'})",
                    resource=task.name,
                )


class DockerfilePlatformMismatch(Rule):
    """Dockerfile beside the task pinned to another architecture with `FROM --platform`.

    ## What it does
    Reads the Dockerfiles in the same directory as a task definition, template or Terraform
    configuration. When the last stage starts with `FROM --platform=linux/<arch>` and every task
    definition of the input runs on another architecture, the Dockerfile is flagged. A platform
    given through a build argument (`$BUILDPLATFORM`, `$TARGETPLATFORM`) is chosen at build time
    and is not flagged.

    ## Why it fails the task
    `--platform` on the final stage fixes the architecture of the image whatever machine builds
    it. An arm64 image on an X86_64 task (or the reverse) fails to pull with
    `CannotPullContainerError: ... no matching manifest` or starts with `exec format error`.

    ## Example
    ```dockerfile
    FROM --platform=linux/arm64 python:3.12-slim
    ```
    beside a task definition without `runtimePlatform` (X86_64).

    ## Use instead
    ```dockerfile
    FROM --platform=$TARGETPLATFORM python:3.12-slim
    ```
    built with `docker buildx build --platform linux/amd64`, or set the task's
    `runtimePlatform.cpuArchitecture` to ARM64.

    ## Known problems
    The Dockerfile is matched to the inputs of its own directory only; a Dockerfile elsewhere in
    the repository is not linked to a task.

    ## References
    - https://docs.docker.com/reference/dockerfile/#from
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm64.html
    """

    code = "ECS404"
    name = "dockerfile-platform-mismatch"
    cause = 4
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        tasks = model.task_definitions
        architectures = {task.cpu_architecture for task in tasks}
        if not tasks or any(is_unknown(a) or not isinstance(a, str) for a in architectures):
            return
        for pinned in model.dockerfiles:
            if pinned.architecture in {a.upper() for a in architectures}:
                continue
            names = ", ".join(f"`{task.name}`" for task in tasks)
            running = ", ".join(sorted(architectures))
            yield Finding(
                rule=self.code,
                severity=self.severity,
                location=pinned.location,
                resource=tasks[0].name,
                message=f"Dockerfile builds for {pinned.platform}, but task definition {names} "
                f"runs on {running}",
                fix="use FROM --platform=$TARGETPLATFORM and build for the task's architecture, "
                "or set runtimePlatform.cpuArchitecture to match the image",
                cause=self.cause,
            )
