"""Tests for the stack-repository rules ECS305, ECS306 and ECS307."""

from __future__ import annotations

from ecslint.model.registry import PullThroughCacheRule
from ecslint.model.values import Unknown
from ecslint.rules.repositories import (
    ImageInNewRepository,
    MutableTagInStackRepository,
    UnknownStackRepository,
)
from tests.rules.builders import HERE, codes, container, model, repository, service, task

SYMBOLIC = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"
DIGEST = "sha256:" + "a" * 64


# ECS305 mutable-tag-in-stack-repository --------------------------------------------------------


def test_mutable_tag_linked_repository_flagged():
    repo = repository()
    built = model(task(container(f"{SYMBOLIC}/web:1.0", repository=repo)), repositories=[repo])
    findings = list(MutableTagInStackRepository().check(built))
    assert [finding.rule for finding in findings] == ["ECS305"]
    assert '"1.0"' in findings[0].message


def test_mutable_tag_matched_by_name_and_implicit_latest():
    built = model(task(container(f"{SYMBOLIC}/web")), repositories=[repository()])
    findings = list(MutableTagInStackRepository().check(built))
    assert len(findings) == 1
    assert '"latest"' in findings[0].message


def test_immutable_digest_or_unknown_passes():
    assert (
        codes(
            MutableTagInStackRepository(),
            model(
                task(container(f"{SYMBOLIC}/web:1.0")),
                repositories=[repository(mutability="IMMUTABLE")],
            ),
        )
        == []
    )
    assert (
        codes(
            MutableTagInStackRepository(),
            model(task(container(f"{SYMBOLIC}/web@{DIGEST}")), repositories=[repository()]),
        )
        == []
    )
    assert (
        codes(
            MutableTagInStackRepository(),
            model(task(container(f"{SYMBOLIC}/web:${{Tag}}")), repositories=[repository()]),
        )
        == []
    )
    assert (
        codes(
            MutableTagInStackRepository(),
            model(
                task(container(f"{SYMBOLIC}/web:1.0")),
                repositories=[repository(mutability=Unknown())],
            ),
        )
        == []
    )


def test_mutable_tag_other_repository_passes():
    built = model(task(container(f"{SYMBOLIC}/api:1.0")), repositories=[repository()])
    assert codes(MutableTagInStackRepository(), built) == []


# ECS306 image-in-new-repository ----------------------------------------------------------------


def test_new_repository_with_service_flagged():
    repo = repository(mutability="IMMUTABLE")
    definition = task(container(f"{SYMBOLIC}/web:1.0", repository=repo))
    built = model(definition, repositories=[repo], services=[service(definition)])
    findings = list(ImageInNewRepository().check(built))
    assert [finding.rule for finding in findings] == ["ECS306"]
    assert "empty at the first deploy" in findings[0].message


def test_new_repository_without_service_passes():
    repo = repository()
    built = model(task(container(f"{SYMBOLIC}/web:1.0", repository=repo)), repositories=[repo])
    assert codes(ImageInNewRepository(), built) == []


def test_existing_repository_passes():
    definition = task(container("123456789012.dkr.ecr.us-east-1.amazonaws.com/shared:1.0"))
    built = model(definition, repositories=[repository()], services=[service(definition)])
    assert codes(ImageInNewRepository(), built) == []


# ECS307 unknown-stack-repository ---------------------------------------------------------------


def test_unknown_repository_names_closest():
    built = model(
        task(container(f"{SYMBOLIC}/order-api:1.2")),
        repositories=[repository("orders-api"), repository("web", logical="Web")],
    )
    findings = list(UnknownStackRepository().check(built))
    assert [finding.rule for finding in findings] == ["ECS307"]
    assert '"orders-api"' in findings[0].message


def test_known_repository_passes():
    built = model(task(container(f"{SYMBOLIC}/web:1.2")), repositories=[repository()])
    assert codes(UnknownStackRepository(), built) == []


def test_other_account_or_unnamed_repository_is_silent():
    other = model(
        task(container("210987654321.dkr.ecr.us-east-1.amazonaws.com/api:1")),
        repositories=[repository()],
    )
    assert codes(UnknownStackRepository(), other) == []
    unnamed = model(task(container(f"{SYMBOLIC}/api:1")), repositories=[repository(Unknown())])
    assert codes(UnknownStackRepository(), unnamed) == []
    no_repositories = model(task(container(f"{SYMBOLIC}/api:1")))
    assert codes(UnknownStackRepository(), no_repositories) == []


def test_literal_account_counts_when_stack_names_it():
    linked = repository()
    home = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
    built = model(
        task(
            container(f"{home}/web:1", repository=linked), container(f"{home}/wbe:1", name="typo")
        ),
        repositories=[linked],
    )
    assert codes(UnknownStackRepository(), built) == ["ECS307"]


def test_pull_through_cache_prefix_is_silent():
    cache = PullThroughCacheRule(name="Cache", location=HERE, prefix="docker-hub")
    built = model(
        task(container(f"{SYMBOLIC}/docker-hub/library/nginx:1")),
        repositories=[repository()],
        pull_through_cache_rules=[cache],
    )
    assert codes(UnknownStackRepository(), built) == []
