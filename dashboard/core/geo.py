"""Country geometries: read once, check each shape, join on ISO 3166-1 alpha-3."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import geopandas as gpd
import shapely

from dashboard.core.problems import Problem

# Countries smaller than this (in square degrees) are hard to hit with a pointer on a world map; they get a
# clickable marker. Malta is ~0.03, Trinidad ~0.4, Cyprus ~0.9, Lebanon ~1.0, Jamaica ~1.0.
SMALL_STATE_AREA = 1.5


def read_geometries(path: Path) -> tuple[gpd.GeoSeries, list[Problem]]:
    """Shapes keyed by ISO3, and the problems found; a missing or broken file yields no shapes."""
    name = path.name
    if not path.is_file():
        return gpd.GeoSeries(), [Problem(name, 1, 1, f"file is missing (expected {name} in the data folder)")]
    try:
        collection = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line, column = (err.lineno, err.colno) if isinstance(err, json.JSONDecodeError) else (1, 1)
        return gpd.GeoSeries(), [Problem(name, line, column, f"not valid GeoJSON: {err} (expected a FeatureCollection)")]
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list) or not features:
        return gpd.GeoSeries(), [Problem(name, 1, 1, "no features (expected a FeatureCollection of countries)")]
    ids = [feature.get("id") if isinstance(feature, dict) else None for feature in features]
    problems = [Problem(name, 1, 1, f"feature {number} has no ISO3 id (expected \"id\": \"ABC\")")
                for number, iso3 in enumerate(ids, start=1) if not (isinstance(iso3, str) and len(iso3) == 3)]
    if problems:
        return gpd.GeoSeries(), problems
    try:
        shapes = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326").geometry
    except Exception as err:  # shapely raises several types for malformed coordinates
        return gpd.GeoSeries(), [Problem(name, 1, 1, f"unreadable geometry: {err} (expected GeoJSON polygons)")]
    shapes.index = ids
    for iso3 in shapes.index[shapes.index.duplicated()]:
        problems.append(Problem(name, 1, 1, f"feature {iso3!r} appears more than once (expected one per country)"))
    for iso3 in shapes.index[shapes.is_empty | ~shapes.is_valid]:
        problems.append(Problem(name, 1, 1, f"feature {iso3!r} has an empty or invalid shape "
                                            "(expected a valid polygon; rerun scripts/build_geodata.py)"))
    return shapes, problems


def small_states(shapes: gpd.GeoSeries) -> tuple[str, ...]:
    # Square degrees are enough to rank how hard a shape is to hit on screen (no projection needed).
    areas = shapely.area(shapes.to_numpy())
    return tuple(sorted(shapes.index[areas < SMALL_STATE_AREA]))


# A country whose marker is off a regional focus's frame but whose shape shows this much inside it (square pixels of
# the drawing, dashboard.core.look.DRAWING_WIDTH wide) is on the map too, and gets its name there.
VISIBLE_AREA = 1500.0


@functools.lru_cache(maxsize=16)
def visible_parts(geometry: bytes, zoom: str) -> dict[str, tuple[float, float, float]]:
    """Each country's part inside the frame of the focus `zoom`, in the drawing's pixels: (x, y) of a point well
    inside it (the pole of inaccessibility of its largest piece) and its area; countries with no part left out."""
    import numpy as np
    from shapely.ops import polylabel

    from dashboard.core import look
    from dashboard.core.views import VIEWS, WORLD

    view = VIEWS.get(zoom, WORLD)
    width = look.DRAWING_WIDTH
    frame = shapely.box(0, 0, width, look.frame_height(width))
    found = {}
    for feature in json.loads(geometry)["features"]:
        shape = feature["geometry"]
        polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        pieces = []
        for polygon in polygons:
            rings = [look.to_frame(np.asarray(ring, dtype=float)[:, 0], np.asarray(ring, dtype=float)[:, 1], view,
                                   width) for ring in polygon]
            piece = shapely.make_valid(shapely.Polygon(rings[0], rings[1:])).intersection(frame)
            if not piece.is_empty and piece.area > 0:
                pieces += list(getattr(piece, "geoms", [piece]))
        pieces = [piece for piece in pieces if piece.geom_type == "Polygon"]
        if pieces:
            largest = max(pieces, key=lambda piece: piece.area)
            point = polylabel(largest, tolerance=1.0)
            found[feature["id"]] = (float(point.x), float(point.y), float(sum(piece.area for piece in pieces)))
    return found


# --- the shapes as the page gets them ------------------------------------------------------------------------------

MAX_DECIMALS = 9  # a coordinate with more digits after the point keeps its shapes file sent as it is


def _decimals(values) -> int | None:
    """The fewest digits after the point that write every one of `values` exactly, None beyond MAX_DECIMALS."""
    import numpy as np

    for digits in range(MAX_DECIMALS + 1):
        scale = 10.0 ** digits
        if np.array_equal(np.round(values * scale) / scale, values):
            return digits
    return None


@functools.lru_cache(maxsize=2)
def packed_shapes(geometry: bytes) -> bytes | None:
    """The shapes file in fewer bytes, for the page to unpack into the very same FeatureCollection (assets/shapes.js):
    {"features": [[id, properties, decimals, geometry type, points per ring], ...], "steps": [...]}, where "steps"
    holds, ring after ring, the ring's first point and then each next point as its step from the one before, as
    whole numbers of the feature's last decimal (the ring's closing point, a repeat of its first, is left out).
    None when the file holds anything but polygons that this gives back exactly (unpack_shapes)."""
    try:
        collection = json.loads(geometry)
        packed = _pack(collection["features"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return packed if packed is not None and unpack_shapes(packed) == collection else None


def _pack(features: list) -> bytes | None:
    import numpy as np

    rows, steps = [], []
    for feature in features:
        shape = feature["geometry"]
        if set(feature) - {"type", "id", "properties", "geometry"} or shape["type"] not in ("Polygon", "MultiPolygon"):
            return None
        polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        rings = [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in polygons]
        flat = [ring for polygon in rings for ring in polygon]
        if any(ring.ndim != 2 or ring.shape[1] != 2 or len(ring) < 2 for ring in flat):
            return None
        digits = _decimals(np.concatenate(flat)) if flat else 0
        if digits is None:
            return None
        for ring in flat:
            whole = np.round(ring[:-1] * 10.0 ** digits).astype(np.int64)
            steps += np.concatenate([whole[:1], np.diff(whole, axis=0)]).ravel().tolist()
        counts = [[len(ring) - 1 for ring in polygon] for polygon in rings]
        rows.append([feature.get("id"), feature.get("properties"), digits, shape["type"],
                     counts[0] if shape["type"] == "Polygon" else counts])
    return json.dumps({"features": rows, "steps": steps}, separators=(",", ":")).encode()


def unpack_shapes(packed: bytes) -> dict:
    """packed_shapes' FeatureCollection again: what assets/shapes.js does in the page."""
    content = json.loads(packed)
    steps, at, features = content["steps"], 0, []
    for code, properties, digits, kind, counts in content["features"]:
        scale = 10 ** digits

        def ring(count: int) -> list[list[float]]:
            nonlocal at
            x = y = 0
            points = []
            for i in range(at, at + 2 * count, 2):
                x, y = x + steps[i], y + steps[i + 1]
                points.append([x / scale, y / scale])
            at += 2 * count
            return [*points, points[0]]

        coordinates = ([ring(n) for n in counts] if kind == "Polygon"
                       else [[ring(n) for n in polygon] for polygon in counts])
        features.append({"type": "Feature", "id": code, "properties": properties,
                         "geometry": {"type": kind, "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}
