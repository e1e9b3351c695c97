"""A briefing in the page: the actions on it (dashboard.core.briefing.act), the address that carries it, the panel's
words, and the file the page saves (GET /export/briefing.json)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from dashboard.core import briefing as bf
from dashboard.core.briefing import Playing, act, address, read_address
from dashboard.core.state import ViewState, vocabulary
from dashboard.ui.components.briefing import caption_children, panel_children
from tests.support.components import texts

HOSTILE = '<script>alert(1)</script> $x$ #read("/etc/passwd") {{y}}'


@pytest.fixture(scope="module")
def vocab(dataset):
    return vocabulary(dataset)


def built(vocab) -> tuple[ViewState, Playing]:
    """Overview, GRSI, Central America MPDP, M5: the walk-through's four views, added as a user would."""
    state, playing = ViewState(), Playing()
    for view in (ViewState(), ViewState(categories=("grsi",)),
                 ViewState(categories=("mpdp",), zoom="central-america-caribbean"), ViewState(programs=("M5",))):
        state, playing = act(vocab, view, playing, "add")
    return state, playing


def test_adding_four_views_then_playing_and_stepping(vocab):
    state, playing = built(vocab)
    assert [s.view for s in playing.steps] == ["", "category=grsi", "category=mpdp&zoom=central-america-caribbean",
                                               "program=M5"]
    state, playing = act(vocab, state.replace(lang="fr"), playing, "play")
    assert playing.step == 1 and state == ViewState(lang="fr", presenting=True)  # the page's language kept
    state, playing = act(vocab, state, playing, "next")
    assert playing.step == 2 and state.categories == ("grsi",) and state.presenting
    state, playing = act(vocab, state, playing, "go", 4)
    assert state.programs == ("M5",)
    same, kept = act(vocab, state, playing, "next")  # the last step stays the last
    assert kept.step == 4 and same == state
    state, playing = act(vocab, state, playing, "stop")
    assert playing.step is None and not state.presenting and len(playing.steps) == 4


def test_reorder_caption_and_remove(vocab):
    state, playing = built(vocab)
    _, playing = act(vocab, state, playing, "down", 1)
    assert [s.view for s in playing.steps][:2] == ["category=grsi", ""]
    _, playing = act(vocab, state, playing, "edit", 2)
    assert playing.editing == 2
    _, playing = act(vocab, state, playing, "caption", 2, {"en": {"title": HOSTILE, "note": "n"},
                                                           "fr": {"title": "", "note": ""}})
    assert playing.editing is None and playing.steps[1].caption["en"].title == HOSTILE
    assert "fr" not in playing.steps[1].caption
    _, playing = act(vocab, state, playing, "remove", 1)
    assert len(playing.steps) == 3 and playing.steps[0].caption["en"].title == HOSTILE


@pytest.mark.parametrize(("action", "number", "data"), [
    ("remove", 9, None), ("go", 0, None), ("caption", 1, {"en": {"title": "t" * (bf.MAX_TITLE + 1)}}),
    ("open", None, b"{not json"), ("open", None, b"x" * (bf.MAX_FILE_BYTES + 1)),
    ("open", None, json.dumps({"version": 2, "steps": []}).encode()),
    ("open", None, json.dumps({"version": 1, "steps": [{"view": "program=NOPE"}]}).encode()),
])
def test_what_cannot_be_done_keeps_the_briefing_and_says_why_in_the_pages_language(vocab, action, number, data):
    state, playing = built(vocab)
    after_state, after = act(vocab, state.replace(lang="fr"), playing, action, number, data)
    assert after.briefing == playing.briefing and after_state == state.replace(lang="fr")
    assert after.message and "Traceback" not in after.message
    assert act(vocab, state, playing, action, number, data)[1].message != after.message  # English differs


def test_an_opened_file_replaces_the_briefing(vocab):
    state, playing = built(vocab)
    saved = bf.to_json(playing.briefing)
    _, opened = act(vocab, ViewState(), Playing(), "open", data=saved.encode())
    assert opened.briefing == playing.briefing and opened.step is None and opened.message == ""


def test_the_address_carries_the_briefing_and_the_step_through_a_reload(vocab):
    state, playing = built(vocab)
    state, playing = act(vocab, state, playing, "go", 3)
    query = address(state, playing)
    assert "briefing=" in query and query.endswith("&step=3") and len(query) > 100
    again, restored = read_address(vocab, query)
    assert again == state and restored.briefing == playing.briefing and restored.step == 3
    damaged = query.replace("briefing=", "briefing=%25%25")
    view, broken = read_address(vocab, damaged)
    assert view == state and broken.briefing is None and broken.message


