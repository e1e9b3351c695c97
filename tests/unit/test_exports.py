"""Exports: the composition's words (core), the composed PNG, SVG and PDF, the slide and the snapshot (ui), and the
export links (server): sizes, pages, words in both languages, sources, escaping, caching, limits, headers."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import threading
import time
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard.core import citations, composition, filtering, i18n, load, look
from dashboard.core.composition import Shown
from dashboard.core.state import ViewState, parse_query, vocabulary
from dashboard.core.text import source_of
from dashboard.server import exports
from dashboard.server.app import create_app
from dashboard.settings import Settings
from dashboard.ui import picture
from dashboard.ui.components.downloads import LINKS, downloads
from dashboard.ui.exports import files, snapshot
from tests.support import DATA, REPO
from tests.support.printing import pdf_texts
from tests.support.rows import read_rows, write_rows

BASE = "http://dashboard.test"
SVG = "{http://www.w3.org/2000/svg}"
VIEWS = ["?lang=en", "?lang=fr", "?lang=en&category=grsi&years=2017-2019&confirmed=1",
         "?lang=fr&category=grsi&country=ARG", "?lang=fr&program=RCM&country=MEX", "?lang=en&region=europe"]
PLOTLY_JS = "/* plotly.js stand-in */ window.Plotly = {newPlot: function () { return Promise.resolve(); }};"
TOPOJSON = (REPO / "assets" / "topojson" / "world_110m.json").read_text(encoding="utf-8")


def view(dataset, query: str) -> ViewState:
    return parse_query(vocabulary(dataset), query)


@pytest.fixture(scope="module")
def made(dataset):
    """Each export made once for the module: (kind, query, scale, paper) -> bytes."""
    @lru_cache(maxsize=None)
    def make(kind: str, query: str, scale: int = 1, paper: str = "letter") -> bytes:
        return files.make(kind, dataset, view(dataset, query), BASE, files.Options(scale, paper), PLOTLY_JS,
                          TOPOJSON)
    return make


def svg_text(svg: bytes) -> str:
    """Every <text> of an SVG in document order, joined by spaces: wrapped lines join back into their sentence."""
    root = ET.fromstring(svg)
    return " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def shown(dataset, query: str):
    state = view(dataset, query)
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    return state, rows, filtering.country_summary(rows)


# --- core: the words -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "en", "fr"), [
    ("", "All engagements", "Tous les engagements"),
    ("category=grsi&years=2017-2019&confirmed=1", "GRSI active programs only · 2017 to 2019 · confirmed facts only",
     "Programmes actifs de l'IMPR seulement · 2017 à 2019 · faits confirmés seulement"),
    ("category=mpdp,grsi", "MPDP 2017 to 2019 funded international capacity building projects and GRSI active "
                           "programs only", None),
    ("category=", "No engagement type selected", "Aucun type d'engagement choisi"),
    ("program=IGC,RCM&region=europe", "Programs and forums: IGC, RCM · Regions: Europe",
     "Programmes et forums\u00a0: CIG, CRM · Régions\u00a0: Europe"),
])
def test_the_subtitle_says_the_filters_in_words(dataset, query, en, fr):
    assert composition.filters_in_words(view(dataset, f"?lang=en&{query}")) == en
    if fr:
        assert composition.filters_in_words(view(dataset, f"?lang=fr&{query}")) == fr


def test_sources_are_shortened_with_and_n_more(dataset):
    sources = ("Alpha source", "Beta source", "Gamma source", "Delta source")
    assert composition.shorten_sources("Sources:", sources, "en") == \
        "Sources: Alpha source; Beta source; Gamma source; Delta source"
    assert composition.shorten_sources("Sources:", sources, "en", 50) == "Sources: Alpha source; Beta source; and 2 more"
    assert composition.shorten_sources("Sources :", sources, "fr", 45) == "Sources : Alpha source; et 3 autres"
    tiny = composition.shorten_sources("Sources:", sources, "en", 10)
    assert tiny.endswith("and 3 more") and tiny.startswith("Sources: Alpha")
    assert composition.shorten_sources("Sources:", (), "en") == "Sources: none (no engagement shown)"


def test_sources_of_the_rows_shown_most_cited_first(dataset):
    _state, rows, _summary = shown(dataset, "?category=grsi")
    cited = composition.cited_sources(rows)
    assert citations.citation(dataset.sources, "S01", "en").text() in cited  # each source as its citation's text
    assert citations.citation(dataset.sources, "S13a", "en").text() not in cited  # RCM's members: not GRSI
    french = composition.cited_sources(rows, "fr")
    assert len(french) == len(cited) and french != cited  # the French sources, for a French export
    parts = [text for cell in rows["citations_en"] for text in cell]
    assert [parts.count(s) for s in cited] == sorted((parts.count(s) for s in cited), reverse=True)


def test_the_composition_has_the_legend_counts_and_the_view_address(dataset):
    state, rows, summary = shown(dataset, "?lang=fr&category=grsi&country=ARG&present=1")
    words = composition.compose(dataset, Shown(state, rows, summary), BASE)
    assert words.title == i18n.t("title", "fr")
    # No empty row: no MPDP or forum country, none in several categories, none unconfirmed among the GRSI's.
    assert [e.key for e in words.legend] == ["grsi", "none"]
    assert [e.count for e in words.legend[:1]] == ["6 pays"]
    assert words.status == "État en 2019" and words.caveat == ""
    assert words.selected == "Pays encadré\u00a0: Argentine"
    assert words.view_url == f"{BASE}/?lang=fr&category=grsi&country=ARG"  # presentation mode left out
    assert words.date_modified == i18n.t("date_modified", "fr") + " " + i18n.format_day(dataset.date_modified, "fr")
    assert words.file_stem == "ircc-carte-engagements-migration-fr-impr-ARG"


def test_notes_give_the_country_s_engagements_with_sources_or_the_overview(dataset):
    state, rows, summary = shown(dataset, "?lang=fr&country=MEX")
    lines = composition.notes(dataset, Shown(state, rows, summary))
    assert "Mexique" in lines
    mexico = rows[rows["iso3"] == "MEX"]
    for _, row in mexico.iterrows():  # the sources in the slide's language
        assert f"  Sources\u00a0: {source_of(row, 'fr')}" in lines
    assert lines[0] == "Carte du monde" and "État en 2019" in lines[3]
    for description in mexico["description_fr"]:  # the outlined country's engagements, described
        assert f"  {description}" in lines
    assert lines.index("Mexique") < lines.index("Argentine")  # the selected country first


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_notes_list_the_countries_on_the_map_with_engagements_and_sources(dataset, lang):
    """Not the overview of every program: the countries the slide shows, each with its engagements and sources."""
    state = view(dataset, f"?lang={lang}&zoom=central-america-caribbean")
    shown_here = Shown.of(dataset, state)
    lines = composition.notes(dataset, shown_here)
    on_map = composition.on_map(dataset, shown_here)
    assert {"GTM", "BLZ", "HND", "JAM", "MEX"} <= set(on_map) and "ARG" not in on_map and "CAN" not in on_map
    assert {"USA", "COL"} <= set(on_map)  # their markers are off the frame, a fair part of their shapes is not
    for code in on_map:
        assert dataset.countries.at[code, f"name_{lang}"] in lines
    for _, row in shown_here.rows[shown_here.rows["iso3"].isin(on_map)].iterrows():
        assert any(source_of(row, lang) in line for line in lines)
    assert lines[0] == i18n.t("map_of_central-america-caribbean", lang)
    mapped = shown_here.rows[shown_here.rows["iso3"].isin(on_map)]
    unconfirmed = int((~mapped["confirmed"]).sum())  # on this map: the MPDP's 6 and the United States' IGC row
    assert unconfirmed == 7 and lines[3].endswith(composition.caveat(mapped, lang))
    assert i18n.t("export_status", lang, year=2019) in lines[3]
    assert lines[2] == composition.on_map_line(mapped, lang)
    assert i18n.t("overview_funding", lang) not in lines


# --- the composed image -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", VIEWS)
def test_svg_holds_title_legend_counts_date_modified_and_a_source(made, dataset, query):
    state, rows, summary = shown(dataset, query)
    lang = state.lang
    text = svg_text(made("map.svg", query))
    assert i18n.t("title", lang) in text
    assert composition.filters_in_words(state) in text
    counts = filtering.category_counts(summary)
    for category in ("mpdp", "grsi", "forum"):
        if counts[category]:
            assert i18n.t(f"cat_{category}", lang) in text
            assert i18n.plural("countries_count", counts[category], lang) in text
        else:  # no empty legend row
            assert i18n.t(f"cat_{category}", lang) not in text
    assert i18n.t("legend_none", lang) in text
    assert (i18n.t("legend_unconfirmed", lang) in text) == (not rows["confirmed"].all())
    assert i18n.t("export_status", lang, year=dataset.status_as_of) in text
    assert (composition.caveat(rows, lang) or "no caveat") in text or rows["confirmed"].all()
    assert i18n.t("date_modified", lang) in text
    assert i18n.format_day(dataset.date_modified, lang) in text
    sources = composition.cited_sources(rows, lang)
    assert sources and sources[0] in text  # the most cited source of the rows shown, in the export's language
    assert i18n.t("department", lang) in text
    assert f"{BASE}/?lang={lang}" in text
    if state.country:
        assert i18n.t("export_selected", lang, country=dataset.countries.at[state.country, f"name_{lang}"]) in text


def test_svg_uses_the_screen_s_palette_and_markers(made):
    svg = made("map.svg", "?lang=en").decode().lower()
    for color in (look.SEVERAL_FILL, look.NO_ENGAGEMENT_COLOR, *look.CATEGORY_COLOR.values(), look.NAVY):
        assert color.lower() in svg, color
    for category, fill in look.CATEGORY_FILL.items():  # a category alone: its countries in its own tint
        assert fill.lower() in made("map.svg", f"?lang=en&category={category}").decode().lower(), category
    assert len(re.findall(r"<text ", svg)) > 20 and "font-family=\"'noto sans', lato" in svg


def test_an_exports_map_is_the_pages_first_paint_drawing(made, dataset):
    """One drawing of the map: the export's map holds the very shapes, markers and outline the page's picture has."""
    state = view(dataset, "?lang=fr&zoom=europe&country=DEU")
    svg = made("map.svg", "?lang=fr&zoom=europe&country=DEU").decode()
    drawn = picture.map_svg(dataset, state, scaling_strokes=True).decode()
    body = drawn[drawn.index("<rect"):-len("</svg>")]
    assert body in svg
    paths = picture.country_paths(dataset, "europe")
    assert paths["DEU"] in svg and "AUS" not in paths


def test_legend_keys_are_one_set_for_every_output(made, dataset):
    """The page's legend, the slide, the offline file and the image draw the same key for each row."""
    unconfirmed = look.LEGEND_KEYS["unconfirmed"]
    page = made("snapshot.html", "?lang=en").decode()
    assert f">{unconfirmed.glyph}</span><span>{i18n.t('legend_unconfirmed', 'en')}" in page
    deck = Presentation(io.BytesIO(made("slide.pptx", "?lang=en")))
    legend = next(shape.text_frame.text for shape in deck.slides[0].shapes
                  if shape.has_text_frame and i18n.t("legend_unconfirmed", "en") in shape.text_frame.text)
    assert f"{unconfirmed.glyph} {i18n.t('legend_unconfirmed', 'en')}" in legend
    key = ET.fromstring(look.key_svg("unconfirmed"))
    (mark,) = key.findall(f"{SVG}path")
    assert mark.get("fill") == look.UNCONFIRMED_FILL and mark.get("stroke") == unconfirmed.color  # hollow
    assert look.key_svg("unconfirmed") in "".join(files.page_data(
        dataset, Shown.of(dataset, view(dataset, "?lang=en")), composition.compose(
            dataset, Shown.of(dataset, view(dataset, "?lang=en"))), "slide")["legend"][i]["key"] for i in range(6))


