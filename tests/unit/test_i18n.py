"""Tests for dashboard.i18n: both languages complete, placeholders matching, Babel formatting per locale."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest

from dashboard.core import i18n, schema
from dashboard.core.i18n import STRINGS, format_money, format_number, plural, t

NARROW_SPACES = {"\u00a0": " ", "\u202f": " "}


def plain(text: str) -> str:
    """CLDR separates French thousands with a (narrow) no-break space; compare with plain spaces."""
    for special, space in NARROW_SPACES.items():
        text = text.replace(special, space)
    return text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# --- the string table -------------------------------------------------------------------------------------------

def missing_texts() -> list[str]:
    """Every key of the string table without a text in each language, with what it lacks."""
    faults = []
    for key, entry in sorted(STRINGS.items()):
        if set(entry) != set(i18n.LANGS):
            faults.append(f"{key}: languages {sorted(entry)}")
        faults += [f"{key}: no {lang} text" for lang in i18n.LANGS
                   if not (isinstance(entry.get(lang), str) and entry[lang].strip())]
    return faults


def placeholder_mismatches() -> list[str]:
    return [key for key, entry in sorted(STRINGS.items()) if placeholders(entry["en"]) != placeholders(entry["fr"])]


def test_every_string_has_english_and_french():
    assert missing_texts() == []


def test_english_and_french_have_the_same_placeholders():
    assert placeholder_mismatches() == []


def test_the_completeness_checks_catch_a_missing_french_string_and_a_placeholder(monkeypatch):
    # The checks above must be able to fail: with a French string taken out, blank, or a placeholder renamed, they do.
    monkeypatch.setitem(STRINGS, "title", {"en": STRINGS["title"]["en"]})
    assert missing_texts() == ["title: languages ['en']", "title: no fr text"]
    monkeypatch.setitem(STRINGS, "title", {"en": STRINGS["title"]["en"], "fr": " "})
    assert missing_texts() == ["title: no fr text"]
    monkeypatch.setitem(STRINGS, "hover_more", {"en": "and {n} more", "fr": "et {count} de plus"})
    assert placeholder_mismatches() == ["hover_more"]


@pytest.mark.parametrize("prefix, values", [
    ("role", schema.ROLES), ("status", schema.STATUSES), ("cat", schema.CATEGORIES), ("program", schema.PROGRAMS),
    ("region", schema.REGIONS),
], ids=["role", "status", "cat", "program", "region"])
def test_every_value_the_data_allows_has_a_string(prefix, values):
    missing = [f"{prefix}_{value}" for value in values if f"{prefix}_{value}" not in STRINGS]
    assert missing == []


def test_every_category_has_a_short_label():
    assert [f"cat_short_{c}" for c in schema.CATEGORIES if f"cat_short_{c}" not in STRINGS] == []


# --- t and plural -----------------------------------------------------------------------------------------------

def test_t_picks_the_language_and_fills_placeholders():
    assert t("years_range", "en", start=2019, end=2020) == "2019 to 2020"
    assert t("years_range", "fr", start=2019, end=2020) == "2019 à 2020"
    assert t("legend_title", "fr") == "Légende"


@pytest.mark.parametrize("lang", ["de", "", None, "EN", "fr-CA"])
def test_t_falls_back_to_english(lang):
    assert t("legend_title", lang) == STRINGS["legend_title"]["en"]
    assert t("years_from", lang, start=2014) == "From 2014"


def test_plural_uses_the_one_variant_for_exactly_one():
    assert plural("countries_count", 1, "en") == "1 country"
    assert plural("countries_count", 1, "fr") == "1 pays"
    assert plural("countries_count", 0, "en") == "0 countries"
    assert plural("countries_count", 2, "en") == "2 countries"
    assert plural("details_hidden", 3, "fr") == "3 engagements de ce pays sont masqués par les filtres."
    assert plural("details_hidden", 1, "fr") == "1 engagement de ce pays est masqué par les filtres."


def test_french_takes_the_singular_for_zero_and_one():
    assert plural("details_count", 0, "fr") == "0 engagement"
    assert plural("details_count", 1, "fr") == "1 engagement"
    assert plural("programs_count", 0, "fr") == "0 programme ou forum"
    assert plural("countries_count", 0, "en") == "0 countries" and plural("programs_count", 0, "en") == \
        "0 programs and forums"
    assert plural("details_hidden", 0, "fr") == "0 engagement de ce pays est masqué par les filtres."


def test_plural_formats_the_number_per_locale():
    assert plural("countries_count", 2000, "en") == "2,000 countries"
    assert plain(plural("countries_count", 2000, "fr")) == "2 000 pays"


# --- numbers, money, dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, en, fr", [
    (21000000, "$21 million", "21 millions de dollars"),  # whole millions in words, as the sources write them
    (1000000, "$1 million", "1 million de dollars"),
    (21500000, "$21,500,000", "21 500 000 $"),
    (300000, "$300,000", "300 000 $"),
    (700000, "$700,000", "700 000 $"),
    (0, "$0", "0 $"),
    (1500, "$1,500", "1 500 $"),
])
def test_format_money(value, en, fr):
    assert format_money(value, "en") == en
    assert plain(format_money(value, "fr")) == fr


def test_format_money_is_whole_dollars_and_canadian():
    assert format_money(21000000.0, "en") == "$21 million"  # amounts come as floats from the CSV
    assert format_money(700000.0, "en") == "$700,000"
    assert "CA" not in format_money(300000, "en") and "US" not in format_money(300000, "en")
    assert format_money(300000, "de") == "$300,000"


@pytest.mark.parametrize("value, en, fr", [
    (0, "0", "0"), (7, "7", "7"), (1234, "1,234", "1 234"), (1234567, "1,234,567", "1 234 567"),
    (1234.5, "1,234.5", "1 234,5"),
])
def test_format_number(value, en, fr):
    assert format_number(value, "en") == en
    assert plain(format_number(value, "fr")) == fr


def test_format_day():
    day = dt.date(2026, 11, 24)
    assert i18n.format_day(day, "en") == "November 24, 2026"
    assert i18n.format_day(day, "fr") == "24 novembre 2026"


def test_format_day_writes_the_first_as_canada_ca_does():
    assert i18n.format_day(dt.date(2019, 3, 1), "fr") == "1er mars 2019"
    assert i18n.format_day(dt.date(2019, 3, 1), "en") == "March 1, 2019"
    assert i18n.format_day(dt.date(2019, 3, 11), "fr") == "11 mars 2019"


def test_both_languages_gives_english_then_french():
    assert i18n.both_languages("http_404") == "Not found. / Introuvable."


# What plotly.js's toolbar and notices say on a geo map, as its own source writes them (and its locale files key them).
GEO_MAP_MESSAGES = ("Download plot as a PNG", "Preparing image - this may take a few seconds",
                    "Image download succeeded", "Sorry, there was a problem downloading your image!", "Pan", "Zoom in",
                    "Zoom out", "Reset", "Toggle show closest data on hover", "Double-click to zoom back out")


def test_plotly_locale_translates_what_plotly_says_on_a_geo_map():
    import plotly

    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    french, english = i18n.plotly_locale("fr")["dictionary"], i18n.plotly_locale("en")["dictionary"]
    assert french["Zoom in"] == "Zoom avant" and french["Reset"] == "Réinitialiser la vue"
    assert english["Download plot as a PNG"] == "Download the map as a PNG image"
    for message in GEO_MAP_MESSAGES:
        assert french[message] and french[message] != message and english[message], message
    for message in french:  # every key is a message plotly.js says, or plotly would never ask for it
        assert f'"{message}"' in bundle, message


def test_normalize_lang():
    assert [i18n.normalize_lang(v) for v in ("en", "fr", "de", None, ["fr"], "FR")] == ["en", "fr", "en", "en",
                                                                                       "en", "en"]


def test_format_month():
    import datetime as dt
    from dashboard.core.i18n import format_month
    assert format_month(dt.date(2025, 5, 1), "en") == "May 2025"
    assert format_month(dt.date(2025, 5, 1), "fr") == "mai 2025"
