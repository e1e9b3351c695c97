"""Each export of a view as bytes and a file name: what the server's export links send."""

from __future__ import annotations

import dataclasses

from dashboard.core import composition, filtering
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import image_name
from dashboard.ui.exports import drawing, slide, snapshot

KINDS = ("map.png", "map.svg", "map.pdf", "slide.pptx", "snapshot.html")
PAPERS = tuple(drawing.PAPERS)  # letter (the default), a4


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


def make(kind: str, dataset: Dataset, state: ViewState, base_url: str, options: Options = Options(),
         plotly_js: str = "", topojson: str = "") -> bytes:
    """The export's bytes. base_url is the dashboard's address (the footer names the view's link on it)."""
    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r} (expected one of {KINDS})")
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    summary = filtering.country_summary(rows)
    words = composition.compose(dataset, state, base_url, rows, summary)
    if kind == "map.png":
        return drawing.render(words, dataset, state, summary, "png", drawing.SLIDE, options.scale)
    if kind == "map.svg":
        return drawing.render(words, dataset, state, summary, "svg", drawing.SLIDE)
    if kind == "map.pdf":
        return drawing.render(words, dataset, state, summary, "pdf", drawing.PAPERS[options.paper])
    if kind == "slide.pptx":
        picture = drawing.render_map_png(dataset, state, summary, slide.MAP_PIXELS, words)
        return slide.build(words, picture, drawing.map_aspect(dataset), composition.notes(dataset, state, rows))
    return snapshot.build(words, dataset, state, rows, summary, plotly_js, topojson)
