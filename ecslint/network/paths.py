"""The paths from each puller subnet to each image's registry, checked step by step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ecslint.images import ImageReference
from ecslint.model import Model
from ecslint.model.network import Subnet, Vpc, VpcEndpoint
from ecslint.network.endpoints import ecr_endpoints, s3_endpoint
from ecslint.network.pullers import Puller, pullers
from ecslint.network.routes import internet_path
from ecslint.network.status import UNKNOWN, Step, broken, combine


@dataclass
class EndpointPath:
    """Path (b) for one image: its steps and the interface or gateway endpoints it uses."""

    image: ImageReference
    steps: list[Step]
    endpoints: list[VpcEndpoint] = field(default_factory=list)

    @property
    def result(self) -> Step:
        return combine(self.steps)

    def failure(self, *kinds: str) -> Step | None:
        """Return the first broken step of one of ``kinds``, or None."""
        return next((step for step in self.steps if step.broken and step.kind in kinds), None)


@dataclass
class SubnetPaths:
    """Both paths from one subnet of one puller."""

    puller: Puller
    subnet: Subnet
    internet: Step
    images: list[EndpointPath]
    # Path (b) when an image's registry is unknown. It is broken when the VPC has no ECR
    # endpoint at all, because then no registry is reachable without the internet, and else
    # UNKNOWN. It is None when every registry is known.
    any_image: Step | None = None

    @property
    def vpc(self) -> Vpc | None:
        return self.subnet.vpc if isinstance(self.subnet.vpc, Vpc) else None

    def ecr_images(self) -> list[EndpointPath]:
        return [path for path in self.images if path.image.is_ecr]


def analyse(model: Model) -> Iterator[SubnetPaths]:
    """Yield the paths of every known subnet of every puller in the model."""
    for puller in pullers(model):
        yield from subnet_paths(model, puller)


def subnet_paths(model: Model, puller: Puller) -> list[SubnetPaths]:
    """Return the paths of each of the puller's subnets (none when any subnet is unknown)."""
    found = []
    for subnet in puller.known_subnets():
        internet = internet_path(subnet, puller.public_ip_in(subnet), puller.no_public_ip())
        known = puller.images or []
        images = [endpoint_path(model, subnet, image) for image in known]
        any_image = _any_image(model, subnet) if puller.images is None else None
        found.append(SubnetPaths(puller, subnet, internet, images, any_image))
    return found


def _any_image(model: Model, subnet: Subnet) -> Step:
    """Return path (b) for an image whose registry is unknown.

    Only ECR images can use endpoints, so a VPC without any ECR endpoint serves no image.
    """
    if not isinstance(subnet.vpc, Vpc):
        return UNKNOWN
    step = combine(ecr_endpoints(model, subnet.vpc, None)[0])
    return step if step.broken and step.kind == "no-ecr-endpoints" else UNKNOWN


def endpoint_path(model: Model, subnet: Subnet, image: ImageReference) -> EndpointPath:
    """Return path (b) from ``subnet`` for ``image``."""
    if not image.is_ecr:
        reason = f'image "{image.text}" is not in Amazon ECR, which VPC endpoints cannot serve'
        return EndpointPath(image, [broken("not-ecr", reason)])
    vpc = subnet.vpc
    if not isinstance(vpc, Vpc) or "ecr-fips" in (image.registry or ""):
        # FIPS registries are served by their own endpoint services, which are not modelled.
        return EndpointPath(image, [UNKNOWN])
    region = image.ecr_region
    steps, endpoints = ecr_endpoints(model, vpc, region)
    s3_step, s3 = s3_endpoint(model, subnet, vpc, region)
    return EndpointPath(image, [*steps, s3_step], endpoints + s3)
