"""Wildcard matching of IAM actions and resource ARNs, with a three-valued result.

IAM matches ``*`` against any run of characters and ``?`` against exactly one character. In a
resource ARN both wildcards can span ``:`` and ``/``. Actions compare case-insensitively and
resources case-sensitively. A string with a deploy-time placeholder may or may not match, so
the functions here return a ``Match`` instead of a bool.

The CloudFormation pseudo parameters ``${AWS::Region}``, ``${AWS::AccountId}``,
``${AWS::Partition}`` and ``${AWS::URLSuffix}`` are symbols: a pattern that contains one matches
a value that contains the same symbol at the same place. Any other placeholder is opaque and is
covered only by a ``*`` in the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from ecslint.model.values import has_placeholder

__all__ = ["Match", "all_of", "any_of", "match_action", "match_resource"]


class Match(Enum):
    """The result of matching a pattern when parts of the strings may be unknown."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"

    def negate(self) -> Match:
        """Return the result for ``NotAction`` and ``NotResource``, which swaps YES and NO."""
        if self is Match.YES:
            return Match.NO
        if self is Match.NO:
            return Match.YES
        return Match.MAYBE


def any_of(matches: Iterable[Match]) -> Match:
    """Combine with OR: YES if one is YES, else MAYBE if one is MAYBE, else NO (also when empty)."""
    found = set(matches)
    if Match.YES in found:
        return Match.YES
    if Match.MAYBE in found:
        return Match.MAYBE
    return Match.NO


def all_of(matches: Iterable[Match]) -> Match:
    """Combine with AND: NO if one is NO, else MAYBE if one is MAYBE, else YES (also when empty)."""
    found = set(matches)
    if Match.NO in found:
        return Match.NO
    if Match.MAYBE in found:
        return Match.MAYBE
    return Match.YES


def match_action(pattern: str, action: str) -> Match:
    """Match an IAM action pattern such as ``ecr:Get*`` against an action, ignoring case."""
    return _match(pattern, action, ignore_case=True)


def match_resource(pattern: str, resource: str) -> Match:
    """Match an IAM resource pattern against a resource ARN, case-sensitively.

    ``*`` and ``?`` in ``resource`` are literal characters, so the request resource ``"*"`` (used
    for actions without resource-level permissions) matches only the pattern ``*``.
    """
    return _match(pattern, resource, ignore_case=False)


# Token kinds. A pattern's IAM wildcards become "star" and "any" tokens. A pseudo parameter
# becomes a "symbol" token, and any other placeholder an "opaque" token.
_LITERAL, _ANY, _STAR, _SYMBOL, _OPAQUE = "literal", "any", "star", "symbol", "opaque"

# The same placeholder forms that ecslint.model.values.has_placeholder finds.
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|<[A-Za-z_][A-Za-z0-9_.-]*>|#\{[^}]*\}")

_PSEUDO_PARAMETERS = frozenset(
    {"${AWS::Region}", "${AWS::AccountId}", "${AWS::Partition}", "${AWS::URLSuffix}"}
)

# Characters that no value of a token kind contains. Region, account ID, partition and URL
# suffix values (us-east-1, 123456789012, aws-cn, amazonaws.com) never contain ":" or "/".
_EXCLUDED = {_STAR: "", _OPAQUE: "", _SYMBOL: ":/"}


class _Token(NamedTuple):
    kind: str
    text: str


def _match(pattern: str, value: str, *, ignore_case: bool) -> Match:
    if not has_placeholder(pattern) and not has_placeholder(value):
        return Match.YES if _glob(pattern, ignore_case).fullmatch(value) else Match.NO

    pattern_tokens = _tokenize(pattern, wildcards=True, ignore_case=ignore_case)
    value_tokens = _tokenize(value, wildcards=False, ignore_case=ignore_case)
    if _definitely_matches(pattern_tokens, value_tokens):
        return Match.YES
    if _possibly_matches(pattern_tokens, value_tokens):
        return Match.MAYBE
    return Match.NO


@lru_cache(maxsize=2048)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """Compile an IAM wildcard pattern without placeholders to a regular expression."""
    wildcards = {"*": ".*", "?": "."}
    parts = [wildcards.get(char) or re.escape(char) for char in pattern]
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts), flags)


