"""The Terraform loader on small configurations written for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecslint.errors import INVALID_SYNTAX
from ecslint.loaders.terraform import fallback, load_directory, sources
from ecslint.loaders.terraform.plan import load_plan
from ecslint.model.network import INTERNET_GATEWAY, NAT_GATEWAY
from ecslint.model.values import is_unknown
from ecslint.rules import ALL_RULES
from ecslint.scan import ScanSettings, discover, scan

DATA = Path(__file__).resolve().parent.parent / "data" / "terraform"


def _model(name: str, **options):
    result = load_directory(str(DATA / name), **options)
    assert result.errors == []
    assert len(result.models) == 1
    return result.models[0]


def _by_name(items, name):
    return next(item for item in items if item.name == name)


def test_variables_tfvars_and_locals_resolve():
    model = _model("evaluate")
    web = _by_name(model.task_definitions, "aws_ecs_task_definition.web")
    images = {c.name: c.image for c in web.known_containers()}
    # terraform.tfvars sets the registry, override.auto.tfvars wins over the default tag.
    assert images["web"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0"
    assert web.cpu_architecture == "ARM64"
    assert web.cpu == "256"


def test_module_output_feeds_container_definitions():
    web = _by_name(_model("evaluate").task_definitions, "aws_ecs_task_definition.web")
    images = {c.name: c.image for c in web.known_containers()}
    assert images["sidecar"] == "public.ecr.aws/app/sidecar:2.0"


def test_extra_var_file_applies_last():
    model = _model("evaluate", var_files=[str(DATA / "extra.tfvars")])
    web = _by_name(model.task_definitions, "aws_ecs_task_definition.web")
    assert web.family == "web-from-var-file"


def test_count_and_for_each_instances():
    model = _model("evaluate")
    names = {task.name for task in model.task_definitions}
    assert "aws_ecs_task_definition.counted[1]" in names
    counted = _by_name(model.task_definitions, "aws_ecs_task_definition.counted[1]")
    assert counted.known_containers()[0].image == "busybox:1.1"
    repositories = {repo.name for repo in model.repositories}
    assert repositories == {'aws_ecr_repository.each["api"]', 'aws_ecr_repository.each["worker"]'}


def test_execution_role_linked_with_trust_policy():
    web = _by_name(_model("evaluate").task_definitions, "aws_ecs_task_definition.web")
    role = web.execution_role.role
    assert role.name == "aws_iam_role.execution"
    statement = role.trust_policy["Statement"][0]
    assert statement["Principal"] == {"Service": ["ecs-tasks.amazonaws.com"]}


def test_attribute_lines_and_suppressions():
    model = _model("evaluate")
    web = _by_name(model.task_definitions, "aws_ecs_task_definition.web")
    assert web.location.line == 31
    assert web.where("executionRoleArn").line == 37
    main = os.path.normpath(DATA / "evaluate" / "main.tf")
    assert model.file_suppressions[main][37] == {"ECS101"}
    assert model.suppressions == {}


def test_security_group_without_egress_has_none():
    model = _model("network")
    assert _by_name(model.security_groups, "aws_security_group.no_egress").egress == []


def test_separate_egress_rule_is_attached():
    group = _by_name(_model("network").security_groups, "aws_security_group.open")
    assert [(rule.protocol, rule.from_port, rule.cidr) for rule in group.egress] == [
        ("tcp", 443, "0.0.0.0/0")
    ]


def test_nat_through_gateway_id():
    private = _by_name(_model("network").subnets, "aws_subnet.private")
    route = private.route_table.routes[0]
    assert route.target_kind == NAT_GATEWAY
    assert route.target.name == "aws_nat_gateway.nat"
    assert route.target.subnet.name == "aws_subnet.public"


def test_main_route_table_is_default_table():
    model = _model("network")
    for name in ("aws_subnet.public", "aws_subnet.unassociated"):
        table = _by_name(model.subnets, name).route_table
        assert table.name == "aws_default_route_table.public"
        assert table.routes[0].target_kind == INTERNET_GATEWAY


def test_service_links_subnets_and_task():
    service = _by_name(_model("network").services, "aws_ecs_service.api")
    assert [subnet.name for subnet in service.subnets] == ["aws_subnet.private"]
    assert service.task_definition.name == "aws_ecs_task_definition.api"
    assert service.assign_public_ip is False


def test_main_table_association_and_routes():
    model = _model("families")
    table = model.vpcs[0].main_route_table
    assert table.name == "aws_route_table.isolated"
    assert [(r.destination, r.target_kind) for r in table.routes] == [
        ("192.168.0.0/16", "transit-gateway")
    ]
    assert model.subnets[0].route_table is table


def test_endpoints_with_associations_and_policy():
    endpoints = {e.service: e for e in _model("families").vpc_endpoints}
    assert [t.name for t in endpoints["s3"].route_tables] == ["aws_route_table.isolated"]
    assert endpoints["s3"].endpoint_type == "Gateway"
    ecr = endpoints["ecr.api"]
    assert ecr.private_dns_enabled is True
    assert [g.name for g in ecr.security_groups] == ["aws_security_group.endpoints"]
    assert [s["Effect"] for s in ecr.policy["Statement"]] == ["Deny"]


def test_security_group_rules_from_everywhere():
    groups = {g.name: g for g in _model("families").security_groups}
    ingress = groups["aws_security_group.endpoints"].ingress
    assert [rule.peer_group.name for rule in ingress] == ["aws_security_group.tasks"]
    egress = groups["aws_security_group.tasks"].egress
    assert [(rule.protocol, rule.cidr) for rule in egress] == [
        ("tcp", "10.1.0.0/16"),
        ("tcp", None),
    ]


def test_network_acl_entries_and_subnets():
    acl = _model("families").subnets[0].network_acl
    entries = sorted((e.rule_number, e.egress, e.allow) for e in acl.entries)
    assert entries == [(90, False, False), (100, True, True)]


def test_role_policies_from_every_attachment():
    roles = {role.name: role for role in _model("families").roles}
    execution = roles["aws_iam_role.execution"]
    assert execution.managed_policy_arns == ["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"]
    actions = [
        s.get("Action", s.get("NotAction")) for p in execution.policies for s in p["Statement"]
    ]
    assert sorted(map(str, actions)) == ["['ecr:GetAuthorizationToken']", "iam:*"]
    instance = roles["aws_iam_role.instance"]
    assert instance.managed_policy_arns == [
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    ]


def test_capacity_chain_links_by_name_and_reference():
    model = _model("families")
    template = model.launch_templates[0]
    assert template.image_id.endswith("/arm64/recommended/image_id")
    assert template.instance_profile.roles[0].name == "aws_iam_role.instance"
    group = model.auto_scaling_groups[0]
    assert group.launch_template is template
    provider = model.capacity_providers[0]
    assert provider.auto_scaling_group is group
    assert model.clusters[0].capacity_providers == [provider]
    assert model.services[0].capacity_provider_strategy[0].provider == "ec2"


def test_registry_resources():
    model = _model("families")
    repository = model.repositories[0]
    assert repository.tag_mutability == "IMMUTABLE"
    assert repository.lifecycle_policy == {"rules": []}
    rule = model.pull_through_cache_rules[0]
    assert (rule.prefix, rule.upstream_url) == ("docker-hub", "registry-1.docker.io")
    assert [secret.kind for secret in model.secrets] == ["ssm"]


def test_syntax_error_gives_one_error_with_line():
    result = load_directory(str(DATA / "syntax"))
    assert result.models == []
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.code == INVALID_SYNTAX
    assert error.path.endswith("main.tf")
    assert error.line == 7


def test_file_outside_root_is_not_read(tmp_path):
    model = _model("confine/root")
    tasks = {task.name: task for task in model.task_definitions}
    assert is_unknown(tasks["aws_ecs_task_definition.escape"].containers)
    assert is_unknown(tasks["aws_ecs_task_definition.template_escape"].containers)
    assert tasks["aws_ecs_task_definition.inside"].known_containers()[0].image == "busybox:1.36"
    assert "OUTSIDE_MARKER_7f3a" not in repr(model.task_definitions)


def test_loading_writes_nothing_into_the_tree():
    before = sorted(os.walk(DATA))
    _model("confine/root")
    _model("evaluate")
    assert sorted(os.walk(DATA)) == before


def test_plan_values_and_unknowns():
    path = DATA / "plan" / "plan.json"
    model = load_plan(str(path), path.read_text())[0]
    task = model.task_definitions[0]
    assert task.name == "module.app.aws_ecs_task_definition.web"
    assert task.known_containers()[0].image == "nginx:latest"
    assert is_unknown(task.cpu)
    assert is_unknown(task.execution_role.value)
    assert task.task_role is None


# The repository URL as known before apply: its name, with the account and region unknown.
APP_REGISTRY = (
    "${aws_ecr_repository.app.registry_id}.dkr.ecr.${aws_ecr_repository.app.region}.amazonaws.com"
)


def test_resource_references_inside_jsonencode():
    model = _model("references")
    encoded = _by_name(model.task_definitions, "aws_ecs_task_definition.encoded")
    container = encoded.known_containers()[0]
    assert container.image == f"{APP_REGISTRY}/app:1.2.0"
    assert container.repository.name == "aws_ecr_repository.app"
    assert container.secrets[0].value_from == "${aws_secretsmanager_secret.token.arn}"


def test_heredoc_reference_links_repository():
    model = _model("references")
    heredoc = _by_name(model.task_definitions, "aws_ecs_task_definition.heredoc")
    container = heredoc.known_containers()[0]
    assert container.image == f"{APP_REGISTRY}/app"
    assert container.repository.name == "aws_ecr_repository.app"


def test_templatefile_with_module_variables():
    model = _model("references")
    task = _by_name(model.task_definitions, "module.task.aws_ecs_task_definition.templated")
    container = task.known_containers()[0]
    assert container.image == f"{APP_REGISTRY}/app:2.0.0"
    assert container.port_mappings[0].container_port == 8080
    assert container.repository.name == "aws_ecr_repository.app"


def test_block_ids_in_json_become_placeholders(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_secretsmanager_secret" "token" {\n  name = "token"\n}\n'
        'resource "aws_ecs_task_definition" "app" {\n'
        '  family = "app"\n'
        '  container_definitions = jsonencode([{ name = "app", image = "busybox:1",\n'
        '    secrets = [{ name = "T", valueFrom = aws_secretsmanager_secret.token.arn }] }])\n'
        "}\n"
    )
    model = load_directory(str(tmp_path)).models[0]
    secret = model.task_definitions[0].known_containers()[0].secrets[0]
    assert secret.value_from == "${aws_secretsmanager_secret.token}"
    assert model.secrets[0].arn == secret.value_from


def test_quoted_reference_stays_literal(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role" "execution" {\n  name = "execution"\n}\n'
        'resource "aws_ecs_task_definition" "app" {\n'
        '  family             = "app"\n'
        '  execution_role_arn = "aws_iam_role.execution.arn"\n'
        '  container_definitions = jsonencode([{ name = "app", image = "busybox:1" }])\n'
        "}\n"
    )
    task = load_directory(str(tmp_path)).models[0].task_definitions[0]
    assert task.execution_role.value == "aws_iam_role.execution.arn"
    assert task.execution_role.role is None


def test_registry_module_not_on_disk_is_unknown():
    service = _by_name(_model("remote").services, "aws_ecs_service.api")
    assert is_unknown(service.subnets)


def test_installed_registry_module_is_loaded(tmp_path):
    (tmp_path / "main.tf").write_text(
        'module "reg" {\n  source = "example/registry/aws"\n  tag    = "3.1"\n}\n'
    )
    installed = tmp_path / ".terraform" / "modules"
    (installed / "reg").mkdir(parents=True)
    (installed / "reg" / "main.tf").write_text(
        'variable "tag" {}\n'
        'resource "aws_ecs_task_definition" "inner" {\n'
        '  family = "inner"\n'
        '  container_definitions = jsonencode([{ name = "i", image = "busybox:${var.tag}" }])\n'
        "}\n"
    )
    (installed / "modules.json").write_text(
        '{"Modules": [{"Key": "", "Source": "", "Dir": "."}, {"Key": "reg", '
        '"Source": "registry.terraform.io/example/registry/aws", '
        '"Dir": ".terraform/modules/reg"}]}'
    )
    result = load_directory(str(tmp_path))
    task = result.models[0].task_definitions[0]
    assert task.name == "module.reg.aws_ecs_task_definition.inner"
    assert task.known_containers()[0].image == "busybox:3.1"


def test_symbolic_link_out_of_root_is_not_read(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text('[{"name": "LINK_MARKER_41c2", "image": "busybox:1"}]')
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.json").symlink_to(outside)
    (root / "main.tf").write_text(
        'resource "aws_ecs_task_definition" "linked" {\n'
        '  family = "linked"\n'
        '  container_definitions = file("${path.module}/link.json")\n'
        "}\n"
    )
    model = load_directory(str(root)).models[0]
    assert is_unknown(model.task_definitions[0].containers)
    assert "LINK_MARKER_41c2" not in repr(model.task_definitions)


def test_hcl2_fallback_without_tfparse(monkeypatch):
    monkeypatch.setitem(sys.modules, "tfparse", None)
    model = _model("network")
    notices = [what for _, what in model.unknowns if what == fallback.NOTICE]
    assert len(notices) == 1
    group = _by_name(model.security_groups, "aws_security_group.no_egress")
    assert group.egress == []
    api = _by_name(model.task_definitions, "aws_ecs_task_definition.api")
    assert is_unknown(api.containers)


def test_scan_reports_syntax_error_and_checks_others():
    result = scan([str(DATA / "syntax"), str(DATA / "network")], [])
    assert [error.code for error in result.errors] == [INVALID_SYNTAX]
    assert result.checked == [str(DATA / "network")]


def test_scan_without_terraform_imports_neither_parser(tmp_path):
    task = tmp_path / "task.json"
    task.write_text('{"family": "web", "containerDefinitions": [{"name": "web", "image": "a:1"}]}')
    code = (
        "import sys\n"
        "from ecslint.scan import scan\n"
        f"scan([{str(task)!r}], [])\n"
        "print(sorted({'tfparse', 'hcl2'} & set(sys.modules)))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_plan_known_ids_link_through_configuration():
    path = DATA / "plan" / "applied.json"
    service = load_plan(str(path), path.read_text())[0].services[0]
    assert [subnet.name for subnet in service.subnets] == ["aws_subnet.a", "aws_subnet.b"]
    assert service.assign_public_ip is True


SHARED = Path("/work/shared")


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not on this machine")
def test_shared_corpus_loads_without_exception():
    from ecslint.scan import discover

    candidates, _ = discover([str(SHARED / "corpus" / "terraform"), str(SHARED / "cases")], [])
    directories = [c.path for c in candidates if c.terraform]
    assert directories
    for directory in directories:
        result = load_directory(directory)
        assert result.errors == [], directory
    for plan in (SHARED / "corpus" / "tfplan").rglob("*.json"):
        assert load_plan(str(plan), plan.read_text())


def test_file_reads_inside_scan_root():
    # The module reads ../templates/, which is inside the scanned directory but not its own.
    model = load_directory(str(DATA / "scan_root" / "app"), root=str(DATA / "scan_root")).models[0]
    tasks = {task.name: task for task in model.task_definitions}
    shared = tasks["aws_ecs_task_definition.shared"].known_containers()[0]
    assert shared.image == "public.ecr.aws/docker/library/busybox:1.36"
    assert is_unknown(tasks["aws_ecs_task_definition.escape"].containers)
    assert "OUTSIDE_MARKER_7f3a" not in repr(model.task_definitions)


def test_file_outside_directory_unread_without_root():
    model = _model("scan_root/app")
    tasks = {task.name: task for task in model.task_definitions}
    assert is_unknown(tasks["aws_ecs_task_definition.shared"].containers)


def test_scan_passes_its_root_to_terraform():
    candidates, _ = discover([str(DATA / "scan_root")], [])
    terraform = [candidate for candidate in candidates if candidate.terraform]
    assert [(c.path, c.root) for c in terraform] == [
        (str(DATA / "scan_root" / "app"), str(DATA / "scan_root"))
    ]


def test_suppressions_kept_per_file():
    model = _model("suppressions")
    main = os.path.normpath(DATA / "suppressions" / "main.tf")
    other = os.path.normpath(DATA / "suppressions" / "other.tf")
    module = os.path.normpath(DATA / "suppressions" / "modules" / "app" / "main.tf")
    assert model.file_suppressions[main] == {10: {"ECS302"}}
    assert model.file_suppressions[other] == {10: {"ECS601"}}
    assert model.file_suppressions[module] == {6: {"ECS302"}}
    assert model.suppressions == {}


def test_suppressions_apply_in_their_own_file():
    directory = DATA / "suppressions"
    settings = ScanSettings(report_unused=True)
    result = scan([str(directory)], [rule() for rule in ALL_RULES], settings=settings)
    found = {
        (finding.rule, os.path.relpath(finding.location.path, directory), finding.location.line)
        for finding in result.findings
        if finding.rule in ("ECS302", "ECS090")
    }
    # main.tf's comment suppresses its ECS302, the module's comment its own, and the ECS601
    # comment in other.tf, on the same line number as main.tf's, suppresses nothing.
    assert found == {("ECS090", "other.tf", 10)}


def test_unexpanded_route_marks_model_incomplete():
    model = _model("incomplete")
    # The route table of the one route is not known; ECR repositories are not network resources.
    assert model.incomplete == {"route"}


MODULE_CALLS = """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

