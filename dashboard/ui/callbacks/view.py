"""Controls -> the next view state -> the map (a Patch of values, never shapes), counts, details, and the banner."""

import base64
import binascii
import dataclasses

from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.core.schema import CATEGORIES
from dashboard.core.state import (Event, ViewState, country_from_click, from_store, next_state, show_value,
                                  vocabulary)
from dashboard.core.tables import next_sort
from dashboard.ui import ids
from dashboard.ui.banner import banner_children
from dashboard.core.briefing import Playing, act
from dashboard.ui.components.briefing import caption_children, panel_children
from dashboard.ui.components.layout import stored_playing, view_data
from dashboard.ui.updates import PARTS, control_values, view_update

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


# The view callback's inputs: every control of the view, and what the page hands over for a pick of a country.
INPUTS = {
    "categories": Input(ids.FILTER_CATEGORY, "value"), "programs": Input(ids.FILTER_PROGRAM, "value"),
    "regions": Input(ids.FILTER_REGION, "value"), "years": Input(ids.FILTER_YEARS, "value"),
    "confirmed": Input(ids.FILTER_CONFIRMED, "value"), "_reset": Input(ids.FILTER_RESET, "n_clicks"),
    "click": Input(ids.MAP_CLICK, "data"), "_clear": Input(ids.DETAILS_CLEAR, "n_clicks"),
    "searched": Input(ids.SEARCH_PICK, "data"), "_present": Input(ids.PRESENT_TOGGLE, "n_clicks"),
    "step": Input(ids.PRESENT_STEP, "data"), "row": Input(ids.TABLE_ROW_PICK, "data"),
    "zoom": Input(ids.MAP_ZOOM, "value"), "show": Input(ids.PRESENT_SHOW, "value"),
    "brief": Input(ids.BRIEFING_ACTION, "data"), "upload": Input(ids.BRIEFING_UPLOAD, "contents"),
}
# Every output, in the order of the callback's answer (dashboard.server.dash_compat.callback_answer).
VIEW_OUTPUTS = {"view": Output(ids.VIEW_UPDATE, "data"), "banner": Output(ids.DATA_BANNER, "children"),
                "banner_hidden": Output(ids.DATA_BANNER, "hidden"), **OUTPUTS}
# A pick of a country (dashboard.server.ahead): the input that carries it and its value, as the page sends it.
PICKS = {
    "click": ("click", ids.MAP_CLICK, lambda iso3: {"points": [{"location": iso3}]}),
    "search": ("searched", ids.SEARCH_PICK, lambda iso3: {"iso3": iso3}),
    "row": ("row", ids.TABLE_ROW_PICK, lambda iso3: {"iso3": iso3}),
    "step": ("step", ids.PRESENT_STEP, lambda iso3: {"iso3": iso3}),
}


def _named(value: object) -> object:
    return value.get("iso3") if isinstance(value, dict) else None


def event_for(trigger: object, click: object, searched: object, step: object, row: object = None,
              zoom: object = None, show: object = None) -> Event:
    """The user's action, from the id of the control that fired and what it carries."""
    if trigger == ids.MAP_CLICK:
        return Event("click", country_from_click(click))
    if trigger == ids.DETAILS_CLEAR:
        return Event("clear")
    if trigger == ids.SEARCH_PICK:
        return Event("search", _named(searched))
    if trigger == ids.PRESENT_STEP:
        return Event("step", _named(step))
    if trigger == ids.PRESENT_TOGGLE:
        return Event("present")
    if trigger == ids.MAP_ZOOM:
        return Event("zoom", zoom=zoom)
    if trigger == ids.TABLE_ROW_PICK:
        return Event("row", _named(row))
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


