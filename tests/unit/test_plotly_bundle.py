"""The plotly.js the page loads when npm is there (scripts/plotly-bundle): it holds what the map's figures use and no
more, so every figure the page, a view or an export draws must stay within it."""

from __future__ import annotations

import re

from dashboard.core.state import ViewState
from dashboard.core.views import ZOOMS
from dashboard.ui import figures
from tests.support import REPO

BUNDLE = REPO / "scripts" / "plotly-bundle"
# Layout parts drawn by a plotly.js component, by the component's name in plotly.js's src/components.
LAYOUT_COMPONENTS = {"annotations": "annotations", "shapes": "shapes", "images": "images",
                     "updatemenus": "updatemenus", "sliders": "sliders", "selections": "selections",
                     "colorway": "colorscale", "coloraxis": "colorscale", "legend": "legend", "grid": "grid"}
# plotly's names of the projections d3-geo draws (plotly.js's plots/geo/constants.js), and the one of
# d3-geo-projection's that scripts/plotly-bundle/projections.js keeps.
D3_GEO_PROJECTIONS = {"equirectangular", "mercator", "orthographic", "azimuthal equal area", "azimuthal equidistant",
                      "conic conformal", "conic equal area", "conic equidistant", "gnomonic", "stereographic",
                      "transverse mercator", "albers usa", "natural earth1"}
KEPT_PROJECTIONS = D3_GEO_PROJECTIONS | {"natural earth"}


def bundled(kind: str) -> set[str]:
    """The traces or components entry.js registers."""
    return set(re.findall(rf"require\('plotly\.js/src/{kind}/([a-z]+)'\)", (BUNDLE / "entry.js").read_text()))


def drawn_figures(dataset) -> list[dict]:
    states = [ViewState(), ViewState(country="ARG", lang="fr"), *(ViewState(zoom=zoom) for zoom in ZOOMS)]
    made = [figures.base_figure(dataset, "/data/countries.geojson?v=test", state) for state in states]
    return [*made, figures.base_figure(dataset, "/data/countries.geojson", ViewState(), plotly_outline=True)]


def test_the_bundle_holds_the_map_traces_and_the_components_of_hover_clicks_and_the_toolbar():
    assert bundled("traces") == {"scatter", "scattergeo", "choropleth"}  # scatter: plotly.js's core needs it
    assert {"fx", "modebar", "colorscale", "legend"} <= bundled("components")


def test_every_figure_uses_only_what_the_bundle_holds(dataset):
    traces, components = bundled("traces"), bundled("components")
    for figure in drawn_figures(dataset):
        assert {trace["type"] for trace in figure["data"]} <= traces
        for trace in figure["data"]:
            # Shapes are found by the figure's own ids: the bundle looks no country name up.
            assert trace.get("locationmode") in (None, "geojson-id"), trace["name"]
            if trace["type"] == "choropleth":
                assert trace["geojson"].startswith("/data/countries.geojson") and trace["featureidkey"] == "id"
        layout = figure["layout"]
        assert {LAYOUT_COMPONENTS[key] for key in layout if key in LAYOUT_COMPONENTS} <= components
        assert layout["geo"]["projection"]["type"] in KEPT_PROJECTIONS
