"""Tests for dashboard.core.reuse: the spreadsheet of a view read back with openpyxl, and the data package validated
by frictionless; its Table Schemas come from the loader's row models, with every column's meaning in both languages."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from dashboard.core import i18n, reuse, schema
from dashboard.core.state import ViewState
from dashboard.core.tables import shown_rows
from tests.support import french

VIEW_URL = "https://exemple.gc.ca/carte/?lang=fr&category=grsi"


def workbook(dataset, state: ViewState):
    return load_workbook(io.BytesIO(reuse.spreadsheet(dataset, state, VIEW_URL)))


# --- the spreadsheet -----------------------------------------------------------------------------------------------

def test_the_spreadsheet_holds_the_rows_shown_an_about_sheet_and_their_sources(dataset):
    state = ViewState(lang="fr", categories=("grsi",))
    book = workbook(dataset, state)
    assert book.sheetnames == ["Engagements", "À propos", "Sources"]
    rows = list(book["Engagements"].values)
    header, body = rows[0], rows[1:]
    assert header[0] == "ISO3" and header[-2:] == ("Identifiants des sources", "Identifiant")
    assert "État en 2019" in header
    shown = shown_rows(dataset, state)
    assert sorted(row[-1] for row in body) == sorted(shown["id"])  # the rows the view shows, no other
    about = dict(book["À propos"].values)
    assert about["Filtres"] == "Programmes actifs de l'IMPR seulement"
    assert about["Les états décrivent l'année"] == "2019"
    assert about["Données modifiées le"] == dataset.date_modified.isoformat()
    assert about["Comment citer"].endswith(VIEW_URL) and "(IRCC)" in about["Comment citer"]
    assert about["Licence"].startswith(dataset.metadata["licence_fr"])
    assert about["Lignes affichées"] == "6 engagements"
    sources = list(book["Sources"].values)
    cited = {source_id for ids in shown["sources"] for source_id in ids}
    assert {row[0] for row in sources[1:]} == cited
    # Every source id a row cites is on the sources sheet.
    assert {s for row in body for s in row[-2].split(";")} <= {row[0] for row in sources[1:]}
    links = [cell.hyperlink.target for cell in book["Sources"]["E"][1:] if cell.hyperlink]
    assert links and all(link.startswith("http") for link in links)


def test_the_spreadsheet_in_english(dataset):
    book = workbook(dataset, ViewState(lang="en", regions=("europe",), confirmed_only=True))
    assert book.sheetnames == ["Engagements", "About", "Sources"]
    about = dict(book["About"].values)
    assert about["Filters"] == "Regions: Europe · confirmed facts only"
    assert about["Statuses describe the year"] == "2019" and "Status as of 2019" in about["How to cite"]
    body = list(book["Engagements"].values)[1:]
    assert body and all(row[0] in set(dataset.countries.index[dataset.countries["region"] == "europe"]) for row in body)


def test_every_french_word_of_the_spreadsheet_reads_as_french(dataset):
    book = workbook(dataset, ViewState(lang="fr", programs=("IGC",), years=(2017, 2019)))
    texts = list(book.sheetnames)
    texts += [cell for cell in next(book["Engagements"].values) if cell]
    texts += [value for row in book["À propos"].values for value in row if value and not value.startswith("http")]
    texts += [cell for cell in next(book["Sources"].values)]
    texts += [row[5] for row in list(book["Sources"].values)[1:]]  # how each address was read
    assert french.all_problems(texts) == []


def test_a_cell_is_never_a_formula():
    book = Workbook()
    reuse._put(book.active, 1, 1, '=HYPERLINK("http://evil.example","x")')
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example","x")'


def test_the_spreadsheet_is_named_after_the_view():
    assert reuse.spreadsheet_name(ViewState(lang="fr", categories=("grsi",), years=(2017, 2019), country="ARG")) == \
        "ircc-engagements-migration-fr-impr-2017-2019.xlsx"
    assert reuse.spreadsheet_name(ViewState()) == "ircc-migration-engagements-en.xlsx"


# --- the data package ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("file", list(schema.TABLES))
def test_every_column_has_a_meaning_in_both_languages(file):
    for column in schema.TABLES[file].model_fields:
        english, text_fr = schema.meaning(file, column)
        assert english.strip() and text_fr.strip() and english != text_fr, (file, column)
        assert french.problems(text_fr) == [], (file, column, text_fr)


def test_each_table_schema_is_the_loader_s_model(dataset):
    engagements = reuse.table_schema("engagements.csv")
    fields = {field["name"]: field for field in engagements["fields"]}
    assert list(fields) == list(schema.EngagementRow.model_fields)  # the same columns, in the file's order
    assert fields["status"]["constraints"]["enum"] == list(schema.STATUSES)
    assert fields["start_year"]["type"] == "integer" and "required" not in fields["start_year"]["constraints"]
    assert fields["start_year"]["constraints"]["minimum"] == schema.YEAR_MIN
    assert fields["sources"]["constraints"]["pattern"].startswith("^") and fields["sources"]["constraints"]["required"]
    assert "ids of sources.csv" in fields["sources"]["description"] and fields["sources"]["description_fr"]
    assert engagements["primaryKey"] == ["id"]
    assert {"fields": ["iso3"], "reference": {"resource": "countries", "fields": ["iso3"]}} in \
        engagements["foreignKeys"]


@pytest.fixture(scope="module")
def package(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("package")
    with zipfile.ZipFile(io.BytesIO(reuse.data_package(dataset))) as archive:
        archive.extractall(folder)
    return folder


def test_the_package_holds_every_csv_a_descriptor_and_a_readme(dataset, package):
    names = sorted(path.name for path in package.iterdir())
    assert names == sorted(["datapackage.json", "README.md", *schema.TABLES])
    for file in schema.TABLES:
        assert (package / file).read_bytes() == dict(dataset.files)[file]  # the files as validated
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [{"name": "OGL-Canada-2.0", "title": dataset.metadata["licence_en"],
                                       "path": dataset.metadata["licence_url_en"]}]
    assert descriptor["title_fr"] == i18n.t("title", "fr")
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert readme.count("# " + i18n.t("title", "en")) == 1 and "# " + i18n.t("title", "fr") in readme
    assert dataset.metadata["licence_fr"] in readme and "Comment citer" in readme
    french_half = readme[readme.index("# " + i18n.t("title", "fr")):]
    assert french.all_problems(line for line in french_half.splitlines() if not line.startswith("- `")) == []


def test_the_package_is_valid_for_frictionless(package):
    from frictionless import validate

    report = validate(str(package / "datapackage.json"))
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10] or [error.message for error in report.errors]


def test_every_french_word_of_the_package_reads_as_french(dataset):
    descriptor = reuse.descriptor(dataset)
    texts = [descriptor["title_fr"], descriptor["description_fr"]]
    # The allowed values are codes (member, chair...), the same in both languages: the words around them are checked.
    texts += [field["description_fr"].split(" Valeurs permises")[0]
              for resource in descriptor["resources"] for field in resource["schema"]["fields"]]
    assert french.all_problems(texts) == []
    assert all("Valeurs permises\u00a0: " in field["description_fr"] for resource in descriptor["resources"]
               for field in resource["schema"]["fields"] if "enum" in field.get("constraints", {}))
