"""Tests for dashboard.ui.components.layout: the id skeleton Dash validates callbacks against, the first layout
served with a page, and the page's class."""

from __future__ import annotations

import json

import pytest
from dash import dcc, html
from dash.development.base_component import Component
from plotly.utils import PlotlyJSONEncoder

from dashboard.core.briefing import Briefing, Playing, Step
from dashboard.core.composition import filters_in_words
from dashboard.core.live import LiveData
from dashboard.core.state import ViewState, store_data
from dashboard.server.routes import Urls
from dashboard.ui import ids
from dashboard.ui.components.layout import (
    first_layout,
    id_skeleton,
    page,
    page_class,
    shell,
    validation_layout,
    view_data,
)
from tests.support.components import components


def key(component_id: object) -> str:
    return component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)


def id_list(tree) -> list[str]:
    return [key(c.id) for c in components(tree) if getattr(c, "id", None) is not None]


def props(component: Component) -> dict:
    """The props a component was given, as Dash serializes them (an unset children comes as None)."""
    return {name: value for name, value in component.to_plotly_json()["props"].items() if value is not None}


def as_json(value) -> object:
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


@pytest.fixture(scope="module")
def live(dataset) -> LiveData:
    return LiveData(dataset)


@pytest.fixture(scope="module")
def urls(live) -> Urls:
    return Urls(live)


# --- id_skeleton -------------------------------------------------------------------------------------------------

def test_skeleton_keeps_each_component_with_an_id_and_nothing_else():
    tree = [html.Div(id="outer", className="panel", title="t", children=[
        html.H2("Title", id="title", className="big"),
        html.P(["plain text", html.Span("no id", className="x")]),
        dcc.Checklist(id="choice", options=["a", "b"], value=["a"]),
        html.Button("Go", id={"type": "row", "iso3": "ARG"}, n_clicks=3),
    ])]
    skeleton = id_skeleton(tree)
    assert isinstance(skeleton, html.Div)
    kept = skeleton.children
    assert [type(c).__name__ for c in kept] == ["Div", "H2", "Checklist", "Button"]
    assert [c.id for c in kept] == ["outer", "title", "choice", {"type": "row", "iso3": "ARG"}]
    for component in kept:
        assert props(component) == {"id": component.id}, component  # no class, text, options or clicks


def test_skeleton_finds_ids_nested_at_any_depth():
    deep = html.Div(html.Section([html.Div(html.Ul([html.Li(html.A("x", id="deep-link", href="#"))]))]))
    tree = [html.Main([deep, html.Div(id="sibling")], id="main"), html.Footer(html.Small(id="small"))]
    assert [c.id for c in id_skeleton(tree).children] == ["main", "deep-link", "sibling", "small"]


def test_skeleton_is_flat():
    skeleton = id_skeleton([html.Div(id="a", children=html.Div(id="b", children=html.Div(id="c")))])
    assert [c.id for c in skeleton.children] == ["a", "b", "c"]
    assert all(getattr(c, "children", None) is None for c in skeleton.children)


def test_a_component_with_a_required_prop_keeps_its_props_but_not_its_children():
    link = dcc.Link(html.Span("Français", id="inside"), id="lang-link", href="?lang=fr", className="lang-link",
                    title="Afficher")
    kept = id_skeleton([html.Header(link)]).children
    assert [c.id for c in kept] == ["lang-link", "inside"]  # the child's id is still found
    bare = kept[0]
    assert isinstance(bare, dcc.Link)
    assert bare.children is None
    assert (bare.href, bare.className, bare.title) == ("?lang=fr", "lang-link", "Afficher")


def test_skeleton_leaves_the_tree_alone():
    link = dcc.Link("Français", id="lang-link", href="?lang=fr")
    div = html.Div("text", id="d", className="c")
    tree = [html.Div([link, div])]
    before = as_json(tree)
    id_skeleton(tree)
    assert as_json(tree) == before
    assert link.children == "Français"


