"""Read the platform that Dockerfiles beside an input pin their final image to.

A Dockerfile in the same directory as a task definition, template or Terraform configuration
usually builds the image that input deploys. ``FROM --platform=linux/arm64 ...`` on its last
stage fixes the image's architecture whatever machine builds it.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from ecslint.images import platform_architecture
from ecslint.model.values import Location

_FROM = re.compile(r"^\s*FROM\s+(?:--platform=(?P<platform>\S+)\s+)?\S+", re.IGNORECASE)
# Dockerfiles are small; a larger file of that name is not one.
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class DockerfilePlatform:
    """The architecture the final stage of a Dockerfile is pinned to, and where."""

    location: Location
    platform: str
    architecture: str


def is_dockerfile(name: str) -> bool:
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def find_platforms(directory: str) -> list[DockerfilePlatform]:
    """Return the pinned platforms of the Dockerfiles directly in ``directory``."""
    return list(_platforms_in(directory))


# Many inputs share a directory (a folder of task definitions), which is listed once per
# process: the tree does not change during a scan.
@functools.lru_cache(maxsize=512)
def _platforms_in(directory: str) -> tuple[DockerfilePlatform, ...]:
    try:
        names = sorted(name for name in os.listdir(directory) if is_dockerfile(name))
    except OSError:
        return ()
    found = []
    for name in names:
        path = os.path.join(directory, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        pinned = final_stage_platform(path)
        if pinned is not None:
            found.append(pinned)
    return tuple(found)


def final_stage_platform(path: str) -> DockerfilePlatform | None:
    """Return the platform of the last ``FROM`` in the Dockerfile at ``path``, if it pins one.

    A platform given through a build argument (``$BUILDPLATFORM``, ``$TARGETPLATFORM``) is
    decided at build time, so it counts as not pinned.
    """
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    last = None
    for number, line in enumerate(lines, start=1):
        match = _FROM.match(line)
        if match:
            last = (number, match.group("platform"))
    if last is None or last[1] is None or "$" in last[1]:
        return None
    number, platform = last
    architecture = platform_architecture(platform)
    if architecture is None:
        return None
    return DockerfilePlatform(Location(path, number, 1), platform, architecture)
