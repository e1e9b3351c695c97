"""Every composed page (the export image, the PDF page, the slide's picture, and longer documents) is typeset by one
engine, Typst, from a template file in templates/. The data reaches a template as JSON (the input "data", which the
template reads with `json(...)`), never spliced into its source, so a text holding `$`, `#`, `[` or `<` prints as
written. The templates may read no file outside their folder, and no font but the ones shipped in fonts/.

Typst's SVG draws text as glyph outlines; an SVG export keeps its words as `<text>` elements instead (`svg_with_text`):
the same template is laid out with each word placed but not drawn, and the words' recorded places become text.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
import threading
from pathlib import Path

import typst

from dashboard.core import look

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FONTS = HERE / "fonts"
POINTS_PER_INCH = 72
# The fonts' cap heights (units of the em): a word's recorded place is the top of its box, which Typst sets at the
# cap height above the baseline.
CAP_HEIGHT = {"Noto Sans": 0.714, "Lato": 0.7165}
SVG_FAMILY = {"Noto Sans": "'Noto Sans', Lato, Arial, sans-serif", "Lato": "Lato, 'Noto Sans', Arial, sans-serif"}
_FONTS_LOCK = threading.Lock()
MEASURE_SIZE = 100
BARE_AMPERSAND = re.compile(r"&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)")


@functools.lru_cache(maxsize=4)
def _measuring_font(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), MEASURE_SIZE)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` is when set in the documents' body font (Noto Sans) at `size`, in the same unit as `size`."""
    return _measuring_font(bold).getlength(text) * size / MEASURE_SIZE


@functools.lru_cache(maxsize=1)
def _fonts() -> typst.Fonts:
    with _FONTS_LOCK:
        return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])


def house_look() -> dict:
    """The colours the templates use, from dashboard.core.look."""
    return {"navy": look.NAVY, "text": look.TEXT_COLOR, "muted": look.MUTED_COLOR, "rule": look.RULE_COLOR,
            "link": look.LINK_COLOR, "hairline": look.HAIRLINE_COLOR}


def _compiler(template: str, data: dict, mode: str) -> typst.Compiler:
    path = TEMPLATES / f"{template}.typ"
    if not path.is_file():
        raise ValueError(f"no document template {template!r} in {TEMPLATES}")
    inputs = {"data": json.dumps({**data, "look": house_look()}, ensure_ascii=False), "mode": mode}
    return typst.Compiler(str(path), root=str(TEMPLATES), font_paths=_fonts(), ignore_system_fonts=True,
                          sys_inputs=inputs)


def typeset(template: str, data: dict, fmt: str, ppi: float | None = None) -> bytes | list[bytes]:
    """The template filled with `data`, as PDF (all pages), or PNG at `ppi` (one image a page: bytes for one page)."""
    if fmt not in ("pdf", "png", "svg"):
        raise ValueError(f"format {fmt!r} (expected pdf, png or svg)")
    return _compiler(template, data, "glyphs").compile(format=fmt, ppi=ppi)


def svg_with_text(template: str, data: dict, width_px: float | None = None) -> bytes:
    """A one-page template as SVG whose words are `<text>` elements (Typst would draw them as outlines), its images
    inlined as SVG where they are SVG. `width_px`: the size it opens at (the PNG's), its drawing in points."""
    compiler = _compiler(template, data, "words")
    svg = compiler.compile(format="svg").decode("utf-8")
    placed = json.loads(compiler.query("<word>", field="value"))
    svg = re.sub(r'<g transform="[^"]*"/>', "", svg)  # the words' empty places
    svg = BARE_AMPERSAND.sub("&amp;", svg)  # Typst writes a link's address with its "&" unescaped
    svg = re.sub(r"<image\b[^>]*/>", _inline_image, svg)
    if width_px:
        view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        width, height = float(view.group(1)), float(view.group(2))
        svg = re.sub(r'(<svg\b[^>]*?) width="[^"]*" height="[^"]*"',
                     lambda m: f'{m.group(1)} width="{width_px:g}" height="{round(width_px * height / width):g}"',
                     svg, count=1)
    end = svg.rindex("</svg>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg[:end] + _text_lines(placed) + svg[end:]).encode("utf-8")


def _inline_image(match: re.Match) -> str:
    """An `<image>` Typst embedded as a data URL: inlined when it is SVG (an editor can then change its parts)."""
    tag = match.group(0)
    source = re.search(r'href="data:image/svg\+xml;base64,([^"]+)"', tag)
    if not source:
        return tag
    inner = base64.b64decode(source.group(1)).decode("utf-8")
    inner = re.sub(r"<\?xml[^>]*\?>", "", inner).strip()
    attributes = dict(re.findall(r'\b(width|height|transform)="([^"]*)"', tag))
    root = re.match(r"<svg\b[^>]*>", inner).group(0)
    sized = re.sub(r'\s(width|height|preserveAspectRatio)="[^"]*"', "", root)[:-1]
    inner = (f'{sized} width="{attributes.get("width", "100%")}" height="{attributes.get("height", "100%")}" '
             f'preserveAspectRatio="none">' + inner[len(root):])
    return f'<g transform="{attributes.get("transform", "")}">{inner}</g>'


def _text_lines(placed: list[dict]) -> str:
    """The recorded words as one `<text>` a line: words on one baseline, in one style, left to right."""
    lines: list[list[dict]] = []
    for word in placed:
        last = lines[-1][-1] if lines else None
        same_line = last is not None and all(last.get(k) == word.get(k) for k in ("size", "bold", "fill", "family",
                                                                                  "halo")) \
            and last["position"]["y"] == word["position"]["y"] and _pt(word["position"]["x"]) > _pt(last["position"]["x"])
        if same_line:
            lines[-1].append(word)
        else:
            lines.append([word])
    out = ['<g class="words">']
    for line in lines:
        first = line[0]
        family = next((name for name in CAP_HEIGHT if name.lower() == str(first["family"]).lower()), "Noto Sans")
        size = float(first["size"])
        baseline = _pt(first["position"]["y"]) + CAP_HEIGHT[family] * size
        words = html.escape(" ".join(word["text"] for word in line), quote=False)
        weight = ' font-weight="bold"' if first["bold"] else ""
        halo = first.get("halo")
        if halo:  # a name on the map: a rim drawn under its letters (paint-order), as the PDF's and PNG's halo
            weight += (f' stroke="{html.escape(str(halo["color"]))}" stroke-width="{float(halo["width"]):.2f}" '
                       f'stroke-linejoin="round" paint-order="stroke"')
        out.append(f'<text x="{_pt(first["position"]["x"]):.2f}" y="{baseline:.2f}" font-family="{SVG_FAMILY[family]}" '
                   f'font-size="{size:.2f}"{weight} fill="{first["fill"]}" xml:space="preserve">{words}</text>')
    out.append("</g>")
    return "".join(out)


def _pt(length: str | float) -> float:
    return float(str(length).removesuffix("pt"))
