"""CSV rows of a data file, read and written as a spreadsheet would (for tests that break one cell)."""

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
