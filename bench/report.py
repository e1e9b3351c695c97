"""Write the tables of docs/performance.md from bench/'s output.

    python bench/report.py            (after make bench, python bench/exports.py, python bench/memory.py)

Each bench writes a JSON file to bench/out/ holding "tables", a list of {"title", "note", "columns", "rows"} (every
cell a string), and "meta", {"command", "date", "seconds", "load_before", "load_after"}: bench/run.py results.json,
bench/exports.py exports.json, bench/memory.py memory.json. This writes each file's tables, in order, each with its
note, then the run's command, date, duration and load average, into that file's block of the page (between
`<!-- BEGIN name -->` and `<!-- END name -->`); what the page says around the blocks (what is measured, and how) is
written by hand. A file that is not there leaves its block as it was, and says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.docs import write_block  # noqa: E402

OUT = REPO / "bench" / "out"
PAGE = REPO / "docs" / "performance.md"
BLOCKS = (("bench-run", "results.json"), ("bench-exports", "exports.json"), ("bench-memory", "memory.json"))


class BadResults(ValueError):
    """A results file without the tables and meta this page is written from."""


def cell(value: object) -> str:
    """A value as one Markdown table cell: no line break, no bare column separator."""
    return " ".join(str(value).split()).replace("|", "\\|")


def table_markdown(table: dict) -> str:
    """One table: its title as a heading, its note, then the table."""
    columns = table["columns"]
    lines = []
    if table.get("title"):
        lines += [f"### {cell(table['title'])}", ""]
    if table.get("note"):
        lines += [" ".join(table["note"].split()), ""]
    lines += ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table["rows"]]
    return "\n".join(lines) + "\n"


def meta_markdown(meta: dict) -> str:
    """The line that says which run the tables are from."""
    machine = f" on {meta['machine']}" if meta.get("machine") else ""
    return (f"*From `{meta['command']}`{machine}, {meta['date']}: {float(meta['seconds']):,.0f} s, load average "
            f"{meta['load_before']} before and {meta['load_after']} after.*\n")


def check(results: dict, source: str) -> None:
    """Raise BadResults naming the file and the part that is not as the page needs it."""
    if not isinstance(results.get("tables"), list) or not isinstance(results.get("meta"), dict):
        raise BadResults(f"{source}: no \"tables\" list and \"meta\" object (written by an older bench? run it again)")
    missing = {"command", "date", "seconds", "load_before", "load_after"} - set(results["meta"])
    if missing:
        raise BadResults(f"{source}: meta lacks {', '.join(sorted(missing))}")
    for number, table in enumerate(results["tables"], 1):
        if not isinstance(table, dict) or not isinstance(table.get("columns"), list) or not table["columns"]:
            raise BadResults(f"{source}: table {number} has no columns")
        for row_number, row in enumerate(table.get("rows", []), 1):
            if not isinstance(row, list) or len(row) != len(table["columns"]):
                raise BadResults(f"{source}: table {number} ({table.get('title', '')!r}), row {row_number}: "
                                 f"expected {len(table['columns'])} cells, one per column")


def render(results: dict, source: str = "results") -> str:
    """Every table of one bench's results, in order, then the run's meta line."""
    check(results, source)
    return "\n".join(table_markdown(table) for table in results["tables"]) + "\n" + meta_markdown(results["meta"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the benches' JSON files (default bench/out)")
    parser.add_argument("--page", type=Path, default=PAGE, help="page to write (default docs/performance.md)")
    args = parser.parse_args(argv)
    status = 0
    for name, filename in BLOCKS:
        path = args.out / filename
        if not path.is_file():
            print(f"{name}: {path} not found; block left as it was")
            continue
        try:
            body = render(json.loads(path.read_text(encoding="utf-8")), str(path))
        except json.JSONDecodeError as err:
            print(f"{name}: {path}:{err.lineno}:{err.colno}: not JSON ({err.msg}); block left as it was",
                  file=sys.stderr)
            status = 1
            continue
        except BadResults as err:
            print(f"{name}: {err}; block left as it was", file=sys.stderr)
            status = 1
            continue
        changed = write_block(args.page, name, body)
        print(f"{name}: {'written from' if changed else 'already as in'} {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
