"""The data banner asks again on every change of view and every few seconds: has a reload been refused?"""

from dash import Input, Output

from dashboard.core import i18n
from dashboard.ui import ids
from dashboard.ui.banner import banner_children


def register(app, live) -> None:
    @app.callback(Output(ids.DATA_BANNER, "children"), Output(ids.DATA_BANNER, "hidden"),
                  Input(ids.DATA_BANNER_POLL, "n_intervals"), Input(ids.VIEW_STATE, "data"))
    def show_banner(_ticks, view):
        lang = i18n.normalize_lang(view.get("lang") if isinstance(view, dict) else None)
        children = banner_children(live.reload_error, live.dataset.loaded_at, lang)
        return children, not children
