"""Verdicts on the real task definitions of the shared corpus, checklist item by item.

Each row is the labelled verdict for one file. FINDING means ecslint must report at least one
finding of the item's rules; OK, N/A and UNDECIDABLE mean it must report none of them.
"""

from __future__ import annotations

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import scan
from tests.shared import CORPUS, requires_shared

pytestmark = requires_shared

ITEM_RULES = {
    "EXEC": ("ECS101", "ECS102", "ECS103", "ECS801", "ECS802"),
    "TAG": ("ECS302", "ECS303", "ECS305"),
    "HUB": ("ECS601",),
    "EPH": ("ECS501",),
    "ARCH": ("ECS401", "ECS402", "ECS403", "ECS405"),
}

SAMPLES = "taskdef/aws-samples__aws-containers-task-definitions"
ECSPRESSO = "taskdef/kayac__ecspresso/tests"
ACTIONS = "taskdef/aws-actions__amazon-ecs-deploy-task-definition"
AWS_CLI = "taskdef/aws__aws-cli/awscli/examples/ecs"

F, OK = "FINDING", "OK"

# file: {item: verdict}; items not listed are OK (no finding expected).
VERDICTS = {
    f"{SAMPLES}/consul/ConsulClient.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/consul/ConsulServer.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/gunicorn/gunicorn_ec2.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/gunicorn/gunicorn_fargate.json": {"EXEC": F, "TAG": F, "HUB": F},
    f"{SAMPLES}/jetty/jetty_ec2.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/jetty/jetty_fargate.json": {"EXEC": F, "TAG": F, "HUB": F},
    f"{SAMPLES}/kibana/kibana_ec2.json": {},
    f"{SAMPLES}/kibana/kibana_fargate.json": {"EXEC": F},
    f"{SAMPLES}/nginx/nginx_ec2.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/nginx/nginx_fargate.json": {"EXEC": F, "TAG": F, "HUB": F},
    f"{SAMPLES}/tomcat/tomcat_ec2.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/tomcat/tomcat_fargate.json": {"EXEC": F, "TAG": F, "HUB": F},
    f"{SAMPLES}/wildfly/wildfly_ec2.json": {"TAG": F, "HUB": F},
    f"{SAMPLES}/wildfly/wildfly_fargate.json": {"EXEC": F, "TAG": F, "HUB": F},
    # The tag is a Go template ({{ env `TAG` `latest` }}), so TAG is undecidable: no finding.
    f"{ECSPRESSO}/td.json": {"HUB": F},
    f"{ECSPRESSO}/td-plain.json": {"HUB": F},
    f"{ECSPRESSO}/ecs-task-def.json": {},
    f"{ECSPRESSO}/ci/ecs-task-def-daemon.json": {"TAG": F, "HUB": F},
    # The tag does not exist in the registry; no static check can know that (a known miss).
    f"{ACTIONS}/task-definition-bad-image.json": {"HUB": F},
    f"{ACTIONS}/test-resources/task-definition.json": {"HUB": F},
    f"{AWS_CLI}/describe-task-definition.output.json": {"TAG": F, "HUB": F},
    f"{AWS_CLI}/register-task-definition.example1-output.json": {"TAG": F, "HUB": F},
    # Every value is the literal "<PLACEHOLDER>" a CI script fills in: all undecidable.
    "taskdef/aws-ia__ecs-blueprints/application-code/ecsdemo-cicd/task-definition.json": {},
}

ROWS = [
    (path, item, verdicts.get(item, OK))
    for path, verdicts in VERDICTS.items()
    for item in ITEM_RULES
]


@pytest.fixture(scope="module")
def corpus_result():
    return scan([str(CORPUS / "taskdef")], [rule() for rule in ALL_RULES])


def _codes_for(result, path: str) -> set[str]:
    full = str(CORPUS / path)
    return {finding.rule for finding in result.findings if finding.location.path == full}


@pytest.mark.parametrize(("path", "item", "verdict"), ROWS, ids=lambda v: str(v))
def test_corpus_verdict(corpus_result, path, item, verdict):
    found = _codes_for(corpus_result, path) & set(ITEM_RULES[item])
    if verdict == F:
        assert found, f"{path}: expected a {item} finding"
    else:
        assert not found, f"{path}: unexpected {item} findings {sorted(found)}"


def test_corpus_invalid_json_is_an_error(corpus_result):
    fullstack = "taskdef/aws-samples__amazon-ecs-fullstack-app-terraform"
    bad = str(CORPUS / fullstack / "Infrastructure/Templates/taskdef.json")
    errors = [error for error in corpus_result.errors if error.path == bad]
    assert [(error.code, error.line) for error in errors] == [("ECS902", 19)]


def test_corpus_service_definition_is_skipped(corpus_result):
    path = str(
        CORPUS
        / "taskdef/aws-ia__ecs-blueprints/application-code/ecsdemo-cicd/service-definition.json"
    )
    assert path not in corpus_result.checked


def test_corpus_has_no_other_errors(corpus_result):
    assert [error.code for error in corpus_result.errors] == ["ECS902"]
