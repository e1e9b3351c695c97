"""The server's one drawing of the map: an SVG drawn from the very figure the page hands plotly
(ui.figures.base_figure), in plotly's own frame and projection, with the look of dashboard.core.look. It is the
page's first paint and the map of every export and document (ui.documents places it on their pages).

On the page, the head preloads it and the first layout paints it as the background of the graph's frame
(dashboard.ui.components.map_panel), long before plotly.js has drawn. plotly then draws over it on a see-through
paper, the same map in the same places, and assets/app.js takes the picture away once the countries are drawn (a later
view's markers must not show the first one's beneath them).

What plotly does and this copies (checked by tests/browser/test_picture.py):
- the frame: the world's range box, as large as the graph allows and centred (core.look.world_frame), and the
  projection scaled by the frame's width, zoomed by the focus's camera (core.look.camera);
- the layers: the choropleths first (every country grey, the engaged ones over it, the selected outline, which the
  page draws beside them, assets/app.js), then the markers' traces in the figure's order;
- plotly.js's marker symbols (core.look.symbol_path).
Sizes are in pixels of a frame `look.DRAWING_WIDTH` wide. On the page the shapes' lines keep their pixel widths at any
size (non-scaling strokes); a document scales the whole drawing, lines and markers included. The picture carries no
text at all.
"""

from __future__ import annotations

import functools
import json
import threading

import numpy as np
import shapely

from dashboard.core import geo, labels, look
from dashboard.core.labels import Box
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.views import VIEWS, WORLD
from dashboard.ui.figures import base_figure

WIDTH = look.DRAWING_WIDTH
TOLERANCE = 0.3     # shapes simplified by this much (pixels): what no one can see, for a smaller picture


def frame() -> tuple[float, float]:
    """The picture's width and height: plotly's frame, `WIDTH` wide."""
    return WIDTH, look.frame_height(WIDTH)


def to_picture(lon, lat, zoom: str) -> np.ndarray:
    """Longitudes and latitudes -> (x, y) in the picture, for the regional focus `zoom`."""
    return look.to_frame(lon, lat, VIEWS.get(zoom, WORLD), WIDTH)


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
                # On a half-pixel grid, each point from the one before: shorter than absolute ones.
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

def _trace(figure: dict, name: str) -> dict:
    return next(trace for trace in figure["data"] if trace.get("name") == name)


def _countries(figure: dict, paths: dict[str, str]) -> list[str]:
    base, engaged = _trace(figure, "base"), _trace(figure, "engaged")
    fills = {code: (look.NO_ENGAGEMENT_COLOR, look.BORDER_WIDTH) for code in base["locations"]}
    fills.update({code: (look.fill_color(z), look.ENGAGED_BORDER_WIDTH)
                  for code, z in zip(engaged["locations"], engaged["z"])})
    out = [f'<g stroke="{look.BORDER_COLOR}" stroke-linejoin="round" fill-rule="evenodd">']  # holes stay holes
    out += [f'<path d="{paths[code]}" fill="{fill}" stroke-width="{width:g}"/>'
            for code, (fill, width) in fills.items() if code in paths]
    out.append("</g>")
    out += [f'<path d="{paths[code]}" fill="none" stroke="{look.SELECTED_COLOR}" '
            f'stroke-width="{look.SELECTED_WIDTH:g}" stroke-linejoin="round"/>'
            for code in _trace(figure, "selected")["locations"] if code in paths]
    return out


def _markers(trace: dict, zoom: str) -> list[str]:
    """A scattergeo trace's markers: a category's (its symbol, filled or hollow as `marker.color` says 1 or 0) or
    the small states' (one colour)."""
    if not trace["lon"]:
        return []
    marker = trace["marker"]
    points = to_picture(trace["lon"], trace["lat"], zoom)
    symbol = f'<path id="{trace["name"]}" d="{look.symbol_path(marker.get("symbol", "circle"), marker["size"])}"/>'
    out = [f'<defs>{symbol}</defs><g stroke-width="{marker["line"]["width"]:g}">']
    for index, (x, y) in enumerate(points):
        if trace["name"] in look.CATEGORY_COLOR:
            fill, rim = look.marker_colors(trace["name"], bool(marker["color"][index]))
        else:
            fill, rim = marker["color"], marker["line"]["color"]
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


