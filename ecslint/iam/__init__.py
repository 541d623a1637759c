"""IAM policy evaluation: may a role perform an action on a resource?

``evaluate`` answers one question, ``missing_actions`` several. ``role_documents`` collects a
role's policy documents with its AWS managed policies expanded.
"""

from ecslint.iam.evaluate import Decision, evaluate, missing_actions
from ecslint.iam.managed import (
    ManagedPolicy,
    find_managed_policy,
    resolve_managed_policy,
    role_documents,
)
from ecslint.iam.match import Match, match_action, match_resource

__all__ = [
    "Decision",
    "ManagedPolicy",
    "Match",
    "evaluate",
    "find_managed_policy",
    "match_action",
    "match_resource",
    "missing_actions",
    "resolve_managed_policy",
    "role_documents",
]
