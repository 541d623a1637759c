"""Module values that tfparse left unresolved, evaluated from their expressions on first use.

tfparse returns null for a local or output that depends on a ``for`` expression or on a module
with ``count``/``for_each`` (checked with tfparse 0.6.22). ``LazyValues`` keeps tfparse's values
and evaluates those from the python-hcl2 tree of the block, in the module's scope, when read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ecslint.loaders.terraform.expressions import Scope, evaluate
from ecslint.model.values import Unknown


class LazyValues(Mapping):
    """Named values of one module: tfparse's, else the expression evaluated on first read.

    ``unresolved`` names the values tfparse did not compute. A value whose expression refers
    back to itself, directly or through others, is ``Unknown``.
    """

    def __init__(
        self,
        known: dict[str, Any],
        unresolved: set[str],
        trees: dict[str, Any],
        scope: Callable[[], Scope],
    ):
        self.known = dict(known)
        self.pending = {name for name in unresolved if name in trees}
        self.trees = trees
        self.scope = scope
        self.active: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        if name in self.pending:
            if name in self.active:
                return Unknown(f"{name} refers to itself")
            self.active.add(name)
            try:
                self.known[name] = evaluate(self.trees[name], self.scope())
            finally:
                self.active.discard(name)
            self.pending.discard(name)
        return self.known[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)
