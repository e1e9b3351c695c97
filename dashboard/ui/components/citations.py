"""Citations as the page shows them: publisher, the title as a link (a new tab; the page fetches nothing), date."""

from __future__ import annotations

from dash import html

from dashboard.core import i18n
from dashboard.core.citations import Citation
from dashboard.ui import ids


def citation_children(citation: Citation, lang: str, with_note: bool = False) -> list:
    """'Publisher. <Title>. Date.' with the title linked to the document; a copy or a missing address said in
    words. The title carries its own language when it is not the page's (a screen reader then reads it right). A
    link is its title alone, described by the page's one "opens in a new tab" (new_tab_note): a component per
    citation, which the page renders on every pick of a country."""
    lang = i18n.normalize_lang(lang)
    marked = {} if citation.title_lang == lang else {"lang": citation.title_lang}
    if citation.url is None:
        tail = [" ", i18n.t("citation_no_address", lang)]
        linked = html.Cite(citation.title, **marked)
    else:
        linked = html.A(citation.title, href=citation.url, target="_blank", rel="noopener noreferrer",
                        hrefLang=citation.title_lang, className="citation-link",
                        **marked, **{"aria-describedby": ids.NEW_TAB_NOTE})
        tail = [" (", i18n.t("citation_to_copy", lang), ")"] if citation.read == "copy" else []
    note = [" ", html.Span(citation.note, className="citation-note")] if with_note and citation.note else []
    return [citation.publisher, ". ", linked, ". ", citation.date, ".", *tail, *note]


def new_tab_note(lang: str) -> html.Span:
    """What every citation's link says of itself to a screen reader (its description), once in the page."""
    return html.Span(" " + i18n.t("citation_opens", lang), id=ids.NEW_TAB_NOTE, hidden=True)


def citation_list(citations: tuple[Citation, ...] | list[Citation], lang: str, class_name: str = "citations",
                  with_notes: bool = False) -> html.Ul:
    return html.Ul([html.Li(citation_children(c, lang, with_notes), **{"data-source": c.id}) for c in citations],
                   className=class_name)
