"""Loaders: one per input format, each turning a file or directory into ``Model`` objects.

``load_file`` picks the loader for one file from its name and a cheap look at its text. So each
file is parsed once, by the parser of its format. Formats that are not present are never
imported, because cfn-lint and the Terraform evaluator are slow to import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslint.errors import InputError, InputFailure
from ecslint.loaders.files import read_text
from ecslint.model import Model
from ecslint.suppressions import comment_suppressions

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml", ".template")
TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars")


@dataclass
class LoadResult:
    """The models read from one input, and the errors that stopped parts of it from loading."""

    models: list[Model] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def candidate_kind(path: str) -> str | None:
    """Return the loader family for a file name, or None for files ecslint never reads."""
    lower = path.lower()
    if lower.endswith(TERRAFORM_SUFFIXES):
        return "terraform"
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
    if looks_like_cloudformation(text):
        from ecslint.loaders.cloudformation import load_template

        models = load_template(path, text)
        if kind == "yaml":
            for model in models:
                model.suppressions.update(comment_suppressions(text))
        if models or kind != "json":
            return models
    if kind == "json" and looks_like_plan(text):
        from ecslint.loaders.terraform.plan import load_plan

        return load_plan(path, text)
    if kind == "json":
        return _load_json(path, text, explicit)
    return []


def looks_like_cloudformation(text: str) -> bool:
    """Return True for text that may be a CloudFormation, SAM or CDK template.

    This is a cheap test on the raw text, so that cfn-lint is imported only when needed. The
    CloudFormation loader decides for certain and returns no model for other documents.
    """
    head = text[:4096]
    if "AWSTemplateFormatVersion" in head or "AWS::Serverless" in head:
        return True
    return "Resources" in text and "AWS::" in text and "containerDefinitions" not in head


def looks_like_task_definition(text: str) -> bool:
    """Return True for text that may be a task definition, valid JSON or not."""
    return '"containerDefinitions"' in text or '"taskDefinition"' in text


def looks_like_plan(text: str) -> bool:
    """Return True for ``terraform show -json`` output."""
    head = text[:4096]
    return '"format_version"' in head and (
        '"planned_values"' in text or '"terraform_version"' in head
    )


def _load_json(path: str, text: str, explicit: bool) -> list[Model]:
    from ecslint.loaders import taskdef

    if not explicit and not looks_like_task_definition(text):
        # JSON with comments (tsconfig.json, .vscode/settings.json) and other tools' files:
        # a tree scan skips what it cannot parse unless it looks like a task definition.
        try:
            value, index = taskdef.parse_json(text)
        except InputFailure:
            return []
    else:
        value, index = taskdef.parse_json(text)
    shape = taskdef.task_definition_shape(value)
    if shape == taskdef.TASK_DEFINITION or (shape == taskdef.CONTAINER_LIST and explicit):
        return [taskdef.load_task_definition(path, value, index)]
    return []


def load_terraform_directory(
    directory: str, var_files: list[str] | None = None, root: str | None = None
) -> LoadResult:
    """Load the Terraform configuration in ``directory`` (its ``.tf`` files and variables).

    ``root`` is the scanned directory that file functions may read under; it defaults to
    ``directory``.
    """
    from ecslint.loaders.terraform import load_directory

    return load_directory(directory, var_files=var_files or [], root=root)
