"""The map's look and geometry, defined once for every output: palette and fill codes, marker symbols and sizes, the
confirmed and unconfirmed style, the selected outline, the projection, the world's frame, the camera of each regional
focus, the reference sizes, and the legend's keys. The page's figure (ui.figures), the server's drawing of the map
(ui.picture), the documents (ui.documents), the slide, the offline file and the page's legend all read it.

Colours are Okabe-Ito: distinguishable with colour-blindness. Shapes distinguish the categories without colour;
hollow (white) markers mark unconfirmed attributions.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools

import numpy as np
from pyproj import Transformer

from dashboard.core.schema import CATEGORIES
from dashboard.core.views import WORLD, RegionView

# --- palette ----------------------------------------------------------------------------------------------------

CATEGORY_COLOR = {"mpdp": "#D55E00", "grsi": "#009E73", "forum": "#0072B2"}
SEVERAL_COLOR = "#CC79A7"


def tint(color: str, white: float = 0.35) -> str:
    """The colour mixed with white: country fills are lighter than markers, so a marker shows on its own country."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


CATEGORY_FILL = {category: tint(color) for category, color in CATEGORY_COLOR.items()}
SEVERAL_FILL = tint(SEVERAL_COLOR)
NO_ENGAGEMENT_COLOR = "#D9D9D9"
# A country's fill code (dashboard.core.filtering.country_summary's "fill"): 1..n for one category, n+1 for several.
FILL_CODES = {code: color for code, color in
              enumerate([*(CATEGORY_FILL[c] for c in CATEGORIES), SEVERAL_FILL], start=1)}
BORDER_COLOR = "#FFFFFF"
MAP_BACKGROUND = "#FFFFFF"  # the map's ocean: the page's white, behind the figure's see-through paper
CLEAR = "rgba(0,0,0,0)"
SMALL_STATE_COLOR = "#9A9A9A"
LEADER_COLOR = "#6F6F6F"
MARKER_OUTLINE = "#FFFFFF"  # white rim: a marker stands out from the lighter fill of its own country
UNCONFIRMED_FILL = "#FFFFFF"  # unconfirmed attributions: white marker with a coloured rim
NAVY = "#26374A"
TEXT_COLOR = "#333333"      # assets/style.css --text, --muted, and the red rule under headings
MUTED_COLOR = "#595959"
RULE_COLOR = "#AF3C43"
LINK_COLOR = "#284162"
HAIRLINE_COLOR = "#D9D9D9"  # rules between a table's rows
FONT_FAMILY = "'Noto Sans', Lato, 'Helvetica Neue', Arial, sans-serif"
# A slide is opened on other machines: a font every Office install has, so PowerPoint does not substitute one.
SLIDE_FONT = "Arial"


def fill_color(code: int) -> str:
    """A country's fill for its fill code; grey for 0 (no engagement shown)."""
    return FILL_CODES.get(int(code), NO_ENGAGEMENT_COLOR)


def marker_colors(category: str, confirmed: bool) -> tuple[str, str]:
    """(fill, rim) of a category's marker: filled with a white rim, or white with a coloured rim (unconfirmed)."""
    color = CATEGORY_COLOR[category]
    return (color, MARKER_OUTLINE) if confirmed else (UNCONFIRMED_FILL, color)


# --- symbols and sizes, in pixels of the screen's map --------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Symbol:
    plotly: str   # plotly's marker symbol name
    glyph: str    # the same shape as text, for legends and hovers
    hollow: str   # the shape hollow, as text


SYMBOL = {"circle": Symbol("circle", "●", "○"), "diamond": Symbol("diamond", "◆", "◇"),
          "square": Symbol("square", "■", "□")}
CATEGORY_SYMBOL = {"mpdp": "circle", "grsi": "diamond", "forum": "square"}
CATEGORY_GLYPH = {category: SYMBOL[symbol].glyph for category, symbol in CATEGORY_SYMBOL.items()}
MARKER_SIZE = 11
MARKER_BOX = 13  # a marker's drawn box in pixels, its rim included
MARKER_RIM = 1.5
# Markers never hide each other on a regional view and hide at most half of one another on the world view, on the
# smallest map frame the page draws (normal or presentation mode, 1280 x 720 and up): dashboard.core.placement.
MARKER_SPACING_PX = {"regional": MARKER_BOX + 3, "world": MARKER_BOX * 0.6}
SMALLEST_MAP_FRAME = (840, 380)
LEADER_MIN_PX = 4   # a marker moved further than this from its country's point gets a line back to it
LEADER_WIDTH = 1
BORDER_WIDTH = 0.5          # white line between countries
ENGAGED_BORDER_WIDTH = 0.6
SELECTED_COLOR = NAVY       # the outline of the selected country
SELECTED_WIDTH = 3
SMALL_STATE_SIZE = 6
# The server's drawing of the map is in pixels of a map this wide (the normal view at 1366 x 768); a drawing of
# another size scales everything, markers and lines included, so a document keeps the screen's proportions.
DRAWING_WIDTH = 1000.0


