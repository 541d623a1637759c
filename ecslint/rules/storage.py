"""Cause 5: no room to extract the image."""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Model
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import task_uses
from ecslint.rules.base import Finding, Rule, Severity

MIN_EPHEMERAL_GIB = 21
MAX_EPHEMERAL_GIB = 200


class EphemeralStorageOutOfRange(Rule):
    """`ephemeralStorage.sizeInGiB` outside 21 to 200.

    ## What it does
    Flags an ephemeral storage size below 21 GiB or above 200 GiB.

    ## Why it fails the task
    Fargate (platform version 1.4.0 and later) gives every task 20 GiB; `sizeInGiB` raises that
    to a value from 21 to 200 GiB, and RegisterTaskDefinition rejects any other value. A task
    that needs more room than its storage stops with `CannotPullContainerError: ... failed to
    extract layer ... no space left on device`.

    ## Example
    ```json
    {"family": "etl", "ephemeralStorage": {"sizeInGiB": 500}, "containerDefinitions": []}
    ```

    ## Use instead
    ```json
    {"family": "etl", "ephemeralStorage": {"sizeInGiB": 200}, "containerDefinitions": []}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html
    """

    code = "ECS501"
    name = "ephemeral-storage-out-of-range"
    cause = 5
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            size = task.ephemeral_storage_gib
            if size is None or is_unknown(size):
                continue
            if MIN_EPHEMERAL_GIB <= size <= MAX_EPHEMERAL_GIB:
                continue
            yield self.report(
                task,
                "ephemeralStorage.sizeInGiB",
                f"ephemeralStorage.sizeInGiB is {size}, outside the allowed range "
                f"{MIN_EPHEMERAL_GIB} to {MAX_EPHEMERAL_GIB} GiB",
                f"set a size from {MIN_EPHEMERAL_GIB} to {MAX_EPHEMERAL_GIB} GiB, or remove "
                "ephemeralStorage to keep the 20 GiB default",
            )


class UnboundedJsonFileLogs(Rule):
    """Container on EC2 logging to `json-file` without `max-size`.

    ## What it does
    On task definitions that can run on EC2 (the default when `requiresCompatibilities` is
    absent), flags each container whose log driver is `json-file`, named or by default because
    it has no `logConfiguration`, and whose log options set no `max-size`.

    ## Why it fails the task
    The json-file driver keeps every log line under `/var/lib/docker/containers/` until the
    container is removed. A chatty container fills the instance's Docker volume, and the next
    image pull on that instance stops with `CannotPullContainerError: ... write
    /var/lib/docker/tmp/GetImageBlob...: no space left on device`.

    ## Example
    ```json
    {"name": "web", "image": "nginx:1.27.3",
     "logConfiguration": {"logDriver": "json-file"}}
    ```

    ## Use instead
    ```json
    {"name": "web", "image": "nginx:1.27.3",
     "logConfiguration": {"logDriver": "json-file",
                          "options": {"max-size": "10m", "max-file": "3"}}}
    ```
    or send the logs off the instance with the `awslogs` driver.

    ## Known problems
    An instance whose Docker daemon sets a default `max-size` in `/etc/docker/daemon.json` is
    safe, but that file is outside what ecslint reads.

    ## References
    - https://docs.docker.com/engine/logging/drivers/json-file/
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS502"
    name = "unbounded-json-file-logs"
    cause = 5
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            if not task_uses(task, "EC2"):
                continue
            for container in task.known_containers():
                driver = container.log_driver
                if is_unknown(driver) or driver not in (None, "json-file"):
                    continue
                if is_unknown(container.log_options) or "max-size" in container.log_options:
                    continue
                how = (
                    "logs to json-file"
                    if driver
                    else "has no logConfiguration, so it logs to json-file"
                )
                yield self.report(
                    container,
                    "logConfiguration" if driver else "image",
                    f"container `{container.name}` {how} without max-size, which can fill the "
                    "instance's disk",
                    'set logConfiguration.options "max-size" (and "max-file"), or use the '
                    "awslogs driver",
                    resource=task.name,
                )


# Fargate platform version 1.4.0 and later gives each task this much storage by default.
DEFAULT_FARGATE_GIB = 20


class ImagesExceedEphemeralStorage(Rule):
    """Fargate task whose images are larger than its ephemeral storage.

    ## What it does
    When the configuration gives image sizes (`image-sizes`, uncompressed GiB by image
    reference), adds up the sizes of a Fargate task's images and compares the sum with the
    task's ephemeral storage: `ephemeralStorage.sizeInGiB`, or 20 GiB when absent. Images whose
    size is not configured are left out, so the rule fires only when the known images alone do
    not fit.

    ## Why it fails the task
    Fargate extracts every image of the task into the task's ephemeral storage before the
    containers start. When the layers do not fit, the task stops with `CannotPullContainerError:
    ... failed to extract layer ... no space left on device`.

    ## Example
    ```toml
    [tool.ecslint.image-sizes]
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/ml:3.2.0" = 26
    ```
    with a Fargate task that runs that image and sets no `ephemeralStorage`.

    ## Use instead
    ```json
    {"ephemeralStorage": {"sizeInGiB": 40}}
    ```
    or a smaller image (multi-stage builds, a `.dockerignore`).

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS503"
    name = "images-exceed-ephemeral-storage"
    cause = 5
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        sizes = self.options.get("image_sizes") or {}
        if not sizes:
            return
        for task in model.task_definitions:
            if not task_uses(task, "FARGATE"):
                continue
            storage = task.ephemeral_storage_gib
            if is_unknown(storage):
                continue
            available = storage if storage is not None else DEFAULT_FARGATE_GIB
            known = [(c, sizes[c.image]) for c in task.known_containers() if c.image in sizes]
            total = sum(size for _, size in known)
            if total <= available:
                continue
            names = ", ".join(f"`{container.name}` ({size:g} GiB)" for container, size in known)
            yield self.report(
                task,
                "ephemeralStorage.sizeInGiB" if storage is not None else "containerDefinitions",
                f"the images of {names} need {total:g} GiB, more than the task's {available} GiB "
                "of ephemeral storage",
                f"set ephemeralStorage.sizeInGiB to at least {int(total) + 1} (at most 200), or "
                "make the images smaller",
            )
