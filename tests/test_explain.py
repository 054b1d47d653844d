"""Explain a step (ui/race/explain.py): the numbers of each optimizer's rule at step t, by hand."""

import numpy as np
import pytest

from engine import optimizers, simulate
from ui.race import explain


def frame_of(surface, name, steps=30, start=(2.0, 1.5), **hyper):
    opt = optimizers.make(name, **hyper)
    return explain.step_frame(name, opt.hyper, simulate(surface, opt, start, steps))


def test_momentum_by_hand(bowl):
    """λ = 0.5, η = 0.1 on ½(x² + 4y²) from (2, 1.5): g⁰ = (2, 6), v⁰ = (−0.2, −0.6) = Δθ⁰;
    θ¹ = (1.8, 0.9), g¹ = (1.8, 3.6); the terms λ v⁰ = (−0.1, −0.3) and −η g¹ = (−0.18, −0.36) add up
    to Δθ¹ = v¹ = (−0.28, −0.66)."""
    frame = frame_of(bowl, "momentum", steps=2, lr=0.1, momentum=0.5)
    np.testing.assert_allclose(frame[["x", "y"]], [[2.0, 1.5], [1.8, 0.9]])
    np.testing.assert_allclose(frame[["pax", "pay"]], [[0.0, 0.0], [-0.2, -0.6]])
    np.testing.assert_allclose(frame[["mx", "my"]], [[0.0, 0.0], [-0.1, -0.3]])
    np.testing.assert_allclose(frame[["gsx", "gsy"]], [[-0.2, -0.6], [-0.18, -0.36]])
    np.testing.assert_allclose(frame[["ux", "uy"]], [[-0.2, -0.6], [-0.28, -0.66]])


@pytest.mark.parametrize("name", ["momentum", "nesterov"])
def test_the_momentum_terms_add_up_to_the_update(name, rosenbrock):
    frame = frame_of(rosenbrock, name, steps=60, start=(-1.2, 1.0), lr=0.001, momentum=0.9)
    for axis in "xy":
        np.testing.assert_allclose(frame[f"m{axis}"] + frame[f"gs{axis}"], frame[f"u{axis}"], atol=1e-12)


@pytest.mark.parametrize("name", ["sgd", "adagrad", "rmsprop"])
def test_the_update_is_the_rate_times_the_gradient(name, bowl):
    frame = frame_of(bowl, name, lr=0.05)
    for axis in "xy":
        np.testing.assert_allclose(frame[f"u{axis}"], -frame[f"r{axis}"] * frame[f"g{axis}"], rtol=1e-9)
        if name == "sgd":
            np.testing.assert_allclose(frame[f"gs{axis}"], frame[f"u{axis}"], rtol=1e-12)
        else:  # η/(σ + ε) with ε = 1e-10 (adagrad), 1e-8 (rmsprop)
            np.testing.assert_allclose(frame[f"r{axis}"], 0.05 / frame[f"s{axis}"], rtol=1e-6)


def test_rmsprop_sigma_by_hand(bowl):
    """The lecture's σ⁰ = |g⁰| = (2, 6); σ¹ = √(0.9·σ⁰² + 0.1·g¹²) with θ¹ = θ⁰ − η·sign(g⁰) = (1.9, 1.4),
    g¹ = (1.9, 5.6)."""
    frame = frame_of(bowl, "rmsprop", steps=2, lr=0.1, alpha=0.9, eps=0.0)
    sigma1 = np.sqrt(0.9 * np.array([4.0, 36.0]) + 0.1 * np.array([1.9, 5.6]) ** 2)
    np.testing.assert_allclose(frame[["sx", "sy"]], [[2.0, 6.0], sigma1])
    np.testing.assert_allclose(frame[["pax", "pay"]], [[0.0, 0.0], [4.0, 36.0]])


def test_adam_sigma_is_the_bias_corrected_root_mean_square(bowl):
    """Step 0: u⁰ = (1 − β₂) g⁰², û⁰ = u⁰ / (1 − β₂) = g⁰², so √û⁰ = |g⁰| = (2, 6); m̂⁰ = g⁰ and
    Δθ⁰ = −η g⁰/(|g⁰| + ε) ≈ −η sign(g⁰)."""
    frame = frame_of(bowl, "adam", steps=3, lr=0.1)
    np.testing.assert_allclose(frame.loc[0, ["sx", "sy"]].to_numpy(float), [2.0, 6.0])
    np.testing.assert_allclose(frame.loc[0, ["bx", "by"]].to_numpy(float), 0.001 * np.array([4.0, 36.0]))
    np.testing.assert_allclose(frame.loc[0, ["ax", "ay"]].to_numpy(float), 0.1 * np.array([2.0, 6.0]))
    np.testing.assert_allclose(frame.loc[0, ["ux", "uy"]].to_numpy(float), [-0.1, -0.1], rtol=1e-6)


