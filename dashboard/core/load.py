"""Read the data files against their row models, cross-check them, and report every problem as file:line:column."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from pathlib import Path

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from dashboard.core import citations, filtering, geo
from dashboard.core.problems import DataError, Problem
from dashboard.core.schema import (CITING_TABLES, GEOMETRY_FILE, PROGRAMS, SOURCE_COLUMNS, TABLES, YEAR_MAX, YEAR_MIN,
                                   EngagementRow, Row, status_mismatch)

MAX_FILE_BYTES = 20 * 1024 * 1024  # far above any real table here; stops a runaway file before it is parsed



@dataclasses.dataclass(frozen=True)
class CsvFile:
    name: str
    frame: pd.DataFrame  # validated rows, typed; column "_line" holds each row's line in the file
    problems: list[Problem]


def _decode(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Text of the file; a BOM or Windows-1252 (a spreadsheet's "CSV" save) is read, with a warning."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, 1, "file is UTF-16 text, as a spreadsheet's \"Unicode Text\" saves it "
                                          "(expected CSV UTF-8)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        warn = Problem(name, 1, 1, "file starts with a UTF-8 byte order mark; read anyway "
                                   "(expected UTF-8 without BOM)", "warning")
        raw_text, problems = _decode(name, raw[3:])
        return raw_text, [warn, *problems]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return None, [Problem(name, line, column, f"byte 0x{raw[err.start]:02x} is not UTF-8 text "
                                                       "(expected a file saved as CSV UTF-8)")]
        return text, [Problem(name, line, column, "file is not UTF-8; read as Windows-1252, as a spreadsheet saves it "
                                                  "(expected CSV UTF-8)", "warning")]


def _expected(model: type[Row], column: str) -> str:
    field = model.model_fields.get(column)
    return field.description if field is not None and field.description else ""


def _shorten(value: object, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def read_csv_file(path: Path, model: type[Row]) -> CsvFile:
    """Parse and validate one CSV; never raises for bad content, returns every problem instead."""
    name = path.name
    if not path.is_file():
        # The file's name, never the server's path: problems are shown in the page's banner and in /healthz.
        return CsvFile(name, pd.DataFrame(), [Problem(name, 1, 1, f"file is missing (expected {name} in the data "
                                                                  "folder)")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return CsvFile(name, pd.DataFrame(), [Problem(name, 1, 1, f"file is {size:,} bytes "
                                                                 f"(expected at most {MAX_FILE_BYTES:,})")])
    text, problems = _decode(name, path.read_bytes())
    if text is None:
        return CsvFile(name, pd.DataFrame(), problems)
    expected_header = list(model.model_fields)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not record or all(cell.strip() == "" for cell in record):
                if header is not None:
                    problems.append(Problem(name, start, 1, "blank line skipped", "warning"))
                continue
            if header is None:
                header = record
                header_line = start
            else:
                rows.append((start, record))
    except csv.Error as err:
        problems.append(Problem(name, line, 1, f"cannot read CSV: {err} "
                                                          "(expected fields in double quotes closed on each row)"))
        return CsvFile(name, pd.DataFrame(), problems)
    if header is None:
        problems.append(Problem(name, 1, 1, "file is empty (expected a header line: " + ",".join(expected_header) + ")"))
        return CsvFile(name, pd.DataFrame(), problems)
    header_problems = _check_header(name, header_line, header, expected_header)
    if header_problems:
        return CsvFile(name, pd.DataFrame(), problems + header_problems)
    if not rows:
        problems.append(Problem(name, header_line + 1, 1, "no data rows (expected at least one row below the header)"))
        return CsvFile(name, pd.DataFrame(), problems)

    records, good_lines = [], []
    for start, record in rows:
        if len(record) != len(header):
            problems.append(Problem(name, start, min(len(record), len(header)) + 1,
                                    f"row has {len(record)} fields (expected {len(header)}, one per header column)"))
            continue
        cell_problems = _check_cells(name, start, header, record)
        if cell_problems:
            problems.extend(cell_problems)
        records.append(dict(zip(header, record)))
        good_lines.append(start)
    validated, row_problems = _validate(name, model, records, good_lines, header)
    problems.extend(row_problems)
    frame = pd.DataFrame([r.model_dump() for r in validated.values()], columns=expected_header)
    frame["_line"] = list(validated.keys())
    return CsvFile(name, frame, problems)


def _check_header(name: str, line: int, header: list[str], expected: list[str]) -> list[Problem]:
    if len(header) == 1 and ";" in header[0]:
        return [Problem(name, line, 1, "header is separated by semicolons (expected commas: " + ",".join(expected) + ")")]
    problems = []
    for column, (got, want) in enumerate(zip(header, expected), start=1):
        if got != want:
            hint = " (check for spaces)" if got.strip() == want else ""
            problems.append(Problem(name, line, column, f"header {got!r} is not the expected column {want!r}{hint}"))
    for column in range(len(expected) + 1, len(header) + 1):
        problems.append(Problem(name, line, column, f"unexpected extra column {header[column - 1]!r} "
                                                    f"(expected only: {','.join(expected)})"))
    for column in range(len(header) + 1, len(expected) + 1):
        problems.append(Problem(name, line, column, f"missing column {expected[column - 1]!r} "
                                                    f"(expected: {','.join(expected)})"))
    return problems


def _check_cells(name: str, line: int, header: list[str], record: list[str]) -> list[Problem]:
    """Cells that a spreadsheet would run as a formula are refused: they may turn into links or commands."""
    problems = []
    for column, cell in enumerate(record, start=1):
        if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not _is_number(cell)):
            problems.append(Problem(name, line, column, f"{header[column - 1]} {_shorten(cell)} looks like a "
                                                        "spreadsheet formula (expected plain text not starting "
                                                        "with =, +, -, @, a tab or a carriage return)"))
    return problems


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _validate(name: str, model: type[Row], records: list[dict], lines: list[int], header: list[str]
              ) -> tuple[dict[int, Row], list[Problem]]:
    """Validate all rows in one pass (pydantic's Rust loop); map each error back to its line and column."""
    adapter = TypeAdapter(list[model])
    try:
        return dict(zip(lines, adapter.validate_python(records))), []
    except ValidationError as err:
        problems, bad = [], set()
        for error in err.errors(include_url=False):
            index, *rest = error["loc"]
            bad.add(index)
            column_name = str(rest[0]) if rest else None
            column = header.index(column_name) + 1 if column_name in header else 1
            value = records[index].get(column_name, "") if column_name else ""
            message = error["msg"].removeprefix("Value error, ")
            expected = _expected(model, column_name) if column_name else ""
            what = f"{column_name} {_shorten(value)}: " if column_name else ""
            problems.append(Problem(name, lines[index], column,
                                    f"{what}{message}" + (f" (expected {expected})" if expected else "")))
        good = [i for i in range(len(records)) if i not in bad]
        validated = adapter.validate_python([records[i] for i in good])
        return {lines[i]: row for i, row in zip(good, validated)}, problems


# --- the whole data set ----------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Dataset:
    """Validated tables, joined with the geometries; immutable so every request sees one consistent version."""

    countries: pd.DataFrame      # index iso3
    engagements: pd.DataFrame    # one row per engagement, with "_line"
    programs: pd.DataFrame       # index program
    funding: pd.DataFrame
    reasons: pd.DataFrame
    metadata: dict[str, str]
    sources: pd.DataFrame        # index id (sources.csv); every row above cites some in its `sources` (a tuple)
    geometry_bytes: bytes
    small_states: tuple[str, ...]
    year_bounds: tuple[int, int]
    version: str                 # a hash of every data file: what /healthz and the caches go by
    loaded_at: dt.datetime
    warnings: tuple[Problem, ...] = ()
    geometry_version: str = ""   # a hash of the shapes file alone: their URL keeps it while only a CSV changes
    files: tuple[tuple[str, bytes], ...] = ()  # each CSV file as validated: the data package's content

    @property
    def date_modified(self) -> dt.date:
        return dt.date.fromisoformat(self.metadata["date_modified"])

    @property
    def status_as_of(self) -> int:
        """The year every engagement's status describes (metadata.csv status_as_of)."""
        return int(self.metadata["status_as_of"])


def version_of(*contents: bytes) -> str:
    """The version of data: a hash of its bytes, by which /healthz, the caches, the reload's state folder and the
    shapes' and picture's addresses name it."""
    return hashlib.sha256(b"".join(contents)).hexdigest()[:12]


def content_version(data_dir: Path | str) -> str | None:
    """The version load() gives the files in data_dir, without reading them as tables; None when one cannot be
    read."""
    try:
        return version_of(*((Path(data_dir) / name).read_bytes() for name in (*TABLES, GEOMETRY_FILE)))
    except OSError:
        return None


def load(data_dir: Path | str) -> Dataset:
    """Load and cross-check every file in data_dir; raise DataError listing every problem found."""
    data_dir = Path(data_dir)
    tables = {name: read_csv_file(data_dir / name, model) for name, model in TABLES.items()}
    problems = [p for table in tables.values() for p in table.problems]
    geometry_path = data_dir / GEOMETRY_FILE
    shapes, geometry_problems = geo.read_geometries(geometry_path)
    problems.extend(geometry_problems)
    # Checks across rows and files run on the valid rows, so one run reports as much as can be known;
    # they need every file read (header and all) and the shapes.
    if len(shapes) and all(len(table.frame.columns) for table in tables.values()):
        problems.extend(_cross_check(tables, shapes))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(problems)
    metadata = dict(zip(tables["metadata.csv"].frame["key"], tables["metadata.csv"].frame["value"]))
    files = tuple((name, (data_dir / name).read_bytes()) for name in TABLES)
    geometry_bytes = geometry_path.read_bytes()
    engagements = tables["engagements.csv"].frame
    for column in ("start_year", "end_year"):
        engagements[column] = engagements[column].astype("Int64")
    engagements["amount_cad"] = engagements["amount_cad"].astype("Float64")
    engagements["confirmed"] = engagements["confirmed"].eq("yes")
    countries = tables["countries.csv"].frame.set_index("iso3", drop=False)
    sources = tables["sources.csv"].frame.set_index("id", drop=False)
    for name in CITING_TABLES:
        _add_citations(tables[name].frame, sources)
    engagements["region"] = engagements["iso3"].map(countries["region"])  # joined once, filtered often
    for column in ("category", "program", "region"):  # few distinct values, filtered on every request
        engagements[column] = engagements[column].astype("category")
    engagements["iso3"] = pd.Categorical(engagements["iso3"], categories=countries.index)
    return Dataset(
        countries=countries,
        engagements=engagements.reset_index(drop=True),
        programs=tables["programs.csv"].frame.set_index("program", drop=False),
        funding=tables["funding.csv"].frame,
        reasons=tables["reasons.csv"].frame,
        metadata=metadata,
        sources=sources,
        geometry_bytes=geometry_bytes,
        small_states=geo.small_states(shapes),
        year_bounds=filtering.year_bounds(engagements, fallback=dt.date.fromisoformat(metadata["date_modified"]).year),
        version=version_of(*(body for _, body in files), geometry_bytes),
        loaded_at=dt.datetime.now(dt.timezone.utc),
        warnings=tuple(sorted(p for p in problems if p.severity == "warning")),
        geometry_version=version_of(geometry_bytes),
        files=files,
    )


def _add_citations(frame: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Each row's source ids as a tuple, and its citations as text in each language (SOURCE_COLUMNS), joined once."""
    frame["sources"] = [citations.split_ids(cell) for cell in frame["sources"]]
    for lang, column in SOURCE_COLUMNS.items():
        texts = {source_id: citations.citation(sources, source_id, lang).text() for source_id in sources.index}
        frame[column] = [tuple(texts[source_id] for source_id in ids) for ids in frame["sources"]]


def _source_problems(tables: dict[str, CsvFile]) -> list[Problem]:
    """Every cited id is in sources.csv, every source is cited, and a confirmed row cites an address a reader can
    open."""
    sources = tables["sources.csv"].frame
    incomplete = {name for name, table in tables.items() if any(p.severity == "error" for p in table.problems)}
    if "sources.csv" in incomplete:
        return []  # ids of its invalid rows would be reported as unknown
    known = set(sources["id"])
    with_address = set(sources.loc[sources["url_en"].notna() | sources["url_fr"].notna(), "id"])
    problems, cited = [], set()
    for name in CITING_TABLES:
        frame = tables[name].frame
        column = list(TABLES[name].model_fields).index("sources") + 1
        confirmed = frame["confirmed"] if "confirmed" in frame.columns else pd.Series("no", index=frame.index)
        for line, cell, sure in zip(frame["_line"], frame["sources"], confirmed):
            ids = citations.split_ids(cell)
            cited.update(ids)
            for source_id in ids:
                if source_id not in known:
                    problems.append(Problem(name, line, column, f"source {source_id!r} is not in sources.csv "
                                                                "(expected an id listed there)"))
            if sure == "yes" and all(s in known for s in ids) and not set(ids) & with_address:
                problems.append(Problem(name, line, column, f"confirmed row cites no source with an address "
                                                            f"({';'.join(ids)}) (expected at least one source whose "
                                                            "url_en or url_fr is given in sources.csv)"))
    if incomplete & set(CITING_TABLES):
        return problems  # a source cited only by an invalid row would be reported as cited by none
    for line, source_id in zip(sources["_line"], sources["id"]):
        if source_id not in cited:
            problems.append(Problem("sources.csv", line, 1, f"source {source_id!r} is cited by no row (expected "
                                                            "each source cited in the sources column of "
                                                            + ", ".join(CITING_TABLES) + ")"))
    return problems


def _cross_check(tables: dict[str, CsvFile], shapes: geo.gpd.GeoSeries) -> list[Problem]:
    """Checks that need more than one row or file: unique ids, joins to countries, geometries and programs."""
    problems: list[Problem] = []
    countries = tables["countries.csv"].frame
    engagements = tables["engagements.csv"].frame
    programs = tables["programs.csv"].frame
    problems += _duplicates("countries.csv", countries, "iso3")
    problems += _duplicates("engagements.csv", engagements, "id")
    problems += _duplicates("programs.csv", programs, "program")
    problems += _duplicates("metadata.csv", tables["metadata.csv"].frame, "key")
    problems += _duplicates("sources.csv", tables["sources.csv"].frame, "id")
    problems += _source_problems(tables)
    # A file with invalid rows is validated without them; joins against it would call those rows missing.
    incomplete = {name for name, table in tables.items() if any(p.severity == "error" for p in table.problems)}
    known = set(countries["iso3"])
    if "countries.csv" in incomplete:
        known |= set(engagements["iso3"]) | set(shapes.index)  # no join is checked until its rows are valid
    iso3_column = list(EngagementRow.model_fields).index("iso3") + 1
    for line, iso3 in zip(engagements["_line"], engagements["iso3"]):
        if iso3 not in known:
            problems.append(Problem("engagements.csv", line, iso3_column,
                                    f"iso3 {iso3!r} is not in countries.csv (expected a code listed there)"))
    for line, iso3 in zip(countries["_line"], countries["iso3"]):
        if iso3 not in shapes.index:
            problems.append(Problem("countries.csv", line, 1,
                                    f"iso3 {iso3!r} has no shape in {GEOMETRY_FILE} (expected a feature with this id)"))
    for iso3 in sorted(set(shapes.index) - known):
        problems.append(Problem(GEOMETRY_FILE, 1, 1, f"feature {iso3!r} has no row in countries.csv "
                                                     "(expected every shape to be a listed country)"))
    category_of = dict(zip(programs["program"], programs["category"])) if "programs.csv" not in incomplete else {}
    missing = sorted(set(PROGRAMS) - set(category_of)) if "programs.csv" not in incomplete else []
    if missing:
        problems.append(Problem("programs.csv", 1, 1, f"programs {', '.join(missing)} have no row "
                                                      "(expected one row per program)"))
    program_column = list(EngagementRow.model_fields).index("program") + 1
    for line, program, category in zip(engagements["_line"], engagements["program"], engagements["category"]):
        if program in category_of and category_of[program] != category:
            problems.append(Problem("engagements.csv", line, program_column,
                                    f"program {program!r} belongs to category {category_of[program]!r}, "
                                    f"not {category!r} (expected the category given in programs.csv)"))
    metadata = tables["metadata.csv"].frame.set_index("key")
    line = int(metadata.at["date_modified", "_line"]) if "date_modified" in metadata.index else 1
    try:
        dt.date.fromisoformat(metadata.at["date_modified", "value"] if "date_modified" in metadata.index else "")
    except ValueError:
        problems.append(Problem("metadata.csv", line, 2, "date_modified is missing or not a date (expected YYYY-MM-DD)"))
    problems += _status_problems(engagements, metadata)
    return problems


def _status_problems(engagements: pd.DataFrame, metadata: pd.DataFrame) -> list[Problem]:
    """Every status describes one year, metadata.csv's status_as_of: each must fit its row's years."""
    metadata = metadata[~metadata.index.duplicated(keep="first")]  # a repeated key is reported on its own
    value = str(metadata.at["status_as_of", "value"]) if "status_as_of" in metadata.index else ""
    if not (value.isascii() and value.isdigit() and len(value) == 4 and YEAR_MIN <= int(value) <= YEAR_MAX):
        line = int(metadata.at["status_as_of", "_line"]) if "status_as_of" in metadata.index else 1
        return [Problem("metadata.csv", line, 2, f"status_as_of {value!r} is missing or not a year (expected the "
                                                 f"year that every engagement's status describes, e.g. 2019)")]
    as_of = int(value)
    column = list(EngagementRow.model_fields).index("status") + 1
    problems = []
    for line, status, start, end in zip(engagements["_line"], engagements["status"], engagements["start_year"],
                                        engagements["end_year"]):
        start, end = (None if pd.isna(year) else int(year) for year in (start, end))
        expected = status_mismatch(status, start, end, as_of)
        if expected:
            years = f"start_year {'blank' if start is None else start}, end_year {'blank' if end is None else end}"
            problems.append(Problem("engagements.csv", line, column, f"status {status!r} as of {as_of} "
                                                                     f"(metadata.csv status_as_of) does not fit "
                                                                     f"{years} (expected {expected})"))
    return problems


def _duplicates(name: str, frame: pd.DataFrame, column: str) -> list[Problem]:
    column_number = list(frame.columns).index(column) + 1
    repeated = frame[frame.duplicated(column, keep="first")]
    first_line = frame.drop_duplicates(column).set_index(column)["_line"]
    return [Problem(name, line, column_number, f"{column} {value!r} is used again (first on line "
                                               f"{first_line[value]}; expected each {column} once)")
            for line, value in zip(repeated["_line"], repeated[column])]


def check(data_dir: Path | str) -> tuple[list[Problem], Dataset | None]:
    """Every problem (errors and warnings) and the data set when it loads; used by `python -m dashboard check`."""
    try:
        dataset = load(data_dir)
    except DataError as err:
        return err.problems, None
    return list(dataset.warnings), dataset

