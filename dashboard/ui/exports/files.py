"""Each export of a view as bytes and a file name: what the server's export links send. The view's rows and summary
are computed once (composition.Shown) and handed to the words, the map's drawing and the document."""

from __future__ import annotations

import dataclasses

from dashboard.core import composition, i18n, look
from dashboard.core.composition import Composition, Shown
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import country_name, image_name, plain
from dashboard.ui import documents, picture
from dashboard.ui.exports import book, profile, slide, snapshot

KINDS = ("map.png", "map.svg", "map.pdf", "slide.pptx", "snapshot.html", "profile.pdf", "book.pdf")
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
    if kind == "book.pdf":
        stem += "-book"
    if kind == "profile.pdf":
        return profile.file_name(state)
    return f"{stem}.{kind.rsplit('.', 1)[1]}"


def map_data(dataset: Dataset, shown: Shown, words: Composition, named: list[str] | None = None,
             label_size: float = look.LABEL_SIZE) -> dict:
    """The map as a document's template takes it: the server's drawing, its aspect, its alternative text, and the
    countries' names placed on it (`named`: the iso3 to name, by default every engaged country on the map), with
    those that found no room (`left_out`, by name).

    The names are a layer of the documents, set by the template over the drawing at the places computed here, rather
    than <text> in the drawing itself: the drawing stays the page's text-free first paint, and a name set by Typst is
    a word like the page's others (searchable in the PDF, a <text> in the SVG export through `words`, in the
    documents' own fonts, which the drawing as an image would not have)."""
    width, height = picture.frame()
    lang = words.lang
    if named is None:
        # Most engaged first: when the world's map has no room for every name, the busiest countries keep theirs.
        ranked = sorted(words.countries, key=lambda entry: -len(entry.engagements))
        names = {entry.iso3: entry.name for entry in ranked}
    else:
        names = {code: country_name(dataset, code, lang) for code in named}
    placed, left_out = picture.map_labels(dataset, shown.state, names, documents.text_width, shown.summary,
                                          label_size)
    return {"svg": picture.map_svg(dataset, shown.state, shown.summary, scaling_strokes=True).decode("utf-8"),
            "aspect": width / height, "alt": words.map_alt, "width": width,
            "labels": [{"text": label.text, "x": label.x + look.LABEL_HALO_WIDTH / 2, "y": label.y,
                        "size": label_size, "halo": look.LABEL_HALO_WIDTH,
                        "leader": list(label.leader) if label.leader else None} for label in placed],
            "halo_color": look.LABEL_HALO, "leader_color": look.LEADER_COLOR, "leader_width": look.LEADER_WIDTH,
            "left_out": sorted((names[code] for code in left_out), key=plain)}


def countries_data(words: Composition) -> list[dict]:
    """The countries on the map with their engagements, for a document's list."""
    return [{"name": entry.name, "engagements": [dataclasses.asdict(engagement) for engagement in entry.engagements]}
            for entry in words.countries]


def page_data(dataset: Dataset, shown: Shown, words: Composition, page: str) -> dict:
    """The map page's template data (templates/map-page.typ): every text as data."""
    width, height = PAGES[page]
    lang = words.lang
    drawn = map_data(dataset, shown, words)
    return {
        "lang": lang, "title": words.title, "department": words.department,
        "subject": f"{words.map_title}{composition.SEPARATOR}{words.subtitle}",
        "subtitle": words.subtitle, "summary": words.summary, "map": drawn,
        "status": words.status, "caveat": words.caveat,
        "not_named": words.names_candidates(drawn["left_out"]),
        # On paper, the countries on the map follow with their engagements and sources (Typst flows them onto
        # the next pages); the one-page image names those the map has no room for, and no more.
        "countries": countries_data(words) if page in PAPERS else [],
        "countries_title": words.on_map_title,
        "columns": {"country": i18n.t("column_country", lang), "engagement": i18n.t("export_column_engagement", lang),
                    "status": i18n.t("column_status", lang, year=dataset.status_as_of),
                    "amount": i18n.t("column_amount", lang), "confirmed": i18n.t("column_confirmed", lang),
                    "source": i18n.t("column_source", lang)},
        "list_title": i18n.t("export_countries_title", lang),
        "legend_title": words.legend_title,
        "legend": [{"key": look.key_svg(entry.key), "label": entry.label, "count": entry.count,
                    "bold": entry.key == "selected"} for entry in words.legend_rows()],
        "sources": words.sources_candidates(),
        "credit": " · ".join((words.date_modified, words.department, words.geometry_credit)),
        "view_label": words.view_line.replace(words.view_url, "").strip(), "view_url": words.view_url,
        "page": {"width": width, "height": height, "legend_beside": width / height > WIDE,
                 "legend_share": LEGEND_SHARE, "source_lines": SOURCE_LINES},
    }


def slide_picture(dataset: Dataset, shown: Shown, words: Composition) -> tuple[bytes, dict]:
    """A slide's picture of the view's map, its countries named (templates/map-picture.typ), and the drawing's data
    (its aspect, the names that found no room)."""
    drawing = map_data(dataset, shown, words)
    data = {"lang": words.lang, "title": words.title, "department": words.department, "map": drawing,
            "page": {"width": slide.MAP_POINTS}}
    return documents.typeset("map-picture", data, "png", slide.MAP_PPI), drawing


def make(kind: str, dataset: Dataset, state: ViewState, base_url: str = "", options: Options = Options(),
         plotly_js: str = "", topojson: str = "") -> bytes:
    """The export's bytes. base_url is the dashboard's public address (the footer names the view's link on it), or
    empty when none is configured."""
    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r} (expected one of {KINDS})")
    if kind == "profile.pdf":
        return profile.build(dataset, state)
    if kind == "book.pdf":
        return book.book(dataset, state, base_url)
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
        png, drawing = slide_picture(dataset, shown, words)
        return slide.build(words, png, drawing["aspect"], composition.notes(dataset, shown, words),
                           drawing["left_out"])
    return snapshot.build(words, dataset, shown, plotly_js, topojson)
