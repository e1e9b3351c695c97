"""Regional focus: the parts of the world a briefer can bring to the screen in one click, as longitude and
latitude ranges (the camera), and which of them holds a point."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class RegionView:
    key: str                       # the URL's zoom= value
    lon: tuple[float, float]       # west, east
    lat: tuple[float, float]       # south, north
    open_side: str = "right"       # the side with the fewest engaged countries: where details float, presenting

    def holds(self, lon: float, lat: float) -> bool:
        return self.lon[0] <= lon <= self.lon[1] and self.lat[0] <= lat <= self.lat[1]


WORLD = RegionView("world", (-180.0, 180.0), (-58.0, 85.0))
# In the order of the buttons; the boxes frame the countries a briefer names for each region, with a margin for
# the markers. Central America and the Caribbean is its own view: the MPDP and RCM engagements are there.
REGION_VIEWS: tuple[RegionView, ...] = (
    WORLD,
    RegionView("north-america", (-170.0, -50.0), (10.0, 75.0)),
    RegionView("central-america-caribbean", (-118.0, -58.0), (5.0, 33.0), "left"),
    RegionView("south-america", (-95.0, -30.0), (-56.0, 14.0)),
    RegionView("europe", (-30.0, 52.0), (34.0, 71.0)),
    RegionView("africa-middle-east", (-26.0, 64.0), (-36.0, 42.0), "left"),
    RegionView("asia-pacific", (60.0, 180.0), (-48.0, 56.0), "left"),
)
VIEWS = {view.key: view for view in REGION_VIEWS}
ZOOMS = tuple(VIEWS)
DEFAULT_ZOOM = WORLD.key


def view_for_point(current: str, lon: float, lat: float) -> str:
    """The focus that shows a point: the current one when it already does, else the first regional view that holds
    it (the most specific come after World in REGION_VIEWS, so World is the last resort)."""
    if VIEWS.get(current, WORLD).holds(lon, lat):
        return current
    return region_of(lon, lat)


def region_of(lon: float, lat: float) -> str:
    """The smallest regional view that holds a point (a country's profile shows it there), or World."""
    regional = [view for view in REGION_VIEWS[1:] if view.holds(lon, lat)]
    # Central America lies inside North America's box: prefer the smaller box, which frames the country better.
    regional.sort(key=lambda view: (view.lon[1] - view.lon[0]) * (view.lat[1] - view.lat[0]))
    return regional[0].key if regional else WORLD.key