def test_png_is_1920_by_1080_and_3840_by_2160_at_scale_2(made):
    assert Image.open(io.BytesIO(made("map.png", "?lang=fr"))).size == (1920, 1080)
    assert Image.open(io.BytesIO(made("map.png", "?lang=fr", 2))).size == (3840, 2160)


@pytest.mark.parametrize(("paper", "size"), [("letter", (792, 612)), ("a4", (842, 595))])
def test_pdf_is_a_landscape_map_page_then_the_countries_with_their_words_as_text(made, dataset, paper, size):
    reader = PdfReader(io.BytesIO(made("map.pdf", "?lang=fr&country=MEX", 1, paper)))
    assert len(reader.pages) >= 2  # the map's page, then the countries on it (the world's 33 take more than one)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
    texts = pdf_texts(made("map.pdf", "?lang=fr&country=MEX", 1, paper))
    text = texts[0]
    assert "Date de modification" in text and "Pays encadré : Mexique" in text and "État en 2019" in text
    assert reader.metadata.title == i18n.t("title", "fr")
    if paper == "letter":  # the list that follows is the same on either paper
        listed = " ".join(texts[1:])
        assert i18n.t("export_countries_title", "fr").replace("\u00a0", " ") in listed
        assert "Mexique" in listed and "Nouvelle-Zélande" in listed