module "endpoints" {
  source = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  vpc_id = aws_vpc.main.id
}

module "label" {
  source    = "cloudposse/label/null"
  namespace = "web"
}

module "local" {
  source = "./missing"
}
"""


def test_modules_not_on_disk_noted(tmp_path):
    (tmp_path / "main.tf").write_text(MODULE_CALLS)

    model = load_directory(str(tmp_path)).models[0]

    noted = sorted(what.split(" (")[0] for _, what in model.unknowns if "not on disk" in what)
    assert noted == ["module endpoints", "module label", "module local"]
    hints = sorted(what.split("not on disk (")[1].split(")")[0] for _, what in model.unknowns)
    assert hints == ["its folder does not exist"] + ["run terraform init to install it"] * 2
    assert "vpc-endpoint" in model.incomplete
    assert "route" in model.incomplete


def test_installed_modules_keep_network_complete(tmp_path):
    (tmp_path / "main.tf").write_text(MODULE_CALLS.replace("vpc_id = aws_vpc.main.id", ""))
    modules = tmp_path / ".terraform" / "modules"
    (modules / "endpoints").mkdir(parents=True)
    (modules / "modules.json").write_text(
        '{"Modules": [{"Key": "endpoints", "Source": "x", "Dir": ".terraform/modules/endpoints"}]}'
    )

    model = load_directory(str(tmp_path)).models[0]

    noted = sorted(what.split(" (")[0] for _, what in model.unknowns if "not on disk" in what)
    assert noted == ["module label", "module local"]
    assert model.incomplete == set()


def _terraform_fixture_dirs() -> list[Path]:
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    return sorted(path for path in fixtures.glob("*/*_tf") if path.is_dir())


@pytest.mark.parametrize("directory", _terraform_fixture_dirs(), ids=lambda p: p.parent.name)
def test_rules_need_checked_resource_types(directory):
    """The loader skips evaluation when none of CHECKED_RESOURCE_TYPES is declared.

    That is safe only while no rule reports on a model without them, which this checks on
    every Terraform fixture with those objects taken out.
    """
    from ecslint.engine import check_model

    model = load_directory(str(directory)).models[0]
    model.task_definitions, model.services, model.vpc_endpoints = [], [], []

    findings, crashes = check_model(model, [rule() for rule in ALL_RULES])

    assert (findings, crashes) == ([], [])


def test_unchecked_configuration_not_evaluated(tmp_path, monkeypatch):
    from ecslint.loaders.terraform import evaluate

    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    )
    monkeypatch.setattr(evaluate, "run_tfparse", lambda *args: pytest.fail("evaluated"))

    result = load_directory(str(tmp_path))

    assert [model.path for model in result.models] == [str(tmp_path)]
    assert result.models[0].vpcs == []


def test_unlabelled_dynamic_block(tmp_path):
    """Found by atheris: ``dynamic {`` has no label, so its second child is the brace."""
    text = 'resource "aws_security_group" "sg" {\n  dynamic {\n    x = 1\n  }\n}\n'
    (tmp_path / "main.tf").write_text(text)

    source = sources.parse_file(str(tmp_path / "main.tf"))

    assert source.blocks[0].attributes == {"dynamic": 2, "dynamic.x": 3}
    assert source.blocks[0].dynamic_blocks == set()


def test_container_member_line_by_key(tmp_path):
    """``family = "web"`` above ``image = "web"`` must not take the image's line."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_ecs_task_definition" "x" {\n'
        '  family = "web"\n'
        "  container_definitions = jsonencode([\n"
        "    {\n"
        '      name   = "app"\n'
        "      memory = 64\n"
        '      image  = "web"\n'
        "    }\n"
        "  ])\n"
        "}\n"
    )
    result = scan([str(tmp_path)], [rule() for rule in ALL_RULES])

    where = {(f.rule, str(f.location)) for f in result.findings}

    assert ("ECS303", f"{tmp_path}/main.tf:7:7") in where
    assert all(location.endswith(":7:7") for _, location in where)


