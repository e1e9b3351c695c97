"""What one change of view sends to the page: only the parts the change touched, keyed by the part's name."""

from __future__ import annotations

import collections
import threading
import weakref

from dashboard.core import filtering, i18n
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState, show_value
from dashboard.core.tables import engagement_table
from dashboard.core.text import summary_line
from dashboard.ui.components.details import details_body
from dashboard.ui.components.header import language_href
from dashboard.ui.components.text_version import table_children
from dashboard.ui.figures import map_patch, zoom_patch

CONTROLS = ("filter_category", "filter_program", "filter_region", "filter_years", "filter_confirmed")
# The parts of the page a change of view can update; the view callback has one output per part.
PARTS = ("figure", *(f"legend_count_{c}" for c in CATEGORIES), "summary", "details", "details_clear_hidden",
         "search_value", "present_label", "present_pressed", "language_href", "zoom_value", *CONTROLS, "table_body",
         "present_show")


DETAILS_KEPT = 256  # details trees kept per worker: every country in both languages, a few filter sets
_details: collections.OrderedDict = collections.OrderedDict()
_details_lock = threading.Lock()


def details_for(dataset: Dataset, state: ViewState) -> list:
    """details_body, built once per data version and view: a click carries plotly's click data (pixels, a time),
    so its request is never the same twice and the response cache cannot answer it; its details can be reused.
    The trees are only ever serialised, never changed."""
    key = (id(dataset), state.replace(zoom="world"))  # the focus draws no part of the details
    with _details_lock:
        found = _details.get(key)
        if found is not None:
            _details.move_to_end(key)
            return found
    found = details_body(dataset, state)
    with _details_lock:
        if not any(k[0] == id(dataset) for k in _details):
            weakref.finalize(dataset, _forget, id(dataset))
        _details[key] = found
        while len(_details) > DETAILS_KEPT:
            _details.popitem(last=False)
    return found


def _forget(dataset_id: int) -> None:
    """A data set is gone (replaced by a reload): its details go with it."""
    with _details_lock:
        for key in [k for k in _details if k[0] == dataset_id]:
            del _details[key]


def control_values(dataset: Dataset, state: ViewState) -> dict:
    """The filter controls showing state's filters (a reset puts them back to their defaults)."""
    return {"filter_category": list(state.categories), "filter_program": list(state.programs),
            "filter_region": list(state.regions), "filter_years": list(state.years or dataset.year_bounds),
            "filter_confirmed": ["yes"] if state.confirmed_only else []}


def view_update(dataset: Dataset, state: ViewState, changed: set[str], table_sort: tuple[str, bool] | None = None,
                controls: bool = False) -> dict:
    """Only what a change touches: filters -> map values, counts and summary (and the details of a selected country
    or forum, and the text version when it is open: `table_sort` is its sort, None when closed); country -> the
    details and the search box (the map's outline is drawn in the browser, assets/app.js); presenting -> the
    presentation button (the page's class follows the view state in the browser, layout.view_data); zoom -> the
    camera and the markers placed for it. `controls`: the filter controls too (a reset, which no control made)."""
    filters, country, programs = "filters" in changed, "country" in changed, "programs" in changed
    presenting, zoom = "presenting" in changed, "zoom" in changed
    lang = state.lang
    parts: dict = {"language_href": language_href(state)}
    if filters or zoom:
        # The markers' places depend on both: which markers are shown, and the focus they are spread for.
        rows = filtering.filter_engagements(dataset.engagements[filtering.KEY_COLUMNS], state.filters)
        summary = filtering.country_summary(rows)
        if filters:
            parts["figure"] = map_patch(dataset, state, summary, camera_too=zoom)
        else:
            parts["figure"] = zoom_patch(dataset, state, summary)
    if zoom:
        parts["zoom_value"] = state.zoom
    if filters:
        counts = filtering.category_counts(summary)
        parts.update({f"legend_count_{c}": i18n.plural("countries_count", counts[c], lang) for c in CATEGORIES})
        parts["summary"] = summary_line(rows, lang)
        if table_sort is not None:
            shown = filtering.filter_engagements(dataset.engagements, state.filters)
            table = engagement_table(dataset, shown, lang, table_sort)
            parts["table_body"] = table_children(table, lang, table_sort, dataset.status_as_of)
    # The details follow the filters when they show a country or one forum's card (its countries shown).
    # In presentation mode a country's lines are closed (its key facts fit the projector), open on the page.
    shows_card = state.country is not None or len(state.programs) == 1
    if country or programs or ((filters or (presenting and state.country is not None)) and shows_card):
        parts["details"] = details_for(dataset, state)
    if country:
        parts["details_clear_hidden"] = state.country is None
        parts["search_value"] = state.country
    if presenting:
        parts["present_label"] = i18n.t("present_off" if state.presenting else "present_on", lang)
        parts["present_pressed"] = "true" if state.presenting else "false"
    if controls:
        parts.update(control_values(dataset, state))
    if filters or controls:
        parts["present_show"] = show_value(state)
    return parts
