"""Surface.hessian: exact (analytic for the built-in surfaces, symbolic for formulas), checked against central
differences of ``grad`` on every surface and on random formulas, and by hand where it is short."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surfaces
from surfaces.surface import central_hessian

H = 1e-5


def points_in(surface, n=40, seed=0):
    (x0, x1), (y0, y1) = surface.domain
    rng = np.random.default_rng(seed)
    xy = np.stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)], axis=-1)
    return np.concatenate([xy, np.array(surface.minima).reshape(-1, 2), [surface.start]])


def assert_matches_differences(surface, xy, rtol=2e-6):
    exact = surface.hessian(xy)
    scale = max(np.ptp(surface.domain[0]), np.ptp(surface.domain[1]))
    # Richardson's extrapolation of two central differences: error O(h⁴), so a fast wiggle such as
    # sin((2y²)³) (fourth derivatives ~10¹⁰) is still compared to 1e-5
    coarse, fine = (central_hessian(surface.grad, xy, h * scale) for h in (H, H / 2))
    numeric = (4 * fine - coarse) / 3
    assert exact.shape == (*xy.shape[:-1], 2, 2)
    np.testing.assert_array_equal(exact, np.swapaxes(exact, -1, -2))
    size = np.max(np.abs(numeric), axis=(-2, -1), keepdims=True)
    worst = np.max(np.abs(exact - numeric) / (1.0 + size), initial=0.0)
    assert worst <= rtol, (surface.name, worst)


@pytest.mark.parametrize("name", surfaces.names())
def test_every_surface_hessian_equals_central_differences_of_its_gradient(name):
    surface = surfaces.get(name)
    assert surface.hess is not None
    xy = points_in(surface)
    if name == "ackley":  # the cone's tip has no curvature (NaN): checked below
        xy = xy[np.hypot(*xy.T) > 1e-3]
    assert_matches_differences(surface, xy)


@pytest.mark.parametrize("params", [{"condition": 20.0}, {"condition": 1.0}])
def test_bowl_hessian_is_diag_one_kappa_at_any_shape(params):
    s = surfaces.get("bowl", **params)
    k = params["condition"]
    for shape in [(), (3,), (4, 5)]:
        got = s.hessian(np.zeros((*shape, 2)))
        assert got.shape == (*shape, 2, 2)
        np.testing.assert_array_equal(got, np.broadcast_to([[1, 0], [0, k]], (*shape, 2, 2)))


def test_hessians_by_hand():
    # Rosenbrock at (−1.2, 1): [[2 − 400(1 − 1.44) + 800·1.44, 480], [480, 200]] = [[1330, 480], [480, 200]]
    np.testing.assert_allclose(surfaces.get("rosenbrock").hessian([-1.2, 1.0]), [[1330, 480], [480, 200]])
    np.testing.assert_array_equal(surfaces.get("booth").hessian([0.0, 0.0]), [[10, 8], [8, 10]])
    # Himmelblau at (3, 2): u = v = 0: [[8·9 + 2, 20], [20, 8·4 + 2]] = [[74, 20], [20, 34]]
    np.testing.assert_allclose(surfaces.get("himmelblau").hessian([3.0, 2.0]), [[74, 20], [20, 34]])
    # Rastrigin at 0: 2 + 40π² on the diagonal
    np.testing.assert_allclose(
        surfaces.get("rastrigin").hessian([0.0, 0.0]), np.diag([2, 2]) * (1 + 20 * np.pi**2)
    )
    # The ravine's floor at 0: [[8 + 0.1, −8], [−8, 8]]
    np.testing.assert_allclose(surfaces.get("ravine").hessian([0.0, 0.0]), [[8.1, -8], [-8, 8]])
    # Ackley's tip has unbounded curvature: NaN, and no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(surfaces.get("ackley").hessian([0.0, 0.0])).all()


def test_formula_hessians_by_hand():
    s = surfaces.parse("x^2*y^3")  # [[2y³, 6xy²], [6xy², 6x²y]]
    np.testing.assert_allclose(s.hessian([2.0, -1.0]), [[-2, 12], [12, -24]])
    s = surfaces.parse("sin(x)*exp(y) + 3")  # [[−sin x e^y, cos x e^y], [cos x e^y, sin x e^y]]
    x, y = 0.4, 0.3
    e = np.exp(y)
    np.testing.assert_allclose(
        s.hessian([x, y]), [[-np.sin(x) * e, np.cos(x) * e], [np.cos(x) * e, np.sin(x) * e]]
    )
    np.testing.assert_array_equal(surfaces.parse("7").hessian(np.zeros((3, 2))), np.zeros((3, 2, 2)))
    # max(x², y): the chosen side's curvature (x² where x² ≥ y, ties to x²)
    s = surfaces.parse("max(x^2, y) + abs(x)*y")
    np.testing.assert_allclose(s.hessian([[2.0, 1.0], [0.5, 1.0]]), [[[2, 1], [1, 0]], [[0, 1], [1, 0]]])


def test_a_surface_without_hess_differences_its_gradient():
    s = surfaces.get("rosenbrock")
    bare = surfaces.Surface("bare", "bare", s.f, s.grad, s.domain, s.minima, s.start, s.latex, s.teaches)
    np.testing.assert_allclose(bare.hessian([-1.2, 1.0]), [[1330, 480], [480, 200]], rtol=1e-6)


# ---------------------------------------------------------------- random formulas

LEAVES = st.sampled_from(["x", "y", "0.5", "2", "pi", "1.5*x", "y^2", "x*y"])
UNARY = [
    "sin({})",
    "cos({})",
    "tanh({})",
    "sigmoid({})",
    "arctan({})",
    "exp(0.3*{})",
    "sqrt(1 + ({})^2)",
    "({})^2",
    "({})^3",
    "log(2 + ({})^2)",
]
BINARY = ["{} + {}", "{} - {}", "{} * {}", "({}) / (2 + ({})^2)", "({})^2 * {}"]


def _formulas():
    return st.recursive(
        LEAVES,
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(UNARY), inner).map(lambda p: p[0].format(p[1])),
            st.tuples(st.sampled_from(BINARY), inner, inner).map(
                lambda p: p[0].format(f"({p[1]})", f"({p[2]})")
            ),
        ),
        max_leaves=6,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_formulas(), st.integers(0, 2**16))
def test_random_formula_hessians_equal_central_differences(text, seed):
    surface = surfaces.parse(text, domain=((-1.5, 1.5), (-1.5, 1.5)))
    xy = points_in(surface, n=8, seed=seed)[:-1]
    with np.errstate(all="ignore"):
        values = surface.f(xy)
        grads = surface.grad(xy)
    keep = np.isfinite(values) & np.all(np.isfinite(grads), axis=-1) & (np.abs(grads).max(-1) < 1e4)
    assert_matches_differences(surface, xy[keep], rtol=1e-5)