def test_attribute_column(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_ecs_service" "s" {\n  name = "s"\n  network_configuration {\n'
        "    assign_public_ip = false\n  }\n}\n"
    )

    block = sources.parse_file(str(tmp_path / "main.tf")).blocks[0]

    assert block.columns == {
        "name": 3,
        "network_configuration": 3,
        "network_configuration.assign_public_ip": 5,
    }


def test_module_argument_image_location(tmp_path):
    (tmp_path / "main.tf").write_text(
        'module "app" {\n  source = "./modules/app"\n\n  image = "nginx:latest"\n}\n'
    )
    module = tmp_path / "modules" / "app"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(
        'variable "image" {}\n\n'
        'resource "aws_ecs_task_definition" "this" {\n'
        '  family = "app"\n'
        "  container_definitions = jsonencode([{\n"
        '    name  = "app"\n'
        "    image = var.image\n"
        "  }])\n"
        "}\n"
    )

    result = scan([str(tmp_path)], [rule() for rule in ALL_RULES])

    where = {(f.rule, str(f.location)) for f in result.findings}
    assert ("ECS302", f"{tmp_path}/main.tf:4:11") in where
    assert ("ECS601", f"{tmp_path}/main.tf:4:11") in where


def test_plan_finding_location(tmp_path):
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_ecs_task_definition.web",
                        "mode": "managed",
                        "type": "aws_ecs_task_definition",
                        "name": "web",
                        "values": {
                            "family": "web",
                            "container_definitions": '[{"name": "web", "image": "nginx:1.27"}]',
                            "requires_compatibilities": ["FARGATE"],
                            "ephemeral_storage": [{"size_in_gib": 250}],
                        },
                    }
                ]
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2))
    text = path.read_text().splitlines()

    result = scan([str(path)], [rule() for rule in ALL_RULES])

    lines = {f.rule: text[f.location.line - 1].strip() for f in result.findings}
    assert lines["ECS501"] == '"size_in_gib": 250'
    assert lines["ECS601"].startswith('"container_definitions": ')


