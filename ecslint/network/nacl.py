"""Network ACLs: stateless rules on a subnet's traffic in each direction.

Entries are evaluated in rule-number order and the first entry that matches decides; traffic
no entry matches is denied by the final ``*`` rule. Because ACLs are stateless, the replies to a
puller's HTTPS connections come back in on its ephemeral ports, which the VPC user guide says
to allow as 1024-65535 ("Control subnet traffic with network access control lists", 2025).
An entry whose CIDR block is neither 0.0.0.0/0 nor IPv6 may or may not match the registry's
addresses, so it makes the result unknown when it comes first.
"""

from __future__ import annotations

from ecslint.model.network import NetworkAcl, NetworkAclEntry, Subnet
from ecslint.model.values import is_unknown
from ecslint.network.firewall import HTTPS, network
from ecslint.network.status import OK, UNKNOWN, Status, Step, broken, name

EPHEMERAL = (1024, 65535)
_ALL_PROTOCOLS = frozenset({"-1", "all"})
_TCP = frozenset({"tcp", "6"})


def acl_path(subnet: Subnet) -> Step:
    """Return whether the subnet's ACL lets HTTPS out and its replies back in."""
    acl = subnet.network_acl
    if acl is None:
        # The VPC's default ACL, which allows all traffic unless changed outside the model.
        return OK
    if not isinstance(acl, NetworkAcl):
        return UNKNOWN
    outbound = decide(acl, egress=True, ports=(HTTPS, HTTPS))
    if outbound is Status.BROKEN:
        reason = f"network ACL {name(acl)} denies outbound TCP 443"
        return broken("acl-blocks-https-out", reason, acl)
    inbound = decide(acl, egress=False, ports=EPHEMERAL)
    if inbound is Status.BROKEN:
        return broken(
            "acl-blocks-return",
            f"network ACL {name(acl)} denies inbound TCP 1024-65535, the ephemeral ports that "
            "carry the replies to outbound HTTPS",
            acl,
        )
    if Status.UNKNOWN in (outbound, inbound):
        return UNKNOWN
    return OK


def decide(acl: NetworkAcl, egress: bool, ports: tuple[int, int]) -> Status:
    """Return the first matching entry's action for TCP on every port of ``ports``."""
    entries = [entry for entry in acl.entries if entry.egress == egress]
    if any(not isinstance(entry.rule_number, int) for entry in entries):
        return Status.UNKNOWN
    for entry in sorted(entries, key=lambda item: item.rule_number):
        match = _matches(entry, ports)
        if match is Status.BROKEN:
            continue
        if match is Status.UNKNOWN or is_unknown(entry.allow):
            return Status.UNKNOWN
        return Status.OK if entry.allow else Status.BROKEN
    return Status.BROKEN


def _matches(entry: NetworkAclEntry, ports: tuple[int, int]) -> Status:
    """Return OK when the entry covers all of ``ports``, BROKEN when none, else UNKNOWN."""
    if is_unknown(entry.protocol) or is_unknown(entry.cidr):
        return Status.UNKNOWN
    protocol = str(entry.protocol).lower()
    if protocol not in _ALL_PROTOCOLS and protocol not in _TCP:
        return Status.BROKEN
    block = network(entry.cidr)
    if block is None:
        # An IPv6 entry never matches IPv4 traffic; unreadable text may match anything.
        return (
            Status.BROKEN if isinstance(entry.cidr, str) and ":" in entry.cidr else Status.UNKNOWN
        )
    if protocol in _ALL_PROTOCOLS:
        return Status.OK if block.prefixlen == 0 else Status.UNKNOWN
    return _port_match(entry, ports, block.prefixlen == 0)


def _port_match(entry: NetworkAclEntry, ports: tuple[int, int], every_address: bool) -> Status:
    low, high = entry.from_port, entry.to_port
    if not isinstance(low, int) or not isinstance(high, int):
        return Status.UNKNOWN
    if high < ports[0] or low > ports[1]:
        return Status.BROKEN
    if low <= ports[0] and ports[1] <= high and every_address:
        return Status.OK
    return Status.UNKNOWN
