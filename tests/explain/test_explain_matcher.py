"""Tests of the stopped-reason matcher, its input reader, its table and its text output."""

from __future__ import annotations

import json
import re
import time

import pytest

from ecslint.explain import Explanation, explain, explain_input, parse_input, render_text
from ecslint.explain.patterns import PATTERNS

# The planned ecslint rule catalogue.
RULE_CODES = {
    *(f"ECS00{n}" for n in range(1, 7)),
    *(f"ECS10{n}" for n in range(1, 7)),
    *(f"ECS20{n}" for n in range(1, 7)),
    *(f"ECS30{n}" for n in range(1, 9)),
    *(f"ECS40{n}" for n in range(1, 6)),
    *(f"ECS50{n}" for n in range(1, 4)),
    *(f"ECS60{n}" for n in range(1, 3)),
    *(f"ECS70{n}" for n in range(1, 5)),
    *(f"ECS80{n}" for n in range(1, 9)),
    "ECS809",
    "ECS810",
}

ROLE = "arn:aws:sts::123456789012:assumed-role/web-execution/3f2a"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf"
ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
SECRETS_PREFIX = (
    "ResourceInitializationError: unable to pull secrets or registry auth: execution "
    "resource retrieval failed: unable to retrieve secret from asm: service call has been "
)
LOGGER_PREFIX = (
    "ResourceInitializationError: failed to validate logger args: create stream has been "
)

