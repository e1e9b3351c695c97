"""Sources of every fact shown, the geometry credit and the data's "Date modified" line."""

from dash import html

from dashboard.core import i18n
from dashboard.core.load import Dataset
from dashboard.core.schema import SOURCE_COLUMNS
from dashboard.core.state import ViewState


def sources(dataset: Dataset, lang: str) -> list[str]:
    """Every distinct source named in the data, in lang, split on ';', in a stable order."""
    column = SOURCE_COLUMNS[i18n.normalize_lang(lang)]
    named = [*dataset.engagements[column], *dataset.programs[column], *dataset.funding[column],
             *dataset.reasons[column]]
    parts = {part.strip() for source in named for part in source.split(";") if part.strip()}
    return sorted(parts, key=str.casefold)


def footer(dataset: Dataset, state: ViewState) -> html.Footer:
    lang = state.lang
    return html.Footer(className="site-footer", children=[
        html.H2(i18n.t("sources_title", lang)),
        html.P(i18n.t("sources_note", lang)),
        html.Ul([html.Li(source) for source in sources(dataset, lang)], className="sources"),
        html.P(i18n.t("geometry_credit", lang), className="hint"),
        # Canada.ca's own footer line writes the date as YYYY-MM-DD in both languages.
        html.P([i18n.t("date_modified", lang), " ", html.Time(dataset.date_modified.isoformat(),
                                                                dateTime=dataset.date_modified.isoformat())],
               className="date-modified"),
    ])
