"""Pure figure builders: the base map is built once per page; a filter change becomes a Patch of values only."""

from __future__ import annotations

import html

import pandas as pd
from dash import Patch

from dashboard.core import filtering, i18n, look, placement
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.text import engagement_line
from dashboard.core.views import VIEWS, WORLD

HOVER_LINES = 8
# Trace order in the figure; Patches address traces by these positions (the page's scripts find them by name).
BASE, ENGAGED, SMALL, LEADERS, *MARKERS, SELECTED = range(5 + len(CATEGORIES))
MARKER_TRACE = dict(zip(CATEGORIES, MARKERS))


def hover_texts(dataset: Dataset, lang: str) -> pd.Series:
    """Per country: its name in bold, then one line per engagement (all of them, with its category's shape), or
    "no engagement". Built once per data version and language (it never depends on the filters), so filter changes
    never resend it; every data string is HTML-escaped."""
    lang = i18n.normalize_lang(lang)
    key = (id(dataset), dataset.version, lang)
    if key not in _HOVER_CACHE:
        _HOVER_CACHE.clear()  # one data version at a time: a reload replaces it
        _HOVER_CACHE[key] = _hover_texts(dataset, lang)
    return _HOVER_CACHE[key]


_HOVER_CACHE: dict[tuple[int, str, str], pd.Series] = {}


def _hover_texts(dataset: Dataset, lang: str) -> pd.Series:
    rows = dataset.engagements
    lines = pd.Series([
        look.CATEGORY_GLYPH[category] + " " + html.escape(engagement_line(
            {"program": program, "role": role, "start_year": start, "end_year": end, "confirmed": confirmed}, lang))
        for category, program, role, start, end, confirmed in zip(
            rows["category"], rows["program"], rows["role"], rows["start_year"], rows["end_year"], rows["confirmed"])
    ], index=rows.index, dtype=object)

    def block(group: pd.Series) -> str:
        shown = list(group[:HOVER_LINES])
        if len(group) > HOVER_LINES:
            shown.append(i18n.t("hover_more", lang, n=len(group) - HOVER_LINES))
        return "<br>".join(shown)

    by_country = lines.groupby(rows["iso3"].to_numpy(), sort=False).agg(block).reindex(dataset.countries.index)
    by_country = by_country.fillna(i18n.t("hover_none", lang))
    names = dataset.countries[f"name_{lang}"].map(html.escape)
    return "<b>" + names + "</b><br>" + by_country


def map_layers(dataset: Dataset, state: ViewState, summary: pd.DataFrame | None = None) -> dict:
    """The values that change with the filters and the focus: engaged countries' fills, the selected outline, each
    category's markers (position, country, and 1/0 for confirmed/unconfirmed) and the leader lines of markers moved
    off their country's point. Short arrays only."""
    if summary is None:
        summary = filtering.country_summary(filtering.filter_engagements(dataset.engagements, state.filters))
    layers = {"engaged": {"locations": list(summary.index), "z": [int(v) for v in summary["fill"]]},
              "selected": {"locations": [state.country] if state.country else [], "z": [1] if state.country else []}}
    present = summary[list(CATEGORIES)]
    slots = present.cumsum(axis=1).where(present)  # 1-based position of each category within its country
    count = present.sum(axis=1)
    names = dataset.countries[f"name_{i18n.normalize_lang(state.lang)}"].map(html.escape)
    unconfirmed = html.escape(i18n.t("unconfirmed_badge", state.lang))
    markers = []
    for category in CATEGORIES:
        here = summary.index[present[category].to_numpy(dtype=bool)] if len(summary) else summary.index
        # Several markers of one country sit side by side, centred on its point.
        offset = (slots.loc[here, category] - (count[here] + 1) / 2) * look.MARKER_SPACING_PX["regional"]
        markers.append((category, here, offset.to_numpy(dtype=float)))
    codes = tuple(code for _, here, _ in markers for code in here)
    offsets = tuple(value for *_, offset in markers for value in offset)
    lon, lat, leaders = marker_positions(dataset, codes, offsets, state.zoom)
    start = 0
    for category, here, _offset in markers:
        hollow = summary.loc[here, f"{category}_unconfirmed"].to_numpy(dtype=bool)
        end = start + len(here)
        layers[category] = {
            "lon": lon[start:end], "lat": lat[start:end], "customdata": list(here),
            "text": [f"{names[c]} · {unconfirmed}" if h else names[c] for c, h in zip(here, hollow)],
            "confirmed": [0 if h else 1 for h in hollow],
        }
        start = end
    layers["leaders"] = leaders
    return layers


def marker_positions(dataset: Dataset, codes: tuple[str, ...], offsets: tuple[float, ...], zoom: str
                     ) -> tuple[list, list, dict]:
    """Where the markers of these countries go on this focus, and their leader lines (lists ready for the figure).
    Kept per data version and markers shown: the same view costs the placement once per worker."""
    key = (id(dataset), dataset.version, codes, offsets, zoom)
    found = _PLACEMENTS.get(key)
    if found is None:
        if len(_PLACEMENTS) >= MAX_PLACEMENTS or any(k[:2] != key[:2] for k in _PLACEMENTS):
            _PLACEMENTS.clear()  # one data version at a time, and a bounded number of views
        found = _PLACEMENTS[key] = _place(dataset, codes, offsets, zoom)
    return found


