"""The details panel: a selected country's engagements, or the program overview when none is selected."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import html

from dashboard.core import filtering, i18n, look
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.citations import row_citations
from dashboard.core.text import country_name, leading_first, years_text
from dashboard.ui.components.citations import citation_list


def _field(label: str, value: object, class_name: str | None = None) -> list:
    extra = {"className": class_name} if class_name else {}
    return [html.Dt(label, **extra), html.Dd(value, **extra)]


def _sources_field(dataset: Dataset, row: pd.Series, lang: str) -> list:
    """The row's citations, each a link; on paper the footer lists them instead (assets/style.css)."""
    return _field(i18n.t("field_sources", lang), citation_list(row_citations(dataset.sources, row, lang), lang),
                  "sources-field")


def engagement_card(dataset: Dataset, row: pd.Series, lang: str, opened: bool = True) -> html.Details:
    """One engagement: its key facts on one line (program, role, years, status as of the data's year, confirmation),
    so that a country's card fits a projector without scrolling; pressing the line opens or closes the program's
    full name, the description, category, amount and sources (open on the page, closed while presenting). As few
    components as its parts need: the page renders them all on each pick of a country."""
    program = row["program"]
    amount = row["amount_cad"]
    confirmed = bool(row["confirmed"])
    key = look.LEGEND_KEYS[row["category"]]
    return html.Details(className="engagement more" + ("" if confirmed else " unconfirmed"), open=opened, children=[
        html.Summary(className="key-facts", children=[
            html.Span(key.glyph, className="glyph", style={"color": key.color}, **{"aria-hidden": "true"}), " ",
            html.Strong(i18n.t(f"program_{program}", lang), className="program-short"), " · ",
            html.Strong(i18n.t(f"role_{row['role']}", lang), className="role"),
            " · " + years_text(row["start_year"], row["end_year"], lang) + " · "
            + i18n.t(f"status_{row['status']}", lang) + " · ",
            html.Span(i18n.t("confirmed_yes" if confirmed else "confirmed_no", lang),
                      className="confirmed" if confirmed else "not-confirmed")]),
        html.H4(dataset.programs.at[program, f"name_{lang}"]),
        html.P(row[f"description_{lang}"], className="description"),
        html.Dl(className="facts", children=[
            # The line's marker says it too: a print leaves it out (assets/style.css).
            *_field(i18n.t("field_category", lang), i18n.t(f"cat_{row['category']}", lang), "fact-category"),
            *_field(i18n.t("field_amount", lang),
                    i18n.t("amount_unknown", lang) if pd.isna(amount) else i18n.format_money(amount, lang)),
            *_sources_field(dataset, row, lang),
        ]),
    ])


def profile_link(iso3: str, lang: str) -> html.P:
    """The country's profile (every engagement, whatever the filters) as a PDF from the server's export route;
    relative to the page, so that a path prefix carries over."""
    href = f"export/profile.pdf?{urlencode({'country': iso3, 'lang': lang})}"
    return html.P(html.A(i18n.t("profile_link", lang), href=href, className="profile-link", download=""),
                  className="profile")


def country_details(dataset: Dataset, state: ViewState) -> list:
    lang, iso3 = state.lang, state.country
    everything = dataset.engagements[dataset.engagements["iso3"] == iso3]
    shown = filtering.filter_engagements(everything, state.filters)
    children: list = [html.H3(country_name(dataset, iso3, lang), className="country-name"), profile_link(iso3, lang)]
    if everything.empty:
        children.append(html.P(i18n.t("details_none", lang), className="empty"))
        return children
    children.append(html.P([i18n.plural("details_count", len(shown), lang), " · ",
                            i18n.t("status_as_of_short", lang, year=dataset.status_as_of),
                            html.Span(" · " + i18n.t("details_more_hint", lang), className="normal-hint")],
                           className="count"))
    hidden = len(everything) - len(shown)
    if hidden:
        children.append(html.P(i18n.plural("details_hidden", hidden, lang), className="hint"))
    children += [engagement_card(dataset, row, lang, not state.presenting)
                 for _, row in leading_first(shown).iterrows()]
    return children


def program_card(dataset: Dataset, program: str, lang: str, members: int | None = None) -> html.Article:
    """What a program or forum is, Canada's role, its theme where known, and how many countries the data shows."""
    row = dataset.programs.loc[program]
    if members is None:
        members = dataset.engagements.loc[dataset.engagements["program"] == program, "iso3"].nunique()
    facts = _field(i18n.t("canada_role", lang), row[f"canada_role_{lang}"])
    if row[f"theme_{lang}"]:
        facts += _field(i18n.t("theme", lang), row[f"theme_{lang}"])
    facts += _field(i18n.t("members_count", lang), i18n.format_number(int(members), lang))
    facts += _sources_field(dataset, row, lang)
    return html.Article(className="program", children=[
        html.H4(row[f"name_{lang}"]), html.P(row[f"about_{lang}"]), html.Dl(facts, className="facts")])


def overview(dataset: Dataset, state: ViewState) -> list:
    lang = state.lang
    funding = dataset.funding
    streams = []
    for _, row in funding.iterrows():
        key = "funding_approx" if row["approximate"] == "yes" else "funding_exact"
        amount = i18n.t(key, lang, amount=i18n.format_money(row["amount_cad"], lang), period=row[f"period_{lang}"])
        streams.append(html.Li([html.Strong(amount, className="amount"), html.Br(), row[f"name_{lang}"],
                                html.Div([i18n.t("export_sources", lang),
                                          citation_list(row_citations(dataset.sources, row, lang), lang)],
                                         className="source")]))
    for _, total in filtering.funding_totals(funding).iterrows():
        key = "funding_approx" if total["approximate"] == "yes" else "funding_exact"
        amount = i18n.format_money(total["amount_cad"], lang)
        streams.append(html.Li(html.Strong(i18n.t("funding_total", lang, n=int(total["streams"]),
                                                  amount=i18n.t(key, lang, amount=amount,
                                                                period=total[f"period_{lang}"]))),
                               className="total"))
    cards = [program_card(dataset, program, lang) for program in dataset.programs.index]
    reasons = dataset.reasons
    return [html.Div(className="overview", children=[
        html.H3(i18n.t("overview_title", lang)),
        html.H4(i18n.t("overview_funding", lang)),
        html.Ul(streams, className="funding"),
        # A forum's card above (forum_focus) is one of these: a print shows that card alone (assets/style.css).
        html.Div(className="overview-programs", children=[html.H4(i18n.t("overview_programs", lang)), *cards]),
        # On screen only: a print keeps the funding and the programs beside the map (assets/style.css).
        html.Div(className="overview-reasons", children=[
            html.H4(i18n.t("overview_why_invest", lang)),
            html.Ul([html.Li(text) for text in reasons.loc[reasons["topic"] == "invest", f"text_{lang}"]]),
            html.H4(i18n.t("overview_why_engage", lang)),
            html.Ul([html.Li(text) for text in reasons.loc[reasons["topic"] == "engage", f"text_{lang}"]]),
        ]),
    ])]


def forum_focus(dataset: Dataset, state: ViewState) -> list:
    """One program or forum chosen in the filters: its card first, with the countries the map now shows for it."""
    if len(state.programs) != 1:
        return []
    program = state.programs[0]
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    members = rows.loc[rows["program"] == program, "iso3"].nunique()
    return [html.Div(program_card(dataset, program, state.lang, members), className="forum-focus")]


def details_body(dataset: Dataset, state: ViewState) -> list:
    if state.country:
        return country_details(dataset, state)
    return forum_focus(dataset, state) + overview(dataset, state)
