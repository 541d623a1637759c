"""Tests for schemas/taskdef.schema.json and the script that generates it from botocore."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = REPO_ROOT / "schemas" / "taskdef.schema.json"
GENERATOR_PATH = REPO_ROOT / "scripts" / "generate_taskdef_schema.py"

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)

FARGATE_TASK_DEFINITION: dict[str, Any] = {
    "family": "web",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
    "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    "containerDefinitions": [
        {
            "name": "web",
            "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2",
            "essential": True,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/web",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "web",
                },
            },
        }
    ],
}

# Members that describe-task-definition adds to a registered task definition.
DESCRIBE_MEMBERS: dict[str, Any] = {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
    "revision": 7,
    "status": "ACTIVE",
    "compatibilities": ["EC2", "FARGATE"],
    "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.ecr-auth"}],
    "registeredAt": "2024-05-02T10:15:30.123000+00:00",
    "registeredBy": "arn:aws:iam::123456789012:role/deployer",
}


def fargate_task_definition(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(FARGATE_TASK_DEFINITION)
    document.update(changes)
    return document


def error_list(document: Any) -> list[tuple[list[Any], str, str]]:
    """Validate and return (JSON path, failed keyword, message) for every error."""
    errors = VALIDATOR.iter_errors(document)
    return [(list(error.absolute_path), error.validator, error.message) for error in errors]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_taskdef_schema", GENERATOR_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_records_botocore_version():
    assert isinstance(SCHEMA["x-botocore-version"], str)
    assert SCHEMA["x-botocore-version"] in SCHEMA["$comment"]


def test_fargate_task_definition_is_valid():
    assert error_list(FARGATE_TASK_DEFINITION) == []


def test_unknown_top_level_key_rejected():
    errors = error_list(fargate_task_definition(taskCount=2))

    assert len(errors) == 1
    path, keyword, message = errors[0]
    assert path == []
    assert keyword == "additionalProperties"
    assert "'taskCount'" in message


def test_network_mode_bad_enum_rejected():
    errors = error_list(fargate_task_definition(networkMode="vpc"))

    assert len(errors) == 1
    path, keyword, _ = errors[0]
    assert path == ["networkMode"]
    assert keyword == "enum"


def test_network_mode_enum_matches_api():
    assert SCHEMA["$defs"]["NetworkMode"]["enum"] == ["bridge", "host", "awsvpc", "none"]


def test_container_definitions_object_rejected():
    container = FARGATE_TASK_DEFINITION["containerDefinitions"][0]
    errors = error_list(fargate_task_definition(containerDefinitions=container))

    assert len(errors) == 1
    path, keyword, _ = errors[0]
    assert path == ["containerDefinitions"]
    assert keyword == "type"


def test_essential_string_rejected():
    document = fargate_task_definition()
    document["containerDefinitions"][0]["essential"] = "yes"
    errors = error_list(document)

    assert len(errors) == 1
    path, keyword, _ = errors[0]
    assert path == ["containerDefinitions", 0, "essential"]
    assert keyword == "type"


def test_task_cpu_number_rejected():
    # The API types task-level cpu as a string, and botocore rejects a number there.
    errors = error_list(fargate_task_definition(cpu=256))

    assert [(path, keyword) for path, keyword, _ in errors] == [(["cpu"], "type")]


def test_container_memory_string_rejected():
    # Container-level memory is an integer in the API, unlike task-level memory.
    document = fargate_task_definition()
    document["containerDefinitions"][0]["memory"] = "512"
    errors = error_list(document)

    assert [(path, keyword) for path, keyword, _ in errors] == [
        (["containerDefinitions", 0, "memory"], "type")
    ]


def test_null_member_rejected():
    document = fargate_task_definition()
    document["containerDefinitions"][0]["logConfiguration"] = None
    errors = error_list(document)

    assert [(path, keyword) for path, keyword, _ in errors] == [
        (["containerDefinitions", 0, "logConfiguration"], "type")
    ]


def test_missing_required_member_rejected():
    document = fargate_task_definition()
    del document["family"]
    errors = error_list(document)

    assert [(path, keyword) for path, keyword, _ in errors] == [([], "required")]


def test_describe_output_is_valid():
    document = fargate_task_definition(**DESCRIBE_MEMBERS)

    assert error_list(document) == []


def test_describe_timestamp_number_is_valid():
    document = fargate_task_definition(**{**DESCRIBE_MEMBERS, "registeredAt": 1714644930.123})

    assert error_list(document) == []


def test_describe_status_bad_enum_rejected():
    document = fargate_task_definition(**{**DESCRIBE_MEMBERS, "status": "active"})
    errors = error_list(document)

    assert [(path, keyword) for path, keyword, _ in errors] == [(["status"], "enum")]


def test_describe_members_marked_read_only():
    for name in DESCRIBE_MEMBERS:
        assert SCHEMA["properties"][name].get("readOnly") is True, name
    assert "readOnly" not in SCHEMA["properties"]["family"]


def gpu_task_definition(sharing_strategy: Any) -> dict[str, Any]:
    document = fargate_task_definition()
    requirement = {"type": "GPU", "value": "1", "sharingStrategy": sharing_strategy}
    document["containerDefinitions"][0]["resourceRequirements"] = [requirement]
    return document


def test_union_with_one_member_is_valid():
    strategy = {"nvidiaMps": {"memory": 1024, "maxComputePercent": 50}}

    assert error_list(gpu_task_definition(strategy)) == []


def test_empty_union_rejected():
    # SharingStrategy is a botocore union, and botocore rejects it when no member is set.
    errors = error_list(gpu_task_definition({}))
    path = ["containerDefinitions", 0, "resourceRequirements", 0, "sharingStrategy"]

    assert [(path, keyword) for path, keyword, _ in errors] == [(path, "minProperties")]


def test_integer_above_model_max_rejected():
    strategy = {"nvidiaMps": {"memory": 1024, "maxComputePercent": 101}}
    errors = error_list(gpu_task_definition(strategy))
    path = ["containerDefinitions", 0, "resourceRequirements", 0, "sharingStrategy"]

    assert [(path, keyword) for path, keyword, _ in errors] == [
        ([*path, "nvidiaMps", "maxComputePercent"], "maximum")
    ]


def botocore_matching_schema() -> ModuleType:
    """Import botocore, or skip when it is missing or differs from the recorded version."""
    botocore = pytest.importorskip("botocore", reason="botocore is needed to regenerate")
    recorded = SCHEMA["x-botocore-version"]
    if botocore.__version__ != recorded:
        pytest.skip(
            f"schema was generated with botocore {recorded} but {botocore.__version__} "
            "is installed, so the generated output may differ"
        )
    return botocore


def test_committed_schema_is_current():
    botocore_matching_schema()
    generator = load_generator()

    assert generator.generate_schema_text() == SCHEMA_PATH.read_text(encoding="utf-8")
    assert generator.main(["--check"]) == 0


def test_check_mode_reports_stale_file(tmp_path, monkeypatch, capsys):
    botocore_matching_schema()
    generator = load_generator()
    stale_path = tmp_path / "taskdef.schema.json"
    stale_path.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(generator, "SCHEMA_PATH", stale_path)

    assert generator.main(["--check"]) == 1
    assert "differs from the schema generated" in capsys.readouterr().err
    assert stale_path.read_text(encoding="utf-8") == "{}\n"
