"""The data being served: one validated data set, swapped whole on reload, and why newer files were refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dashboard.core.load import Dataset
from dashboard.core.problems import Problem

GEOJSON_ROUTE = "/data/countries.geojson"
PICTURE_ROUTE = "/picture/map.svg"  # the map of a view as a still picture (dashboard.ui.picture)
TOPOJSON_FOLDER = "/assets/topojson/"
HEALTH_PROBLEMS = 10


@dataclasses.dataclass(frozen=True)
class ReloadFailure:
    """Why the newest data files were refused, and when."""

    problems: tuple[Problem, ...]  # errors first, then warnings, each in file:line:column order
    failed_at: dt.datetime

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def to_json(self) -> dict:
        return {"failed_at": self.failed_at.isoformat(), "errors": len(self.errors),
                "problems": [str(p) for p in self.errors[:HEALTH_PROBLEMS]]}


@dataclasses.dataclass
class LiveData:
    """What every request reads: `dataset` is replaced whole, never edited, so a request sees one version."""

    dataset: Dataset
    prefix: str = "/"
    reload_error: ReloadFailure | None = None

    @property
    def geojson_url(self) -> str:
        # The shapes' own version in the URL: browsers cache them for good, fetch new shapes at once, and keep
        # theirs when a reload changes only a CSV file.
        return f"{self.prefix.rstrip('/')}{GEOJSON_ROUTE}?v={self.dataset.geometry_version}"

    def picture_url(self, query: str) -> str:
        """The map picture of the view in `query` (core.state.to_query of a state without its language and
        presentation mode, which draw the same map), for the data version being served."""
        return f"{self.prefix.rstrip('/')}{PICTURE_ROUTE}?v={self.dataset.version}" + ("&" + query[1:] if query else "")

    @property
    def topojson_url(self) -> str:
        return f"{self.prefix.rstrip('/')}{TOPOJSON_FOLDER}"
