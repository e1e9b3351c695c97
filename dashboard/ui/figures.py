"""Pure figure builders: the base map is built once per page; a filter change becomes a Patch of values only."""

from __future__ import annotations

import html

import pandas as pd
from dash import Patch

from dashboard.core import filtering, i18n
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.text import engagement_line
from dashboard.ui import theme

HOVER_LINES = 8
# Trace order in the figure; Patches address traces by these positions.
BASE, ENGAGED, SMALL, *MARKERS, SELECTED = range(4 + len(CATEGORIES))
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
        theme.CATEGORY_GLYPH[category] + " " + html.escape(engagement_line(
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
    """The values that change with the filters: engaged countries' fills, the selected outline, and each
    category's markers (position, country, and 1/0 for confirmed/unconfirmed). Short arrays only."""
    if summary is None:
        summary = filtering.country_summary(filtering.filter_engagements(dataset.engagements, state.filters))
    layers = {"engaged": {"locations": list(summary.index), "z": [int(v) for v in summary["fill"]]},
              "selected": {"locations": [state.country] if state.country else [], "z": [1] if state.country else []}}
    present = summary[list(CATEGORIES)]
    slots = present.cumsum(axis=1).where(present)  # 1-based position of each category within its country
    count = present.sum(axis=1)
    names = dataset.countries[f"name_{i18n.normalize_lang(state.lang)}"].map(html.escape)
    unconfirmed = html.escape(i18n.t("unconfirmed_badge", state.lang))
    for category in CATEGORIES:
        here = summary.index[present[category].to_numpy(dtype=bool)] if len(summary) else summary.index
        offset = (slots.loc[here, category] - (count[here] + 1) / 2) * theme.MARKER_SPACING_DEG
        points = dataset.countries.loc[here]
        hollow = summary.loc[here, f"{category}_unconfirmed"].to_numpy(dtype=bool)
        layers[category] = {
            "lon": [round(v, 2) for v in points["label_lon"] + offset],
            "lat": [round(v, 2) for v in points["label_lat"]],
            "customdata": list(here),
            "text": [f"{names[c]} · {unconfirmed}" if h else names[c] for c, h in zip(here, hollow)],
            "confirmed": [0 if h else 1 for h in hollow],
        }
    return layers


def _fill_colorscale() -> list[list]:
    """Discrete steps for fill codes 1..4, fixed from the category list so colours never change meaning."""
    colors = [theme.CATEGORY_FILL[c] for c in CATEGORIES] + [theme.SEVERAL_FILL]
    scale = []
    for code, color in enumerate(colors):
        scale += [[code / len(colors), color], [(code + 1) / len(colors), color]]
    return scale


def base_figure(dataset: Dataset, geojson_url: str, state: ViewState, summary: pd.DataFrame | None = None) -> dict:
    """The whole map for one page, as plain figure JSON (plotly's validation would cost more than the rest of the
    page): shapes by URL (fetched once, cached), every country grey underneath and carrying the hover; the layers
    above it change by Patch."""
    lang = i18n.normalize_lang(state.lang)
    layers = map_layers(dataset, state, summary)
    countries = dataset.countries
    hover = "%{text}<extra></extra>"
    texts = hover_texts(dataset, lang)
    border = {"color": theme.BORDER_COLOR, "width": 0.5}
    small = countries.loc[list(dataset.small_states)]
    traces = [
        {"type": "choropleth", "name": "base", "geojson": geojson_url, "featureidkey": "id",
         "locations": list(countries.index), "z": [0] * len(countries), "text": list(texts), "hovertemplate": hover,
         "colorscale": [[0, theme.NO_ENGAGEMENT_COLOR], [1, theme.NO_ENGAGEMENT_COLOR]], "showscale": False,
         "marker": {"line": border}},
        # Fills only: hover and clicks fall through to the base layer, so its text never has to be resent.
        {"type": "choropleth", "name": "engaged", "geojson": geojson_url, "featureidkey": "id", **layers["engaged"],
         "hoverinfo": "skip", "colorscale": _fill_colorscale(), "zmin": 0.5, "zmax": filtering.SEVERAL + 0.5,
         "showscale": False, "marker": {"line": {**border, "width": 0.6}}},
        {"type": "scattergeo", "name": "small", "mode": "markers", "lon": list(small["label_lon"]),
         "lat": list(small["label_lat"]), "customdata": list(small.index), "text": list(texts[small.index]),
         "hovertemplate": hover,
         "marker": {"size": 6, "color": theme.SMALL_STATE_COLOR, "line": {"width": 0.5, "color": "#FFFFFF"}}},
    ]
    for category in CATEGORIES:
        layer = layers[category]
        color = theme.CATEGORY_COLOR[category]
        label = html.escape(i18n.t(f"cat_{category}", lang))
        traces.append({
            "type": "scattergeo", "name": category, "mode": "markers", "lon": layer["lon"], "lat": layer["lat"],
            "customdata": layer["customdata"], "text": layer["text"],
            "hovertemplate": f"<b>%{{text}}</b><br>{theme.CATEGORY_GLYPH[category]} {label}<extra></extra>",
            # 1 = confirmed (filled, white rim), 0 = unconfirmed (white, coloured rim): numbers keep Patches short.
            "marker": {"size": theme.MARKER_SIZE, "symbol": theme.CATEGORY_SYMBOL[category],
                       "color": layer["confirmed"], "cmin": 0, "cmax": 1,
                       "colorscale": [[0, theme.UNCONFIRMED_FILL], [1, color]],
                       "line": {"width": 1.5, "color": layer["confirmed"], "cmin": 0, "cmax": 1,
                                "colorscale": [[0, color], [1, theme.MARKER_OUTLINE]]}}})
    # The selected country, as data: assets/app.js draws its outline (in this line's colour and width) over the
    # fills, and moves it on a click without plotly redrawing the map.
    traces.append({
        "type": "choropleth", "name": "selected", "geojson": geojson_url, "featureidkey": "id", **layers["selected"],
        "visible": False, "hoverinfo": "skip", "showscale": False,
        "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "marker": {"line": {"color": theme.NAVY, "width": 3}}})
    layout = {
        "autosize": True, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False,
        "paper_bgcolor": "#FFFFFF", "dragmode": "pan", "uirevision": "map",
        "font": {"family": theme.FONT_FAMILY, "size": 16},
        "hoverlabel": {"font": {"size": 16, "family": theme.FONT_FAMILY}, "bgcolor": "#FFFFFF",
                       "bordercolor": theme.NAVY},
        "geo": {"projection": {"type": "natural earth"}, "showframe": False, "showcoastlines": False,
                "showland": False, "showcountries": False, "showocean": False, "showlakes": False,
                "bgcolor": "#FFFFFF", "lataxis": {"range": [-58, 85]}, "lonaxis": {"range": [-180, 180]}},
    }
    return {"data": traces, "layout": layout}


def map_patch(dataset: Dataset, state: ViewState, summary: pd.DataFrame | None = None) -> Patch:
    """Only the per-country values: no shapes, no hover text, no layout."""
    layers = map_layers(dataset, state, summary)
    patch = Patch()
    for trace, name in ((ENGAGED, "engaged"), (SELECTED, "selected")):
        for key, value in layers[name].items():
            patch["data"][trace][key] = value
    for category in CATEGORIES:
        layer = layers[category]
        trace = patch["data"][MARKER_TRACE[category]]
        for key in ("lon", "lat", "customdata", "text"):
            trace[key] = layer[key]
        trace["marker"]["color"] = layer["confirmed"]
        trace["marker"]["line"]["color"] = layer["confirmed"]
    return patch