# --- the slide ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "lang"), [("?lang=fr&country=MEX", "fr"), ("?lang=en&category=grsi", "en")])
def test_slide_has_the_title_legend_map_and_sources_in_the_notes(made, dataset, query, lang):
    deck = Presentation(io.BytesIO(made("slide.pptx", query)))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000) or \
        abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    (slide,) = deck.slides
    assert slide.shapes.title.text == i18n.t("title", lang)
    texts = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    state, rows, summary = shown(dataset, query)
    counts = filtering.category_counts(summary)
    for category in ("mpdp", "grsi", "forum"):
        assert (i18n.t(f"cat_{category}", lang) in texts) == bool(counts[category])  # no empty legend row
        if counts[category]:
            assert i18n.plural("countries_count", counts[category], lang) in texts
    assert i18n.t("date_modified", lang) in texts
    assert i18n.t("export_status", lang, year=dataset.status_as_of) in texts
    pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and Image.open(io.BytesIO(pictures[0].image.blob)).size[0] >= 1600
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr")  # alternative text
    notes = slide.notes_slide.notes_text_frame.text
    for source in composition.cited_sources(rows, lang):
        assert source in notes
    if state.country:
        assert dataset.countries.at[state.country, f"name_{lang}"] in notes


# --- the snapshot ------------------------------------------------------------------------------------------------

def test_snapshot_carries_its_scripts_by_hash_and_asks_for_nothing(made, dataset):
    page = made("snapshot.html", "?lang=fr&country=ARG").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 3 and PLOTLY_JS in scripts[1]
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    # No src at all; links only to the view on the dashboard and to the sources cited, opened on a click.
    assert not re.search(r"\bsrc=", page)
    assert all(href.startswith(("http://dashboard.test/", "https://", "http://"))
               for href in re.findall(r'\bhref="([^"]*)"', page))
    data = json.loads(re.search(r'<script type="application/json" id="snapshot-data">(.*?)</script>', page,
                                flags=re.S).group(1))
    assert {t["geojson"] for t in data["figure"]["data"] if t["type"] == "choropleth"} == {data["geojsonKey"]}
    assert len(data["geojson"]["features"]) == len(dataset.countries)
    # No assets/app.js in the file to draw the selected country's outline: plotly draws it there.
    (selected,) = [t for t in data["figure"]["data"] if t.get("name") == "selected"]
    assert selected["visible"] is True and selected["locations"] == ["ARG"]
    assert page.count('<tr data-iso3=') == len(filtering.filter_engagements(dataset.engagements,
                                                                            view(dataset, "?lang=fr").filters))


