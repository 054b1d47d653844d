"""The classic surfaces: known minima, hand-computed values, gradients against finite differences, shapes."""

from __future__ import annotations

import ast
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from surfaces import classic
from surfaces.classic import CLASSIC
from surfaces.surface import Surface

NAMES = [
    "bowl",
    "rosenbrock",
    "beale",
    "himmelblau",
    "booth",
    "matyas",
    "three_hump_camel",
    "goldstein_price",
    "saddle",
    "monkey_saddle",
    "rastrigin",
    "ackley",
    "styblinski_tang",
]

# The value of f at every global minimum.
MIN_VALUE = {
    "bowl": 0.0,
    "rosenbrock": 0.0,
    "beale": 0.0,
    "himmelblau": 0.0,
    "booth": 0.0,
    "matyas": 0.0,
    "three_hump_camel": 0.0,
    "goldstein_price": 3.0,
    "rastrigin": 0.0,
    "ackley": 0.0,
    "styblinski_tang": -78.33233,  # 2 × (−39.16617), the 1D minimum value at x ≈ −2.903534
}

# f at one non-trivial point, worked out by hand.
HAND_VALUES = [
    ("bowl", (1.0, 2.0), 20.5),  # ½(1 + 10·4) = 20.5
    ("rosenbrock", (-1.2, 1.0), 24.2),  # (1 + 1.2)² + 100(1 − 1.44)² = 4.84 + 19.36
    # (1.5 − 1 + 1.5)² + (2.25 − 1 + 2.25)² + (2.625 − 1 + 3.375)² = 2² + 3.5² + 5² = 4 + 12.25 + 25
    ("beale", (1.0, 1.5), 41.25),
    ("himmelblau", (1.0, 1.0), 106.0),  # (1 + 1 − 11)² + (1 + 1 − 7)² = 81 + 25
    ("booth", (0.0, 0.0), 74.0),  # (−7)² + (−5)² = 49 + 25
    ("matyas", (1.0, 2.0), 0.34),  # 0.26·(1 + 4) − 0.48·2 = 1.3 − 0.96
    ("three_hump_camel", (1.0, 1.0), 4.0 - 1.05 + 1.0 / 6),  # 2 − 1.05 + 1/6 + 1 + 1
    ("goldstein_price", (0.0, 0.0), 600.0),  # [1 + 1²·19]·[30 + 0²·18] = 20·30
    ("saddle", (3.0, 2.0), 5.0),  # 9 − 4
    ("monkey_saddle", (2.0, 1.0), 2.0),  # 8 − 3·2·1
    ("rastrigin", (0.5, 0.5), 40.5),  # 20 + 2·(0.25 − 10·cos π) = 20 + 2·10.25
    ("ackley", (1.0, 1.0), 20 * (1 - math.exp(-0.2))),  # r = 1, cos 2π = 1: −20e^{−0.2} − e + e + 20
    ("styblinski_tang", (1.0, 2.0), -24.0),  # ½[(1 − 16 + 5) + (16 − 64 + 10)] = ½(−10 − 38)
]


def build(name: str) -> Surface:
    return CLASSIC[name]()


