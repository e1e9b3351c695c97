"""Controls -> the next view state -> the map (a Patch of values, never shapes), counts, details, and the banner."""

import base64
import binascii
import dataclasses

from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.core.schema import CATEGORIES
from dashboard.core.state import Event, country_from_click, from_store, next_state, show_value, vocabulary
from dashboard.core.tables import next_sort
from dashboard.ui import ids
from dashboard.ui.banner import banner_children
from dashboard.core.briefing import act
from dashboard.ui.components.briefing import caption_children, panel_children
from dashboard.ui.components.layout import stored_playing, view_data
from dashboard.ui.updates import PARTS, view_update

OUTPUTS = {
    "figure": Output(ids.MAP_GRAPH, "figure"),
    **{f"legend_count_{c}": Output(ids.MAP_LEGEND_COUNT[c], "children") for c in CATEGORIES},
    "summary": Output(ids.MAP_SUMMARY, "children"),
    "details": Output(ids.DETAILS_BODY, "children"),
    "details_clear_hidden": Output(ids.DETAILS_CLEAR, "hidden"),
    "search_value": Output(ids.SEARCH_COUNTRY, "value"),
    "present_label": Output(ids.PRESENT_TOGGLE, "children"),
    "present_pressed": Output(ids.PRESENT_TOGGLE, "aria-pressed"),
    "language_href": Output(ids.HEADER_LANG_LINK, "href"),
    "zoom_value": Output(ids.MAP_ZOOM, "value"),
    "filter_category": Output(ids.FILTER_CATEGORY, "value"),
    "filter_program": Output(ids.FILTER_PROGRAM, "value"),
    "filter_region": Output(ids.FILTER_REGION, "value"),
    "filter_years": Output(ids.FILTER_YEARS, "value"),
    "filter_confirmed": Output(ids.FILTER_CONFIRMED, "value"),
    "table_body": Output(ids.TABLE_BODY, "children"),
    "present_show": Output(ids.PRESENT_SHOW, "value"),
    "briefing_panel": Output(ids.BRIEFING_PANEL, "children"),
    "briefing_caption": Output(ids.BRIEFING_CAPTION, "children"),
}
assert tuple(OUTPUTS) == (*PARTS, "briefing_panel", "briefing_caption"), "one output per part of a view update"


def event_for(trigger: object, click: object, searched: object, step: object, row: object = None,
              zoom: object = None, show: object = None) -> Event:
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
    if trigger == ids.TABLE_ROW_PICK:
        return Event("row", row.get("iso3") if isinstance(row, dict) else None)
    if trigger == ids.FILTER_RESET:
        return Event("reset")
    if trigger == ids.PRESENT_SHOW:
        return Event("show", show=show)
    return Event("filters")


def briefing_action(vocab, previous, playing, trigger: object, brief: object, upload: object):
    """A press in the briefing panel (assets/app.js: {action, step, captions}) or a file opened (a data URL)."""
    if trigger == ids.BRIEFING_UPLOAD:
        data = upload.split(",", 1)[1] if isinstance(upload, str) and "," in upload else ""
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raw = b"\x00"  # not base64: the file check says it cannot be read
        return act(vocab, previous, playing, "open", data=raw)
    brief = brief if isinstance(brief, dict) else {}
    return act(vocab, previous, playing, brief.get("action"), brief.get("step"), brief.get("captions"))


