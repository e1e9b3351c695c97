"""The map as a still picture: an SVG drawn on the server from the very figure the page hands plotly
(ui.figures.base_figure), in plotly's own frame and projection. The page's head preloads it and the first layout
paints it as the background of the graph's frame (dashboard.ui.components.map_panel), as soon as the page is
rendered, long before plotly.js has drawn. plotly then draws over it on a see-through paper, the same map in the
same places, and assets/app.js takes the picture away once the countries are drawn (a later view's markers must not
show the first one's beneath them). A page rendered later (Back, Forward, the language) has plotly's map already.

What plotly does and this copies (plotly.js 4.1.1, checked by tests/browser/test_picture.py):
- the frame: the world's range box, as large as the graph allows and centred (core.placement.plotly_frame), and
  the projection scaled by the frame's width, zoomed by geo.projection.scale about geo.center;
- the layers: the choropleths first (every country grey, the engaged ones over it, the selected outline, which the
  page draws beside them, assets/app.js), then the markers' traces in the figure's order;
- plotly.js's marker symbols (src/components/drawing/symbol_defs.js) and colour scales.
Sizes are in pixels of a frame `WIDTH` wide: the shapes and the lines keep their pixel widths at any size
(non-scaling strokes); markers are drawn for that width, so on a frame of another width they are larger or smaller
by the ratio until plotly has drawn. The picture carries no text at all.
"""

from __future__ import annotations

import functools
import itertools
import json
import threading

import numpy as np
import shapely

from dashboard.core import placement
from dashboard.core.live import LiveData
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState, to_query
from dashboard.core.views import VIEWS, WORLD
from dashboard.ui import theme
from dashboard.ui.figures import base_figure

WIDTH = 1000.0      # the frame, in the picture's units: pixels of a map this wide (the normal view at 1366 x 768)
TOLERANCE = 0.3     # shapes simplified by this much (pixels): what no one can see, for a smaller picture


@functools.lru_cache(maxsize=1)
def frame() -> tuple[float, float]:
    """The picture's width and height: plotly's frame, `WIDTH` wide."""
    width, height = placement.plotly_frame()
    return WIDTH, WIDTH * height / width


def to_picture(lon, lat, zoom: str) -> np.ndarray:
    """Longitudes and latitudes -> (x, y) in the picture, for the regional focus `zoom`."""
    width, height = frame()
    view = VIEWS.get(zoom, WORLD)
    scale = WIDTH / placement.plotly_frame()[0] * placement.zoom_scale(view)
    middle = placement.unit_projection(*placement.center(view))[0]
    points = placement.unit_projection(lon, lat)
    return np.column_stack([width / 2 + (points[:, 0] - middle[0]) * scale,
                            height / 2 - (points[:, 1] - middle[1]) * scale])


# --- shapes, once per version of the shapes file and focus --------------------------------------------------------

_shapes_lock = threading.Lock()


@functools.lru_cache(maxsize=2)
def _rings(geometry: bytes) -> dict[str, list[np.ndarray]]:
    """Every country's rings, as (lon, lat) arrays, by the feature's id (the figure's featureidkey)."""
    found: dict[str, list[np.ndarray]] = {}
    for feature in json.loads(geometry)["features"]:
        shape = feature["geometry"]
        polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        found[feature["id"]] = [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon]
    return found


@functools.lru_cache(maxsize=16)
def _paths(geometry: bytes, zoom: str) -> dict[str, str]:
    """Each country's path in the picture for the focus: simplified to `TOLERANCE`, rings wholly outside the
    frame left out."""
    width, height = frame()
    paths = {}
    for code, rings in _rings(geometry).items():
        parts = []
        for ring in rings:
            points = to_picture(ring[:, 0], ring[:, 1], zoom)
            low, high = points.min(axis=0), points.max(axis=0)
            if high[0] < 0 or high[1] < 0 or low[0] > width or low[1] > height or (high - low).max() < 0.5:
                continue  # off the frame, or smaller than a pixel
            simple = shapely.get_coordinates(shapely.simplify(shapely.linearrings(points), TOLERANCE))[:-1]
            if len(simple) >= 3:
                # On a half-pixel grid, each point from the one before: a third of the bytes of absolute ones.
                grid = np.round(simple * 2).astype(int)
                steps = " ".join(f"{dx / 2:g} {dy / 2:g}" for dx, dy in np.diff(grid, axis=0))
                parts.append(f"M{grid[0, 0] / 2:g} {grid[0, 1] / 2:g}l{steps}z")
        if parts:
            paths[code] = "".join(parts)
    return paths


def country_paths(dataset: Dataset, zoom: str) -> dict[str, str]:
    with _shapes_lock:  # built once even when two requests ask at once
        return _paths(dataset.geometry_bytes, zoom)


# --- the picture ----------------------------------------------------------------------------------------------

def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def scale_color(colorscale: list, value: float, low: float, high: float) -> str:
    """plotly's colour for `value` on a colour scale of #RRGGBB stops spanning low..high (linear between stops)."""
    t = 0.0 if high == low else min(max((value - low) / (high - low), 0.0), 1.0)
    for (p0, c0), (p1, c1) in itertools.pairwise(colorscale):
        if p0 <= t <= p1:
            if c0 == c1 or p1 == p0:
                return c0.upper()
            share = (t - p0) / (p1 - p0)
            mixed = [round(a + (b - a) * share) for a, b in zip(_hex(c0), _hex(c1))]
            return "#" + "".join(f"{v:02X}" for v in mixed)
    return colorscale[-1][1].upper()


