"""Every component id, defined once: kebab-case, prefixed by its panel."""

from dashboard.core.schema import CATEGORIES

URL = "url"
# What the address bar says when it is not the view the page shows (Back, Forward, a link): the page's own
# writes of the address stop in the browser (assets/app.js, dashboard.urlChanged) and never reach the server.
URL_SEARCH = "url-search"
PAGE = "page"
VIEW_STATE = "view-state"
# Inside the page, where the view callback writes the next view state; the browser copies it to VIEW_STATE
# (assets/app.js, adoptView). Every output of the view callback is inside the page, so that a render of the page
# (Back, Forward, the language) does not make Dash call it again for the controls it brings.
VIEW_UPDATE = "view-update"
# At the top of the page: shown when new data files were refused (dashboard.ui.banner), and what asks again.
DATA_BANNER = "data-banner"
DATA_BANNER_POLL = "data-banner-poll"

HEADER_LANG_LINK = "header-lang-link"
HEADER_TITLE = "header-title"

FILTER_CATEGORY = "filter-category"
FILTER_PROGRAM = "filter-program"
FILTER_REGION = "filter-region"
FILTER_YEARS = "filter-years"
FILTER_CONFIRMED = "filter-confirmed"
FILTER_RESET = "filter-reset"

SEARCH_COUNTRY = "search-country"
# A country picked in the search box, a click on the map: what the view callback is asked for when the page has not
# fetched the answer ahead (assets/ahead.js). The search box's own value also follows every change of view, which
# must not ask again: the page passes on only a value that is not the country shown.
SEARCH_PICK = "search-pick"
MAP_CLICK = "map-click"
PRESENT_TOGGLE = "present-toggle"
PRESENT_STEP = "present-step"
PRESENT_COUNTER = "present-counter"
PRESENT_SHOW = "present-show"
# Briefings (dashboard.ui.components.briefing): the panel's changing part, a button's press (assets/app.js writes
# {action, step, captions, at}), the file opened, and the caption shown while one plays.
BRIEFING_PANEL = "briefing-panel"
BRIEFING_ACTION = "briefing-action"
BRIEFING_UPLOAD = "briefing-upload"
BRIEFING_CAPTION = "briefing-caption"  # what the presenter shows: everything, a category, or a program or forum
PRINT_BUTTON = "print-button"

TABLE_TOGGLE = "table-toggle"
TABLE_DETAILS = "table-details"
TABLE_BODY = "table-body"
TABLE_SORT = "table-sort"
# A header or a row pressed (assets/app.js reads the button's data-sort / data-iso3): one store each, not one
# pattern-matching id per button, so that rows appearing never fire a callback.
TABLE_SORT_PICK = "table-sort-pick"
TABLE_ROW_PICK = "table-row-pick"
TABLE_DOWNLOAD = "table-download"
TABLE_DOWNLOAD_FILE = "table-download-file"

MAP_SECTION = "map-section"
MAP_GRAPH = "map-graph"
MAP_SUMMARY = "map-summary"
# The view in words ("GRSI active programs only · Europe"), printed above the map only (assets/style.css, print);
# assets/app.js writes it from the view state, so it costs no callback output.
MAP_VIEW_WORDS = "map-view-words"
MAP_LEGEND = "map-legend"
MAP_LEGEND_TOGGLE = {category: f"map-legend-toggle-{category}" for category in CATEGORIES}
MAP_ZOOM = "map-zoom"
MAP_LEGEND_COUNT = {category: f"map-legend-count-{category}" for category in CATEGORIES}
MAP_EXPORT_MENU = "map-export-menu"  # the Download menu (dashboard.ui.components.downloads)
# Where a download says how it goes (preparing, busy and retrying, failed) and offers a retry (assets/app.js).
MAP_EXPORT_STATUS = "map-export-status"

DETAILS_PANEL = "details-panel"
DETAILS_BODY = "details-body"
DETAILS_CLEAR = "details-clear"
# "(opens in a new tab)", once in the page: the description of every citation's link (ui/components/citations.py).
NEW_TAB_NOTE = "new-tab-note"

# What the page's own scripts (assets/*.js) need to know of the page, written into its head as a meta tag
# (`<meta name="dashboard-contract">`, JSON, by dashboard.server.app): the scripts read ids and categories from it,
# never as literals.
CONTRACT = {
    "ids": {"page": PAGE, "graph": MAP_GRAPH, "viewWords": MAP_VIEW_WORDS,
            "exportStatus": MAP_EXPORT_STATUS, "detailsClear": DETAILS_CLEAR, "tableBody": TABLE_BODY,
            "presentToggle": PRESENT_TOGGLE, "presentCounter": PRESENT_COUNTER, "presentStep": PRESENT_STEP,
            "briefingAction": BRIEFING_ACTION, "mapSection": MAP_SECTION,
            "tableRowPick": TABLE_ROW_PICK, "tableSortPick": TABLE_SORT_PICK,
            "searchCountry": SEARCH_COUNTRY, "viewUpdate": VIEW_UPDATE},
    "legendToggle": MAP_LEGEND_TOGGLE,
    "categories": list(CATEGORIES),
}