def test_skeleton_of_nothing_is_an_empty_div():
    assert id_skeleton([]).children == []
    assert id_skeleton([html.Div("no ids", className="x"), "text", None, 5]).children == []


# --- validation_layout -------------------------------------------------------------------------------------------

def test_validation_layout_holds_every_id_of_the_full_page_once(dataset, live, urls):
    wanted = id_list([shell(), *page(dataset, ViewState(), urls.geojson_url, urls.topojson_url)])
    found = id_list(validation_layout(live, urls))
    assert sorted(found) == sorted(wanted)
    assert len(found) == len(set(found))


def test_validation_layout_holds_every_declared_id(live, urls):
    declared = {value for name, value in vars(ids).items()
                if name.isupper() and isinstance(value, str) and not name.endswith("_TYPE")}
    declared |= set(ids.MAP_LEGEND_COUNT.values())
    assert declared - set(id_list(validation_layout(live, urls))) == set()


@pytest.mark.parametrize("state", [
    ViewState(country="ARG"), ViewState(lang="fr", country="CHE", programs=("IGC",)), ViewState(presenting=True),
    ViewState(categories=(), country="FRA"),
], ids=["ARG", "fr-CHE-IGC", "presenting", "none-FRA"])
def test_validation_layout_covers_the_page_of_any_view(dataset, live, state, urls):
    found = set(id_list(validation_layout(live, urls)))
    wanted = set(id_list([shell(), *page(dataset, state, urls.geojson_url, urls.topojson_url)]))
    assert wanted - found == set()


def test_validation_layout_carries_no_figure_or_text(dataset, live, urls):
    skeleton = validation_layout(live, urls)
    text = json.dumps(as_json(skeleton))
    full = json.dumps(as_json([shell(), *page(dataset, ViewState(), urls.geojson_url, urls.topojson_url)]))
    assert len(text) * 10 < len(full)  # the point of the skeleton: far fewer bytes in every page's config
    assert "geojson" not in text
    graph = [c for c in skeleton.children if c.id == ids.MAP_GRAPH]
    assert len(graph) == 1 and props(graph[0]) == {"id": ids.MAP_GRAPH}


def test_validation_layout_keeps_the_language_links_href(live, urls):
    (link,) = [c for c in validation_layout(live, urls).children if c.id == ids.HEADER_LANG_LINK]
    assert isinstance(link, dcc.Link) and link.href == "?lang=fr" and link.children is None


# --- first_layout ------------------------------------------------------------------------------------------------

def top(layout: html.Div) -> dict[str, Component]:
    return {c.id: c for c in layout.children}


@pytest.mark.parametrize("state", [ViewState(), ViewState(lang="fr", country="ARG", categories=("forum",)),
                                   ViewState(presenting=True, programs=("IGC",))],
                         ids=["default", "fr-ARG-forum", "presenting-IGC"])
def test_first_layout_has_the_page_for_the_state(dataset, live, state, urls):
    layout = first_layout(live, urls, state)
    parts = top(layout)
    assert list(parts) == [ids.URL, ids.URL_SEARCH, ids.VIEW_STATE, ids.PAGE]
    assert as_json(parts[ids.PAGE].children) == as_json(page(dataset, state, urls.geojson_url, urls.topojson_url,
                                                             picture_url=urls.picture_url(state)))
    assert parts[ids.PAGE].className == page_class(state)


def test_first_layout_stores_the_view_state_from_the_url(live, urls):
    state = ViewState(lang="fr", country="ARG", presenting=True)
    store = top(first_layout(live, urls, state))[ids.VIEW_STATE]
    assert isinstance(store, dcc.Store)
    # No refused reload shown; the page's class, which the browser sets from the view state (assets/app.js).
    assert store.data == {**store_data(state, "url"), "banner": None, "page_class": "page presenting has-country",
                          "briefing": None, "step": None, "editing": None,  # no briefing in the address
                          "view_words": "Tous les engagements",
                          "data_version": live.dataset.version, "ahead": True}
    assert store.data["origin"] == "url"
    assert store.data["query"] == "?lang=fr&country=ARG&present=1"
    assert store.data["changed"] == ["filters", "programs", "country", "presenting", "zoom"]


