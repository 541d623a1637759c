"""Terraform's collection functions for ``expressions.evaluate``, on values already computed.

Each function takes the evaluated arguments and returns the result, or ``Unknown`` when an
argument it needs is not known. Terraform's own semantics are followed (Terraform 1.x function
reference): ``coalesce`` skips null and empty strings, ``flatten`` flattens nested lists, and
``keys`` and ``values`` order a map by key.
"""

from __future__ import annotations

from typing import Any

from ecslint.model.values import Unknown, has_placeholder, is_unknown


class Missing(Unknown):
    """An error in Terraform, such as an attribute a known object does not have.

    ``try()`` falls back past it, where it never falls back past a value that is only unknown.
    """


class OpenObject(dict):
    """An object read from a variable whose type may declare ``optional()`` attributes.

    tfparse does not add the defaults of optional attributes, so an absent key may still have
    a value in Terraform, and reading it gives ``Unknown`` instead of ``Missing``.
    """


def is_known(value: Any) -> bool:
    """Return True when ``value`` contains no ``Unknown`` at any depth."""
    if is_unknown(value):
        return False
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    if isinstance(value, list):
        return all(is_known(item) for item in value)
    return True


def coalesce(values: list[Any], scope: Any) -> Any:
    for value in values:
        if is_unknown(value):
            return Unknown("coalesce() of an unknown value")
        if value is not None and value != "":
            return value
    return Missing("coalesce() found no non-null argument")


def lookup(values: list[Any], scope: Any) -> Any:
    if len(values) not in (2, 3) or not isinstance(values[0], dict):
        return Unknown("lookup() of a value that is not a known map")
    table, key = values[0], values[1]
    if not isinstance(key, str):
        return Unknown("lookup() with an unknown key")
    if key in table:
        return table[key]
    if isinstance(table, OpenObject):
        return Unknown(f"lookup() of {key!r}, which may be an optional attribute")
    return values[2] if len(values) == 3 else Missing(f"lookup() found no key {key!r}")


def distinct(values: list[Any], scope: Any) -> Any:
    if len(values) != 1 or not isinstance(values[0], list) or not is_known(values[0]):
        return Unknown("distinct() of a value that is not a known list")
    result: list[Any] = []
    for item in values[0]:
        if item not in result:
            result.append(item)
    return result


def flatten(values: list[Any], scope: Any) -> Any:
    if len(values) != 1 or not isinstance(values[0], list):
        return Unknown("flatten() of a value that is not a known list")
    result: list[Any] = []
    for item in values[0]:
        if is_unknown(item):
            return Unknown("flatten() of a list with an unknown element")
        if isinstance(item, list):
            inner = flatten([item], scope)
            if is_unknown(inner):
                return inner
            result.extend(inner)
        else:
            result.append(item)
    return result


def toset(values: list[Any], scope: Any) -> Any:
    """Return a set of strings as Terraform iterates it: distinct and in lexical order.

    NOTE: sets of other types are left unknown, because their order is not defined here.
    """
    if len(values) != 1 or not isinstance(values[0], list) or not is_known(values[0]):
        return Unknown("toset() of a value that is not a known list")
    if not all(isinstance(item, str) for item in values[0]):
        return Unknown("toset() of values that are not all strings")
    return sorted(set(values[0]))


def keys(values: list[Any], scope: Any) -> Any:
    if len(values) != 1 or not isinstance(values[0], dict):
        return Unknown("keys() of a value that is not a known map")
    return sorted(values[0])


def map_values(values: list[Any], scope: Any) -> Any:
    if len(values) != 1 or not isinstance(values[0], dict):
        return Unknown("values() of a value that is not a known map")
    return [values[0][key] for key in sorted(values[0])]


def contains(values: list[Any], scope: Any) -> Any:
    if len(values) != 2 or not isinstance(values[0], list) or not is_known(values[1]):
        return Unknown("contains() of unknown values")
    if values[1] in values[0]:
        return True
    if not is_known(values[0]):
        return Unknown("contains() of a list with unknown elements")
    return False


def length(values: list[Any], scope: Any) -> Any:
    value = values[0] if len(values) == 1 else None
    # A placeholder such as ``${data.aws_availability_zones.all.names}`` stands for a value
    # known only after reading AWS, whose length is not the placeholder's.
    if isinstance(value, str) and has_placeholder(value):
        return Unknown("length() of a value known only after apply")
    if isinstance(value, list | dict | str):
        return len(value)
    return Unknown("length() of an unknown value")


COLLECTION_FUNCTIONS = {
    "coalesce": coalesce,
    "lookup": lookup,
    "distinct": distinct,
    "flatten": flatten,
    "toset": toset,
    "keys": keys,
    "values": map_values,
    "contains": contains,
    "length": length,
}