def answer(live, trigger: object, inputs: dict, current: object, table_hidden: object, table_sort: object) -> dict:
    """The view callback's answer to the control `trigger` (its id) with these values of INPUTS, on a page whose
    view state is `current`: every output of VIEW_OUTPUTS by name, no_update where nothing changes. Raises
    PreventUpdate when the view stays as it is (e.g. a second click on the selected country)."""
    # One user action, one request: the controls' new values become the next view state and, in the same answer,
    # every part of the page that state changes (the text version while it is open, the filter controls on a reset,
    # and the data banner, which can have changed since the last request). The view state then goes to the page's
    # class, the address bar and the map's outline in the browser (assets/app.js), which ask the server nothing.
    dataset = live.dataset
    vocab = vocabulary(dataset)
    previous = from_store(vocab, current)
    was = stored_playing(vocab, current)
    if trigger in (ids.BRIEFING_ACTION, ids.BRIEFING_UPLOAD):
        event = Event("briefing")
        state, playing = briefing_action(vocab, previous, was, trigger, inputs["brief"], inputs["upload"])
    else:
        event = event_for(trigger, inputs["click"], inputs["searched"], inputs["step"], inputs["row"],
                          inputs["zoom"], inputs["show"])
        state = next_state(vocab, previous, event, inputs["categories"], inputs["programs"], inputs["regions"],
                           inputs["years"], inputs["confirmed"])
        # Leaving presentation mode stops a briefing playing; anything else plays on within its step.
        playing = dataclasses.replace(was, step=None) if not state.presenting else was
    if state == previous and playing == was:
        raise PreventUpdate  # e.g. a second click on the selected country, or a control catching up
    view = view_data(state, "user", live.reload_error, previous, playing, dataset.version)
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


def answer_ahead(live, state: ViewState, playing: Playing, banner: str | None, pick: str, iso3: str) -> dict:
    """`answer` for a pick of a country (PICKS: a click, a search, a table row, a presentation step) on a page that
    shows this view and briefing with this data banner (its stamp), the text version closed: the inputs such a page
    sends. A pick changes neither the filters nor the text version's rows, so the controls are the view's own."""
    name, trigger, value = PICKS[pick]
    controls = control_values(live.dataset, state)
    inputs = {**dict.fromkeys(INPUTS), name: value(iso3), "categories": controls["filter_category"],
              "programs": controls["filter_program"], "regions": controls["filter_region"],
              "years": controls["filter_years"], "confirmed": controls["filter_confirmed"]}
    current = {**view_data(state, "url", live.reload_error, playing=playing, version=live.dataset.version),
               "banner": banner}
    return answer(live, trigger, inputs, current, True, None)


def asks_again(parts: dict) -> bool:
    """Whether an answer sets a control that is an input of the view callback: applied by the page itself (not as
    this callback's own answer), that change would call the callback again."""
    listened = {(item.component_id, item.component_property) for item in INPUTS.values()}
    return any(parts[name] is not no_update and (output.component_id, output.component_property) in listened
               for name, output in VIEW_OUTPUTS.items())


def register(app, live) -> None:
    # Every output is inside the page (ids.VIEW_UPDATE), so a render of the page never calls this again.
    @app.callback(output=VIEW_OUTPUTS, inputs=INPUTS,
                  state={"current": State(ids.VIEW_STATE, "data"), "table_hidden": State(ids.TABLE_DETAILS, "hidden"),
                         "table_sort": State(ids.TABLE_SORT, "data")},
                  prevent_initial_call=True)
    def update_view(current, table_hidden, table_sort, **inputs):
        return answer(live, ctx.triggered_id, inputs, current, table_hidden, table_sort)

    # A click on the map, a country picked in the search box: applied from the answer fetched ahead when the page has
    # it (assets/ahead.js), else handed to the view callback. The search box's value also follows every view the
    # page shows: that is not a pick, and asks nothing.
    app.clientside_callback(ClientsideFunction("ahead", "mapClick"), Output(ids.MAP_CLICK, "data"),
                            Input(ids.MAP_GRAPH, "clickData"), State(ids.VIEW_UPDATE, "data"),
                            State(ids.VIEW_STATE, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("ahead", "searchPick"), Output(ids.SEARCH_PICK, "data"),
                            Input(ids.SEARCH_COUNTRY, "value"), State(ids.VIEW_UPDATE, "data"),
                            State(ids.VIEW_STATE, "data"), prevent_initial_call=True)

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
