"""Verdicts on the real Terraform configurations and plan of the shared corpus, item by item.

Each configuration is checked on its own, the way a tree scan checks it: its directory and the
local modules it calls. FINDING means ecslint must report at least one finding of the item's
rules. OK, N/A and UNDECIDABLE (a value built by a registry module that is not on disk, a data
source that reads AWS) mean it must report none of them.
"""

from __future__ import annotations

import os

import pytest

from ecslint.loaders.terraform import load_directory
from ecslint.model.network import NAT_GATEWAY
from ecslint.rules import ALL_RULES
from ecslint.scan import Candidate, ScanSettings, check_candidate, scan
from tests.shared import CORPUS, requires_shared

pytestmark = requires_shared

ITEM_RULES = {
    "EXEC": (
        "ECS101",
        "ECS102",
        "ECS103",
        "ECS104",
        "ECS105",
        "ECS801",
        "ECS802",
        "ECS803",
        "ECS805",
    ),
    "TAG": ("ECS302", "ECS303", "ECS305"),
    "ARCH": ("ECS401", "ECS402", "ECS403", "ECS405"),
    "EPH": ("ECS501",),
    "NET": ("ECS201", "ECS206", "ECS701", "ECS702", "ECS703", "ECS704"),
    "SG443": ("ECS202", "ECS203"),
    "HUB": ("ECS601",),
}

TERRAFORM = CORPUS / "terraform"
ECS_MODULE = "terraform-aws-modules__terraform-aws-ecs/examples"
VPC_MODULE = "terraform-aws-modules__terraform-aws-vpc/examples"
BLUEPRINTS = "aws-ia__ecs-blueprints/terraform"
CHECKOV = "bridgecrewio__checkov/tests"
FULLSTACK = "aws-samples__amazon-ecs-fullstack-app-terraform/Infrastructure"
PLAN = "tfplan/bridgecrewio__checkov/tests/terraform/image_referencer/resources/aws/ecs_tfplan.json"

F, OK = "FINDING", "OK"

# entry: (directory, or a single file for the peer-linter fixtures; {item: verdict}). Items
# not listed are OK: no finding expected. A verdict may carry a pytest mark.
VERDICTS = {
    # The fluent-bit image comes from an SSM parameter (unknown); the network is built by the
    # registry VPC module, which is not on disk.
    "E1": (f"{ECS_MODULE}/fargate", {}),
    # Trap: the task's security group has no egress, but on EC2 the agent pulls through the
    # instances' network (a registry module here), so SG443 stays silent.
    "E2": (f"{ECS_MODULE}/ec2-autoscaling", {"TAG": F}),
    "E3": (f"{ECS_MODULE}/container-definition", {}),
    # The S3 interface endpoint with private DNS replaces a gateway endpoint, so no ECS702.
    "E4": (f"{VPC_MODULE}/complete", {"NET": F}),
    # E5 to E11: every check rests on registry modules that are not on disk.
    "E5": (f"{BLUEPRINTS}/fargate-examples/core-infra", {}),
    "E6": (f"{BLUEPRINTS}/fargate-examples/lb-service", {}),
    "E7": (f"{BLUEPRINTS}/fargate-examples/backend-service", {}),
    "E8": (f"{BLUEPRINTS}/fargate-examples/vpc-endpoints", {}),
    "E9": (f"{BLUEPRINTS}/fargate-examples/graviton", {}),
    "E10": (f"{BLUEPRINTS}/ec2-examples/core-infra", {}),
    "E11": (f"{BLUEPRINTS}/ec2-examples/lb-service", {}),
    # The task and service live in jsonnet files that ecspresso renders; the .tf files have none.
    "E13": ("kayac__ecspresso/tests/terraform", {}),
    "E14": (f"{CHECKOV}/terraform/graph/resources/ecs_with_merge/main.tf", {"TAG": F, "HUB": F}),
    # Trap: execution_role_arn = "aws_iam_role.execution.arn" is a quoted string, not a
    # reference, and nothing in this EC2 task needs an execution role.
    "E15": (
        f"{CHECKOV}/terraform/checks/resource/aws/example_ECSTaskDefinitionRoleCheck/main.tf",
        {"TAG": F, "HUB": F},
    ),
    "E16": (f"{CHECKOV}/terraform/checks/resource/aws/example_ECSServicePublicIP/main.tf", {}),
    "E17": (f"{CHECKOV}/terraform/image_referencer/resources/aws/ecs.tf", {"TAG": F, "HUB": F}),
    "E18": (f"{CHECKOV}/secrets/terraform_multiline/ecs_heredoc.tf", {"TAG": F, "HUB": F}),
    "E19": (f"{CHECKOV}/secrets/terraform_multiline/ecs_jsonencode.tf", {"TAG": F, "HUB": F}),
    # Trap: the private route table sends 0.0.0.0/0 to the NAT through gateway_id.
    "E20": (FULLSTACK, {"TAG": F}),
}


def _row(entry: str, item: str):
    verdict = VERDICTS[entry][1].get(item, OK)
    if isinstance(verdict, tuple):
        verdict, mark = verdict
        return pytest.param(entry, item, verdict, marks=mark, id=f"{entry}-{item}")
    return pytest.param(entry, item, verdict, id=f"{entry}-{item}")