def finite_difference(f, xy: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences (f(p + h·e_i) − f(p − h·e_i)) / 2h for each coordinate i, over many points."""
    columns = []
    for e in np.eye(2):
        columns.append((f(xy + h * e) - f(xy - h * e)) / (2 * h))
    return np.stack(columns, axis=-1)


def random_points(surface: Surface, n: int = 50, seed: int = 0) -> np.ndarray:
    (x0, x1), (y0, y1) = surface.domain
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)], axis=-1)


def assert_gradient_matches(surface: Surface, points: np.ndarray) -> None:
    numeric = finite_difference(surface.f, points)
    # Rounding in f(p ± h) costs about eps·|f|/h per difference; allow for it where f is large.
    atol = 1e-6 + 1e-8 * np.abs(surface.f(points))[:, None]
    analytic = surface.grad(points)
    bad = np.abs(analytic - numeric) > atol + 1e-5 * np.abs(numeric)
    assert not bad.any(), f"at {points[bad.any(axis=1)]}: {analytic[bad]} != {numeric[bad]}"


def in_domain(surface: Surface, point: tuple[float, float]) -> bool:
    (x0, x1), (y0, y1) = surface.domain
    return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


# --- the registry ------------------------------------------------------------------------------------------


def test_names_are_unique_and_in_order():
    assert list(CLASSIC) == NAMES


@pytest.mark.parametrize("name", CLASSIC)
def test_factory_builds_a_described_surface(name):
    s = build(name)
    assert isinstance(s, Surface)
    assert s.name == name
    assert s.title and s.latex and s.grad_latex
    assert s.teaches.endswith(".") and s.teaches.count(". ") == 0  # one sentence
    (x0, x1), (y0, y1) = s.domain
    assert x0 < x1 and y0 < y1


def test_module_imports_only_numpy_and_the_standard_library():
    tree = ast.parse(Path(classic.__file__).read_text())
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    roots = {module.split(".")[0] for module in modules}
    assert roots - {"numpy", "surfaces"} <= set(sys.stdlib_module_names)


# --- values ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSIC)
def test_minima_and_start_lie_inside_the_domain(name):
    s = build(name)
    for point in (*s.minima, s.start):
        assert in_domain(s, point), point


@pytest.mark.parametrize("name", [n for n in CLASSIC if n in MIN_VALUE])
def test_known_minima_have_the_known_value_and_zero_gradient(name):
    s = build(name)
    assert s.minima
    # The global minimum comes first; Styblinski-Tang also lists its three local minima (higher).
    assert float(s.f(np.array(s.minima[0]))) == pytest.approx(MIN_VALUE[name], abs=1e-5)
    for point in s.minima:
        xy = np.array(point)
        assert float(s.f(xy)) >= MIN_VALUE[name] - 1e-5
        if name != "styblinski_tang":
            assert float(s.f(xy)) == pytest.approx(MIN_VALUE[name], abs=1e-5)
        np.testing.assert_allclose(s.grad(xy), 0.0, atol=1e-8)


@pytest.mark.parametrize("name", [n for n in CLASSIC if n in MIN_VALUE])
def test_no_grid_point_is_below_the_global_minimum(name):
    s = build(name)
    _, _, values = s.grid(201)
    assert values.min() >= MIN_VALUE[name] - 1e-5


def test_himmelblau_has_four_minima():
    s = build("himmelblau")
    assert len(s.minima) == 4
    assert (3.0, 2.0) in s.minima
    assert s.minima[1] == pytest.approx((-2.805118, 3.131312), abs=1e-6)
    assert s.minima[2] == pytest.approx((-3.779310, -3.283186), abs=1e-6)
    assert s.minima[3] == pytest.approx((3.584428, -1.848126), abs=1e-6)


def test_styblinski_tang_lists_its_four_minima_deepest_first():
    s = build("styblinski_tang")
    m, n = -2.903534, 2.746803  # the deep and the shallow root of 2x³ − 16x + 2.5
    np.testing.assert_allclose(s.minima, [(m, m), (m, n), (n, m), (n, n)], atol=1e-6)
    values = [float(s.f(np.array(p))) for p in s.minima]
    assert values[0] == pytest.approx(-78.33233, abs=1e-5)
    assert values[1] == pytest.approx(values[2]) and values[0] < values[1] < values[3]
    for point in s.minima:
        assert np.all(np.linalg.eigvalsh([[6 * point[0] ** 2 - 16, 0], [0, 6 * point[1] ** 2 - 16]]) > 0)


@pytest.mark.parametrize("name", ["saddle", "monkey_saddle"])
def test_saddles_have_no_minimum(name):
    s = build(name)
    assert s.minima == ()
    np.testing.assert_array_equal(s.grad(np.zeros(2)), [0.0, 0.0])  # the critical point is a saddle


@pytest.mark.parametrize(("name", "point", "value"), HAND_VALUES)
def test_value_at_a_hand_computed_point(name, point, value):
    assert float(build(name).f(np.array(point))) == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_every_surface_has_a_hand_computed_value():
    assert [name for name, _, _ in HAND_VALUES] == NAMES


# --- gradients ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSIC)
def test_gradient_matches_finite_differences(name):
    s = build(name)
    assert_gradient_matches(s, random_points(s, seed=NAMES.index(name)))


@pytest.mark.parametrize("condition", [0.1, 1.0, 10.0, 100.0, 1000.0])
def test_bowl_gradient_matches_finite_differences_for_each_condition(condition):
    s = CLASSIC["bowl"](condition=condition)
    assert_gradient_matches(s, random_points(s))


def test_rosenbrock_with_other_parameters():
    s = CLASSIC["rosenbrock"](a=2.0, b=10.0)
    assert s.minima == ((2.0, 4.0),)
    assert in_domain(s, s.minima[0])
    assert float(s.f(np.array([2.0, 4.0]))) == 0.0
    assert float(s.f(np.array([0.0, 0.0]))) == 4.0  # (2 − 0)² + 10·0²
    assert s.params == (("a", 2.0), ("b", 10.0))
    assert_gradient_matches(s, random_points(s))


def test_ackley_gradient_is_zero_at_the_origin_without_warnings():
    s = build("ackley")
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        np.testing.assert_array_equal(s.grad(np.zeros(2)), [0.0, 0.0])
        grid = np.stack(np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5)), axis=-1)  # holds (0, 0)
        g = s.grad(grid)
    assert np.all(np.isfinite(g))
    np.testing.assert_array_equal(g[2, 2], [0.0, 0.0])


# --- bowl parameters ---------------------------------------------------------------------------------------


def test_bowl_stores_its_condition():
    s = CLASSIC["bowl"](condition=20)
    assert s.params == (("condition", 20.0),)
    np.testing.assert_allclose(s.grad(np.array([1.0, 1.0])), [1.0, 20.0])
    assert "20" in s.latex and "20" in s.title


def test_bowl_defaults_to_condition_ten():
    assert CLASSIC["bowl"]().params == (("condition", 10.0),)


@pytest.mark.parametrize("condition", [0.0, -1.0, float("nan")])
def test_bowl_rejects_a_non_positive_condition(condition):
    with pytest.raises(ValueError, match="condition"):
        CLASSIC["bowl"](condition=condition)


@pytest.mark.parametrize("b", [0.0, -100.0])
def test_rosenbrock_rejects_a_non_positive_b(b):
    with pytest.raises(ValueError, match="b"):
        CLASSIC["rosenbrock"](b=b)


# --- vectorisation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSIC)
def test_point_path_and_grid_shapes(name):
    s = build(name)
    point = np.array(s.start)
    path = random_points(s, n=7)
    grid = random_points(s, n=12).reshape(3, 4, 2)

    assert np.shape(s.f(point)) == ()
    assert np.shape(s.grad(point)) == (2,)
    assert np.shape(s.f(path)) == (7,)
    assert np.shape(s.grad(path)) == (7, 2)
    assert np.shape(s.f(grid)) == (3, 4)
    assert np.shape(s.grad(grid)) == (3, 4, 2)


@pytest.mark.parametrize("name", CLASSIC)
def test_vectorised_calls_agree_with_one_point_at_a_time(name):
    s = build(name)
    grid = random_points(s, n=12).reshape(3, 4, 2)
    one_by_one_f = np.array([[s.f(p) for p in row] for row in grid])
    one_by_one_grad = np.array([[s.grad(p) for p in row] for row in grid])
    np.testing.assert_allclose(s.f(grid), one_by_one_f, rtol=1e-14)
    np.testing.assert_allclose(s.grad(grid), one_by_one_grad, rtol=1e-14)


@pytest.mark.parametrize("name", CLASSIC)
def test_start_is_not_a_critical_point(name):
    s = build(name)
    assert np.linalg.norm(s.grad(np.array(s.start))) > 1e-3
