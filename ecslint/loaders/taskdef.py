"""Load task-definition JSON: register-task-definition input, ``--cli-input-json`` files and
``describe-task-definition`` output, or a list of container definitions named by the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ecslint.errors import INVALID_STRUCTURE, INVALID_SYNTAX, InputFailure
from ecslint.loaders import jsonpos
from ecslint.loaders.ecs_api import build_task_definition
from ecslint.model import Model
from ecslint.model.values import Location, has_placeholder

TASK_DEFINITION = "taskdef"
CONTAINER_LIST = "container-list"


def parse_json(text: str) -> tuple[Any, jsonpos.LineIndex]:
    """Decode JSON text, raising ``InputFailure`` with the line of a syntax error."""
    if not text.strip():
        raise InputFailure(INVALID_SYNTAX, "the file is empty; expected a JSON document", line=1)
    try:
        return jsonpos.loads(text)
    except jsonpos.JsonSyntaxError as error:
        where = f" at column {error.column}" if error.column else ""
        raise InputFailure(
            INVALID_SYNTAX, f"invalid JSON: {error.message}{where}", line=error.line
        ) from None


def task_definition_shape(value: Any) -> str | None:
    """Return which kind of task-definition input ``value`` is, or None for other JSON."""
    if isinstance(value, dict):
        if "containerDefinitions" in value:
            return TASK_DEFINITION
        inner = value.get("taskDefinition")
        if isinstance(inner, dict) and "containerDefinitions" in inner:
            return TASK_DEFINITION
    if isinstance(value, list) and value and all(_is_container(item) for item in value):
        return CONTAINER_LIST
    return None


def _is_container(item: Any) -> bool:
    return isinstance(item, dict) and "image" in item and "name" in item


def load_task_definition(path: str, value: Any, index: jsonpos.LineIndex) -> Model:
    """Return the model of a task-definition file already decoded into ``value``."""
    positions = jsonpos.PositionMap(path, value, index)
    prefix: list[str | int] = []
    if isinstance(value, list):
        value = _wrap_container_list(value, _file_stem(path))
        positions = jsonpos.PositionMap(path, value, index)
    elif "containerDefinitions" not in value:
        prefix = ["taskDefinition"]
        value = value["taskDefinition"]
    _drop_nulls(value)
    _check_structure(value, positions, prefix)

    def locate(keys):
        return positions.locate(positions.root, [*prefix, *keys])

    family = value.get("family")
    name = family if isinstance(family, str) and family else _file_stem(path)
    model = Model(path=path, kind=TASK_DEFINITION, standalone=True)
    model.task_definitions.append(build_task_definition(value, name, locate))
    for keys, text in _placeholders(value, []):
        pointer = "/" + "/".join(str(key) for key in keys)
        model.note_unknown(locate(keys), f'{pointer} is "{text}", filled in at deploy time')
    return model


def _placeholders(value: Any, keys: list) -> Iterator[tuple[list, str]]:
    """Yield the path and text of every string that contains a deploy-time placeholder."""
    if isinstance(value, str) and has_placeholder(value):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, [*keys, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, [*keys, index])


def _wrap_container_list(containers: jsonpos.JsonArray, family: str) -> jsonpos.JsonObject:
    """Wrap a list of container definitions as a task definition named after the file."""
    wrapped = jsonpos.JsonObject(family=family, containerDefinitions=containers)
    wrapped.start = containers.start
    wrapped.offsets = {"family": containers.start, "containerDefinitions": containers.start}
    return wrapped


def _drop_nulls(value: Any) -> None:
    """Remove null members, which the AWS CLI treats as absent."""
    if isinstance(value, dict):
        for key in [key for key, item in value.items() if item is None]:
            del value[key]
        for item in value.values():
            _drop_nulls(item)
    elif isinstance(value, list):
        for item in value:
            _drop_nulls(item)


def _check_structure(value: dict, positions: jsonpos.PositionMap, prefix: list) -> None:
    containers = value.get("containerDefinitions")
    if isinstance(containers, list) and all(isinstance(item, dict) for item in containers):
        return
    location: Location = positions.locate(positions.root, [*prefix, "containerDefinitions"])
    if isinstance(containers, list):
        found = "a list with an item that is not an object"
    else:
        found = _json_type_name(type(containers).__name__)
    raise InputFailure(
        INVALID_STRUCTURE,
        f"containerDefinitions must be a list of objects, found {found}",
        line=location.line,
    )


def _json_type_name(python_name: str) -> str:
    names = {"str": "a string", "int": "a number", "float": "a number", "bool": "a boolean"}
    names.update({"dict": "an object", "JsonObject": "an object", "NoneType": "null"})
    return names.get(python_name, python_name)


def _file_stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or name