def test_for_each_block_left_out_by_tfparse(tmp_path):
    """tfparse 0.6.22 returns the first of these two associations only."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n}\n'
        + "\n".join(
            f'resource "aws_subnet" "{tier}" {{\n  for_each = {{ a = "10.0.{n}.0/24" }}\n'
            f"  vpc_id = aws_vpc.v.id\n  cidr_block = each.value\n}}\n"
            f'resource "aws_route_table" "{tier}" {{\n  vpc_id = aws_vpc.v.id\n}}\n'
            f'resource "aws_route_table_association" "{tier}" {{\n'
            f"  for_each = aws_subnet.{tier}\n  subnet_id = each.value.id\n"
            f"  route_table_id = aws_route_table.{tier}.id\n}}\n"
            for n, tier in enumerate(("public", "private"))
        )
    )

    model = load_directory(str(tmp_path)).models[0]

    tables = {subnet.name: subnet.route_table.name for subnet in model.subnets}
    assert tables == {
        'aws_subnet.public["a"]': "aws_route_table.public",
        'aws_subnet.private["a"]': "aws_route_table.private",
    }
    assert model.unknowns == []


def test_plan_indexed_reference():
    from ecslint.loaders.terraform.plan import _references
    from ecslint.loaders.terraform.resources import Ref

    config = {"references": ["aws_subnet.sn[1].id", "aws_subnet.sn[1]", "aws_subnet.sn"]}

    assert _references(config, "") == Ref("aws_subnet.sn[1]")


def test_unknown_count_makes_network_incomplete(tmp_path):
    (tmp_path / "main.tf").write_text(
        'data "aws_availability_zones" "all" {}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n'
        "  count      = length(data.aws_availability_zones.all.names)\n"
        "  vpc_id     = aws_vpc.v.id\n"
        '  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n}\n'
    )

    model = load_directory(str(tmp_path)).models[0]

    assert "subnet" in model.incomplete
    assert [what for _, what in model.unknowns] == ["aws_subnet.s: count is not known"]
