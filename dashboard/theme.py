"""Colours, marker shapes and sizes, in one place. Okabe-Ito colours: distinguishable with colour-blindness."""

CATEGORY_COLOR = {"mpdp": "#D55E00", "grsi": "#009E73", "forum": "#0072B2"}
SEVERAL_COLOR = "#CC79A7"
NO_ENGAGEMENT_COLOR = "#D9D9D9"
BORDER_COLOR = "#FFFFFF"
SMALL_STATE_COLOR = "#9A9A9A"
# Shapes distinguish the categories without colour; hollow (white) markers mark unconfirmed attributions.
CATEGORY_SYMBOL = {"mpdp": "circle", "grsi": "diamond", "forum": "square"}
MARKER_SIZE = 11
MARKER_SPACING_DEG = 2.6  # markers of one country sit side by side, this far apart in longitude
MARKER_OUTLINE = "#1B1B1B"  # dark rim: a marker stays visible on a fill of its own colour
UNCONFIRMED_FILL = "#FFFFFF"  # unconfirmed attributions: white marker with a coloured rim
NAVY = "#26374A"
LINK = "#284162"
FONT_FAMILY = "'Noto Sans', Lato, 'Helvetica Neue', Arial, sans-serif"