def register(app, live) -> None:
    # One user action, one request: the controls' new values become the next view state and, in the same response,
    # every part of the page that state changes (the text version while it is open, the filter controls on a reset,
    # and the data banner, which can have changed since the last request). The view state then goes to the page's
    # class, the address bar and the map's outline in the browser (assets/app.js), which ask the server nothing.
    # Every output is inside the page (ids.VIEW_UPDATE), so a render of the page never calls this again.
    @app.callback(
        output={"view": Output(ids.VIEW_UPDATE, "data"),
                "banner": Output(ids.DATA_BANNER, "children"), "banner_hidden": Output(ids.DATA_BANNER, "hidden"),
                **OUTPUTS},
        inputs={
            "categories": Input(ids.FILTER_CATEGORY, "value"), "programs": Input(ids.FILTER_PROGRAM, "value"),
            "regions": Input(ids.FILTER_REGION, "value"), "years": Input(ids.FILTER_YEARS, "value"),
            "confirmed": Input(ids.FILTER_CONFIRMED, "value"), "_reset": Input(ids.FILTER_RESET, "n_clicks"),
            "click": Input(ids.MAP_GRAPH, "clickData"), "_clear": Input(ids.DETAILS_CLEAR, "n_clicks"),
            "searched": Input(ids.SEARCH_COUNTRY, "value"), "_present": Input(ids.PRESENT_TOGGLE, "n_clicks"),
            "step": Input(ids.PRESENT_STEP, "data"), "row": Input(ids.TABLE_ROW_PICK, "data"),
            "zoom": Input(ids.MAP_ZOOM, "value"), "show": Input(ids.PRESENT_SHOW, "value"),
            "brief": Input(ids.BRIEFING_ACTION, "data"), "upload": Input(ids.BRIEFING_UPLOAD, "contents"),
        },
        state={"current": State(ids.VIEW_STATE, "data"), "table_hidden": State(ids.TABLE_DETAILS, "hidden"),
               "table_sort": State(ids.TABLE_SORT, "data")},
        prevent_initial_call=True,
    )
    def update_view(categories, programs, regions, years, confirmed, _reset, click, _clear, searched, _present,
                    step, row, zoom, show, brief, upload, current, table_hidden, table_sort):
        dataset = live.dataset
        vocab = vocabulary(dataset)
        previous = from_store(vocab, current)
        was = stored_playing(vocab, current)
        if ctx.triggered_id in (ids.BRIEFING_ACTION, ids.BRIEFING_UPLOAD):
            event = Event("briefing")
            state, playing = briefing_action(vocab, previous, was, ctx.triggered_id, brief, upload)
        else:
            event = event_for(ctx.triggered_id, click, searched, step, row, zoom, show)
            state = next_state(vocab, previous, event, categories, programs, regions, years, confirmed)
            # Leaving presentation mode stops a briefing playing; anything else plays on within its step.
            playing = dataclasses.replace(was, step=None) if not state.presenting else was
        if state == previous and playing == was:
            raise PreventUpdate  # e.g. a second click on the selected country, or the search box catching up
        view = view_data(state, "user", live.reload_error, previous, playing)
        # Back and Forward step between views a briefer would name (a country, a focus, a program or forum, what
        # the Show list chose, presentation on or off, a reset); a tick of a checkbox or a move of the years slider
        # changes the current entry instead of adding one.
        # A briefing's edits change the address where it stands; playing a step moves to a new view.
        ticked = event.kind == "filters" and "programs" not in view["changed"]
        view["history"] = "replace" if ticked or (event.kind == "briefing" and state == previous) else "push"
        sort = None if table_hidden is not False else next_sort(table_sort, None)
        parts = view_update(dataset, state, set(view["changed"]), sort,
                            controls=event.kind in ("reset", "show", "briefing"))
        if playing != was or state.lang != previous.lang:
            parts["briefing_panel"] = panel_children(vocab, state, playing)
        if (playing.step, playing.briefing) != (was.step, was.briefing):
            parts["briefing_caption"] = caption_children(vocab, state, playing)
        # What the page shows already is not sent again: each part sent is one more update for the page to apply.
        if event.kind == "search":
            parts.pop("search_value", None)  # the box shows it
        if event.kind == "zoom" and event.zoom == state.zoom:
            parts.pop("zoom_value", None)  # the radio group shows it
        if event.kind == "show" or show_value(previous) == show_value(state):
            parts.pop("present_show", None)  # the list shows it already
        if previous.country is not None and state.country is not None:
            parts.pop("details_clear_hidden", None)  # still shown
        banner = no_update
        if view["banner"] != (current.get("banner") if isinstance(current, dict) else None):
            banner = banner_children(live.reload_error, dataset.loaded_at, state.lang)
        return {"view": view, "banner": banner, "banner_hidden": no_update if banner is no_update else not banner,
                **{name: parts.get(name, no_update) for name in OUTPUTS}}

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
