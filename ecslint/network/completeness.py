"""Whether a model may lack network resources that its input declares.

The Terraform loader leaves out a resource whose ``count`` or ``for_each`` it cannot evaluate,
and every resource of a module file it cannot parse, and records each in ``Model.unknowns``. A
left-out route, endpoint, rule or ACL entry would make a working path look broken, so the path
rules stay silent on such a model.
"""

from __future__ import annotations

import re

from ecslint.model import Model

# Terraform resource types that add routes, endpoints, security group rules or ACL entries.
_NETWORK_ADDRESS = re.compile(
    r"\baws_(?:vpc|subnet|route|nat_gateway|internet_gateway|egress_only_internet_gateway"
    r"|security_group|network_acl|default_)\w*\."
)
# NOTE: these match the wording of the Terraform loader's notes; keep them in step with it.
_UNEXPANDED = "count or for_each is not known"
_WHOLE_FILES = ("module file:", "tfparse failed", "tfparse is not available")


def network_incomplete(model: Model) -> bool:
    """Return True when the loader noted that network resources may be missing."""
    for _, text in model.unknowns:
        if text.startswith(_WHOLE_FILES):
            return True
        if _UNEXPANDED in text and _NETWORK_ADDRESS.search(text):
            return True
    return False