def test_a_diverged_run_is_explained_up_to_its_last_good_step(bowl):
    opt = optimizers.make("sgd", lr=1.0)
    path = simulate(bowl, opt, (2.0, 1.5), 40)
    frame = explain.step_frame("sgd", opt.hyper, path)
    assert frame.step.max() == path.diverged_at - 2 and np.isfinite(frame[["ux", "uy"]].to_numpy()).all()
    assert (frame[["ux", "uy"]].abs().to_numpy() > 0).any(axis=1).all()


def test_a_long_race_is_explained_at_every_kth_step_and_its_last():
    steps = explain.explained_steps(5000)
    assert len(steps) <= explain.EXPLAIN_LIMIT + 1 and steps[0] == 0 and steps[-1] == 4999
    assert list(explain.explained_steps(300)) == list(range(300)) and len(explain.explained_steps(0)) == 0


def test_nice_factors_are_the_nearest_one_two_or_five_in_log_terms_within_the_bounds():
    rng = np.random.default_rng(3)
    values = np.concatenate([10.0 ** rng.uniform(-5, 8, 400), [1.0, 2.0, 5.0, 10.0, 0.02, np.sqrt(10)]])
    k = explain.nice_factors(values)
    mantissa = k / 10.0 ** np.floor(np.log10(k) + 1e-12)
    assert set(np.round(mantissa, 9)) <= {1.0, 2.0, 5.0}
    # no 1, 2 or 5 × 10ⁿ is nearer (in log terms) than the one chosen
    every = np.array([m * 10.0**n for n in range(-7, 10) for m in (1, 2, 5)])
    best = np.min(np.abs(np.log10(every[:, None] / values)), axis=0)
    assert np.all(np.abs(np.log10(k / values)) <= best + 1e-12)
    assert explain.nice_factors(np.array([1.0, 2.0, 5.0, 10.0, 0.02])).tolist() == [1.0, 2.0, 5.0, 10.0, 0.02]
    # the bounds, and 1 for what has no size
    edges = explain.nice_factors(np.array([1e-9, 1e12, 0.0, -3.0, np.nan, np.inf, -np.inf]))
    assert edges.tolist() == [1e-6, 1e9, 1.0, 1.0, 1.0, 1.0, 1.0]
    assert explain.nice_factors(np.zeros(0)).shape == (0,)


def test_each_steps_arrows_are_scaled_by_a_nice_factor_that_makes_the_longest_readable(bowl):
    frame = frame_of(bowl, "sgd", steps=200, lr=0.0001)  # updates ≈ 2e-4 … 6e-4 on a domain of side 6
    k = explain.arrow_scales(frame, ((-3, 3), (-3, 6)))
    longest = np.hypot(frame.ux, frame.uy) * k
    target = 6 * explain.ARROW_SHARE
    assert np.all((longest > target / 1.6) & (longest < target * 1.6))
    mantissa = k / 10.0 ** np.floor(np.log10(k))
    assert set(np.round(mantissa, 9)) <= {1.0, 2.0, 5.0}
    assert explain.nice_factor(0.0) == 1.0 and explain.nice_factor(float("nan")) == 1.0
    assert [explain.nice_factor(v) for v in (1.3, 1.5, 3.0, 4.0, 8.0, 0.03)] == [
        1.0,
        2.0,
        2.0,
        5.0,
        10.0,
        0.02,
    ]


def test_momentum_memory_weights_by_hand():
    """v^t = −Σ η_i λ^(t−i) g^i: with η = 0.1, λ = 0.5 at step 2 the weights are 0.1, 0.05, 0.025 and 0 for
    the step before step 0; with a schedule each past gradient keeps the η of its own step."""
    np.testing.assert_allclose(explain.memory_weights(np.full(3, 0.1), 0.5, bars=4), [0.1, 0.05, 0.025, 0.0])
    np.testing.assert_allclose(
        explain.memory_weights(np.array([0.4, 0.2, 0.1]), 0.5, bars=3), [0.1, 0.1, 0.1]
    )


@pytest.mark.parametrize("schedule", [None, "inverse_sqrt"])
def test_the_memory_weights_rebuild_the_velocity(schedule, rosenbrock):
    """Σ_j weight_j · g^(t−j) over the recorded gradients is −v^t, the velocity the engine traced."""
    opt = optimizers.make("momentum", lr=0.001, momentum=0.9, schedule=schedule)
    path = simulate(rosenbrock, opt, (-1.2, 1.0), 30)
    t = 29
    weights = explain.memory_weights(explain.step_rates(opt.hyper, t + 1), 0.9, bars=30)
    rebuilt = -(weights[:, None] * path.gradients[t::-1]).sum(axis=0)
    np.testing.assert_allclose(rebuilt, path.trace["velocity"][t], rtol=1e-10)


