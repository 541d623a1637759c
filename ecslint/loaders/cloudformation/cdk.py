"""CDK output: the platform each Docker image asset was built for.

``cdk synth`` writes ``X.template.json`` and, beside it, ``X.assets.json``. Each entry of the
assets file's ``dockerImages`` is keyed by the asset hash, which is also the image tag the
template's image URI ends with (``…/cdk-hnb659fds-container-assets-…:<hash>``), and its
``source.platform`` (such as ``linux/arm64``) is the platform the image was built for.
Only that one file, in the template's own directory, is read, and never through a symbolic
link that leads out of the directory.
"""

from __future__ import annotations

import json
import os

from ecslint.errors import InputFailure
from ecslint.loaders.files import read_text
from ecslint.model import Model

TEMPLATE_SUFFIX = ".template.json"
ASSETS_SUFFIX = ".assets.json"


def assets_path(template_path: str) -> str | None:
    """Return the assets file of a CDK template when it exists inside the same directory."""
    if not template_path.endswith(TEMPLATE_SUFFIX):
        return None
    candidate = template_path[: -len(TEMPLATE_SUFFIX)] + ASSETS_SUFFIX
    directory = os.path.realpath(os.path.dirname(template_path) or ".")
    real = os.path.realpath(candidate)
    if not os.path.isfile(real) or os.path.dirname(real) != directory:
        return None
    return candidate


def asset_platforms(template_path: str) -> dict[str, str]:
    """Return the built platform of each Docker image asset, by hash and by image tag."""
    path = assets_path(template_path)
    if path is None:
        return {}
    try:
        document = json.loads(read_text(path))
    except (InputFailure, ValueError):
        return {}
    images = document.get("dockerImages") if isinstance(document, dict) else None
    platforms: dict[str, str] = {}
    for asset_hash, asset in (images or {}).items():
        source = asset.get("source") if isinstance(asset, dict) else None
        platform = source.get("platform") if isinstance(source, dict) else None
        if not isinstance(platform, str):
            continue
        platforms[asset_hash] = platform
        for destination in (asset.get("destinations") or {}).values():
            if isinstance(destination, dict) and isinstance(destination.get("imageTag"), str):
                platforms[destination["imageTag"]] = platform
    return platforms


def apply_asset_platforms(model: Model, template_path: str) -> None:
    """Set ``image_platform`` on containers whose image is a Docker image asset."""
    platforms = asset_platforms(template_path)
    if not platforms:
        return
    for task in model.task_definitions:
        for container in task.known_containers():
            image = container.image
            if not isinstance(image, str) or "container-assets" not in image:
                continue
            tag = image.rsplit(":", 1)[-1]
            if tag in platforms:
                container.image_platform = platforms[tag]
