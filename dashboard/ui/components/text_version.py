"""The text version of the map: a sortable table of the engagements shown, with sources, and its CSV export."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.core import i18n
from dashboard.core.tables import COLUMNS, SORTABLE, column_label
from dashboard.ui import ids
from dashboard.ui.components.citations import citation_list


def header_cell(column: str, lang: str, sort: tuple[str, bool], status_as_of: int) -> html.Th:
    label = column_label(column, lang, status_as_of)
    if column not in SORTABLE:
        return html.Th(label, scope="col")
    active = sort[0] == column
    direction = ("ascending" if sort[1] else "descending") if active else "none"
    arrow = ("▲" if sort[1] else "▼") if active else "↕"
    # No id: assets/app.js hands the pressed column (data-sort) to ids.TABLE_SORT_PICK.
    return html.Th(scope="col", **{"aria-sort": direction}, children=html.Button(
        [label, html.Span(f" {arrow}", **{"aria-hidden": "true"})], className="sort-button",
        title=i18n.t("table_sort", lang, column=label), **{"data-sort": column}))


def table_children(table: pd.DataFrame, lang: str, sort: tuple[str, bool], status_as_of: int) -> list:
    """The table itself (caption, header, rows): rebuilt when the view or the sort changes."""
    head = html.Thead(html.Tr([header_cell(column, lang, sort, status_as_of) for column in COLUMNS]))
    if table.empty:
        return [html.P(i18n.t("table_empty", lang), className="empty")]
    body = []
    for record in table.itertuples(index=False):
        cells = []
        for column in COLUMNS:
            value = getattr(record, column)
            if column == "country":
                # One button per row, each its own control; assets/app.js hands its country (data-iso3) to
                # ids.TABLE_ROW_PICK.
                cells.append(html.Th(html.Button(value, className="button link row-select",
                                                 **{"data-iso3": record.iso3}), scope="row"))
            elif column == "source" and "citations" in table.columns:
                cells.append(html.Td(citation_list(record.citations, lang)))  # each a link, as in the details
            else:
                cells.append(html.Td(value))
        body.append(html.Tr(cells))
    return [html.Table([html.Caption(i18n.t("table_caption", lang)), head, html.Tbody(body)], className="data-table")]


def text_version(lang: str) -> html.Section:
    """Hidden until asked for: its rows are built only while it is shown, so filter changes stay small."""
    return html.Section(className="panel text-version", **{"aria-labelledby": ids.TABLE_TOGGLE}, children=[
        html.Button(i18n.t("table_title", lang), id=ids.TABLE_TOGGLE, n_clicks=0, className="button disclosure",
                    **{"aria-expanded": "false", "aria-controls": ids.TABLE_DETAILS}),
        html.Div(id=ids.TABLE_DETAILS, hidden=True, children=[
            html.Button(i18n.t("table_download", lang), id=ids.TABLE_DOWNLOAD, n_clicks=0, className="button"),
            dcc.Download(id=ids.TABLE_DOWNLOAD_FILE),
            dcc.Store(id=ids.TABLE_SORT, data=None),
            dcc.Store(id=ids.TABLE_SORT_PICK), dcc.Store(id=ids.TABLE_ROW_PICK),
            html.Div(id=ids.TABLE_BODY, className="table-scroll", tabIndex="0", role="region",
                     **{"aria-label": i18n.t("table_title", lang)}),
        ]),
    ])
