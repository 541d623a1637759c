"""Whether a model may lack network resources that its input declares.

A loader that leaves out a resource it cannot expand (a Terraform route whose ``count`` or
``for_each`` is not known, the resources of a module file it cannot parse) names the kind of
resource in ``Model.incomplete``. A left-out route, endpoint, rule or ACL entry would make a
working path look broken, so the path rules stay silent on such a model.
"""

from __future__ import annotations

from ecslint.model import NETWORK_KINDS, Model


def network_incomplete(model: Model) -> bool:
    """Return True when the loader noted that network resources may be missing."""
    return bool(model.incomplete & NETWORK_KINDS)
