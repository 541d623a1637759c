"""Tests for ECS808 secret-value-not-json and the secret values both loaders read."""

from __future__ import annotations

import pytest

from ecslint.loaders.cloudformation import load_template
from ecslint.loaders.terraform import load_directory
from ecslint.model import Model
from ecslint.model.registry import SecretResource
from ecslint.model.values import Unknown, is_unknown
from ecslint.rules.secret_values import SecretValueNotJson, json_key, key_problem
from tests.rules.builders import HERE, codes, container, model, secret, task

ARN = "${ServerPass}"


def _stored(secret_string, kind="secretsmanager", arn=ARN):
    return SecretResource(
        name="ServerPass", location=HERE, kind=kind, arn=arn, secret_string=secret_string
    )


def _model(value_from, secret_string, **fields) -> Model:
    used = container(secrets=[secret(value_from, name="SERVER_PASS")])
    return model(task(used), secrets=[_stored(secret_string, **fields)])


# json_key -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value_from", "expected"),
    [
        (f"{ARN}:SERVER_PASS::", "SERVER_PASS"),
        (f"{ARN}:SERVER_PASS", "SERVER_PASS"),
        (f"{ARN}:SERVER_PASS:AWSCURRENT:", "SERVER_PASS"),
        (ARN, None),
        (f"{ARN}::AWSCURRENT:", None),
        (f"{ARN}:SERVER_PASS:AWSPREVIOUS:", None),
        (f"{ARN}:SERVER_PASS::0123456789abcdef0123456789abcdef", None),
        (f"{ARN}:${{KeyName}}::", None),
        (f"{ARN}Other:SERVER_PASS::", None),
    ],
)
def test_json_key_from_value_from(value_from, expected):
    assert json_key(value_from, ARN) == expected


# key_problem ----------------------------------------------------------------------------------


def test_key_problem_single_quotes():
    problem = key_problem("{'SERVER_PASS':'change-me'}", "SERVER_PASS")
    assert problem is not None
    assert problem.startswith("is not valid JSON (Expecting property name")


def test_key_problem_nan_is_invalid():
    # Go's encoding/json, which ECS uses, rejects NaN although Python's json accepts it.
    assert key_problem('{"SERVER_PASS": NaN}', "SERVER_PASS") == (
        "is not valid JSON (NaN is not a JSON value)"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [("\"{'a':1}\"", "string"), ("[1, 2]", "array"), ("42", "number"), ("null", "null")],
)
def test_key_problem_not_an_object(text, kind):
    assert key_problem(text, "a") == f"is a JSON {kind}, not a JSON object"


def test_key_problem_missing_key_lists_keys():
    problem = key_problem('{"user": "u", "password": "p"}', "host")
    assert problem == "is a JSON object without key `host` (its keys: `password`, `user`)"


def test_key_problem_empty_object():
    assert key_problem("{}", "host") == "is a JSON object without key `host` (its keys: none)"


@pytest.mark.parametrize(
    "text",
    [
        '{"SERVER_PASS": "change-me"}',
        ' {"SERVER_PASS": {"nested": true}} ',
        '{"SERVER_PASS": "${Password}"}',
        # A key known only at deployment may be the one selected.
        '{"${KeyName}": "x"}',
        # Unparseable only because of a placeholder in a structural position.
        '{"SERVER_PASS": ${Port}}',
        # A Terraform resource id stands for an unresolved reference.
        "1ac5b9d5-9832-4297-8ab2-d06745c3b03f",
    ],
)
def test_key_problem_silent(text):
    assert key_problem(text, "SERVER_PASS") is None


# The rule on built models ---------------------------------------------------------------------


def test_rule_flags_single_quoted_value():
    findings = list(SecretValueNotJson().check(_model(f"{ARN}:SERVER_PASS::", "{'a':1}")))
    assert [finding.rule for finding in findings] == ["ECS808"]
    message = findings[0].message
    assert message.startswith("Container `web` reads secret `SERVER_PASS` from JSON key")
    assert "`ServerPass`" in message
    assert "is not valid JSON" in message
    assert findings[0].resource == "TaskDef"
    assert "{'a':1}" not in message


def test_rule_flags_missing_key():
    built = _model(f"{ARN}:SERVER_PASS::", '{"OTHER": "x"}')
    assert codes(SecretValueNotJson(), built) == ["ECS808"]


def test_rule_checks_log_secret_options():
    used = container(log_secret_options=[secret(f"{ARN}:token::", name="TOKEN")])
    built = model(task(used), secrets=[_stored("plain")])
    assert codes(SecretValueNotJson(), built) == ["ECS808"]