def symbol_path(symbol: str, size: float) -> str:
    """plotly.js's marker symbol of that size (its diameter), centred on 0, 0."""
    r = size / 2
    if symbol == "square":
        return f"M{r:g},{r:g}H{-r:g}V{-r:g}H{r:g}Z"
    if symbol == "diamond":
        d = r * 1.3
        return f"M{d:g},0L0,{d:g}L{-d:g},0L0,{-d:g}Z"
    return f"M{r:g},0A{r:g},{r:g} 0 1,1 0,{-r:g}A{r:g},{r:g} 0 0,1 {r:g},0Z"  # circle


def _trace(figure: dict, name: str) -> dict:
    return next(trace for trace in figure["data"] if trace.get("name") == name)


def _countries(figure: dict, paths: dict[str, str]) -> list[str]:
    base, engaged = _trace(figure, "base"), _trace(figure, "engaged")
    fills = {code: (scale_color(base["colorscale"], z, 0, 1), base["marker"]["line"]["width"])
             for code, z in zip(base["locations"], base["z"])}
    for code, z in zip(engaged["locations"], engaged["z"]):
        fills[code] = (scale_color(engaged["colorscale"], z, engaged["zmin"], engaged["zmax"]),
                       engaged["marker"]["line"]["width"])
    line = base["marker"]["line"]["color"]
    out = [f'<g stroke="{line}" stroke-linejoin="round" fill-rule="evenodd">']  # holes stay holes
    out += [f'<path d="{paths[code]}" fill="{fill}" stroke-width="{width:g}"/>'
            for code, (fill, width) in fills.items() if code in paths]
    out.append("</g>")
    selected = _trace(figure, "selected")
    outline = selected["marker"]["line"]
    out += [f'<path d="{paths[code]}" fill="none" stroke="{outline["color"]}" stroke-width="{outline["width"]:g}" '
            f'stroke-linejoin="round"/>' for code in selected["locations"] if code in paths]
    return out


def _markers(trace: dict, zoom: str) -> list[str]:
    if not trace["lon"]:
        return []
    marker = trace["marker"]
    points = to_picture(trace["lon"], trace["lat"], zoom)
    symbol = f'<path id="{trace["name"]}" d="{symbol_path(marker.get("symbol", "circle"), marker["size"])}"/>'
    line = marker["line"]
    out = [f'<defs>{symbol}</defs><g stroke-width="{line["width"]:g}">']
    for index, (x, y) in enumerate(points):
        if isinstance(marker["color"], list):  # per marker, on the trace's colour scales
            fill = scale_color(marker["colorscale"], marker["color"][index], marker["cmin"], marker["cmax"])
            rim = scale_color(line["colorscale"], line["color"][index], line["cmin"], line["cmax"])
        else:
            fill, rim = marker["color"], line["color"]
        out.append(f'<use href="#{trace["name"]}" x="{x:.1f}" y="{y:.1f}" fill="{fill}" stroke="{rim}"/>')
    out.append("</g>")
    return out


def _lines(trace: dict, zoom: str) -> list[str]:
    lon = np.array([np.nan if v is None else v for v in trace["lon"]], dtype=float)
    lat = np.array([np.nan if v is None else v for v in trace["lat"]], dtype=float)
    if not len(lon):
        return []
    points = to_picture(np.nan_to_num(lon), np.nan_to_num(lat), zoom)
    segments, current = [], []
    for (x, y), gap in zip(points, np.isnan(lon)):
        if gap:
            segments.append(current)
            current = []
        else:
            current.append(f"{x:.1f} {y:.1f}")
    segments.append(current)
    d = "".join("M" + "L".join(segment) for segment in segments if len(segment) > 1)
    return [f'<path d="{d}" fill="none" stroke="{trace["line"]["color"]}" stroke-width="{trace["line"]["width"]:g}"/>'] if d else []


def picture_svg(dataset: Dataset, state: ViewState) -> bytes:
    """The map of this view as plotly will draw it, as an SVG document."""
    figure = base_figure(dataset, "", state)
    paths = country_paths(dataset, state.zoom)
    width, height = frame()
    body = _countries(figure, paths)
    for trace in figure["data"]:
        if trace["type"] == "scattergeo":
            body += _lines(trace, state.zoom) if trace["mode"] == "lines" else _markers(trace, state.zoom)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:.2f}" width="{width:g}" '
            f'height="{height:.2f}"><style>path{{vector-effect:non-scaling-stroke}}</style>'
            f'<rect width="100%" height="100%" fill="{theme.MAP_BACKGROUND}"/>')
    return (head + "".join(body) + "</svg>").encode()


# --- served -------------------------------------------------------------------------------------------------------

def drawn_view(state: ViewState) -> ViewState:
    """What the picture depends on: not the language nor presentation mode, which draw the same map."""
    return state.replace(lang="en", presenting=False)


def picture_url(live: LiveData, state: ViewState) -> str:
    return live.picture_url(to_query(drawn_view(state)))
