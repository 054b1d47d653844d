"""The three lecture surfaces: values, gradients, minima, and the behaviour each one is designed to show."""

import math

import numpy as np
import pytest

import surfaces
from engine import optimizers, simulate
from surfaces.teaching import TEACHING


def central_difference(f, xy, h=1e-6):
    ex, ey = np.array([h, 0.0]), np.array([0.0, h])
    return np.stack([(f(xy + ex) - f(xy - ex)) / (2 * h), (f(xy + ey) - f(xy - ey)) / (2 * h)], axis=-1)


@pytest.mark.parametrize("name", list(TEACHING))
def test_gradient_matches_central_differences(name, rng):
    s = surfaces.get(name)
    (x0, x1), (y0, y1) = s.domain
    xy = np.stack([rng.uniform(x0, x1, 50), rng.uniform(y0, y1, 50)], axis=-1)
    np.testing.assert_allclose(s.grad(xy), central_difference(s.f, xy), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(TEACHING))
def test_minima_are_stationary_and_lowest_on_a_grid(name):
    s = surfaces.get(name)
    minima = np.array(s.minima)
    np.testing.assert_allclose(s.grad(minima), 0.0, atol=1e-8)
    _, _, values = s.grid(201)
    assert s.f(minima[0]) <= values.min() + 1e-9


def test_values_by_hand():
    # plateau at (3, 0): ¾(1 − tanh 12) + 1 − e⁰ + 0 = ¾(1 − tanh 12) ≈ 2.8e-11
    assert surfaces.get("plateau").f(np.array([3.0, 0.0])) == pytest.approx(
        0.75 * (1 - math.tanh(12)), abs=1e-15
    )
    # ravine at (π/2, 0): 4(0 − 1)² + (π/2)²/20 = 4 + π²/80
    assert surfaces.get("ravine").f(np.array([math.pi / 2, 0.0])) == pytest.approx(4 + math.pi**2 / 80)
    # local_minimum at (3, 1): 0 − ½e^(−32) − 1 + ½ = −½ − ½e^(−32)
    value = surfaces.get("local_minimum").f(np.array([3.0, 1.0]))
    assert value == pytest.approx(-0.5 - 0.5 * math.exp(-32), abs=1e-15)


def final_loss(name, opt, hyper, steps=300):
    s = surfaces.get(name)
    return float(simulate(s, optimizers.make(opt, **hyper), s.start, steps).losses[-1])


def test_plateau_sgd_and_adagrad_stall_rmsprop_and_momentum_cross():
    lr = {"lr": 0.1}
    assert final_loss("plateau", "sgd", lr) > 0.9
    assert final_loss("plateau", "adagrad", lr) > 0.9
    assert final_loss("plateau", "rmsprop", {**lr, "alpha": 0.9}) < 0.01
    assert final_loss("plateau", "momentum", {**lr, "momentum": 0.9}) < 0.01


def test_ravine_adagrad_rate_decays_too_early():
    lr = {"lr": 0.1}
    assert final_loss("ravine", "adagrad", lr) > 0.4  # still far up the valley, at x ≈ −3
    assert final_loss("ravine", "momentum", {**lr, "momentum": 0.9}) < 1e-3
    assert final_loss("ravine", "rmsprop", lr) < 0.1


def test_local_minimum_gradient_descent_stops_momentum_rolls_through():
    s = surfaces.get("local_minimum")
    (global_x, _), (local_x, _) = s.minima
    sgd = simulate(s, optimizers.make("sgd", lr=0.1), s.start, 300).points[-1]
    momentum = simulate(s, optimizers.make("momentum", lr=0.1, momentum=0.9), s.start, 300).points[-1]
    assert abs(sgd[0] - local_x) < 0.01
    assert abs(momentum[0] - global_x) < 0.01


def test_registry_names_and_errors():
    assert len(surfaces.names()) >= 16
    assert {"bowl", "plateau", "ravine", "local_minimum"} <= set(surfaces.names())
    with pytest.raises(ValueError, match="unknown surface 'nope'; choose one of: bowl"):
        surfaces.get("nope")
    assert surfaces.get("bowl", condition=20).params == (("condition", 20.0),)