@pytest.mark.parametrize(
    ("value_from", "secret_string", "fields"),
    [
        (f"{ARN}:SERVER_PASS::", '{"SERVER_PASS": "x"}', {}),
        (ARN, "not json", {}),
        (f"{ARN}:SERVER_PASS::", None, {}),
        (f"{ARN}:SERVER_PASS::", Unknown("depends on a parameter"), {}),
        (f"{ARN}:SERVER_PASS::", "not json", {"kind": "ssm"}),
        (f"{ARN}:SERVER_PASS::", "not json", {"arn": Unknown("no ARN")}),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:other-AbCdEf:K::", "x", {}),
    ],
)
def test_rule_silent(value_from, secret_string, fields):
    assert codes(SecretValueNotJson(), _model(value_from, secret_string, **fields)) == []


# CloudFormation loader ------------------------------------------------------------------------

TEMPLATE = """
Parameters:
  Value:
    Type: String
    Default: "{'a':1}"
Resources:
  Literal:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: "{'a':1}"
  Generated:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: {GenerateStringKey: password}
  FromRef:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Ref Value
  FromSub:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Sub '{"${Value}": "x"}'
  FromResource:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Sub '{"host": "${Literal}", "note": "${!Literal}"}'
  Dynamic:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: "{{resolve:ssm:/shop/token}}"
"""


def _cloudformation_strings(tmp_path) -> dict:
    path = tmp_path / "secrets.yaml"
    path.write_text(TEMPLATE)
    built = load_template(str(path), TEMPLATE)[0]
    return {stored.name: stored.secret_string for stored in built.secrets}


def test_cloudformation_literal_secret_string(tmp_path):
    strings = _cloudformation_strings(tmp_path)
    assert strings["Literal"] == "{'a':1}"
    assert strings["Generated"] is None


def test_cloudformation_parameter_makes_value_unknown(tmp_path):
    strings = _cloudformation_strings(tmp_path)
    assert is_unknown(strings["FromRef"])
    assert is_unknown(strings["FromSub"])
    assert is_unknown(strings["Dynamic"])


def test_cloudformation_resource_reference_kept_as_text(tmp_path):
    strings = _cloudformation_strings(tmp_path)
    assert strings["FromResource"] == '{"host": "${Literal}", "note": "${Literal}"}'


# Terraform loader -----------------------------------------------------------------------------

CONFIGURATION = """
resource "aws_ecs_task_definition" "app" {
  family = "app"
}

variable "value" {
  default = "{'a':1}"
}

resource "aws_secretsmanager_secret" "literal" {
  name = "shop/literal"
}

resource "aws_secretsmanager_secret_version" "literal" {
  secret_id     = "shop/literal"
  secret_string = "{'a':1}"
}

resource "aws_secretsmanager_secret" "variable" {
  name = "shop/variable"
}

resource "aws_secretsmanager_secret_version" "variable" {
  secret_id = aws_secretsmanager_secret.variable.id
  secret_string = jsonencode({
    a = var.value
  })
}

resource "aws_secretsmanager_secret" "staged" {
  name = "shop/staged"
}

resource "aws_secretsmanager_secret_version" "staged" {
  secret_id      = aws_secretsmanager_secret.staged.id
  secret_string  = "{'a':1}"
  version_stages = ["previous"]
}

resource "aws_secretsmanager_secret" "twice" {
  name = "shop/twice"
}

resource "aws_secretsmanager_secret_version" "first" {
  secret_id     = aws_secretsmanager_secret.twice.id
  secret_string = "{'a':1}"
}

resource "aws_secretsmanager_secret_version" "second" {
  secret_id     = aws_secretsmanager_secret.twice.id
  secret_string = "{}"
}
"""


def _terraform_strings(tmp_path) -> dict:
    (tmp_path / "main.tf").write_text(CONFIGURATION)
    built = load_directory(str(tmp_path)).models[0]
    return {stored.name: stored.secret_string for stored in built.secrets}


def test_terraform_version_by_secret_name(tmp_path):
    strings = _terraform_strings(tmp_path)
    assert strings["aws_secretsmanager_secret.literal"] == "{'a':1}"


def test_terraform_variable_makes_value_unknown(tmp_path):
    strings = _terraform_strings(tmp_path)
    assert is_unknown(strings["aws_secretsmanager_secret.variable"])


def test_terraform_version_without_current_stage_ignored(tmp_path):
    strings = _terraform_strings(tmp_path)
    assert strings["aws_secretsmanager_secret.staged"] is None


def test_terraform_several_current_versions_unknown(tmp_path):
    strings = _terraform_strings(tmp_path)
    assert is_unknown(strings["aws_secretsmanager_secret.twice"])