def _tokenize(text: str, *, wildcards: bool, ignore_case: bool) -> tuple[_Token, ...]:
    """Split ``text`` into single characters and whole placeholders."""
    tokens: list[_Token] = []
    position = 0
    for found in _PLACEHOLDER.finditer(text):
        tokens.extend(_plain_tokens(text[position : found.start()], wildcards, ignore_case))
        kind = _SYMBOL if found.group() in _PSEUDO_PARAMETERS else _OPAQUE
        tokens.append(_Token(kind, found.group()))
        position = found.end()
    tokens.extend(_plain_tokens(text[position:], wildcards, ignore_case))
    return tuple(tokens)


def _plain_tokens(text: str, wildcards: bool, ignore_case: bool) -> list[_Token]:
    if ignore_case:
        text = text.lower()
    if not wildcards:
        return [_Token(_LITERAL, char) for char in text]
    kinds = {"*": _STAR, "?": _ANY}
    return [_Token(kinds.get(char, _LITERAL), char) for char in text]


def _fill_table(
    pattern: tuple[_Token, ...],
    value: tuple[_Token, ...],
    cell: Callable[[list[list[bool]], int, int], bool],
) -> bool:
    """Fill a dynamic-programming table from the ends of both strings and return its origin.

    ``table[i][j]`` is the result for ``pattern[i:]`` and ``value[j:]``. The table is
    filled iteratively because ARNs can be long enough to overflow a recursive matcher.
    """
    table = [[False] * (len(value) + 1) for _ in range(len(pattern) + 1)]
    for i in range(len(pattern), -1, -1):
        for j in range(len(value), -1, -1):
            table[i][j] = cell(table, i, j)
    return table[0][0]


def _definitely_matches(pattern: tuple[_Token, ...], value: tuple[_Token, ...]) -> bool:
    """Return True when the pattern matches the value whatever the placeholders stand for.

    ``*`` covers any tokens, a symbol matches only the same symbol, and an opaque placeholder
    in the pattern matches nothing, because its value is not known.
    """

    def cell(table: list[list[bool]], i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(value)
        token = pattern[i]
        if token.kind == _STAR:
            return table[i + 1][j] or (j < len(value) and table[i][j + 1])
        if j == len(value):
            return False
        other = value[j]
        if token.kind == _ANY:
            return other.kind == _LITERAL and table[i + 1][j + 1]
        if token.kind in (_LITERAL, _SYMBOL):
            return other == token and table[i + 1][j + 1]
        return False

    return _fill_table(pattern, value, cell)


def _possibly_matches(pattern: tuple[_Token, ...], value: tuple[_Token, ...]) -> bool:
    """Return False only when no values of the placeholders can make the pattern match.

    Every placeholder is widened to a wildcard that stands for any text, less the characters in
    ``_EXCLUDED``, and the test is whether the two wildcard patterns have a string in common.
    The widening can only add matches, so a False result is safe.
    """

    def cell(table: list[list[bool]], i: int, j: int) -> bool:
        pattern_done, value_done = i == len(pattern), j == len(value)
        if pattern_done and value_done:
            return True
        if not pattern_done and _is_wildcard(pattern[i]):
            if table[i + 1][j]:
                return True
            if not value_done and _absorbs(pattern[i], value[j]) and table[i][j + 1]:
                return True
        if not value_done and _is_wildcard(value[j]):
            if table[i][j + 1]:
                return True
            if not pattern_done and _absorbs(value[j], pattern[i]) and table[i + 1][j]:
                return True
        if pattern_done or value_done or _is_wildcard(pattern[i]) or _is_wildcard(value[j]):
            return False
        return _same_character(pattern[i], value[j]) and table[i + 1][j + 1]

    return _fill_table(pattern, value, cell)


def _is_wildcard(token: _Token) -> bool:
    return token.kind in _EXCLUDED


def _absorbs(wildcard: _Token, other: _Token) -> bool:
    """Return whether ``wildcard`` can match the single character that ``other`` matches."""
    if other.kind == _ANY:
        return True
    return other.kind == _LITERAL and other.text not in _EXCLUDED[wildcard.kind]


def _same_character(first: _Token, second: _Token) -> bool:
    return _ANY in (first.kind, second.kind) or first.text == second.text
