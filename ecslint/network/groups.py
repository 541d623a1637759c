"""Group the subnets of one puller that fail the same way, so each failure is reported once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ecslint.network.paths import SubnetPaths
from ecslint.network.routes import route_table
from ecslint.network.status import name


@dataclass
class SubnetGroup:
    """Subnets of one puller that share a route table and a failure."""

    members: list[SubnetPaths]
    detail: str

    @property
    def first(self) -> SubnetPaths:
        return self.members[0]

    def path(self) -> str:
        """Return "service `A` → subnet `S` → route table `RT`" for messages."""
        subnets = ", ".join(name(member.subnet) for member in self.members)
        noun = "subnets" if len(self.members) > 1 else "subnet"
        text = f"{self.first.puller.label} → {noun} {subnets}"
        table = route_table(self.first.subnet)
        return f"{text} → route table {name(table)}" if table else text


def group_failures(
    paths: Iterable[SubnetPaths], detail: Callable[[SubnetPaths], str | None]
) -> Iterator[SubnetGroup]:
    """Yield one group per puller, route table and failure text.

    ``detail`` returns the failure of one subnet, or None when it does not fail.
    """
    groups: dict[tuple, SubnetGroup] = {}
    for path in paths:
        text = detail(path)
        if text is None:
            continue
        key = (id(path.puller), id(route_table(path.subnet)), text)
        if key in groups:
            groups[key].members.append(path)
        else:
            groups[key] = SubnetGroup([path], text)
    yield from groups.values()
