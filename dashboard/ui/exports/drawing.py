"""The composed map of a view, drawn on the server by geopandas and matplotlib: title, filters, map, legend, sources.

The same shapes, summary, colours, marker shapes and projection as the screen (plotly's "natural earth" is d3's
geoNaturalEarth1, PROJ's natearth), and the words of dashboard.core.composition. Every text is matplotlib text with
math parsing off (a "$" in a source stays a dollar sign), written as text in SVG and PDF (searchable, escaped).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import logging
import threading

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pyproj
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from dashboard.core import placement
from dashboard.core.composition import Composition
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.views import VIEWS, WORLD
from dashboard.ui import theme
from dashboard.ui.figures import LAT_RANGE, LON_RANGE, map_layers

PROJECTION = "+proj=natearth +datum=WGS84 +units=m +no_defs"
REF_HEIGHT = 1080  # the layout is written in pixels of a 1920 x 1080 slide; every page scales it by its height
WHITE = "#FFFFFF"
FORMATS = ("png", "svg", "pdf")

# Process-wide choices of the one module that uses matplotlib: text stays text in SVG (svg.fonttype none) and is
# embedded as TrueType in PDF (searchable, copyable); SVG ids do not change from one render to the next.
matplotlib.rcParams.update({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "ircc-migration-map",
                            "axes.unicode_minus": False})


def _installed_font() -> str:
    names = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in theme.EXPORT_FONTS if name in names), "DejaVu Sans")


FONT = _installed_font()
# In an SVG the viewer's machine draws the text: the font measured here first, then the page's own fonts.
FAMILY = [FONT, *(name for name in (*theme.EXPORT_FONTS, "Helvetica Neue", "Arial") if name != FONT), "sans-serif"]
matplotlib.rcParams["font.sans-serif"] = [FONT]
# Those fallbacks are for the viewer's machine; matplotlib would warn on each render that this one lacks them.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
_MEASURE = TextToPath()
# matplotlib's fonts and caches are not made for threads: one figure at a time per process (a threaded worker may
# be given several render slots).
_DRAWING = threading.RLock()


MEASURE_SIZE = 100  # text is measured once at this size (points), then scaled


@functools.lru_cache(maxsize=20000)
def _width(text: str, bold: bool) -> float:
    """Width in points of `text` at MEASURE_SIZE points (the first family in FAMILY that is installed)."""
    prop = font_manager.FontProperties(family=FAMILY, size=MEASURE_SIZE, weight="bold" if bold else "normal")
    return _MEASURE.get_text_width_height_descent(text, prop, ismath=False)[0]


@dataclasses.dataclass(frozen=True)
class Page:
    width_in: float
    height_in: float
    dpi: float = 100

    @property
    def aspect(self) -> float:
        return self.width_in / self.height_in


SLIDE = Page(19.2, 10.8)            # 1920 x 1080 at 100 dpi; scale=2 renders it at 200 dpi: 3840 x 2160
PAPERS = {"letter": Page(11, 8.5), "a4": Page(297 / 25.4, 210 / 25.4)}  # landscape


# --- shapes, projected once per data version -----------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Projected:
    shapes: gpd.GeoSeries           # by ISO3, in PROJECTION
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1 of the map's frame (LON_RANGE x LAT_RANGE)
    transformer: pyproj.Transformer

    def points(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.transformer.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return np.asarray(x), np.asarray(y)


_PROJECTED: dict[tuple[int, str], Projected] = {}
_PROJECTED_LOCK = threading.Lock()


def projected(dataset: Dataset) -> Projected:
    """The data version's shapes in the map's projection: projected once, reused by every render."""
    key = (id(dataset), dataset.version)
    found = _PROJECTED.get(key)
    if found is not None:
        return found
    with _PROJECTED_LOCK:
        if key not in _PROJECTED:
            features = json.loads(dataset.geometry_bytes)["features"]
            shapes = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326").geometry
            shapes.index = [feature["id"] for feature in features]
            transformer = pyproj.Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)
            (x0, x1), _ = transformer.transform(list(LON_RANGE), [0, 0])
            _, (y0, y1) = transformer.transform([0, 0], list(LAT_RANGE))
            _PROJECTED.clear()  # one data version at a time: a reload replaces it
            _PROJECTED[key] = Projected(shapes.to_crs(PROJECTION), (x0, x1, y0, y1), transformer)
        return _PROJECTED[key]


# --- the map ----------------------------------------------------------------------------------------------------

def fill_colors(dataset: Dataset, summary: pd.DataFrame) -> dict[str, str]:
    """Every country's fill: its category's tint, the several-categories tint, or grey, as on the screen."""
    palette = [theme.CATEGORY_FILL[c] for c in CATEGORIES] + [theme.SEVERAL_FILL]
    colors = dict.fromkeys(dataset.countries.index, theme.NO_ENGAGEMENT_COLOR)
    colors.update({iso3: palette[int(code) - 1] for iso3, code in zip(summary.index, summary["fill"])})
    return colors


def marker_style(category: str, confirmed: list[int], px: float) -> dict:
    """A category's markers as on the screen: filled with a white rim, or white with a coloured rim (unconfirmed)."""
    color = theme.CATEGORY_COLOR[category]
    return {"marker": theme.CATEGORY_MARKER[category], "s": (theme.MARKER_SIZE * px) ** 2,
            "facecolors": [color if c else theme.UNCONFIRMED_FILL for c in confirmed],
            "edgecolors": [theme.MARKER_OUTLINE if c else color for c in confirmed],
            "linewidths": theme.MARKER_RIM * px}


