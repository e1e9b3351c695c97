"""Tests for dashboard.server.downloads and the Download menu's data links: the spreadsheet and CSV of a view, and
the data package, each an attachment named after what it holds."""

from __future__ import annotations

import csv
import json
import io
import zipfile

import pytest
from openpyxl import load_workbook

from dashboard.core import i18n
from dashboard.core.state import ViewState
from dashboard.ui.components.downloads import DATA_LINKS, LINKS, PACKAGE_LINK, downloads


@pytest.mark.parametrize(("url", "media", "name"), [
    ("/download/engagements.xlsx?lang=fr&category=grsi&country=ARG",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ircc-engagements-migration-fr-impr.xlsx"),
    ("/download/engagements.csv?lang=en&region=europe", "text/csv; charset=utf-8",
     "ircc-migration-engagements-en-europe.csv"),
    ("/download/data-package.zip", "application/zip", "ircc-migration-engagements-data-package.zip"),
])
def test_each_download_is_an_attachment_named_after_what_it_holds(client, url, media, name):
    response = client.get(url)
    assert response.status_code == 200, response.data[:200]
    assert response.headers["Content-Type"] == media
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert header in response.headers


def test_the_spreadsheet_route_gives_the_view_s_rows_and_its_address(client, dataset):
    response = client.get("/download/engagements.xlsx?lang=en&program=RCM", base_url="https://maps.example")
    book = load_workbook(io.BytesIO(response.data))
    body = list(book["Engagements"].values)[1:]
    assert len(body) == int((dataset.engagements["program"] == "RCM").sum())
    about = dict(book["About"].values)
    assert about["View"] == "https://maps.example/?lang=en&program=RCM"
    assert about["How to cite"].endswith("https://maps.example/?lang=en&program=RCM")


def test_the_csv_route_opens_in_excel_as_utf8_and_cites_each_source(client):
    response = client.get("/download/engagements.csv?lang=fr&country=DEU")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffISO3,Pays,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = rows[0]
    assert "Identifiants des sources" in header and "État en 2019" in header
    nest = [row for row in rows[1:] if row[-1] == "grsi-deu"][0]
    assert "https://www.bmi.bund.de/" in nest[header.index("Source")]


def test_the_package_route_is_the_whole_data_set(client, dataset):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download/data-package.zip").data))
    assert {"datapackage.json", "README.md", "engagements.csv", "sources.csv"} <= set(archive.namelist())
    assert archive.read("engagements.csv") == dict(dataset.files)["engagements.csv"]


@pytest.mark.parametrize("url", ["/download/other.xlsx", "/download/engagements.json",
                                 "/download/engagements.xlsx?lang=xx&category=nope&years=2019-2017&country=<x>"])
def test_an_unknown_download_is_404_and_a_malformed_query_a_view(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    if "engagements.xlsx" in url:
        assert response.status_code == 200 and load_workbook(io.BytesIO(response.data)).sheetnames[1] == "About"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_menu_offers_the_data_downloads_in_the_page_s_language(lang):
    state = ViewState(lang=lang, categories=("grsi",), country="ARG")
    _summary, items = downloads(state).children
    links = [item.children for item in items.children][len(LINKS):]
    assert [link.children for link in links] == [i18n.t(label, lang) for _name, label in (*DATA_LINKS, PACKAGE_LINK)]
    assert links[0].href == f"download/engagements.xlsx?lang={lang}&category=grsi&country=ARG"
    props = [link.to_plotly_json()["props"] for link in links]
    assert props[0]["data-export"] == "download/engagements.xlsx"  # assets/app.js keeps its query current
    assert links[-1].href == "download/data-package.zip" and "data-export" not in props[-1]


# --- data is never code ----------------------------------------------------------------------------------------------

MARKUP = "$ # [x](javascript:alert(1)) <b>bold</b> {{ title }} \\ ; »"


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """A copy of the data whose most cited source and licence hold every character a template, Markdown, a
    spreadsheet or HTML could read as code."""
    import shutil

    from dashboard.core import load
    from tests.support import DATA
    from tests.support.rows import read_rows, write_rows

    folder = tmp_path_factory.mktemp("marked") / "data"
    shutil.copytree(DATA, folder)
    rows = read_rows(folder / "sources.csv")
    header = rows[0]
    for row in rows[1:]:
        if row[0] == "S01":
            for column in ("title_en", "publisher_en", "publisher_fr", "note_en", "note_fr"):
                row[header.index(column)] = MARKUP
    write_rows(folder / "sources.csv", rows)
    meta = read_rows(folder / "metadata.csv")
    for row in meta[1:]:
        if row[0] in ("licence_en", "licence_fr"):
            row[1] = MARKUP
    write_rows(folder / "metadata.csv", meta)
    return load.load(folder)


def test_markup_in_the_data_stays_text_in_the_page_and_the_downloads(marked):
    from dashboard.core import reuse
    from dashboard.ui.components.details import details_body
    from dashboard.ui.components.footer import footer

    for tree in (details_body(marked, ViewState(country="CAN")), footer(marked, ViewState(lang="fr"))):
        found = json.dumps(tree, default=lambda c: c.to_plotly_json())
        assert json.dumps(MARKUP)[1:-1] in found  # a string child, never parsed
        assert "dangerously" not in found.lower()
    book = load_workbook(io.BytesIO(reuse.spreadsheet(marked, ViewState(lang="en"), "https://x.example/")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == MARKUP for cell in cells)  # the sources sheet: the publisher, as typed
    assert all(cell.data_type != "f" for cell in cells)
    readme = zipfile.ZipFile(io.BytesIO(reuse.data_package(marked))).read("README.md").decode("utf-8")
    assert "[x](javascript" not in readme and "<b>" not in readme and "\\[x\\]\\(javascript" in readme
