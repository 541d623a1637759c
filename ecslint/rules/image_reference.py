"""Cause 3: the image reference names something the registry does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.images import is_bare_digest
from ecslint.model import Model
from ecslint.rules._helpers import images
from ecslint.rules.base import Finding, Rule, Severity


class InvalidImageReference(Rule):
    """Image reference that breaks the reference grammar.

    ## What it does
    Parses each container's `image` as Docker and the ECS agent do,
    `[registry/]path[:tag][@digest]`. It flags:
    - a repository with uppercase letters or characters outside `[a-z0-9._-/]`;
    - a tag longer than 128 characters or with characters outside `[A-Za-z0-9_.-]`;
    - a digest that is not `sha256:` and 64 hex digits;
    - an ECR host whose registry id is not a 12-digit account id or whose Region is malformed.

    ## Why it fails the task
    RegisterTaskDefinition rejects some of these ("Container.image contains invalid
    characters"); the rest fail at pull time with `CannotPullContainerError` because the reference
    cannot be parsed or names a registry that does not exist.

    ## Example
    ```json
    {"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/MyApp:1.0"}
    ```

    ## Use instead
    ```json
    {"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:1.0"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
    """

    code = "ECS301"
    name = "invalid-image-reference"
    cause = 3
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container, image in images(task):
                for problem in image.problems:
                    yield self.report(
                        container,
                        "image",
                        f'container `{container.name}`: image "{image.text}" is invalid: {problem}',
                        "write the image as [registry/]repository[:tag][@sha256:digest] with a "
                        "lowercase repository",
                        resource=task.name,
                    )


class LatestImageTag(Rule):
    """Image pinned to the `latest` tag.

    ## What it does
    Flags an image whose tag is `latest`.

    ## Why it fails the task
    `latest` moves with every push. ECS resolves the tag to a digest when the deployment starts,
    so tasks of one service can run different images, and a repository that stops publishing
    `latest` (or a lifecycle policy that expires the image) makes new tasks stop with
    `CannotPullContainerError: ... manifest for <image>:latest not found`.

    ## Example
    ```json
    {"name": "web", "image": "nginx:latest"}
    ```

    ## Use instead
    ```json
    {"name": "web", "image": "nginx:1.27.3"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html#deployment-container-image-stability
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS302"
    name = "latest-image-tag"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container, image in images(task):
                if image.tag == "latest" and image.digest is None:
                    yield self.report(
                        container,
                        "image",
                        f'container `{container.name}`: image "{image.text}" uses the `latest` tag',
                        "pin a version tag that exists in the repository, or a digest "
                        "(@sha256:...)",
                        resource=task.name,
                    )


class UntaggedImage(Rule):
    """Image without a tag or digest, which pulls `latest`.

    ## What it does
    Flags an image reference with neither a tag nor a digest.

    ## Why it fails the task
    Without a tag the agent pulls `latest`. Many repositories publish no `latest` tag, so the
    task stops with `CannotPullContainerError: ... manifest for <image>:latest not found`; where
    it exists it changes with every push, as `ECS302` explains.

    ## Example
    ```json
    {"name": "search", "image": "elasticsearch"}
    ```

    ## Use instead
    ```json
    {"name": "search", "image": "docker.elastic.co/elasticsearch/elasticsearch:8.15.3"}
    ```

    ## References
    - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-from-docker-hub
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS303"
    name = "untagged-image"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container, image in images(task):
                if image.tag is None and image.digest is None and image.known("repository"):
                    yield self.report(
                        container,
                        "image",
                        f'container `{container.name}`: image "{image.text}" has no tag or '
                        "digest, so ECS pulls `latest`",
                        "add a version tag that exists in the repository, or a digest "
                        "(@sha256:...)",
                        resource=task.name,
                    )


class BareDigestImage(Rule):
    """Image given as a digest alone, without a repository.

    ## What it does
    Flags an `image` that is only `sha256:<hex>`.

    ## Why it fails the task
    The agent reads `sha256` as a Docker Hub repository named `library/sha256` and the digest
    as its tag. The task stops with `CannotPullContainerError: ... failed to resolve ref
    docker.io/library/sha256:... pull access denied`. This often happens when a pipeline step
    outputs only the digest of the image it pushed.

    ## Example
    ```json
    {"name": "api", "image": "sha256:4d2c9e1b7a3f5e8d0c6b2a4f8e1d3c5b7a9f0e2d4c6b8a1f3e5d7c9b0a2f4e6d"}
    ```

    ## Use instead
    ```json
    {"name": "api", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:4d2c9e1b7a3f5e8d0c6b2a4f8e1d3c5b7a9f0e2d4c6b8a1f3e5d7c9b0a2f4e6d"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
    """

    code = "ECS304"
    name = "bare-digest-image"
    cause = 3
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container in task.known_containers():
                if isinstance(container.image, str) and is_bare_digest(container.image):
                    yield self.report(
                        container,
                        "image",
                        f'container `{container.name}`: image "{container.image}" is a digest '
                        "without a repository; ECS reads it as the Docker Hub repository "
                        "library/sha256",
                        'write "<registry>/<repository>@sha256:<digest>"',
                        resource=task.name,
                    )


_COMMIT_SHA = re.compile(r"^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])(?:[0-9a-f]{7,12}|[0-9a-f]{40})$")


class CommitTagWithoutRegistry(Rule):
    """Image tagged with a commit hash but written without a registry host.

    ## What it does
    Flags an image with no registry host and no namespace, such as `my-web:9b1f0c7e...`, whose
    tag looks like a git commit hash (7 to 12, or 40, hexadecimal characters).

    ## Why it fails the task
    A reference without a registry host is pulled from Docker Hub's official `library/`
    namespace. Official images are never tagged with commit hashes, so such a tag almost always
    belongs to an image that CI pushed to a private registry (ECR), and the registry host was lost
    when the task definition was written. The task stops with `CannotPullContainerError:
    ... manifest for my-web:<sha> not found` or `pull access denied`.

    ## Example
    ```json
    {"name": "web", "image": "my-web:9b1f0c7e2d4a6b8c0e1f3a5b7c9d1e3f5a7b9c1d"}
    ```

    ## Use instead
    ```json
    {"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-web:9b1f0c7e2d4a6b8c0e1f3a5b7c9d1e3f5a7b9c1d"}
    ```

    ## References
    - https://docs.docker.com/reference/cli/docker/image/tag/#description
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-push-ecr-image.html
    """

    code = "ECS308"
    name = "commit-tag-without-registry"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container, image in images(task):
                if image.registry is not None or "/" in image.repository:
                    continue
                if image.tag and image.known("tag") and _COMMIT_SHA.match(image.tag):
                    yield self.report(
                        container,
                        "image",
                        f'container `{container.name}`: image "{image.text}" has a commit-hash '
                        "tag but no registry host, so it is pulled from Docker Hub as "
                        f"docker.io/library/{image.repository}",
                        "write the full registry URI, such as "
                        f"<account-id>.dkr.ecr.<region>.amazonaws.com/{image.repository}:{image.tag}",
                        resource=task.name,
                    )
