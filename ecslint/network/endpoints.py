"""Path (b), VPC endpoints: which endpoints of a VPC serve a service name in a region.

ECR pulls through endpoints need the ``ecr.api`` and ``ecr.dkr`` interface endpoints with
private DNS, so that the registry's usual host names resolve to them. They also need an S3
endpoint for the image layers, which is a gateway endpoint on the subnet's route table or an
interface endpoint with private DNS (ECR user guide, "Amazon ECR interface VPC endpoints (AWS
PrivateLink)", 2025). Endpoints serve their own Region only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.model import Model
from ecslint.model.network import Subnet, Vpc, VpcEndpoint
from ecslint.model.values import is_known_text, is_unknown
from ecslint.network.routes import route_table
from ecslint.network.status import OK, UNKNOWN, Step, broken, name

_SERVICE_PREFIXES = ("com.amazonaws.", "cn.com.amazonaws.")
_ECR = ("ecr.api", "ecr.dkr")


@dataclass
class Lookup:
    """Endpoints found for one service. ``uncertain`` is True when another may exist."""

    found: list[VpcEndpoint] = field(default_factory=list)
    uncertain: bool = False


def endpoint_region(endpoint: VpcEndpoint) -> str | None:
    """Return the Region in ``com.amazonaws.<region>.<service>``, or None."""
    service_name = endpoint.service_name
    if is_unknown(service_name):
        return None
    for prefix in _SERVICE_PREFIXES:
        if service_name.startswith(prefix):
            return service_name[len(prefix) :].split(".")[0]
    return None


def same_region(first: str | None, second: str | None) -> bool | None:
    """Return whether two Region names agree, or None when either is unknown."""
    if first is not None and first == second:
        return True
    if is_known_text(first) and is_known_text(second):
        return False
    return None


def is_interface(endpoint: VpcEndpoint) -> bool | None:
    kind = endpoint.endpoint_type
    return None if is_unknown(kind) else kind.lower() == "interface"


def find(model: Model, vpc: Vpc, service: str, region: str | None, interface: bool) -> Lookup:
    """Return the endpoints of ``vpc`` for ``service`` in ``region`` of the given type."""
    lookup = Lookup()
    for endpoint in model.vpc_endpoints:
        matches = [
            _same_vpc(endpoint, vpc),
            None if is_unknown(endpoint.service) else endpoint.service == service,
            same_region(endpoint_region(endpoint), region) if region is not None else True,
            None if is_interface(endpoint) is None else is_interface(endpoint) == interface,
        ]
        if False in matches:
            continue
        if None in matches:
            lookup.uncertain = True
        else:
            lookup.found.append(endpoint)
    return lookup


def _same_vpc(endpoint: VpcEndpoint, vpc: Vpc) -> bool | None:
    """Return whether the endpoint is in ``vpc``, or None when its VPC is unknown."""
    if endpoint.vpc is vpc:
        return True
    if endpoint.vpc is None or is_unknown(endpoint.vpc):
        return None
    return False


def private_dns(endpoint: VpcEndpoint, vpc: Vpc) -> Step:
    """Return whether the service's usual host names resolve to the endpoint."""
    if is_unknown(endpoint.private_dns_enabled):
        return UNKNOWN
    if not endpoint.private_dns_enabled:
        reason = f"endpoint {name(endpoint)} has private DNS disabled"
        return broken("private-dns-off", reason, endpoint)
    for attribute, label in (
        ("enable_dns_support", "enableDnsSupport"),
        ("enable_dns_hostnames", "enableDnsHostnames"),
    ):
        value = getattr(vpc, attribute)
        if is_unknown(value):
            return UNKNOWN
        if not value:
            return broken(
                "vpc-dns-off",
                f"endpoint {name(endpoint)} needs private DNS, but VPC {name(vpc)} has "
                f"{label} false",
                vpc,
            )
    return OK


def ecr_endpoints(model: Model, vpc: Vpc, region: str | None) -> tuple[list[Step], list]:
    """Check the ``ecr.api`` and ``ecr.dkr`` pair, and return the steps and the endpoints."""
    api = find(model, vpc, "ecr.api", region, interface=True)
    dkr = find(model, vpc, "ecr.dkr", region, interface=True)
    if api.uncertain or dkr.uncertain:
        return [UNKNOWN], api.found + dkr.found
    if not api.found and not dkr.found:
        reason = f"VPC {name(vpc)} has no `ecr.api` or `ecr.dkr` interface endpoint"
        if region is not None and _in_other_region(model, vpc):
            reason += f" for {region}, the image's Region"
        return [broken("no-ecr-endpoints", reason)], []
    if not api.found or not dkr.found:
        have, missing = ("ecr.api", "ecr.dkr") if api.found else ("ecr.dkr", "ecr.api")
        present = (api.found or dkr.found)[0]
        reason = (
            f"VPC {name(vpc)} has the `{have}` endpoint {name(present)} but no `{missing}` "
            "interface endpoint"
        )
        return [broken("ecr-pair-incomplete", reason, present)], api.found + dkr.found
    endpoints = api.found + dkr.found
    return [
        _best(private_dns(e, vpc) for e in group) for group in (api.found, dkr.found)
    ], endpoints


def _in_other_region(model: Model, vpc: Vpc) -> bool:
    return any(find(model, vpc, service, None, interface=True).found for service in _ECR)


def _best(steps) -> Step:
    """Return OK if one of several endpoints of a service works, else the most certain step."""
    steps = list(steps)
    if any(step.ok for step in steps):
        return OK
    if any(step.status is UNKNOWN.status for step in steps):
        return UNKNOWN
    return steps[0]


def s3_endpoint(model: Model, subnet: Subnet, vpc: Vpc, region: str | None) -> tuple[Step, list]:
    """Check that an S3 endpoint is usable from ``subnet``, and return the step and endpoint."""
    gateways = find(model, vpc, "s3", region, interface=False)
    interfaces = find(model, vpc, "s3", region, interface=True)
    table = route_table(subnet)
    for gateway in gateways.found:
        tables = gateway.route_tables
        if table is not None and any(candidate is table for candidate in tables):
            return OK, [gateway]
    dns_steps = [(private_dns(endpoint, vpc), endpoint) for endpoint in interfaces.found]
    for step, endpoint in dns_steps:
        if step.ok:
            return OK, [endpoint]
    if _gateway_may_serve(gateways, table) or interfaces.uncertain:
        return UNKNOWN, []
    if any(step.status is UNKNOWN.status for step, _ in dns_steps):
        return UNKNOWN, []
    if dns_steps:
        step, endpoint = dns_steps[0]
        return step, [endpoint]
    where = f"route table {name(table)}" if table else f"subnet {name(subnet)}"
    reason = f"VPC {name(vpc)} has no S3 gateway endpoint on {where} and no S3 interface endpoint"
    return broken("no-s3-endpoint", reason), []


def _gateway_may_serve(gateways: Lookup, table: object) -> bool:
    if gateways.uncertain or table is None:
        return True
    return any(
        any(is_unknown(candidate) for candidate in gateway.route_tables)
        for gateway in gateways.found
    )