ROWS = [_row(entry, item) for entry in VERDICTS for item in ITEM_RULES]
PLAN_VERDICTS = {"TAG": F, "HUB": F}


def _check(path: str):
    """Check one configuration as a tree scan of the corpus would: loaded once, on its own."""
    candidate = Candidate(path, terraform=True, root=str(TERRAFORM))
    return check_candidate(candidate, [rule() for rule in ALL_RULES], ScanSettings())


@pytest.fixture(scope="module")
def entry_codes():
    """Return {entry: set of rule codes}, checking each configuration once."""
    results = {}
    codes = {}
    for entry, (relative, _) in VERDICTS.items():
        full = TERRAFORM / relative
        directory = str(full.parent if full.is_file() else full)
        if directory not in results:
            results[directory] = _check(directory)
        result = results[directory]
        assert result.errors == [], f"{entry}: {result.errors}"
        codes[entry] = {
            finding.rule
            for finding in result.findings
            if not full.is_file() or finding.location.path == str(full)
        }
    return codes


@pytest.mark.parametrize(("entry", "item", "verdict"), ROWS)
def test_corpus_verdict(entry_codes, entry, item, verdict):
    found = entry_codes[entry] & set(ITEM_RULES[item])
    if verdict == F:
        assert found, f"{entry}: expected a {item} finding"
    else:
        assert not found, f"{entry}: unexpected {item} findings {sorted(found)}"


@pytest.fixture(scope="module")
def plan_codes():
    result = scan([str(CORPUS / PLAN)], [rule() for rule in ALL_RULES])
    assert result.errors == []
    return {finding.rule for finding in result.findings}


@pytest.mark.parametrize("item", ITEM_RULES)
def test_plan_verdict(plan_codes, item):
    found = plan_codes & set(ITEM_RULES[item])
    if PLAN_VERDICTS.get(item, OK) == F:
        assert found, f"F1: expected a {item} finding"
    else:
        assert not found, f"F1: unexpected {item} findings {sorted(found)}"


def test_corpus_tree_scan_has_no_errors():
    # No directory may crash the loader or a rule (ECS903/ECS904) or fail to parse. One
    # process: a worker forked after tfparse has run in this process can hang.
    result = scan(
        [str(TERRAFORM), str(CORPUS / "tfplan")],
        [rule() for rule in ALL_RULES],
        settings=ScanSettings(jobs=1),
    )
    assert result.errors == []
    assert str(CORPUS / PLAN) in result.checked


def test_quoted_reference_is_a_literal():
    path = TERRAFORM / VERDICTS["E15"][0]
    model = load_directory(str(path.parent)).models[0]
    roles = {task.name: task.execution_role for task in model.task_definitions}
    passing = roles["aws_ecs_task_definition.pass"]
    assert passing.value == "aws_iam_role.execution.arn"
    assert passing.role is None


def test_nat_through_gateway_id_is_a_nat_route(entry_codes):
    model = load_directory(str(TERRAFORM / FULLSTACK)).models[0]
    private = next(
        table
        for table in model.route_tables
        if table.name == "module.networking.aws_route_table.rt_private"
    )
    default = next(route for route in private.routes if route.destination == "0.0.0.0/0")
    assert default.target_kind == NAT_GATEWAY
    assert default.target.name == "module.networking.aws_nat_gateway.natgw"
    assert not entry_codes["E20"] & {"ECS201", "ECS206"}


def test_ec2_task_group_not_checked(entry_codes):
    model = load_directory(str(TERRAFORM / ECS_MODULE / "ec2-autoscaling")).models[0]
    task_group = next(
        group
        for group in model.security_groups
        if group.name == "module.ecs_service.aws_security_group.this[0]"
    )
    assert task_group.egress == []
    assert [task.requires_compatibilities for task in model.task_definitions] == [["EC2"]]
    assert not entry_codes["E2"] & {"ECS202", "ECS203"}


def test_s3_interface_endpoint_is_accepted(entry_codes):
    assert not entry_codes["E4"] & {"ECS702", "ECS703"}


def test_syntax_error_is_one_error_and_others_checked(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "main.tf").write_text(
        'resource "aws_ecs_task_definition" "web" {\n'
        '  family = "web"\n'
        '  container_definitions = jsonencode([{ name = "web" image = }])\n'
        "}\n"
    )
    healthy = tmp_path / "healthy"
    healthy.mkdir()
    (healthy / "main.tf").write_text(
        'resource "aws_ecs_task_definition" "web" {\n'
        '  family                = "web"\n'
        '  container_definitions = jsonencode([{ name = "web", image = "nginx" }])\n'
        "}\n"
    )
    result = scan([str(tmp_path)], [rule() for rule in ALL_RULES])
    assert [(error.code, error.path, error.line) for error in result.errors] == [
        ("ECS902", os.path.join(str(broken), "main.tf"), 3)
    ]
    healthy_codes = {
        finding.rule
        for finding in result.findings
        if finding.location.path == os.path.join(str(healthy), "main.tf")
    }
    assert {"ECS303", "ECS601"} <= healthy_codes
