"""The base of every model object: a name for messages and the places it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.model.values import Location


@dataclass(eq=False)
class Node:
    """A resource or part of one.

    ``name`` is what messages call it: a CloudFormation logical id, a Terraform address, a task
    definition family or a container name. ``location`` is where it is declared, and
    ``positions`` maps attribute names (dotted for nested ones, such as ``logConfiguration``)
    to where each attribute is written.
    """

    name: str
    location: Location
    positions: dict[str, Location] = field(default_factory=dict, repr=False)

    def where(self, attribute: str | None = None) -> Location:
        """Return the location of ``attribute``, or of the node when it is not written."""
        if attribute is not None and attribute in self.positions:
            return self.positions[attribute]
        return self.location
