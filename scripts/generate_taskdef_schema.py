"""Generate schemas/taskdef.schema.json from botocore's Amazon ECS service model.

The schema describes a task definition as the RegisterTaskDefinition API accepts it. It is
derived from the API model, not written by hand, so that member names, types, enum values and
required members are exactly the API's. Run it from the repository root:

    python scripts/generate_taskdef_schema.py          # rewrite the schema file
    python scripts/generate_taskdef_schema.py --check  # exit 1 if the file is stale

Mapping from botocore shape types to JSON Schema (draft 2020-12):

- structure: object with ``properties``, ``required`` and ``additionalProperties: false``,
  because the AWS CLI rejects unknown parameters. A union structure (botocore ``union: true``)
  also gets ``minProperties: 1`` and ``maxProperties: 1``, because botocore rejects a union
  with no member or with more than one member set.
- list: array with ``items``. map: object whose ``additionalProperties`` and ``propertyNames``
  point to the value and key shapes.
- string and blob: string, with the model's ``enum`` copied value for value.
- integer and long: integer. float and double: number. boolean: boolean.
  timestamp: number or string. document: any JSON value.
- Every named shape becomes an entry in ``$defs`` and is referenced with ``$ref``, which keeps
  the file small and allows recursive shapes.
- ``min`` and ``max`` become minLength/maxLength (strings), minItems/maxItems (lists),
  minProperties/maxProperties (maps) or minimum/maximum (numbers). botocore checks only
  ``min`` on the client, but both limits are part of the API, so both are kept.
- ``deprecated`` on a shape or member becomes the ``deprecated: true`` annotation.
  Documentation and ``sensitive`` are not copied.

Choices about strictness, compared with the API and with botocore's parameter validation
(checked against botocore 1.44.8, whose clients and the AWS CLI validate parameters by
default):

1. Read-only members. The top level accepts the members that describe-task-definition returns
   in its TaskDefinition shape (taskDefinitionArn, revision, status, registeredAt, ...) as well
   as the RegisterTaskDefinition request members, so that describe output validates too. They
   are marked ``readOnly: true`` because RegisterTaskDefinition rejects them as unknown
   parameters. ``required`` comes from the request shape only.
2. Timestamps accept a number or a string. The ECS JSON protocol sends epoch seconds, the AWS
   CLI prints either that number or an ISO 8601 string (its cli_timestamp_format setting), and
   botocore accepts both on input.
   NOTE: the string is not checked to be a valid date.
3. No leniency for numbers written as strings or strings written as numbers. Task-level
   ``cpu`` and ``memory`` are strings in the API, and botocore rejects ``"cpu": 256``
   ("Invalid type for parameter cpu"). Container-level ``cpu`` and ``memory`` are integers,
   and botocore rejects ``"memory": "512"``. botocore also rejects ``null`` for any member
   (``"logConfiguration": null``), so the schema allows no null. It reports all of these, as
   the CLI would.
4. ``pattern`` is dropped. In botocore 1.44.8 the only patterns in the task definition
   shapes (TagKey, TagValue) use ``\\p{L}``-style Unicode classes. Python's ``re`` cannot
   compile them, so jsonschema would raise on every tag instead of validating it, and botocore
   does not check patterns on the client. A tag with a character the service rejects passes.
5. Enum values are the model's, so a value that AWS adds after the recorded botocore version
   is reported as invalid until the schema is regenerated with a newer botocore.
6. NOTE: JSON Schema counts ``512.0`` as an integer, but botocore rejects a float where the
   API expects an integer, so that case passes the schema and fails the CLI.

The model is loaded from botocore's bundled data only, never from ~/.aws/models, so the
botocore version recorded in the schema (``x-botocore-version``) identifies the model exactly.
The output is deterministic (sorted keys, 2-space indent, trailing newline), so regenerating
with the same botocore version produces an identical file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import botocore
from botocore.loaders import Loader

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "taskdef.schema.json"
OPERATION_NAME = "RegisterTaskDefinition"
DESCRIBE_SHAPE_NAME = "TaskDefinition"
DEFS_POINTER = "#/$defs/"

Shape = dict[str, Any]
Schema = dict[str, Any]

# JSON Schema type for each botocore scalar shape type.
SCALAR_TYPES: dict[str, str | list[str]] = {
    "string": "string",
    "blob": "string",
    "integer": "integer",
    "long": "integer",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "timestamp": ["number", "string"],
}

# JSON Schema keywords for botocore's "min" and "max", by shape type.
RANGE_KEYWORDS: dict[str, tuple[str, str]] = {
    "string": ("minLength", "maxLength"),
    "blob": ("minLength", "maxLength"),
    "list": ("minItems", "maxItems"),
    "map": ("minProperties", "maxProperties"),
    "integer": ("minimum", "maximum"),
    "long": ("minimum", "maximum"),
    "float": ("minimum", "maximum"),
    "double": ("minimum", "maximum"),
}


def load_ecs_model() -> dict[str, Any]:
    """Load the ECS service model bundled with the installed botocore."""
    loader = Loader(
        extra_search_paths=[Loader.BUILTIN_DATA_PATH],
        include_default_search_paths=False,
    )
    return loader.load_service_model("ecs", "service-2")


def shape_ref(shape_name: str) -> Schema:
    return {"$ref": DEFS_POINTER + shape_name}


def member_schema(member: Shape) -> Schema:
    schema = shape_ref(member["shape"])
    if member.get("deprecated"):
        schema["deprecated"] = True
    return schema


def range_schema(shape: Shape) -> Schema:
    """Translate the shape's min and max into the keywords for its type."""
    keywords = RANGE_KEYWORDS.get(shape["type"])
    if keywords is None:
        return {}
    schema = {}
    for model_key, schema_key in zip(("min", "max"), keywords, strict=True):
        if model_key in shape:
            schema[schema_key] = shape[model_key]
    return schema