_PLACEMENTS: dict[tuple, tuple[list, list, dict]] = {}
MAX_PLACEMENTS = 512


def _place(dataset: Dataset, codes: tuple[str, ...], offsets: tuple[float, ...], zoom: str
           ) -> tuple[list, list, dict]:
    points = dataset.countries.loc[list(codes), ["label_lon", "label_lat"]].to_numpy(dtype=float).reshape(-1, 2)
    view = VIEWS.get(zoom, WORLD)
    spacing = look.MARKER_SPACING_PX["world" if view is WORLD else "regional"]
    lon, lat, moved = placement.spread(points[:, 0], points[:, 1], offsets, view, look.SMALLEST_MAP_FRAME, spacing)
    leader_lon, leader_lat = [], []
    for (point_lon, point_lat), marker_lon, marker_lat, far in zip(points, lon, lat, moved):
        if far > look.LEADER_MIN_PX:
            leader_lon += [round(float(point_lon), 3), round(float(marker_lon), 3), None]
            leader_lat += [round(float(point_lat), 3), round(float(marker_lat), 3), None]
    return ([round(float(v), 3) for v in lon], [round(float(v), 3) for v in lat],
            {"lon": leader_lon, "lat": leader_lat})


def camera(state: ViewState) -> dict:
    """The map's frame for the regional focus (dashboard.core.look.camera): the whole world's frame, zoomed in on
    the region's box. A layout change only, no data."""
    cam = look.camera(VIEWS.get(state.zoom, WORLD))
    return {"lonaxis": {"range": list(WORLD.lon)}, "lataxis": {"range": list(WORLD.lat)},
            "center": {"lon": cam.lon, "lat": cam.lat}, "projection": {"type": "natural earth", "scale": cam.scale}}


def view_box(state: ViewState) -> dict:
    """The focus's box, carried in the figure's layout.meta (plotly's field for the page's own data): the page's
    arrow keys step through the countries inside it (assets/projector.js)."""
    view = VIEWS.get(state.zoom, WORLD)
    return {"lon": list(view.lon), "lat": list(view.lat)}


def country_names(dataset: Dataset, lang: str) -> dict[str, str]:
    """The engaged countries' names in the page's language, in layout.meta: the arrow keys step through them in
    the order of their names (assets/projector.js). Plain text, never markup."""
    codes = dataset.engagements["iso3"].unique()
    return {code: dataset.countries.at[code, f"name_{i18n.normalize_lang(lang)}"] for code in codes
            if code in dataset.countries.index}


def _fill_colorscale() -> list[list]:
    """Discrete steps for the fill codes (dashboard.core.look.FILL_CODES), fixed so colours never change meaning."""
    scale, n = [], len(look.FILL_CODES)
    for code, color in look.FILL_CODES.items():
        scale += [[(code - 1) / n, color], [code / n, color]]
    return scale


