"""The image-reference parser."""

from __future__ import annotations

import pytest

from ecslint.images import is_bare_digest, parse_image

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "registry", "repository", "tag"),
    [
        ("nginx", None, "nginx", None),
        ("nginx:1.27", None, "nginx", "1.27"),
        ("jboss/wildfly", None, "jboss/wildfly", None),
        ("localhost:5000/app:1", "localhost:5000", "app", "1"),
        ("docker.elastic.co/kibana/kibana:6.0.0", "docker.elastic.co", "kibana/kibana", "6.0.0"),
        ("registry:5000/app", "registry:5000", "app", None),
    ],
)
def test_split(text, registry, repository, tag):
    image = parse_image(text)
    assert (image.registry, image.repository, image.tag) == (registry, repository, tag)
    assert image.problems == []


def test_digest_split():
    image = parse_image(f"app@{DIGEST}")
    assert (image.repository, image.tag, image.digest) == ("app", None, DIGEST)


@pytest.mark.parametrize(
    "text",
    ["nginx", "docker.io/library/nginx", "index.docker.io/nginx", "registry-1.docker.io/a/b"],
)
def test_docker_hub(text):
    assert parse_image(text).on_docker_hub


@pytest.mark.parametrize("text", ["public.ecr.aws/nginx/nginx:1", "quay.io/a/b:1"])
def test_not_docker_hub(text):
    assert not parse_image(text).on_docker_hub


def test_ecr_host_parts():
    image = parse_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:2")
    assert (image.ecr_account, image.ecr_region) == ("123456789012", "eu-west-1")


def test_ecr_dual_stack_host():
    image = parse_image("123456789012.dkr-ecr.eu-west-1.on.aws/api:2")
    assert image.is_ecr
    assert image.problems == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("MyApp:1", "uppercase"),
        ("my app:1", "not allowed"),
        ("app:" + "t" * 129, "129 characters"),
        ("app:bad*tag", "not allowed"),
        ("app@sha256:abc", "64 lowercase hex"),
        ("12345.dkr.ecr.us-east-1.amazonaws.com/app:1", "12-digit"),
        ("123456789012.dkr.ecr.useast1.amazonaws.com/app:1", "Region"),
    ],
)
def test_problems(text, fragment):
    problems = parse_image(text).problems
    assert len(problems) == 1
    assert fragment in problems[0]


def test_tag_of_128_characters_is_valid():
    assert parse_image("app:" + "t" * 128).problems == []


def test_placeholder_tag_is_unknown():
    image = parse_image("katsubushi/katsubushi:{{ env `TAG` `latest` }}")
    assert image.unknown_parts == {"tag"}
    assert image.problems == []


def test_placeholder_registry_is_still_ecr():
    image = parse_image("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1.0")
    assert image.is_ecr
    assert image.unknown_parts == {"registry"}
    assert image.problems == []


def test_whole_placeholder():
    image = parse_image("<PLACEHOLDER>")
    assert image.unknown_parts == {"repository"}


def test_bare_digest():
    assert is_bare_digest(DIGEST)
    assert not is_bare_digest(f"app@{DIGEST}")


def test_cloudformation_url_suffix_is_ecr():
    image = parse_image(
        "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-assets:4f2a1b"
    )
    assert image.is_ecr
    assert image.problems == []


def test_invalid_reference_not_docker_hub(tmp_path):
    """ECS301 reports the reference; ECS601 needs a registry to name."""
    from ecslint.rules import ALL_RULES
    from ecslint.scan import scan

    path = tmp_path / "task.json"
    path.write_text(
        '{"family": "x", "containerDefinitions": [{"name": "a", "image": "foo:bar:baz"}]}'
    )

    result = scan([str(path)], [rule() for rule in ALL_RULES])

    codes = {finding.rule for finding in result.findings}
    assert "ECS301" in codes
    assert "ECS601" not in codes
