"""Downloads for reuse: the rows of a view as a spreadsheet (with an About sheet and its sources), and the whole data
set as an open data package (the CSV files, a Table Schema for each generated from the loader's own row models, a
README and the licence in both languages)."""

from __future__ import annotations

import functools
import io
import json
import re
import typing
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.core import citations, composition, i18n, schema, tables
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import table_file_name

PACKAGE_NAME = "ircc-migration-engagements"
PACKAGE_FILE = "data-package.zip"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file's key for rows (Table Schema primaryKey) and the columns that join another file (foreignKeys).
PRIMARY_KEYS = {"countries.csv": "iso3", "engagements.csv": "id", "programs.csv": "program", "funding.csv": "id",
                "reasons.csv": "id", "metadata.csv": "key", "sources.csv": "id"}
FOREIGN_KEYS = {"engagements.csv": [("iso3", "countries", "iso3"), ("program", "programs", "program")]}


# --- the spreadsheet of a view -----------------------------------------------------------------------------------

def _put(sheet, row: int, column: int, value: object, bold: bool = False, link: str | None = None) -> None:
    """A cell holding `value` as data: text is never read as a formula (openpyxl would for a leading '=')."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if link:
        cell.hyperlink = link
        cell.style = "Hyperlink"


def about_rows(dataset: Dataset, state: ViewState, view_url: str, shown: int) -> list[tuple[str, str]]:
    """The About sheet, label and value: what the rows are, when, and how to cite and reuse them."""
    lang = i18n.normalize_lang(state.lang)
    meta = dataset.metadata
    licence = meta.get(f"licence_{lang}", "")
    url = meta.get(f"licence_url_{lang}", "")
    return [
        (i18n.t("about_title", lang), i18n.t("title", lang)),
        (i18n.t("about_filters", lang), composition.filters_in_words(state)),
        (i18n.t("about_rows", lang), i18n.plural("details_count", shown, lang)),
        (i18n.t("about_status", lang), str(dataset.status_as_of)),
        (i18n.t("about_data_date", lang), dataset.date_modified.isoformat()),
        (i18n.t("about_how_to_cite", lang), citations.how_to_cite(meta, lang, view_url)),
        (i18n.t("about_licence", lang), f"{licence} {url}".strip()),
        (i18n.t("about_view", lang), view_url),
        (i18n.t("sheet_sources", lang), i18n.t("about_sources", lang)),
    ]


def source_rows(found: typing.Iterable[citations.Citation], lang: str) -> list[list[str]]:
    """The sources sheet: a header, then one row per source."""
    rows = [[i18n.t(f"source_{key}", lang) for key in ("id", "title", "publisher", "date", "url", "read", "note")]]
    for c in found:
        rows.append([c.id, c.title, c.publisher, c.date, c.url or "", i18n.t(f"read_{c.read}", lang), c.note])
    return rows


def spreadsheet(dataset: Dataset, state: ViewState, view_url: str) -> bytes:
    """The rows the view shows, as the text version has them (plus ISO3, source ids and row id); an About sheet;
    the sources those rows cite."""
    lang = i18n.normalize_lang(state.lang)
    rows = tables.shown_rows(dataset, state)
    table = tables.engagement_table(dataset, rows, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = i18n.t("sheet_engagements", lang)
    columns = tables.csv_columns()
    for number, column in enumerate(columns, start=1):
        _put(sheet, 1, number, tables.column_label(column, lang, dataset.status_as_of), bold=True)
    for row_number, record in enumerate(table[columns].itertuples(index=False), start=2):
        for number, value in enumerate(record, start=1):
            _put(sheet, row_number, number, value)
    sheet.freeze_panes = "C2"
    about = book.create_sheet(i18n.t("sheet_about", lang))
    for row_number, (label, value) in enumerate(about_rows(dataset, state, view_url, len(rows)), start=1):
        _put(about, row_number, 1, label, bold=True)
        _put(about, row_number, 2, value, link=view_url if value == view_url else None)
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    sources = book.create_sheet(i18n.t("sheet_sources", lang))
    for row_number, values in enumerate(source_rows(citations.citations(dataset.sources, rows, lang), lang), start=1):
        for number, value in enumerate(values, start=1):
            link = value if number == 5 and row_number > 1 and value else None
            _put(sources, row_number, number, value, bold=row_number == 1, link=link)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def spreadsheet_name(state: ViewState) -> str:
    return table_file_name(state, "xlsx")


# --- the data package ----------------------------------------------------------------------------------------------

def _field(file: str, name: str, info) -> dict:
    """One Table Schema field from a row model's field: type and constraints as the loader checks them, and what
    the column means in both languages (schema.MEANINGS)."""
    found = {"name": name}
    json_schema = _json_schema(file)["properties"][name]
    options = json_schema.get("anyOf", [json_schema])
    values = [o for o in options if o.get("type") != "null"] or [{"type": "string"}]
    main = values[0]
    kind = {"integer": "integer", "number": "number"}.get(main.get("type"), "string")
    found["type"] = kind
    meaning_en, meaning_fr = schema.meaning(file, name)
    found["title"] = name
    found["description"] = meaning_en + (f" Expected: {info.description}." if info.description else "")
    found["description_fr"] = meaning_fr + _expected_fr(main)
    constraints: dict = {}
    pattern = main.get("pattern")
    # Required: what the model refuses blank (a blank cell is a missing value to the package's readers).
    if len(values) == len(options) and (main.get("minLength", 0) >= 1 or "enum" in main or "const" in main
                                        or kind != "string" or (pattern and re.search(pattern, "") is None)):
        constraints["required"] = True
    if "enum" in main:
        constraints["enum"] = list(main["enum"])
    elif "const" in main:
        constraints["enum"] = [main["const"]]
    if pattern and pattern.startswith("^"):
        constraints["pattern"] = pattern
    for key, target in (("minimum", "minimum"), ("ge", "minimum"), ("maximum", "maximum"), ("le", "maximum")):
        if key in main:
            constraints[target] = main[key]
    if constraints:
        found["constraints"] = constraints
    return found


def _expected_fr(main: dict) -> str:
    if "enum" in main:
        return " Valeurs permises\u00a0: " + ", ".join(str(v) for v in main["enum"]) + "."
    low, high = main.get("minimum", main.get("ge")), main.get("maximum", main.get("le"))
    if low is not None and high is not None:
        return f" De {low} à {high}."
    if low is not None:
        return f" {low} ou plus."
    return ""


@functools.lru_cache(maxsize=None)
def _json_schema(file: str) -> dict:
    return schema.TABLES[file].model_json_schema()


def table_schema(file: str) -> dict:
    """The Table Schema of one data file, from the row model the loader validates it with (one definition)."""
    model = schema.TABLES[file]
    result = {"fields": [_field(file, name, info) for name, info in model.model_fields.items()],
              "missingValues": [""], "primaryKey": [PRIMARY_KEYS[file]]}
    if file in FOREIGN_KEYS:
        result["foreignKeys"] = [{"fields": [field], "reference": {"resource": resource, "fields": [target]}}
                                 for field, resource, target in FOREIGN_KEYS[file]]
    return result


def descriptor(dataset: Dataset) -> dict:
    """datapackage.json: one resource per CSV file, with its schema; the licence of metadata.csv."""
    meta = dataset.metadata
    package = {
        "name": PACKAGE_NAME,
        "title": i18n.t("title", "en"),
        "title_fr": i18n.t("title", "fr"),
        "description": i18n.t("package_description", "en", year=dataset.status_as_of),
        "description_fr": i18n.t("package_description", "fr", year=dataset.status_as_of),
        "version": dataset.version,
        "created": dataset.date_modified.isoformat() + "T00:00:00Z",
        "homepage": meta.get("public_url") or None,
        "contributors": [{"title": i18n.t("department", "en"), "role": "publisher"}],
        "resources": [],
    }
    if meta.get("licence_id"):
        package["licenses"] = [{"name": meta["licence_id"], "title": meta.get("licence_en", meta["licence_id"]),
                                "path": meta.get("licence_url_en", "")}]
    if not package["homepage"]:
        del package["homepage"]
    for file, _body in dataset.files:
        package["resources"].append({
            "name": file.removesuffix(".csv"), "path": file, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": table_schema(file)})
    return package


def readme(dataset: Dataset) -> str:
    """The package's README.md, English then French: what it is, the files, how to cite, the licence."""
    parts = []
    for lang in i18n.LANGS:
        meta = dataset.metadata
        files = "\n".join(f"- `{file}`: " + i18n.t("package_file_" + file.removesuffix(".csv"), lang)
                          for file, _ in dataset.files)
        licence = markdown_text(f"{meta.get(f'licence_{lang}', '')} {meta.get(f'licence_url_{lang}', '')}".strip())
        parts.append("\n".join([
            f"# {i18n.t('title', lang)}", "",
            i18n.t("package_description", lang, year=dataset.status_as_of), "",
            f"## {i18n.t('package_files', lang)}", "", files, "",
            i18n.t("package_schema", lang), "",
            f"## {i18n.t('how_to_cite_title', lang)}", "", markdown_text(citations.how_to_cite(meta, lang)), "",
            f"## {i18n.t('about_licence', lang)}", "", licence or i18n.t("package_no_licence", lang), "",
        ]))
    return "\n".join(parts)


def markdown_text(text: str) -> str:
    """Text from the data as Markdown text, never markup: every character Markdown reads as syntax is escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|$])", r"\\\1", text)


def data_package(dataset: Dataset) -> bytes:
    """The zip: datapackage.json, README.md and every CSV file as validated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(dataset), ensure_ascii=False, indent=2))
        archive.writestr("README.md", readme(dataset))
        for file, body in dataset.files:
            archive.writestr(file, body)
    return buffer.getvalue()
