"""Locate the shared corpus and cases that sit beside the repository in CI.

Tests that read them skip, with this reason, in a clone where they are absent. The
``ECSLINT_SHARED`` environment variable names another folder holding ``corpus`` and ``cases``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# ECSLINT_SHARED points at the folder elsewhere; by default it sits beside the repository.
SHARED = Path(
    os.environ.get("ECSLINT_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared"
)
CORPUS = SHARED / "corpus"
CASES = SHARED / "cases"

requires_shared = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus is not beside the repository (looked for {CORPUS})",
)
