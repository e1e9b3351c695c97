"""dashboard.core.geo's packed shapes: what the page unpacks (assets/shapes.js) into exactly the shapes file."""

from __future__ import annotations

import json

import pytest

from dashboard.core import geo
from tests.support import DATA


def collection(*features: dict, **members) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **members}).encode()


def feature(code: str, geometry: dict, properties: dict | None = None, **members) -> dict:
    return {"type": "Feature", "id": code, "properties": {} if properties is None else properties,
            "geometry": geometry, **members}


SQUARE = [[0.5, 0.5], [0.5, 1.25], [1.5, 1.25], [1.5, 0.5], [0.5, 0.5]]
HOLE = [[0.75, 0.75], [1.0, 0.75], [1.0, 1.0], [0.75, 0.75]]
ISLAND = [[-170.01, -14.3], [-170.02, -14.28], [-169.99, -14.27], [-170.01, -14.3]]


def test_the_fixture_shapes_come_back_exactly():
    raw = (DATA / "countries.geojson").read_bytes()
    packed = geo.packed_shapes(raw)
    assert packed is not None and len(packed) < len(raw) / 2
    assert geo.unpack_shapes(packed) == json.loads(raw)


def test_each_ring_is_its_first_point_then_steps_in_units_of_the_features_last_decimal():
    raw = collection(feature("AAA", {"type": "Polygon", "coordinates": [SQUARE, HOLE]}, {"name": "$ <b> {{x}}"}),
                     feature("BBB", {"type": "MultiPolygon",
                                     "coordinates": [[ISLAND], [[[1, 2], [3, 4], [5, 2], [1, 2]]]]}))
    packed = json.loads(geo.packed_shapes(raw))
    assert packed["features"] == [["AAA", {"name": "$ <b> {{x}}"}, 2, "Polygon", [4, 3]],
                                  ["BBB", {}, 2, "MultiPolygon", [[3], [3]]]]
    assert packed["steps"] == [50, 50, 0, 75, 100, 0, 0, -75,          # the square, in hundredths
                               75, 75, 25, 0, 0, 25,                    # its hole
                               -17001, -1430, -1, 2, 3, 1,              # the island
                               100, 200, 200, 200, 200, -200]           # whole degrees, in hundredths too
    assert geo.unpack_shapes(geo.packed_shapes(raw)) == json.loads(raw)


@pytest.mark.parametrize("raw", [
    collection(feature("AAA", {"type": "Point", "coordinates": [1, 2]})),                       # not a polygon
    collection(feature("AAA", {"type": "Polygon", "coordinates": [[[0.1234567891, 0], [1, 1], [1, 0],
                                                                   [0.1234567891, 0]]]})),  # too many decimals
    collection(feature("AAA", {"type": "Polygon", "coordinates": [SQUARE[:-1]]})),             # a ring left open
    collection(feature("AAA", {"type": "Polygon", "coordinates": [[[0, 0, 5], [1, 1, 5], [0, 0, 5]]]})),  # heights
    collection(feature("AAA", {"type": "Polygon", "coordinates": [SQUARE]}, bbox=[0, 0, 1, 1])),  # more members
    collection(feature("AAA", {"type": "Polygon", "coordinates": [SQUARE]}), name="countries"),
    b'{"type": "FeatureCollection", "features": [{"id": "AAA"}]}',
    b"not json",
])
def test_shapes_that_would_not_come_back_exactly_have_no_packed_form(raw):
    assert geo.packed_shapes(raw) is None
