"""The Canada.ca-style header: department, title and the language toggle."""

from dash import dcc, html

from dashboard.core import i18n
from dashboard.core.state import ViewState, to_query
from dashboard.ui import ids


def language_href(state: ViewState) -> str:
    other = "fr" if state.lang == "en" else "en"
    return to_query(state.replace(lang=other))


def header(state: ViewState) -> html.Header:
    lang = state.lang
    other = "fr" if lang == "en" else "en"
    return html.Header(className="site-header", children=[
        html.A(i18n.t("skip_to_map", lang), href="#map-section", className="skip-link"),
        html.Div(className="header-bar", children=[
            html.Span(i18n.t("department", lang), className="department"),
            dcc.Link(html.Span(i18n.t("other_lang_name", lang), lang=other), id=ids.HEADER_LANG_LINK,
                     href=language_href(state), className="lang-link", title=i18n.t("other_lang_label", lang),
                     refresh=False),
        ]),
        html.H1(i18n.t("title", lang), id=ids.HEADER_TITLE, className="page-title"),
    ])
