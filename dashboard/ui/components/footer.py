"""Sources of every fact shown, the geometry credit and the data's "Date modified" line."""

from dash import html

from dashboard.core import i18n
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState


def sources(dataset: Dataset) -> list[str]:
    """Every distinct source named in the data, split on ';', in a stable order."""
    named = [*dataset.engagements["source"], *dataset.programs["source"], *dataset.funding["source"],
             *dataset.reasons["source"]]
    parts = {part.strip() for source in named for part in source.split(";") if part.strip()}
    return sorted(parts, key=str.casefold)


def footer(dataset: Dataset, state: ViewState) -> html.Footer:
    lang = state.lang
    return html.Footer(className="site-footer", children=[
        html.H2(i18n.t("sources_title", lang)),
        html.P(i18n.t("sources_note", lang)),
        html.Ul([html.Li(source) for source in sources(dataset)], className="sources"),
        html.P(i18n.t("geometry_credit", lang), className="hint"),
        html.P([i18n.t("date_modified", lang), " ", html.Time(i18n.format_day(dataset.date_modified, lang),
                                                                dateTime=dataset.date_modified.isoformat())],
               className="date-modified"),
    ])
