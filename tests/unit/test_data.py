"""Tests for dashboard.core.load on copies of the fixture data with one file broken: every bad cell is reported as
file:line:column with what was expected. (The shipped data/ is checked by tests/shipped_data.)"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import __main__ as cli
from dashboard.core import geo, load, schema
from dashboard.core.problems import DataError, Problem
from tests.support import DATA, REPO
from tests.support.rows import read_rows, set_cell, write_rows

ENG = "engagements.csv"
# 1-based columns of engagements.csv, as its header lists them.
COLUMNS = ["id", "iso3", "category", "program", "role", "start_year", "end_year", "status", "amount_cad",
           "description_en", "description_fr", "sources", "confirmed"]
COL = {name: number for number, name in enumerate(COLUMNS, start=1)}


# --- helpers: a copy of the fixture data with one file broken ------------------------------------------------------

_SHAPES: dict[bytes, tuple] = {}


@pytest.fixture(autouse=True)
def reuse_parsed_geometries(monkeypatch):
    """Parsing the shapes is most of a load; these tests break CSVs only, so an unchanged GeoJSON is parsed once."""
    read = geo.read_geometries

    def cached(path: Path):
        if not path.is_file():
            return read(path)
        key = path.read_bytes()
        if key not in _SHAPES:
            _SHAPES[key] = read(path)
        shapes, problems = _SHAPES[key]
        return shapes, list(problems)

    monkeypatch.setattr(geo, "read_geometries", cached)

def line_of(data_dir: Path, row_id: str) -> int:
    """The physical line on which the row with this id starts (1-based), found in the file's own text."""
    for number, text in enumerate((data_dir / ENG).read_text(encoding="utf-8").split("\n"), start=1):
        if text.startswith(row_id + ","):
            return number
    raise AssertionError(f"{row_id} not found")


def problems_of(data_dir: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load.load(data_dir)
    return caught.value.problems


def errors_of(data_dir: Path) -> list[Problem]:
    return [p for p in problems_of(data_dir) if p.severity == "error"]


def single_error(data_dir: Path) -> Problem:
    errors = errors_of(data_dir)
    assert len(errors) == 1, [str(p) for p in errors]
    return errors[0]


def assert_problem(problem: Problem, file: str, line: int, column: int, *fragments: str) -> None:
    assert (problem.file, problem.line, problem.column) == (file, line, column), str(problem)
    assert "expected" in problem.message, str(problem)
    for fragment in fragments:
        assert fragment in problem.message, (fragment, str(problem))


# --- the fixture data --------------------------------------------------------------------------------------------

def test_the_fixture_data_loads_without_errors_or_warnings():
    dataset = load.load(DATA)
    assert dataset.warnings == ()
    assert len(dataset.engagements) == len(read_rows(DATA / ENG)) - 1
    assert set(dataset.engagements["iso3"]) <= set(dataset.countries.index)


def test_problem_str_is_file_line_column_message():
    assert str(Problem("engagements.csv", 12, 3, "category 'x' (expected one of a, b)")) == \
        "engagements.csv:12:3: category 'x' (expected one of a, b)"
    assert str(Problem("a.csv", 1, 1, "blank line skipped", "warning")) == "a.csv:1:1: warning: blank line skipped"


def test_problem_str_of_a_real_error(data_dir):
    set_cell(data_dir, "grsi-arg", "category", "grs")
    problem = single_error(data_dir)
    assert str(problem) == f"{ENG}:{problem.line}:{problem.column}: {problem.message}"
    assert re.fullmatch(r"engagements\.csv:\d+:\d+: .+", str(problem))


# --- header problems --------------------------------------------------------------------------------------------

def test_missing_column(data_dir):
    path = data_dir / ENG
    write_rows(path, [row[:-1] for row in read_rows(path)])
    assert_problem(single_error(data_dir), ENG, 1, COL["confirmed"], "missing column", "'confirmed'")


def test_extra_column(data_dir):
    path = data_dir / ENG
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["notes"]] + [row + [""] for row in rows[1:]])
    assert_problem(single_error(data_dir), ENG, 1, len(COLUMNS) + 1, "'notes'")


def test_renamed_header(data_dir):
    path = data_dir / ENG
    rows = read_rows(path)
    rows[0][COL["amount_cad"] - 1] = "amount"
    write_rows(path, rows)
    assert_problem(single_error(data_dir), ENG, 1, COL["amount_cad"], "'amount'", "'amount_cad'")


def test_semicolon_delimited_header(data_dir):
    path = data_dir / ENG
    text = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(";".join(COLUMNS) + "\n" + text[1], encoding="utf-8", newline="")
    assert_problem(single_error(data_dir), ENG, 1, 1, "semicolon")