def draw_map(ax, dataset: Dataset, state: ViewState, summary: pd.DataFrame, px: float) -> None:
    """The map into `ax`: px is the size in points of one pixel of the screen's map at this map's width."""
    shapes = projected(dataset)
    colors = fill_colors(dataset, summary)
    world = shapes.shapes
    world.plot(ax=ax, color=[colors.get(iso3, theme.NO_ENGAGEMENT_COLOR) for iso3 in world.index],
               edgecolor=theme.BORDER_COLOR, linewidth=theme.BORDER_WIDTH * px, zorder=1)
    small = dataset.countries.loc[list(dataset.small_states)]
    x, y = shapes.points(small["label_lon"], small["label_lat"])
    ax.scatter(x, y, s=(theme.SMALL_STATE_SIZE * px) ** 2, c=theme.SMALL_STATE_COLOR, edgecolors=theme.BORDER_COLOR,
               linewidths=theme.BORDER_WIDTH * px, zorder=2)
    if state.country and state.country in world.index:
        world.loc[[state.country]].plot(ax=ax, facecolor="none", edgecolor=theme.NAVY,
                                        linewidth=theme.SELECTED_WIDTH * px, zorder=3)
    layers = map_layers(dataset, state, summary)
    leaders = layers["leaders"]
    for start in range(0, len(leaders["lon"]), 3):  # point, marker, None: the screen's leader lines
        x, y = shapes.points(leaders["lon"][start:start + 2], leaders["lat"][start:start + 2])
        ax.plot(x, y, color=theme.LEADER_COLOR, linewidth=px, zorder=3.5, solid_capstyle="butt")
    for category in CATEGORIES:
        layer = layers[category]
        if layer["lon"]:
            x, y = shapes.points(layer["lon"], layer["lat"])
            ax.scatter(x, y, zorder=4, **marker_style(category, layer["confirmed"], px))
    x0, x1, y0, y1 = zoomed(shapes, state)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", anchor="C")
    ax.set_axis_off()


def zoomed(shapes: Projected, state: ViewState) -> tuple[float, float, float, float]:
    """The frame of the view's regional focus: the world's frame, zoomed in around the focus's centre as the
    screen's camera does (dashboard.ui.figures.camera)."""
    x0, x1, y0, y1 = shapes.extent
    view = VIEWS.get(state.zoom, WORLD)
    if view is WORLD:
        return x0, x1, y0, y1
    scale = placement.zoom_scale(view)
    cx, cy = shapes.points(*placement.center(view))
    half_w, half_h = (x1 - x0) / scale / 2, (y1 - y0) / scale / 2
    return float(cx) - half_w, float(cx) + half_w, float(cy) - half_h, float(cy) + half_h


