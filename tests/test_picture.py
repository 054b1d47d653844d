"""The surface's contour lines (ui/race/picture.py): simplified within a fraction of a pixel."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from ui.race.picture import CONTOUR_TOLERANCE, contour_lines, simplified, simplified_lines


def segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Distance of point p to segment ab, written out independently of ``simplified``."""
    d = b - a
    if not d.any():
        return float(np.linalg.norm(p - a))
    t = min(max(float((p - a) @ d) / float(d @ d), 0.0), 1.0)
    return float(np.linalg.norm(p - (a + t * d)))


def test_a_vertex_nearer_than_the_tolerance_to_the_line_without_it_is_dropped():
    line = np.array([[0.0, 0.0], [1.0, 0.001], [2.0, 0.0], [3.0, 1.0]])
    # From (0,0) to (3,1): (1, 0.001) is |3·0.001 − 1·1| / √10 = 0.315 away, (2, 0) |−2| / √10 = 0.632: the
    # farthest, kept. From (0,0) to (2,0): (1, 0.001) is 0.001 away, below 0.01: dropped.
    np.testing.assert_array_equal(simplified(line, 0.01), line[[0, 2, 3]])
    # Below 0.001 it stays.
    np.testing.assert_array_equal(simplified(line, 0.0005), line)


def test_points_on_a_straight_line_leave_its_ends_and_two_points_stay_two():
    line = np.column_stack([np.linspace(0, 1, 50), np.linspace(2, 5, 50)])
    np.testing.assert_array_equal(simplified(line, 1e-9), line[[0, -1]])
    np.testing.assert_array_equal(simplified(line[:2], 1.0), line[:2])


def test_a_closed_line_keeps_its_corners():
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
    # From (0,0) back to (0,0): the corners are 1, √2 and 1 away; (1,1) is kept, then (1,0) and (0,1), each
    # 1/√2 from the diagonals.
    np.testing.assert_array_equal(simplified(square, 0.1), square)
    # Two sides' midpoints on a closed line are dropped.
    with_midpoints = np.insert(square, [1, 2], [[0.5, 0.0], [1.0, 0.5]], axis=0)
    np.testing.assert_array_equal(simplified(with_midpoints, 0.1), square)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5)), min_size=2, max_size=40, unique=True),
    st.floats(1e-4, 2.0),
)
def test_every_vertex_dropped_lies_within_the_tolerance_of_the_line_kept(points, tolerance):
    line = np.array(points, dtype=float)
    kept = simplified(line, tolerance)
    # what is kept is a subsequence of the line (its points are distinct), ends included
    where = [int(np.flatnonzero((line == k).all(axis=1))[0]) for k in kept]
    assert where[0] == 0 and where[-1] == len(line) - 1 and where == sorted(set(where))
    for (start, end), a, b in zip(zip(where[:-1], where[1:]), kept[:-1], kept[1:]):
        for i in range(start + 1, end):  # each vertex dropped lies near the segment kept around it
            assert segment_distance(line[i], a, b) <= tolerance + 1e-12


def recursive_rdp(line: np.ndarray, tolerance: float) -> list[int]:
    """Ramer–Douglas–Peucker as usually written (recursion; the first farthest vertex): kept indices."""
    if len(line) <= 2:
        return list(range(len(line)))
    distances = [segment_distance(p, line[0], line[-1]) for p in line[1:-1]]
    far = int(np.argmax(distances)) + 1
    if distances[far - 1] <= tolerance:
        return [0, len(line) - 1]
    left = recursive_rdp(line[: far + 1], tolerance)
    right = recursive_rdp(line[far:], tolerance)
    return left + [far + i for i in right[1:]]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=1, max_size=25),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([0.0, 0.3, 1.0, 2.5]),
)
def test_all_lines_at_once_keep_what_the_recursion_keeps_for_each(lines, tolerance):
    # Whole numbers: ties for the farthest vertex and repeated points happen, and the first farthest wins.
    arrays = [np.array(line, dtype=float) for line in lines]
    for line, kept in zip(arrays, simplified_lines(arrays, tolerance)):
        np.testing.assert_array_equal(kept, line[recursive_rdp(line, tolerance)])


def test_the_level_lines_of_a_plane_are_two_vertices_each():
    # L = x + 2 on [0, 4] × [0, 1]: each level line is the vertical segment x = c, drawn by its two ends.
    xs, ys = np.linspace(0, 4, 41), np.linspace(0, 1, 11)
    values = np.add.outer(np.zeros_like(ys), xs) + 2.0
    lines = contour_lines(xs, ys, values, count=5)
    assert lines.line.nunique() == 5
    for _, line in lines.groupby("line"):
        assert list(line.order) == [0, 1]
        assert line.x.iloc[0] == line.x.iloc[1] and sorted(line.y) == [0.0, 1.0]


def test_the_labs_contours_lose_most_vertices_and_none_moves_a_third_of_a_pixel():
    surface = surfaces.get("himmelblau")
    xs, ys, values = surface.grid(150)
    lines = contour_lines(xs, ys, values, max_vertices=10**6)
    everything = contour_lines(xs, ys, values, max_vertices=10**6, tolerance=0.0)
    assert lines.line.nunique() == everything.line.nunique()
    assert len(lines) < 0.4 * len(everything)
    tolerance = CONTOUR_TOLERANCE * (xs[-1] - xs[0])
    assert tolerance * 520 / (xs[-1] - xs[0]) < 0.36  # in px on the lab's 520-px plot
    for index, line in everything.groupby("line"):
        kept = lines[lines.line == index][["x", "y"]].to_numpy()
        for point in line[["x", "y"]].to_numpy():
            nearest = min(segment_distance(point, a, b) for a, b in zip(kept[:-1], kept[1:]))
            assert nearest <= tolerance + 1e-9
