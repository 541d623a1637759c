"""Tests for ecslint.iam.evaluate: statement semantics, conditions and unknown values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecslint.iam.evaluate import Decision, evaluate, missing_actions
from ecslint.model.values import Unknown

REPO = "arn:aws:ecr:us-east-1:123456789012:repository/web"
OTHER_REPO = "arn:aws:ecr:us-east-1:123456789012:repository/api"
SYMBOLIC_REPO = "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/web"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any = "ecr:BatchGetImage", resource: Any = REPO, **extra: Any) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "ecr:BatchGetImage", resource: Any = REPO, **extra: Any) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


CONDITION = {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}


def test_exact_allow() -> None:
    assert evaluate([policy(allow())], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_no_documents_not_allowed() -> None:
    assert evaluate([], "ecr:BatchGetImage", REPO) is Decision.NOT_ALLOWED


def test_other_action_not_allowed() -> None:
    assert evaluate([policy(allow())], "ecr:PutImage", REPO) is Decision.NOT_ALLOWED


def test_other_resource_not_allowed() -> None:
    assert evaluate([policy(allow())], "ecr:BatchGetImage", OTHER_REPO) is Decision.NOT_ALLOWED


def test_action_wildcard_and_case() -> None:
    document = policy(allow(action="ECR:*", resource="*"))
    assert evaluate([document], "ecr:GetAuthorizationToken", "*") is Decision.ALLOW


def test_statement_as_single_dict() -> None:
    document = {"Version": "2012-10-17", "Statement": allow()}
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_action_list_any_element() -> None:
    document = policy(allow(action=["logs:PutLogEvents", "ecr:BatchGetImage"]))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_resource_list_any_element() -> None:
    document = policy(allow(resource=[OTHER_REPO, "arn:aws:ecr:*:*:repository/w*"]))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_not_action_allows_others() -> None:
    document = policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW
    assert evaluate([document], "iam:PassRole", "*") is Decision.NOT_ALLOWED


def test_not_resource_allows_others() -> None:
    document = policy({"Effect": "Allow", "Action": "ecr:*", "NotResource": OTHER_REPO})
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW
    assert evaluate([document], "ecr:BatchGetImage", OTHER_REPO) is Decision.NOT_ALLOWED


def test_explicit_deny_wins() -> None:
    documents = [policy(allow(action="*", resource="*")), policy(deny())]
    assert evaluate(documents, "ecr:BatchGetImage", REPO) is Decision.DENY


def test_deny_elsewhere_leaves_allow() -> None:
    documents = [policy(allow()), policy(deny(resource=OTHER_REPO))]
    assert evaluate(documents, "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_not_action_deny() -> None:
    document = policy(allow(), {"Effect": "Deny", "NotAction": "ecr:*", "Resource": "*"})
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW
    assert evaluate([document], "logs:CreateLogStream", "*") is Decision.DENY


def test_conditional_allow_unknown() -> None:
    document = policy(allow(Condition=CONDITION))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_conditional_and_plain_allow() -> None:
    document = policy(allow(Condition=CONDITION), allow())
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_empty_condition_is_unconditional() -> None:
    document = policy(allow(Condition={}))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_conditional_deny_unknown() -> None:
    document = policy(allow(), deny(Condition=CONDITION))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_conditional_deny_after_plain_deny() -> None:
    document = policy(allow(), deny(), deny(Condition=CONDITION))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.DENY


def test_conditional_deny_without_allow() -> None:
    # Nothing grants the action, so it is denied whether or not the conditional Deny applies.
    document = policy(deny(Condition=CONDITION))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.NOT_ALLOWED


def test_unknown_condition_value() -> None:
    document = policy(allow(Condition=Unknown("condition from a parameter")))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_unknown_document() -> None:
    documents = [policy(allow()), Unknown("policy from a module")]
    assert evaluate(documents, "ecr:BatchGetImage", REPO) is Decision.UNKNOWN
    assert evaluate([Unknown()], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_unknown_document_after_deny() -> None:
    documents = [policy(deny()), Unknown("policy from a module")]
    assert evaluate(documents, "ecr:BatchGetImage", REPO) is Decision.DENY


def test_unknown_document_list() -> None:
    assert evaluate(Unknown(), "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_unknown_statement() -> None:
    document = policy(allow(), Unknown("statement from a parameter"))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_unknown_statement_list() -> None:
    document = {"Version": "2012-10-17", "Statement": Unknown()}
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


@pytest.mark.parametrize(
    "statement",
    [
        allow(action=Unknown()),
        allow(action=["logs:PutLogEvents", Unknown()]),
        allow(resource=Unknown()),
        allow(resource=[OTHER_REPO, Unknown()]),
        allow(resource={"Fn::GetAtt": ["Repository", "Arn"]}),
        {"Effect": Unknown(), "Action": "ecr:BatchGetImage", "Resource": REPO},
        {"Action": "ecr:BatchGetImage", "Resource": REPO},
        {"Effect": "Allow", "Resource": REPO},
    ],
)
def test_unknown_element_gives_unknown(statement: dict[str, Any]) -> None:
    assert evaluate([policy(statement)], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_known_element_beside_unknown() -> None:
    document = policy(allow(action=["ecr:BatchGetImage", Unknown()]))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_unknown_action_list_other_service() -> None:
    # The Unknown Action could still be any action, so another service is unknown too.
    document = policy(allow(action=Unknown(), resource="*"))
    assert evaluate([document], "logs:CreateLogStream", "*") is Decision.UNKNOWN


def test_unknown_deny_blocks_allow() -> None:
    document = policy(allow(), deny(resource=Unknown()))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_placeholder_in_policy_resource() -> None:
    document = policy(allow(resource="arn:aws:ecr:us-east-1:123456789012:repository/${Repo}"))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_placeholder_in_queried_resource() -> None:
    document = policy(allow())
    assert evaluate([document], "ecr:BatchGetImage", SYMBOLIC_REPO) is Decision.UNKNOWN


def test_same_pseudo_parameters_allow() -> None:
    document = policy(allow(resource=SYMBOLIC_REPO))
    assert evaluate([document], "ecr:BatchGetImage", SYMBOLIC_REPO) is Decision.ALLOW


def test_symbolic_other_repository_not_allowed() -> None:
    document = policy(allow(resource=SYMBOLIC_REPO.replace("/web", "/api")))
    assert evaluate([document], "ecr:BatchGetImage", SYMBOLIC_REPO) is Decision.NOT_ALLOWED


def test_star_resource_covers_placeholder() -> None:
    document = policy(allow(resource="*"))
    assert evaluate([document], "ecr:BatchGetImage", SYMBOLIC_REPO) is Decision.ALLOW


def test_json_string_document() -> None:
    document = json.dumps(policy(allow()))
    assert evaluate([document], "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_invalid_json_document() -> None:
    assert evaluate(["{not json"], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_single_document_without_list() -> None:
    assert evaluate(policy(allow()), "ecr:BatchGetImage", REPO) is Decision.ALLOW


def test_document_without_statement() -> None:
    assert evaluate([{"Version": "2012-10-17"}], "ecr:BatchGetImage", REPO) is Decision.UNKNOWN


def test_missing_actions_lists_gaps() -> None:
    document = policy(
        allow(action="ecr:GetAuthorizationToken", resource="*"),
        allow(action=["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
        deny(action="secretsmanager:GetSecretValue", resource="*"),
        allow(action="logs:CreateLogStream", resource="*", Condition=CONDITION),
    )
    requests = [
        ("ecr:GetAuthorizationToken", "*"),
        ("ecr:BatchGetImage", REPO),
        ("ecr:GetDownloadUrlForLayer", OTHER_REPO),
        ("secretsmanager:GetSecretValue", SECRET),
        ("logs:CreateLogStream", "*"),
    ]
    assert missing_actions([document], requests) == [
        ("ecr:GetDownloadUrlForLayer", OTHER_REPO, Decision.NOT_ALLOWED),
        ("secretsmanager:GetSecretValue", SECRET, Decision.DENY),
        ("logs:CreateLogStream", "*", Decision.UNKNOWN),
    ]


def test_missing_actions_empty_when_allowed() -> None:
    document = policy(allow(action="*", resource="*"))
    assert missing_actions([document], [("ecr:BatchGetImage", REPO)]) == []
