"""Security groups: HTTPS egress from the pullers and HTTPS ingress to interface endpoints.

Security groups are stateful, so only the direction that opens the connection matters. A
rule that names another security group matches only the network interfaces in that group,
which never include internet addresses. Prefix lists and IPv6 blocks are treated as unknown.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from ecslint.model.network import SecurityGroup, SecurityGroupRule, Subnet, Vpc, VpcEndpoint
from ecslint.model.values import is_unknown
from ecslint.network.status import Status

HTTPS = 443
_ALL_PROTOCOLS = frozenset({"-1", "all"})
_TCP = frozenset({"tcp", "6"})

# Destinations of a puller's HTTPS connection besides interface endpoints.
INTERNET = "internet"
S3_GATEWAY = "s3-gateway"


def worst(statuses: Iterable[Status]) -> Status:
    """Return BROKEN if any status is, else UNKNOWN if any is, else OK (all must hold)."""
    statuses = list(statuses)
    if Status.BROKEN in statuses:
        return Status.BROKEN
    return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.OK


def best(statuses: Iterable[Status]) -> Status:
    """Return OK if any status is, else UNKNOWN if any is, else BROKEN (one must hold)."""
    statuses = list(statuses)
    if Status.OK in statuses:
        return Status.OK
    return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.BROKEN


def allows_https(rule: SecurityGroupRule) -> Status:
    """Return whether the rule's protocol and ports include TCP 443."""
    protocol = rule.protocol
    if is_unknown(protocol):
        return Status.UNKNOWN
    if str(protocol).lower() in _ALL_PROTOCOLS:
        return Status.OK
    if str(protocol).lower() not in _TCP:
        return Status.BROKEN
    low, high = rule.from_port, rule.to_port
    if not isinstance(low, int) or not isinstance(high, int):
        return Status.UNKNOWN
    return Status.OK if low <= HTTPS <= high else Status.BROKEN


def network(text: object) -> ipaddress.IPv4Network | None:
    """Return an IPv4 block, or None for IPv6, unknown or unreadable text."""
    if not isinstance(text, str):
        return None
    try:
        block = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    return block if isinstance(block, ipaddress.IPv4Network) else None


def effective_groups(
    groups: list[SecurityGroup | object] | object, vpc: Vpc | None
) -> list[SecurityGroup] | None:
    """Return the known groups, the VPC's default group for none, or None when unknown."""
    if is_unknown(groups) or any(not isinstance(group, SecurityGroup) for group in groups):
        return None
    if groups:
        return list(groups)
    default = vpc.default_security_group if vpc is not None else None
    return [default] if isinstance(default, SecurityGroup) else None


def egress_to(groups: list[SecurityGroup], destination: object, vpc: Vpc | None) -> Status:
    """Return whether ``groups`` allow TCP 443 out to ``destination``.

    ``destination`` is INTERNET, S3_GATEWAY or an interface ``VpcEndpoint``.
    """
    statuses = []
    for group in groups:
        if is_unknown(group.egress):
            return Status.UNKNOWN
        for rule in group.egress:
            peer = _peer_reaches(rule, destination, vpc)
            statuses.append(worst([allows_https(rule), peer]))
    return best(statuses)


def any_https_egress(groups: list[SecurityGroup]) -> Status:
    """Return whether ``groups`` allow TCP 443 out to anywhere at all."""
    statuses = []
    for group in groups:
        if is_unknown(group.egress):
            return Status.UNKNOWN
        statuses.extend(allows_https(rule) for rule in group.egress)
    return best(statuses)


def _peer_reaches(rule: SecurityGroupRule, destination: object, vpc: Vpc | None) -> Status:
    if rule.peer_group is not None:
        if is_unknown(rule.peer_group) or not isinstance(destination, VpcEndpoint):
            return Status.UNKNOWN if is_unknown(rule.peer_group) else Status.BROKEN
        return _group_among(rule.peer_group, destination.security_groups)
    if rule.prefix_list is not None or rule.cidr is None:
        return Status.UNKNOWN
    block = network(rule.cidr)
    if block is None:
        return Status.UNKNOWN
    if block.prefixlen == 0:
        return Status.OK
    if destination in (INTERNET, S3_GATEWAY):
        return Status.BROKEN if block.is_private else Status.UNKNOWN
    return _block_covers_endpoint(block, destination, vpc)


def _group_among(group: SecurityGroup, groups: list) -> Status:
    if any(candidate is group for candidate in groups):
        return Status.OK
    if not groups or any(not isinstance(candidate, SecurityGroup) for candidate in groups):
        # No groups means the VPC's default group, which may be ``group``.
        return Status.UNKNOWN
    if group.external and any(candidate.external for candidate in groups):
        # Two groups from outside the template may be one group passed in twice.
        return Status.UNKNOWN
    return Status.BROKEN


def _block_covers_endpoint(
    block: ipaddress.IPv4Network, endpoint: VpcEndpoint, vpc: Vpc | None
) -> Status:
    """Return whether ``block`` contains the endpoint's addresses (its subnets, else the VPC)."""
    subnets = [network(getattr(subnet, "cidr_block", None)) for subnet in endpoint.subnets]
    if subnets and all(subnets):
        return Status.OK if all(s.subnet_of(block) for s in subnets) else _overlap(block, subnets)
    vpc_blocks = [network(text) for text in vpc.cidr_blocks] if vpc is not None else []
    if not vpc_blocks or not all(vpc_blocks):
        return Status.UNKNOWN
    if any(vpc_block.subnet_of(block) for vpc_block in vpc_blocks):
        return Status.OK
    return _overlap(block, vpc_blocks)


def _overlap(block: ipaddress.IPv4Network, blocks: list) -> Status:
    return Status.UNKNOWN if any(block.overlaps(other) for other in blocks) else Status.BROKEN


def ingress_from(endpoint: VpcEndpoint, pullers: list[SecurityGroup], subnet: Subnet) -> Status:
    """Return whether the endpoint's groups allow TCP 443 in from ``pullers`` in ``subnet``."""
    vpc = subnet.vpc if isinstance(subnet.vpc, Vpc) else None
    groups = effective_groups(endpoint.security_groups, vpc)
    if groups is None:
        return Status.UNKNOWN
    statuses = []
    for group in groups:
        if is_unknown(group.ingress):
            return Status.UNKNOWN
        for rule in group.ingress:
            statuses.append(worst([allows_https(rule), _source_matches(rule, pullers, subnet)]))
    return best(statuses)


def _source_matches(
    rule: SecurityGroupRule, pullers: list[SecurityGroup], subnet: Subnet
) -> Status:
    if rule.peer_group is not None:
        if is_unknown(rule.peer_group):
            return Status.UNKNOWN
        return _group_among(rule.peer_group, pullers)
    if rule.prefix_list is not None or rule.cidr is None:
        return Status.UNKNOWN
    block, own = network(rule.cidr), network(subnet.cidr_block)
    if block is None or own is None:
        return Status.UNKNOWN
    if own.subnet_of(block):
        return Status.OK
    return Status.UNKNOWN if block.overlaps(own) else Status.BROKEN
