"""AWS managed policies stored with ecslint, and the expansion of a role's policies to documents.

The documents live in ``ecslint/data/managed_policies.json``, each with the URL it was read from
and the date. A managed policy that is not in that file, or a customer managed policy attached
by ARN, is unknown: its document becomes ``Unknown`` so the evaluator returns UNKNOWN instead
of guessing.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ecslint.model.iam import Role
from ecslint.model.values import Unknown, is_unknown

__all__ = ["ManagedPolicy", "find_managed_policy", "resolve_managed_policy", "role_documents"]

_DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "managed_policies.json"

# arn:PARTITION:iam::aws:policy/[service-role/]NAME. CloudFormation templates often write the
# partition as ${AWS::Partition}. The service-role/ path is optional here because templates
# sometimes drop it, although IAM accepts only the policy's real path.
_MANAGED_POLICY_ARN = re.compile(
    r"arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::aws:policy/"
    r"(?:service-role/)?(?P<name>[\w+=,.@-]+)"
)


@dataclass(frozen=True)
class ManagedPolicy:
    """One entry of the managed-policy data file."""

    name: str
    arn: str
    document: dict[str, Any]
    source: str
    retrieved: str
    version: str | None = None
    partial: bool = False
    """True when the stored text is older or shorter than the policy's current version."""


def find_managed_policy(arn: Any) -> ManagedPolicy | None:
    """Return the stored entry for an AWS managed policy ARN, or None if it is not known.

    Any partition is accepted (``aws``, ``aws-cn``, ``aws-us-gov`` or ``${AWS::Partition}``),
    with or without the ``service-role/`` path.
    """
    if not isinstance(arn, str):
        return None
    found = _MANAGED_POLICY_ARN.fullmatch(arn.strip())
    if found is None:
        return None
    return _load_catalog().get(found.group("name"))


def resolve_managed_policy(arn: Any) -> dict[str, Any] | None:
    """Return the document of an AWS managed policy, or None if the ARN is not a known one.

    The caller gets its own copy. For a partial entry, the copy ends with one more statement, a
    conditional Allow of every action, so that a permission the stored text lacks evaluates to
    UNKNOWN rather than NOT_ALLOWED. An Allow is enough because AWS documents that services
    do not remove permissions from an AWS managed policy when they update it.
    """
    policy = find_managed_policy(arn)
    if policy is None:
        return None
    document = copy.deepcopy(policy.document)
    if policy.partial:
        document["Statement"].append(_unlisted_permissions(policy))
    return document


def role_documents(role: Role) -> list[Any]:
    """Return every policy document of a role, ready for ``evaluate``.

    These are the inline and customer managed documents, then the AWS managed ones. A managed
    policy ARN that cannot be resolved, and the policies that the loader could not see
    (``role.complete`` is False), each add one ``Unknown`` document.
    """
    documents: list[Any] = list(role.policies)
    for arn in role.managed_policy_arns:
        document = None if is_unknown(arn) else resolve_managed_policy(arn)
        if document is None:
            document = Unknown(f"the managed policy {arn!r} is not known to ecslint")
        documents.append(document)
    if not role.complete:
        documents.append(Unknown("the role has policies attached outside the scanned files"))
    return documents


def _unlisted_permissions(policy: ManagedPolicy) -> dict[str, Any]:
    return {
        "Sid": "EcslintUnlistedPermissions",
        "Effect": "Allow",
        "Action": "*",
        "Resource": "*",
        "Condition": Unknown(f"{policy.name} may allow more than its stored {policy.version}"),
    }


@cache
def _load_catalog() -> dict[str, ManagedPolicy]:
    """Read the data file once and index its entries by policy name."""
    with _DATA_FILE.open(encoding="utf-8") as data:
        entries = json.load(data)["policies"]
    return {entry["name"]: _to_policy(entry) for entry in entries}


def _to_policy(entry: dict[str, Any]) -> ManagedPolicy:
    return ManagedPolicy(
        name=entry["name"],
        arn=entry["arn"],
        document=entry["document"],
        source=entry["source"],
        retrieved=entry["retrieved"],
        version=entry.get("version"),
        partial=entry.get("partial", False),
    )


def unknown_policy_notes(roles: list[Role]) -> list[tuple[Any, str]]:
    """Return a ``--show-unknown`` note for each attached policy whose document is not known."""
    notes = []
    for role in roles:
        for arn in role.managed_policy_arns:
            if isinstance(arn, str) and find_managed_policy(arn) is None:
                notes.append(
                    (
                        role.location,
                        f"{role.name}: the policy {arn} is not in ecslint's list of managed "
                        "policies, so what it allows is unknown",
                    )
                )
    return notes