def test_script_safe_json_and_code_cannot_close_their_element():
    text = snapshot.script_safe_json({"a": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and json.loads(text)["a"].startswith("</script>")
    assert "</script" not in snapshot.script_safe_code("var s = '</SCRIPT>'; // <!--").lower()


# --- nothing from the data is markup -----------------------------------------------------------------------------

INJECTED = '<script>alert("x")</script> & <b>bold</b> 21 000 000 $ $x$ #read("/etc/passwd") [a] {{y}} \\z'


HOSTILE_NAME = 'Argentina $x$ # [a] <b> {{y}} \\z #read("/etc/passwd")'


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> load.Dataset:
    import shutil

    folder = tmp_path_factory.mktemp("injected") / "data"
    shutil.copytree(DATA, folder)
    rows = read_rows(folder / "engagements.csv")
    header = rows[0]
    cited = set()
    for row in rows[1:]:
        if row[header.index("iso3")] == "ARG":
            row[header.index("description_en")] = INJECTED
            cited |= {part.strip() for part in row[header.index("sources")].split(";")}
    write_rows(folder / "engagements.csv", rows)
    sources = read_rows(folder / "sources.csv")
    for row in sources[1:]:
        if row[0] in cited:  # every source Argentina's rows cite: one of them leads the export's sources
            row[sources[0].index("title_en")] = INJECTED
    write_rows(folder / "sources.csv", sources)
    countries = read_rows(folder / "countries.csv")
    for row in countries[1:]:
        if row[0] == "ARG":
            row[countries[0].index("name_en")] = HOSTILE_NAME
    write_rows(folder / "countries.csv", countries)
    return load.load(folder)


@pytest.mark.parametrize("kind", ["map.svg", "map.pdf", "map.png", "snapshot.html", "slide.pptx", "profile.pdf"])
def test_text_from_the_data_is_never_markup(injected, kind):
    state = view(injected, "?lang=en&country=ARG&zoom=south-america")
    body = files.make(kind, injected, state, BASE, files.Options(), PLOTLY_JS, TOPOJSON)
    if kind == "map.svg":
        assert "<script" not in body.decode().lower() and "<img" not in body.decode().lower()
        text = svg_text(body)  # parses: the data's text did not break the XML
        assert INJECTED in text and f"Outlined: {HOSTILE_NAME}" in text
        # The country's name on the map is a <text> of its own, as written.
        assert HOSTILE_NAME in ["".join(node.itertext()) for node in ET.fromstring(body).iter(f"{SVG}text")]
    elif kind in ("map.pdf", "profile.pdf"):
        text = " ".join(pdf_texts(body)).replace("\u00ad", "")
        assert HOSTILE_NAME in text and INJECTED.split(" & ")[1] in text.replace("- ", "-")
        assert "root:" not in text  # the template read no file
    elif kind == "map.png":
        assert Image.open(io.BytesIO(body)).size == (1920, 1080)
    elif kind == "snapshot.html":
        page = body.decode()
        assert page.lower().count("<script") == 4  # the data block and the three scripts, nothing else
        assert "<img" not in page and "<b>bold" not in page.replace("\\u003cb\\u003e", "")
        assert html_escaped(INJECTED) in page
    else:
        deck = Presentation(io.BytesIO(body))
        notes = deck.slides[0].notes_slide.notes_text_frame.text
        assert INJECTED in notes and HOSTILE_NAME in notes


def html_escaped(text: str) -> str:
    import html

    return html.escape(text)


# --- the Download menu -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "label"), [("en", "Download"), ("fr", "Télécharger")])
def test_download_menu_offers_every_export_of_the_view_in_the_page_s_language(lang, label):
    state = ViewState(lang=lang, categories=("grsi",), country="ARG")
    menu = downloads(state)
    summary, items = menu.children
    assert summary.children == label
    links = [item.children for item in items.children][:len(LINKS)]  # then the data downloads (test_downloads.py)
    assert [link.children for link in links] == [i18n.t(key, lang) for _kind, _extra, key in LINKS]
    assert links[0].href == f"export/map.png?lang={lang}&category=grsi&country=ARG"
    assert links[1].href.endswith("&scale=2") and links[4].href.endswith("&paper=a4")
    # Every export of the view; a country's profile is offered by the details card (test_profile_link_...).
    assert {link.href.split("?")[0] for link in links} == {f"export/{kind}" for kind in files.KINDS
                                                           if kind != "profile.pdf"}


def test_the_camera_button_is_gone(app, client):
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=fr"}).get_data(as_text=True)
    assert '"toImage"' in layout and "toImageButtonOptions" not in layout and "map.png?lang=fr" in layout


# --- the routes --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def export_app(app):
    return app


@pytest.fixture()
def export_client(export_app):
    return export_app.server.test_client()


@pytest.mark.parametrize(("url", "media", "name"), [
    ("/export/map.png?lang=fr&category=grsi&country=ARG", "image/png", "ircc-carte-engagements-migration-fr-impr-ARG.png"),
    ("/export/map.png?lang=en&scale=2", "image/png", "ircc-migration-engagement-map-en-3840x2160.png"),
    ("/export/map.svg?lang=fr", "image/svg+xml", "ircc-carte-engagements-migration-fr.svg"),
    ("/export/map.pdf?lang=en&paper=a4", "application/pdf", "ircc-migration-engagement-map-en-a4.pdf"),
    ("/export/slide.pptx?lang=fr&country=MEX", "application/vnd.openxmlformats-officedocument.presentationml"
                                                ".presentation", "ircc-carte-engagements-migration-fr-MEX-slide.pptx"),
    ("/export/snapshot.html?lang=en&region=europe", "text/html; charset=utf-8",
     "ircc-migration-engagement-map-en-europe-offline.html"),
])
def test_each_export_link_answers_an_attachment_named_after_the_view(export_client, url, media, name):
    response = export_client.get(url)
    assert response.status_code == 200, response.data[:200]
    assert response.headers["Content-Type"] == media
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert header in response.headers
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]


@pytest.mark.parametrize("query", [
    "?lang=xx&category=nope&years=2019-2017&country=<script>&scale=9&paper=a3",
    "?%ff%fe=%00&years=abcd-efgh&confirmed=yes&program=" + "X," * 300,
    "?" + "a" * 5000, "?lang=fr&lang=en&country=arg", "?years=1900-2100&region=",
])
def test_a_malformed_query_gives_a_view_never_an_error(export_client, query):
    response = export_client.get("/export/map.png" + query)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.data)).size == (1920, 1080)


