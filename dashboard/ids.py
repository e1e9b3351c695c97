"""Every component id, defined once: kebab-case, prefixed by its panel."""

URL = "url"
PAGE = "page"
VIEW_STATE = "view-state"

HEADER_LANG_LINK = "header-lang-link"

FILTER_CATEGORY = "filter-category"
FILTER_PROGRAM = "filter-program"
FILTER_REGION = "filter-region"
FILTER_YEARS = "filter-years"
FILTER_CONFIRMED = "filter-confirmed"
FILTER_RESET = "filter-reset"

MAP_GRAPH = "map-graph"
MAP_LEGEND = "map-legend"

DETAILS_PANEL = "details-panel"
DETAILS_BODY = "details-body"
DETAILS_CLEAR = "details-clear"
