"""Marker placement: category markers moved apart on screen so that none hides another, each as close to its
country's point as the others allow.

Worked out in the screen's own geometry (dashboard.core.look: plotly's frame, projection and the focus's camera), on
the smallest map frame the page draws; on a larger map the markers stand further apart still, since their size in
pixels stays the same.
"""

from __future__ import annotations

import numpy as np

from dashboard.core import look
from dashboard.core.views import RegionView

ITERATIONS = 400
ANCHOR_PULL = 0.02  # each round, every marker moves this share of the way back towards where it wants to be


def fitted_width(frame: tuple[float, float]) -> float:
    """The width of the world's frame drawn as large as fits in `frame` (w, h), as plotly does."""
    frame_w, frame_h = look.world_frame()
    return min(frame[0], frame[1] * frame_w / frame_h)


def _on_screen(points: np.ndarray, width: float, margin: float) -> np.ndarray:
    height = look.frame_height(width)
    return ((points[:, 0] >= -margin) & (points[:, 0] <= width + margin)
            & (points[:, 1] >= -margin) & (points[:, 1] <= height + margin))


def spread(lon, lat, offset, view: RegionView, frame: tuple[float, float], spacing: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (lon, lat) for markers whose countries' points are (lon, lat), each wanted `offset` pixels beside
    its point (several markers of one country side by side), such that any two on screen stand at least `spacing`
    pixels apart along one axis (their square boxes, `spacing` wide, do not overlap) when the world fits `frame`
    (w, h) and the view is zoomed in; and how far, in those pixels, each marker ended up from its point."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not len(lon):
        return lon.copy(), lat.copy(), np.zeros(0)
    width = fitted_width(frame)
    point = look.to_frame(lon, lat, view, width)
    wanted = point + np.column_stack([np.asarray(offset, dtype=float), np.zeros(len(lon))])
    shown = _on_screen(wanted, width, spacing)  # markers off the map are left where they are
    placed = wanted.copy()
    placed[shown] = _push_apart(wanted[shown], spacing)
    new_lon, new_lat = look.from_frame(placed[:, 0], placed[:, 1], view, width)
    return new_lon, new_lat, np.hypot(*(placed - point).T)


def _push_apart(wanted: np.ndarray, spacing: float) -> np.ndarray:
    points = wanted.copy()
    order = np.arange(len(points))
    for _ in range(ITERATIONS):
        dx = points[:, None, 0] - points[None, :, 0]
        dy = points[:, None, 1] - points[None, :, 1]
        need_x, need_y = spacing - np.abs(dx), spacing - np.abs(dy)
        clash = (need_x > 0) & (need_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        # Each clashing pair moves apart along the axis that needs less movement, half each.
        along_x = need_x <= need_y
        # Coincident points have no direction: the earlier marker goes left/up, the later right/down.
        sign_x = np.where(dx == 0, np.sign(order[:, None] - order[None, :]), np.sign(dx))
        sign_y = np.where(dy == 0, np.sign(order[:, None] - order[None, :]), np.sign(dy))
        push_x = np.where(clash & along_x, need_x * sign_x / 2 + 0.01 * sign_x, 0.0).sum(axis=1)
        push_y = np.where(clash & ~along_x, need_y * sign_y / 2 + 0.01 * sign_y, 0.0).sum(axis=1)
        points += np.column_stack([push_x, push_y]) * 0.5
        points += (wanted - points) * ANCHOR_PULL
    return points


def worst_overlap(lon, lat, view: RegionView, frame: tuple[float, float], size: float) -> float:
    """The largest share of one marker's box that another covers, with the world fitted into `frame` and the view
    zoomed in (markers off the map left out)."""
    width = fitted_width(frame)
    points = look.to_frame(lon, lat, view, width)
    points = points[_on_screen(points, width, 0)]
    if len(points) < 2:
        return 0.0
    wide = np.clip(size - np.abs(points[:, None, 0] - points[None, :, 0]), 0, None)
    high = np.clip(size - np.abs(points[:, None, 1] - points[None, :, 1]), 0, None)
    share = wide * high / size ** 2
    np.fill_diagonal(share, 0)
    return float(share.max())
