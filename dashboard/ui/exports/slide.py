"""One 16:9 PowerPoint slide of a view: the map as a picture; title, filters, legend and sources as editable text;
the selected country's details (or the overview) with their sources in the speaker notes (python-pptx)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.core import i18n, look
from dashboard.core.composition import Composition

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.4)
MAP_WIDTH = Inches(8.9)
MAP_POINTS = 8.9 * 72  # the picture's page (templates/map-picture.typ), as wide as MAP_WIDTH
MAP_PPI = 200          # 1780 pixels wide: sharp on a projector and in print
TITLE_ONLY = 5     # python-pptx's default template: "Title Only"
LANGUAGE = {"en": MSO_LANGUAGE_ID.ENGLISH_CANADIAN, "fr": MSO_LANGUAGE_ID.FRENCH_CANADIAN}
NAMES_BUDGET = 160    # characters of the names the map's picture has no room for, under the legend
SOURCES_BUDGET = 520  # characters of sources on the slide itself; the notes have them all


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _run(paragraph, text: str, lang: str, size: float, color: str = look.TEXT_COLOR, bold: bool = False):
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.name, font.size, font.bold = look.SLIDE_FONT, Pt(size), bold
    font.color.rgb = _rgb(color)
    font.language_id = LANGUAGE[lang]
    return run


def _box(slide, left, top, width, height):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    return frame


def _paragraph(frame, first: bool):
    return frame.paragraphs[0] if first else frame.add_paragraph()


def build(composition: Composition, map_png: bytes, map_aspect: float, notes: list[str],
          left_out: list[str] | tuple[str, ...] = ()) -> bytes:
    """The slide; `left_out`: the countries on the map whose names found no room on its picture (said under the
    legend, "and N more" past a few)."""
    deck = new_deck(composition.lang, composition.title, composition.department,
                    f"{composition.map_title} · {composition.subtitle}")
    add_view_slide(deck, composition, map_png, map_aspect, notes, left_out)
    return saved(deck)


def new_deck(lang: str, title: str, author: str, subject: str) -> Presentation:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = title
    deck.core_properties.author = author
    deck.core_properties.subject = subject
    deck.core_properties.language = "fr-CA" if lang == "fr" else "en-CA"
    return deck


def saved(deck: Presentation) -> bytes:
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title_band(slide, text: str, lang: str, department: str) -> None:
    """The slide's own title (outline view, screen readers), on a navy band as the page's header."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = 0, 0, WIDTH, Inches(1.5)
    title.fill.solid()
    title.fill.fore_color.rgb = _rgb(look.NAVY)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = frame.margin_right = MARGIN
    frame.margin_bottom = Inches(0.12)
    frame.text = ""
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _run(paragraph, text, lang, 24, "#FFFFFF", bold=True)
    box = _box(slide, MARGIN, Inches(0.06), WIDTH - 2 * MARGIN, Inches(0.35))
    _run(box.paragraphs[0], department, lang, 12, "#FFFFFF")


def add_text_slide(deck: Presentation, lang: str, title: str, department: str, lines: list[str],
                   notes: list[str] | tuple[str, ...] = (), size: float = 14) -> None:
    """A slide of text under the title band: a briefing's cover, or its sources."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title_band(slide, title, lang, department)
    body = _box(slide, MARGIN, Inches(1.7), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.0))
    for index, line in enumerate(lines):
        _run(_paragraph(body, index == 0), line, lang, size)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes or lines)


def add_view_slide(deck: Presentation, composition: Composition, map_png: bytes, map_aspect: float,
                   notes: list[str], left_out: list[str] | tuple[str, ...] = ()) -> None:
    """A view's slide: its title band, the filters in words, the map, the legend, the sources; notes below."""
    lang = composition.lang
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title_band(slide, composition.title, lang, composition.department)

    words = _box(slide, MARGIN, Inches(1.52), WIDTH - 2 * MARGIN, Inches(0.75))
    _run(words.paragraphs[0], composition.subtitle, lang, 16, look.NAVY, bold=True)
    line = words.add_paragraph()
    _run(line, composition.summary + " ", lang, 12)
    _run(line, composition.status, lang, 12, look.NAVY, bold=True)
    if composition.caveat:
        _run(words.add_paragraph(), composition.caveat, lang, 10, look.RULE_COLOR)

    top = Inches(2.3)
    picture = slide.shapes.add_picture(io.BytesIO(map_png), MARGIN, top, width=MAP_WIDTH,
                                       height=Emu(int(MAP_WIDTH / map_aspect)))
    picture._element.nvPicPr.cNvPr.set("descr", composition.map_alt)
    picture.name = composition.map_title or i18n.t("map_title", lang)

    legend_left = MARGIN + MAP_WIDTH + Inches(0.3)
    legend = _box(slide, legend_left, top, WIDTH - legend_left - MARGIN, Inches(3.9))
    _run(legend.paragraphs[0], composition.legend_title, lang, 15, look.NAVY, bold=True)
    for entry in composition.legend_rows():
        paragraph = legend.add_paragraph()
        paragraph.space_before = Pt(5)
        key = look.LEGEND_KEYS[entry.key]
        _run(paragraph, key.glyph + " ", lang, 12, key.color)
        _run(paragraph, entry.label, lang, 11, bold=entry.key == "selected")
        if entry.count:
            _run(paragraph, " · " + entry.count, lang, 11, bold=True)

    names = composition.names_candidates(left_out)
    if names:
        fitting = next((text for text in names if len(text) <= NAMES_BUDGET), names[-1])
        _run(legend.add_paragraph(), fitting, lang, 10, look.MUTED_COLOR).font.italic = True

    footer = _box(slide, MARGIN, Inches(6.3), WIDTH - 2 * MARGIN, Inches(1.1))
    _run(footer.paragraphs[0], composition.sources_text(SOURCES_BUDGET), lang, 9)
    _run(footer.add_paragraph(), f"{composition.date_modified} · {composition.department} · "
                                 f"{composition.geometry_credit}", lang, 9)
    if composition.view_url:
        view = footer.add_paragraph()
        _run(view, composition.view_line.replace(composition.view_url, ""), lang, 9, look.MUTED_COLOR)
        link = _run(view, composition.view_url, lang, 9, look.LINK_COLOR)
        link.hyperlink.address = composition.view_url

    notes_frame = slide.notes_slide.notes_text_frame
    notes_frame.text = "\n".join([*notes, "", composition.sources_text(), composition.date_modified,
                                  *([composition.view_line] if composition.view_line else [])])
