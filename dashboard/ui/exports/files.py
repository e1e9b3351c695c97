"""Each export of a view as bytes and a file name: what the server's export links send. The view's rows and summary
are computed once (composition.Shown) and handed to the words, the map's drawing and the document."""

from __future__ import annotations

import dataclasses

from dashboard.core import composition, look
from dashboard.core.composition import Composition, Shown
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import image_name
from dashboard.ui import documents, picture
from dashboard.ui.exports import slide, snapshot

KINDS = ("map.png", "map.svg", "map.pdf", "slide.pptx", "snapshot.html")
# Pages in points, landscape. A 16:9 slide-sized page gives the PNG 1920 x 1080 at 144 ppi (3840 x 2160 at scale=2).
PAGES = {"slide": (960.0, 540.0), "letter": (792.0, 612.0), "a4": (841.89, 595.28)}
PAPERS = ("letter", "a4")  # map.pdf: Letter is the default
PNG_WIDTH = 1920
LEGEND_SHARE = 0.27   # of the page's width between the margins, when the legend stands beside the map
WIDE = 1.6            # pages wider than this (width / height) have the legend beside the map, others below it
SOURCE_LINES = 4      # lines of sources on the page; the rest are counted ("and 4 more")


@dataclasses.dataclass(frozen=True)
class Options:
    scale: int = 1           # map.png: 1 for 1920 x 1080, 2 for 3840 x 2160
    paper: str = "letter"    # map.pdf: letter or a4, landscape

    @classmethod
    def from_args(cls, args) -> "Options":
        """From a query's untrusted values: anything else than a known value is the default."""
        scale = args.get("scale")
        paper = args.get("paper")
        return cls(scale=2 if scale == "2" else 1, paper=paper if paper in PAPERS else "letter")


def file_name(kind: str, state: ViewState, options: Options) -> str:
    stem = image_name(state)
    if kind == "map.png" and options.scale == 2:
        stem += "-3840x2160"
    if kind == "map.pdf":
        stem += f"-{options.paper}"
    if kind == "slide.pptx":
        stem += "-slide"
    if kind == "snapshot.html":
        stem += "-offline"
    return f"{stem}.{kind.rsplit('.', 1)[1]}"


def map_data(dataset: Dataset, shown: Shown, words: Composition) -> dict:
    """The map as a document's template takes it: the server's drawing, its aspect and its alternative text."""
    width, height = picture.frame()
    return {"svg": picture.map_svg(dataset, shown.state, shown.summary, scaling_strokes=True).decode("utf-8"),
            "aspect": width / height, "alt": words.map_alt}


def page_data(dataset: Dataset, shown: Shown, words: Composition, page: str) -> dict:
    """The map page's template data (templates/map-page.typ): every text as data."""
    width, height = PAGES[page]
    return {
        "lang": words.lang, "title": words.title, "department": words.department, "subject": words.subtitle,
        "subtitle": words.subtitle, "summary": words.summary, "map": map_data(dataset, shown, words),
        "legend_title": words.legend_title,
        "legend": [{"key": look.key_svg(entry.key), "label": entry.label, "count": entry.count,
                    "bold": entry.key == "selected"} for entry in words.legend_rows()],
        "sources": words.sources_candidates(),
        "credit": " · ".join((words.date_modified, words.department, words.geometry_credit)),
        "view_label": words.view_line.replace(words.view_url, "").strip(), "view_url": words.view_url,
        "page": {"width": width, "height": height, "legend_beside": width / height > WIDE,
                 "legend_share": LEGEND_SHARE, "source_lines": SOURCE_LINES},
    }


def make(kind: str, dataset: Dataset, state: ViewState, base_url: str = "", options: Options = Options(),
         plotly_js: str = "", topojson: str = "") -> bytes:
    """The export's bytes. base_url is the dashboard's public address (the footer names the view's link on it), or
    empty when none is configured."""
    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r} (expected one of {KINDS})")
    shown = Shown.of(dataset, state)
    words = composition.compose(dataset, shown, base_url)
    if kind == "map.png":
        ppi = PNG_WIDTH / (PAGES["slide"][0] / documents.POINTS_PER_INCH) * options.scale
        return documents.typeset("map-page", page_data(dataset, shown, words, "slide"), "png", ppi)
    if kind == "map.svg":
        return documents.svg_with_text("map-page", page_data(dataset, shown, words, "slide"), PNG_WIDTH)
    if kind == "map.pdf":
        return documents.typeset("map-page", page_data(dataset, shown, words, options.paper), "pdf")
    if kind == "slide.pptx":
        data = {"lang": words.lang, "title": words.title, "department": words.department,
                "map": map_data(dataset, shown, words), "page": {"width": slide.MAP_POINTS}}
        png = documents.typeset("map-picture", data, "png", slide.MAP_PPI)
        return slide.build(words, png, data["map"]["aspect"], composition.notes(dataset, shown))
    return snapshot.build(words, dataset, shown, plotly_js, topojson)
