"""Loaders: one per input format, each turning a file or directory into ``Model`` objects.

``load_file`` picks the loader for one file from its name and a cheap look at its text, so each
file is parsed once, by the parser of its format, and formats that are not present are never
imported (cfn-lint and the Terraform evaluator are slow to import).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.errors import InputError, InputFailure
from ecslint.loaders.files import read_text
from ecslint.model import Model

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml", ".template")


@dataclass
class LoadResult:
    """The models read from one input, and the errors that stopped parts of it from loading."""

    models: list[Model] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def candidate_kind(path: str) -> str | None:
    """Return the loader family for a file name, or None for files ecslint never reads."""
    lower = path.lower()
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    return None


def load_file(path: str, explicit: bool = False) -> LoadResult:
    """Load one file. ``explicit`` is True when the user named it on the command line.

    A file whose content is not an input ecslint understands gives an empty result, so a tree
    scan skips unrelated JSON and YAML silently.
    """
    result = LoadResult()
    try:
        text = read_text(path)
        result.models.extend(_load_text(path, text, explicit))
    except InputFailure as failure:
        result.errors.append(InputError(failure.code, path, failure.line, failure.message))
    return result


def _load_text(path: str, text: str, explicit: bool) -> list[Model]:
    kind = candidate_kind(path) or "json"
    if kind == "json":
        return _load_json(path, text, explicit)
    return []


def _load_json(path: str, text: str, explicit: bool) -> list[Model]:
    from ecslint.loaders import taskdef

    value, index = taskdef.parse_json(text)
    shape = taskdef.task_definition_shape(value)
    if shape == taskdef.TASK_DEFINITION or (shape == taskdef.CONTAINER_LIST and explicit):
        return [taskdef.load_task_definition(path, value, index)]
    return []
