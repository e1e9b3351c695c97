"""Controls become the next view state (filters, map clicks, the search, table rows, presentation mode); reset."""

from dash import Input, Output

from dashboard import ids, model
from dashboard.state import ViewState, country_from_click, from_values


def chosen_country(previous: ViewState, trigger: object, click: object, searched: object, step: object) -> str | None:
    """The country after this event: clicked, searched, chosen in the table, stepped to, or cleared."""
    if trigger == ids.MAP_GRAPH:
        return country_from_click(click) or previous.country
    if trigger == ids.DETAILS_CLEAR:
        return None
    if trigger == ids.SEARCH_COUNTRY:
        return searched if isinstance(searched, str) else None
    if trigger == ids.PRESENT_STEP:
        return step.get("iso3") if isinstance(step, dict) and isinstance(step.get("iso3"), str) else previous.country
    if isinstance(trigger, dict) and trigger.get("type") == ids.TABLE_SELECT_TYPE:
        return trigger.get("iso3") if isinstance(trigger.get("iso3"), str) else previous.country
    return previous.country


def next_state(vocab, previous: ViewState, trigger: object, categories, programs, regions, years, confirmed,
               click, searched, step) -> ViewState:
    """The view state after one event: untrusted control values in, a valid state out."""
    presenting = not previous.presenting if trigger == ids.PRESENT_TOGGLE else previous.presenting
    confirmed_only = isinstance(confirmed, list) and "yes" in confirmed
    return from_values(vocab, previous.lang, categories if isinstance(categories, list) else None, programs,
                       regions, years, confirmed_only, chosen_country(previous, trigger, click, searched, step),
                       presenting)


def register(app, holder) -> None:
    @app.callback(
        Output(ids.FILTER_CATEGORY, "value"), Output(ids.FILTER_PROGRAM, "value"), Output(ids.FILTER_REGION, "value"),
        Output(ids.FILTER_YEARS, "value"), Output(ids.FILTER_CONFIRMED, "value"),
        Input(ids.FILTER_RESET, "n_clicks"), prevent_initial_call=True,
    )
    def reset_filters(_clicks):
        return list(model.CATEGORIES), [], [], list(holder.current.year_bounds), []
