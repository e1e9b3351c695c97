"""The map's camera for a regional focus, and marker placement: category markers moved apart on screen so that none
hides another, each as close to its country's point as the others allow.

Worked out in the screen's own geometry: points are projected as plotly's "natural earth" projection draws them
(d3's geoNaturalEarth1 is PROJ's natearth), the world fitted into the smallest map frame the page draws, zoomed by
the focus's scale, and pushed apart there; on a larger map the markers stand further apart still, since their size
in pixels stays the same.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
from pyproj import Transformer

from dashboard.core.views import WORLD, RegionView

EDGE_SAMPLES = 64
ITERATIONS = 400
ANCHOR_PULL = 0.02  # each round, every marker moves this share of the way back towards where it wants to be


@functools.lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "+proj=natearth +lon_0=0 +ellps=sphere", always_xy=True)


def _project(lon, lat) -> np.ndarray:
    x, y = _transformer().transform(np.clip(np.asarray(lon, dtype=float), -179.999, 179.999),
                                    np.asarray(lat, dtype=float))
    return np.column_stack([x, -np.asarray(y)])  # y grows downwards, as on screen


@functools.lru_cache(maxsize=16)
def _extent(view: RegionView) -> tuple[float, float, float, float]:
    """The projected box of a view's longitude and latitude ranges: left, top, width, height."""
    lons, lats = np.linspace(*view.lon, EDGE_SAMPLES), np.linspace(*view.lat, EDGE_SAMPLES)
    edge = _project(np.concatenate([lons, lons, np.full(EDGE_SAMPLES, view.lon[0]), np.full(EDGE_SAMPLES, view.lon[1])]),
                    np.concatenate([np.full(EDGE_SAMPLES, view.lat[0]), np.full(EDGE_SAMPLES, view.lat[1]), lats, lats]))
    (left, top), (right, bottom) = edge.min(axis=0), edge.max(axis=0)
    return float(left), float(top), float(right - left), float(bottom - top)


def zoom_scale(view: RegionView) -> float:
    """plotly's geo.projection.scale that makes the view's box fill the world's frame as far as it can."""
    _, _, world_w, world_h = _extent(WORLD)
    _, _, w, h = _extent(view)
    return min(world_w / w, world_h / h)


def center(view: RegionView) -> tuple[float, float]:
    """The middle of the view's ranges (plotly's geo.center, which plotly puts at the frame's middle)."""
    return (view.lon[0] + view.lon[1]) / 2, (view.lat[0] + view.lat[1]) / 2


