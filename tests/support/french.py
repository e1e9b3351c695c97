"""What a French reader must never see: English words of our own interface, French spacing done wrong, or a
string left untranslated. Shared by the unit tests (strings, data, the built page) and the browser test (the page
as Chromium renders it)."""

from __future__ import annotations

import csv
import re

from tests.support import DATA, SHIPPED_DATA

# Titles and names that keep their published language on the French page (the rule: "titles of documents may keep
# their published language"). Each is cited on the data rows that use it; nothing else in English is allowed.
PUBLISHED = (
    "Canada's International Migration Capacity Building and Engagement",
    "Game-Changing Solutions: Applying Innovation to the Migration Management Continuum",
    "Shaping the public narrative on migration and migrants",
    "Community sponsorship scheme launched for refugees in the UK",
    "Evaluation of IRCC’s Memberships in International Migration Forums and Organizations",
    "Evaluation of the International Migration Capacity Building Program – Funded projects component",
    "Evaluation of the Migration Cooperation and Engagement Envelope (MCEE)",
    "Full Community Sponsorship",
    "Community Sponsorship Ireland",
    "Community Organisation Refugee Sponsorship (CORS)",
    "Programa Siria",
    "Disposición 3915/2014",
    "NesT (Neustart im Team)",
    "Auzolana II",
    "llamantes",
    "Migration Five",
    "Bali Process",
    "MBIE / Immigration New Zealand",
    "EMN Ireland",
    "Gulf News",
    "Natural Earth",
    "world-atlas",
    "python -m dashboard check",
    "Asylum Capacity Support Group",  # the Global Compact mechanism; no French name of it was found
)



def _published_titles() -> tuple[str, ...]:
    """The titles of sources.csv (the shipped data's and the fixture's) with no French title from their publisher:
    cited as published, data."""
    titles = []
    for folder in (SHIPPED_DATA, DATA):
        with open(folder / "sources.csv", encoding="utf-8", newline="") as handle:
            titles += [row["title_en"] for row in csv.DictReader(handle) if not row["title_fr"]]
    return tuple(dict.fromkeys(titles))


PUBLISHED_TITLES = _published_titles()
URL = re.compile(r"https?://\S+")
# Names of code and files (status_as_of, metadata.csv): the same in both languages, not words.
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[\w-]+\.(?:csv|json|md|zip|xlsx)\b")

# Words of our own interface and data in English, none of which is also a French word.
ENGLISH_WORDS = frozenset("""
    the and of with from to for by in is are not at this that these there which will was
    selected selection clear download downloaded plot pan reset autoscale found
    status confirmed unknown years year program programs partner partners member members chair
    role category amount headquarters secretariat observer observers project projects
    government news release evaluation pledge countries country website recorded about only formerly
    sponsorship refugee refugees binder stakeholders deputy minister funding fees membership per
    legend filters print presentation overview details search match loading sign something went wrong
    request method allowed large text shown hidden more none rows row showing
    capacity building approximately state states page's
""".split())

# (pattern, what is wrong): French spacing per the Translation Bureau's Guide du rédacteur.
SPACING = (
    (re.compile(r"[ \t\u202f]:"), "a plain (breaking) space before ':'"),
    (re.compile(r"(?<=[^\s\u00a0]):(?=\s|$)"), "no no-break space before ':'"),
    (re.compile(r"«(?!\u00a0)"), "no no-break space after '«'"),
    (re.compile(r"(?<!\u00a0)»"), "no no-break space before '»'"),
    (re.compile(r"[\s\u00a0\u202f][;?!]"), "a space before ';', '?' or '!'"),
)


def without_published(text: str) -> str:
    """The text without the names kept in their language, and without {placeholders} (filled in later)."""
    text = re.sub(r"\{[a-z_]+\}", "\u2063", text)
    text = URL.sub("\u2063", text)  # an address is not words
    text = CODE.sub("\u2063", text)
    for name in sorted((*PUBLISHED, *PUBLISHED_TITLES), key=len, reverse=True):
        text = text.replace(name, "\u2063")  # an invisible separator: no word, no space
    return text


def english_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[^\W\d_]+(?:'s)?", without_published(text)) if word.lower() in ENGLISH_WORDS]


def problems(text: str) -> list[str]:
    """Every fault of one French string a person reads, each with the text around it."""
    stripped = without_published(text)
    found = [f"English word {word!r} in {text!r}" for word in english_words(text)]
    for pattern, what in SPACING:
        for match in pattern.finditer(stripped):
            found.append(f"{what}: {stripped[max(0, match.start() - 25):match.end() + 25]!r}")
    return found


def all_problems(texts) -> list[str]:
    return [problem for text in texts for problem in problems(text)]
