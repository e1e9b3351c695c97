"""The page printed as the browser prints it: the papers, the page laid out for one of them under print media, what
a print cuts or lets overflow, and the PDF's pages (tests/browser/test_print.py; bench/ may print the same way)."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2
from pypdf import PdfReader

MM = 96 / 25.4      # CSS pixels per millimetre
POINT_MM = 25.4 / 72


@dataclasses.dataclass(frozen=True)
class Paper:
    name: str        # Playwright's page.pdf format
    width: float     # landscape, mm
    height: float

    def area(self, margin: float) -> tuple[int, int]:
        """The printable area in CSS pixels inside `margin` mm (assets/style.css @page), rounded down."""
        return int((self.width - 2 * margin) * MM), int((self.height - 2 * margin) * MM)


PAPERS = (Paper("Letter", 279.4, 215.9), Paper("A4", 297.0, 210.0))
PAGE_MARGIN = 8.0   # mm, as assets/style.css's @page says

# Every box of the page that holds text (its own text nodes, visible), and what is wrong with it when printed:
# wider than its box (scrollWidth > clientWidth: a word runs out of its column), a line of text outside the page's
# printable area, or a line cut by an ancestor that clips (overflow other than visible). Visually hidden text
# (clipped to nothing, or a 1 px box, for screen readers) is not printed text and is left out.
LAYOUT_PROBLEMS = """
([width, height]) => {
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const shown = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
      const box = node.getBoundingClientRect();
      if (style.position === 'absolute' && style.overflowX !== 'visible' &&
          (style.clip === 'rect(0px, 0px, 0px, 0px)' || box.width <= 1 || box.height <= 1)) return false;
    }
    return true;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!text.textContent.trim() || !el || el.closest('svg, script, style, noscript') || !shown(el)) continue;
    const block = (() => { let node = el; while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement; return node; })();
    if (block && !seen.has(block)) {
      seen.add(block);
      if (block.scrollWidth > block.clientWidth + 1) {
        problems.push(`${describe(block)} overflows its box (${block.scrollWidth} > ${block.clientWidth} px): "${block.textContent.trim().slice(0, 60)}"`);
      }
    }
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const line of range.getClientRects()) {
      if (line.width < 0.5) continue;
      const where = `"${text.textContent.trim().slice(0, 60)}" in ${describe(el)}`;
      if (line.left < -0.5 || line.right > width + 0.5 || line.top < -0.5 || line.bottom > height + 0.5) {
        problems.push(`${where} is outside the printed page (${Math.round(line.left)}, ${Math.round(line.top)}, ` +
                      `${Math.round(line.right)}, ${Math.round(line.bottom)} of ${width} x ${height} px)`);
      }
      for (let node = el; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = node.getBoundingClientRect();
        if (line.left < box.left - 0.5 || line.right > box.right + 0.5 || line.top < box.top - 0.5 ||
            line.bottom > box.bottom + 0.5) {
          problems.push(`${where} is cut by ${describe(node)} (overflow ${style.overflowX} ${style.overflowY})`);
        }
      }
    }
  }
  return problems;
}
"""


def lay_out_for(page, paper: Paper) -> tuple[int, int]:
    """Lay the page out as it prints on `paper`: the window the size of the printable area, print media, and the
    browser's beforeprint (assets/app.js fits the map). Returns the area's size in CSS pixels."""
    width, height = paper.area(PAGE_MARGIN)
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    return width, height


def layout_problems(page, area: tuple[int, int]) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS, list(area))


def print_pdf(page, paper: Paper) -> bytes:
    """The page as the browser prints it on `paper`, landscape, the page's own @page rules (margins) applied."""
    return page.pdf(format=paper.name, landscape=True, prefer_css_page_size=True, print_background=True)


def pdf_pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def pdf_texts(pdf: bytes) -> list[str]:
    """The words of each page of a PDF, white space collapsed to single spaces; a soft hyphen where the typesetter
    broke a word stays U+00AD. Read with PDFium, which reads a page of the map's shapes in milliseconds (pypdf parses
    the whole drawing to find its words)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            text = page.get_textpage().get_text_range()
            texts.append(" ".join(text.replace("\ufffe", "\u00ad").replace("\x02", "\u00ad").split()))
        return texts
    finally:
        document.close()


def page_size_mm(pdf_page) -> tuple[float, float]:
    box = pdf_page.mediabox
    return float(box.width) * POINT_MM, float(box.height) * POINT_MM
