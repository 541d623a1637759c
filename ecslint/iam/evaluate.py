"""Decide whether identity-based IAM policies allow an action on a resource.

The documents are the policies of one principal, as plain dicts in IAM JSON form. The logic
follows the IAM policy evaluation rules for a single account: an explicit Deny wins, else an
Allow grants, else the request is implicitly denied. The evaluator does not model permissions
boundaries, SCPs, session policies or resource-based policies, and it ignores ``Principal``.

Conditions are never evaluated, because the request context (source VPC, tags, time of day) is
not known before deployment. A statement with a ``Condition`` may or may not apply. So does a
statement, element or pattern that is ``Unknown`` or contains a placeholder. Such a statement
makes the result ``UNKNOWN`` wherever it could change it, never a wrong ALLOW or NOT_ALLOWED.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any

from ecslint.iam.match import Match, all_of, any_of, match_action, match_resource
from ecslint.model.values import Unknown, is_unknown

__all__ = ["Decision", "evaluate", "missing_actions"]

# A statement's contribution: (does it allow?, does it deny?), each YES, NO or MAYBE.
_Effects = tuple[Match, Match]
_UNKNOWN_STATEMENT: _Effects = (Match.MAYBE, Match.MAYBE)


class Decision(Enum):
    """The outcome of evaluating one action on one resource."""

    ALLOW = "allow"
    """An unconditional Allow applies, and no Deny can apply."""
    DENY = "deny"
    """An unconditional Deny applies (explicit deny)."""
    NOT_ALLOWED = "not_allowed"
    """No Allow can apply (implicit deny)."""
    UNKNOWN = "unknown"
    """The result depends on a condition, an unknown value or a placeholder."""


def evaluate(documents: Iterable[Any] | Unknown, action: str, resource: str) -> Decision:
    """Evaluate ``action`` on ``resource`` against the policy documents of one principal.

    A document may be a dict, a JSON string or ``Unknown``. ``action`` and ``resource`` may
    themselves contain placeholders. The resource is an ARN, or ``"*"`` for actions that do not
    support resource-level permissions, such as ``ecr:GetAuthorizationToken``.
    """
    return _decide(_parse_documents(documents), action, resource)


def missing_actions(
    documents: Iterable[Any] | Unknown, requests: Iterable[tuple[str, str]]
) -> list[tuple[str, str, Decision]]:
    """Evaluate each ``(action, resource)`` request and return those that are not ALLOW.

    The result keeps the order of ``requests`` and gives each request its Decision, so a caller
    can report DENY and NOT_ALLOWED and stay silent on UNKNOWN.
    """
    parsed = _parse_documents(documents)
    missing = []
    for action, resource in requests:
        decision = _decide(parsed, action, resource)
        if decision is not Decision.ALLOW:
            missing.append((action, resource, decision))
    return missing


def _decide(documents: list[Any], action: str, resource: str) -> Decision:
    """Combine the statements: explicit Deny, then implicit deny, then Allow."""
    effects: list[_Effects] = []
    for document in documents:
        effects.extend(_document_effects(document, action, resource))
    allows = any_of(allow for allow, _ in effects)
    denies = any_of(deny for _, deny in effects)

    if denies is Match.YES:
        return Decision.DENY
    # With no Allow that can apply, the request is denied whatever a conditional Deny does.
    if allows is Match.NO:
        return Decision.NOT_ALLOWED
    if denies is Match.MAYBE:
        return Decision.UNKNOWN
    return Decision.ALLOW if allows is Match.YES else Decision.UNKNOWN


def _parse_documents(documents: Iterable[Any] | Unknown) -> list[Any]:
    """Return the documents as a list, with JSON strings parsed and bad JSON made Unknown."""
    if is_unknown(documents) or isinstance(documents, (dict, str)):
        # An Unknown list of documents, or one document passed without a list.
        return [_parse_document(documents)]
    return [_parse_document(document) for document in documents]


def _parse_document(document: Any) -> Any:
    if not isinstance(document, str):
        return document
    try:
        return json.loads(document)
    except ValueError:
        return Unknown("the policy document is not valid JSON")


def _document_effects(document: Any, action: str, resource: str) -> Iterator[_Effects]:
    """Yield the effect of every statement in one document."""
    if not isinstance(document, dict) or "Statement" not in document:
        # An Unknown document, or one the loader could not make sense of, may grant or deny
        # anything.
        yield _UNKNOWN_STATEMENT
        return

    statements = document["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        yield _UNKNOWN_STATEMENT
        return

    for statement in statements:
        if isinstance(statement, dict):
            yield _statement_effects(statement, action, resource)
        else:
            yield _UNKNOWN_STATEMENT


def _statement_effects(statement: dict[str, Any], action: str, resource: str) -> _Effects:
    """Return whether one statement allows and whether it denies the request."""
    applies = all_of(
        [
            _element_applies(statement, "Action", "NotAction", action, match_action),
            _element_applies(statement, "Resource", "NotResource", resource, match_resource),
        ]
    )
    if applies is Match.NO:
        return Match.NO, Match.NO

    certain = applies is Match.YES and not _has_condition(statement)
    strength = Match.YES if certain else Match.MAYBE
    effect = statement.get("Effect")
    if effect == "Allow":
        return strength, Match.NO
    if effect == "Deny":
        return Match.NO, strength
    # IAM accepts only "Allow" and "Deny". A missing or Unknown Effect could be either.
    return _UNKNOWN_STATEMENT


def _element_applies(
    statement: dict[str, Any],
    key: str,
    negated_key: str,
    value: str,
    matcher: Callable[[str, str], Match],
) -> Match:
    """Match ``value`` against ``Action``/``NotAction`` or ``Resource``/``NotResource``."""
    has_key, has_negated = key in statement, negated_key in statement
    if has_key and not has_negated:
        return _any_pattern_matches(statement[key], value, matcher)
    if has_negated and not has_key:
        return _any_pattern_matches(statement[negated_key], value, matcher).negate()
    # IAM rejects a statement with both elements or with neither, so what it means is unknown.
    return Match.MAYBE


def _any_pattern_matches(patterns: Any, value: str, matcher: Callable[[str, str], Match]) -> Match:
    """Match ``value`` against a string or list of patterns, any of which may be Unknown."""
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list):
        # An Unknown, or a value such as an unresolved intrinsic function.
        return Match.MAYBE
    return any_of(_pattern_matches(pattern, value, matcher) for pattern in patterns)


def _pattern_matches(pattern: Any, value: Any, matcher: Callable[[str, str], Match]) -> Match:
    if isinstance(pattern, str) and isinstance(value, str):
        return matcher(pattern, value)
    return Match.MAYBE


def _has_condition(statement: dict[str, Any]) -> bool:
    """Return whether the statement has a Condition block, which ecslint cannot evaluate."""
    if "Condition" not in statement:
        return False
    condition = statement["Condition"]
    if is_unknown(condition):
        return True
    if isinstance(condition, dict):
        return len(condition) > 0
    return condition is not None
