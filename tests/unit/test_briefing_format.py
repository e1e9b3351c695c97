"""Tests for dashboard.core.briefing: the file and the link round trip, every refusal in both languages naming its
step and field, captions kept as text, canonical views, the operations, and the page's query with a briefing."""

from __future__ import annotations

import json
import random
import re
import string
import time
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest

from dashboard.core import briefing as bf
from dashboard.core import i18n
from dashboard.core.briefing import (MAX_FILE_BYTES, MAX_NOTE, MAX_PARAM, MAX_STEPS, MAX_TITLE, Briefing,
                                     BriefingError, Caption, Step, add, canonical_view, caption_for, clamp_step,
                                     from_json, from_param, move, remove, set_caption, split_query, to_json,
                                     to_param, with_briefing)
from dashboard.core.state import MAX_QUERY, ViewState, Vocabulary, parse_query, vocabulary
from tests.support import french

VOCAB = Vocabulary(programs=frozenset({"GRSI", "M5", "IGC", "MPDP"}), regions=frozenset({"europe", "africa"}),
                   countries=frozenset({"CAN", "GBR", "ARG"}), year_bounds=(2014, 2024))
MARKUP = "<script>alert(1)</script> $x$ #read(\"/etc/passwd\") [a](b) {{ x }} \\ <b>"


def file(*steps: object, version: object = 1) -> str:
    return json.dumps({"version": version, "steps": list(steps)})


def sample() -> Briefing:
    return from_json(file(
        {"view": "", "caption": {"en": {"title": "Overview", "note": "All of Canada's engagements."},
                                 "fr": {"title": "Aperçu", "note": "Tous les engagements du Canada."}}},
        {"view": "category=grsi&zoom=europe", "caption": {"en": {"title": "GRSI in Europe", "note": ""}}},
        {"view": "category=mpdp&zoom=central-america-caribbean"},
        {"view": "program=M5", "caption": {"fr": {"title": "Le M5", "note": "Migration Five\nCinq pays."}}},
    ), VOCAB)


