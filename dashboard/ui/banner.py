"""The data banner: hidden until newer data files are refused, then what was refused and which data still shows."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from dashboard.core import i18n
from dashboard.core.live import ReloadFailure
from dashboard.core.text import format_moment
from dashboard.ui import ids

BANNER_PROBLEMS = 3      # the banner names the first few; `python -m dashboard check` lists them all
BANNER_POLL_SECONDS = 15  # an open page asks again this often (every change of view brings it too)
# Canada.ca's warning alert; inline so that the banner reads as one even where the stylesheet has no rule for it.
BANNER_STYLE = {"background": "#f9f4d4", "borderLeft": "6px solid #ee7100", "color": "#333333",
                "padding": "12px 20px", "margin": "0 0 8px 0", "fontSize": "1.05rem"}


def banner_shell(children: list | None = None) -> list:
    """Placed in the first layout, above the page: hidden until a reload is refused (then `children`); text only."""
    return [html.Div(children or None, id=ids.DATA_BANNER, className="data-banner", role="alert",
                     hidden=not children, style=BANNER_STYLE),
            dcc.Interval(id=ids.DATA_BANNER_POLL, interval=BANNER_POLL_SECONDS * 1000)]


def banner_stamp(failure: ReloadFailure | None) -> str | None:
    """Which refusal the banner shows (None: no banner); the view state keeps it, so that an answer brings the
    banner only when it changed since the page last showed it."""
    return failure.failed_at.isoformat() if failure is not None else None


def banner_children(failure: ReloadFailure | None, good_loaded_at: dt.datetime, lang: str) -> list:
    """What the banner says in lang: that the new files were refused, their first problems, and which data shows."""
    if failure is None:
        return []
    errors = failure.errors or failure.problems
    children = [
        html.Strong(i18n.t("reload_failed", lang, time=format_moment(good_loaded_at, lang))),
        # The checker's file:line:column messages are the same as `python -m dashboard check` prints: English, and
        # marked so (a screen reader reads them in English); the sentence around them is in the page's language.
        html.Ul([html.Li(html.Code(str(problem), lang="en")) for problem in errors[:BANNER_PROBLEMS]]),
    ]
    hidden = len(errors) - BANNER_PROBLEMS
    if hidden > 0:
        children.append(html.P(i18n.plural("reload_more", hidden, lang)))
    return children
