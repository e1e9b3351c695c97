"""A pick of a country answered ahead: what the view callback would answer a click on a country (or a search, a
table row, a presentation step) on a page showing a view, for a GET sent before the pick (assets/ahead.js), so that
the pick itself needs no round trip.

The answer is the view callback's own (dashboard.ui.callbacks.view.answer_ahead, the function the callback runs),
in the bytes Dash's callback route would send (dashboard.server.dash_compat.callback_answer). It is 204 No Content
when the pick would change nothing, or when the page could not apply it without calling the view callback anyway
(it moves a control the callback listens to, e.g. a search that brings the regional focus along): the pick then
asks the callback as it always did. The query is checked by dashboard.server.guard (400 when malformed); a data
version that is no longer the one served is 409, and the page does not keep it.
"""

from __future__ import annotations

import flask
from dash.exceptions import PreventUpdate

from dashboard.core.live import LiveData
from dashboard.core.state import vocabulary
from dashboard.server import dash_compat, guard, response_cache
from dashboard.server.routes import AHEAD_ROUTE
from dashboard.ui.callbacks.view import PICKS, VIEW_OUTPUTS, answer_ahead, asks_again

# The URL names the view, the pick and the data version, so an answer holds for as long as that version is served;
# only the data banner (a reload refused since) can change under it, and the banner's own timer catches up.
MAX_AGE = 60


KEPT = 1024  # answers kept per worker, by query, for the data and reload status served: many pages ask the same


def install(app, live: LiveData) -> None:
    kept = response_cache.ResponseCache(max_entries=KEPT)

    @app.server.route(AHEAD_ROUTE)
    def view_ahead():
        dataset = live.dataset
        generation = (dataset, live.reload_error)  # the answer brings the data banner too
        found = kept.get(generation, flask.request.query_string)
        if found is None:
            try:
                asked = guard.check_ahead_query(flask.request.args, vocabulary(dataset), tuple(PICKS))
            except guard.Refused as refused:
                return guard.error_response(refused.status, refused.message)
            if asked.version != dataset.version:
                return guard.error_response(409, "the data changed since the page was shown: expected 'v' "
                                                 + dataset.version)
            found = answered(live, asked)
            kept.put(generation, flask.request.query_string, *found)
        status, body, _ = found
        response = flask.Response(body, status=status, mimetype="application/json" if body else None)
        if body:
            response.add_etag()
        response.cache_control.private = True
        response.cache_control.max_age = MAX_AGE
        return response.make_conditional(flask.request)


def answered(live: LiveData, asked: guard.AheadQuery) -> tuple[int, bytes, dict]:
    """(status, body, headers) for a checked query: the callback's answer, or 204 when the pick is the callback's."""
    try:
        parts = answer_ahead(live, asked.state, asked.playing, asked.banner, asked.pick, asked.country)
    except PreventUpdate:
        return 204, b"", {}
    if asks_again(parts):
        return 204, b"", {}
    body = dash_compat.callback_answer([(output.component_id, output.component_property, parts[name])
                                        for name, output in VIEW_OUTPUTS.items()])
    return 200, body.encode(), {}