def words(n: int, seed: int) -> str:
    """Text that compresses about as badly as prose at worst: random letters and spaces."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + "   éà") for _ in range(n)).strip()


# --- views ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, canonical", [
    ("", ""),
    ("?", ""),
    ("category=grsi&zoom=europe", "category=grsi&zoom=europe"),
    ("?zoom=europe&category=forum,grsi&lang=fr&present=1", "category=grsi,forum&zoom=europe"),
    ("category=mpdp,grsi,forum&zoom=world&confirmed=0", ""),
    ("country=arg&program=M5,GRSI", "program=GRSI,M5&country=ARG"),
    ("years=2000-2030", ""),
    ("years=2016-2030&confirmed=1", "years=2016-2024&confirmed=1"),
    ("category=", "category="),
    ("region=europe&region=africa", "region=africa"),  # the last one wins, as in parse_query
    ("briefing=abc&step=2&program=IGC", "program=IGC"),
])
def test_a_view_is_stored_canonically(given, canonical):
    assert canonical_view(given, VOCAB) == canonical
    assert canonical_view(canonical, VOCAB) == canonical  # canonical is a fixed point


def test_equal_views_compare_equal_and_match_the_state_they_restore():
    first = from_json(file({"view": "zoom=europe&category=forum,grsi"}), VOCAB)
    second = from_json(file({"view": "?category=grsi,forum&lang=fr&zoom=europe"}), VOCAB)
    assert first == second
    state = ViewState(categories=("grsi", "forum"), zoom="europe", lang="fr", presenting=True)
    assert first.steps[0].view == bf.view_of(state)
    assert parse_query(VOCAB, first.steps[0].view) == state.replace(lang="en", presenting=False)


def test_the_shipped_datas_views_of_the_issues_briefing(dataset):
    vocab = vocabulary(dataset)
    views = ["", "category=grsi", "category=mpdp&zoom=central-america-caribbean", "program=M5", "program=IGC",
             "country=can&program=IGC"]
    loaded = from_json(file(*({"view": view} for view in views)), vocab)
    assert [step.view for step in loaded.steps] == ["", "category=grsi",
                                                    "category=mpdp&zoom=central-america-caribbean", "program=M5",
                                                    "program=IGC", "program=IGC&country=CAN"]
    with pytest.raises(BriefingError, match="XYZ"):
        from_json(file({"view": "program=XYZ"}), vocab)


# --- the file -------------------------------------------------------------------------------------------------------

def test_the_file_round_trips_and_is_the_documented_format():
    briefing = sample()
    text = to_json(briefing)
    assert from_json(text, VOCAB) == briefing
    assert from_json(text.encode("utf-8"), VOCAB) == briefing
    assert from_json(b"\xef\xbb\xbf" + text.encode("utf-8"), VOCAB) == briefing  # a byte order mark
    data = json.loads(text)
    assert data["version"] == 1 and len(data["steps"]) == 4
    assert data["steps"][1] == {"view": "category=grsi&zoom=europe",
                                "caption": {"en": {"title": "GRSI in Europe", "note": ""}}}
    assert data["steps"][2] == {"view": "category=mpdp&zoom=central-america-caribbean", "caption": {}}
    assert "Aperçu" in text  # UTF-8, not \\u escapes


def test_an_empty_briefing_is_a_briefing():
    assert from_json(file(), VOCAB) == Briefing(())
    assert to_json(Briefing()) == '{\n  "version": 1,\n  "steps": []\n}\n'


def test_markup_in_captions_is_kept_as_text_through_the_file_and_the_link():
    briefing = from_json(file({"view": "", "caption": {"en": {"title": MARKUP[:MAX_TITLE], "note": MARKUP},
                                                       "fr": {"title": "«\u00a0$x$\u00a0»", "note": "{{ }} #set"}}}),
                         VOCAB)
    caption = briefing.steps[0].caption
    assert caption["en"] == Caption(MARKUP[:MAX_TITLE].strip(), MARKUP)
    assert caption["fr"] == Caption("«\u00a0$x$\u00a0»", "{{ }} #set")
    assert from_json(to_json(briefing), VOCAB) == briefing
    assert from_param(to_param(briefing), VOCAB) == briefing


def test_captions_are_stripped_newlines_normalised_tabs_kept_and_empty_ones_dropped():
    briefing = from_json(file({"view": "", "caption": {
        "en": {"title": "  Title\t ", "note": "\r\none\r\ntwo\rthree\tfour \n"},
        "fr": {"title": " ", "note": ""}}}), VOCAB)
    assert briefing.steps[0].caption == {"en": Caption("Title", "one\ntwo\nthree\tfour")}
    assert from_json(file({"view": "", "caption": {"en": {"title": "Only a title"}}}), VOCAB).steps[0].caption == {
        "en": Caption("Only a title", "")}


def test_the_limits_are_inclusive():
    briefing = from_json(file(*({"view": "", "caption": {"en": {"title": "t" * MAX_TITLE, "note": "n" * MAX_NOTE}}}
                                for _ in range(MAX_STEPS))), VOCAB)
    assert len(briefing.steps) == MAX_STEPS
    assert len(to_json(briefing).encode("utf-8")) < MAX_FILE_BYTES  # a full briefing fits in a file


STEP2 = {"view": "zoom=europe"}

# (file's text, the message's key, the step it names or None, what else the message must repeat)
ERRORS = [
    ("{nope", "briefing_error_not_json", None, "1"),
    ("", "briefing_error_not_json", None, "1"),
    ("[1, 2]", "briefing_error_not_object", None, None),
    ('"steps"', "briefing_error_not_object", None, None),
    ("[" * 100_000, "briefing_error_not_json", None, None),
    ('{"version": 1, "steps": [], "tilte": 1}', "briefing_error_file_field", None, "tilte"),
    ('{"steps": []}', "briefing_error_version_missing", None, "1"),
    (file(version=2), "briefing_error_version", None, "2"),
    (file(version=True), "briefing_error_version", None, "true"),
    (file(version="1"), "briefing_error_version", None, '"1"'),
    (file(version=1.0), "briefing_error_version", None, "1.0"),
    ('{"version": 1}', "briefing_error_steps", None, None),
    ('{"version": 1, "steps": {"1": {}}}', "briefing_error_steps", None, None),
    (file(*[{"view": ""}] * (MAX_STEPS + 1)), "briefing_error_too_many_steps", None, str(MAX_STEPS)),
    (file(STEP2, 5), "briefing_error_step_not_object", 2, None),
    (file(STEP2, {"view": "", "captions": {}}), "briefing_error_step_field", 2, "captions"),
    (file(STEP2, {"caption": {}}), "briefing_error_view_type", 2, "zoom=europe"),
    (file(STEP2, {"view": 3}), "briefing_error_view_type", 2, None),
    (file(STEP2, {"view": "program=" + "IGC," * 600}), "briefing_error_view_too_long", 2, None),
    (file(STEP2, {"view": "colour=red"}), "briefing_error_view_setting", 2, "colour"),
    (file(STEP2, {"view": "program=GRSI,XYZ"}), "briefing_error_unknown_program", 2, "XYZ"),
    (file(STEP2, {"view": "program=igc"}), "briefing_error_unknown_program", 2, "igc"),
    (file(STEP2, {"view": "country=ZZZ"}), "briefing_error_unknown_country", 2, "ZZZ"),
    (file(STEP2, {"view": "zoom=mars"}), "briefing_error_unknown_zoom", 2, "mars"),
    (file(STEP2, {"view": "category=grsi,nope"}), "briefing_error_unknown_category", 2, "nope"),
    (file(STEP2, {"view": "region=atlantis"}), "briefing_error_unknown_region", 2, "atlantis"),
    (file(STEP2, {"view": "years=1990-1995"}), "briefing_error_unknown_years", 2, "1990-1995"),
    (file(STEP2, {"view": "years=2019-2017"}), "briefing_error_unknown_years", 2, "2019-2017"),
    (file(STEP2, {"view": "years=20x7"}), "briefing_error_unknown_years", 2, "20x7"),
    (file(STEP2, {"view": "confirmed=oui"}), "briefing_error_unknown_confirmed", 2, "oui"),
    (file(STEP2, {"view": "program=" + "Q" * 100}), "briefing_error_unknown_program", 2, "Q" * 39 + "…"),
    (file(STEP2, {"view": "", "caption": "hi"}), "briefing_error_caption_not_object", 2, None),
    (file(STEP2, {"view": "", "caption": {"de": {"title": "Hallo"}}}), "briefing_error_caption_lang", 2, "de"),
    (file(STEP2, {"view": "", "caption": {"en": "hello"}}), "briefing_error_caption_entry", 2, "(en)"),
    (file(STEP2, {"view": "", "caption": {"fr": {"titre": "x"}}}), "briefing_error_step_field", 2,
     "caption.fr.titre"),
    (file(STEP2, {"view": "", "caption": {"en": {"title": 5}}}), "briefing_error_text_type", 2, "(en)"),
    (file(STEP2, {"view": "", "caption": {"fr": {"note": ["x"]}}}), "briefing_error_text_type", 2, "(fr)"),
    (file(STEP2, {"view": "", "caption": {"en": {"title": "t" * (MAX_TITLE + 1)}}}),
     "briefing_error_text_too_long", 2, str(MAX_TITLE)),
    (file(STEP2, {"view": "", "caption": {"fr": {"note": "n" * (MAX_NOTE + 1)}}}),
     "briefing_error_text_too_long", 2, str(MAX_NOTE)),
    (file(STEP2, {"view": "", "caption": {"en": {"note": "ring\x07"}}}), "briefing_error_text_control", 2, "U+0007"),
    (file(STEP2, {"view": "", "caption": {"en": {"title": "a\x00b"}}}), "briefing_error_text_control", 2, "U+0000"),
    (file(STEP2, {"view": "", "caption": {"en": {"title": "a\u0085b"}}}), "briefing_error_text_control", 2, "U+0085"),
    ('{"version": 1, "steps": [{"view": "", "caption": {"en": {"title": "\\ud800"}}}]}',
     "briefing_error_text_control", 1, "U+D800"),
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("text, key, step, repeated", ERRORS, ids=[f"{e[1][15:]}-{i}" for i, e in enumerate(ERRORS)])
def test_each_refusal_says_why_in_the_pages_language_naming_the_step(text, key, step, repeated, lang):
    with pytest.raises(BriefingError) as caught:
        from_json(text, VOCAB, lang)
    error = caught.value
    assert error.key == key
    message = str(error)
    assert message == error.message(lang) != error.message("fr" if lang == "en" else "en")
    if step is not None:
        assert message.startswith(("Step", "Étape")[lang == "fr"] + f" {step}"), message
    if repeated is not None:
        assert repeated in message, message
    if lang == "fr":  # our words read as French (what the file says is repeated as is, between « »)
        assert french.problems(re.sub("«\u00a0.*?\u00a0»", "«\u00a0\u00a0»", message)) == [], message


def test_a_field_is_named_in_the_pages_language():
    text = file({"view": "", "caption": {"en": {"title": "t" * 200}}})
    with pytest.raises(BriefingError) as caught:
        from_json(text, VOCAB, "fr")
    assert str(caught.value) == "Étape 1, titre (en)\u00a0: 200 caractères, plus que les 120 permis."
    assert caught.value.message("en") == "Step 1, title (en): 200 characters, more than the 120 allowed."


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_file_not_utf8_is_refused(lang):
    with pytest.raises(BriefingError) as caught:
        from_json(b'{"version": 1, "steps": [{"view": "\xff"}]}', VOCAB, lang)
    assert caught.value.key == "briefing_error_encoding"
    assert "UTF-8" in str(caught.value)


@pytest.mark.parametrize("kind", [bytes, str])
def test_a_50_mb_file_is_refused_by_its_size_before_it_is_decoded(kind, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(bf.json, "loads", never)
    payload = file({"view": "", "caption": {"en": {"note": "x" * (50 * 1024 * 1024)}}})
    payload = payload.encode("utf-8") if kind is bytes else payload
    started = time.perf_counter()
    with pytest.raises(BriefingError) as caught:
        from_json(payload, VOCAB, "fr")
    assert time.perf_counter() - started < 0.5
    assert caught.value.key == "briefing_error_too_large"
    assert "51\u00a0201\u00a0Ko" in str(caught.value) and "256\u00a0Ko" in str(caught.value)
    with pytest.raises(BriefingError, match="too large"):
        from_json(b" " * (MAX_FILE_BYTES + 1), VOCAB)
    with pytest.raises(AssertionError, match="parsed"):
        from_json(b" " * MAX_FILE_BYTES, VOCAB)  # at the limit: read


def test_an_error_leaves_no_partial_briefing_and_the_first_fault_is_the_one_named():
    text = file({"view": "zoom=europe"}, {"view": "zoom=mars"}, {"view": "program=XYZ"})
    with pytest.raises(BriefingError, match="Step 2") as caught:
        from_json(text, VOCAB)
    assert "mars" in str(caught.value) and "XYZ" not in str(caught.value)


# --- the link -------------------------------------------------------------------------------------------------------

def test_the_link_round_trips_and_survives_a_query_parameter():
    briefing = sample()
    param = to_param(briefing)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", param) and len(param) <= MAX_PARAM
    query = urlencode({"lang": "fr", "briefing": param, "step": 2})
    assert parse_qs(query)["briefing"] == [param]
    assert from_param(param, VOCAB) == briefing


def test_a_full_briefing_too_long_for_a_link_is_refused_with_advice_to_save_a_file():
    briefing = Briefing(tuple(Step("", {"en": Caption(words(MAX_TITLE, i), words(MAX_NOTE, i + 100))})
                              for i in range(MAX_STEPS)))
    with pytest.raises(BriefingError) as caught:
        to_param(briefing, "fr")
    assert caught.value.key == "briefing_error_too_long_for_link"
    assert "enregistrez-le dans un fichier" in str(caught.value)
    assert from_json(to_json(briefing), VOCAB) == briefing  # the file holds it


def packed(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(zlib.compress(data)).decode("ascii").rstrip("=")


@pytest.mark.parametrize("param, key", [
    ("", "briefing_error_link_damaged"),
    (None, "briefing_error_link_damaged"),
    ("A" * (MAX_PARAM + 1), "briefing_error_link_too_long"),
    ("abc!def", "briefing_error_link_damaged"),
    ("abc=", "briefing_error_link_damaged"),
    ("abcd", "briefing_error_link_damaged"),  # base64, not zlib
    (packed(b'{"version": 1, "steps": []}')[:-4], "briefing_error_link_damaged"),  # cut short
    (packed(b"\xff\xfe"), "briefing_error_link_damaged"),
    (packed(b"not json"), "briefing_error_link_damaged"),
    (packed(b" " * (MAX_FILE_BYTES + 1)), "briefing_error_link_too_large"),  # a few hundred characters
    (packed(b" " * 4_000_000), "briefing_error_link_too_large"),  # a thousand to one
    (packed(b'{"version": 2, "steps": []}'), "briefing_error_version"),
    (packed(b'{"version": 1, "steps": [{"view": "program=XYZ"}]}'), "briefing_error_unknown_program"),
], ids=lambda value: value[:20] if isinstance(value, str) else None)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_link_is_refused_with_a_clear_message(param, key, lang):
    with pytest.raises(BriefingError) as caught:
        from_param(param, VOCAB, lang)
    assert caught.value.key == key
    if lang == "fr":
        assert french.problems(str(caught.value)) == []


# --- the page's query -----------------------------------------------------------------------------------------------

def long_briefing() -> Briefing:
    return Briefing(tuple(Step(view, {"en": Caption(words(60, i), words(150, i + 50)),
                                      "fr": Caption(words(60, i + 9), words(150, i + 90))})
                          for i, view in enumerate(["", "category=grsi", "program=M5", "zoom=europe"] * 2)))


def test_split_query_gives_parse_query_the_view_of_a_page_with_a_long_briefing():
    briefing = long_briefing()
    search = with_briefing("?lang=fr&category=grsi&zoom=europe&present=1", briefing, 3)
    assert len(search) > MAX_QUERY  # parse_query alone would ignore it all
    assert parse_query(VOCAB, search) == ViewState()
    view, param, step = split_query(search)
    assert view == "?lang=fr&category=grsi&zoom=europe&present=1"
    assert parse_query(VOCAB, view) == ViewState(lang="fr", categories=("grsi",), zoom="europe", presenting=True)
    assert from_param(param, VOCAB) == briefing and step == 3


@pytest.mark.parametrize("search, expected", [
    ("", ("", None, None)),
    (None, ("", None, None)),
    ("?", ("", None, None)),
    ("?lang=fr", ("?lang=fr", None, None)),
    ("zoom=europe&step=2", ("zoom=europe", None, 2)),
    ("?step=2&briefing=abc&zoom=europe&lang=en", ("?zoom=europe&lang=en", "abc", 2)),
    ("?briefing=&step=0", ("", None, None)),
    ("?step=-1&step=x", ("", None, None)),
    ("?step=1" + "0" * 5000, ("", None, None)),
    ("?%62riefing=abc&st%65p=4", ("", "abc", 4)),
])
def test_split_query(search, expected):
    assert split_query(search) == expected


def test_with_briefing_builds_the_pages_query_and_clamps_the_step():
    briefing = sample()
    param = to_param(briefing)
    assert with_briefing("?lang=en&zoom=europe", briefing, 2) == f"?lang=en&zoom=europe&briefing={param}&step=2"
    assert with_briefing("zoom=europe", briefing, None) == f"?zoom=europe&briefing={param}"
    assert with_briefing("", briefing, 99).endswith("&step=4")
    assert with_briefing("", briefing, 0).endswith("&step=1")
    assert with_briefing(f"?lang=fr&briefing=old&step=3", briefing, 1) == f"?lang=fr&briefing={param}&step=1"
    assert with_briefing("?lang=fr&briefing=old&step=3", None, 2) == "?lang=fr"
    assert with_briefing("?lang=fr", Briefing(), 1) == "?lang=fr"
    assert with_briefing("", None) == ""
    assert split_query(with_briefing("?lang=fr", briefing, 2)) == ("?lang=fr", param, 2)


def test_the_longest_page_address_fits_the_servers_request_line():
    """A view of MAX_QUERY characters with a briefing of MAX_PARAM: gunicorn still reads the request line."""
    config = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text(encoding="utf-8")
    limit = int(re.search(r"^limit_request_line = (\d+)", config, re.MULTILINE).group(1))
    longest = f"GET /?{'v' * MAX_QUERY}&briefing={'b' * MAX_PARAM}&step={MAX_STEPS} HTTP/1.1"
    assert len(longest) <= limit


def test_clamp_step():
    briefing = sample()
    assert [clamp_step(briefing, n) for n in (None, -3, 0, 1, 4, 5, 99)] == [None, 1, 1, 1, 4, 4, 4]
    assert clamp_step(Briefing(), 1) is None and clamp_step(None, 1) is None


# --- captions in the page's language ---------------------------------------------------------------------------------

def test_caption_for_prefers_the_pages_language_then_marks_the_other():
    both, english, none, french_only = sample().steps
    assert caption_for(both, "fr") == (Caption("Aperçu", "Tous les engagements du Canada."), False)
    assert caption_for(both, "en") == (Caption("Overview", "All of Canada's engagements."), False)
    assert caption_for(english, "fr") == (Caption("GRSI in Europe", ""), True)
    assert caption_for(french_only, "en") == (Caption("Le M5", "Migration Five\nCinq pays."), True)
    assert caption_for(none, "en") == (None, False)
    assert caption_for(english, "de") == (Caption("GRSI in Europe", ""), False)  # unknown language: English


# --- operations -----------------------------------------------------------------------------------------------------

def test_add_takes_a_state_or_a_checked_query_and_refuses_past_the_limit():
    start = Briefing()
    one = add(start, ViewState(lang="fr", presenting=True, zoom="europe", programs=("M5",)))
    assert start == Briefing() and one.steps == (Step("program=M5&zoom=europe", {}),)
    two = add(one, "?zoom=europe&program=M5&lang=fr", {"fr": {"title": " Titre ", "note": ""}}, vocab=VOCAB)
    assert two.steps[1] == Step("program=M5&zoom=europe", {"fr": Caption("Titre", "")})
    assert add(one, "", {"en": Caption("A", "B")}, vocab=VOCAB).steps[1].caption == {"en": Caption("A", "B")}
    with pytest.raises(BriefingError, match="Step 3.*XYZ"):
        add(two, "program=XYZ", vocab=VOCAB)
    with pytest.raises(BriefingError, match="Étape 3, titre \\(en\\)"):
        add(two, "", {"en": {"title": "t" * (MAX_TITLE + 1)}}, vocab=VOCAB, lang="fr")
    with pytest.raises(TypeError):
        add(two, "zoom=europe")
    full = Briefing((Step(""),) * MAX_STEPS)
    with pytest.raises(BriefingError) as caught:
        add(full, ViewState(), lang="fr")
    assert caught.value.key == "briefing_error_full" and "30" in str(caught.value)


def test_remove_and_move_are_numbered_from_one_and_move_stops_at_the_ends():
    briefing = sample()
    a, b, c, d = briefing.steps
    assert remove(briefing, 1).steps == (b, c, d)
    assert remove(briefing, 4).steps == (a, b, c)
    assert move(briefing, 1, 1).steps == (b, a, c, d)
    assert move(briefing, 3, -2).steps == (c, a, b, d)
    assert move(briefing, 1, -1) == briefing
    assert move(briefing, 4, 1) == briefing
    assert move(briefing, 2, 99).steps == (a, c, d, b)
    assert briefing == sample()  # untouched
    for number in (0, 5, -1, True, "1"):
        with pytest.raises(BriefingError) as caught:
            remove(briefing, number, "fr")
        assert caught.value.key == "briefing_error_no_step"
        with pytest.raises(BriefingError):
            move(briefing, number, 1)


def test_set_caption_checks_the_same_limits_and_removes_an_emptied_caption():
    briefing = sample()
    changed = set_caption(briefing, 2, "fr", " L'IMPR en Europe ", "Ligne 1\r\nLigne 2")
    assert changed.steps[1].caption == {"en": Caption("GRSI in Europe", ""),
                                        "fr": Caption("L'IMPR en Europe", "Ligne 1\nLigne 2")}
    assert list(set_caption(briefing, 4, "en", "M5", "").steps[3].caption) == ["en", "fr"]  # en first
    assert set_caption(briefing, 2, "en", "", "  ").steps[1].caption == {}
    assert set_caption(briefing, 1, "en", MARKUP[:MAX_TITLE], MARKUP).steps[0].caption["en"].note == MARKUP
    assert briefing == sample()
    for args, key in [((2, "de", "T", ""), "briefing_error_caption_lang"),
                      ((2, "en", "t" * (MAX_TITLE + 1), ""), "briefing_error_text_too_long"),
                      ((2, "en", "", "n" * (MAX_NOTE + 1)), "briefing_error_text_too_long"),
                      ((2, "en", "\x1b[31m", ""), "briefing_error_text_control"),
                      ((2, "en", 5, ""), "briefing_error_text_type"),
                      ((9, "en", "T", ""), "briefing_error_no_step")]:
        with pytest.raises(BriefingError) as caught:
            set_caption(briefing, *args, lang="fr")
        assert caught.value.key == key
        assert french.problems(str(caught.value)) == []


# --- the strings ----------------------------------------------------------------------------------------------------

def test_every_message_the_module_can_give_is_in_the_catalogue_and_every_briefing_string_is_used():
    source = Path(bf.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(briefing_(?:error|field)_\w+)"', source))
    used |= {f"briefing_field_{field}" for field in ("title", "note")}
    used |= {f"briefing_error_unknown_{what}" for what in ("category", "program", "region", "country", "zoom",
                                                           "years")}
    catalogue = {key for key in i18n.STRINGS if key.startswith(("briefing_error_", "briefing_field_"))}
    assert used == catalogue
    # The page's own briefing words (dashboard/ui/components/briefing.py) are used there.
    ui = Path(bf.__file__).parents[1] / "ui"
    page = "".join((ui / name).read_text(encoding="utf-8") for name in (
        "components/briefing.py", "exports/briefings.py", "exports/snapshot.py"))
    words = {key for key in i18n.STRINGS if key.startswith("briefing_")} - catalogue
    unused = sorted(key for key in words
                    if f'"{key}"' not in page and not (key.startswith("briefing_language_") and "briefing_language_" in page))
    assert unused == []
