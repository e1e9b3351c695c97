"""CSV rows of a data file, read and written as a spreadsheet would, and one engagement row edited in place."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return buffer.getvalue()


def edited(data_dir: Path, row_id: str, column: str, value: str, **more: str) -> str:
    """The text of data_dir's engagements.csv with cells of one row changed (the file itself untouched)."""
    rows = read_rows(data_dir / "engagements.csv")
    (row,) = [r for r in rows[1:] if r[0] == row_id]
    for name, cell in {column: value, **more}.items():
        row[rows[0].index(name)] = cell
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def set_cell(data_dir: Path, row_id: str, column: str, value: str, **more: str) -> None:
    """Change cells of one engagement row in a single save (several edits saved at once are one version)."""
    (data_dir / "engagements.csv").write_text(edited(data_dir, row_id, column, value, **more), encoding="utf-8",
                                              newline="")
