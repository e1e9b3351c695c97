"""Controls -> the next view state -> the map (a Patch of values, never shapes), counts and details."""

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids, model
from dashboard.components.details import details_body
from dashboard.components.header import language_href
from dashboard.callbacks.filters import next_state
from dashboard.components.layout import page_class, store_data
from dashboard.components.map_panel import summary_text
from dashboard.figures import map_patch, selection_patch
from dashboard.state import from_store, vocabulary


def register(app, holder) -> None:
    # One callback, one round trip: the controls' new values become the next view state and, in the same response,
    # the part of the page that state changes. The view state then goes to the URL (clientside) and the table.
    @app.callback(
        Output(ids.VIEW_STATE, "data", allow_duplicate=True),
        Output(ids.MAP_GRAPH, "figure"),
        *[Output(ids.MAP_LEGEND_COUNT[category], "children") for category in model.CATEGORIES],
        Output(ids.MAP_SUMMARY, "children"), Output(ids.DETAILS_BODY, "children"),
        Output(ids.DETAILS_CLEAR, "hidden"), Output(ids.SEARCH_COUNTRY, "value"),
        Output(ids.PAGE, "className", allow_duplicate=True), Output(ids.PRESENT_TOGGLE, "children"),
        Output(ids.PRESENT_TOGGLE, "aria-pressed"), Output(ids.HEADER_LANG_LINK, "href"),
        Input(ids.FILTER_CATEGORY, "value"), Input(ids.FILTER_PROGRAM, "value"), Input(ids.FILTER_REGION, "value"),
        Input(ids.FILTER_YEARS, "value"), Input(ids.FILTER_CONFIRMED, "value"), Input(ids.MAP_GRAPH, "clickData"),
        Input(ids.DETAILS_CLEAR, "n_clicks"), Input(ids.SEARCH_COUNTRY, "value"), Input(ids.PRESENT_TOGGLE, "n_clicks"),
        Input(ids.PRESENT_STEP, "data"), Input({"type": ids.TABLE_SELECT_TYPE, "iso3": ALL, "row": ALL}, "n_clicks"),
        State(ids.VIEW_STATE, "data"),
        prevent_initial_call=True,
    )
    def update_view(categories, programs, regions, years, confirmed, click, _clear, searched, _present, step,
                    _rows, current):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not ctx.triggered[0]["value"]:
            raise PreventUpdate  # table rows appearing, not a click
        dataset = holder.current
        vocab = vocabulary(dataset)
        previous = from_store(vocab, current)
        state = next_state(vocab, previous, trigger, categories, programs, regions, years, confirmed, click,
                           searched, step)
        if state == previous:
            raise PreventUpdate  # e.g. a second click on the selected country, or the search box catching up
        data = store_data(state, "user", previous)
        return (data, *view_update(dataset, state, set(data["changed"])))


def view_update(dataset, state, changed: set[str]) -> tuple:
    """Only what a change touches: filters -> map values, counts and summary (and the details of a selected country
    or forum); country -> its outline, the details and the search box; presenting -> the page's class."""
    filters, country, programs = "filters" in changed, "country" in changed, "programs" in changed
    lang = state.lang
    if filters:
        rows = model.filter_engagements(dataset.engagements[model.KEY_COLUMNS], state.filters)
        summary = model.country_summary(rows)
        figure = map_patch(dataset, state, summary)
        counts = model.category_counts(summary)
        legend_counts = [i18n.plural("countries_count", counts[c], lang) for c in model.CATEGORIES]
        summary_line = summary_text(rows, lang)
    else:
        figure = selection_patch(state) if country else no_update
        legend_counts, summary_line = [no_update] * len(model.CATEGORIES), no_update
    show_details = country or programs or (filters and state.country is not None)
    presenting = "presenting" in changed
    return (figure, *legend_counts, summary_line, details_body(dataset, state) if show_details else no_update,
            state.country is None if country else no_update, state.country if country else no_update,
            page_class(state) if presenting else no_update,
            i18n.t("present_off" if state.presenting else "present_on", lang) if presenting else no_update,
            ("true" if state.presenting else "false") if presenting else no_update, language_href(state))
