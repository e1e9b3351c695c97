"""Briefings in the page: the panel that builds one (add the view shown, caption, reorder, remove, save, open, play)
and the caption shown while it plays. Buttons carry data-action and data-step; assets/app.js hands a press to the
view callback through one store (ids.BRIEFING_ACTION), so steps appearing never fire a callback. Captions are text."""

from __future__ import annotations

from dash import dcc, html

from dashboard.core import briefing as briefings
from dashboard.core import i18n
from dashboard.core.briefing import Playing
from dashboard.core.composition import filters_in_words
from dashboard.core.i18n import LANGS
from dashboard.core.state import ViewState, parse_query
from dashboard.ui import ids


def _button(label: str, action: str, step: int | None = None, aria: str | None = None, primary: bool = False,
            disabled: bool = False) -> html.Button:
    extra = {"data-action": action, **({"data-step": str(step)} if step is not None else {}),
             **({"aria-label": aria, "title": aria} if aria else {})}
    return html.Button(label, type="button", className="button" + (" primary" if primary else " small"),
                       disabled=disabled, **extra)


def _step_words(vocab, step: briefings.Step, lang: str) -> str:
    """A step without a caption in either language is named by its view in words."""
    return filters_in_words(parse_query(vocab, "?" + step.view).replace(lang=lang))


def _caption_editor(step: briefings.Step, number: int, lang: str) -> html.Fieldset:
    fields = []
    for language in LANGS:
        caption = step.caption.get(language) or briefings.Caption()
        name = i18n.t(f"briefing_language_{language}", lang)
        fields += [
            html.Label([i18n.t("briefing_caption_title", lang, language=name),
                        dcc.Input(value=caption.title, type="text", maxLength=briefings.MAX_TITLE,
                                  className="briefing-field")], **{"data-field": f"{language}-title"}),
            html.Label([i18n.t("briefing_caption_note", lang, language=name),
                        dcc.Textarea(value=caption.note, maxLength=briefings.MAX_NOTE, className="briefing-field",
                                     rows=3)], **{"data-field": f"{language}-note"}),
        ]
    return html.Fieldset(className="briefing-editor", **{"data-step": str(number)}, children=[
        html.Legend(i18n.t("briefing_edit", lang, n=number)), *fields,
        html.Div(className="briefing-buttons", children=[
            _button(i18n.t("briefing_caption_save", lang), "caption", number, primary=True),
            _button(i18n.t("briefing_caption_cancel", lang), "cancel", number)]),
    ])


def panel_children(vocab, state: ViewState, playing: Playing, base: str = "") -> list:
    """The briefing panel's changing part: a message, the steps with their buttons, the caption editor, the
    buttons that add, play, save and clear. `base`: the page's path prefix for the save link."""
    lang = state.lang
    steps = playing.steps
    children: list = []
    if playing.message:
        children.append(html.P(playing.message, className="briefing-message", role="alert"))
    items = []
    for number, step in enumerate(steps, start=1):
        caption, other = briefings.caption_for(step, lang)
        title = caption.title if caption and caption.title else _step_words(vocab, step, lang)
        label = [html.Span(i18n.t("briefing_step_label", lang, n=number), className="briefing-number"), " ",
                 html.Span(title, className="briefing-step-title")]
        if other:
            label += [" ", html.Span(i18n.t("briefing_other_language", lang), className="briefing-other")]
        items.append(html.Li(className="briefing-step" + (" current" if playing.step == number else ""), children=[
            html.Div(label, className="briefing-step-label"),
            html.Div(className="briefing-buttons", children=[
                _button("▶", "go", number, i18n.t("briefing_go", lang, n=number)),
                _button("↑", "up", number, i18n.t("briefing_up", lang, n=number), disabled=number == 1),
                _button("↓", "down", number, i18n.t("briefing_down", lang, n=number), disabled=number == len(steps)),
                _button("✎", "edit", number, i18n.t("briefing_edit", lang, n=number)),
                _button("✕", "remove", number, i18n.t("briefing_remove", lang, n=number)),
            ]),
            *([_caption_editor(step, number, lang)] if playing.editing == number else []),
        ]))
    children.append(html.Ol(items, className="briefing-steps") if items
                    else html.P(i18n.t("briefing_empty", lang), className="hint"))
    save = []
    query = briefings.address(state.replace(presenting=False), Playing(playing.briefing))
    if steps and "briefing=" in query:  # a briefing too long for a link is kept in the page only
        save = [html.A(i18n.t(label, lang), className="button small", href=f"{base}export/briefing.{extension}{query}",
                       download="briefing.json" if extension == "json" else "")
                for label, extension in (("briefing_save", "json"), ("briefing_deck", "pptx"), ("briefing_pdf", "pdf"),
                                         ("briefing_offline", "html"))]
    children.append(html.Div(className="briefing-buttons", children=[
        _button(i18n.t("briefing_add", lang), "add", primary=True,
                disabled=len(steps) >= briefings.MAX_STEPS),
        _button(i18n.t("briefing_play", lang), "play", disabled=not steps), *save,
        *([_button(i18n.t("briefing_clear", lang), "clear")] if steps else []),
    ]))
    return children


def briefing_panel(vocab, state: ViewState, playing: Playing, base: str = "") -> html.Section:
    lang = state.lang
    limits = i18n.t("briefing_limits", lang, steps=briefings.MAX_STEPS, title=briefings.MAX_TITLE,
                    note=briefings.MAX_NOTE, size=briefings.MAX_FILE_BYTES // 1024)
    return html.Section(className="panel briefing", **{"aria-labelledby": "briefing-title"}, children=[
        html.H2(i18n.t("briefing_title", lang), id="briefing-title"),
        html.P(i18n.t("briefing_help", lang), className="hint"),
        html.Div(panel_children(vocab, state, playing, base), id=ids.BRIEFING_PANEL, **{"aria-live": "polite"}),
        dcc.Upload(id=ids.BRIEFING_UPLOAD, accept=".json,application/json", max_size=briefings.MAX_FILE_BYTES,
                   multiple=False, className="briefing-upload",
                   children=html.Span(i18n.t("briefing_open", lang), className="button small")),
        html.P(limits, className="hint"),
    ])


def caption_children(vocab, state: ViewState, playing: Playing) -> list:
    """While a briefing plays: "Step 2 of 4", the step's title large and its note, in the page's language (or the
    other one, marked), above the map, never over it."""
    if playing.step is None or not playing.steps:
        return []
    lang = state.lang
    step = playing.steps[playing.step - 1]
    caption, other = briefings.caption_for(step, lang)
    title = caption.title if caption and caption.title else _step_words(vocab, step, lang)
    children = [html.Span(i18n.t("briefing_playing", lang, n=playing.step, total=len(playing.steps)),
                          className="briefing-counter"),
                html.Strong(title, className="briefing-caption-title")]
    if other:
        children.append(html.Span(i18n.t("briefing_other_language", lang), className="briefing-other"))
    if caption and caption.note:
        children.append(html.Span(caption.note, className="briefing-caption-note"))
    children.append(html.Span(i18n.t("briefing_keys", lang), className="briefing-keys"))
    return children

