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
    lang = composition.lang
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = composition.title
    deck.core_properties.author = composition.department
    deck.core_properties.subject = f"{composition.map_title} · {composition.subtitle}"
    deck.core_properties.language = "fr-CA" if lang == "fr" else "en-CA"
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])

    # The title is the slide's own title (outline view, screen readers), on a navy band as the page's header.
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
    _run(paragraph, composition.title, lang, 24, "#FFFFFF", bold=True)
    department = _box(slide, MARGIN, Inches(0.06), WIDTH - 2 * MARGIN, Inches(0.35))
    _run(department.paragraphs[0], composition.department, lang, 12, "#FFFFFF")

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
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