def test_empty_file(data_dir):
    (data_dir / ENG).write_bytes(b"")
    assert_problem(single_error(data_dir), ENG, 1, 1, "empty", ",".join(COLUMNS))


def test_header_only(data_dir):
    (data_dir / ENG).write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    assert_problem(single_error(data_dir), ENG, 2, 1, "no data rows")


def test_missing_file(data_dir):
    (data_dir / ENG).unlink()
    problem = single_error(data_dir)
    assert problem.file == ENG
    assert "missing" in problem.message and "expected" in problem.message


# --- one bad cell -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("column, value, fragments", [
    ("iso3", "arg", ["'arg'", "three capital letters"]),
    ("iso3", " ARG", ["' ARG'", "three capital letters"]),
    ("category", "grs", ["'grs'", "mpdp, grsi, forum"]),
    ("role", "boss", ["'boss'", "member", "project-location"]),
    ("program", "XXX", ["'XXX'", "MPDP", "IOM"]),
    ("amount_cad", "lots", ["'lots'", "number"]),
    ("amount_cad", "-5", ["'-5'", "0 or more"]),
    ("sources", "", ["sources", "ids of sources.csv"]),
    ("sources", "S01; S06", ["'S01; S06'", "without spaces"]),
    ("confirmed", "Yes", ["'Yes'", "yes or no"]),
], ids=["lower-case-iso3", "padded-iso3", "category", "role", "program", "non-numeric-amount", "negative-amount",
        "empty-sources", "spaced-sources", "confirmed-capital"])
def test_bad_cell_is_located_and_explained(data_dir, column, value, fragments):
    set_cell(data_dir, "grsi-arg", column, value)
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL[column], *fragments)


def test_year_out_of_range_says_the_allowed_range(data_dir):
    set_cell(data_dir, "grsi-arg", "start_year", "1800")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["start_year"],
                   "'1800'", str(schema.YEAR_MIN), str(schema.YEAR_MAX))


def test_year_not_a_number_says_what_a_year_is(data_dir):
    set_cell(data_dir, "grsi-arg", "end_year", "20x9")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["end_year"],
                   "'20x9'", str(schema.YEAR_MIN), str(schema.YEAR_MAX))


def test_end_year_before_start_year(data_dir):
    set_cell(data_dir, "grsi-arg", "start_year", "2014")
    set_cell(data_dir, "grsi-arg", "end_year", "2010")
    problem = single_error(data_dir)
    # The fault lies in the year pair: the report must point at one of those two cells, not at the row's id.
    assert (problem.file, problem.line) == (ENG, line_of(data_dir, "grsi-arg")), str(problem)
    assert problem.column in (COL["start_year"], COL["end_year"]), str(problem)
    assert "2010" in problem.message and "2014" in problem.message
    assert "expected" in problem.message, str(problem)


def test_formula_cell_is_refused(data_dir):
    set_cell(data_dir, "grsi-arg", "description_en", '=HYPERLINK("x")')
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["description_en"],
                   "formula", "HYPERLINK")


def test_unknown_iso3(data_dir):
    set_cell(data_dir, "grsi-arg", "iso3", "XYZ")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["iso3"],
                   "'XYZ'", "countries.csv")


def test_program_does_not_match_category(data_dir):
    set_cell(data_dir, "grsi-arg", "program", "IGC")  # IGC is a forum; the row says grsi
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["program"],
                   "'IGC'", "'forum'", "'grsi'")


def test_duplicate_id_names_the_first_line(data_dir):
    first = line_of(data_dir, "grsi-arg")
    second = line_of(data_dir, "grsi-nzl")
    set_cell(data_dir, "grsi-nzl", "id", "grsi-arg")
    assert_problem(single_error(data_dir), ENG, second, COL["id"], "'grsi-arg'", f"line {first}")


def test_row_with_too_few_fields(data_dir):
    path = data_dir / ENG
    rows = read_rows(path)
    (row,) = [r for r in rows if r[0] == "grsi-arg"]
    row.pop()
    write_rows(path, rows)
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), len(COLUMNS),
                   f"{len(COLUMNS) - 1} fields", str(len(COLUMNS)))


