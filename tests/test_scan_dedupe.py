"""A nested stack scanned on its own and through its parent is reported once."""

from __future__ import annotations

from ecslint.rules import ALL_RULES
from ecslint.scan import scan

PARENT = """Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./child.yaml
"""

CHILD = """Resources:
  WebTask:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: web
          Image: public.ecr.aws/nginx/nginx:latest
          Memory: 256
          LogConfiguration:
            LogDriver: json-file
            Options:
              max-size: 10m
"""


def test_nested_stack_reported_once(tmp_path):
    (tmp_path / "parent.yaml").write_text(PARENT)
    (tmp_path / "child.yaml").write_text(CHILD)
    result = scan([str(tmp_path)], [rule() for rule in ALL_RULES])
    latest = [f for f in result.findings if f.rule == "ECS302"]
    assert len(latest) == 1
    assert latest[0].location.path.endswith("child.yaml")
