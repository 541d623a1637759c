"""Path (a), the internet: a subnet's default route and what lies behind it.

A puller reaches the internet when its subnet's IPv4 default route (0.0.0.0/0) goes to an
internet gateway and the puller has a public IPv4 address. It also does when the route goes to a
public NAT gateway whose own subnet routes 0.0.0.0/0 to an internet gateway (VPC user guide,
"Connect to the internet using an internet gateway" and "NAT gateways", 2025). A private NAT
gateway gives no internet access. Routes through a transit gateway, an instance or a peering
connection may reach the internet elsewhere, so they are unknown.
"""

from __future__ import annotations

from ecslint.model.network import (
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    NatGateway,
    Route,
    RouteTable,
    Subnet,
)
from ecslint.model.values import Unknown, is_unknown
from ecslint.network.status import OK, UNKNOWN, Step, broken, name

DEFAULT_ROUTE = "0.0.0.0/0"


def route_table(subnet: Subnet) -> RouteTable | None:
    """Return the subnet's known route table, or None."""
    table = subnet.route_table
    return table if isinstance(table, RouteTable) else None


def default_route(table: RouteTable) -> Route | Unknown | None:
    """Return the table's IPv4 default route, Unknown when a destination is unknown, or None."""
    for route in table.routes:
        if route.destination == DEFAULT_ROUTE:
            return route
    if any(is_unknown(route.destination) for route in table.routes):
        return Unknown("a route's destination is unknown")
    return None


def describe(subnet: Subnet) -> str:
    """Return "subnet `A` → route table `RT`" for messages."""
    table = route_table(subnet)
    text = f"subnet {name(subnet)}"
    return f"{text} → route table {name(table)}" if table else text


def internet_path(subnet: Subnet, public_ip: bool | Unknown, no_ip: str = "no public IP") -> Step:
    """Return whether a puller in ``subnet`` with ``public_ip`` reaches the internet.

    ``no_ip`` describes the missing public IP in messages.
    """
    table = route_table(subnet)
    if table is None:
        return UNKNOWN
    route = default_route(table)
    if route is None:
        return broken("no-default-route", "no default route")
    if is_unknown(route) or is_unknown(route.target_kind):
        return UNKNOWN
    if route.target_kind == INTERNET_GATEWAY:
        return _through_internet_gateway(route, public_ip, no_ip)
    if route.target_kind == NAT_GATEWAY:
        return nat_path(route.target)
    return UNKNOWN


def _through_internet_gateway(route: Route, public_ip: bool | Unknown, no_ip: str) -> Step:
    if is_unknown(public_ip):
        return UNKNOWN
    if public_ip:
        return OK
    return broken(
        "no-public-ip",
        f"the default route goes to internet gateway {name(route.target)}, but {no_ip}",
    )


def nat_path(nat: object) -> Step:
    """Return whether a NAT gateway gives internet access."""
    if not isinstance(nat, NatGateway) or is_unknown(nat.connectivity):
        return UNKNOWN
    if nat.connectivity == "private":
        return broken(
            "nat-without-internet",
            f"the default route goes to NAT gateway {name(nat)}, whose connectivity type is "
            "private, which gives no internet access",
            nat,
        )
    subnet = nat.subnet
    table = route_table(subnet) if isinstance(subnet, Subnet) else None
    if table is None:
        return UNKNOWN
    route = default_route(table)
    if route is None:
        return broken(
            "nat-without-internet",
            f"the default route goes to NAT gateway {name(nat)}, but its subnet {name(subnet)} "
            f"→ route table {name(table)} has no default route to an internet gateway",
            nat,
        )
    if not is_unknown(route) and route.target is nat:
        return broken(
            "nat-without-internet",
            f"the default route goes to NAT gateway {name(nat)}, but its own subnet "
            f"{name(subnet)} → route table {name(table)} sends the default route back to it, "
            "not to an internet gateway",
            nat,
        )
    if is_unknown(route) or route.target_kind != INTERNET_GATEWAY:
        return UNKNOWN
    return OK
