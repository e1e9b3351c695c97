"""The addresses of the app's own routes that the page links to, for the data being served, under the app's prefix."""

from __future__ import annotations

import dataclasses

from dashboard.core import geo
from dashboard.core.live import LiveData
from dashboard.core.state import ViewState, to_query
from dashboard.ui.picture import drawn_view

GEOJSON_ROUTE = "/data/countries.geojson"
PACKED_SHAPES_ROUTE = "/data/countries.packed.json"  # the same shapes packed (dashboard.core.geo.packed_shapes)
PICTURE_ROUTE = "/picture/map.svg"  # the map of a view as a still picture (dashboard.ui.picture)
AHEAD_ROUTE = "/_view-ahead"  # a pick of a country answered ahead (dashboard.server.ahead; assets/ahead.js, relative)
TOPOJSON_FOLDER = "/assets/topojson/"


@dataclasses.dataclass(frozen=True)
class Urls:
    """What the page links to, read from `live` on each call, so a reload's new data gets new addresses."""

    live: LiveData
    prefix: str = "/"

    @property
    def geojson_url(self) -> str:
        # The shapes' own version in the URL: browsers cache them for good, fetch new shapes at once, and keep
        # theirs when a reload changes only a CSV file.
        return f"{self.prefix.rstrip('/')}{GEOJSON_ROUTE}?v={self.live.dataset.geometry_version}"

    @property
    def packed_shapes_url(self) -> str | None:
        """The shapes packed for the page to unpack (assets/shapes.js), at the same version; None when the shapes
        file has no packed form."""
        dataset = self.live.dataset
        if geo.packed_shapes(dataset.geometry_bytes) is None:
            return None
        return f"{self.prefix.rstrip('/')}{PACKED_SHAPES_ROUTE}?v={dataset.geometry_version}"

    @property
    def topojson_url(self) -> str:
        return f"{self.prefix.rstrip('/')}{TOPOJSON_FOLDER}"

    def picture_url(self, state: ViewState) -> str:
        """The map picture of the view (its language and presentation mode draw the same map), for the data version
        being served."""
        query = to_query(drawn_view(state))
        return (f"{self.prefix.rstrip('/')}{PICTURE_ROUTE}?v={self.live.dataset.version}"
                + ("&" + query[1:] if query else ""))
