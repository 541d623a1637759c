"""ecslint's own Terraform evaluator: for expressions, functions, operators, module instances
and for_each expansion, on configurations written for these tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import hcl2
import pytest

import ecslint.loaders.terraform as terraform_loader
from ecslint.loaders.terraform import evaluate as tfparse_output
from ecslint.loaders.terraform import expand, load_directory, sources
from ecslint.loaders.terraform.expressions import Scope, evaluate
from ecslint.loaders.terraform.functions import Missing, OpenObject
from ecslint.loaders.terraform.resources import Resource
from ecslint.model.values import Location, Unknown, is_unknown
from ecslint.rules import ALL_RULES
from ecslint.scan import scan

DATA = Path(__file__).resolve().parent.parent / "data" / "terraform"
SERVICES = {
    "web": {"image": "nginx:1.27", "create": True},
    "worker": {"image": "busybox:1.36", "create": False},
}

EXPECTED = {
    "created_map": {"web": "nginx:1.27"},
    "image_list": ["nginx:1.27"],
    "each_element": ["A", "B"],
    "index_and_value": ["0-a", "1-b"],
    "try_fallback": 8080,
    "try_first": "nginx:1.27",
    "coalesce_skip": "stable",
    "lookup_default": 443,
    "lookup_found": 80,
    "distinct_flatten": ["a", "b", "c"],
    "map_keys": ["web", "worker"],
    "map_values": [1, 2],
    "contains_key": True,
    "contains_missing": False,
    "length_map": 2,
    "precedence": True,
    "or_short_circuit": True,
    "not_equal_null": True,
}


def _locals(path: Path) -> dict:
    """Return the expression tree of each local of ``path``, by name."""
    tree = hcl2.parses_to_tree(path.read_text(encoding="utf-8"))
    found = {}
    for block in tree.find_data("block"):
        for attribute in block.find_data("attribute"):
            found[str(attribute.children[0].children[0])] = attribute.children[-1]
    return found


def _scope(variables: dict) -> Scope:
    return Scope(variables, {}, {}, str(DATA), str(DATA), str(DATA))


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_function_and_for_cases(name, expected):
    trees = _locals(DATA / "expressions" / "functions.tf")
    assert evaluate(trees[name], _scope({"services": SERVICES})) == expected


def test_unknown_operand_stays_unknown():
    trees = _locals(DATA / "expressions" / "functions.tf")
    assert is_unknown(evaluate(trees["and_unknown"], _scope({"services": SERVICES})))


def test_try_does_not_fall_back_on_unknown():
    trees = _locals(DATA / "expressions" / "functions.tf")
    # var.services is not set: it may have a port, so try() must not take 8080.
    value = evaluate(trees["try_fallback"], _scope({}))
    assert is_unknown(value)
    assert not isinstance(value, Missing)


def test_try_does_not_fall_back_on_optional_attribute():
    trees = _locals(DATA / "expressions" / "functions.tf")
    services = {name: OpenObject(value) for name, value in SERVICES.items()}
    # The variable's object type may give `port` a default that tfparse did not add.
    assert is_unknown(evaluate(trees["try_fallback"], _scope({"services": OpenObject(services)})))


def test_for_over_unknown_collection_is_unknown():
    trees = _locals(DATA / "expressions" / "functions.tf")
    assert is_unknown(evaluate(trees["image_list"], _scope({"services": Unknown("not set")})))


def test_map_for_keeps_key_with_unknown_filter():
    trees = _locals(DATA / "expressions" / "functions.tf")
    services = {"web": {"image": "nginx:1.27", "create": Unknown("not known")}}
    value = evaluate(trees["created_map"], _scope({"services": services}))
    assert list(value) == ["web"]
    assert is_unknown(value["web"])


def test_module_instances_feed_container_definitions():
    model = load_directory(str(DATA / "module_instances")).models[0]
    (task,) = model.task_definitions
    images = {container.name: container.image for container in task.containers}
    assert images == {"web": "nginx:latest", "cache": "public.ecr.aws/docker/library/redis:7.4"}


def test_lower_case_container_key_is_api_name():
    model = load_directory(str(DATA / "module_instances")).models[0]
    (task,) = model.task_definitions
    assert [container.entry_point for container in task.containers] == [["sh", "-c"]] * 2


def _leave_unexpanded(monkeypatch, prefixes: tuple[str, ...]) -> None:
    """Make tfparse's output hold each block of ``prefixes`` once, without instances.

    tfparse does so for some configurations (a larger module with the same for_each), but not
    for this small one, so its output is changed to match.
    """
    original = tfparse_output.Normalizer.resources

    def resources(self):
        found, unexpanded = original(self)
        for prefix in prefixes:
            instances = [r for r in found if r.address.startswith(prefix + "[")]
            found = [r for r in found if r not in instances]
            unexpanded.append(replace(instances[0], address=prefix, values={}))
        return found, unexpanded

    monkeypatch.setattr(tfparse_output.Normalizer, "resources", resources)


ENDPOINT = "module.endpoints.aws_vpc_endpoint.this"
ENDPOINT_SERVICE = "module.endpoints.data.aws_vpc_endpoint_service.this"


def test_for_each_expanded_by_ecslint(monkeypatch):
    _leave_unexpanded(monkeypatch, (ENDPOINT, ENDPOINT_SERVICE))
    model = load_directory(str(DATA / "expand_for_each")).models[0]
    endpoints = {endpoint.name: endpoint for endpoint in model.vpc_endpoints}
    assert sorted(endpoints) == [f'{ENDPOINT}["{key}"]' for key in ("ecr_api", "ecr_dkr", "s3")]
    assert endpoints[f'{ENDPOINT}["ecr_api"]'].service == "ecr.api"
    assert endpoints[f'{ENDPOINT}["ecr_api"]'].private_dns_enabled is True
    assert endpoints[f'{ENDPOINT}["s3"]'].endpoint_type == "Gateway"
    assert "vpc-endpoint" not in model.incomplete


def test_expanded_endpoint_policy_denies_pull(monkeypatch):
    _leave_unexpanded(monkeypatch, (ENDPOINT, ENDPOINT_SERVICE))
    result = scan([str(DATA / "expand_for_each")], [rule() for rule in ALL_RULES])
    denied = sorted(f.message.split("`")[1] for f in result.findings if f.rule == "ECS704")
    assert denied == [f'{ENDPOINT}["ecr_api"]', f'{ENDPOINT}["ecr_dkr"]']


def test_expanded_dynamic_block(monkeypatch):
    _leave_unexpanded(monkeypatch, (ENDPOINT, ENDPOINT_SERVICE))
    captured = {}
    original = terraform_loader.build

    def build(builder):
        captured.update({resource.address: resource for resource in builder.resources})
        original(builder)

    monkeypatch.setattr(terraform_loader, "build", build)
    load_directory(str(DATA / "expand_for_each"))
    assert captured[f'{ENDPOINT}["s3"]'].values["dns_options"] == [{"dns_record_ip_type": "ipv4"}]
    assert "dns_options" not in captured[f'{ENDPOINT}["ecr_api"]'].values


@pytest.mark.parametrize(
    ("name", "zones"),
    [
        ("from_data_source", {}),
        ("filtered_by_unknown", {"a": {"enabled": Unknown("not known")}}),
    ],
)
def test_unknown_for_each_is_not_expanded(name, zones):
    source = sources.parse_file(str(DATA / "expressions" / "unknown_for_each.tf"))
    block = next(block for block in source.blocks if block.labels[1:] == (name,))
    resource = Resource(
        f"aws_subnet.{name}", "aws_subnet", "managed", {}, Location(source.path, block.line)
    )
    assert expand.expand(resource, block.body, _scope({"zones": zones}), set()) is None


def test_for_each_over_set_of_strings():
    source = sources.parse_file(str(DATA / "expressions" / "unknown_for_each.tf"))
    block = next(block for block in source.blocks if block.labels[1:] == ("from_set",))
    resource = Resource("aws_subnet.from_set", "aws_subnet", "managed", {}, Location(source.path))
    instances = expand.expand(resource, block.body, _scope({}), set())
    assert [i.address for i in instances] == [
        'aws_subnet.from_set["a"]',
        'aws_subnet.from_set["b"]',
    ]
    assert [i.values["availability_zone"] for i in instances] == ["a", "b"]


def test_for_each_over_empty_map():
    source = sources.parse_file(str(DATA / "expressions" / "unknown_for_each.tf"))
    block = next(block for block in source.blocks if block.labels[1:] == ("none",))
    resource = Resource("aws_subnet.none", "aws_subnet", "managed", {}, Location(source.path))
    assert expand.expand(resource, block.body, _scope({}), set()) == []