@pytest.mark.parametrize("status, start, end, expected", [
    ("completed", "2017", "", "an end_year before 2019"),
    ("active", "2020", "", "start_year 2019 or before"),
    ("active", "2014", "2018", "start_year 2019 or before and end_year 2019 or later"),
    ("planned", "2017", "", "start_year and end_year 2019 or later"),
], ids=["completed-without-an-end", "active-starting-later", "active-ended-before", "planned-started-before"])
def test_a_status_that_does_not_fit_the_years_as_of_status_as_of(data_dir, status, start, end, expected):
    set_cell(data_dir, "grsi-arg", "status", status)
    set_cell(data_dir, "grsi-arg", "start_year", start)
    set_cell(data_dir, "grsi-arg", "end_year", end)
    problem = single_error(data_dir)
    assert_problem(problem, ENG, line_of(data_dir, "grsi-arg"), COL["status"])
    assert f"status '{status}' as of 2019" in problem.message and f"(expected {expected}" in problem.message


@pytest.mark.parametrize("status, start, end", [("unknown", "2020", "2021"), ("planned", "", ""),
                                                ("completed", "2010", "2018"), ("active", "", "")])
def test_statuses_that_fit_the_years_load(data_dir, status, start, end):
    for column, value in (("status", status), ("start_year", start), ("end_year", end)):
        set_cell(data_dir, "grsi-arg", column, value)
    assert load.load(data_dir).engagements.set_index("id").at["grsi-arg", "status"] == status


def test_status_as_of_follows_metadata(data_dir):
    """Moving the reference year moves what every status must mean: 2017's view makes the 2019 rows planned."""
    path = data_dir / "metadata.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("status_as_of,2019", "status_as_of,2017"),
                    encoding="utf-8")
    problems = errors_of(data_dir)
    assert problems and all(p.column == COL["status"] and "as of 2017" in p.message for p in problems)
    assert line_of(data_dir, "grsi-deu") in {p.line for p in problems}  # NesT, active from 2019


@pytest.mark.parametrize("value", ["", "2019.0", "19", "two thousand"])
def test_status_as_of_must_be_a_year(data_dir, value):
    path = data_dir / "metadata.csv"
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("status_as_of,")]
    path.write_text("\n".join([*lines[:-1], f"status_as_of,{value}" if value else "", ""]), encoding="utf-8")
    problem = single_error(data_dir)
    assert (problem.file, problem.column) == ("metadata.csv", 2)
    assert "status_as_of" in problem.message and "expected" in problem.message


def test_bad_date_modified_points_at_its_row(data_dir):
    (data_dir / "metadata.csv").write_text("key,value\nsource_document_year,2019\ndate_modified,2026-13-01\n"
                                           "status_as_of,2019\n",
                                           encoding="utf-8")
    assert_problem(single_error(data_dir), "metadata.csv", 3, 2, "YYYY-MM-DD")


# --- the file's text: quoting, blank lines, encodings ------------------------------------------------------------

def test_unbalanced_quote_in_a_row(data_dir):
    path = data_dir / ENG
    line = line_of(data_dir, "grsi-arg")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert '2017.",S01;S03;S04,yes' in lines[line - 1]  # the French description's closing quote
    lines[line - 1] = lines[line - 1].replace('2017.",S01', "2017.,S01", 1)
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    assert_problem(single_error(data_dir), ENG, line, 1, "quote")


def test_unclosed_quote_is_reported_where_it_opens(data_dir):
    path = data_dir / ENG
    text = path.read_text(encoding="utf-8")
    opened = text.count("\n") + 1
    text += ('x-a,ARG,grsi,GRSI,member,,,active,,"never closed,b,c,yes\n'
             "x-b,ARG,grsi,GRSI,member,,,active,,a,b,c,yes\n"
             "x-c,ARG,grsi,GRSI,member,,,active,,a,b,c,yes\n")
    path.write_text(text, encoding="utf-8", newline="")
    # The quote opens on the first added line; the lines below it are fine: a report at the end of the file
    # sends the person to the wrong row.
    assert_problem(single_error(data_dir), ENG, opened, 1)


def test_multi_line_description_keeps_physical_line_numbers(data_dir):
    set_cell(data_dir, "grsi-arg", "description_en", "First line\nsecond line\nthird line")
    set_cell(data_dir, "grsi-nzl", "iso3", "nzl")
    arg, nzl = line_of(data_dir, "grsi-arg"), line_of(data_dir, "grsi-nzl")
    assert nzl == arg + 3  # the row after a three-line cell starts three physical lines down
    assert_problem(single_error(data_dir), ENG, nzl, COL["iso3"], "'nzl'")


def test_multi_line_description_keeps_line_numbers_of_cross_file_checks(data_dir):
    set_cell(data_dir, "grsi-arg", "description_en", "First line\nsecond line")
    set_cell(data_dir, "grsi-irl", "iso3", "XYZ")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-irl"), COL["iso3"], "'XYZ'")