def test_with_a_schedule_the_plain_gradient_step_uses_eta_t(bowl):
    """η/√(t+1): at step 3 the plain gradient step is −(η/2)·g³, for SGD (its rate) and RMSProp alike."""
    for name in ("sgd", "rmsprop"):
        frame = frame_of(bowl, name, steps=5, lr=0.1, schedule="inverse_sqrt")
        np.testing.assert_allclose(frame.eta, 0.1 / np.sqrt(np.arange(1, 6)))
        row = frame.iloc[3]
        np.testing.assert_allclose([row.gsx, row.gsy], -0.05 * np.array([row.gx, row.gy]), rtol=1e-12)


def test_the_sigma_box_keeps_one_scale_for_the_whole_race(bowl):
    """Pixels per unit σ: the run's largest σ (98th percentile) gets BOX_PIXELS; no σ (sgd): 0."""
    frame = frame_of(bowl, "rmsprop", steps=100, lr=0.01)
    sides = np.fmax(frame.sx, frame.sy)
    np.testing.assert_allclose(explain.box_scale(frame) * np.quantile(sides, 0.98), explain.BOX_PIXELS)
    assert explain.box_scale(frame_of(bowl, "sgd", lr=0.01)) == 0.0


# ---------------------------------------------------------------- the rule's data (ui/race/explain_rule.py)


def test_the_rules_data_carries_each_steps_vectors_by_hand():
    from ui.race import explain_charts
    from ui.race.model import RaceSetup, SurfaceChoice, run_race

    # L = ½(x² + 10 y²) from (−2.5, 1.5): g⁰ = (−2.5, 15).
    # SGD, η = 0.1: θ¹ = θ⁰ − 0.1 g⁰ = (−2.25, 0).
    # Adam, η = 0.3: m⁰ = 0.1 g⁰, u⁰ = 0.001 (g⁰)², m̂⁰ = m⁰ / (1 − 0.9) = g⁰ = (−2.5, 15),
    # √û⁰ = √(u⁰ / (1 − 0.999)) = |g⁰| = (2.5, 15), θ¹ = θ⁰ − 0.3 m̂⁰ / (√û⁰ + ε) = (−2.2, 1.2).
    racing = (("sgd", (("lr", 0.1),)), ("adam", (("lr", 0.3),)))
    setup = RaceSetup(SurfaceChoice("bowl", (("condition", 10.0),)), (-2.5, 1.5), 5, racing)
    result = run_race(setup)
    hypers = {name: optimizers.make(name, **dict(h)).hyper for name, h in racing}
    data = explain_charts.rule_data(result.explain, ["sgd", "adam"], hypers, {"sgd": None}, lang="zh")
    sgd, adam = data["blocks"]
    assert (sgd["label"], sgd["last"], sgd["diverged"], sgd["first"]) == ("SGD", 4, -1, None)
    assert sgd["vectors"] == ["theta", "g", "new"] and sgd["numbers"] == {}  # η_t is per step
    assert adam["vectors"] == ["theta", "g", "pa", "a", "pb", "b", "mhat", "s", "new"]
    assert adam["numbers"] == pytest.approx(
        {"beta1": 0.9, "one_beta1": 0.1, "beta2": 0.999, "one_beta2": 0.001}
    )
    assert data["words"]["step"] == "第 {t} 步 → 第 {next} 步" and data["projector"] is False
    steps = data["steps"]
    assert steps.groupby("slot").step.apply(list).tolist() == [list(range(5))] * 2
    first_sgd = steps[(steps.slot == 0) & (steps.step == 0)].iloc[0]
    first_adam = steps[(steps.slot == 1) & (steps.step == 0)].iloc[0]
    by_hand = [
        (first_sgd, "theta", (-2.5, 1.5)),
        (first_sgd, "g", (-2.5, 15.0)),
        (first_sgd, "new", (-2.25, 0.0)),
        (first_adam, "mhat", (-2.5, 15.0)),
        (first_adam, "s", (2.5, 15.0)),
        (first_adam, "new", (-2.2, 1.2)),
    ]
    for row, vector, (x, y) in by_hand:
        assert (row[f"{vector}_x"], row[f"{vector}_y"]) == pytest.approx((x, y), rel=1e-6, abs=1e-7), vector
    assert (first_sgd.eta, first_adam.eta) == pytest.approx((0.1, 0.3))
    assert {str(dtype) for dtype in steps.dtypes} == {"int32", "float32"}


def test_the_rules_lines_say_noise_and_rmsprops_first_step():
    from ui.race import explain_charts

    lines, first = explain_charts.block_templates("rmsprop", noisy=True, first=True)
    assert lines[0] == explain_charts.NOISY and lines[1:] == explain_charts.RULES["rmsprop"]
    assert first == explain_charts.RMSPROP_FIRST  # σ⁰ = |g⁰| at step 0, the lecture's start
    assert explain_charts.block_templates("rmsprop", noisy=False, first=False) == (
        explain_charts.rule_lines("rmsprop"),
        None,
    )
    assert explain_charts.block_templates("sgd", noisy=False, first=True)[1] is None
    assert explain_charts.slots("   = {theta} − {lr}·{g}") == ["theta", "lr", "g"]
