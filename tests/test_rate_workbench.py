"""The learning-rate workbench's builders (ui/race/stability_charts.py) and its controls' URL fields."""

import numpy as np
import pytest

import surfaces
from engine import schedules
from ui import widgets
from ui.i18n import text
from ui.race import fields, step_readout
from ui.race import stability_charts as sc
from ui.race.model import RaceSetup, SurfaceChoice
from ui.race.steps import STEP_LIMIT
from ui.vocab import OPTIMIZER_COLOURS


def test_schedule_frame_is_eta_times_the_factor():
    s = schedules.make("step", gamma=0.5, every=2)
    frame = sc.schedule_frame({"sgd": (("lr", 0.2), ("schedule", s)), "adam": (("lr", 0.1),)}, 4)
    np.testing.assert_allclose(frame[frame.optimizer == "sgd"].eta, [0.2, 0.2, 0.1, 0.1])
    np.testing.assert_allclose(frame[frame.optimizer == "adam"].eta, [0.1] * 4)
    spec = sc.schedule_chart(frame).to_dict()
    assert spec["encoding"]["y"]["field"] == "eta"


def test_bound_rules_on_the_plateau_by_hand():
    # Start (−4.5, 1.5): ∂²f/∂x² = 6 tanh(−3)/cosh²(3) ≈ −0.059, ∂²f/∂y² = ½, so λmax = ½: 2/λmax = 4.
    # Minimum (3, 0): ∂²f/∂x² = 1 + 6 tanh(12)/cosh²(12) ≈ 1 = λmax: 2/λmax = 2. Momentum (β = 0.9): 3.8/λmax.
    plateau = surfaces.get("plateau")
    runs = (("sgd", (("lr", 0.1),)), ("momentum", (("lr", 0.1), ("momentum", 0.9))), ("adam", (("lr", 0.1),)))
    rules = sc.bound_rules(plateau, plateau.start, runs)
    got = {(row.optimizer, row.where): row.lr for row in rules.itertuples()}
    assert got == pytest.approx(
        {
            ("sgd", "start"): 4.0,
            ("sgd", "minimum"): 2.0,
            ("momentum", "start"): 7.6,
            ("momentum", "minimum"): 3.8,
        },
        rel=1e-6,
    )
    assert set(rules.label) >= {"2/λmax (start)", "3.8/λmax (minimum)"}
    # Outside the sweep's range (1e−4 … 10) there is no rule: the bowl's start has λmax = 1000 → 2e−3 fits,
    # a flat surface has none.
    assert sc.bound_rules(surfaces.parse("x + y"), (0.0, 0.0), runs).empty
    booth = sc.bound_rules(surfaces.get("booth"), (-6.0, 4.0), runs)  # one curvature everywhere: one rule
    assert list(booth.label) == ["2/λmax (start, minimum)", "3.8/λmax (start, minimum)"]
    assert booth.lr.tolist() == pytest.approx([2 / 18, 3.8 / 18])


def test_the_panel_rows_and_the_bowl_summary():
    booth = surfaces.get("booth")
    rows = sc.stability_rows(booth, booth.start, beta=0.9)
    assert [r["kind"] for r in rows] == ["start", "minimum"]
    assert (rows[0]["numbers"].l1, rows[0]["numbers"].l2) == pytest.approx((2.0, 18.0))
    summary = sc.quadratic_summary(booth, booth.start)
    assert summary["numbers"].optimal_rate == pytest.approx(0.8)
    assert summary["gd_measured"] == pytest.approx(0.8, abs=1e-6)
    assert 0.5 <= summary["momentum_measured"] < 0.53
    for name, bowl in (
        ("bowl", True),
        ("matyas", True),
        ("booth", True),
        ("saddle", False),
        ("rosenbrock", False),
    ):
        assert sc.is_quadratic_bowl(surfaces.get(name)) is bowl, name
    assert sc.is_quadratic_bowl(surfaces.parse("x^2 + 3*y^2 + x*y"))
    assert sc.quadratic_summary(surfaces.get("plateau"), (-4.5, 1.5)) is None


def test_the_step_readout_says_the_curvature_and_the_product_at_each_step():
    bowl = surfaces.get("bowl", condition=10)
    drawn = __import__("pandas").DataFrame(
        {"optimizer": ["sgd", "sgd", "adam"], "step": [0, 5, 0], "x": [1.0, 0.5, 1.0], "y": [1.0, 0.1, 1.0]}
    )
    s = schedules.make("step", gamma=0.5, every=5)
    runs = {"sgd": (("lr", 0.25), ("schedule", s)), "adam": (("lr", 0.1),)}
    frame = sc.step_frame(bowl, drawn, runs, 10)
    lines = dict(zip(zip(frame.optimizer, frame.step), frame.line))
    # λ = 1, 10; step 0: η_0·λmax = 0.25·10 = 2.5 > 2; step 5: η_5 = 0.125, 1.25 < 2
    assert lines[("SGD", 0)] == "λ = 1, 10  κ = 10 · η_t·λmax = 2.5 > 2: overshoots"
    assert lines[("SGD", 5)] == "λ = 1, 10  κ = 10 · η_t·λmax = 1.25 < 2"
    assert lines[("Adam", 0)] == "λ = 1, 10  κ = 10"
    assert list(frame.columns) == ["optimizer", "name", "step", "line"]
    shown = sc.readout_data(frame)
    assert shown["title"] == text("stab.step_title")
    assert [(row["label"], row["colour"], row["step"]) for row in shown["rows"]] == [
        ("SGD", OPTIMIZER_COLOURS["sgd"], [0, 5]),
        ("Adam", OPTIMIZER_COLOURS["adam"], [0]),
    ]
    assert shown["rows"][0]["line"] == [lines[("SGD", 0)], lines[("SGD", 5)]]
    # the player moves every hidden Vega slider named t in its scope: the readout has one, over every step
    assert f'name="t" min="0" max="{STEP_LIMIT}"' in step_readout.HTML


