"""A briefing leaves whole: as a deck (a title slide, a slide per step with its caption as the slide's title and its
note first in the speaker notes, then a sources slide) and as a PDF (a page per step, then the sources). Each step's
page is its view's own export page (files.page_data, slide.add_view_slide), captioned."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader, PdfWriter

from dashboard.core import briefing as bf
from dashboard.core import composition, i18n
from dashboard.core.composition import Composition, Shown
from dashboard.core.load import Dataset
from dashboard.core.state import parse_query, vocabulary
from dashboard.ui import documents
from dashboard.ui.exports import files, slide, snapshot
from dashboard.ui.figures import base_figure

KINDS = ("briefing.pdf", "briefing.pptx", "briefing.html")


@dataclasses.dataclass(frozen=True)
class StepPage:
    shown: Shown
    words: Composition
    note: str
    caption: str = ""
    other: str = ""   # says the caption is in the other language, when it is


def step_pages(dataset: Dataset, briefing: bf.Briefing, lang: str, base_url: str = "") -> list[StepPage]:
    """Each step's view, its words titled "Step 2 of 4 · <caption>" (or the view in words when it has no caption in
    either language) and its note."""
    vocab = vocabulary(dataset)
    pages = []
    for number, step in enumerate(briefing.steps, start=1):
        shown = Shown.of(dataset, parse_query(vocab, "?" + step.view).replace(lang=lang))
        words = composition.compose(dataset, shown, base_url)
        caption, _other = bf.caption_for(step, lang)
        title = caption.title if caption and caption.title else words.subtitle
        label = i18n.t("briefing_playing", lang, n=number, total=len(briefing.steps))
        pages.append(StepPage(shown, dataclasses.replace(words, title=f"{label} · {title}"),
                              caption.note if caption else "", title,
                              i18n.t("briefing_other_language", lang) if _other else ""))
    return pages


def all_sources(pages: list[StepPage]) -> list[str]:
    """Every source the steps cite, once, in the order they first appear."""
    return list(dict.fromkeys(source for page in pages for source in page.words.sources))


def _cover_lines(dataset: Dataset, pages: list[StepPage], lang: str) -> list[str]:
    first = pages[0].words if pages else composition.compose(dataset, Shown.of(dataset, parse_query(
        vocabulary(dataset), f"?lang={lang}")))
    return [i18n.t("title", lang), first.status, first.date_modified,
            *(f"{page.words.title}" for page in pages)]


def deck(dataset: Dataset, briefing: bf.Briefing, lang: str, base_url: str = "") -> bytes:
    pages = step_pages(dataset, briefing, lang, base_url)
    title = i18n.t("briefing_title", lang)
    department = i18n.t("department", lang)
    presentation = slide.new_deck(lang, f"{title} · {i18n.t('title', lang)}", department, title)
    slide.add_text_slide(presentation, lang, title, department, _cover_lines(dataset, pages, lang))
    for page in pages:
        png, drawing = files.slide_picture(dataset, page.shown, page.words)
        notes = [*([page.note, ""] if page.note else []), *composition.notes(dataset, page.shown, page.words)]
        slide.add_view_slide(presentation, page.words, png, drawing["aspect"], notes, drawing["left_out"])
    sources = all_sources(pages)
    shown = [f"{index}. {source}" for index, source in enumerate(sources, start=1)]
    slide.add_text_slide(presentation, lang, i18n.t("sources_title", lang), department,
                         shown[:12] + ([i18n.t("export_sources_more", lang, n=len(shown) - 12)] if len(shown) > 12
                                       else []), notes=shown, size=10)
    return slide.saved(presentation)


def pdf(dataset: Dataset, briefing: bf.Briefing, lang: str, base_url: str = "") -> bytes:
    pages = step_pages(dataset, briefing, lang, base_url)
    writer = PdfWriter()
    for page in pages:
        data = files.page_data(dataset, page.shown, page.words, "slide")
        if page.note:
            data["summary"] = f"{page.note} {data['summary']}"
        writer.append(PdfReader(io.BytesIO(documents.typeset("map-page", data, "pdf"))), outline_item=page.words.title)
    width, height = files.PAGES["slide"]
    words = pages[0].words if pages else None
    sources = documents.typeset("sources-page", {
        "lang": lang, "title": i18n.t("sources_title", lang), "department": i18n.t("department", lang),
        "entries": all_sources(pages) or [i18n.t("export_sources_none", lang)],
        "credit": " · ".join(filter(None, (words.date_modified if words else "", i18n.t("department", lang)))),
        "page": {"width": width, "height": height}}, "pdf")
    writer.append(PdfReader(io.BytesIO(sources)), outline_item=i18n.t("sources_title", lang))
    writer.add_metadata({"/Title": f"{i18n.t('briefing_title', lang)} · {i18n.t('title', lang)}",
                         "/Author": i18n.t("department", lang)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def offline(dataset: Dataset, briefing: bf.Briefing, lang: str, plotly_js: str, topojson: str,
            base_url: str = "") -> bytes:
    """One file that plays the briefing with the keys, from a USB stick, asking for nothing."""
    pages = step_pages(dataset, briefing, lang, base_url)
    steps = [(page.words, base_figure(dataset, snapshot.GEOJSON_KEY, page.shown.state, page.shown.summary,
                                      plotly_outline=True), page.caption, page.note, page.other) for page in pages]
    if steps:  # the footer cites every step's sources
        first = dataclasses.replace(steps[0][0], sources=tuple(all_sources(pages)))
        steps[0] = (first, *steps[0][1:])
    title = f"{i18n.t('briefing_title', lang)} · {i18n.t('title', lang)}"
    return snapshot.build_briefing(lang, title, steps, dataset, plotly_js, topojson)
