"""Parse container image references as Docker and ECS read them.

The grammar is the one of the distribution project's ``reference`` package, which Docker and the
ECS agent use: ``[registry/]path[:tag][@digest]``. The first path component is a registry host
only when it contains a ``.`` or a ``:`` or is ``localhost``. Otherwise the image is on Docker
Hub. Parts written as deploy-time placeholders (``${Tag}``, ``{{ env "TAG" }}``) are unknown, so
the parser records which parts contain one and checks skip those parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecslint.model.values import PLACEHOLDER

DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})

# A token that is valid in every part of a reference, put in place of each placeholder.
_TOKEN = "zzplaceholderzz"

_HOST_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = re.compile(rf"^{_HOST_COMPONENT}(?:\.{_HOST_COMPONENT})*(?::[0-9]+)?$")
_PATH_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")
_DIGEST = re.compile(r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$")
_SHA256 = re.compile(r"^sha256:[0-9a-f]{64}$")

# <12-digit account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], and the dual-stack
# <account>.dkr-ecr.<region>.on.aws (ECR user guide, "Amazon ECR registries", 2025).
# CloudFormation writes the domain as ${AWS::URLSuffix} in RepositoryUri and CDK output.
_ECR_HOST = re.compile(
    r"^(?P<account>[^.]+)\.(?:dkr\.ecr(?:-fips)?\.(?P<region>[^.]+)\."
    r"(?P<suffix>amazonaws\.com(?:\.cn)?|\$\{AWS::URLSuffix\})"
    r"|dkr-ecr\.(?P<region2>[^.]+)\.on\.aws)$"
)
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$")


@dataclass
class ImageReference:
    """A parsed image reference.

    ``registry`` is None for Docker Hub. ``unknown_parts`` names the parts (``registry``,
    ``repository``, ``tag``, ``digest``) that contain a placeholder. ``problems`` lists
    violations of the grammar as short phrases.
    """

    text: str
    registry: str | None = None
    repository: str = ""
    tag: str | None = None
    digest: str | None = None
    unknown_parts: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def on_docker_hub(self) -> bool:
        return self.registry is None or self.registry.lower() in DOCKER_HUB_HOSTS

    @property
    def ecr_host(self) -> re.Match | None:
        if self.registry is None:
            return None
        return _ECR_HOST.match(self.registry)

    @property
    def is_ecr(self) -> bool:
        return self.ecr_host is not None

    @property
    def ecr_account(self) -> str | None:
        match = self.ecr_host
        return match.group("account") if match else None

    @property
    def ecr_region(self) -> str | None:
        match = self.ecr_host
        return (match.group("region") or match.group("region2")) if match else None

    def known(self, part: str) -> bool:
        return part not in self.unknown_parts


def parse_image(text: str) -> ImageReference:
    """Parse ``text``; a reference that breaks the grammar comes back with ``problems``."""
    tokens: list[str] = []
    masked = PLACEHOLDER.sub(lambda match: _mask(match, tokens), text)
    reference = ImageReference(text=text)
    rest = _split_digest(masked, reference)
    rest = _split_tag(rest, reference)
    _split_registry(rest, reference)
    _restore(reference, tokens)
    _check_grammar(reference)
    return reference


def _mask(match: re.Match, tokens: list[str]) -> str:
    tokens.append(match.group(0))
    return f"{_TOKEN}{len(tokens) - 1}{_TOKEN}"


def _split_digest(text: str, reference: ImageReference) -> str:
    name, at, digest = text.partition("@")
    if at:
        reference.digest = digest
    return name


def _split_tag(text: str, reference: ImageReference) -> str:
    slash = text.rfind("/")
    colon = text.rfind(":")
    if colon > slash:
        reference.tag = text[colon + 1 :]
        return text[:colon]
    return text


def _split_registry(text: str, reference: ImageReference) -> None:
    first, slash, rest = text.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        reference.registry = first
        reference.repository = rest
    else:
        reference.repository = text


def _restore(reference: ImageReference, tokens: list[str]) -> None:
    """Put the placeholders back and record which parts contain one."""
    if not tokens:
        return
    pattern = re.compile(f"{_TOKEN}([0-9]+){_TOKEN}")

    def unmask(value: str | None, part: str) -> str | None:
        if value is None or _TOKEN not in value:
            return value
        reference.unknown_parts.add(part)
        return pattern.sub(lambda match: tokens[int(match.group(1))], value)

    reference.registry = unmask(reference.registry, "registry")
    reference.repository = unmask(reference.repository, "repository") or ""
    reference.tag = unmask(reference.tag, "tag")
    reference.digest = unmask(reference.digest, "digest")


def _check_grammar(reference: ImageReference) -> None:
    problems = reference.problems
    if reference.known("registry") and reference.registry is not None:
        if not _HOST.match(reference.registry):
            problems.append(f'registry host "{reference.registry}" is not a valid host name')
    if reference.known("repository"):
        problems.extend(_repository_problems(reference.repository))
    if reference.known("tag") and reference.tag is not None:
        problems.extend(_tag_problems(reference.tag))
    if reference.known("digest") and reference.digest is not None:
        problems.extend(_digest_problems(reference.digest))
    if reference.is_ecr:
        problems.extend(_ecr_host_problems(reference))


def _repository_problems(repository: str) -> list[str]:
    if not repository:
        return ["the repository name is empty"]
    bad = [part for part in repository.split("/") if not _PATH_COMPONENT.match(part)]
    if not bad:
        return []
    if all(_PATH_COMPONENT.match(part.lower()) for part in bad):
        return [f'repository "{repository}" contains uppercase letters']
    return [f'repository component "{bad[0]}" contains characters that are not allowed']


def _tag_problems(tag: str) -> list[str]:
    if len(tag) > 128:
        return [f"the tag is {len(tag)} characters long (at most 128)"]
    if not _TAG.match(tag):
        return [f'tag "{tag}" contains characters that are not allowed']
    return []


def _digest_problems(digest: str) -> list[str]:
    if digest.startswith("sha256:") and not _SHA256.match(digest):
        return [f'digest "{digest}" is not "sha256:" followed by 64 lowercase hex digits']
    if not _DIGEST.match(digest):
        return [f'digest "{digest}" is not of the form "<algorithm>:<hex>"']
    return []


def _ecr_host_problems(reference: ImageReference) -> list[str]:
    if not reference.known("registry"):
        return []
    problems = []
    account, region = reference.ecr_account, reference.ecr_region
    if account is not None and not _ACCOUNT.match(account):
        problems.append(f'ECR registry id "{account}" is not a 12-digit AWS account id')
    if region is not None and not _REGION.match(region):
        problems.append(f'"{region}" in the ECR host is not a valid AWS Region name')
    return problems


_BARE_DIGEST = re.compile(r"^sha256:[0-9a-fA-F]{8,}$")


def is_bare_digest(text: str) -> bool:
    """Return True when ``text`` is a digest with no repository, like ``sha256:4d2c…``."""
    return bool(_BARE_DIGEST.match(text))


_PLATFORM_ARCHITECTURES = {
    "arm64": "ARM64",
    "aarch64": "ARM64",
    "amd64": "X86_64",
    "x86_64": "X86_64",
}


def platform_architecture(platform: str | None) -> str | None:
    """Return the ECS CPU architecture of a Docker platform such as ``linux/arm64/v8``."""
    if not isinstance(platform, str):
        return None
    parts = platform.lower().split("/")
    return _PLATFORM_ARCHITECTURES.get(parts[1]) if len(parts) > 1 else None
