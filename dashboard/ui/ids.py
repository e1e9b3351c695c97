"""Every component id, defined once: kebab-case, prefixed by its panel."""

from dashboard.core.schema import CATEGORIES

URL = "url"
PAGE = "page"
VIEW_STATE = "view-state"
# Above the page: shown when new data files were refused (dashboard.ui.banner), and what asks again.
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
PRESENT_TOGGLE = "present-toggle"
PRESENT_STEP = "present-step"
PRINT_BUTTON = "print-button"

TABLE_TOGGLE = "table-toggle"
TABLE_DETAILS = "table-details"
TABLE_BODY = "table-body"
TABLE_SORT = "table-sort"
TABLE_SORT_BUTTON_TYPE = "table-sort-button"      # pattern-matching: {"type": TABLE_SORT_BUTTON_TYPE, "column": ...}
TABLE_SELECT_TYPE = "table-select"                # pattern-matching: {"type": TABLE_SELECT_TYPE, "iso3": ...}
TABLE_DOWNLOAD = "table-download"
TABLE_DOWNLOAD_FILE = "table-download-file"

MAP_GRAPH = "map-graph"
MAP_SUMMARY = "map-summary"
MAP_LEGEND = "map-legend"
MAP_LEGEND_TOGGLE = {category: f"map-legend-toggle-{category}" for category in CATEGORIES}
MAP_ZOOM = "map-zoom"
MAP_LEGEND_COUNT = {category: f"map-legend-count-{category}" for category in CATEGORIES}
MAP_EXPORT_MENU = "map-export-menu"  # the Download menu (dashboard.ui.components.downloads)

DETAILS_PANEL = "details-panel"
DETAILS_BODY = "details-body"
DETAILS_CLEAR = "details-clear"
