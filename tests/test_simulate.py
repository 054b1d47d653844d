"""simulate: shapes, many starts, noise, effective rates, divergence and argument checks."""

import warnings

import numpy as np
import pytest

from engine import optimizers
from engine.simulate import simulate, sweep_learning_rates


def test_one_start_shapes_and_first_point(bowl):
    path = simulate(bowl, optimizers.make("sgd", lr=0.1), (2.0, 1.5), 10)
    assert path.points.shape == (11, 2) and path.losses.shape == (11,) and path.effective_lr.shape == (10, 2)
    np.testing.assert_array_equal(path.points[0], [2.0, 1.5])
    # one SGD step on ½(x² + 4y²): θ1 = (2, 1.5) − 0.1·(2, 6) = (1.8, 0.9);  L(θ1) = ½(3.24 + 3.24)
    np.testing.assert_allclose(path.points[1], [1.8, 0.9])
    np.testing.assert_allclose(path.losses[1], 3.24)
    assert path.diverged_at is None and path.steps == 10


def test_many_starts_equal_separate_runs(bowl):
    starts = np.array([[2.0, 1.5], [-1.0, 0.5], [0.3, -2.0]])
    opt = optimizers.make("adam", lr=0.05)
    together = simulate(bowl, opt, starts, 50)
    assert together.points.shape == (51, 3, 2) and together.losses.shape == (51, 3)
    assert list(together.diverged_at) == [-1, -1, -1]
    for i, start in enumerate(starts):
        alone = simulate(bowl, opt, start, 50)
        np.testing.assert_allclose(together.points[:, i], alone.points)
        np.testing.assert_allclose(together.effective_lr[:, i], alone.effective_lr)


@pytest.mark.parametrize("name", ["sgd", "adagrad", "rmsprop"])
def test_effective_lr_is_step_over_gradient(name, bowl):
    """For these three the step is exactly −rate · g, so the reported rate is step / gradient."""
    path = simulate(bowl, optimizers.make(name, lr=0.05), (2.0, 1.5), 30)
    grads = bowl.grad(path.points[:-1])
    np.testing.assert_allclose(path.effective_lr, -np.diff(path.points, axis=0) / grads, rtol=1e-9)


def test_adagrad_rate_only_shrinks_rmsprop_recovers(bowl):
    adagrad = simulate(bowl, optimizers.make("adagrad", lr=0.5), (2.0, 1.5), 100).effective_lr
    rmsprop = simulate(bowl, optimizers.make("rmsprop", lr=0.05), (2.0, 1.5), 100).effective_lr
    assert np.all(np.diff(adagrad, axis=0) <= 0)
    assert np.any(np.diff(rmsprop, axis=0) > 0)


def test_noise_is_reproducible_by_seed(bowl):
    opt = optimizers.make("sgd", lr=0.1)
    a = simulate(bowl, opt, (2.0, 1.5), 20, noise=0.5, seed=3).points
    b = simulate(bowl, opt, (2.0, 1.5), 20, noise=0.5, seed=3).points
    c = simulate(bowl, opt, (2.0, 1.5), 20, noise=0.5, seed=4).points
    plain = simulate(bowl, opt, (2.0, 1.5), 20).points
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c) and not np.allclose(a, plain)


def test_divergence_freezes_the_run_without_nan_or_warning(bowl):
    # SGD on ½(x² + 4y²) with η = 1: x ← 0 and y ← y − 4y = −3y, so L = 2y² = 2·(1.5·3^t)².
    # t = 5: y = 364.5, L ≈ 2.7e5 ≤ 1e6;  t = 6: y = 1093.5, L ≈ 2.4e6 > 1e6: diverged at step 6.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = simulate(bowl, optimizers.make("sgd", lr=1.0), (2.0, 1.5), 40)
    assert path.diverged_at == 6
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.losses))
    assert np.all(path.points[6:] == path.points[5]) and np.all(path.losses[6:] == path.losses[5])


def test_divergence_per_start_in_a_batch(bowl):
    starts = np.array([[2.0, 1.5], [0.0, 0.0]])
    path = simulate(bowl, optimizers.make("sgd", lr=1.0), starts, 40)
    assert list(path.diverged_at) == [6, -1]
    assert list(path.diverged) == [True, False]
    assert np.all(np.isfinite(path.points))