def test_multi_line_description_loads_with_its_line(data_dir):
    set_cell(data_dir, "grsi-arg", "description_en", "First line\nsecond line")
    dataset = load.load(data_dir)
    lines = dict(zip(dataset.engagements["id"], dataset.engagements["_line"]))
    assert lines["grsi-arg"] == line_of(data_dir, "grsi-arg")
    assert lines["grsi-nzl"] == line_of(data_dir, "grsi-nzl") == lines["grsi-arg"] + 2
    assert dataset.engagements.set_index("id").at["grsi-arg", "description_en"] == "First line\nsecond line"


def test_two_bad_rows_give_two_problems_in_line_order(data_dir):
    set_cell(data_dir, "grsi-irl", "category", "zzz")
    set_cell(data_dir, "grsi-arg", "role", "boss")
    errors = errors_of(data_dir)
    assert [(p.line, p.column) for p in errors] == [
        (line_of(data_dir, "grsi-arg"), COL["role"]), (line_of(data_dir, "grsi-irl"), COL["category"])]
    assert "'boss'" in errors[0].message and "'zzz'" in errors[1].message


def test_problems_in_two_files_are_all_reported(data_dir):
    set_cell(data_dir, "grsi-arg", "role", "boss")
    funding = read_rows(data_dir / "funding.csv")
    amount = funding[0].index("amount_cad")
    funding[1][amount] = "lots"  # the first data row, on line 2
    write_rows(data_dir / "funding.csv", funding)
    errors = errors_of(data_dir)
    assert [(p.file, p.line, p.column) for p in errors] == [
        (ENG, line_of(data_dir, "grsi-arg"), COL["role"]), ("funding.csv", 2, amount + 1)]
    assert "'lots'" in errors[1].message and "expected" in errors[1].message


def test_utf8_bom_loads_with_a_warning(data_dir):
    path = data_dir / ENG
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    dataset = load.load(data_dir)
    assert [(w.file, w.line, w.column, w.severity) for w in dataset.warnings] == [(ENG, 1, 1, "warning")]
    assert "byte order mark" in dataset.warnings[0].message
    assert list(dataset.engagements.columns[:2]) == ["id", "iso3"]  # the BOM did not stick to the first header
    assert len(dataset.engagements) == len(read_rows(DATA / ENG)) - 1


def test_windows_1252_file_loads_with_a_warning_and_decodes_french(data_dir):
    path = data_dir / ENG
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))  # every character of the file exists in Windows-1252
    dataset = load.load(data_dir)
    assert len(dataset.warnings) == 1
    warning = dataset.warnings[0]
    assert (warning.file, warning.severity) == (ENG, "warning")
    assert "Windows-1252" in warning.message and "expected" in warning.message
    first_accent = min(i for i, ch in enumerate(text) if ord(ch) > 127)
    assert warning.line == text[:first_accent].count("\n") + 1
    assert warning.column == first_accent - (text.rfind("\n", 0, first_accent) + 1) + 1
    arg = dataset.engagements.set_index("id").loc["grsi-arg"]
    assert arg["description_fr"] == read_rows(DATA / ENG)[line_of(DATA, "grsi-arg") - 1][COL["description_fr"] - 1]
    assert "créé" in arg["description_fr"] and "Disposición" in arg["description_en"]


def test_blank_line_in_the_middle_loads_with_a_warning(data_dir):
    path = data_dir / ENG
    nzl = line_of(data_dir, "grsi-nzl")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(nzl - 1, "")  # the blank line takes grsi-nzl's place; grsi-nzl moves one line down
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    dataset = load.load(data_dir)
    assert [(w.file, w.line, w.column) for w in dataset.warnings] == [(ENG, nzl, 1)]
    assert "blank" in dataset.warnings[0].message
    assert dict(zip(dataset.engagements["id"], dataset.engagements["_line"]))["grsi-nzl"] == nzl + 1
    assert len(dataset.engagements) == len(read_rows(DATA / ENG)) - 1


def test_error_after_a_blank_line_carries_its_physical_line(data_dir):
    set_cell(data_dir, "grsi-irl", "category", "zzz")
    path = data_dir / ENG
    nzl = line_of(data_dir, "grsi-nzl")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(nzl - 1, "")
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-irl"), COL["category"], "'zzz'")


def test_data_without_any_known_year_is_loaded_or_refused_cleanly(data_dir):
    path = data_dir / ENG
    rows = read_rows(path)
    for row in rows[1:]:
        row[COL["start_year"] - 1] = row[COL["end_year"] - 1] = ""
    write_rows(path, rows)
    # Blank years are valid cells; the loader must not crash on them (no bare TypeError from deriving bounds).
    try:
        dataset = load.load(path.parent)
    except DataError:
        return
    first, last = dataset.year_bounds
    assert schema.YEAR_MIN <= first <= last <= schema.YEAR_MAX


