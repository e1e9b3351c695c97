"""What one change of view sends to the page: only the parts the change touched, keyed by the part's name."""

from __future__ import annotations

from dashboard.core import filtering, i18n
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.text import summary_line
from dashboard.ui.components.details import details_body
from dashboard.ui.components.header import language_href
from dashboard.ui.components.layout import page_class
from dashboard.ui.figures import map_patch, selection_patch, zoom_patch

# The parts of the page a change of view can update; the view callback has one output per part.
PARTS = ("figure", *(f"legend_count_{c}" for c in CATEGORIES), "summary", "details", "details_clear_hidden",
         "search_value", "page_class", "present_label", "present_pressed", "language_href", "zoom_value")


def view_update(dataset: Dataset, state: ViewState, changed: set[str]) -> dict:
    """Only what a change touches: filters -> map values, counts and summary (and the details of a selected country
    or forum); country -> its outline, the details and the search box; presenting -> the page's class; zoom -> the
    camera and the markers placed for it."""
    filters, country, programs = "filters" in changed, "country" in changed, "programs" in changed
    presenting, zoom = "presenting" in changed, "zoom" in changed
    lang = state.lang
    parts: dict = {"language_href": language_href(state)}
    if filters or zoom:
        # The markers' places depend on both: which markers are shown, and the focus they are spread for.
        rows = filtering.filter_engagements(dataset.engagements[filtering.KEY_COLUMNS], state.filters)
        summary = filtering.country_summary(rows)
        if filters or country:
            parts["figure"] = map_patch(dataset, state, summary, camera_too=zoom)
        else:
            parts["figure"] = zoom_patch(dataset, state, summary)
    elif country:
        parts["figure"] = selection_patch(state)
    if zoom:
        parts["zoom_value"] = state.zoom
    if filters:
        counts = filtering.category_counts(summary)
        parts.update({f"legend_count_{c}": i18n.plural("countries_count", counts[c], lang) for c in CATEGORIES})
        parts["summary"] = summary_line(rows, lang)
    # The details follow the filters when they show a country or one forum's card (its countries shown).
    if country or programs or (filters and (state.country is not None or len(state.programs) == 1)):
        parts["details"] = details_body(dataset, state)
    if country:
        parts["details_clear_hidden"] = state.country is None
        parts["search_value"] = state.country
    if presenting or country or zoom:
        parts["page_class"] = page_class(state)
    if presenting:
        parts["present_label"] = i18n.t("present_off" if state.presenting else "present_on", lang)
        parts["present_pressed"] = "true" if state.presenting else "false"
    return parts