# Texts that share most words but have different causes: (text, cause, kind).
LOOK_ALIKES = [
    pytest.param(
        "CannotStartContainerError: Error response from daemon: failed to initialize logging "
        "driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The "
        "specified log group does not exist.",
        None,
        "log-group-missing",
        id="logs-group-missing",
    ),
    pytest.param(
        f"{LOGGER_PREFIX}retried 1 times: failed to create Cloudwatch log group: "
        f"AccessDeniedException: User: {ROLE} is not authorized to perform: "
        "logs:CreateLogGroup on resource: arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web"
        ":log-stream: because no identity-based policy allows the logs:CreateLogGroup action",
        None,
        "log-group-create-permission",
        id="logs-create-group-denied",
    ),
    pytest.param(
        f"{LOGGER_PREFIX}retried 1 times: failed to create Cloudwatch log stream: "
        f"AccessDeniedException: User: {ROLE} is not authorized to perform: "
        "logs:CreateLogStream on resource: arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web",
        None,
        "logs-permissions",
        id="logs-create-stream-denied",
    ),
    pytest.param(
        f"{LOGGER_PREFIX}retried 5 times: failed to create Cloudwatch log stream: RequestError: "
        'send request failed caused by: Post "https://logs.eu-west-1.amazonaws.com/": dial tcp '
        "10.0.1.20:443: i/o timeout",
        None,
        "logs-network",
        id="logs-timeout",
    ),
    pytest.param(
        f"{SECRETS_PREFIX}retried 1 time(s): failed to fetch secret {SECRET} from secrets "
        f"manager: AccessDeniedException: User: {ROLE} is not authorized to perform: "
        f"secretsmanager:GetSecretValue on resource: {SECRET}",
        None,
        "secrets-access",
        id="secrets-denied",
    ),
    pytest.param(
        f"{SECRETS_PREFIX}retried 1 time(s): failed to fetch secret {SECRET} from secrets "
        "manager: AccessDeniedException: Access to KMS is not allowed status code: 400",
        None,
        "kms-decrypt",
        id="secrets-kms-denied",
    ),
    pytest.param(
        "ResourceInitializationError: unable to pull secrets or registry auth: unable to "
        "retrieve secret from asm: There is a connection issue between the task and AWS "
        f"Secrets Manager. Check your task network configuration. failed to fetch secret "
        f"{SECRET} from secrets manager: operation error Secrets Manager: GetSecretValue, "
        "https response error StatusCode: 0, RequestID: , canceled, context deadline exceeded.",
        None,
        "secrets-network",
        id="secrets-timeout",
    ),
    pytest.param(
        "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot "
        "pull registry auth from Amazon ECR: There is a connection issue between the task and "
        "Amazon ECR. Check your task network configuration. operation error ECR: "
        "GetAuthorizationToken, exceeded maximum number of attempts, 3, https response error "
        'StatusCode: 0, RequestID: , request send failed, Post "https://api.ecr.eu-west-1.'
        'amazonaws.com/": dial tcp 52.46.1.2:443: i/o timeout',
        2,
        "network-path",
        id="ecr-auth-timeout",
    ),
    pytest.param(
        "ResourceInitializationError: unable to pull secrets or registry auth: execution "
        "resource retrieval failed: unable to retrieve ecr registry auth: service call has "
        f"been retried 1 time(s): AccessDeniedException: User: {ROLE} is not authorized to "
        "perform: ecr:GetAuthorizationToken on resource: * status code: 400",
        1,
        "iam-pull-permissions",
        id="ecr-auth-denied",
    ),
    pytest.param(
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to "
        f"resolve ref {ECR}/web:1.4.2: pulling from host {ECR} failed with status code "
        "[manifests 1.4.2]: 403 Forbidden",
        1,
        "iam-pull-permissions",
        id="ecr-manifest-403",
    ),
    pytest.param(
        f"CannotPullContainerError: Error response from daemon: pull access denied for {ECR}/web"
        ", repository does not exist or may require 'docker login': denied: User: "
        f"{ROLE} is not authorized to perform: ecr:BatchGetImage",
        1,
        "iam-pull-permissions",
        id="ecr-pull-access-denied",
    ),
    pytest.param(
        "CannotPullContainerError: Error response from daemon: pull access denied for "
        "acme-worker, repository does not exist or may require 'docker login'",
        3,
        "image-not-found",
        id="docker-hub-pull-access-denied",
    ),
    pytest.param(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
        f"resolve ref {ECR}/web:1.4.3: {ECR}/web:1.4.3: not found",
        3,
        "image-not-found",
        id="ecr-tag-not-found",
    ),
    pytest.param(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
        f'resolve ref "{ECR}/web:1.4.3": failed to do request: Head "https://{ECR}/v2/web/'
        'manifests/1.4.3": dial tcp 10.0.3.17:443: i/o timeout',
        2,
        "network-path",
        id="ecr-resolve-timeout",
    ),
    pytest.param(
        "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: "
        f"httpReadSeeker: failed open: failed to do request: Get {ECR}/web:1.4.2: dial tcp "
        "16.15.180.104:443: i/o timeout",
        7,
        "s3-endpoint",
        id="layer-copy-timeout",
    ),
    pytest.param(
        "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: "
        "httpReaderSeeker: failed open: unexpected status code",
        4,
        "architecture",
        id="layer-unexpected-status",
    ),
    pytest.param(
        "CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: "
        "failed open: unexpected status code https://registry-1.docker.io/v2/library/redis/"
        "manifests/sha256:0123",
        6,
        "docker-hub-rate-limit",
        id="docker-hub-unexpected-status",
    ),
    pytest.param(
        "CannotPullContainerError: pull image manifest has been retried 7 time(s): image "
        "Manifest does not contain descriptor matching platform 'linux/amd64'",
        4,
        "architecture",
        id="platform-descriptor",
    ),
    pytest.param(
        "CannotPullContainerError: ref pull has been retried 1 time(s): failed to extract layer "
        "sha256:0a1b: write /var/lib/containerd/tmp: no space left on device: unknown",
        5,
        "disk-space",
        id="fargate-disk-full",
    ),
    pytest.param(
        "CannotPullContainerError: inspect image has been retried 5 time(s): failed to resolve "
        "ref docker.io/library/node:20: toomanyrequests: You have reached your pull rate limit.",
        6,
        "docker-hub-rate-limit",
        id="toomanyrequests",
    ),
    pytest.param("CannotPullContainerError: context canceled", 7, "s3-endpoint", id="ctx"),
    pytest.param(
        "CannotPullContainerError: pull command failed: panic: runtime error: invalid memory "
        "address or nil pointer dereference",
        7,
        "s3-endpoint",
        id="nil-pointer",
    ),
    pytest.param(
        "ClientException: Fargate requires task definition to have execution role ARN to "
        "support ECR images.",
        1,
        "missing-execution-role",
        id="no-execution-role-ecr",
    ),
    pytest.param(
        "ClientException: When you are specifying container secrets, you must also specify a "
        "value for 'executionRoleArn'.",
        1,
        "missing-execution-role",
        id="no-execution-role-secrets",
    ),
    pytest.param(
        "CannotStartContainerError: Error response from daemon: OCI runtime create failed: "
        'container_linux.go:380: starting container process caused: exec: "node worker.js": '
        "executable file not found in $PATH: unknown",
        None,
        "command",
        id="command-not-found",
    ),
    pytest.param(
        "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS "
        "volumes: stderr: b'mount.nfs4: mounting fs-0123456789abcdef0.efs.eu-west-1."
        "amazonaws.com:/grafana failed, reason given by server: No such file or directory' : "
        "unsuccessful EFS utils command execution; code: 32",
        None,
        "efs",
        id="efs-root-directory",
    ),
]


