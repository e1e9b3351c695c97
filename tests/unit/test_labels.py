"""Country names on a document's map (dashboard.core.labels): placed beside their markers, never over another name, a
marker or the frame's edge; every one on a regional focus, as many as fit on the world's."""

from __future__ import annotations

import itertools

from dashboard.core import labels


def overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def marker(x, y, half=6.0):
    return (x - half, y - half, x + half, y + half)


def test_a_name_stands_right_of_its_marker_when_there_is_room():
    (placed,), left_out = labels.place([labels.Candidate("A", "Alpha", marker(50, 50), 30, 10)],
                                       [marker(50, 50)], (200, 100))
    assert left_out == [] and placed.x == 56 + 2 and placed.y == 45


def test_names_keep_clear_of_each_other_markers_and_the_frame():
    markers = [marker(20 + 14 * i, 50) for i in range(8)]  # a tight row of markers
    candidates = [labels.Candidate(str(i), f"Country {i}", box, 40, 10) for i, box in enumerate(markers)]
    placed, left_out = labels.place(candidates, markers, (200, 100), every=False)
    assert placed and left_out  # not all fit beside their markers: the rest are said to be left out
    assert len(placed) + len(left_out) == 8
    for a, b in itertools.combinations([p.box for p in placed], 2):
        assert not overlaps(a, b)
    for name in placed:
        assert not any(overlaps(name.box, box) for box in markers)
        assert 0 <= name.x and name.x + name.width <= 200 and 0 <= name.y and name.y + name.height <= 100
        assert name.leader is None  # the world's names stand right beside their markers


def test_a_regional_focus_names_every_country_further_out_with_a_leader():
    markers = [marker(20 + 14 * i, 50) for i in range(8)]
    candidates = [labels.Candidate(str(i), f"Country {i}", box, 40, 10) for i, box in enumerate(markers)]
    placed, left_out = labels.place(candidates, markers, (200, 140), every=True)
    assert left_out == [] and len(placed) == 8
    assert any(name.leader for name in placed)
    clean = [name for name in placed if not any(overlaps(name.box, box) for box in markers)]
    assert len(clean) >= 7


def test_a_name_may_stand_beside_any_of_its_markers():
    apart = (marker(20, 50), marker(180, 50))
    whole = (14, 44, 186, 56)
    blocker = (0, 0, 170, 100)  # everything around the first marker is taken
    (placed,), _ = labels.place([labels.Candidate("A", "Alpha", whole, 10, 8, apart)], [*apart, blocker], (220, 100))
    assert placed.x >= 170


def test_only_the_names_that_must_be_placed_stand_further_out():
    """A regional focus's own countries are all named; a country its frame shows beyond the box is named only right
    beside its markers, or left out (listed under the map)."""
    markers = [marker(20 + 14 * i, 50) for i in range(8)]
    candidates = [labels.Candidate(str(i), f"Country {i}", box, 40, 10) for i, box in enumerate(markers)]
    own = {"0", "2", "4", "6"}
    candidates.sort(key=lambda candidate: candidate.key not in own)  # as dashboard.ui.picture.map_labels does
    placed, left_out = labels.place(candidates, markers, (160, 70), every=own)
    assert own <= {name.key for name in placed} and left_out
    assert all(name.leader is None for name in placed if name.key not in own)
    assert set(left_out).isdisjoint(own)
