"""Citations as the page shows them: publisher, the title as a link (a new tab; the page fetches nothing), date."""

from __future__ import annotations

from dash import html

from dashboard.core import i18n
from dashboard.core.citations import Citation


def citation_children(citation: Citation, lang: str, with_note: bool = False) -> list:
    """'Publisher. <Title>. Date.' with the title linked to the document; a copy or a missing address said in
    words. The title carries its own language when it is not the page's (a screen reader then reads it right)."""
    lang = i18n.normalize_lang(lang)
    marked = {} if citation.title_lang == lang else {"lang": citation.title_lang}
    title = html.Cite(citation.title, **marked)
    if citation.url is None:
        tail = [" ", i18n.t("citation_no_address", lang)]
        linked = title
    else:
        linked = html.A([title, html.Span(" " + i18n.t("citation_opens", lang), className="visually-hidden")],
                        href=citation.url, target="_blank", rel="noopener noreferrer", hrefLang=citation.title_lang,
                        className="citation-link")
        tail = [" (", i18n.t("citation_to_copy", lang), ")"] if citation.read == "copy" else []
    note = [" ", html.Span(citation.note, className="citation-note")] if with_note and citation.note else []
    return [citation.publisher, ". ", linked, ". ", citation.date, ".", *tail, *note]


def citation_list(citations: tuple[Citation, ...] | list[Citation], lang: str, class_name: str = "citations",
                  with_notes: bool = False) -> html.Ul:
    return html.Ul([html.Li(citation_children(c, lang, with_notes), **{"data-source": c.id}) for c in citations],
                   className=class_name)
