"""Your own data: the URL text of the points, garbage in it, the split, clicks, erasing, CSV files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import datasets
from ui.i18n import CATALOGUES
from ui.network import own_data as od
from ui.network.model import DataChoice

POINT = st.tuples(st.integers(0, od.CELLS), st.integers(0, od.CELLS), st.integers(0, od.MAX_CLASSES - 1))


def test_the_url_text_by_hand():
    """(0, 400, 0) → "AA" + "GQ" (400 = 6·64 + 16); (64, 1, 1) → "BA" + "AB"; the classes split by "."."""
    assert od.encode([(64, 1, 1), (0, 400, 0)]) == "AAGQ.BAAB"
    assert od.decode("AAGQ.BAAB") == od.Decoded(((0, 400, 0), (64, 1, 1)), 0)
    assert od.encode([(5, 5, 2)]) == "..AFAF"  # empty groups for classes 0 and 1
    assert od.encode([]) == ""
    assert od.coordinate(0) == -2.0 and od.coordinate(400) == 2.0 and od.coordinate(250) == 0.5


@settings(max_examples=200, deadline=None)
@given(st.lists(POINT, max_size=od.MAX_POINTS))
def test_points_survive_the_url(points):
    assert od.decode(od.encode(points)) == od.Decoded(od.canonical(points), 0)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_decodes_to_valid_points_without_raising(text):
    points, skipped = od.decode(text)
    assert len(points) <= od.MAX_POINTS and skipped >= 0
    assert all(
        0 <= ix <= od.CELLS and 0 <= iy <= od.CELLS and 0 <= c < od.MAX_CLASSES for ix, iy, c in points
    )


@pytest.mark.parametrize(
    ("text", "points", "skipped"),
    [
        ("AAGQ!!!!.BAAB", ((0, 400, 0), (64, 1, 1)), 1),  # a garbled point is skipped, the rest kept
        ("AAG", (), 1),  # a short tail
        ("__AA", (), 1),  # 4095 > 400: beyond the grid
        ("....AAAA", (), 1),  # a fifth class
        ("AAAA" * (od.MAX_POINTS + 5), ((0, 0, 0),) * od.MAX_POINTS, 5),
    ],
)
def test_garbage_in_the_url_text_is_skipped_and_counted(text, points, skipped):
    assert od.decode(text) == od.Decoded(points, skipped)


def test_the_url_text_is_read_in_bounded_time():
    assert od.decode("A" * 10_000_000).skipped <= od.MAX_POINTS + 100


def test_each_point_keeps_its_split_when_others_are_added():
    rng = np.random.default_rng(0)
    points = [tuple(int(v) for v in rng.integers(0, 400, 2)) + (int(rng.integers(0, 2)),) for _ in range(400)]
    test = od.is_test(points, seed=3)
    assert 0.2 < test.mean() < 0.3
    assert (od.is_test(points[:50], seed=3) == test[:50]).all()  # one draw per point, by the seed
    assert not (od.is_test(points, seed=4) == test).all()
    expected = [np.random.default_rng([3, *p]).random() < 0.25 for p in points[:5]]
    assert od.is_test(points[:5], 3).tolist() == expected


def test_a_click_adds_erases_and_replaces():
    points = od.add((), 0.5, -0.31, 1)
    assert points == ((250, 169, 1),)
    points = od.add(points, 0.5, -0.31, 0)  # the same place: it takes the new class
    assert points == ((250, 169, 0),)
    points = od.add(points, 9.0, -9.0, 1)  # clipped into the box
    assert points == ((250, 169, 0), (400, 0, 1))
    assert od.erase(points, 0.6, -0.3) == ((400, 0, 1),)  # the nearest within 0.2
    assert od.erase(points, 1.5, 1.5) == points  # nothing near
    full = tuple((i, 0, 0) for i in range(od.MAX_POINTS))
    assert od.add(full, 1.0, 1.0, 1) == full  # at most MAX_POINTS


def test_the_dataset_of_your_points_is_split_as_drawn_and_not_standardised():
    points = od.canonical(
        [(300, 100, 0), (100, 300, 1), (200, 200, 0), (350, 350, 1), (50, 50, 0), (10, 390, 1)]
    )
    data = DataChoice("own", points=points, seed=0).load()
    test = od.is_test(points, 0)
    X, y = od.arrays(points)
    np.testing.assert_array_equal(data.X, X[~test])
    np.testing.assert_array_equal(data.X_test, X[test])
    np.testing.assert_array_equal(data.y, y[~test])
    assert data.n_classes == 2 and data.name == "own"


def test_from_points_refuses_what_it_cannot_train():
    with pytest.raises(ValueError):
        datasets.from_points([[0.0, 0.0]], [0], [True])  # no training point
    with pytest.raises(ValueError):
        datasets.from_points([[np.nan, 0.0]], [0], [False])
    with pytest.raises(ValueError):
        datasets.from_points([[0.0, 0.0]], [3], [False], n_classes=2)


def test_what_keeps_points_from_training_is_said():
    assert od.problem(((1, 1, 0),) * 3, 0) == "net.own.too_few"
    assert od.problem(tuple((i, i, 0) for i in range(10)), 0) == "net.own.one_class"
    assert od.problem(tuple((i, i, i % 2) for i in range(10)), 0) is None


def test_starting_from_a_dataset_keeps_its_shape_inside_the_box():
    data = DataChoice("moons", 400, 0.1, 0).load()
    points = od.from_arrays(data.X, data.y)
    assert len(points) == od.MAX_POINTS
    X, _ = od.arrays(points)
    assert np.abs(X).max() <= 0.9 * od.BOX + od.STEP
    assert {c for *_, c in points} == {0, 1}


# ----- CSV ------------------------------------------------------------------------------------------------
def test_a_csv_with_a_header_and_tensorflow_labels():
    read = od.read_csv(b"x,y,label\n0.5,-0.25,1\n-1,1,-1\n\n")
    assert read == od.CsvPoints(((100, 300, 0), (250, 175, 1)), False, 0)


def test_a_csv_beyond_the_box_is_scaled_into_it_keeping_its_shape():
    read = od.read_csv(b"0,0,0\n10,0,1\n0,5,0\n")
    assert read.rescaled
    X, _ = od.arrays(read.points)
    assert np.abs(X).max() == pytest.approx(1.8)
    assert (X[2, 1] - X[0, 1]) == pytest.approx((X[1, 0] - X[0, 0]) / 2, abs=0.02)  # one factor


def test_points_round_trip_through_the_downloaded_csv():
    points = od.canonical([(0, 400, 0), (123, 321, 1), (200, 200, 1)])
    assert od.read_csv(od.to_csv(points).encode()).points == points


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b"", "net.csv.empty"),
        (b"x,y,label\n", "net.csv.empty"),
        (b"1,2\n", "net.csv.bad_row"),
        (b"1,2,3,4\n", "net.csv.bad_row"),
        (b"1,nan,0\n", "net.csv.bad_row"),
        (b"1,1e999,0\n", "net.csv.bad_row"),
        (b"1,2,__import__('os')\n", "net.csv.bad_row"),
        (b"1,2,0.5\n", "net.csv.bad_label"),
        (b"1,2,7\n", "net.csv.bad_label"),
        (b"\xff\xfe\x00\x01", "net.csv.not_text"),
        (b"1,1,0\n" * 20_000, "net.csv.too_big"),
    ],
)
def test_a_csv_that_cannot_be_read_says_why_in_both_languages(raw, key):
    with pytest.raises(od.CsvError) as caught:
        od.read_csv(raw)
    assert caught.value.key == key
    for lang in CATALOGUES:
        assert CATALOGUES[lang][key].format(**caught.value.params)


def test_a_long_csv_keeps_the_first_points():
    raw = "".join(f"{i / 1000},0,{i % 2}\n" for i in range(od.MAX_POINTS + 20)).encode()
    read = od.read_csv(raw)
    assert len(read.points) == od.MAX_POINTS and read.dropped == 20
