"""The briefing book (/export/book.pdf): the whole data set, or the part a view's filters keep, as one PDF a reader can
be handed: cover, contents, the overview, a page per program or forum, a page per country, and the numbered sources
every "[n]" points to (templates/book.typ)."""

from __future__ import annotations

import pandas as pd

from dashboard.core import composition, i18n
from dashboard.core.composition import Shown
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import country_name, engagement_line, leading_first
from dashboard.ui import documents
from dashboard.ui.exports import files


class Numbers:
    """Each source cited gets a number the first time it is cited; the appendix lists them in that order."""

    def __init__(self):
        self.order: dict[str, int] = {}

    def __call__(self, citations) -> list[int]:
        return [self.order.setdefault(text, len(self.order) + 1) for text in citations]


def book(dataset: Dataset, state: ViewState, base_url: str = "") -> bytes:
    lang = state.lang
    shown = Shown.of(dataset, state.replace(country=None, zoom="world"))
    words = composition.compose(dataset, shown, base_url)
    number = Numbers()
    column = f"citations_{lang}"
    funding = []
    for _, row in dataset.funding.iterrows():
        key = "funding_approx" if row["approximate"] == "yes" else "funding_exact"
        funding.append({"amount": i18n.t(key, lang, amount=i18n.format_money(row["amount_cad"], lang),
                                         period=row[f"period_{lang}"]),
                        "name": row[f"name_{lang}"], "sources": number(row[column])})
    reasons = dataset.reasons

    def reason_items(topic: str) -> list[dict]:
        return [{"text": row[f"text_{lang}"], "sources": number(row[column])}
                for _, row in reasons[reasons["topic"] == topic].iterrows()]

    overview = {"title": i18n.t("overview_title", lang), "map": files.map_data(dataset, shown, words),
                "funding_title": i18n.t("overview_funding", lang), "funding": funding,
                "invest_title": i18n.t("overview_why_invest", lang), "invest": reason_items("invest"),
                "engage_title": i18n.t("overview_why_engage", lang), "engage": reason_items("engage")}
    rows = shown.rows
    programs = []
    for program, row in dataset.programs.iterrows():
        members = rows[rows["program"] == program]
        if members.empty:
            continue
        view = Shown.of(dataset, state.replace(programs=(program,), country=None, zoom="world"))
        names = sorted((country_name(dataset, code, lang) for code in members["iso3"].unique()), key=str.casefold)
        programs.append({"name": row[f"name_{lang}"], "about": row[f"about_{lang}"],
                         "role": i18n.t("export_labelled", lang, label=i18n.t("canada_role", lang),
                                        value=row[f"canada_role_{lang}"]),
                         "members": i18n.t("export_labelled", lang, label=i18n.t("members_count", lang),
                                           value=", ".join(names)),
                         "sources": number(row[column]),
                         "map": files.map_data(dataset, view, composition.compose(dataset, view, base_url))})
    countries = []
    for code in sorted(rows["iso3"].unique(), key=lambda c: country_name(dataset, c, lang).casefold()):
        engaged = leading_first(rows[rows["iso3"] == code])
        countries.append({"name": country_name(dataset, code, lang), "engagements": [
            {"program": i18n.t(f"program_{row['program']}", lang),
             "line": " · ".join(filter(None, (engagement_line(row, lang).split(" · ", 1)[-1],
                                              i18n.t(f"status_{row['status']}", lang),
                                              "" if pd.isna(row["amount_cad"]) else
                                              i18n.format_money(row["amount_cad"], lang)))),
             "sources": number(row[column])} for _, row in engaged.iterrows()]})
    data = {"lang": lang, "title": i18n.t("book_title", lang), "department": words.department,
            "subject": words.subtitle, "subtitle": i18n.t("title", lang), "status": words.status,
            "date": words.date_modified, "filters": words.subtitle, "toc_title": i18n.t("book_contents", lang),
            "overview": overview, "programs_title": i18n.t("book_programs", lang), "programs": programs,
            "countries_title": i18n.t("book_countries", lang), "countries": countries,
            "sources_title": i18n.t("sources_title", lang), "sources": list(number.order),
            "footer": f"{i18n.t('book_title', lang)} · {words.status} · {words.date_modified}"}
    return documents.typeset("book", data, "pdf")
