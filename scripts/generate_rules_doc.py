"""Write docs/rules.md and the README's rule table from the rule docstrings.

With --check, write nothing and exit 1 when either is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ecslint.docs import readme_with_table, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"


def main() -> int:
    wanted = {
        RULES_DOC: rules_markdown(),
        README: readme_with_table(README.read_text(encoding="utf-8")),
    }
    stale = [path for path, text in wanted.items() if _read(path) != text]
    if "--check" in sys.argv[1:]:
        for path in stale:
            print(f"{path} is out of date; run python scripts/generate_rules_doc.py")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    return 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