def test_the_panel_and_the_caption_are_text_in_the_pages_language(vocab):
    state, playing = built(vocab)
    _, playing = act(vocab, state, playing, "caption", 2, {"en": {"title": HOSTILE, "note": ""}})
    shown = texts(panel_children(vocab, ViewState(lang="fr"), playing))
    assert HOSTILE in shown and "(en anglais seulement)" in shown  # the caption exists only in English
    assert "Étape 1" in shown and "Tous les engagements" in shown  # a step without a caption: its view in words
    state, playing = act(vocab, ViewState(lang="fr"), playing, "go", 2)
    caption = texts(caption_children(vocab, state, playing))
    assert "Étape 2 sur 4" in caption and HOSTILE in caption


def test_the_page_saves_the_briefing_as_its_file(vocab, client):
    state, playing = built(vocab)
    param = bf.to_param(playing.briefing)
    response = client.get(f"/export/briefing.json?lang=fr&briefing={quote(param, safe='')}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert 'filename="briefing.json"' in response.headers["Content-Disposition"]
    assert bf.from_json(response.data, vocab) == playing.briefing
    bad = client.get("/export/briefing.json?lang=fr&briefing=%25%25")
    assert bad.status_code == 400 and "breffage" in bad.get_data(as_text=True).lower()
    assert "Content-Security-Policy" in bad.headers


# --- the briefing as a deck and a PDF --------------------------------------------------------------------------------

def captioned(vocab) -> bf.Briefing:
    _, playing = built(vocab)
    _, playing = act(vocab, ViewState(), playing, "caption", 3, {
        "en": {"title": "Central America: MPDP " + HOSTILE, "note": "Seven countries, to be confirmed."},
        "fr": {"title": "Amérique centrale : le PEPM", "note": "Sept pays, à confirmer."}})
    return playing.briefing


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_four_step_briefing_leaves_as_six_slides_and_five_pdf_pages(vocab, client, lang):
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from tests.support.printing import pdf_texts

    briefing = captioned(vocab)
    query = f"?lang={lang}&briefing={quote(bf.to_param(briefing), safe='')}"
    deck = client.get("/export/briefing.pptx" + query)
    assert deck.status_code == 200 and "attachment" in deck.headers["Content-Disposition"]
    slides = list(Presentation(io.BytesIO(deck.data)).slides)
    assert len(slides) == 6  # a title slide, four steps, the sources
    titles = [s.shapes.title.text for s in slides]
    expected = {"en": "Central America: MPDP " + HOSTILE, "fr": "Amérique centrale : le PEPM"}[lang]
    assert titles[3].endswith(expected) and ("Step 3 of 4" in titles[3] or "Étape 3 sur 4" in titles[3])
    notes = slides[3].notes_slide.notes_text_frame.text
    assert notes.startswith({"en": "Seven countries", "fr": "Sept pays"}[lang])
    assert "Guatemala" in notes and "2019" in notes  # the countries shown, the status date
    pdf = client.get("/export/briefing.pdf" + query)
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 5 and len(reader.outline) == 5
    text = " ".join(pdf_texts(pdf.data)).replace("\u00ad", "")
    assert expected.replace("\u00a0", " ") in text.replace("\u00a0", " ") and "2019" in text
    assert "root:" not in text  # the caption's #read stayed text


def test_a_saved_briefing_file_posts_and_a_bad_one_is_a_400_in_the_requests_language(vocab, client):
    import io

    briefing = captioned(vocab)
    posted = client.post("/export/briefing.pdf?lang=fr", data={
        "briefing": (io.BytesIO(bf.to_json(briefing).encode()), "briefing.json")}, content_type="multipart/form-data")
    assert posted.status_code == 200 and posted.data.startswith(b"%PDF")
    bad = client.post("/export/briefing.pptx?lang=fr", data={"briefing": (io.BytesIO(b"{oops"), "b.json")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "JSON" in bad.get_data(as_text=True) and "fichier" in bad.get_data(as_text=True)
    assert client.get("/export/briefing.pdf?lang=en&briefing=%25").status_code == 400


def test_the_offline_briefing_holds_every_step_as_text_and_asks_for_nothing(vocab, client):
    import re

    briefing = captioned(vocab)
    response = client.get(f"/export/briefing.html?lang=en&briefing={quote(bf.to_param(briefing), safe='')}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("<section data-step=") == 4
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    markup = re.sub(r"<script.*?</script>", "", page, flags=re.S)  # plotly.js's own code mentions src
    assert "connect-src 'none'" in csp and csp.count("'sha256-") == 3 and not re.search(r"\bsrc=", markup)
