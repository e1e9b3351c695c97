"""The plain Dash way, for the benchmark only: px.choropleth with the shapes embedded, rebuilt on every change.

What a straightforward Dash app on the same data looks like, with Dash's default settings: a checklist filter on
the category, a callback that rebuilds the whole figure (shapes included) from the filtered rows, and a click
callback that lists the clicked country's engagements. Three changes from the tutorial way, all needed to compare
like with like on this machine: the data comes from dashboard.core.load.load (the same validated files); the map
reads plotly's base-map topojson from this server (`topojsonURL`), since it is blank offline otherwise; and the app
answers one request of its own before it serves any (below), or gunicorn's threaded workers sometimes answer a
fresh browser's first scripts with errors and the page never draws.

    gunicorn --workers 2 bench.reference_app:server     (DASHBOARD_DATA_DIR picks the data folder)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import flask
import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

from dashboard.core import load

REPO = Path(__file__).resolve().parent.parent
REFERENCE_LABELS = {"mpdp": "MPDP projects", "grsi": "GRSI programs", "forum": "Multilateral forums"}
SEVERAL = "Several"
COLORS = {"MPDP projects": "#E69F00", "GRSI programs": "#0072B2", "Multilateral forums": "#009E73",
          SEVERAL: "#CC79A7"}


def country_table(dataset: load.Dataset, categories: list[str]) -> pd.DataFrame:
    """One row per country with engagements in the chosen categories: its name and its category (or Several)."""
    rows = dataset.engagements[dataset.engagements["category"].isin(categories)]
    per_country = rows.groupby("iso3")["category"].agg(lambda values: sorted(set(values)))
    table = pd.DataFrame({
        "iso3": per_country.index,
        "country": dataset.countries.loc[per_country.index, "name_en"].to_numpy(),
        "category": [REFERENCE_LABELS[c[0]] if len(c) == 1 else SEVERAL for c in per_country],
        "engagements": rows.groupby("iso3").size().loc[per_country.index].to_numpy(),
    })
    return table


def build_figure(dataset: load.Dataset, geojson: dict, categories: list[str]):
    table = country_table(dataset, categories)
    figure = px.choropleth(table, geojson=geojson, locations="iso3", featureidkey="id", color="category",
                           hover_name="country", hover_data={"engagements": True, "iso3": False},
                           color_discrete_map=COLORS, category_orders={"category": [*REFERENCE_LABELS.values(), SEVERAL]})
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return figure


def details(dataset: load.Dataset, iso3: str) -> list:
    rows = dataset.engagements[dataset.engagements["iso3"] == iso3]
    items = [html.Li(f"{row.program} · {row.role} · {row.description_en} ({'; '.join(row.citations_en)})")
             for row in rows.itertuples()]
    return [html.H3(dataset.countries.at[iso3, "name_en"]), html.Ul(items)]


def create_app(data_dir: str | Path) -> Dash:
    dataset = load.load(data_dir)
    geojson = json.loads(dataset.geometry_bytes)
    app = Dash(__name__)
    app.layout = html.Div([
        html.H1("Canada's international migration engagement"),
        dcc.Checklist(id="filter-category", options=[{"label": label, "value": value}
                                                     for value, label in REFERENCE_LABELS.items()],
                      value=list(REFERENCE_LABELS)),
        dcc.Graph(id="map", config={"topojsonURL": "/topojson/"}, style={"height": "70vh"}),
        html.Div(id="details"),
    ])

    @app.callback(Output("map", "figure"), Input("filter-category", "value"))
    def update_map(categories):
        return build_figure(dataset, geojson, categories or [])

    @app.callback(Output("details", "children"), Input("map", "clickData"))
    def show_details(click):
        if not click:
            return "Click a country."
        return details(dataset, click["points"][0]["location"])

    @app.server.route("/topojson/<path:name>")
    def topojson(name):
        return flask.send_from_directory(REPO / "assets" / "topojson", name)

    # Dash readies a process on its first request and marks it ready before it has registered its scripts: under a
    # threaded server, a second request in that moment is refused its script with a 500 (reported to plotly/dash as
    # bug 3971). One request here, before the server takes any, readies it.
    app.server.test_client().get("/")
    return app


def __getattr__(name: str):
    if name == "server":  # built on first use, so importing build_figure for the scale test loads nothing
        server = create_app(os.environ.get("DASHBOARD_DATA_DIR", REPO / "data")).server
        globals()["server"] = server
        return server
    raise AttributeError(name)