# Country names on a document's map (dashboard.core.labels; never on the page's first paint), in drawing pixels.
LABEL_SIZE = 11
LOCATOR_LABEL_SIZE = 20     # the one name on a country profile's smaller locator map
LABEL_BOX_HEIGHT = 1.0      # of the size: from the capitals' top to the descenders' bottom (Noto Sans)
LABEL_GAP = 2               # between a name and its markers
LABEL_HALO = "#FFFFFF"      # a white rim around each letter, so that a name reads over borders and fills
LABEL_HALO_WIDTH = 2.5


def symbol_path(symbol: str, size: float) -> str:
    """plotly.js's marker symbol (src/components/drawing/symbol_defs.js) of that size (its diameter), centred on 0, 0."""
    r = size / 2
    if symbol == "square":
        return f"M{r:g},{r:g}H{-r:g}V{-r:g}H{r:g}Z"
    if symbol == "diamond":
        d = r * 1.3
        return f"M{d:g},0L0,{d:g}L{-d:g},0L0,{-d:g}Z"
    return f"M{r:g},0A{r:g},{r:g} 0 1,1 0,{-r:g}A{r:g},{r:g} 0 0,1 {r:g},0Z"  # circle


# --- the legend: its rows in order, and what stands for each ------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LegendKey:
    kind: str       # "marker", "swatch" or "outline"
    glyph: str      # the key as text (the page, the offline file, the slide)
    color: str      # the glyph's colour, the swatch's fill, or the outline's colour
    symbol: str = ""
    confirmed: bool = True


LEGEND_EXTRAS = ("several", "none", "unconfirmed")   # after the categories, in this order; then the selected country
LEGEND_KEYS = {
    **{c: LegendKey("marker", CATEGORY_GLYPH[c], CATEGORY_COLOR[c], CATEGORY_SYMBOL[c]) for c in CATEGORIES},
    "several": LegendKey("swatch", "■", SEVERAL_FILL),
    "none": LegendKey("swatch", "■", NO_ENGAGEMENT_COLOR),
    # Any category's marker, hollow: a white marker with a rim means the same whatever its shape.
    "unconfirmed": LegendKey("marker", SYMBOL["circle"].hollow, TEXT_COLOR, "circle", confirmed=False),
    "selected": LegendKey("outline", SYMBOL["square"].hollow, SELECTED_COLOR),
}


def key_svg(key: str, size: float = 24) -> str:
    """A legend row's key as a small SVG document, drawn as the map draws it."""
    spec = LEGEND_KEYS[key]
    half = size / 2
    if spec.kind == "marker":
        # A category's own marker; the unconfirmed key is any marker hollow, its rim in the text's colour.
        fill, rim = marker_colors(key, True) if key in CATEGORY_COLOR else (UNCONFIRMED_FILL, spec.color)
        scale = size / MARKER_BOX * 0.8
        body = (f'<path transform="translate({half:g} {half:g}) scale({scale:g})" '
                f'd="{symbol_path(spec.symbol, MARKER_SIZE)}" fill="{fill}" stroke="{rim}" '
                f'stroke-width="{MARKER_RIM if spec.confirmed else MARKER_RIM * 1.5:g}"/>')
    elif spec.kind == "swatch":
        body = f'<rect x="1" y="{size * 0.15:g}" width="{size - 2:g}" height="{size * 0.7:g}" rx="2" fill="{spec.color}"/>'
    else:
        inset = SELECTED_WIDTH / 2 + 1
        body = (f'<rect x="{inset:g}" y="{size * 0.15 + inset:g}" width="{size - 2 * inset:g}" '
                f'height="{size * 0.7 - 2 * inset:g}" fill="#FFFFFF" stroke="{spec.color}" '
                f'stroke-width="{SELECTED_WIDTH:g}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:g}" height="{size:g}" '
            f'viewBox="0 0 {size:g} {size:g}">{body}</svg>')


# --- projection, the world's frame and the camera of each focus ---------------------------------------------------