def test_sweep_learning_rates_matches_single_runs(rosenbrock):
    lrs = np.geomspace(1e-4, 1e-2, 5)
    sweep = sweep_learning_rates(rosenbrock, "momentum", lrs, (-1.2, 1.0), 200, momentum=0.9)
    assert sweep.points.shape == (201, 5, 2)
    for i, lr in enumerate(lrs):
        alone = simulate(rosenbrock, optimizers.make("momentum", lr=lr, momentum=0.9), (-1.2, 1.0), 200)
        np.testing.assert_allclose(sweep.losses[:, i], alone.losses)
        assert (sweep.diverged_at[i] >= 0) == (alone.diverged_at is not None)


def test_zero_steps(bowl):
    path = simulate(bowl, "sgd", (1.0, 1.0), 0)
    assert path.points.shape == (1, 2) and path.effective_lr.shape == (0, 2)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"opt": "adamw"}, "unknown optimizer 'adamw'"),
        ({"steps": -1}, "steps must be an integer from 0"),
        ({"steps": 2.5}, "steps must be an integer"),
        ({"start": (float("nan"), 0.0)}, "start must be finite"),
        ({"start": (1.0, 2.0, 3.0)}, r"start must have shape \(2,\) or \(n, 2\)"),
        ({"start": "here"}, "start must be a point"),
        ({"noise": -0.1}, "noise must be a finite number"),
        ({"surface": 42}, "surface must be a Surface"),
    ],
)
def test_bad_arguments_are_named(kwargs, message, bowl):
    args = {"surface": bowl, "opt": "sgd", "start": (1.0, 1.0), "steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        simulate(args.pop("surface"), args.pop("opt"), args.pop("start"), args.pop("steps"), **args)


def test_unknown_surface_name():
    with pytest.raises(ValueError, match="unknown surface 'nowhere'"):
        simulate("nowhere", "sgd", (0.0, 0.0), 5)


def test_on_step_hears_every_hundredth_step_and_its_exception_stops_the_run(bowl):
    heard = []
    path = simulate(bowl, optimizers.make("sgd", lr=0.1), (2.0, 1.5), 350, on_step=heard.append)
    assert heard == [100, 200, 300]
    alone = simulate(bowl, optimizers.make("sgd", lr=0.1), (2.0, 1.5), 350)
    np.testing.assert_array_equal(path.points, alone.points)  # listening changes nothing

    class Stop(Exception):
        pass

    def stop_at_20(t):
        if t >= 20:
            raise Stop

    with pytest.raises(Stop):
        simulate(bowl, optimizers.make("adam", lr=0.1), (2.0, 1.5), 10_000, on_step=stop_at_20, every=10)


# ---------------------------------------------------------------- what a path records of each step


TRACE_FIELDS = {
    "sgd": set(),
    "momentum": {"velocity"},
    "nesterov": {"velocity"},
    "adagrad": {"sum_sq"},
    "rmsprop": {"mean_sq"},
    "adam": {"mean", "mean_sq"},
}


@pytest.mark.parametrize("name", optimizers.names())
@pytest.mark.parametrize("noise", [0.0, 0.7])
def test_gradients_updates_and_trace_agree_with_the_optimizer_run_by_hand(name, noise, rosenbrock):
    """The optimizer's own step, run by hand with the same noise draws, gives the recorded gradient, update
    and state at every step."""
    opt = optimizers.make(name, lr=0.001)
    path = simulate(rosenbrock, opt, (-1.2, 1.0), 40, noise=noise, seed=5)
    rng = np.random.default_rng(5)
    theta, state = np.array([-1.2, 1.0]), opt.init(np.array([-1.2, 1.0]))
    assert set(path.trace) == TRACE_FIELDS[name]
    assert path.gradients.shape == path.updates.shape == (40, 2)
    for t in range(40):
        g = rosenbrock.grad(theta) + (noise * rng.standard_normal(2) if noise else 0.0)
        new_theta, state = opt.step(theta, g, state)
        np.testing.assert_array_equal(path.gradients[t], g)
        np.testing.assert_allclose(path.updates[t], new_theta - theta, rtol=1e-12, atol=1e-15)
        for field, values in path.trace.items():
            np.testing.assert_array_equal(values[t], getattr(state, field))
        theta = new_theta
    np.testing.assert_array_equal(path.updates, path.points[1:] - path.points[:-1])


def test_the_first_recorded_steps_by_hand(bowl):
    """Momentum (λ = 0.5, η = 0.1) on ½(x² + 4y²) from (2, 1.5): g⁰ = (2, 6), v⁰ = −η g⁰ = (−0.2, −0.6),
    θ¹ = (1.8, 0.9); g¹ = (1.8, 3.6), v¹ = 0.5 v⁰ − 0.1 g¹ = (−0.28, −0.66), Δθ¹ = v¹."""
    path = simulate(bowl, optimizers.make("momentum", lr=0.1, momentum=0.5), (2.0, 1.5), 2)
    np.testing.assert_allclose(path.gradients, [[2.0, 6.0], [1.8, 3.6]])
    np.testing.assert_allclose(path.trace["velocity"], [[-0.2, -0.6], [-0.28, -0.66]])
    np.testing.assert_allclose(path.updates, [[-0.2, -0.6], [-0.28, -0.66]])
    # RMSProp, the lecture's σ⁰ = |g⁰|: the first step is η·sign(g⁰); then σ¹² = 0.9 σ⁰² + 0.1 g¹².
    path = simulate(bowl, optimizers.make("rmsprop", lr=0.1, alpha=0.9, eps=0.0), (2.0, 1.5), 2)
    np.testing.assert_allclose(path.updates[0], [-0.1, -0.1])
    g1 = np.array([1.9, 5.6])  # at θ¹ = (1.9, 1.4)
    np.testing.assert_allclose(path.gradients[1], g1)
    np.testing.assert_allclose(
        path.trace["mean_sq"], [[4.0, 36.0], 0.9 * np.array([4.0, 36.0]) + 0.1 * g1**2]
    )


def test_after_a_divergence_the_updates_are_zero_and_the_rest_repeats(bowl):
    # SGD on ½(x² + 4y²) with η = 1 from (2, 1.5): y ← −3y, beyond 1e6 at step 13 (1.5·3¹³ ≈ 2.4e6).
    path = simulate(bowl, optimizers.make("momentum", lr=1.0, momentum=0.1), (2.0, 1.5), 30)
    n = path.diverged_at
    assert n is not None and 2 <= n < 30
    assert np.all(path.updates[n - 1 :] == 0) and np.any(path.updates[: n - 1] != 0)
    for rows in (path.gradients, path.trace["velocity"], path.effective_lr):
        assert np.all(np.isfinite(rows))
        np.testing.assert_array_equal(rows[n - 1 :], np.broadcast_to(rows[n - 2], rows[n - 1 :].shape))


def test_many_starts_record_per_start_and_record_false_records_nothing(bowl):
    starts = np.array([[2.0, 1.5], [-1.0, 0.5]])
    opt = optimizers.make("adam", lr=0.05)
    together = simulate(bowl, opt, starts, 20)
    for i, start in enumerate(starts):
        alone = simulate(bowl, opt, start, 20)
        np.testing.assert_allclose(together.gradients[:, i], alone.gradients)
        np.testing.assert_allclose(together.trace["mean"][:, i], alone.trace["mean"])
    bare = simulate(bowl, opt, starts, 20, record=False)
    assert bare.gradients is None and bare.trace == {}
    np.testing.assert_array_equal(bare.points, together.points)


def test_a_wrapped_state_is_traced_through_its_inner_tuple():
    from typing import NamedTuple

    from engine.simulate import state_arrays

    class Wrapped(NamedTuple):
        count: int
        inner: object

    inner = optimizers.AdamState(np.ones(2), np.zeros(2), 3)
    assert set(state_arrays(Wrapped(3, inner), (2,))) == {"mean", "mean_sq"}
    assert state_arrays((), (2,)) == {}
