"""The benchmark's own parts: synthetic data that validates, and a reference app that works the plain Dash way."""

from __future__ import annotations

import json

import pytest

from bench import reference_app
from bench.synthetic import write_data_dir
from dashboard.core import load, schema


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return load.load(write_data_dir(500, tmp_path_factory.mktemp("bench") / "data"))


def test_synthetic_engagements_validate_and_cover_every_category(synthetic):
    engagements = synthetic.engagements
    assert len(engagements) == 500
    assert set(engagements["category"]) == set(schema.CATEGORIES)
    assert engagements["id"].is_unique
    assert engagements["start_year"].isna().any() and not engagements["confirmed"].all()


def test_the_reference_rebuilds_the_figure_with_the_shapes_embedded(synthetic):
    geojson = json.loads(synthetic.geometry_bytes)
    figure = reference_app.build_figure(synthetic, geojson, ["grsi"])
    assert all(trace.geojson == geojson for trace in figure.data)  # every change resends the shapes
    shown = {iso3 for trace in figure.data for iso3 in trace.locations}
    assert shown == set(synthetic.engagements.loc[synthetic.engagements["category"] == "grsi", "iso3"])


def test_the_reference_answers_its_click_callback_offline():
    app = reference_app.create_app(reference_app.REPO / "data")
    client = app.server.test_client()
    body = {"output": "details.children", "outputs": {"id": "details", "property": "children"},
            "inputs": [{"id": "map", "property": "clickData", "value": {"points": [{"location": "ARG"}]}}],
            "changedPropIds": ["map.clickData"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200 and "Argentina" in response.get_data(as_text=True)
    assert client.get("/topojson/world_110m.json").status_code == 200