def map_aspect(dataset: Dataset) -> float:
    x0, x1, y0, y1 = projected(dataset).extent
    return (x1 - x0) / (y1 - y0)


# --- text, in the page's pixels ---------------------------------------------------------------------------------

class Sheet:
    """A figure whose coordinates are the page's pixels (y down), with text measured before it is placed."""

    def __init__(self, page: Page):
        self.page = page
        self.height = REF_HEIGHT
        self.width = REF_HEIGHT * page.aspect
        self.pt = page.height_in * 72 / REF_HEIGHT  # points per page pixel
        self.figure = Figure(figsize=(page.width_in, page.height_in), dpi=page.dpi, facecolor=WHITE)
        self.ax = self.figure.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(self.height, 0)
        self.ax.set_axis_off()

    def font(self, size: float, bold: bool = False) -> font_manager.FontProperties:
        return font_manager.FontProperties(family=FAMILY, size=size * self.pt, weight="bold" if bold else "normal")

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        """Width of `text` in page pixels."""
        return _width(text, bold) * size / MEASURE_SIZE

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Words in lines no wider than `width` (a word longer than a line is cut). A line's width is the sum of
        its words' and spaces' widths, each measured once per process: kerning across a space is left out."""
        space = self.measure(" ", size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                wide = self.measure(word, size, bold)
                if line and used + space + wide <= width:
                    line, used = f"{line} {word}", used + space + wide
                    continue
                if not line and wide <= width:
                    line, used = word, wide
                    continue
                if line:
                    lines.append(line)
                while wide > width and len(word) > 1:
                    cut = max(1, int(len(word) * width / wide))
                    lines.append(word[:cut])
                    word = word[cut:]
                    wide = self.measure(word, size, bold)
                line, used = word, wide
            lines.append(line)
        return lines

    def text(self, x: float, y: float, text: str, size: float, color: str = theme.TEXT_COLOR, bold: bool = False,
             ha: str = "left") -> None:
        """One line of text, its top at y."""
        self.ax.text(x, y, text, fontproperties=self.font(size, bold), color=color, ha=ha, va="top",
                     parse_math=False, usetex=False)

    def lines(self, x: float, y: float, lines: list[str], size: float, leading: float = 1.3, **style) -> float:
        """Lines from y down; returns the y below the last one."""
        for line in lines:
            self.text(x, y, line, size, **style)
            y += size * leading
        return y

    def rect(self, x: float, y: float, width: float, height: float, color: str, edge: str | None = None,
             linewidth: float = 0) -> None:
        self.ax.add_patch(Rectangle((x, y), width, height, facecolor=color, edgecolor=edge or color,
                                    linewidth=linewidth * self.pt))

    def marker(self, x: float, y: float, category: str, confirmed: bool, px: float) -> None:
        self.ax.scatter([x], [y], zorder=3, **marker_style(category, [1 if confirmed else 0], px))


def fitted(sheet: Sheet, text: str, size: float, width: float, max_lines: int, bold: bool = False
           ) -> tuple[list[str], float]:
    """Lines of `text` at `size`, made smaller (down to two thirds) until they fit in max_lines."""
    smallest = size * 2 / 3
    while True:
        lines = sheet.wrap(text, size, width, bold)
        if len(lines) <= max_lines or size <= smallest:
            return lines[:max_lines], size
        size *= 0.92


def fitted_sources(sheet: Sheet, composition: Composition, size: float, width: float, max_lines: int) -> list[str]:
    """As many sources as fit in max_lines, then "and N more" (dashboard.core.composition.shorten_sources)."""
    text = composition.sources_text()
    budget = len(text)
    while True:
        lines = sheet.wrap(text, size, width)
        if len(lines) <= max_lines or budget <= 20:
            return lines[:max_lines]
        budget = int(budget * 0.9)
        text = composition.sources_text(budget)


# --- the composition --------------------------------------------------------------------------------------------

MARGIN = 40


def compose_figure(composition: Composition, dataset: Dataset, state: ViewState, summary: pd.DataFrame,
                   page: Page) -> Figure:
    """The whole page: header band, filters in words, the map with its legend beside it, and a footer with the
    sources (as many lines as the space the map leaves), date modified, department and the view's address."""
    sheet = Sheet(page)
    width = sheet.width - 2 * MARGIN

    # Header: department and title, white on navy, as the page's header.
    title_lines, title_size = fitted(sheet, composition.title, 38, width, 2, bold=True)
    header_height = 24 + 24 + 10 + len(title_lines) * title_size * 1.2 + 22
    sheet.rect(0, 0, sheet.width, header_height, theme.NAVY)
    sheet.text(MARGIN, 24, composition.department, 20, color=WHITE)
    sheet.lines(MARGIN, 58, title_lines, title_size, leading=1.2, color=WHITE, bold=True)

    # The filters in words and what is shown.
    y = header_height + 18
    subtitle_lines, subtitle_size = fitted(sheet, composition.subtitle, 28, width, 2, bold=True)
    y = sheet.lines(MARGIN, y, subtitle_lines, subtitle_size, color=theme.NAVY, bold=True)
    y = sheet.lines(MARGIN, y + 2, sheet.wrap(composition.summary, 22, width)[:1], 22)
    map_top = y + 10

    # The map beside its legend, as wide as the legend leaves it; the footer takes the height the map leaves.
    legend_width = min(420.0, 0.27 * sheet.width)
    aspect = map_aspect(dataset)
    map_width = width - legend_width - 30
    view_lines = sheet.wrap(composition.view_line, 16, width)[:2]
    credit = " · ".join((composition.date_modified, composition.department, composition.geometry_credit))
    credit_lines, credit_size = fitted(sheet, credit, 17, width, 2)
    fixed = 26 + len(view_lines) * 16 * 1.3 + len(credit_lines) * credit_size * 1.3 + 4 + 12 + 12
    for most in range(6, 1, -1):
        source_lines = fitted_sources(sheet, composition, 17, width, most)
        footer_height = fixed + len(source_lines) * 17 * 1.3
        if sheet.height - footer_height - map_top >= map_width / aspect:
            break
    map_height = min(sheet.height - footer_height - map_top, map_width / aspect)
    map_width = map_height * aspect

    px = sheet.pt * map_width / theme.SCREEN_MAP_WIDTH
    ax = sheet.figure.add_axes((MARGIN / sheet.width, 1 - (map_top + map_height) / sheet.height,
                                map_width / sheet.width, map_height / sheet.height))
    draw_map(ax, dataset, state, summary, px)
    legend_bottom = draw_legend(sheet, composition, sheet.width - MARGIN - legend_width, map_top + 6, legend_width,
                                px)

    # The footer sits at the foot of a slide; on paper it follows what is above it, rather than leave a gap mid-page.
    foot = sheet.height - footer_height + 12
    if page.aspect < 1.6:
        foot = min(max(map_top + map_height, legend_bottom) + 24, foot)
    sheet.rect(MARGIN, foot, width, 1.5, theme.RULE_COLOR)
    foot = sheet.lines(MARGIN, foot + 12, source_lines, 17) + 4
    foot = sheet.lines(MARGIN, foot, credit_lines, credit_size)
    sheet.lines(MARGIN, foot, view_lines, 16, color=theme.MUTED_COLOR)
    return sheet.figure