def structure_schema(shape: Shape) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": {name: member_schema(m) for name, m in shape["members"].items()},
        "additionalProperties": False,
    }
    if shape.get("required"):
        schema["required"] = list(shape["required"])
    if shape.get("union"):
        schema["minProperties"] = 1
        schema["maxProperties"] = 1
    return schema


def container_schema(shape: Shape) -> Schema:
    if shape["type"] == "list":
        return {"type": "array", "items": shape_ref(shape["member"]["shape"])}
    return {
        "type": "object",
        "propertyNames": shape_ref(shape["key"]["shape"]),
        "additionalProperties": shape_ref(shape["value"]["shape"]),
    }


def scalar_schema(shape: Shape) -> Schema:
    if shape["type"] == "document":
        return {}
    if shape["type"] not in SCALAR_TYPES:
        raise ValueError(
            f"botocore shape type {shape['type']!r} is not supported. "
            "Add it to SCALAR_TYPES in this script."
        )
    schema: Schema = {"type": SCALAR_TYPES[shape["type"]]}
    if "enum" in shape:
        schema["enum"] = list(shape["enum"])
    return schema


def shape_schema(shape: Shape) -> Schema:
    """Convert one botocore shape. References to other shapes stay as $ref."""
    if shape["type"] == "structure":
        schema = structure_schema(shape)
    elif shape["type"] in ("list", "map"):
        schema = container_schema(shape)
    else:
        schema = scalar_schema(shape)
    schema.update(range_schema(shape))
    if shape.get("deprecated"):
        schema["deprecated"] = True
    return schema


def referenced_shapes(shape: Shape) -> list[str]:
    names = [member["shape"] for member in shape.get("members", {}).values()]
    names += [shape[key]["shape"] for key in ("member", "key", "value") if key in shape]
    return names


def collect_defs(shapes: dict[str, Shape], roots: list[Shape]) -> dict[str, Schema]:
    """Convert every shape reachable from the roots once each, which also ends recursion."""
    defs: dict[str, Schema] = {}
    pending = [name for root in roots for name in referenced_shapes(root)]
    while pending:
        name = pending.pop()
        if name in defs:
            continue
        defs[name] = shape_schema(shapes[name])
        pending.extend(referenced_shapes(shapes[name]))
    return defs


def top_level_properties(request: Shape, describe: Shape) -> dict[str, Schema]:
    """Merge request members with the read-only members of describe-task-definition output."""
    properties = {name: member_schema(m) for name, m in request["members"].items()}
    for name, member in describe["members"].items():
        if name not in properties:
            properties[name] = {**member_schema(member), "readOnly": True}
        elif request["members"][name]["shape"] != member["shape"]:
            raise ValueError(
                f"member {name!r} has different shapes in the request and the describe "
                "output, so they cannot be merged. Update top_level_properties."
            )
    return properties


def build_schema(model: dict[str, Any], botocore_version: str) -> Schema:
    shapes = model["shapes"]
    request = shapes[model["operations"][OPERATION_NAME]["input"]["shape"]]
    describe = shapes[DESCRIBE_SHAPE_NAME]
    api_version = model["metadata"]["apiVersion"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            f"Generated by scripts/generate_taskdef_schema.py from botocore {botocore_version} "
            f"(ECS API {api_version}). Do not edit by hand: regenerate instead."
        ),
        "title": "Amazon ECS task definition",
        "description": (
            "A task definition as RegisterTaskDefinition accepts it, plus the read-only "
            "members that describe-task-definition returns."
        ),
        "x-botocore-version": botocore_version,
        "x-ecs-api-version": api_version,
        "type": "object",
        "properties": top_level_properties(request, describe),
        "required": list(request["required"]),
        "additionalProperties": False,
        "$defs": collect_defs(shapes, [request, describe]),
    }


def render_schema(schema: Schema) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def generate_schema_text() -> str:
    """Return the schema file contents for the installed botocore."""
    return render_schema(build_schema(load_ecs_model(), botocore.__version__))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the schema file differs from the generated schema",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    text = generate_schema_text()
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
        if current != text:
            print(
                f"{SCHEMA_PATH} differs from the schema generated with botocore "
                f"{botocore.__version__}. Run python scripts/generate_taskdef_schema.py to "
                "regenerate it, or install the botocore version in its x-botocore-version.",
                file=sys.stderr,
            )
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
