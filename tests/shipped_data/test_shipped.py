"""The shipped data/ as the dashboard reads it: it loads without a problem, `python -m dashboard check` accepts it, and
every French cell and citation reads as French (tests/support/french.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.core.citations import all_citations
from dashboard.core.schema import SOURCE_COLUMNS
from tests.support import REPO, SHIPPED_DATA, french
from tests.support.rows import read_rows

# French columns of each data file (a source's titles and address in sources.csv, cited by id).
FRENCH_COLUMNS = {
    "countries": ("name_fr",),
    "engagements": ("description_fr",),
    "programs": ("name_fr", "about_fr", "canada_role_fr", "theme_fr"),
    "funding": ("period_fr", "name_fr"),
    "reasons": ("text_fr",),
    "sources": ("title_fr", "publisher_fr", "note_fr"),
}


def test_the_shipped_data_loads_without_errors_or_warnings(shipped_dataset):
    assert shipped_dataset.warnings == ()
    assert len(shipped_dataset.engagements) == len(read_rows(SHIPPED_DATA / "engagements.csv")) - 1
    assert set(shipped_dataset.engagements["iso3"]) <= set(shipped_dataset.countries.index)


def test_the_check_command_accepts_the_shipped_data():
    result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--data-dir", str(SHIPPED_DATA)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert ": OK: " in result.stdout and "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("table, column", [(t, c) for t, columns in FRENCH_COLUMNS.items() for c in columns])
def test_every_french_cell_of_the_data_reads_as_french(shipped_dataset, table, column):
    frame = getattr(shipped_dataset, table)
    faults = {f"{table}.csv:{line}: {problem}" for line, text in zip(frame["_line"], frame[column])
              for problem in french.problems(str(text))}
    assert sorted(faults) == []


def test_every_citation_reads_as_french_but_its_published_title(shipped_dataset):
    """Each source in French: publisher, date, note and the words around the address; a title the publisher gives
    only in English (or Spanish, German) is cited as published."""
    texts = [c.text() for c in all_citations(shipped_dataset.sources, "fr")]
    assert french.all_problems(texts) == []
    # Both languages cite the same documents, row by row.
    for table in ("engagements", "programs", "funding", "reasons"):
        frame = getattr(shipped_dataset, table)
        assert [len(c) for c in frame[SOURCE_COLUMNS["en"]]] == [len(c) for c in frame[SOURCE_COLUMNS["fr"]]]


def test_every_french_description_is_translated(shipped_dataset):
    rows = shipped_dataset.engagements
    assert not (rows["description_fr"] == rows["description_en"]).any()
