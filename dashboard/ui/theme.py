"""Colours, marker shapes and sizes, in one place. Okabe-Ito colours: distinguishable with colour-blindness."""

CATEGORY_COLOR = {"mpdp": "#D55E00", "grsi": "#009E73", "forum": "#0072B2"}
SEVERAL_COLOR = "#CC79A7"


def tint(color: str, white: float = 0.35) -> str:
    """The colour mixed with white: country fills are lighter than markers, so a marker shows on its own country."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


CATEGORY_FILL = {category: tint(color) for category, color in CATEGORY_COLOR.items()}
SEVERAL_FILL = tint(SEVERAL_COLOR)
NO_ENGAGEMENT_COLOR = "#D9D9D9"
BORDER_COLOR = "#FFFFFF"
SMALL_STATE_COLOR = "#9A9A9A"
# Shapes distinguish the categories without colour; hollow (white) markers mark unconfirmed attributions.
CATEGORY_SYMBOL = {"mpdp": "circle", "grsi": "diamond", "forum": "square"}
CATEGORY_GLYPH = {"mpdp": "●", "grsi": "◆", "forum": "■"}  # the same shapes as text, for legends and hovers
MARKER_SIZE = 11
MARKER_BOX = 13  # a marker's drawn box in pixels, its rim included
# Markers never hide each other on a regional view and hide at most half of one another on the world view, on the
# smallest map frame the page draws (normal or presentation mode, 1280 x 720 and up): dashboard.core.placement.
MARKER_SPACING_PX = {"regional": MARKER_BOX + 3, "world": MARKER_BOX * 0.6}
MAP_REFERENCE_FRAME = (840, 380)
LEADER_MIN_PX = 4  # a marker moved further than this from its country's point gets a line back to it
LEADER_COLOR = "#6F6F6F"
MARKER_OUTLINE = "#FFFFFF"  # white rim: a marker stands out from the lighter fill of its own country
UNCONFIRMED_FILL = "#FFFFFF"  # unconfirmed attributions: white marker with a coloured rim
NAVY = "#26374A"
FONT_FAMILY = "'Noto Sans', Lato, 'Helvetica Neue', Arial, sans-serif"