@pytest.mark.parametrize(("text", "cause", "kind"), LOOK_ALIKES)
def test_look_alike_texts(text, cause, kind):
    explanation = explain(text)
    assert explanation.kind == kind
    assert explanation.cause == cause


def test_curly_and_straight_apostrophe_match():
    curly = "The task can\u2019t pull the image. Check that the role has the permissions."
    straight = "The task can't pull the image. Check that the role has the permissions."
    assert explain(curly).kind == "iam-pull-permissions"
    assert explain(straight).kind == "iam-pull-permissions"


def test_line_breaks_inside_reason():
    text = "CannotPullContainerError:\n  Error response from daemon:\n  toomanyrequests"
    assert explain(text).kind == "docker-hub-rate-limit"


def test_commit_sha_tag_names_rule():
    text = (
        "CannotPullContainerError: Error response from daemon: manifest for "
        "nginx:0f6b3cdf5e24f0da3dd932acd84fd90e9786a522 not found"
    )
    explanation = explain(text)
    assert explanation.kind == "image-not-found"
    assert "ECS308" in explanation.rules


def test_missing_role_rules_follow_feature():
    logs = (
        "Fargate requires task definition to have execution role ARN to support log driver awslogs."
    )
    assert explain(logs).rules == ["ECS802"]


@pytest.mark.parametrize(
    "text",
    [
        "Scaling activity initiated by (deployment ecs-svc/1234567890)",
        "CannotPullContainerError: something nobody has reported yet",
        "",
        "\x00\ufffd\ufffd",
        "{" * 5000,
    ],
)
def test_unknown_text(text):
    explanation = explain(text)
    assert explanation.kind == "unknown"
    assert explanation.cause is None
    assert explanation.rules == []
    assert "does not recognise" in explanation.summary
    assert not explanation.recognised


@pytest.mark.parametrize("unit", ["failed to copy: ", "unable to retrieve secret from asm "])
def test_long_text_linear_time(unit):
    # A single expression A.*B took about 80 seconds on 200 KB of repeated A.
    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    assert explain(text).kind == "unknown"
    assert time.perf_counter() - started < 5


def test_json_form_has_exact_keys():
    data = explain("ERROR: toomanyrequests: Too Many Requests.").to_dict()
    assert list(data) == ["cause", "kind", "confirm", "fix", "rules"]
    assert data["cause"] == 6
    assert data["kind"] == "docker-hub-rate-limit"
    assert data["rules"] == ["ECS601", "ECS602"]
    assert json.loads(json.dumps(data)) == data


def test_json_form_unknown_cause_is_null():
    data = json.loads(json.dumps(explain("nothing known").to_dict()))
    assert data["cause"] is None
    assert data["rules"] == []


DESCRIBE_TASKS = {
    "tasks": [
        {
            "taskArn": "arn:aws:ecs:eu-west-1:123456789012:task/prod/0a1b",
            "stoppedReason": "Task failed to start",
            "containers": [
                {"name": "web", "reason": "CannotPullContainerError: toomanyrequests"},
                {"name": "sidecar"},
                {"name": "log-router", "reason": None},
            ],
        },
        {
            "taskArn": "arn:aws:ecs:eu-west-1:123456789012:task/prod/2c3d",
            "stoppedReason": "Task failed to start",
            "containers": [{"name": "web", "reason": "CannotPullContainerError: toomanyrequests"}],
        },
    ],
    "failures": [{"arn": "arn:aws:ecs:eu-west-1:123456789012:task/prod/ffff", "reason": "MISSING"}],
}


