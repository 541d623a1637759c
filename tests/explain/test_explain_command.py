"""Tests of the ``ecslint explain`` click command."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ecslint.explain.command import explain_command

RATE_LIMIT = "CannotPullContainerError: toomanyrequests: Too Many Requests."
DESCRIBE_TASKS = json.dumps(
    {
        "tasks": [
            {
                "stoppedReason": "Essential container in task exited",
                "containers": [
                    {"name": "web", "reason": RATE_LIMIT},
                    {"name": "worker", "reason": RATE_LIMIT},
                ],
            }
        ]
    }
)


def _run(args, stdin=None):
    return CliRunner().invoke(explain_command, args, input=stdin)


def test_reason_argument_text():
    result = _run([RATE_LIMIT])
    assert result.exit_code == 0
    assert "Cause:   6 of the 7 image-pull causes: Docker Hub rate limit" in result.output
    assert "Rules:   ECS601, ECS602" in result.output


def test_reason_argument_json_object():
    result = _run([RATE_LIMIT, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["cause", "kind", "confirm", "fix", "rules"]
    assert data["cause"] == 6


def test_stdin_when_no_argument():
    result = _run([], stdin=RATE_LIMIT)
    assert result.exit_code == 0
    assert "Kind:    docker-hub-rate-limit" in result.output


def test_dash_reads_stdin():
    result = _run(["-", "--format", "json"], stdin=RATE_LIMIT + "\n")
    assert result.exit_code == 0
    assert json.loads(result.output)["kind"] == "docker-hub-rate-limit"


def test_describe_tasks_json_list():
    result = _run(["--format", "json"], stdin=DESCRIBE_TASKS)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [item["reason"] for item in data] == ["Essential container in task exited", RATE_LIMIT]
    assert [item["kind"] for item in data] == ["container-exited", "docker-hub-rate-limit"]
    assert set(data[0]) == {"cause", "kind", "confirm", "fix", "rules", "reason"}


def test_describe_tasks_text_blocks():
    result = _run([], stdin=DESCRIBE_TASKS)
    assert result.exit_code == 0
    assert result.output.count("Reason:  ") == 2


def test_unknown_reason_exit_one():
    result = _run(["Scaling activity initiated by (deployment ecs-svc/1)"])
    assert result.exit_code == 1
    assert "Cause:   unknown" in result.output


def test_some_unknown_exit_one():
    document = json.dumps(
        {"tasks": [{"stoppedReason": "odd", "containers": [{"reason": RATE_LIMIT}]}]}
    )
    result = _run(["--format", "json", document])
    assert result.exit_code == 1
    assert [item["kind"] for item in json.loads(result.output)] == [
        "unknown",
        "docker-hub-rate-limit",
    ]


def test_empty_stdin_exit_two():
    result = _run([], stdin="")
    assert result.exit_code == 2
    assert "no stopped reason found" in result.stderr
    assert result.stdout == ""


def test_running_tasks_exit_two():
    result = _run([], stdin=json.dumps({"tasks": [{"containers": [{"name": "web"}]}]}))
    assert result.exit_code == 2


def test_bad_json_is_plain_text():
    result = _run(["--format", "json"], stdin='{"tasks": [ toomanyrequests')
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert json.loads(result.output)["kind"] == "docker-hub-rate-limit"


def test_invalid_utf8_stdin():
    result = _run([], stdin=b"\xff\xfe CannotPullContainerError: no space left on device")
    assert result.exit_code == 0
    assert "Kind:    disk-space" in result.output


def test_invalid_format_option():
    result = _run([RATE_LIMIT, "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_help_documents_exit_status():
    result = _run(["--help"])
    assert result.exit_code == 0
    assert "Exit status: 0 when every reason was recognised" in result.output


def test_every_named_rule_exists():
    from ecslint.explain import advice as module
    from ecslint.rules import RULES_BY_CODE

    entries = [value for value in vars(module).values() if isinstance(value, module.Advice)]
    assert entries
    for entry in entries:
        for code in entry.rules:
            assert code in RULES_BY_CODE, f"{code} is named by explain but is not a rule"