def map_svg(dataset: Dataset, state: ViewState, summary=None, scaling_strokes: bool = False) -> bytes:
    """The map of this view as plotly draws it, as an SVG document `WIDTH` wide. `scaling_strokes`: lines grow with
    the drawing (a document), rather than keep their pixel widths (the page's first paint)."""
    figure = base_figure(dataset, "", state, summary)
    paths = country_paths(dataset, state.zoom)
    width, height = frame()
    body = _countries(figure, paths)
    for trace in figure["data"]:
        if trace["type"] == "scattergeo":
            body += _lines(trace, state.zoom) if trace["mode"] == "lines" else _markers(trace, state.zoom)
    style = "" if scaling_strokes else "<style>path{vector-effect:non-scaling-stroke}</style>"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:.2f}" width="{width:g}" '
            f'height="{height:.2f}">{style}<rect width="100%" height="100%" fill="{look.MAP_BACKGROUND}"/>')
    return (head + "".join(body) + "</svg>").encode()


# --- country names: a layer of the documents only --------------------------------------------------------------

def marker_boxes(dataset: Dataset, state: ViewState, summary=None
                 ) -> tuple[dict[str, Box], list[Box], dict[str, list[Box]]]:
    """Each engaged country's markers as one box, every marker's box (small states' included), and each engaged
    country's markers one by one, in the drawing's pixels: what a name stands beside and what it must leave clear."""
    figure = base_figure(dataset, "", state, summary)
    width, height = frame()
    per_country: dict[str, list[float]] = {}
    parts: dict[str, list[Box]] = {}
    every: list[Box] = []
    for trace in figure["data"]:
        if trace["type"] != "scattergeo" or trace["mode"] != "markers" or not trace["lon"]:
            continue
        half = trace["marker"]["size"] / 2 + trace["marker"]["line"]["width"]
        if trace["marker"].get("symbol") == "diamond":
            half *= 1.3
        for code, (x, y) in zip(trace["customdata"], to_picture(trace["lon"], trace["lat"], state.zoom)):
            if not (0 <= x <= width and 0 <= y <= height):
                continue  # off this focus's frame: nothing to stand beside or to keep clear of
            box = (float(x - half), float(y - half), float(x + half), float(y + half))
            every.append(box)
            if trace["name"] in look.CATEGORY_COLOR:
                parts.setdefault(code, []).append(box)
                old = per_country.get(code)
                per_country[code] = list(box) if old is None else [min(old[0], box[0]), min(old[1], box[1]),
                                                                   max(old[2], box[2]), max(old[3], box[3])]
    return {code: tuple(box) for code, box in per_country.items()}, every, parts


def map_labels(dataset: Dataset, state: ViewState, names: dict[str, str], measure, summary=None,
               size: float = look.LABEL_SIZE) -> tuple[list[labels.Placed], list[str]]:
    """The names (iso3 -> name, in order of priority) placed on this view's drawing, and the iso3 of those left out.
    A regional focus names every country of its box; elsewhere, as many as fit. `measure(text, size)` is the
    name's width as the document sets it."""
    anchors, obstacles, parts = marker_boxes(dataset, state, summary)
    if VIEWS.get(state.zoom, WORLD) is not WORLD:
        # A country on the map whose markers are off the frame is named where its shape shows (core.geo).
        for code, (x, y, _area) in geo.visible_parts(dataset.geometry_bytes, state.zoom).items():
            if code in names and code not in anchors:
                anchors[code], parts[code] = (x, y, x, y), []
    width, height = frame()
    view = VIEWS.get(state.zoom, WORLD)
    # A regional focus names every country of its own box, first; countries its frame shows beyond the box (Europe's
    # corner on Asia and the Pacific) are named where they fit, as on the world's map, and listed otherwise.
    points = dataset.countries.loc[[code for code in names if code in dataset.countries.index],
                                   ["label_lon", "label_lat"]].astype(float)
    own = set() if view is WORLD else {code for code, (lon, lat) in points.iterrows() if view.holds(lon, lat)}
    candidates = [labels.Candidate(code, text, anchors[code], measure(text, size) + look.LABEL_HALO_WIDTH,
                                   size * look.LABEL_BOX_HEIGHT, tuple(parts[code]) if len(parts[code]) > 1 else ())
                  for code, text in names.items() if code in anchors]
    candidates.sort(key=lambda candidate: candidate.key not in own)  # stable: the given priority within each
    placed, left_out = labels.place(candidates, obstacles, (width, height), look.LABEL_GAP, every=own)
    return placed, left_out + [code for code in names if code not in anchors]


def picture_svg(dataset: Dataset, state: ViewState) -> bytes:
    """The page's first paint: the map of this view with lines of constant pixel width."""
    return map_svg(dataset, state)


# --- served -------------------------------------------------------------------------------------------------------

def drawn_view(state: ViewState) -> ViewState:
    """What the picture depends on: not the language nor presentation mode, which draw the same map."""
    return state.replace(lang="en", presenting=False)
