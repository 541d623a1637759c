"""Property tests: any JSON, and any mutation of a valid task definition, loads and checks
without an exception: the result is findings or a clean input error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslint.engine import check_model
from ecslint.loaders import load_file
from ecslint.rules import ALL_RULES

RULES = [rule() for rule in ALL_RULES]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)

CONTAINER_KEYS = [
    "name",
    "image",
    "essential",
    "command",
    "entryPoint",
    "logConfiguration",
    "secrets",
    "repositoryCredentials",
    "portMappings",
]
TASK_KEYS = [
    "family",
    "requiresCompatibilities",
    "networkMode",
    "cpu",
    "memory",
    "executionRoleArn",
    "runtimePlatform",
    "ephemeralStorage",
]


def _base() -> dict:
    return {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [
            {
                "name": "web",
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
                "logConfiguration": {"logDriver": "awslogs", "options": {}},
                "secrets": [{"name": "A", "valueFrom": "arn:aws:ssm:us-east-1:1:parameter/a"}],
                "portMappings": [{"containerPort": 80, "hostPort": 80}],
            }
        ],
    }


def _check_text(text: str, suffix: str = ".json") -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        loaded = load_file(str(path), explicit=True)
        for model in loaded.models:
            _, crashes = check_model(model, RULES)
            assert crashes == []


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(json_values)
def test_random_json(value):
    _check_text(json.dumps(value))


@FUZZ
@given(st.sampled_from(TASK_KEYS), json_values)
def test_mutated_task_member(key, value):
    document = _base()
    document[key] = value
    _check_text(json.dumps(document))


@FUZZ
@given(st.sampled_from(CONTAINER_KEYS), json_values)
def test_mutated_container_member(key, value):
    document = _base()
    document["containerDefinitions"][0][key] = value
    _check_text(json.dumps(document))


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text):
    _check_text(text)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_random_image_reference(image):
    document = _base()
    document["containerDefinitions"][0]["image"] = image
    _check_text(json.dumps(document))
