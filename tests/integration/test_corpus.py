"""The corpus of broken data (tests/corpus/variants.toml): each variant gives exactly its expected
file:line:column messages, through load.load and through `python -m dashboard check`, and never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
import tracemalloc
from pathlib import Path

import pytest

from dashboard.core import geo, load, schema
from dashboard.ui.components.layout import page
from dashboard.core.problems import DataError
from dashboard.core.state import ViewState
from tests.support import DATA
from tests.support.rows import read_rows, write_rows

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus" / "variants.toml"
VARIANTS = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["variant"]
BY_NAME = {variant["name"]: variant for variant in VARIANTS}


# --- building a variant from a copy of the real data ---------------------------------------------------------------

def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the edit's text must occur once in the file, found {text.count(old)}: {old!r}"
    return text.replace(old, new)


def apply_edit(data_dir: Path, variant: dict) -> Path:
    path = data_dir / variant.get("file", "engagements.csv")
    edit = variant["edit"]
    if edit == "set-cell":
        rows = read_rows(path)
        (row,) = [r for r in rows[1:] if r[0] == variant["row"]]
        row[rows[0].index(variant["column"])] = variant["value"]
        write_rows(path, rows)
    elif edit == "drop-column":
        rows = read_rows(path)
        index = rows[0].index(variant["column"])
        write_rows(path, [row[:index] + row[index + 1:] for row in rows])
    elif edit == "add-column":
        rows = read_rows(path)
        write_rows(path, [rows[0] + [variant["column"]]] + [row + [variant["value"]] for row in rows[1:]])
    elif edit == "rename-header":
        rows = read_rows(path)
        rows[0][rows[0].index(variant["column"])] = variant["to"]
        write_rows(path, rows)
    elif edit == "replace-text":
        path.write_text(_replace_once(_text(path), variant["old"], variant["new"]), encoding="utf-8", newline="")
    elif edit == "replace-text-all":
        path.write_text(_text(path).replace(variant["old"], variant["new"]), encoding="utf-8", newline="")
    elif edit == "insert-line":
        lines = _text(path).split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(variant["row"] + ","))
        lines.insert(index, variant["text"])
        path.write_text("\n".join(lines), encoding="utf-8", newline="")
    elif edit == "append-text":
        path.write_text(_text(path) + variant["text"], encoding="utf-8", newline="")
    elif edit == "write-text":
        path.write_text(variant["text"], encoding="utf-8", newline="")
    elif edit == "prepend-bytes":
        path.write_bytes(bytes.fromhex(variant["hex"]) + path.read_bytes())
    elif edit == "encode":
        path.write_bytes(_text(path).encode(variant["encoding"]))
    elif edit == "delete-file":
        path.unlink()
    elif edit == "truncate":
        path.write_bytes(path.read_bytes()[: variant["bytes"]])
    elif edit == "grow-to":
        header, _, body = path.read_bytes().partition(b"\n")
        target = variant["bytes"]
        with path.open("wb") as handle:  # written in pieces: the test itself must not hold 50 MB
            handle.write(header + b"\n")
            written = len(header) + 1
            while written < target:
                piece = body[: target - written]
                handle.write(piece)
                written += len(piece)
    else:
        raise AssertionError(f"unknown edit {edit!r} in {CORPUS.name}")
    return path


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").split("\n")


def line_of(path: Path, row_id: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(_lines(path), start=1) if line.startswith(row_id + ",")]
    assert len(found) >= occurrence, f"row {row_id} #{occurrence} not found in {path.name}"
    return found[occurrence - 1]


def first_non_ascii(path: Path) -> str:
    """line:column of the first character beyond ASCII in the original data file (the edit may re-encode it)."""
    text = (DATA / path.name).read_text(encoding="utf-8")
    at = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    return f"{text.count(chr(10), 0, at) + 1}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


LINE = re.compile(r"\{line:([^}|#]+)(?:#(\d+))?(?:\|([+-]\d+))?\}")


def expected(variant: dict, path: Path) -> list[str]:
    """The variant's messages with {line:ROW[#N][|+-K]}, {at:first-non-ascii} and {path} filled in."""
    def fill(message: str) -> str:
        message = LINE.sub(lambda m: str(line_of(path, m.group(1), int(m.group(2) or 1)) + int(m.group(3) or 0)),
                           message)
        message = message.replace("{at:first-non-ascii}", first_non_ascii(path) if "{at:" in message else "")
        return message.replace("{path}", str(path))

    return [fill(message) for message in variant["expect"]]


