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
MAP_BACKGROUND = "#FFFFFF"  # the map's ocean: the page's white, behind the figure's see-through paper
CLEAR = "rgba(0,0,0,0)"
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
# Line widths and sizes, in CSS pixels of the screen's map; the exports scale them with the map they draw.
BORDER_WIDTH = 0.5          # white line between countries
ENGAGED_BORDER_WIDTH = 0.6
SELECTED_WIDTH = 3          # navy outline of the selected country
MARKER_RIM = 1.5
SMALL_STATE_SIZE = 6
TEXT_COLOR = "#333333"      # assets/style.css --text, --muted, and the red rule under headings
MUTED_COLOR = "#595959"
RULE_COLOR = "#AF3C43"

# Exports (dashboard.ui.exports) draw the same shapes with matplotlib: plotly's marker names in matplotlib's words.
MATPLOTLIB_MARKER = {"circle": "o", "diamond": "D", "square": "s"}
CATEGORY_MARKER = {category: MATPLOTLIB_MARKER[symbol] for category, symbol in CATEGORY_SYMBOL.items()}
# matplotlib takes the first installed; DejaVu Sans ships with matplotlib, so a bare server still draws the same text.
EXPORT_FONTS = ["Noto Sans", "Lato", "DejaVu Sans"]
# A slide is opened on other machines: a font every Office install has, so PowerPoint does not substitute one.
SLIDE_FONT = "Arial"
# The screen's map is about this wide on a 1920-pixel page; exports keep markers and lines in that proportion.
SCREEN_MAP_WIDTH = 1000
