"""Property tests for the CloudFormation and Terraform loaders.

Mutated real inputs and random text load and check without an exception, so the result is
always findings or a clean input error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslint.engine import check_model
from ecslint.loaders import load_file, load_terraform_directory
from ecslint.rules import ALL_RULES
from tests.shared import CORPUS, requires_shared

RULES = [rule() for rule in ALL_RULES]

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Image:
    Type: String
    Default: nginx
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: "256"
      Memory: "512"
      ContainerDefinitions:
        - Name: web
          Image: !Ref Image
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [!Ref Subnet]
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
  Vpc:
    Type: AWS::EC2::VPC
"""

CONFIGURATION = """variable "image" {
  default = "nginx:1.27.3"
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{ name = "web", image = var.image }])
}
"""

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_models(loaded) -> None:
    for model in loaded.models:
        _, crashes = check_model(model, RULES)
        assert crashes == []


def _mutate(text: str, data) -> str:
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        action = data.draw(st.sampled_from(["drop", "copy", "replace", "insert"]))
        if not lines:
            break
        if action == "drop":
            del lines[index]
        elif action == "copy":
            lines.insert(index, lines[index])
        elif action == "replace":
            lines[index] = data.draw(st.text(max_size=40))
        else:
            lines.insert(index, data.draw(st.sampled_from(["  !Ref X", "- -", "{", "}", "]", '"'])))
    return "\n".join(lines) + "\n"


def _load_yaml(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "template.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _check_models(load_file(str(path)))


def _load_terraform(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "main.tf").write_text(text, encoding="utf-8", errors="surrogatepass")
        _check_models(load_terraform_directory(directory))


@FUZZ
@given(st.data())
def test_mutated_template(data):
    _load_yaml(_mutate(TEMPLATE, data))


@FUZZ
@given(st.text(max_size=300))
def test_random_template_text(text):
    _load_yaml("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + text)


@SLOW_FUZZ
@given(st.data())
def test_mutated_configuration(data):
    _load_terraform(_mutate(CONFIGURATION, data))


@SLOW_FUZZ
@given(st.text(max_size=200))
def test_random_configuration_text(text):
    _load_terraform(text)


def _corpus_files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern))[:12] if CORPUS.is_dir() else []


@requires_shared
@pytest.mark.parametrize("path", _corpus_files("cfn/**/*.yaml"), ids=lambda p: p.name)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_corpus_template(path, data):
    _load_yaml(_mutate(path.read_text(encoding="utf-8"), data))


@requires_shared
@pytest.mark.parametrize("path", _corpus_files("terraform/**/main.tf"), ids=lambda p: p.parent.name)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_corpus_configuration(path, data):
    _load_terraform(_mutate(path.read_text(encoding="utf-8"), data))
