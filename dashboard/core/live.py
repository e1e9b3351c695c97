"""The data being served: one validated data set, swapped whole on reload, and why newer files were refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dashboard.core.load import Dataset
from dashboard.core.problems import Problem

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
    reload_error: ReloadFailure | None = None
