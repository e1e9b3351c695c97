"""The map's look and geometry are defined once (dashboard.core.look), and every output reads them: the page's figure
and the server's drawing agree on the camera of each focus, the frame, the colours, the symbols and the legend's keys."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dashboard.core import look
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.views import REGION_VIEWS
from dashboard.ui import ids, picture
from dashboard.ui.components.map_panel import legend
from dashboard.ui.figures import base_figure
from tests.support.components import components

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dashboard"
OTHER_MODULES = [p for p in sorted(PACKAGE.rglob("*.py")) if p != PACKAGE / "core" / "look.py"]
SVG = "{http://www.w3.org/2000/svg}"


def look_of_its_own(path: Path) -> list[str]:
    """What a module writes of the look that dashboard.core.look defines once."""
    source = path.read_text(encoding="utf-8")
    palette = {look.NAVY, look.NO_ENGAGEMENT_COLOR, look.SEVERAL_COLOR, look.SEVERAL_FILL, look.SMALL_STATE_COLOR,
               look.LEADER_COLOR, *look.CATEGORY_COLOR.values(), *look.CATEGORY_FILL.values()}
    faults = []
    found = sorted(color for color in palette if color.lower() in source.lower())
    if found:
        faults.append(f"{path.name} writes the colours {found}: read them from dashboard.core.look")
    if "+proj=" in source:
        faults.append(f"{path.name} writes a projection: dashboard.core.look.PROJECTION")
    glyphs = sorted(set(re.findall("[●◆■○◇□]", source)))
    if glyphs:
        faults.append(f"{path.name} writes the legend's glyphs {glyphs}: dashboard.core.look.LEGEND_KEYS")
    defined = re.findall(r"^def (symbol_path|world_frame|fill_color|marker_colors|key_svg|to_frame|tint)\b", source,
                         flags=re.M)
    if defined:
        faults.append(f"{path.name} defines {defined} again")
    return faults


def test_no_other_module_defines_a_colour_a_projection_a_glyph_or_a_symbol():
    assert [fault for path in OTHER_MODULES for fault in look_of_its_own(path)] == []


@pytest.mark.parametrize("script", sorted((ROOT / "assets").glob("*.js")), ids=lambda p: p.name)
def test_the_pages_scripts_take_ids_and_categories_from_the_page(script):
    source = script.read_text(encoding="utf-8")
    literals = set(re.findall(r"""["'`]([^"'`\n]*)["'`]""", source))
    named = {*ids.CONTRACT["ids"].values(), *ids.CONTRACT["legendToggle"].values(), *CATEGORIES}
    # As an id selector, a whole string (getElementById) or in a prop id; a class of the same name is no id.
    written = sorted(name for name in named if any(
        literal == name or re.search(rf"#{re.escape(name)}\b|^{re.escape(name)}\.", literal) for literal in literals))
    assert not written, f"{script.name} writes {written}: read them from the page's dashboard-contract meta tag"


def test_the_contract_is_in_the_pages_head(client):
    page = client.get("/?lang=fr").get_data(as_text=True)
    content = re.search(r'<meta name="dashboard-contract" content="([^"]+)"', page).group(1)
    assert json.loads(content.replace("&quot;", '"')) == json.loads(json.dumps(ids.CONTRACT))


@pytest.mark.parametrize("view", REGION_VIEWS, ids=lambda v: v.key)
def test_the_figure_and_the_drawing_have_one_camera_per_focus(dataset, view):
    state = ViewState(zoom=view.key)
    geo = base_figure(dataset, "", state)["layout"]["geo"]
    cam = look.camera(view)
    assert (geo["center"]["lon"], geo["center"]["lat"], geo["projection"]["scale"]) == (cam.lon, cam.lat, cam.scale)
    width, height = picture.frame()
    # The drawing puts the camera's centre in the frame's middle and shows the focus's box as large as fits.
    assert picture.to_picture([cam.lon], [cam.lat], view.key)[0] == pytest.approx((width / 2, height / 2))
    corners = picture.to_picture([view.lon[0], view.lon[1]], [view.lat[0], view.lat[0]], view.key)
    assert corners[1, 0] - corners[0, 0] <= width * 1.001


def test_the_figure_and_the_drawing_share_colours_and_symbols(dataset):
    state = ViewState(country="MEX")
    figure = base_figure(dataset, "", state)
    drawn = ET.fromstring(picture.picture_svg(dataset, state))
    symbols = {node.get("id"): node.get("d") for node in drawn.iter(f"{SVG}path") if node.get("id")}
    for category in CATEGORIES:
        trace = next(t for t in figure["data"] if t.get("name") == category)
        assert trace["marker"]["symbol"] == look.CATEGORY_SYMBOL[category]
        assert symbols[category] == look.symbol_path(trace["marker"]["symbol"], trace["marker"]["size"])
        # The figure's two-stop colour scales say the same as look.marker_colors.
        assert [trace["marker"]["colorscale"][i][1] for i in (1, 0)] == \
            [look.marker_colors(category, confirmed)[0] for confirmed in (True, False)]
    engaged = next(t for t in figure["data"] if t.get("name") == "engaged")
    steps = {color for _, color in engaged["colorscale"]}
    assert steps == set(look.FILL_CODES.values())


def test_the_pages_legend_uses_the_one_set_of_keys():
    tree = legend({c: 1 for c in CATEGORIES}, "en")
    glyphs = [node.children for node in components(tree) if "glyph" in (getattr(node, "className", "") or "")]
    swatches = [node.style["background"] for node in components(tree)
                if "swatch" in (getattr(node, "className", "") or "")]
    expected = [look.LEGEND_KEYS[key] for key in (*CATEGORIES, *look.LEGEND_EXTRAS)]
    assert glyphs == [key.glyph for key in expected if key.kind == "marker"]
    assert swatches == [key.color for key in expected if key.kind == "swatch"]
