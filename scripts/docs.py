"""Write the options table of docs/deployment.md from the settings' one definition (dashboard/settings.py).

    python scripts/docs.py            write it
    python scripts/docs.py --check    exit 1 when the page and the code disagree (what the unit test checks)

The performance page's tables are bench/'s: `python bench/report.py` writes them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashboard.settings import options_table  # noqa: E402
from tests.support.docs import block, write_block  # noqa: E402

PAGE = REPO / "docs" / "deployment.md"
BLOCK = "options"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the page is out of date")
    args = parser.parse_args(argv)
    if args.check:
        if block(PAGE.read_text(encoding="utf-8"), BLOCK) != options_table():
            print(f"{PAGE.relative_to(REPO)}: the options table is not the settings'; run python scripts/docs.py",
                  file=sys.stderr)
            return 1
        return 0
    changed = write_block(PAGE, BLOCK, options_table())
    print(f"{PAGE.relative_to(REPO)}: options table {'written' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
