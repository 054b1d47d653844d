"""The stability numbers by hand on quadratic bowls, and the runs that bear them out."""

import math

import numpy as np
import pytest

import surfaces
from engine import optimizers, simulate, stability, sweep_learning_rates

# Booth's function: H = [[10, 8], [8, 10]], eigenvalues 2 (along (1, −1)) and 18 (along (1, 1)), κ = 9.
BOOTH = surfaces.get("booth")
BOOTH_H = BOOTH.hessian(BOOTH.minima[0])


def test_booth_numbers_by_hand():
    s = stability.analyse(BOOTH_H, beta=0.9)
    assert (s.l1, s.l2) == pytest.approx((2.0, 18.0))
    assert s.kappa == pytest.approx(9.0)
    assert s.gd_bound == pytest.approx(1 / 9)  # 2/18
    assert s.heavy_ball_bound == pytest.approx(3.8 / 18)  # (2 + 2·0.9)/18
    assert s.nesterov_bound == pytest.approx(3.8 / 2.8 / 18)
    assert s.optimal_lr == pytest.approx(0.1)  # 2/(2 + 18)
    assert s.optimal_rate == pytest.approx(0.8)  # (9 − 1)/(9 + 1)
    # (2/(√2 + √18))² = (2/(4√2))² = 1/8;  ((3 − 1)/(3 + 1))² = 1/4;  rate (3 − 1)/(3 + 1) = 1/2
    assert (s.momentum_lr, s.momentum_beta, s.momentum_rate) == pytest.approx((0.125, 0.25, 0.5))
    assert s.is_bowl and s.bound("sgd") == s.gd_bound and s.bound("adam") is None


def test_bowl_kappa_ten_by_hand():
    s = stability.analyse(surfaces.get("bowl", condition=10).hessian([0.3, -2.0]), beta=0.5)
    assert (s.l1, s.l2, s.kappa) == pytest.approx((1.0, 10.0, 10.0))
    assert s.gd_bound == pytest.approx(0.2) and s.heavy_ball_bound == pytest.approx(0.3)  # 2/10, 3/10
    assert s.optimal_lr == pytest.approx(2 / 11) and s.optimal_rate == pytest.approx(9 / 11)
    r = math.sqrt(10)
    assert s.momentum_rate == pytest.approx((r - 1) / (r + 1))
    assert s.momentum_lr == pytest.approx(4 / (1 + r) ** 2)


def test_saddles_and_flat_points():
    s = stability.analyse([[2.0, 0.0], [0.0, -2.0]])  # a saddle: λmax = 2 still bounds η
    assert (s.l1, s.l2, s.kappa, s.gd_bound) == (-2.0, 2.0, math.inf, 1.0)
    assert not s.is_bowl and math.isnan(s.optimal_lr) and math.isnan(s.momentum_rate)
    assert stability.gd_bound(0.0) == math.inf and stability.gd_bound(-1.0) == math.inf
    assert np.isnan(stability.analyse(np.full((2, 2), np.nan)).l2)


def test_functions_broadcast():
    h = surfaces.get("rosenbrock").hessian(np.zeros((3, 4, 2)))
    lam = stability.eigenvalues(h)
    assert lam.shape == (3, 4, 2) and stability.gd_bound(lam[..., 1]).shape == (3, 4)
    np.testing.assert_allclose(stability.gd_rate([0.05, 0.1, 0.2], 2.0, 18.0), [0.9, 0.8, 2.6])
    assert stability.bound_factor("momentum", 0.9) == pytest.approx(3.8)
    assert stability.bound_factor("rmsprop") is None


def test_gd_at_the_optimal_eta_contracts_by_the_predicted_rate():
    s = stability.analyse(BOOTH_H)
    path = simulate(BOOTH, optimizers.make("sgd", lr=s.optimal_lr), BOOTH.start, 60)
    measured = stability.measured_rate(path.points, BOOTH.minima[0])
    assert measured == pytest.approx(0.8, abs=1e-9)  # both directions contract by exactly 0.8


def test_heavy_ball_with_the_optimal_pair_is_near_its_rate_and_beats_gd():
    s = stability.analyse(BOOTH_H)
    opt = optimizers.make("momentum", lr=s.momentum_lr, momentum=s.momentum_beta)
    path = simulate(BOOTH, opt, BOOTH.start, 200)
    measured = stability.measured_rate(path.points, BOOTH.minima[0])
    # Critically damped: the error is (a + bt)·0.5ᵗ, so the measured rate is a little above 0.5.
    assert 0.5 <= measured < 0.53


def test_the_cliff_on_the_sweep_is_at_the_bound():
    s = stability.analyse(BOOTH_H, beta=0.9)
    for name, bound in (
        ("sgd", s.gd_bound),
        ("momentum", s.heavy_ball_bound),
        ("nesterov", s.nesterov_bound),
    ):
        lrs = np.array([0.97, 1.03]) * bound
        path = sweep_learning_rates(BOOTH, name, lrs, BOOTH.start, 3000)
        assert list(path.diverged_at >= 0) == [False, True], name


def test_measured_rate_edges():
    assert math.isnan(stability.measured_rate(np.zeros((2, 2)), (0.0, 0.0)))
    points = np.array([[2.0**-t, 0.0] for t in range(80)])  # halves until rounding: the rate is 0.5
    assert stability.measured_rate(points, (0.0, 0.0)) == pytest.approx(0.5)
