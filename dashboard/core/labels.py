"""Country names on a document's map: each set beside what it names (its markers), greedily, in the drawing's own
pixels, never over another name, a marker or the frame's edge. A regional focus names every country it was asked to
(when no clean place is left, the one that covers least); the world view names as many as fit and says which did not.

Pure geometry: the caller gives each name's size (measured in the document's font) and the boxes to keep clear.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (y down)

# Where a name may stand around its box, in order of preference: right, left, above, below, then the corners.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
RINGS = 6          # a name that must be placed may stand up to this many of its heights further out


@dataclasses.dataclass(frozen=True)
class Candidate:
    key: str
    text: str
    box: Box          # what the name names: its markers' box
    width: float      # the name's size as set
    height: float
    parts: tuple[Box, ...] = ()   # each of its markers, when they stand apart: a name may stand beside any one


@dataclasses.dataclass(frozen=True)
class Placed:
    key: str
    text: str
    x: float          # the name's box, top left
    y: float
    width: float
    height: float
    leader: Box | None = None   # a line from the name to its markers' middle, when it stands away from them

    @property
    def box(self) -> Box:
        return self.x, self.y, self.x + self.width, self.y + self.height


def leader(name: np.ndarray, anchor: Box) -> Box:
    """A line from the middle of the anchor's box to the nearest point of the name's box."""
    cx, cy = (anchor[0] + anchor[2]) / 2, (anchor[1] + anchor[3]) / 2
    nx, ny = float(np.clip(cx, name[0], name[2])), float(np.clip(cy, name[1], name[3]))
    return cx, cy, nx, ny


def positions(candidate: Candidate, gap: float, ring: int) -> tuple[np.ndarray, np.ndarray]:
    """The name's possible boxes (n, 4) around its box, then around each of its markers, `gap` plus `ring` of its
    heights away; and which of its boxes each stands beside (0: the whole, 1...: a marker)."""
    around = [_around(box, candidate.width, candidate.height, gap, ring) for box in (candidate.box, *candidate.parts)]
    return np.concatenate(around), np.concatenate([np.full(len(a), i) for i, a in enumerate(around)])


def _around(box: Box, w: float, h: float, gap: float, ring: int) -> np.ndarray:
    x0, y0, x1, y1 = box
    far = gap + ring * h
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    out = []
    if x0 == x1 and y0 == y1 and ring == 0:
        # A point, not markers (a country whose markers are off the frame, named where its shape shows): the name
        # is best centred on it.
        out.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    for dx, dy in DIRECTIONS:
        left = x1 + far if dx > 0 else x0 - far - w if dx < 0 else cx - w / 2
        top = y1 + far if dy > 0 else y0 - far - h if dy < 0 else cy - h / 2
        out.append((left, top, left + w, top + h))
    return np.asarray(out, dtype=float)


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The area each of `boxes` (n, 4) shares with all of `others` (m, 4), summed: (n,)."""
    if not len(others):
        return np.zeros(len(boxes))
    wide = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    high = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    return (np.clip(wide, 0, None) * np.clip(high, 0, None)).sum(axis=1)


def place(candidates: list[Candidate], obstacles: list[Box], frame: tuple[float, float], gap: float = 2.0,
          every: bool | Collection[str] = False) -> tuple[list[Placed], list[str]]:
    """The names placed, in the candidates' order of priority, and the keys of those left out. `every`: True, or the
    keys of the names that must be placed (a regional focus's own countries). Any other name stands only right
    beside its markers (a name further off could be read as a neighbour's), or is left out; a name that must be
    placed may stand further out, with a leader line back to its markers, and when no clean place is left, takes the
    one that covers least."""
    width, height = frame
    taken = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    placed: list[Placed] = []
    left_out: list[str] = []
    for candidate in candidates:
        must = every is True or (not isinstance(every, bool) and candidate.key in every)
        best, best_cost = None, np.inf
        best_ring = best_part = 0
        for ring in range(RINGS + 1 if must else 1):
            boxes, owners = positions(candidate, gap, ring)
            inside = (boxes[:, 0] >= 0) & (boxes[:, 1] >= 0) & (boxes[:, 2] <= width) & (boxes[:, 3] <= height)
            cost = np.where(inside, _overlap(boxes, taken), np.inf)
            index = int(np.argmin(cost))
            if cost[index] < best_cost:
                best, best_cost, best_ring = boxes[index], cost[index], ring
                best_part = int(owners[index])
            if best_cost == 0:
                break
        if best is None or (best_cost > 0 and not must) or not np.isfinite(best_cost):
            left_out.append(candidate.key)
            continue
        placed.append(Placed(candidate.key, candidate.text, float(best[0]), float(best[1]), candidate.width,
                             candidate.height,
                             leader(best, (candidate.box, *candidate.parts)[best_part]) if best_ring else None))
        taken = np.vstack([taken, best[None, :]])
    return placed, left_out
