"""Sources of every fact shown, each a link to its document; how to cite; the geometry credit and "Date modified"."""

from dash import html

from dashboard.core import i18n
from dashboard.core.citations import Citation, all_citations, how_to_cite
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.ui.components.citations import citation_list, new_tab_note


def sources(dataset: Dataset, lang: str) -> tuple[Citation, ...]:
    """Every source of the data (sources.csv), in lang, by id."""
    return all_citations(dataset.sources, lang)


def footer(dataset: Dataset, state: ViewState) -> html.Footer:
    lang = state.lang
    return html.Footer(className="site-footer", children=[
        html.H2(i18n.t("sources_title", lang)),
        html.P(i18n.t("sources_note", lang)),
        citation_list(sources(dataset, lang), lang, "sources", with_notes=True),
        html.H2(i18n.t("how_to_cite_title", lang)),
        # Plain text in its own block: a triple click selects exactly the line to copy.
        html.P(how_to_cite(dataset.metadata, lang), className="how-to-cite", title=i18n.t("how_to_cite_help", lang)),
        html.P(i18n.t("geometry_credit", lang), className="hint"),
        new_tab_note(lang),
        # Canada.ca's own footer line writes the date as YYYY-MM-DD in both languages.
        html.P([i18n.t("date_modified", lang), " ", html.Time(dataset.date_modified.isoformat(),
                                                                dateTime=dataset.date_modified.isoformat())],
               className="date-modified"),
    ])