def test_first_layout_shows_the_states_language_and_country(live, urls):
    layout = first_layout(live, urls, ViewState(lang="fr", country="ARG"))
    (main,) = [c for c in components(layout) if isinstance(c, html.Main)]
    assert main.lang == "fr"
    (clear,) = [c for c in components(layout) if getattr(c, "id", None) == ids.DETAILS_CLEAR]
    assert clear.hidden is False
    assert "Argentine" in json.dumps(as_json(layout), ensure_ascii=False)
    (plain,) = [c for c in components(first_layout(live, urls, ViewState()))
                if getattr(c, "id", None) == ids.DETAILS_CLEAR]
    assert plain.hidden is True


def test_first_layout_uses_the_prefixed_data_urls(dataset):
    live = LiveData(dataset)
    text = json.dumps(as_json(first_layout(live, Urls(live, prefix="/engagements/"), ViewState())))
    assert f"/engagements/data/countries.geojson?v={dataset.geometry_version}" in text


def test_the_shell_alone_has_no_page_and_no_view():
    parts = top(shell())
    assert parts[ids.PAGE].children is None and parts[ids.PAGE].className == "page"
    assert parts[ids.VIEW_STATE].data is None


# --- page_class --------------------------------------------------------------------------------------------------

def test_page_class():
    assert page_class(ViewState()) == "page"
    assert page_class(ViewState(presenting=True)) == "page presenting"
    assert page_class(ViewState(presenting=True, lang="fr", country="ARG")).split() == ["page", "presenting", "has-country"]
    assert page_class(ViewState(country="ARG")) == "page has-country"
    assert page_class(ViewState(zoom="asia-pacific")) == "page open-left"  # the details float on its open side


def test_the_view_data_brings_the_page_class_and_the_banner_stamp():
    previous, state = ViewState(), ViewState(country="ARG", zoom="asia-pacific")
    data = view_data(state, "user", None, previous)
    assert data == {**store_data(state, "user", previous), "banner": None, "page_class": "page has-country open-left",
                    "briefing": None, "step": None, "editing": None, "view_words": "Asia and the Pacific",
                    "data_version": None, "ahead": False}
    assert view_data(ViewState(), "url", None)["page_class"] == "page"


def test_a_pick_is_fetched_ahead_only_where_the_address_names_all_the_page_keeps():
    """dashboard.server.ahead answers for a view's address: not while a caption is being edited, which the address
    leaves out (a briefing too long for a link the page does not keep either)."""
    state = ViewState(presenting=True)
    one = Briefing((Step("program=M5"),))
    assert view_data(state, "url", None, version="v1")["ahead"] is True
    assert view_data(state, "url", None)["ahead"] is False  # no data version: nothing to key an answer on
    playing = view_data(state, "url", None, playing=Playing(one, 1), version="v1")
    assert playing["ahead"] is True and "briefing=" in playing["query"]
    assert view_data(state, "url", None, playing=Playing(one, 1, editing=1), version="v1")["ahead"] is False


def test_the_view_in_words_is_in_the_page_for_print_and_follows_the_view(live, urls):
    """Printed above the map (assets/style.css); the browser writes it again from each view state (assets/app.js)."""
    state = ViewState(lang="fr", categories=("grsi",), zoom="europe")
    (words,) = [c for c in components(first_layout(live, urls, state)) if getattr(c, "id", None) == ids.MAP_VIEW_WORDS]
    assert words.children == view_data(state, "user", None)["view_words"] == filters_in_words(state)
    assert words.className == "print-view"