@pytest.fixture(autouse=True, scope="module")
def parse_shapes_once():
    """Parsing the shapes is most of a load; an unchanged GeoJSON is parsed once for the whole corpus."""
    read, cache = geo.read_geometries, {}

    def cached(path: Path):
        key = path.read_bytes() if path.is_file() else None
        if key is None or len(key) < 10_000:
            return read(path)
        if key not in cache:
            cache[key] = read(path)
        shapes, problems = cache[key]
        return shapes, list(problems)

    geo.read_geometries = cached
    yield
    geo.read_geometries = read


def build(tmp_path: Path, name: str) -> tuple[Path, Path, dict]:
    variant = BY_NAME[name]
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    return data_dir, apply_edit(data_dir, variant), variant


def outcome(data_dir: Path) -> tuple[bool, list[str]]:
    try:
        dataset = load.load(data_dir)
    except DataError as err:
        return False, [str(p) for p in err.problems]
    return True, [str(p) for p in dataset.warnings]


# --- the corpus -----------------------------------------------------------------------------------------------------

def test_the_corpus_covers_the_issue():
    assert len(VARIANTS) >= 25
    assert len(BY_NAME) == len(VARIANTS), "variant names must be unique"
    for variant in VARIANTS:
        assert variant["expect"] or variant.get("loads"), f"{variant['name']}: no expected message"
        for message in variant["expect"]:
            located = re.fullmatch(r"[\w.]+:((\d+|\{line:[^}]+\}):\d+|\{at:[^}]+\}): .+", message)
            assert located, (variant["name"], message)
            assert "expected" in message or "warning:" in message, (variant["name"], message)
    named = {variant["name"] for variant in VARIANTS}
    for issue_case in ("missing-column", "extra-column", "renamed-header", "unknown-iso3", "lower-case-iso3",
                       "padded-iso3", "unknown-category", "unknown-role", "non-numeric-amount", "negative-amount",
                       "end-year-before-start-year", "year-out-of-range", "duplicate-id", "empty-source",
                       "blank-lines", "utf8-byte-order-mark", "windows-1252", "semicolon-delimiter",
                       "unbalanced-quote-inside-a-row", "empty-file", "header-only", "formula-cell",
                       "html-and-script-in-a-description", "file-of-50-mb"):
        assert issue_case in named, issue_case


@pytest.mark.parametrize("name", [variant["name"] for variant in VARIANTS])
def test_variant_gives_exactly_its_messages(tmp_path, name):
    data_dir, path, variant = build(tmp_path, name)
    loads, messages = outcome(data_dir)
    assert loads is variant.get("loads", False), (name, messages)
    assert messages == expected(variant, path), name
    assert not any("Traceback" in m for m in messages)


def test_a_file_of_50_mb_is_refused_fast_without_reading_it(tmp_path):
    data_dir, path, variant = build(tmp_path, "file-of-50-mb")
    assert path.stat().st_size == variant["bytes"]
    tracemalloc.start()
    started = time.perf_counter()
    table = load.read_csv_file(path, schema.EngagementRow)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(p) for p in table.problems] == expected(variant, path)
    assert elapsed < 1.0 and peak < 1_000_000, (elapsed, peak)


def test_html_and_script_in_a_description_are_shown_as_text(tmp_path):
    """Decision: such text is accepted (it may be a legitimate quotation) and always rendered as text: Dash
    components take it as a string child, no component renders HTML from data, and the map's hover escapes it."""
    data_dir, _, variant = build(tmp_path, "html-and-script-in-a-description")
    dataset = load.load(data_dir)
    tree = json.dumps(page(dataset, ViewState(country="ARG"), "/g.json", "/t/"), default=lambda c: c.to_plotly_json())
    assert json.dumps(variant["value"]) in tree  # the very string, as a JSON string value: a text node
    assert "dangerously_allow_html" not in tree and '"Markdown"' not in tree and '"Iframe"' not in tree


def test_the_corpus_through_the_check_command(tmp_path):
    """A sample through `python -m dashboard check --data-dir`: the same lines, errors on stderr, exit 1."""
    for name in ("lower-case-iso3", "end-year-before-start-year", "semicolon-delimiter", "empty-file",
                 "formula-cell", "utf-16", "file-of-50-mb", "windows-1252"):
        data_dir, path, variant = build(tmp_path / name, name)
        result = subprocess.run([sys.executable, "-m", "dashboard", "check", "--data-dir", str(data_dir)],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in result.stdout + result.stderr, (name, result.stderr[-2000:])
        reported = [line for line in (result.stderr + result.stdout).splitlines()
                    if re.match(r"[\w.]+:\d+:\d+: ", line)]
        assert reported == expected(variant, path), name
        if variant.get("loads"):
            assert result.returncode == 0 and "OK" in result.stdout, name
        else:
            assert result.returncode == 1 and "the dashboard will not start" in result.stderr, name
