"""The page: a shell with the URL and a container, and the full page for one view state."""

import copy
from typing import Protocol

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.core import filtering
from dashboard.core.briefing import BriefingError, Playing, address, clamp_step, from_param, to_param
from dashboard.core.composition import filters_in_words
from dashboard.core.i18n import t
from dashboard.core.live import LiveData
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState, store_data, vocabulary
from dashboard.core.views import VIEWS, WORLD
from dashboard.ui import ids
from dashboard.ui.banner import banner_children, banner_shell, banner_stamp
from dashboard.ui.components.briefing import briefing_panel, caption_children
from dashboard.ui.components.details import details_body
from dashboard.ui.components.filters import filter_panel
from dashboard.ui.components.footer import footer
from dashboard.ui.components.header import header
from dashboard.ui.components.map_panel import map_panel


class Urls(Protocol):
    """What the page links to, for the data being served (dashboard.server.routes builds it)."""

    @property
    def geojson_url(self) -> str: ...

    @property
    def topojson_url(self) -> str: ...

    def picture_url(self, state: ViewState) -> str: ...


def shell(children: list | None = None, class_name: str = "page", view: dict | None = None) -> html.Div:
    """The first layout: the URL, the view state and the page, rendered from the URL by a callback when the
    layout does not already bring it (dashboard.server.dash_compat), so a shared link restores a view."""
    return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), dcc.Store(id=ids.URL_SEARCH),
                     dcc.Store(id=ids.VIEW_STATE, data=view), html.Div(children, id=ids.PAGE, className=class_name)])


def details_panel(dataset: Dataset, state: ViewState) -> html.Section:
    # Focusable: in presentation mode it scrolls on its own, and a keyboard must be able to scroll it.
    return html.Section(id=ids.DETAILS_PANEL, className="panel details", tabIndex="0",
                        **{"aria-labelledby": "details-title"},
                        children=[
        html.Div(className="details-head", children=[
            html.H2(t("details_title", state.lang), id="details-title"),
            html.Button(t("details_clear", state.lang), id=ids.DETAILS_CLEAR, n_clicks=0, className="button link",
                        hidden=state.country is None),
        ]),
        html.Div(details_body(dataset, state), id=ids.DETAILS_BODY, **{"aria-live": "polite"}),
    ])


def page(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str, banner: list | None = None,
         picture_url: str | None = None, playing: Playing = Playing()) -> list:
    """The page for one view; `banner`: what the data banner says (dashboard.ui.banner), nothing by default;
    `picture_url`: the map's still picture (dashboard.ui.picture), painted behind the map until plotly draws it: the
    first layout's page has one; a page rendered later (Back, Forward, the language) has plotly's map already;
    `playing`: the briefing the address carries (dashboard.core.briefing)."""
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    vocab = vocabulary(dataset)
    return [
        *banner_shell(banner),
        dcc.Store(id=ids.VIEW_UPDATE),
        header(state),
        html.Main(className="layout", lang=state.lang, children=[
            html.Div(className="side", children=[filter_panel(dataset, state),
                                                 briefing_panel(vocab, state, playing)]),
            map_panel(dataset, state, geojson_url, topojson_url, rows, picture_url,
                      caption_children(vocab, state, playing)),
            details_panel(dataset, state),
        ]),
        footer(dataset, state),
    ]


def page_class(state: ViewState, playing: Playing = Playing()) -> str:
    """"page", plus "presenting" in presentation mode, "has-country" while a country's details are open (in
    presentation mode the details float over the map only then) and "open-left" when the regional focus has its
    open side on the left (where the details go, unless the country is there); "has-forum" while one program or forum
    is chosen and no country (its card floats over the map in presentation mode); "playing" while a briefing plays."""
    forum = state.country is None and len(state.programs) == 1
    return " ".join(["page", *(["presenting"] if state.presenting else []), *(["has-country"] if state.country else []),
                     *(["has-forum"] if forum else []), *(["playing"] if playing.step is not None else []),
                     *(["open-left"] if VIEWS.get(state.zoom, WORLD).open_side == "left" else [])])


def view_data(state: ViewState, origin: str, reload_error: object, previous: ViewState | None = None,
              playing: Playing = Playing(), version: str | None = None) -> dict:
    """What the page keeps of the view (dashboard.core.state.store_data), plus what the page shows of it without
    asking the server: which data banner it shows (by the refusal's stamp), the page's class (assets/app.js), the
    view in words that a print shows above the map, and the briefing (its link form, the step played, the step being
    captioned), which the address carries beside the view; and, so that a pick's answer can be fetched ahead
    (assets/ahead.js), the version of the data shown and whether the address names all the page keeps (not while a
    caption is being edited)."""
    param = briefing_param(playing)
    editing = playing.editing if param else None
    return {**store_data(state, origin, previous), "query": address(state, playing), "briefing": param,
            "step": playing.step if param else None, "editing": editing,
            "banner": banner_stamp(reload_error), "page_class": page_class(state, playing),
            "view_words": filters_in_words(state), "data_version": version,
            "ahead": version is not None and editing is None}


def briefing_param(playing: Playing) -> str | None:
    if playing.briefing is None or not playing.briefing.steps:
        return None
    try:
        return to_param(playing.briefing)
    except BriefingError:
        return None


def stored_playing(vocab, current: object) -> Playing:
    """The briefing a view state holds (the page's own, already checked: an error here is a tampered store)."""
    data = current if isinstance(current, dict) else {}
    param = data.get("briefing")
    if not isinstance(param, str):
        return Playing()
    try:
        found = from_param(param, vocab)
    except BriefingError:
        return Playing()
    step, editing = data.get("step"), data.get("editing")
    return Playing(found, clamp_step(found, step if isinstance(step, int) else None),
                   editing if isinstance(editing, int) and 1 <= editing <= len(found.steps) else None)


def first_layout(live: LiveData, urls: Urls, state: ViewState, playing: Playing = Playing()) -> html.Div:
    """The layout served with the page: the page for this view already in it, so the map draws without a round trip."""
    banner = banner_children(live.reload_error, live.dataset.loaded_at, state.lang)
    return shell(page(live.dataset, state, urls.geojson_url, urls.topojson_url, banner, urls.picture_url(state),
                      playing),
                 page_class(state, playing),
                 view_data(state, "url", live.reload_error, playing=playing, version=live.dataset.version))


def validation_layout(live: LiveData, urls: Urls) -> html.Div:
    """Every component with an id, with no other props: Dash checks callbacks against it, and it travels in every
    page's config, so the full page (figure, overview text) would cost far more bytes per load for nothing."""
    return id_skeleton([shell(), *page(live.dataset, ViewState(), urls.geojson_url, urls.topojson_url)])


def id_skeleton(tree: list) -> html.Div:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, (list, tuple)):
            for child in node:
                walk(child)
        elif isinstance(node, Component):
            if getattr(node, "id", None) is not None:
                try:
                    found.append(type(node)(id=node.id))
                except TypeError:  # a required prop, e.g. dcc.Link's href: keep the component, drop its children
                    bare = copy.copy(node)
                    bare.children = None
                    found.append(bare)
            walk(getattr(node, "children", None))

    walk(tree)
    return html.Div(found)
