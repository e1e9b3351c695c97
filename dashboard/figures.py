"""Pure figure builders: the base map is built once per page; a filter change becomes a Patch of values only."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard import i18n, model, theme
from dashboard.data import Dataset
from dashboard.state import ViewState

HOVER_LINES = 8
# Trace order in the figure; Patches address traces by these positions.
BASE, ENGAGED, SMALL, *MARKERS, SELECTED = range(4 + len(model.CATEGORIES))
MARKER_TRACE = dict(zip(model.CATEGORIES, MARKERS))


def country_name(dataset: Dataset, iso3: str, lang: str) -> str:
    return str(dataset.countries.at[iso3, f"name_{i18n.normalize_lang(lang)}"])


def engagement_line(row: pd.Series, lang: str) -> str:
    """'IGC · Chair · 2019 to 2020' (plus 'Not confirmed' when so), as plain text."""
    parts = [i18n.t(f"program_{row['program']}", lang), i18n.t(f"role_{row['role']}", lang)]
    years = years_text(row["start_year"], row["end_year"], lang)
    if years != i18n.t("years_unknown", lang):
        parts.append(years)
    if not row["confirmed"]:
        parts.append(i18n.t("unconfirmed_badge", lang))
    return " · ".join(parts)


def years_text(start: object, end: object, lang: str) -> str:
    start = None if pd.isna(start) else int(start)
    end = None if pd.isna(end) else int(end)
    if start is None and end is None:
        return i18n.t("years_unknown", lang)
    if end is None:
        return i18n.t("years_from", lang, start=start)
    if start is None:
        return i18n.t("years_until", lang, end=end)
    if start == end:
        return str(start)
    return i18n.t("years_range", lang, start=start, end=end)


def hover_texts(dataset: Dataset, rows: pd.DataFrame, lang: str) -> pd.Series:
    """Per country: its name in bold, then one line per engagement; every data string HTML-escaped."""
    lines = rows.apply(lambda row: html.escape(engagement_line(row, lang)), axis=1) if len(rows) else pd.Series()

    def block(group: pd.Series) -> str:
        shown = list(group[:HOVER_LINES])
        if len(group) > HOVER_LINES:
            shown.append(i18n.t("hover_more", lang, n=len(group) - HOVER_LINES))
        return "<br>".join(shown)

    by_country = lines.groupby(rows["iso3"]).agg(block) if len(rows) else pd.Series(dtype=str)
    names = dataset.countries.loc[by_country.index, f"name_{lang}"].map(html.escape)
    return "<b>" + names + "</b><br>" + by_country


def map_layers(dataset: Dataset, state: ViewState) -> dict:
    """The values that change with the filters: engaged countries' fills and hover, and each category's markers."""
    rows = model.filter_engagements(dataset.engagements, state.filters)
    summary = model.country_summary(rows)
    hover = hover_texts(dataset, rows, state.lang).reindex(summary.index)
    layers = {"engaged": {"locations": list(summary.index), "z": [int(v) for v in summary["fill"]],
                          "text": list(hover)},
              "selected": {"locations": [state.country] if state.country else [], "z": [1] if state.country else []}}
    present = summary[list(model.CATEGORIES)]
    slots = present.cumsum(axis=1).where(present)  # 1-based position of each category within its country
    count = present.sum(axis=1)
    for category in model.CATEGORIES:
        here = summary.index[present[category].to_numpy(dtype=bool)] if len(summary) else summary.index
        offset = (slots.loc[here, category] - (count[here] + 1) / 2) * theme.MARKER_SPACING_DEG
        points = dataset.countries.loc[here]
        hollow = summary.loc[here, f"{category}_unconfirmed"].to_numpy(dtype=bool)
        color = theme.CATEGORY_COLOR[category]
        layers[category] = {
            "lon": [round(v, 3) for v in points["label_lon"] + offset],
            "lat": list(points["label_lat"]),
            "customdata": list(here),
            "text": list(hover[here]),
            "marker": {"color": [theme.UNCONFIRMED_FILL if h else color for h in hollow],
                       "line": {"color": [color if h else theme.MARKER_OUTLINE for h in hollow]}},
        }
    return layers


def _fill_colorscale() -> list[list]:
    """Discrete steps for fill codes 1..4, fixed from the category list so colours never change meaning."""
    colors = [theme.CATEGORY_COLOR[c] for c in model.CATEGORIES] + [theme.SEVERAL_COLOR]
    scale = []
    for code, color in enumerate(colors):
        scale += [[code / len(colors), color], [(code + 1) / len(colors), color]]
    return scale


def base_figure(dataset: Dataset, geojson_url: str, state: ViewState) -> go.Figure:
    """The whole map for one page: shapes by URL (fetched once, cached), every country grey underneath."""
    lang = state.lang
    layers = map_layers(dataset, state)
    countries = dataset.countries
    hover = "%{text}<extra></extra>"
    names = ["<b>" + html.escape(name) + "</b><br>" + i18n.t("hover_none", lang) for name in countries[f"name_{lang}"]]
    figure = go.Figure()
    figure.add_trace(go.Choropleth(
        geojson=geojson_url, featureidkey="id", locations=list(countries.index), z=[0] * len(countries),
        text=names, hovertemplate=hover, colorscale=[[0, theme.NO_ENGAGEMENT_COLOR], [1, theme.NO_ENGAGEMENT_COLOR]],
        showscale=False, marker_line_color=theme.BORDER_COLOR, marker_line_width=0.5, name="base"))
    figure.add_trace(go.Choropleth(
        geojson=geojson_url, featureidkey="id", **layers["engaged"], hovertemplate=hover,
        colorscale=_fill_colorscale(), zmin=0.5, zmax=model.SEVERAL + 0.5, showscale=False,
        marker_line_color=theme.BORDER_COLOR, marker_line_width=0.6, name="engaged"))
    small = countries.loc[list(dataset.small_states)]
    figure.add_trace(go.Scattergeo(
        lon=list(small["label_lon"]), lat=list(small["label_lat"]), customdata=list(small.index),
        text=[names[countries.index.get_loc(iso3)] for iso3 in small.index], hovertemplate=hover, mode="markers",
        marker={"size": 6, "color": theme.SMALL_STATE_COLOR, "line": {"width": 0.5, "color": "#FFFFFF"}},
        name="small"))
    for category in model.CATEGORIES:
        layer = layers[category]
        figure.add_trace(go.Scattergeo(
            lon=layer["lon"], lat=layer["lat"], customdata=layer["customdata"], text=layer["text"],
            hovertemplate=hover, mode="markers", name=category,
            marker={"size": theme.MARKER_SIZE, "symbol": theme.CATEGORY_SYMBOL[category],
                    "color": layer["marker"]["color"],
                    "line": {"width": 1.5, "color": layer["marker"]["line"]["color"]}}))
    figure.add_trace(go.Choropleth(
        geojson=geojson_url, featureidkey="id", **layers["selected"], hoverinfo="skip", showscale=False,
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker_line_color=theme.NAVY,
        marker_line_width=3, name="selected"))
    figure.update_layout(
        autosize=True, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False,
        paper_bgcolor="#FFFFFF", dragmode="pan", uirevision="map",
        font={"family": theme.FONT_FAMILY, "size": 16},
        hoverlabel={"font": {"size": 16, "family": theme.FONT_FAMILY}, "bgcolor": "#FFFFFF", "bordercolor": theme.NAVY},
        geo={"projection": {"type": "natural earth"}, "showframe": False, "showcoastlines": False,
             "showland": False, "showcountries": False, "showocean": False, "showlakes": False,
             "bgcolor": "#FFFFFF", "lataxis": {"range": [-58, 85]}, "lonaxis": {"range": [-180, 180]}},
    )
    return figure


def map_patch(dataset: Dataset, state: ViewState) -> Patch:
    """Only the per-country values: no shapes, no layout."""
    layers = map_layers(dataset, state)
    patch = Patch()
    for trace, name in ((ENGAGED, "engaged"), (SELECTED, "selected")):
        for key, value in layers[name].items():
            patch["data"][trace][key] = value
    for category in model.CATEGORIES:
        layer = layers[category]
        trace = patch["data"][MARKER_TRACE[category]]
        for key in ("lon", "lat", "customdata", "text"):
            trace[key] = layer[key]
        trace["marker"]["color"] = layer["marker"]["color"]
        trace["marker"]["line"]["color"] = layer["marker"]["line"]["color"]
    return patch