def test_unknown_exports_are_404(export_client):
    assert export_client.get("/export/map.gif").status_code == 404
    assert export_client.post("/export/map.png").status_code == 405


def test_svg_and_snapshot_are_compressed_for_the_transfer(export_client):
    import brotli

    response = export_client.get("/export/map.svg?lang=en", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data).startswith(b"<?xml")


def test_an_export_asked_for_again_is_not_rendered_again_and_new_data_renders_anew(data_dir):
    app = create_app(Settings(data_dir=str(data_dir), reload_interval=0))
    client = app.server.test_client()
    shared = app.server.exports
    first = client.get("/export/map.png?lang=fr&country=MEX")
    again = client.get("/export/map.png?lang=fr&country=MEX&present=1")  # the same view: presenting is no filter
    assert first.data == again.data and shared["renders"] == 1
    assert client.get("/export/map.png?lang=fr&country=MEX", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    rows = read_rows(data_dir / "metadata.csv")
    rows[1 + [r[0] for r in rows[1:]].index("date_modified")][1] = "2026-12-01"
    write_rows(data_dir / "metadata.csv", rows)
    app.live.dataset = load.load(data_dir)  # what a reload swaps in
    fresh = client.get("/export/map.png?lang=fr&country=MEX")
    assert shared["renders"] == 2 and fresh.data != first.data and fresh.headers["ETag"] != first.headers["ETag"]


def flocked(path: Path) -> bool:
    """Whether some process or thread holds an flock on the file, read from /proc/locks (which takes no lock)."""
    if not path.exists():
        return False
    stat = path.stat()
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    return any(line.split()[1] == "FLOCK" and line.split()[5] == device
               for line in Path("/proc/locks").read_text().splitlines())


def until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def in_thread(call) -> tuple[threading.Thread, list]:
    """Run `call` in a thread; the list gets its result, or the exception it raised."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:  # the outcome a test asserts on
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_one_request_waits_for_a_taken_slot_and_any_other_is_refused_at_once(tmp_path):
    gate = exports.RenderGate(slots=1, wait=30, time_limit=30, folder=tmp_path)
    release = threading.Event()
    holder, held = in_thread(lambda: gate.run(lambda: release.wait(30) and b"first"))
    until(lambda: flocked(tmp_path / "slot-0"))
    queued, waited = in_thread(lambda: gate.run(lambda: b"second"))  # the one request allowed to wait...
    until(lambda: flocked(tmp_path / "queue"))
    with pytest.raises(exports.Busy):
        gate.run(lambda: b"third")  # ... any other is refused while it waits, holding no worker
    assert queued.is_alive() and not waited  # the waiting one still waits: the refusal did not
    release.set()
    holder.join(30)
    queued.join(30)
    assert held == [b"first"] and waited == [b"second"]  # the slot freed, the waiting one rendered
    assert gate.run(lambda: b"free again") == b"free again"


def test_a_request_waits_for_a_slot_no_longer_than_its_wait(tmp_path):
    gate = exports.RenderGate(slots=1, wait=0.2, time_limit=30, folder=tmp_path)
    release = threading.Event()
    holder, _held = in_thread(lambda: gate.run(lambda: release.wait(30)))
    until(lambda: flocked(tmp_path / "slot-0"))
    with pytest.raises(exports.Busy):
        gate.run(lambda: b"x")  # gives up while the slot is still taken
    assert holder.is_alive()
    release.set()
    holder.join(30)


def test_a_render_over_its_time_is_answered_and_keeps_its_slot_until_it_ends(tmp_path):
    gate = exports.RenderGate(slots=1, wait=0.1, time_limit=0.2, folder=tmp_path)
    release = threading.Event()
    with pytest.raises(exports.Busy):
        gate.run(lambda: release.wait(30))  # over the time limit: the request is answered...
    assert not release.is_set() and flocked(tmp_path / "slot-0")  # ... while the render still runs
    with pytest.raises(exports.Busy):
        gate.run(lambda: b"still running")  # ... and the slow render keeps its slot until it ends
    release.set()
    until(lambda: not flocked(tmp_path / "slot-0"))
    assert gate.run(lambda: b"done") == b"done"


def test_the_render_slots_are_shared_by_every_worker_process(tmp_path):
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(tmp_path / 'slot-0')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('rendering', flush=True)\ntime.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "rendering"  # another worker holds the machine's one slot
        with pytest.raises(exports.Busy):
            exports.RenderGate(slots=1, wait=0.1, folder=tmp_path).run(lambda: b"x")
    finally:
        holder.kill()
        holder.wait()
    assert exports.RenderGate(slots=1, wait=0.1, folder=tmp_path).run(lambda: b"x") == b"x"


def test_a_busy_worker_answers_503_with_retry_after(export_app, export_client, monkeypatch):
    monkeypatch.setattr(export_app.server.exports["gate"], "run",
                        lambda render: (_ for _ in ()).throw(exports.Busy("test")))
    response = export_client.get("/export/map.pdf?lang=fr&years=2018-2018")
    assert response.status_code == 503 and response.headers["Retry-After"] == str(exports.RETRY_AFTER)
    assert "Réessayez" in response.get_data(as_text=True) and "Try again" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_exports_ask_for_sign_in_when_it_is_on(tmp_path):
    from werkzeug.security import generate_password_hash

    users = tmp_path / "users.txt"
    users.write_text(f"alice:{generate_password_hash('a long password', method='scrypt:4096:8:1')}\n",
                     encoding="utf-8")
    client = create_app(Settings(data_dir=str(DATA), reload_interval=0, auth_file=str(users))).server.test_client()
    assert client.get("/export/map.png").status_code == 401
    token = base64.b64encode(b"alice:a long password").decode()
    assert client.get("/export/snapshot.html", headers={"Authorization": f"Basic {token}"}).status_code == 200


def test_an_export_shows_the_views_regional_focus(dataset):
    """The same camera as the screen's: the focus's frame, named in the subtitle and the file name."""
    from dashboard.core.composition import filters_in_words
    from dashboard.ui.exports import files

    state = ViewState(lang="fr", zoom="central-america-caribbean")
    assert "Amérique centrale et Caraïbes" in filters_in_words(state)
    assert files.file_name("map.png", state, files.Options()).endswith("-amerique-centrale-et-caraibes.png")
    assert files.file_name("map.png", state.replace(lang="en"), files.Options()).endswith(
        "-central-america-and-the-caribbean.png")
    frame_w, frame_h = picture.frame()
    focus = picture.to_picture([-118, -58], [5, 33], state.zoom)
    # The focus's box fills the frame's width or height, centred: the world's frame zoomed in (look.camera).
    assert (focus[1, 0] - focus[0, 0]) == pytest.approx(frame_w, rel=0.02) or \
        (focus[0, 1] - focus[1, 1]) == pytest.approx(frame_h, rel=0.02)
    mexico = picture.to_picture([-102.0], [23.0], state.zoom)[0]
    assert 0 < mexico[0] < frame_w and 0 < mexico[1] < frame_h


def test_two_dashboards_never_share_render_slots(tmp_path):
    """Render slots belong to one dashboard (its workers share them), never to every dashboard of the machine."""
    one = create_app(Settings(data_dir=str(DATA), reload_interval=0)).server.exports["gate"]
    two = create_app(Settings(data_dir=str(DATA), reload_interval=0)).server.exports["gate"]
    assert one.folder != two.folder and one.folder.is_dir() and two.folder.is_dir()
    kept = create_app(Settings(data_dir=str(DATA), reload_interval=0, state_dir=str(tmp_path))).server.exports["gate"]
    assert kept.folder == tmp_path / "export-slots"


# --- briefing-ready: names on the map, the status date, the caveat, the list, the focus named --------------------

CENTRAL = "?lang={lang}&zoom=central-america-caribbean"


def on_the_map(dataset, query: str) -> list[str]:
    state = view(dataset, query)
    return [dataset.countries.at[code, f"name_{state.lang}"]
            for code in composition.on_map(dataset, Shown.of(dataset, state))]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_svg_names_every_country_of_a_regional_focus_as_text(made, dataset, lang):
    query = CENTRAL.format(lang=lang)
    body = made("map.svg", query)
    texts = ["".join(node.itertext()) for node in ET.fromstring(body).iter(f"{SVG}text")]
    names = on_the_map(dataset, query)
    assert len(names) == 9  # the fixture's Central America (test_a_regional_export_counts_what_its_map_shows)
    for name in names:
        assert name in texts, name  # each name a <text> of its own, over the map
    text = svg_text(body)
    words = composition.compose(dataset, Shown.of(dataset, view(dataset, query)))
    assert i18n.t("export_status", lang, year=2019) in text and words.caveat and words.caveat in text
    assert words.summary in text and words.summary.startswith(i18n.t("summary_on_map", lang, countries="", engagements="",
                                                                            programs="")[:10])
    assert i18n.t("export_not_named", lang, list="")[:12] not in text  # nobody left out on a regional focus


def test_the_world_names_what_fits_and_lists_the_rest(made, dataset):
    state = view(dataset, "?lang=en")
    shown_here = Shown.of(dataset, state)
    drawn = files.map_data(dataset, shown_here, composition.compose(dataset, shown_here))
    named = [label["text"] for label in drawn["labels"]]
    assert named and drawn["left_out"]
    assert sorted(named + drawn["left_out"]) == sorted(on_the_map(dataset, "?lang=en"))
    boxes = [(label["x"], label["y"]) for label in drawn["labels"]]
    assert len(set(boxes)) == len(boxes)
    text = svg_text(made("map.svg", "?lang=en"))
    assert "Also on the map, not named on it:" in text and drawn["left_out"][0] in text
    deck = Presentation(io.BytesIO(made("slide.pptx", "?lang=en")))
    slide_text = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert "Also on the map, not named on it: " + drawn["left_out"][0] in slide_text


def test_the_page_s_first_paint_stays_text_free(dataset):
    drawn = picture.picture_svg(dataset, view(dataset, "?lang=fr&zoom=central-america-caribbean")).decode()
    assert "<text" not in drawn and "Guatemala" not in drawn


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_of_a_regional_focus_lists_its_countries_engagements_and_sources(made, dataset, lang):
    query = CENTRAL.format(lang=lang)
    body = made("map.pdf", query)
    # Typst's hyphen where it broke a word reads as a soft hyphen, its line breaks as spaces.
    first, *others = [text.replace("\u00ad", "-") for text in pdf_texts(body)]
    rest = " ".join(others)
    flat = lambda text: text.replace("\u00a0", " ")  # noqa: E731 - a no-break space reads as a space
    assert flat(i18n.t("export_status", lang, year=2019)) in first
    words = composition.compose(dataset, Shown.of(dataset, view(dataset, query)))
    assert "2019" in first and flat(words.caveat)[:40] in first
    for name in on_the_map(dataset, query):
        assert name in first, name  # on the map
        assert name.split()[0] in rest, name  # and in the list that follows
    assert "rcmvs.org" in rest and flat(i18n.t("confirmed_no", lang)) in rest
    assert PdfReader(io.BytesIO(body)).metadata.title == i18n.t("title", lang)


@pytest.mark.parametrize("query", ["?lang=fr&category=grsi", "?lang=en&program=RCM"])
def test_no_export_keeps_an_empty_legend_row(made, dataset, query):
    state = view(dataset, query)
    counts = filtering.category_counts(Shown.of(dataset, state).summary)
    empty = [i18n.t(f"cat_{c}", state.lang) for c in ("mpdp", "grsi", "forum") if not counts[c]]
    assert empty
    first = pdf_texts(made("map.pdf", query))[0]
    deck = Presentation(io.BytesIO(made("slide.pptx", query)))
    slide_text = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    legend = re.search(r'<aside class="legend".*?</aside>', made("snapshot.html", query).decode(), flags=re.S).group(0)
    for label in empty:
        assert label not in svg_text(made("map.svg", query)) and label not in slide_text
        assert label.replace("\u00a0", " ") not in first and html_escaped(label) not in legend


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_slide_says_the_status_date_names_the_focus_and_lists_the_countries_in_its_notes(made, dataset, lang):
    query = CENTRAL.format(lang=lang)
    deck = Presentation(io.BytesIO(made("slide.pptx", query)))
    (slide,) = deck.slides
    texts = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    words = composition.compose(dataset, Shown.of(dataset, view(dataset, query)))
    assert i18n.t("export_status", lang, year=2019) in texts and words.caveat in texts
    (image,) = [shape for shape in slide.shapes if shape.shape_type == 13]
    focus = i18n.t("map_of_central-america-caribbean", lang)
    assert image._element.nvPicPr.cNvPr.get("descr").startswith(focus) and image.name == focus
    notes = slide.notes_slide.notes_text_frame.text
    for name in on_the_map(dataset, query):
        assert name in notes
    assert i18n.t("overview_funding", lang) not in notes


def test_alt_text_and_titles_name_the_focus(dataset):
    words = composition.compose(dataset, Shown.of(dataset, view(dataset, "?lang=fr&zoom=central-america-caribbean")))
    assert words.map_alt.startswith("Carte de l'Amérique centrale et des Caraïbes\u00a0:")
    assert words.map_title == "Carte de l'Amérique centrale et des Caraïbes"
    world = composition.compose(dataset, Shown.of(dataset, view(dataset, "?lang=en")))
    assert world.map_alt.startswith("World map:")
    page = files.make("snapshot.html", dataset, view(dataset, "?lang=fr&zoom=europe"), "", files.Options(),
                      PLOTLY_JS, TOPOJSON).decode()
    assert 'aria-label="Carte de l&#x27;Europe' in page and "État en 2019" in page
    assert "{year}" not in page  # the table's column, filled


# --- the country profile -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("iso3", ["ARG", "MEX"])
def test_a_country_profile_names_the_country_its_engagements_status_date_and_sources(dataset, lang, iso3):
    body = files.make("profile.pdf", dataset, view(dataset, f"?lang={lang}&country={iso3}"))
    reader = PdfReader(io.BytesIO(body))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(pdf_texts(body))
    flat = text.replace("- ", "-")
    name = dataset.countries.at[iso3, f"name_{lang}"]
    assert name in text and name in reader.metadata.title
    assert i18n.t("export_status", lang, year=2019) in text and "2019" in text
    assert i18n.format_day(dataset.date_modified, lang) in text  # the data's date
    rows = dataset.engagements[dataset.engagements["iso3"] == iso3]
    assert len(rows) >= 2
    for _, row in rows.iterrows():
        assert str(dataset.programs.at[row["program"], f"name_{lang}"]).split(" (")[0] in text
        assert i18n.t(f"role_{row['role']}", lang) in text
        source = row[f"citations_{lang}"][0]  # the first citation of the row, in the profile's language
        assert " ".join(source.split())[:30] in flat, source
    assert i18n.t(f"cat_{rows.iloc[0]['category']}", lang).replace("\u00a0", " ") in text
    if not rows["confirmed"].all():
        assert i18n.t("confirmed_no", lang) in text


def test_the_profile_link_answers_a_pdf_or_a_clear_404(export_client):
    response = export_client.get("/export/profile.pdf?country=ARG&lang=fr")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ircc-profil-de-pays-fr-ARG.pdf"'
    assert response.data.startswith(b"%PDF")
    for query in ("", "?country=", "?country=XYZ&lang=fr", "?country=<script>", "?lang=fr"):
        missing = export_client.get("/export/profile.pdf" + query)
        assert missing.status_code == 404, query
        text = missing.get_data(as_text=True)
        assert i18n.t("profile_not_found", "en") in text and i18n.t("profile_not_found", "fr") in text


@pytest.mark.parametrize(("lang", "label"), [("en", "Country profile (PDF)"), ("fr", "Profil du pays (PDF)")])
def test_the_details_card_links_to_the_country_s_profile(dataset, lang, label):
    from dashboard.ui.components.details import details_body

    children = details_body(dataset, ViewState(lang=lang, country="MEX"))
    links = [child.children for child in children if getattr(child, "className", "") == "profile"]
    assert [(link.children, link.href) for link in links] == [(label, f"export/profile.pdf?country=MEX&lang={lang}")]


def test_a_regional_export_counts_what_its_map_shows(dataset):
    """On Central America, the legend, the summary, the caveat and the sources are those of the countries on the
    map. The fixture's Central America: Belize, Colombia, Costa Rica, El Salvador, Guatemala, Honduras, Jamaica,
    Mexico and the United States (9 countries, 17 rows, of the MPDP, the RCM and the IGC); no GRSI country; six MPDP
    rows, all unconfirmed, and the United States' IGC row unconfirmed too."""
    words = composition.compose(dataset, Shown.of(dataset, view(dataset, "?lang=fr&zoom=central-america-caribbean")))
    assert [entry.key for entry in words.legend] == ["mpdp", "forum", "several", "none", "unconfirmed"]
    assert words.legend[0].count == "6 pays, dont 6 non confirmés"  # every MPDP marker is white
    assert words.summary == "Sur cette carte\u00a0: 9 pays, 17 engagements, 3 programmes et forums."
    assert words.caveat.startswith("7 des 17 ")
    assert not any("refugeesponsorship" in source for source in words.sources)
    # The world: 23 of the 25 countries (France and Malta have none), 49 rows, 12 unconfirmed (the six MPDP rows and
    # six IGC members); Spain and Ireland have GRSI rows only, Belgium and Denmark only unconfirmed forum rows.
    world = composition.compose(dataset, Shown.of(dataset, view(dataset, "?lang=fr")))
    assert world.summary == "Affichés\u00a0: 23 pays, 49 engagements, 8 programmes et forums."
    assert world.caveat.startswith("12 des 49")
    assert [entry.count for entry in world.legend[:3]] == ["6 pays, dont 6 non confirmés", "6 pays",
                                                           "21 pays, dont 2 non confirmés"]


def test_a_regional_focus_names_its_own_countries_and_lists_the_rest_it_shows(dataset):
    """Asia and the Pacific's frame shows Europe's corner: its own countries are named, Europe's where they fit."""
    state = view(dataset, "?lang=en&zoom=asia-pacific")
    shown_here = Shown.of(dataset, state)
    drawn = files.map_data(dataset, shown_here, composition.compose(dataset, shown_here))
    named = {label["text"] for label in drawn["labels"]}
    assert {"Australia", "New Zealand"} <= named and not any(label["leader"] for label in drawn["labels"])
    assert drawn["left_out"] and "Australia" not in drawn["left_out"]
    assert named | set(drawn["left_out"]) == set(on_the_map(dataset, "?lang=en&zoom=asia-pacific"))


def test_cited_addresses_are_links_in_the_pdf_and_the_offline_file(made, dataset):
    """A reader follows a source from the documents: the PDF's addresses are link annotations, the offline file's
    are links that open in a new tab (and ask for nothing themselves)."""
    state = view(dataset, "?lang=fr&country=ARG")
    expected = {url for url in dataset.sources["url_fr"].dropna() if url} | \
        {url for url in dataset.sources["url_en"].dropna() if url}
    reader = PdfReader(io.BytesIO(made("map.pdf", "?lang=fr&country=ARG")))
    links = {annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()}
    assert links and links <= expected | {BASE + "/?lang=fr&country=ARG"}
    page = made("snapshot.html", "?lang=fr&country=ARG").decode()
    anchors = {html.unescape(a) for a in re.findall(r'<a href="([^"]+)" target="_blank" rel="noopener noreferrer">',
                                                   page)}
    assert anchors and anchors <= expected
    assert composition.compose(dataset, Shown.of(dataset, state)).sources  # the view cites sources


def outline_items(outline) -> list:
    """Every bookmark of a PDF's outline, nested ones included, in order."""
    return [found for item in outline for found in (outline_items(item) if isinstance(item, list) else [item])]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_briefing_book_has_its_contents_outline_pages_and_numbered_sources(export_client, dataset, lang):
    response = export_client.get(f"/export/book.pdf?lang={lang}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('-book.pdf"')
    reader = PdfReader(io.BytesIO(response.data))
    pages = [text.replace("\u00ad", "") for text in pdf_texts(response.data)]
    cover = pages[0]
    assert i18n.t("book_title", lang) in cover
    assert i18n.t("export_status", lang, year=2019) in cover  # the status date, on the cover
    assert i18n.t("book_contents", lang) in pages[1]
    titles = [item.title for item in outline_items(reader.outline)]
    for heading in ("overview_title", "book_programs", "book_countries", "sources_title"):
        assert i18n.t(heading, lang) in titles  # the PDF's outline (bookmarks)
    engaged = set(dataset.engagements["iso3"])
    assert {dataset.countries.at[code, f"name_{lang}"] for code in engaged} <= set(titles)  # a section per country
    (argentina,) = [item for item in outline_items(reader.outline)
                    if item.title == dataset.countries.at["ARG", f"name_{lang}"]]
    section = pages[reader.get_destination_page_number(argentina)]
    assert dataset.countries.at["ARG", f"name_{lang}"] in section
    assert re.search(r"\[\d+(, \d+)*\]", section)  # its engagements point to the numbered sources
    filtered = PdfReader(io.BytesIO(export_client.get(f"/export/book.pdf?lang={lang}&category=grsi").data))
    assert len(filtered.pages) < len(reader.pages)  # with the view's filters: only what they keep
