"""The data banner asks again every few seconds: has a reload been refused (or a refused one fixed) since?

It is never asked on a change of view: the view callback brings it in its answers, and every render of the page
(the first layout included) holds it already (dashboard.ui.components.layout)."""

from dash import Input, Output, State

from dashboard.core import i18n
from dashboard.ui import ids
from dashboard.ui.banner import banner_children


def register(app, live) -> None:
    # The duplicate outputs (the view callback's are the plain ones) carry a hash in every request: here, not there.
    @app.callback(Output(ids.DATA_BANNER, "children", allow_duplicate=True),
                  Output(ids.DATA_BANNER, "hidden", allow_duplicate=True),
                  Input(ids.DATA_BANNER_POLL, "n_intervals"), State(ids.VIEW_STATE, "data"),
                  prevent_initial_call=True)
    def show_banner(_ticks, view):
        lang = i18n.normalize_lang(view.get("lang") if isinstance(view, dict) else None)
        children = banner_children(live.reload_error, live.dataset.loaded_at, lang)
        return children, not children