def test_the_step_readout_asks_for_the_hessian_once_for_every_run():
    """A typed formula's Hessian costs a walk of its tree per call: the readout of six runs on the heaviest
    formula took 0.65 s of CPU with a call per run (a worst-case link went over its 5 s bound), 0.24 s now."""
    rosenbrock = surfaces.get("rosenbrock")  # its Hessian differs from point to point
    calls = []

    class Counted:
        def hessian(self, points):
            calls.append(len(points))
            return rosenbrock.hessian(points)

    pd = __import__("pandas")
    drawn = pd.DataFrame(
        {
            "optimizer": ["sgd", "adam", "sgd", "adam", "sgd"],
            "step": [0, 0, 5, 5, 9],
            "x": [-1.2, 1.0, 0.5, 0.2, 0.9],
            "y": [1.0, 1.0, 0.3, 0.0, 0.8],
        }
    )
    runs = {"sgd": (("lr", 0.001),), "adam": (("lr", 0.1),)}
    together = sc.step_frame(Counted(), drawn, runs, 10)
    assert calls == [5]
    # each run's lines are those it gets alone: the split after the one call keeps every run's own points
    for name, label in (("sgd", "SGD"), ("adam", "Adam")):
        alone = sc.step_frame(rosenbrock, drawn[drawn.optimizer == name], runs, 10)
        mine = together[together.optimizer == label]
        assert mine.line.tolist() == alone.line.tolist() and mine.step.tolist() == alone.step.tolist()
    assert len(set(together.line)) == 5  # five points, five curvatures


def test_schedule_fields_round_trip_through_the_url():
    s = schedules.make("exponential", gamma=0.98, warmup=20)
    setup = RaceSetup(
        SurfaceChoice("bowl", (("condition", 10.0),)),
        (1.0, 1.0),
        100,
        (("sgd", (("lr", 0.1), ("schedule", s))),),
    )
    params = dict(fields.setup_params(setup))
    assert params["sgd_sched"] == "exponential" and params["sgd_sched_decay"] == "0.98"
    assert params["sgd_sched_warmup"] == "20" and "sgd_sched_gamma" not in params
    state = fields.setup_state(setup)
    assert widgets.schedule_from_state("sgd_", state, 100) == s
    # a constant η writes nothing: old links stay as they were
    plain = RaceSetup(setup.surface, (1.0, 1.0), 100, (("sgd", (("lr", 0.1),)),))
    assert not any("sched" in key for key, _ in fields.setup_params(plain))
    cosine = widgets.schedule_from_state("", {"sched": "cosine", "sched_floor": 0.1}, 300)
    assert cosine == schedules.make("cosine", steps=300, floor=0.1)


def test_the_network_lab_schedule_counts_epochs_and_round_trips_through_the_url():
    from dataclasses import replace

    from ui.network import fields as network_fields
    from ui.network.model import DataChoice, NetSetup

    state = network_fields.defaults() | {
        "train_sched": "cosine",
        "train_sched_floor": 0.1,
        "train_sched_warmup": 5.0,
        "epochs": 200,
    }
    setup = network_fields.setup_from_state(state)
    schedule = dict(setup.hyper)["schedule"]
    assert schedule == schedules.make("cosine", steps=200, floor=0.1, warmup=5)  # T = the epochs
    params = dict(network_fields.setup_params(setup, "Training"))
    assert params["train_sched"] == "cosine" and params["train_sched_floor"] == "0.1"
    assert params["train_sched_warmup"] == "5"
    plain = network_fields.setup_from_state(network_fields.defaults())
    assert "schedule" not in dict(plain.hyper)
    assert not any("sched" in key for key in dict(network_fields.setup_params(plain, "Training")))
    # one epoch of 300 training points in batches of 50 is 6 updates: the schedule steps once per epoch
    setup = replace(
        NetSetup(DataChoice("moons", 400, 0.2, 0)),
        batch=50,
        hyper=(("lr", 0.1), ("schedule", schedules.make("exponential", gamma=0.5))),
    )
    data = setup.data.load()
    opt = setup.make_optimizer(data)
    per = -(-len(data.X) // 50)
    assert opt.hyper["schedule"].per == per
    state = opt.init(np.zeros(1))
    for _ in range(per + 1):
        _, state = opt.step(np.zeros(1), np.ones(1), state)
    assert opt.rate(state) == pytest.approx(0.05)  # the first update of epoch 2 uses η·γ
