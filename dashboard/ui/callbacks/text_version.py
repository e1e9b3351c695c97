"""The text version follows the view while it is open; its headers sort it; the CSV holds exactly its rows."""

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.core.state import from_store, vocabulary
from dashboard.core.tables import engagement_table, next_sort, shown_rows, to_csv
from dashboard.core.text import table_file_name
from dashboard.ui import ids
from dashboard.ui.components.text_version import table_children


def register(app, live) -> None:
    @app.callback(
        Output(ids.TABLE_BODY, "children"), Output(ids.TABLE_SORT, "data"), Output(ids.TABLE_DETAILS, "hidden"),
        Output(ids.TABLE_TOGGLE, "aria-expanded"),
        Input(ids.VIEW_STATE, "data"), Input(ids.TABLE_TOGGLE, "n_clicks"),
        Input({"type": ids.TABLE_SORT_BUTTON_TYPE, "column": ALL}, "n_clicks"), State(ids.TABLE_SORT, "data"),
    )
    def show_table(view, toggles, _sorts, sort):
        # n_clicks comes from the client: anything but a whole number (a string, a list) counts as never clicked.
        shown = isinstance(toggles, int) and not isinstance(toggles, bool) and toggles % 2 == 1
        if not shown:
            return no_update, no_update, True, "false"  # hidden: nothing to build or send
        trigger = ctx.triggered_id
        column = trigger.get("column") if isinstance(trigger, dict) and ctx.triggered[0]["value"] else None
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