def base_figure(dataset: Dataset, geojson_url: str, state: ViewState, summary: pd.DataFrame | None = None,
                plotly_outline: bool = False) -> dict:
    """The whole map for one page, as plain figure JSON (plotly's validation would cost more than the rest of the
    page): shapes by URL (fetched once, cached), every country grey underneath and carrying the hover; the layers
    above it change by Patch. `plotly_outline`: plotly draws the selected country's outline (an export, which has
    no assets/app.js to draw it)."""
    lang = i18n.normalize_lang(state.lang)
    layers = map_layers(dataset, state, summary)
    countries = dataset.countries
    hover = "%{text}<extra></extra>"
    texts = hover_texts(dataset, lang)
    border = {"color": look.BORDER_COLOR, "width": look.BORDER_WIDTH}
    small = countries.loc[list(dataset.small_states)]
    traces = [
        {"type": "choropleth", "name": "base", "geojson": geojson_url, "featureidkey": "id",
         "locations": list(countries.index), "z": [0] * len(countries), "text": list(texts), "hovertemplate": hover,
         "colorscale": [[0, look.NO_ENGAGEMENT_COLOR], [1, look.NO_ENGAGEMENT_COLOR]], "showscale": False,
         "marker": {"line": border}},
        # Fills only: hover and clicks fall through to the base layer, so its text never has to be resent.
        {"type": "choropleth", "name": "engaged", "geojson": geojson_url, "featureidkey": "id", **layers["engaged"],
         "hoverinfo": "skip", "colorscale": _fill_colorscale(), "zmin": 0.5, "zmax": filtering.SEVERAL + 0.5,
         "showscale": False, "marker": {"line": {**border, "width": look.ENGAGED_BORDER_WIDTH}}},
        {"type": "scattergeo", "name": "small", "mode": "markers", "lon": list(small["label_lon"]),
         "lat": list(small["label_lat"]), "customdata": list(small.index), "text": list(texts[small.index]),
         "hovertemplate": hover,
         "marker": {"size": look.SMALL_STATE_SIZE, "color": look.SMALL_STATE_COLOR,
                    "line": {"width": look.BORDER_WIDTH, "color": look.BORDER_COLOR}}},
        {"type": "scattergeo", "name": "leaders", "mode": "lines", **layers["leaders"], "hoverinfo": "skip",
         "line": {"width": look.LEADER_WIDTH, "color": look.LEADER_COLOR}},
    ]
    for category in CATEGORIES:
        layer = layers[category]
        (filled, filled_rim), (hollow, hollow_rim) = look.marker_colors(category, True), look.marker_colors(category, False)
        label = html.escape(i18n.t(f"cat_{category}", lang))
        traces.append({
            "type": "scattergeo", "name": category, "mode": "markers", "lon": layer["lon"], "lat": layer["lat"],
            "customdata": layer["customdata"], "text": layer["text"],
            "hovertemplate": f"<b>%{{text}}</b><br>{look.CATEGORY_GLYPH[category]} {label}<extra></extra>",
            # 1 = confirmed (filled, white rim), 0 = unconfirmed (white, coloured rim): numbers keep Patches short.
            "marker": {"size": look.MARKER_SIZE, "symbol": look.CATEGORY_SYMBOL[category],
                       "color": layer["confirmed"], "cmin": 0, "cmax": 1,
                       "colorscale": [[0, hollow], [1, filled]],
                       "line": {"width": look.MARKER_RIM, "color": layer["confirmed"], "cmin": 0, "cmax": 1,
                                "colorscale": [[0, hollow_rim], [1, filled_rim]]}}})
    # The selected country, as data: assets/app.js draws its outline (in this line's colour and width) over the
    # fills, and moves it on a click without plotly redrawing the map.
    traces.append({
        "type": "choropleth", "name": "selected", "geojson": geojson_url, "featureidkey": "id", **layers["selected"],
        "visible": plotly_outline, "hoverinfo": "skip", "showscale": False,
        "colorscale": [[0, look.CLEAR], [1, look.CLEAR]],
        "marker": {"line": {"color": look.SELECTED_COLOR, "width": look.SELECTED_WIDTH}}})
    layout = {
        "autosize": True, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False,
        # See-through, on the page's white: the map's still picture behind the graph (ui/picture.py) shows until
        # plotly has drawn the countries, which assets/app.js then takes away.
        "paper_bgcolor": look.CLEAR, "dragmode": "pan", "uirevision": state.zoom,
        "meta": {"view": view_box(state), "names": country_names(dataset, lang)},
        "font": {"family": look.FONT_FAMILY, "size": 16},
        "hoverlabel": {"font": {"size": 16, "family": look.FONT_FAMILY}, "bgcolor": "#FFFFFF",
                       "bordercolor": look.NAVY},
        "geo": {"showframe": False, "showcoastlines": False,
                "showland": False, "showcountries": False, "showocean": False, "showlakes": False,
                "bgcolor": look.CLEAR, **camera(state)},
    }
    return {"data": traces, "layout": layout}


def map_patch(dataset: Dataset, state: ViewState, summary: pd.DataFrame | None = None, camera_too: bool = False
              ) -> Patch:
    """Only the per-country values: no shapes, no hover text, no layout (but the camera, when it changed too)."""
    layers = map_layers(dataset, state, summary)
    patch = Patch()
    for trace, name in ((ENGAGED, "engaged"), (SELECTED, "selected")):
        for key, value in layers[name].items():
            patch["data"][trace][key] = value
    _markers(patch, layers)
    if camera_too:
        _camera(patch, state)
    return patch


def zoom_patch(dataset: Dataset, state: ViewState, summary: pd.DataFrame | None = None) -> Patch:
    """A new regional focus, same filters: the camera, and the markers placed for it; no shapes, no fills."""
    patch = Patch()
    _markers(patch, map_layers(dataset, state, summary), places_only=True)
    _camera(patch, state)
    return patch


def _markers(patch: Patch, layers: dict, places_only: bool = False) -> None:
    for category in CATEGORIES:
        layer = layers[category]
        trace = patch["data"][MARKER_TRACE[category]]
        for key in ("lon", "lat") if places_only else ("lon", "lat", "customdata", "text"):
            trace[key] = layer[key]
        if not places_only:
            trace["marker"]["color"] = layer["confirmed"]
            trace["marker"]["line"]["color"] = layer["confirmed"]
    patch["data"][LEADERS]["lon"] = layers["leaders"]["lon"]
    patch["data"][LEADERS]["lat"] = layers["leaders"]["lat"]


def _camera(patch: Patch, state: ViewState) -> None:
    view = camera(state)
    patch["layout"]["geo"]["center"] = view["center"]
    patch["layout"]["geo"]["projection"]["scale"] = view["projection"]["scale"]
    patch["layout"]["uirevision"] = state.zoom
    patch["layout"]["meta"]["view"] = view_box(state)

