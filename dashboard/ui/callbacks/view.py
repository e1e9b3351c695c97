"""Controls -> the next view state -> the map (a Patch of values, never shapes), counts and details."""

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.core.schema import CATEGORIES
from dashboard.core.state import Event, country_from_click, from_store, next_state, store_data, vocabulary
from dashboard.ui import ids
from dashboard.ui.updates import PARTS, view_update

OUTPUTS = {
    "figure": Output(ids.MAP_GRAPH, "figure"),
    **{f"legend_count_{c}": Output(ids.MAP_LEGEND_COUNT[c], "children") for c in CATEGORIES},
    "summary": Output(ids.MAP_SUMMARY, "children"),
    "details": Output(ids.DETAILS_BODY, "children"),
    "details_clear_hidden": Output(ids.DETAILS_CLEAR, "hidden"),
    "search_value": Output(ids.SEARCH_COUNTRY, "value"),
    "page_class": Output(ids.PAGE, "className", allow_duplicate=True),
    "present_label": Output(ids.PRESENT_TOGGLE, "children"),
    "present_pressed": Output(ids.PRESENT_TOGGLE, "aria-pressed"),
    "language_href": Output(ids.HEADER_LANG_LINK, "href"),
    "zoom_value": Output(ids.MAP_ZOOM, "value"),
}
assert tuple(OUTPUTS) == PARTS, "every part of a view update has exactly one output"


def event_for(trigger: object, click: object, searched: object, step: object, zoom: object = None) -> Event:
    """The user's action, from the id of the control that fired and what it carries."""
    if trigger == ids.MAP_GRAPH:
        return Event("click", country_from_click(click))
    if trigger == ids.DETAILS_CLEAR:
        return Event("clear")
    if trigger == ids.SEARCH_COUNTRY:
        return Event("search", searched)
    if trigger == ids.PRESENT_STEP:
        return Event("step", step.get("iso3") if isinstance(step, dict) else None)
    if trigger == ids.PRESENT_TOGGLE:
        return Event("present")
    if trigger == ids.MAP_ZOOM:
        return Event("zoom", zoom=zoom)
    if isinstance(trigger, dict) and trigger.get("type") == ids.TABLE_SELECT_TYPE:
        return Event("row", trigger.get("iso3"))
    return Event("filters")


def register(app, live) -> None:
    # One callback, one round trip: the controls' new values become the next view state and, in the same response,
    # the part of the page that state changes. The view state then goes to the URL (clientside) and the table.
    @app.callback(
        output={"view": Output(ids.VIEW_STATE, "data", allow_duplicate=True), **OUTPUTS},
        inputs={
            "categories": Input(ids.FILTER_CATEGORY, "value"), "programs": Input(ids.FILTER_PROGRAM, "value"),
            "regions": Input(ids.FILTER_REGION, "value"), "years": Input(ids.FILTER_YEARS, "value"),
            "confirmed": Input(ids.FILTER_CONFIRMED, "value"), "click": Input(ids.MAP_GRAPH, "clickData"),
            "_clear": Input(ids.DETAILS_CLEAR, "n_clicks"), "searched": Input(ids.SEARCH_COUNTRY, "value"),
            "_present": Input(ids.PRESENT_TOGGLE, "n_clicks"), "step": Input(ids.PRESENT_STEP, "data"),
            "_rows": Input({"type": ids.TABLE_SELECT_TYPE, "iso3": ALL, "row": ALL}, "n_clicks"),
            "zoom": Input(ids.MAP_ZOOM, "value"),
        },
        state={"current": State(ids.VIEW_STATE, "data")},
        prevent_initial_call=True,
    )
    def update_view(categories, programs, regions, years, confirmed, click, _clear, searched, _present, step,
                    _rows, zoom, current):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not ctx.triggered[0]["value"]:
            raise PreventUpdate  # table rows appearing, not a click
        dataset = live.dataset
        vocab = vocabulary(dataset)
        previous = from_store(vocab, current)
        event = event_for(trigger, click, searched, step, zoom)
        state = next_state(vocab, previous, event, categories, programs, regions, years, confirmed)
        if state == previous:
            raise PreventUpdate  # e.g. a second click on the selected country, or the search box catching up
        view = store_data(state, "user", previous)
        parts = view_update(dataset, state, set(view["changed"]))
        return {"view": view, **{name: parts.get(name, no_update) for name in OUTPUTS}}

    # The legend's category rows toggle their category in the filter, and show whether it is on: in the page, no
    # request of their own (the filter's change then asks the view callback, as a checkbox would).
    app.clientside_callback(
        ClientsideFunction("projector", "toggleCategory"),
        Output(ids.FILTER_CATEGORY, "value", allow_duplicate=True),
        *[Input(ids.MAP_LEGEND_TOGGLE[c], "n_clicks") for c in CATEGORIES], State(ids.FILTER_CATEGORY, "value"),
        prevent_initial_call=True)
    app.clientside_callback(
        ClientsideFunction("projector", "legendPressed"),
        *[Output(ids.MAP_LEGEND_TOGGLE[c], "aria-pressed") for c in CATEGORIES], Input(ids.FILTER_CATEGORY, "value"),
        prevent_initial_call=True)