LEGEND_SIZE = 19
KEY_WIDTH = 44  # the marker or swatch column


def _legend_rows(composition: Composition) -> list[tuple[str, str, str]]:
    rows = [(entry.key, entry.label, entry.count) for entry in composition.legend]
    if composition.selected:
        rows.append(("selected", composition.selected, ""))
    return rows


def draw_legend(sheet: Sheet, composition: Composition, x: float, y: float, width: float, px: float) -> float:
    """The page's legend: the categories with their counts, several, none, white markers, and the outline; returns
    the y below it."""
    sheet.text(x, y, composition.legend_title, 26, color=theme.NAVY, bold=True)
    y += 26 * 1.3
    sheet.rect(x, y, width, 3, theme.RULE_COLOR)
    y += 14
    for key, label, count in _legend_rows(composition):
        draw_key(sheet, key, x + 16, y + LEGEND_SIZE * 0.65, px)
        below = sheet.lines(x + KEY_WIDTH, y, sheet.wrap(label, LEGEND_SIZE, width - KEY_WIDTH), LEGEND_SIZE,
                            bold=key == "selected")
        if count:
            below = sheet.lines(x + KEY_WIDTH, below, [count], LEGEND_SIZE, bold=True)
        y = below + 10
    return y


def draw_key(sheet: Sheet, key: str, x: float, y: float, px: float) -> None:
    """What a legend row explains, drawn as the map draws it."""
    if key in CATEGORIES:
        sheet.marker(x, y, key, True, px)
    elif key == "unconfirmed":
        for offset, category in zip((-12, 0, 12), CATEGORIES):
            sheet.marker(x + offset, y, category, False, px * 0.8)
    else:
        color = {"several": theme.SEVERAL_FILL, "none": theme.NO_ENGAGEMENT_COLOR, "selected": WHITE}[key]
        edge, line = (theme.NAVY, theme.SELECTED_WIDTH) if key == "selected" else (None, 0)
        sheet.rect(x - 12, y - 10, 24, 20, color, edge, line)


