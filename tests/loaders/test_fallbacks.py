"""Which try() and can() calls make a Terraform argument untrusted."""

from __future__ import annotations

import pytest

from ecslint.loaders.terraform import sources
from ecslint.loaders.terraform.fallbacks import _falls_back, untrusted_arguments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("try(aws_security_group.this[0].id, [])", True),
        ('try(data.aws_partition.current[0].partition, "")', True),
        ("can(module.vpc.vpc_id)", True),
        ("try(each.value.port, 443)", False),
        (
            "try(each.value.endpoint, data.aws_vpc_endpoint_service.this[each.key].service_name)",
            False,
        ),
        ('try(lookup(var.x, "a", [aws_vpc.main.id]), null)', True),
        ("concat(var.ids, [aws_security_group.this[0].id])", False),
    ],
)
def test_fallback_detection(text, expected):
    assert _falls_back(text) is expected


def test_untrusted_through_locals(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text(
        "locals {\n"
        "  groups = [try(aws_security_group.this[0].id, [])]\n"
        "  copy   = local.groups\n"
        "  port   = try(var.ports[0], 443)\n"
        "}\n"
        'resource "aws_ecs_service" "s" {\n'
        "  name = local.port\n"
        "  network_configuration {\n"
        "    security_groups = local.copy\n"
        '    subnets         = ["subnet-1"]\n'
        "  }\n"
        "}\n"
    )
    source = sources.parse_file(str(path))

    [(names, dynamic)] = untrusted_arguments([source]).values()

    assert names == {"network_configuration.security_groups"}
    assert dynamic == set()
