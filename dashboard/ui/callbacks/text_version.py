"""The text version opens and sorts here; while it is open, the view callback keeps it in step with the filters
(dashboard.ui.updates), so a change of view is still one request. The CSV holds exactly its rows."""

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.core.state import from_store, vocabulary
from dashboard.core.tables import engagement_table, next_sort, shown_rows, to_csv
from dashboard.core.text import table_file_name
from dashboard.ui import ids
from dashboard.ui.components.text_version import table_children


def register(app, live) -> None:
    # Asks only when the reader opens, closes or sorts it: a closed table never asks, whatever the view does.
    @app.callback(
        Output(ids.TABLE_BODY, "children", allow_duplicate=True), Output(ids.TABLE_SORT, "data"),
        Output(ids.TABLE_DETAILS, "hidden"), Output(ids.TABLE_TOGGLE, "aria-expanded"),
        Input(ids.TABLE_TOGGLE, "n_clicks"), Input(ids.TABLE_SORT_PICK, "data"),
        State(ids.VIEW_STATE, "data"), State(ids.TABLE_SORT, "data"), prevent_initial_call=True,
    )
    def show_table(toggles, picked, view, sort):
        # n_clicks comes from the client: anything but a whole number (a string, a list) counts as never clicked.
        shown = isinstance(toggles, int) and not isinstance(toggles, bool) and toggles % 2 == 1
        if not shown:
            return no_update, no_update, True, "false"  # hidden: nothing to build or send
        column = picked.get("column") if ctx.triggered_id == ids.TABLE_SORT_PICK and isinstance(picked, dict) else None
        sort = next_sort(sort, column)
        dataset = live.dataset
        state = from_store(vocabulary(dataset), view)
        table = engagement_table(dataset, shown_rows(dataset, state), state.lang, sort)
        return table_children(table, state.lang, sort, dataset.status_as_of), list(sort), False, "true"

    @app.callback(
        Output(ids.TABLE_DOWNLOAD_FILE, "data"), Input(ids.TABLE_DOWNLOAD, "n_clicks"),
        State(ids.VIEW_STATE, "data"), State(ids.TABLE_SORT, "data"), prevent_initial_call=True,
    )
    def download_csv(clicks, view, sort):
        if not clicks:
            raise PreventUpdate
        dataset = live.dataset
        state = from_store(vocabulary(dataset), view)
        table = engagement_table(dataset, shown_rows(dataset, state), state.lang, next_sort(sort, None))
        # A BOM so that spreadsheets open the accents right; the file is otherwise plain UTF-8 CSV.
        return {"content": "\ufeff" + to_csv(table, state.lang, dataset.status_as_of),
                "filename": table_file_name(state), "type": "text/csv"}