# --- files ------------------------------------------------------------------------------------------------------

def _metadata(fmt: str, composition: Composition) -> dict:
    if fmt == "png":
        return {"Title": composition.title, "Author": composition.department, "Description": composition.subtitle,
                "Software": None}
    if fmt == "svg":
        return {"Title": composition.title, "Description": composition.subtitle, "Creator": composition.department,
                "Date": None, "Language": composition.lang}
    return {"Title": composition.title, "Author": composition.department, "Subject": composition.subtitle,
            "Creator": composition.department, "Producer": None, "CreationDate": None}


def save(figure: Figure, fmt: str, composition: Composition, dpi: float) -> bytes:
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=fmt, dpi=dpi, facecolor=WHITE, metadata=_metadata(fmt, composition))
    finally:
        # A figure and its artists refer to each other: only the cycle collector would free them, and with them
        # the canvas' pixel buffer (33 MB at 3840 x 2160), long after the render. Emptied now, it goes at once.
        figure.clear()
        renderer = getattr(figure.canvas, "renderer", None)
        if renderer is not None:
            del figure.canvas.renderer
    return buffer.getvalue()


def render(composition: Composition, dataset: Dataset, state: ViewState, summary: pd.DataFrame, fmt: str,
           page: Page = SLIDE, scale: int = 1) -> bytes:
    """The composed page as PNG (page.dpi x scale), SVG or PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} (expected one of {FORMATS})")
    with _DRAWING:
        figure = compose_figure(composition, dataset, state, summary, page)
        return save(figure, fmt, composition, page.dpi * scale)


def render_map_png(dataset: Dataset, state: ViewState, summary: pd.DataFrame, width_px: int, composition: Composition
                   ) -> bytes:
    """The map alone (for a slide, whose title and legend are text boxes), width_px wide, as tall as the map."""
    aspect = map_aspect(dataset)
    dpi = 200
    with _DRAWING:
        figure = Figure(figsize=(width_px / dpi, width_px / aspect / dpi), dpi=dpi, facecolor=WHITE)
        ax = figure.add_axes((0, 0, 1, 1))
        # The map is width_px wide: a pixel of the screen's map is this many points here.
        draw_map(ax, dataset, state, summary, (width_px / dpi * 72) / theme.SCREEN_MAP_WIDTH)
        return save(figure, "png", composition, dpi)
