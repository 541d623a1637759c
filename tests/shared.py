"""Locate the shared corpus and cases that sit beside the repository in CI.

Tests that read them skip, with this reason, in a clone where they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
CASES = SHARED / "cases"

requires_shared = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus is not beside the repository (looked for {CORPUS})",
)