def test_describe_tasks_distinct_reasons():
    pairs = explain_input(json.dumps(DESCRIBE_TASKS))
    reasons = [reason for reason, _ in pairs]
    assert reasons == ["Task failed to start", "CannotPullContainerError: toomanyrequests"]
    assert pairs[0][1].kind == "unknown"
    assert pairs[1][1].kind == "docker-hub-rate-limit"


def test_describe_tasks_marks_structured_input():
    parsed = parse_input(json.dumps(DESCRIBE_TASKS))
    assert parsed.from_describe_tasks


def test_describe_tasks_without_reasons():
    running = {"tasks": [{"lastStatus": "RUNNING", "containers": [{"name": "web"}]}]}
    assert explain_input(json.dumps(running)) == []


def test_single_task_object():
    task = {"stoppedReason": "CannotPullContainerError: no space left on device"}
    pairs = explain_input(json.dumps(task))
    assert [explanation.kind for _, explanation in pairs] == ["disk-space"]


def test_list_of_reason_strings():
    raw = json.dumps(["ERROR: toomanyrequests", "exec /app: exec format error"])
    kinds = [explanation.kind for _, explanation in explain_input(raw)]
    assert kinds == ["docker-hub-rate-limit", "architecture"]


def test_json_string_is_one_reason():
    pairs = explain_input(json.dumps("CannotPullContainerError: context canceled"))
    assert len(pairs) == 1
    assert pairs[0][1].kind == "s3-endpoint"


def test_plain_reason_is_one_pair():
    pairs = explain_input("  ERROR: toomanyrequests: Too Many Requests.\n")
    assert pairs == [("ERROR: toomanyrequests: Too Many Requests.", explain("toomanyrequests"))]
    assert not parse_input("ERROR: toomanyrequests").from_describe_tasks


@pytest.mark.parametrize(
    "raw",
    ['{"tasks": [', "[" * 100_000, '{"tasks": "none"}', "[1, 2]", "9" * 10_000],
)
def test_malformed_json_is_plain_text(raw):
    pairs = explain_input(raw)
    assert len(pairs) == 1
    assert pairs[0][0] == raw


def test_blank_input_has_no_reasons():
    assert explain_input("  \n\t") == []


def test_render_text_names_cause_and_rules():
    text = "CannotPullContainerError: ref pull has been retried 1 time(s): no space left on device"
    output = render_text(text, explain(text))
    assert f"Reason:  {text}" in output
    assert "Cause:   5 of the 7 image-pull causes: disk space or ephemeral storage" in output
    assert "Confirm: On Fargate" in output
    assert "Fix:     On Fargate, raise ephemeralStorage.sizeInGiB" in output
    assert "Rules:   ECS501, ECS502, ECS503" in output


def test_render_text_sibling_failure():
    output = render_text("x", explain("The specified log group does not exist"))
    assert "Cause:   none of the seven image-pull causes" in output
    assert "Kind:    log-group-missing" in output


def test_render_text_unknown():
    output = render_text("whatever", explain("whatever"))
    assert "Cause:   unknown" in output
    assert "Rules:   none" in output


def test_explanation_is_fresh_copy():
    first = explain("toomanyrequests")
    first.rules.append("ECS999")
    assert explain("toomanyrequests").rules == ["ECS601", "ECS602"]
    assert isinstance(first, Explanation)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.parts[0].pattern[:40])
def test_pattern_advice_is_complete(pattern):
    advice = pattern.advice
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", advice.kind)
    assert advice.cause is None or 1 <= advice.cause <= 7
    assert set(advice.rules) <= RULE_CODES
    assert advice.summary.endswith(".")
    assert advice.confirm
    assert advice.fix


def test_every_cause_has_a_pattern():
    causes = {pattern.advice.cause for pattern in PATTERNS}
    assert causes >= set(range(1, 8))