def spread(lon, lat, offset, view: RegionView, frame: tuple[float, float], spacing: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (lon, lat) for markers whose countries' points are (lon, lat), each wanted `offset` pixels beside
    its point (several markers of one country side by side), such that any two on screen stand at least `spacing`
    pixels apart along one axis (their square boxes, `spacing` wide, do not overlap) when the world fits `frame`
    (w, h) and the view is zoomed in; and how far, in those pixels, each marker ended up from its point."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not len(lon):
        return lon.copy(), lat.copy(), np.zeros(0)
    _, _, world_w, world_h = _extent(WORLD)
    base = min(frame[0] / world_w, frame[1] / world_h)
    scale = base * zoom_scale(view)
    point = _project(lon, lat) * scale
    wanted = point + np.column_stack([np.asarray(offset, dtype=float), np.zeros(len(lon))])
    # What the frame shows around the view's centre, with a margin: markers off the map are left where they are.
    middle = _project(*center(view))[0] * scale
    half = np.array([world_w, world_h]) * base / 2 + spacing
    shown = np.all(np.abs(wanted - middle) <= half, axis=1)
    placed = wanted.copy()
    placed[shown] = _push_apart(wanted[shown], spacing)
    new_lon, new_lat = _transformer().transform(placed[:, 0] / scale, -placed[:, 1] / scale, direction="INVERSE")
    return np.asarray(new_lon), np.asarray(new_lat), np.hypot(*(placed - point).T)


def _push_apart(wanted: np.ndarray, spacing: float) -> np.ndarray:
    points = wanted.copy()
    order = np.arange(len(points))
    for _ in range(ITERATIONS):
        dx = points[:, None, 0] - points[None, :, 0]
        dy = points[:, None, 1] - points[None, :, 1]
        need_x, need_y = spacing - np.abs(dx), spacing - np.abs(dy)
        clash = (need_x > 0) & (need_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        # Each clashing pair moves apart along the axis that needs less movement, half each.
        along_x = need_x <= need_y
        # Coincident points have no direction: the earlier marker goes left/up, the later right/down.
        sign_x = np.where(dx == 0, np.sign(order[:, None] - order[None, :]), np.sign(dx))
        sign_y = np.where(dy == 0, np.sign(order[:, None] - order[None, :]), np.sign(dy))
        push_x = np.where(clash & along_x, need_x * sign_x / 2 + 0.01 * sign_x, 0.0).sum(axis=1)
        push_y = np.where(clash & ~along_x, need_y * sign_y / 2 + 0.01 * sign_y, 0.0).sum(axis=1)
        points += np.column_stack([push_x, push_y]) * 0.5
        points += (wanted - points) * ANCHOR_PULL
    return points


def worst_overlap(lon, lat, view: RegionView, frame: tuple[float, float], size: float) -> float:
    """The largest share of one marker's box that another covers, with the world fitted into `frame` and the view
    zoomed in (markers off the map left out)."""
    _, _, world_w, world_h = _extent(WORLD)
    base = min(frame[0] / world_w, frame[1] / world_h)
    scale = base * zoom_scale(view)
    points = _project(lon, lat) * scale
    middle = _project(*center(view))[0] * scale
    points = points[np.all(np.abs(points - middle) <= np.array([world_w, world_h]) * base / 2, axis=1)]
    if len(points) < 2:
        return 0.0
    wide = np.clip(size - np.abs(points[:, None, 0] - points[None, :, 0]), 0, None)
    high = np.clip(size - np.abs(points[:, None, 1] - points[None, :, 1]), 0, None)
    share = wide * high / size ** 2
    np.fill_diagonal(share, 0)
    return float(share.max())


# --- plotly's frame ---------------------------------------------------------------------------------------------

SPHERE_RADIUS = 6370997.0  # PROJ's "sphere" ellipsoid: projected metres / this = d3's unit-sphere coordinates
RANGE_PAD = 0.001          # plotly.js pads the axis ranges by this much (constants.clipPad) before fitting them
ARC_SAMPLES = 256


def unit_projection(lon, lat) -> np.ndarray:
    """natural earth on the unit sphere, as d3 projects before its scale and translate: (x, y) with y up."""
    x, y = _transformer().transform(np.clip(np.asarray(lon, dtype=float), -180.0, 180.0), np.asarray(lat, dtype=float))
    return np.column_stack([np.asarray(x) / SPHERE_RADIUS, np.asarray(y) / SPHERE_RADIUS])


@functools.lru_cache(maxsize=1)
def plotly_frame() -> tuple[float, float]:
    """(width, height) on the unit sphere's natural earth of what plotly fits into the map's frame for the world's
    ranges (ui.figures.camera): the "range box" of plotly.js (src/plots/geo/geo.js, makeRangeBox), a polygon whose
    edges d3 draws as great circles. On screen the frame is this shape, as large as the graph allows and centred,
    and the projection's scale is the frame's width over this width (times geo.projection.scale)."""
    lon0, lon1 = WORLD.lon[0] + RANGE_PAD, WORLD.lon[1] - RANGE_PAD
    lat0, lat1 = WORLD.lat[0] + RANGE_PAD, WORLD.lat[1] - RANGE_PAD
    step = (lon1 - lon0) / 4
    ring = [(lon0, lat0), (lon0, lat1), *((lon0 + i * step, lat1) for i in (1, 2, 3)), (lon1, lat1), (lon1, lat0),
            *((lon1 - i * step, lat0) for i in (1, 2, 3)), (lon0, lat0)]
    points = np.concatenate([_great_circle(a, b) for a, b in itertools.pairwise(ring)])
    projected = unit_projection(points[:, 0], points[:, 1])
    width, height = projected.max(axis=0) - projected.min(axis=0)
    return float(width), float(height)


def _great_circle(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Points (lon, lat) along the great circle from a to b."""
    def unit(lon, lat):
        lam, phi = np.radians(lon), np.radians(lat)
        return np.array([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    va, vb = unit(*a), unit(*b)
    angle = float(np.arccos(np.clip(va @ vb, -1.0, 1.0)))
    t = np.linspace(0.0, 1.0, ARC_SAMPLES)[:, None]
    v = va + t * (vb - va) if angle < 1e-9 else (np.sin((1 - t) * angle) * va + np.sin(t * angle) * vb) / np.sin(angle)
    return np.column_stack([np.degrees(np.arctan2(v[:, 1], v[:, 0])), np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))])