# plotly's "natural earth" is d3's geoNaturalEarth1: PROJ's natearth on a sphere.
PROJECTION = "+proj=natearth +lon_0=0 +ellps=sphere"
SPHERE_RADIUS = 6370997.0  # PROJ's "sphere" ellipsoid: projected metres / this = d3's unit-sphere coordinates
RANGE_PAD = 0.001          # plotly.js pads the axis ranges by this much (constants.clipPad) before fitting them
ARC_SAMPLES = 256
EDGE_SAMPLES = 64


@functools.lru_cache(maxsize=1)
def transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def unit_projection(lon, lat) -> np.ndarray:
    """natural earth on the unit sphere, as d3 projects before its scale and translate: (x, y) with y up."""
    x, y = transformer().transform(np.clip(np.asarray(lon, dtype=float), -180.0, 180.0), np.asarray(lat, dtype=float))
    return np.column_stack([np.asarray(x) / SPHERE_RADIUS, np.asarray(y) / SPHERE_RADIUS])


def unit_inverse(x, y) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of unit-sphere natural earth points (y up)."""
    lon, lat = transformer().transform(np.asarray(x) * SPHERE_RADIUS, np.asarray(y) * SPHERE_RADIUS,
                                       direction="INVERSE")
    return np.asarray(lon), np.asarray(lat)


@functools.lru_cache(maxsize=1)
def world_frame() -> tuple[float, float]:
    """(width, height) on the unit sphere of what plotly fits into the map's frame for the world's ranges: the
    "range box" of plotly.js (src/plots/geo/geo.js, makeRangeBox), a polygon whose edges d3 draws as great circles.
    On screen the frame is this shape, as large as the graph allows and centred, and the projection's scale is the
    frame's width over this width (times geo.projection.scale)."""
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


@functools.lru_cache(maxsize=16)
def _extent(view: RegionView) -> tuple[float, float]:
    """(width, height) on the unit sphere of a view's longitude and latitude box, its edges sampled."""
    lons, lats = np.linspace(*view.lon, EDGE_SAMPLES), np.linspace(*view.lat, EDGE_SAMPLES)
    edge = unit_projection(
        np.concatenate([lons, lons, np.full(EDGE_SAMPLES, view.lon[0]), np.full(EDGE_SAMPLES, view.lon[1])]),
        np.concatenate([np.full(EDGE_SAMPLES, view.lat[0]), np.full(EDGE_SAMPLES, view.lat[1]), lats, lats]))
    width, height = edge.max(axis=0) - edge.min(axis=0)
    return float(width), float(height)


@dataclasses.dataclass(frozen=True)
class Camera:
    """What the map shows for a focus: plotly's geo.center and geo.projection.scale (a zoom of the world's frame)."""
    lon: float
    lat: float
    scale: float


@functools.lru_cache(maxsize=16)
def camera(view: RegionView) -> Camera:
    """The world's frame zoomed in on the view's box, so a region uses the map's whole room whatever its shape."""
    if view == WORLD:
        scale = 1.0
    else:
        world_w, world_h = world_frame()
        width, height = _extent(view)
        scale = round(min(world_w / width, world_h / height), 4)
    return Camera((view.lon[0] + view.lon[1]) / 2, (view.lat[0] + view.lat[1]) / 2, scale)


def to_frame(lon, lat, view: RegionView, width: float) -> np.ndarray:
    """Longitudes and latitudes -> (x, y) in a map frame `width` wide (y down), as plotly draws the view's camera."""
    frame_w, frame_h = world_frame()
    cam = camera(view)
    scale = width / frame_w * cam.scale
    middle = unit_projection([cam.lon], [cam.lat])[0]
    points = unit_projection(lon, lat)
    return np.column_stack([width / 2 + (points[:, 0] - middle[0]) * scale,
                            width * frame_h / frame_w / 2 - (points[:, 1] - middle[1]) * scale])


def from_frame(x, y, view: RegionView, width: float) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of to_frame: (lon, lat) of points in a frame `width` wide."""
    frame_w, frame_h = world_frame()
    cam = camera(view)
    scale = width / frame_w * cam.scale
    middle = unit_projection([cam.lon], [cam.lat])[0]
    ux = (np.asarray(x, dtype=float) - width / 2) / scale + middle[0]
    uy = (width * frame_h / frame_w / 2 - np.asarray(y, dtype=float)) / scale + middle[1]
    return unit_inverse(ux, uy)


def frame_height(width: float) -> float:
    frame_w, frame_h = world_frame()
    return width * frame_h / frame_w
