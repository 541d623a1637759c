"""Tests for ecslint.iam.match: IAM wildcards, case rules and placeholders."""

from __future__ import annotations

import pytest

from ecslint.iam.match import Match, all_of, any_of, match_action, match_resource

REPO = "arn:aws:ecr:us-east-1:123456789012:repository/web"
SYMBOLIC_REPO = "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/web"


@pytest.mark.parametrize(
    ("pattern", "action"),
    [
        ("ecr:BatchGetImage", "ecr:BatchGetImage"),
        ("ECR:batchgetimage", "ecr:BatchGetImage"),
        ("ecr:*", "ecr:BatchGetImage"),
        ("ecr:Get*", "ecr:GetAuthorizationToken"),
        ("ecr:get*", "ECR:GETAUTHORIZATIONTOKEN"),
        ("*", "secretsmanager:GetSecretValue"),
        ("ecr:BatchGetImag?", "ecr:BatchGetImage"),
        ("ecr:*Image", "ecr:BatchGetImage"),
    ],
)
def test_action_pattern_matches(pattern: str, action: str) -> None:
    assert match_action(pattern, action) is Match.YES


@pytest.mark.parametrize(
    ("pattern", "action"),
    [
        ("ecr:Get*", "ecr:BatchGetImage"),
        ("ecr:*", "ecr-public:GetAuthorizationToken"),
        ("logs:CreateLogStream", "logs:CreateLogGroup"),
        ("ecr:BatchGetImag?", "ecr:BatchGetImages"),
        ("ecr:BatchGetImage", "ecr:BatchGetImag"),
        ("s3:*", "ecr:BatchGetImage"),
    ],
)
def test_action_pattern_rejects(pattern: str, action: str) -> None:
    assert match_action(pattern, action) is Match.NO


@pytest.mark.parametrize(
    "pattern",
    [
        REPO,
        "*",
        "arn:aws:ecr:*",
        "arn:aws:ecr:*:123456789012:repository/*",
        "arn:aws:ecr:us-east-1:*:repository/web",
        "arn:*:repository/web",
        "arn:aws:ecr:us-east-?:123456789012:repository/we?",
    ],
)
def test_resource_wildcard_matches(pattern: str) -> None:
    assert match_resource(pattern, REPO) is Match.YES


def test_resource_star_spans_slash() -> None:
    nested = "arn:aws:ecr:us-east-1:123456789012:repository/team/web"
    assert match_resource("arn:aws:ecr:us-east-1:123456789012:repository/*", nested) is Match.YES


@pytest.mark.parametrize(
    "pattern",
    [
        "arn:aws:ecr:us-east-1:123456789012:repository/Web",
        "arn:aws:ecr:us-east-1:123456789012:repository/api",
        "arn:aws:ecr:us-west-2:*:repository/web",
        "arn:aws:ecr:us-east-1:123456789012:repository/we",
        "arn:aws:ecr:us-east-1:123456789012:repository/web?",
        "arn:aws:secretsmanager:*",
    ],
)
def test_resource_pattern_rejects(pattern: str) -> None:
    assert match_resource(pattern, REPO) is Match.NO


def test_question_mark_needs_one_character() -> None:
    assert match_resource("arn:aws:ecr:*:repository/?", "arn:aws:ecr:x:repository/") is Match.NO


def test_literal_star_resource() -> None:
    assert match_resource("*", "*") is Match.YES
    assert match_resource(REPO, "*") is Match.NO


def test_same_pseudo_parameters_match() -> None:
    assert match_resource(SYMBOLIC_REPO, SYMBOLIC_REPO) is Match.YES


def test_star_covers_placeholders() -> None:
    assert match_resource("*", SYMBOLIC_REPO) is Match.YES
    assert match_resource("arn:*:repository/web", SYMBOLIC_REPO) is Match.YES


def test_pseudo_parameter_against_literal() -> None:
    assert match_resource(SYMBOLIC_REPO, REPO) is Match.MAYBE
    assert match_resource(REPO, SYMBOLIC_REPO) is Match.MAYBE


def test_symbolic_repository_name_differs() -> None:
    other = SYMBOLIC_REPO.replace("repository/web", "repository/api")
    assert match_resource(other, SYMBOLIC_REPO) is Match.NO


def test_different_pseudo_parameters_maybe() -> None:
    swapped = "arn:${AWS::Partition}:ecr:${AWS::AccountId}:${AWS::Region}:repository/web"
    assert match_resource(swapped, SYMBOLIC_REPO) is Match.MAYBE


def test_literal_account_mismatch_despite_placeholders() -> None:
    pattern = "arn:aws:ecr:us-east-1:111111111111:repository/web"
    resource = "arn:${AWS::Partition}:ecr:${AWS::Region}:222222222222:repository/web"
    assert match_resource(pattern, resource) is Match.NO


def test_partition_literal_mismatch() -> None:
    resource = "arn:aws-cn:ecr:${AWS::Region}:${AWS::AccountId}:repository/web"
    assert match_resource("arn:aws:ecr:*", resource) is Match.NO


def test_pseudo_parameter_never_spans_colon() -> None:
    # A region value cannot contain ":", so it cannot stand for "us-east-1:123456789012".
    pattern = "arn:aws:ecr:${AWS::Region}:repository/web"
    assert match_resource(pattern, REPO) is Match.NO


def test_opaque_placeholder_in_pattern() -> None:
    pattern = "arn:aws:ecr:us-east-1:123456789012:repository/${RepoName}"
    assert match_resource(pattern, REPO) is Match.MAYBE
    assert match_resource(pattern, pattern) is Match.MAYBE


def test_opaque_placeholder_in_resource() -> None:
    resource = "arn:aws:ecr:us-east-1:123456789012:repository/{{ repo }}"
    assert match_resource("arn:aws:ecr:*:*:repository/*", resource) is Match.YES
    assert match_resource(REPO, resource) is Match.MAYBE
    assert match_resource("arn:aws:logs:*", resource) is Match.NO


def test_placeholder_in_action() -> None:
    assert match_action("${Service}:BatchGetImage", "ecr:BatchGetImage") is Match.MAYBE
    assert match_action("ecr:${Verb}", "logs:CreateLogStream") is Match.NO


def test_long_arn_with_placeholder() -> None:
    # The table-filling matcher must not hit Python's recursion limit on long values.
    resource = "arn:aws:s3:::bucket/" + "a" * 3000 + "/${AWS::Region}"
    assert match_resource("arn:aws:s3:::bucket/*", resource) is Match.YES


def test_negate_swaps_yes_and_no() -> None:
    assert Match.YES.negate() is Match.NO
    assert Match.NO.negate() is Match.YES
    assert Match.MAYBE.negate() is Match.MAYBE


def test_any_of_combines() -> None:
    assert any_of([Match.NO, Match.MAYBE, Match.YES]) is Match.YES
    assert any_of([Match.NO, Match.MAYBE]) is Match.MAYBE
    assert any_of([]) is Match.NO


def test_all_of_combines() -> None:
    assert all_of([Match.YES, Match.MAYBE, Match.NO]) is Match.NO
    assert all_of([Match.YES, Match.MAYBE]) is Match.MAYBE
    assert all_of([]) is Match.YES