# --- python -m dashboard check ----------------------------------------------------------------------------------

def run_check(data_dir: Path) -> subprocess.CompletedProcess:
    """`python -m dashboard check` run in this process (its own process: the last test of this file)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["check", "--data-dir", str(data_dir)])
    return subprocess.CompletedProcess(["check"], code, stdout.getvalue(), stderr.getvalue())


def test_check_command_accepts_the_fixture_data():
    result = run_check(DATA)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(".") and ": OK: 49 engagements, 25 countries, 37 sources" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_command_on_broken_data(data_dir):
    set_cell(data_dir, "grsi-arg", "role", "boss")
    set_cell(data_dir, "grsi-irl", "category", "zzz")
    result = run_check(data_dir)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    located = re.findall(r"^(engagements\.csv):(\d+):(\d+): (.+)$", result.stderr, flags=re.MULTILINE)
    assert [(f, int(l), int(c)) for f, l, c, _ in located] == [
        (ENG, line_of(data_dir, "grsi-arg"), COL["role"]), (ENG, line_of(data_dir, "grsi-irl"), COL["category"])]
    assert "OK" not in result.stdout


def test_check_command_without_years_prints_no_traceback(data_dir):
    path = data_dir / ENG
    rows = read_rows(path)
    for row in rows[1:]:
        row[COL["start_year"] - 1] = row[COL["end_year"] - 1] = ""
    write_rows(path, rows)
    result = run_check(data_dir)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]


# --- sources: every cited id known, every source cited, every confirmed row followable ---------------------------

def test_unknown_source_id_is_located(data_dir):
    set_cell(data_dir, "grsi-arg", "sources", "S01;S03;S04;S99")
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "grsi-arg"), COL["sources"],
                   "'S99'", "sources.csv")


def test_a_source_no_row_cites_is_refused(data_dir):
    # S09 is cited by grsi-deu alone: citing S01 instead leaves it uncited.
    set_cell(data_dir, "grsi-deu", "sources", "S01")
    problem = single_error(data_dir)
    rows = read_rows(data_dir / "sources.csv")
    line = [number for number, row in enumerate(rows, start=1) if row[0] == "S09"][0]
    assert_problem(problem, "sources.csv", line, 1, "'S09'", "cited by no row")


def _without_address(data_dir: Path, source_id: str) -> int:
    rows = read_rows(data_dir / "sources.csv")
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == source_id]
    for column, value in {"url_en": "", "address_en": "not-found", "url_fr": "", "address_fr": ""}.items():
        row[header.index(column)] = value
    write_rows(data_dir / "sources.csv", rows)
    return rows.index(row) + 1


def test_a_confirmed_row_whose_sources_have_no_address_is_refused(data_dir):
    _without_address(data_dir, "S16a")  # the only source of gfmd-che-secretariat, a confirmed row
    assert_problem(single_error(data_dir), ENG, line_of(data_dir, "gfmd-che-secretariat"), COL["sources"],
                   "confirmed", "no source with an address", "S16a")


def test_an_unconfirmed_row_may_cite_a_source_without_an_address(data_dir):
    _without_address(data_dir, "S21")  # the MPDP rows of Guatemala, El Salvador and Honduras: not confirmed
    assert pd.isna(load.load(data_dir).sources.at["S21", "url_en"])


def test_an_address_and_how_it_was_read_must_agree(data_dir):
    rows = read_rows(data_dir / "sources.csv")
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == "S09"]
    row[header.index("address_en")] = "not-found"
    write_rows(data_dir / "sources.csv", rows)
    assert_problem(single_error(data_dir), "sources.csv", rows.index(row) + 1, header.index("address_en") + 1,
                   "address_en 'not-found'", "seen or copy")


def test_a_source_address_must_be_a_web_address(data_dir):
    rows = read_rows(data_dir / "sources.csv")
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == "S09"]
    row[header.index("url_en")] = "javascript:alert(1)"
    write_rows(data_dir / "sources.csv", rows)
    assert_problem(single_error(data_dir), "sources.csv", rows.index(row) + 1, header.index("url_en") + 1,
                   "https://")


def test_check_command_names_an_unknown_source_with_file_line_column(data_dir):
    set_cell(data_dir, "grsi-arg", "sources", "S01;S03;S04;S99")
    result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--data-dir", str(data_dir)],
                            capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode != 0
    assert f"engagements.csv:{line_of(data_dir, 'grsi-arg')}:{COL['sources']}: source 'S99'" in result.stdout + \
        result.stderr
