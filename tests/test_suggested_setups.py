"""Every surface's description, checked against its own suggested run; curvature, bounds and the words for a
diverged run (ui/suggested.py); and the lab loading a surface's setup and offering a safe η (AppTest).

Each built-in surface carries ``suggested`` (η per optimizer, steps, start). Under it nothing diverges and
the sentence the lab shows (``surface.teaches``) holds in the checkable form pinned per surface below.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import surfaces
from engine import optimizers, simulate
from surfaces.surface import OPTIMIZER_NAMES
from tests.lab_helpers import open_tab
from ui.i18n import text
from ui.race import suggested
from ui.race.fields import LR_CHOICES
from ui.race.model import DIVERGED, SurfaceChoice, basin_map

NAMES = surfaces.names()
# The optimizers every surface suggests an η for: the lecture's six (a newer one keeps the lab's η).
OPTIMIZERS = list(OPTIMIZER_NAMES)
LAB = Path(__file__).resolve().parent.parent / "ui" / "pages" / "optimizer_lab.py"
TIMEOUT = 60


@functools.cache
def runs(name: str) -> dict:
    """Every optimizer's path on surface ``name`` under its suggested setup, as the lab runs it."""
    s = surfaces.get(name)
    setup = s.suggested
    return {
        opt: simulate(s, optimizers.make(opt, **hyper), setup.start, setup.steps)
        for opt, hyper in suggested.suggested_runs(s).items()
    }


def end(name: str, opt: str) -> np.ndarray:
    return runs(name)[opt].points[-1]


def distance(name: str, opt: str, minimum: int = 0) -> float:
    return float(np.linalg.norm(end(name, opt) - np.array(surfaces.get(name).minima[minimum])))


def nearest_minimum(name: str, opt: str) -> tuple[int, float]:
    minima = np.array(surfaces.get(name).minima)
    d = np.linalg.norm(minima - end(name, opt), axis=-1)
    return int(d.argmin()), float(d.min())


def reaches_tolerance(name: str, opt: str, tolerance: float = 1e-3) -> bool:
    s = surfaces.get(name)
    best = float(s.f(np.array(s.minima[0])))
    return bool((runs(name)[opt].losses - best <= tolerance).any())


def step_lengths(name: str, opt: str) -> np.ndarray:
    return np.linalg.norm(np.diff(runs(name)[opt].points, axis=0), axis=-1)


# ---------------------------------------------------------------- every surface: a safe, restorable setup


def test_the_suggested_optimizers_are_the_engines():
    assert set(OPTIMIZERS) <= set(optimizers.names())


def test_every_built_in_surface_has_a_suggested_setup():
    assert [n for n in NAMES if surfaces.get(n).suggested is None] == []


@pytest.mark.parametrize("name", NAMES)
def test_suggested_setup_is_on_the_labs_grids_and_inside_the_domain(name):
    s = surfaces.get(name)
    setup = s.suggested
    assert [opt for opt, _ in setup.lr] == OPTIMIZERS
    for opt, lr in setup.lr:
        assert lr in LR_CHOICES, (opt, lr)  # the URL restores it exactly
    assert 10 <= setup.steps <= 5000
    (x0, x1), (y0, y1) = s.domain
    assert x0 <= setup.start[0] <= x1 and y0 <= setup.start[1] <= y1
    assert setup.start == s.start  # the picker and a URL without a start agree
    assert np.all(np.isfinite(s.grad(np.array(setup.start))))


@pytest.mark.parametrize("name", NAMES)
def test_nothing_diverges_under_the_suggested_setup(name):
    diverged = {opt: path.diverged_at for opt, path in runs(name).items() if path.diverged_at is not None}
    assert diverged == {}


def test_the_old_shared_default_eta_diverged_on_eight_surfaces():
    """Why the setups exist: η = 0.1 for all (today's first page) blows up SGD or Momentum here."""
    blown = set()
    for name in NAMES:
        s = surfaces.get(name)
        for opt in ("sgd", "momentum"):
            path = simulate(s, optimizers.make(opt, **suggested.lab_hyper(opt, 0.1)), s.start, 300)
            if path.diverged_at is not None:
                blown.add(name)
    assert blown == {
        "rosenbrock",
        "beale",
        "himmelblau",
        "three_hump_camel",
        "goldstein_price",
        "saddle",
        "monkey_saddle",
        "styblinski_tang",
    }


def test_the_bowl_setup_follows_its_condition_number():
    for kappa in (1.0, 10.0, 100.0, 1000.0):
        s = surfaces.get("bowl", condition=kappa)
        for opt, hyper in suggested.suggested_runs(s).items():
            path = simulate(s, optimizers.make(opt, **hyper), s.suggested.start, s.suggested.steps)
            assert path.diverged_at is None, (kappa, opt)
    assert surfaces.get("bowl", condition=100).suggested.lr_for("sgd") == pytest.approx(0.018)


def test_a_parsed_formula_has_no_suggested_setup():
    assert surfaces.parse("x^2 + y^2").suggested is None


# ---------------------------------------------------------------- every description, pinned


def test_bowl_sgd_zig_zags_across_the_narrow_axis_and_per_coordinate_rates_fix_it():
    y = runs("bowl")["sgd"].points[:11, 1]
    assert (np.sign(y[1:]) != np.sign(y[:-1])).all()  # SGD's y flips sign every step: a zig-zag
    moves = np.abs(np.diff(runs("bowl")["sgd"].points[:6], axis=0))
    assert (moves[:, 1] > moves[:, 0]).all()  # it moves more across the narrow axis than along the long one
    for opt in ("adagrad", "rmsprop"):
        path = runs("bowl")[opt]
        assert (np.sign(path.points[:11, 1]) == np.sign(path.points[0, 1])).all(), opt  # no zig-zag
        rate_x, rate_y = path.effective_lr[9]
        assert rate_x > 3 * rate_y, opt  # a larger η along the long axis than across the narrow one
        assert distance("bowl", opt) < 0.05, opt


def test_rosenbrock_sgd_drops_into_the_valley_then_crawls_while_momentum_and_adam_arrive():
    s = surfaces.get("rosenbrock")
    sgd = runs("rosenbrock")["sgd"]
    assert sgd.losses[50] < sgd.losses[0] / 4  # quickly down into the valley
    assert distance("rosenbrock", "sgd") > 0.5  # ...and still far from (1, 1) at the end
    assert not reaches_tolerance("rosenbrock", "sgd")
    for opt in ("momentum", "adam"):
        assert distance("rosenbrock", opt) < 0.1, opt
        assert reaches_tolerance("rosenbrock", opt), opt
    assert s.suggested.steps == 500


def test_beale_one_eta_cannot_suit_ridges_and_plateaus_adaptive_rates_cope():
    s = surfaces.get("beale")
    lr = s.suggested.lr_for("sgd")
    faster = simulate(s, optimizers.make("sgd", lr=4 * lr), s.start, s.suggested.steps)
    assert faster.diverged_at is not None and faster.diverged_at <= 10  # 4 × η: thrown off a ridge at once
    assert not reaches_tolerance("beale", "sgd")  # η small enough for the ridges is slow on the plateau
    for opt in ("rmsprop", "adam"):
        assert distance("beale", opt) < distance("beale", "sgd") / 3, opt
    assert reaches_tolerance("beale", "adam")


def test_himmelblau_optimizers_from_the_same_start_find_different_minima():
    found = {}
    for opt in OPTIMIZERS:
        index, gap = nearest_minimum("himmelblau", opt)
        assert gap < 0.1, opt  # each ends at one of the four minima
        found[opt] = index
    assert found["sgd"] != found["momentum"]
    assert len(set(found.values())) >= 2


def test_himmelblau_basin_map_for_sgd_shows_basins():
    s = surfaces.get("himmelblau")
    hyper = tuple(sorted(suggested.suggested_runs(s)["sgd"].items()))
    data = basin_map(SurfaceChoice("himmelblau"), "sgd", hyper, min(s.suggested.steps, 500))
    assert set(range(4)) <= set(data.basin)
    assert (data.basin == DIVERGED).mean() < 0.5


def test_booth_per_coordinate_rates_cannot_straighten_the_rotated_valley():
    # On Booth both coordinates see gradients of the same size, so Adagrad's and RMSProp's rates stay alike;
    # on an axis-aligned bowl of the same condition number (9) they differ by a large factor.
    for opt in ("adagrad", "rmsprop"):
        rate_x, rate_y = runs("booth")[opt].effective_lr[-1]
        assert 0.5 < rate_x / rate_y < 2, opt
        bowl = surfaces.get("bowl", condition=9.0)
        hyper = suggested.suggested_runs(bowl)[opt]
        aligned = simulate(bowl, optimizers.make(opt, **hyper), bowl.start, 100).effective_lr[-1]
        assert aligned[0] / aligned[1] > 2.5, opt
    assert distance("booth", "sgd") < 0.01  # a plain quadratic: SGD gets there too


def test_matyas_sgd_crawls_along_the_flat_diagonal_while_momentum_and_adam_keep_going():
    lengths = step_lengths("matyas", "sgd")
    assert lengths[-1] < lengths[0] / 10  # the steps shrink with the gradient
    assert not reaches_tolerance("matyas", "sgd")
    for opt in ("momentum", "adam"):
        assert reaches_tolerance("matyas", opt), opt
        assert distance("matyas", opt) < distance("matyas", "sgd") / 10, opt
    assert surfaces.get("matyas").suggested.lr_for("sgd") == surfaces.get("matyas").suggested.lr_for(
        "momentum"
    )


def test_three_hump_camel_traps_sgd_in_a_side_hump_momentum_reaches_the_origin():
    s = surfaces.get("three_hump_camel")
    side = end("three_hump_camel", "sgd")
    assert np.linalg.norm(s.grad(side)) < 1e-6 and side[0] > 1.5  # a side minimum, near (1.75, −0.87)
    assert float(s.f(side)) > 0.29
    assert distance("three_hump_camel", "momentum") < 0.01


def test_goldstein_price_sgd_explodes_unless_eta_is_tiny_adaptive_methods_stay_sane():
    s = surfaces.get("goldstein_price")
    lr = s.suggested.lr_for("sgd")
    assert lr == min(LR_CHOICES)  # tiny
    ten_times = simulate(s, optimizers.make("sgd", lr=10 * lr), s.start, s.suggested.steps)
    assert ten_times.diverged_at is not None and ten_times.diverged_at <= 5
    for opt in ("adagrad", "rmsprop", "adam"):
        assert s.suggested.lr_for(opt) >= 100 * lr, opt
        assert distance("goldstein_price", opt) < 0.01, opt


def escape_step(name: str, opt: str, threshold: float) -> int | None:
    y = np.abs(runs(name)[opt].points[:, 1])
    out = np.nonzero(y > threshold)[0]
    return int(out[0]) if len(out) else None


def test_saddle_sgd_lingers_while_momentum_and_adaptive_methods_escape():
    assert abs(end("saddle", "sgd")[1]) < 0.1  # still on the ridge, next to the saddle
    for opt in ("momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        assert escape_step("saddle", opt, 1.0) is not None, opt


def test_monkey_saddle_sgd_creeps_toward_the_centre_rmsprop_and_adam_keep_moving():
    sgd = step_lengths("monkey_saddle", "sgd")
    assert sgd.min() < sgd[0] / 2.5  # the gradient vanishes quadratically: the steps shrink
    assert np.linalg.norm(end("monkey_saddle", "sgd")) < np.linalg.norm(
        runs("monkey_saddle")["sgd"].points[0]
    )
    s = surfaces.get("monkey_saddle")
    for opt in ("rmsprop", "adam"):
        lengths = step_lengths("monkey_saddle", opt)
        assert lengths.min() > s.suggested.lr_for(opt) / 3, opt  # steps of about η throughout
        assert lengths[-1] > 2 * sgd[-1] and lengths.sum() > 1.5 * sgd.sum(), opt


def test_rastrigin_every_method_settles_in_a_nearby_dimple():
    s = surfaces.get("rastrigin")
    start = np.array(s.suggested.start)
    for opt in OPTIMIZERS:
        final = end("rastrigin", opt)
        assert np.linalg.norm(final - start) < 1.0, opt  # nearby
        assert float(s.f(final)) > 10, opt  # not the global minimum (0 at the origin)


def test_ackley_optimizers_stall_on_the_ripples_unless_momentum_or_a_large_step_carries_them():
    for opt in ("sgd", "adagrad", "rmsprop"):
        assert distance("ackley", opt) > 1.0, opt
    assert distance("ackley", "momentum") < 0.2
    assert distance("ackley", "adam") < 0.2
    s = surfaces.get("ackley").suggested
    assert s.lr_for("adam") >= 10 * s.lr_for("rmsprop")  # Adam's is the large step


def test_styblinski_tang_momentum_reaches_the_deepest_basin_sgd_stays_in_the_shallow_one():
    s = surfaces.get("styblinski_tang")
    assert len(s.minima) == 4
    values = s.f(np.array(s.minima))
    assert values.argmin() == 0 and len(set(np.round(values, 6))) == 3  # four basins, three depths
    assert nearest_minimum("styblinski_tang", "sgd") == (3, pytest.approx(0.0, abs=1e-3))  # the shallowest
    assert nearest_minimum("styblinski_tang", "momentum") == (0, pytest.approx(0.0, abs=1e-3))


def test_plateau_sgd_and_adagrad_stall_rmsprop_and_momentum_cross():
    final = {opt: float(path.losses[-1]) for opt, path in runs("plateau").items()}
    assert final["sgd"] > 0.9 and final["adagrad"] > 0.9
    assert final["rmsprop"] < 0.01 and final["momentum"] < 0.01


def test_plateau_suggested_setup_is_todays_first_page():
    setup = surfaces.get("plateau").suggested
    assert {lr for _, lr in setup.lr} == {0.1} and setup.steps == 300
    assert setup.start == (-4.5, 1.5)


def test_ravine_sgd_zig_zags_adagrad_decays_early_rmsprop_and_momentum_follow_the_curve():
    x, y = runs("ravine")["sgd"].points.T
    across = np.sign(y - np.sin(x))
    assert (across[1:] != across[:-1]).sum() >= 10  # SGD crosses the valley floor again and again
    adagrad = runs("ravine")["adagrad"]
    assert float(adagrad.losses[-1]) > 0.4
    assert (adagrad.effective_lr[-1] < adagrad.effective_lr[0] / 3).all()  # its η only shrank...
    assert distance("ravine", "adagrad") > 2  # ...while it is still far from the minimum
    assert float(runs("ravine")["rmsprop"].losses[-1]) < 0.1
    assert float(runs("ravine")["momentum"].losses[-1]) < 1e-3


def test_local_minimum_gradient_descent_stops_in_the_dip_momentum_rolls_through():
    assert nearest_minimum("local_minimum", "sgd") == (1, pytest.approx(0.0, abs=0.01))
    assert nearest_minimum("local_minimum", "momentum") == (0, pytest.approx(0.0, abs=0.01))


# ---------------------------------------------------------------- loading a setup into the lab's widgets


def test_session_values_for_a_surface_with_one_eta_for_all():
    values = suggested.session_values(surfaces.get("plateau"))
    assert values == {"x0": -4.5, "y0": 1.5, "steps": 300.0, "same_lr": True, "lr": "0.1"}


def test_session_values_for_a_surface_with_an_eta_per_optimizer():
    values = suggested.session_values(surfaces.get("rosenbrock"))
    assert values["same_lr"] is False and "lr" not in values
    assert (values["x0"], values["y0"], values["steps"]) == (-1.2, 1.0, 500.0)
    assert values["sgd_lr"] == "0.002" and values["adam_lr"] == "0.5"
    assert {key for key in values if key.endswith("_lr") and key != "same_lr"} == {
        f"{n}_lr" for n in OPTIMIZERS
    }


def test_session_values_snap_to_the_grid_and_a_formula_only_moves_the_start():
    assert suggested.session_values(surfaces.get("bowl", condition=25))["sgd_lr"] == "0.071"  # 1.8/25 = 0.072
    custom = surfaces.parse("x^2 + y^2", domain=((-3.0, 3.0), (-3.0, 3.0)))
    assert suggested.session_values(custom) == {"x0": custom.start[0], "y0": custom.start[1]}
    assert suggested.snap_lr(0.0021) == 0.002
    assert suggested.snap_lr(1e-9) == 1e-4


def test_safe_lr_values_switch_one_eta_for_all_off_and_keep_the_others():
    state = {"same_lr": True, "lr": "0.1"}
    values = suggested.safe_lr_values(state, "sgd", 0.0011, ["sgd", "momentum"])
    assert values == {"same_lr": False, "sgd_lr": "0.0011", "momentum_lr": "0.1"}
    state = {"same_lr": False, "sgd_lr": "0.1", "momentum_lr": "0.2"}
    assert suggested.safe_lr_values(state, "sgd", 0.0011, ["sgd", "momentum"]) == {"sgd_lr": "0.0011"}


# ---------------------------------------------------------------- curvature and stability bounds


def test_hessian_of_a_quadratic_bowl_is_exact():
    s = surfaces.get("bowl", condition=20)
    np.testing.assert_allclose(suggested.hessian(s, np.array([0.7, -1.3])), [[1, 0], [0, 20]], atol=1e-6)
    assert suggested.largest_curvature(s, np.array([0.7, -1.3])) == pytest.approx(20.0)


def test_hessian_of_rosenbrock_at_a_point_by_hand():
    # f = (1 − x)² + 100(y − x²)²:  f_xx = 2 − 400(y − x²) + 800x² = 2 − 400y + 1200x²,  f_xy = −400x,
    # f_yy = 200. At (−1.2, 1): f_xx = 2 − 400 + 1728 = 1330, f_xy = 480.
    s = surfaces.get("rosenbrock")
    np.testing.assert_allclose(
        suggested.hessian(s, np.array([-1.2, 1.0])), [[1330, 480], [480, 200]], rtol=1e-6
    )
    top = (1530 + math.sqrt(1130**2 + 4 * 480**2)) / 2  # the larger root of λ² − 1530λ + (266000 − 230400)
    assert suggested.largest_curvature(s, np.array([-1.2, 1.0])) == pytest.approx(top, rel=1e-6)


def test_hessian_step_scales_with_the_domain():
    wide = surfaces.parse("x^4 + y^2", domain=((-100.0, 100.0), (-100.0, 100.0)))
    assert suggested.hessian(wide, np.array([50.0, 0.0]))[0, 0] == pytest.approx(12 * 50**2, rel=1e-6)


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov"])
@pytest.mark.parametrize("lam", [0.5, 0.9])
def test_the_stability_bounds_hold_on_a_quadratic(name, lam):
    s = surfaces.get("bowl", condition=10)  # largest curvature 10
    bound = suggested.bound_factor(name, lam) / 10

    def run(lr):
        hyper = {"momentum": lam} if name != "sgd" else {}
        return simulate(s, optimizers.make(name, lr=lr, **hyper), s.start, 2000)

    below, above = run(0.98 * bound), run(1.02 * bound)
    assert below.diverged_at is None and above.diverged_at is not None


def test_adaptive_methods_have_no_curvature_bound():
    assert [suggested.bound_factor(n) for n in ("adagrad", "rmsprop", "adam")] == [None] * 3
    assert suggested.bound_factor("momentum", 0.9) == pytest.approx(3.8)


# ---------------------------------------------------------------- words for a run that diverged


def diverged_run(surface, name, lr, steps=300, start=None, **hyper):
    start = surface.start if start is None else start
    full = suggested.lab_hyper(name, lr) | hyper
    path = simulate(surface, optimizers.make(name, **full), start, steps)
    assert path.diverged_at is not None
    points = path.points[: path.diverged_at]
    return suggested.explain_divergence(surface, name, {"lr": lr, **hyper}, points, path.diverged_at, steps)


def test_sgd_on_rosenbrock_names_the_curvature_bound_it_crossed():
    s = surfaces.get("rosenbrock")
    why = diverged_run(s, "sgd", 0.1)
    assert why.key == "lab.diverged_curvature"
    assert why.values == {
        "step": 1,
        "curvature": "1506",
        "product": "151",
        "bound": "2",
        "limit": "0.00133",
        "eta": "η",
    }
    message = text(why.key, optimizer="SGD", **why.values)
    assert message.startswith("SGD diverged at step 1: at the start the surface curves so steeply")
    assert "λmax = 1506" in message and "η·λmax = 151 > 2" in message
    assert message.endswith("The largest stable η there is 0.00133.")  # 2/1506
    assert text(why.key, "zh", optimizer="SGD", **why.values).count("1506") == 1
    assert why.safe_lr == 0.0011  # the largest grid η below 0.9 · 2 / 1506 = 0.00120
    assert simulate(s, optimizers.make("sgd", lr=why.safe_lr), s.start, 300).diverged_at is None


def test_momentum_names_its_own_bound():
    why = diverged_run(surfaces.get("rosenbrock"), "momentum", 0.1, momentum=0.9)
    assert why.values["bound"] == "2 + 2·0.9 = 3.8"
    assert why.safe_lr == 0.0022  # 0.9 · 3.8 / 1510 = 0.00227
    why = diverged_run(surfaces.get("rosenbrock"), "nesterov", 0.1, momentum=0.9)
    assert why.values["bound"] == "(2 + 2·0.9) / (1 + 2·0.9) = 1.36"


def test_a_bound_crossed_later_on_the_path_says_where():
    s = surfaces.get("himmelblau")  # the start (0, 0) is a hilltop: no positive curvature there
    why = diverged_run(s, "sgd", 0.1)
    assert why.key == "lab.diverged_curvature_path"
    assert why.values == {
        "step": 3,
        "curvature": "41.7",
        "product": "4.17",
        "bound": "2",
        "limit": "0.0479",  # 2/41.7
        "eta": "η",
        "x": "1.4",
        "y": "2.2",
        "at": 1,
    }
    assert text(why.key, optimizer="SGD", **why.values).startswith(
        "SGD diverged at step 3: near (1.4, 2.2), reached at step 1, the surface curves so steeply"
    )
    assert simulate(s, optimizers.make("sgd", lr=why.safe_lr), s.start, 300).diverged_at is None


def test_the_safe_eta_falls_back_to_a_run_check_where_the_start_is_steeper_than_the_way_on():
    s = surfaces.get("goldstein_price")  # curvature 95000 at the start: 0.9 · 2 / λ is below the grid
    why = diverged_run(s, "sgd", 0.001)
    assert why.key == "lab.diverged_curvature" and why.values["curvature"] == "95031"
    assert why.safe_lr is not None and why.safe_lr in LR_CHOICES and why.safe_lr < 0.001
    assert simulate(s, optimizers.make("sgd", lr=why.safe_lr), s.start, 300).diverged_at is None


def test_an_adaptive_method_is_explained_in_words_without_a_bound():
    s = surfaces.get("goldstein_price")
    why = diverged_run(s, "rmsprop", 1.0, start=(-1.0, 1.0))  # the old start, the steepest wall
    assert why.key == "lab.diverged_adaptive"
    message = text(why.key, optimizer="RMSProp", **why.values)
    assert "η·λ" not in message and "about η = 1 long" in message
    assert why.safe_lr is not None and why.safe_lr < 1.0
    hyper = suggested.lab_hyper("rmsprop", why.safe_lr)
    assert simulate(s, optimizers.make("rmsprop", **hyper), (-1.0, 1.0), 300).diverged_at is None


def test_a_saddle_run_that_falls_off_says_the_surface_keeps_falling():
    why = diverged_run(surfaces.get("saddle"), "sgd", 0.1)  # y grows by 1.2× a step: beyond 10⁶ at 64
    assert why.key == "lab.diverged_falls"


def test_an_undefined_gradient_at_the_start_asks_to_move_the_start():
    s = surfaces.parse("sqrt(x^2+y^2)", domain=((-3.0, 3.0), (-3.0, 3.0)))
    why = diverged_run(s, "sgd", 0.1, start=(0.0, 0.0))
    assert why.key == "lab.diverged_no_gradient" and why.safe_lr is None
    message = text(why.key, optimizer="SGD", **why.values)
    assert "not defined" in message and "move the start" in message and "(0, 0)" in message


# ---------------------------------------------------------------- the lab (AppTest)


def lab(**query) -> AppTest:
    at = AppTest.from_file(LAB, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def final_losses(at: AppTest) -> dict:
    frame = at.dataframe[0].value
    return dict(zip(frame.optimizer, frame["final loss"]))


def statuses(at: AppTest) -> dict:
    frame = at.dataframe[0].value
    return dict(zip(frame.optimizer, frame.status))


def test_picking_a_surface_loads_its_suggested_setup():
    at = lab()
    at.selectbox(key="surface").set_value("rosenbrock").run()
    assert not at.exception
    assert at.toggle(key="same_lr").value is False
    assert at.select_slider(key="sgd_lr").value == "0.002"
    assert at.select_slider(key="momentum_lr").value == "0.002"
    assert at.select_slider(key="adagrad_lr").value == "0.5"
    assert at.select_slider(key="rmsprop_lr").value == "0.01"
    assert at.number_input(key="steps").value == 500
    assert (at.number_input(key="x0").value, at.number_input(key="y0").value) == (-1.2, 1.0)
    assert set(statuses(at).values()) == {"ok"} and not at.warning
    at.multiselect(key="opt").set_value(["sgd", "adam"]).run()  # Adam joins later: its η was loaded too
    assert at.select_slider(key="adam_lr").value == "0.5"
    at.selectbox(key="surface").set_value("plateau").run()  # back: one η for all again
    assert at.toggle(key="same_lr").value is True
    assert at.select_slider(key="lr").value == "0.1"
    assert at.number_input(key="steps").value == 300


def test_a_shared_url_keeps_its_own_eta_rather_than_the_suggested_one():
    at = lab(surface="Rosenbrock", lr="0.1")
    assert at.toggle(key="same_lr").value is True and at.select_slider(key="lr").value == "0.1"


def test_the_warning_names_the_bound_and_the_button_sets_a_safe_eta():
    at = lab(surface="Rosenbrock")  # a shared link with today's η = 0.1: SGD and Momentum blow up
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(
        w.startswith("SGD diverged at step 1: at the start the surface curves so steeply") for w in warnings
    )
    assert any("η·λmax = 151 > 2 + 2·0.9 = 3.8" in w for w in warnings)
    before = final_losses(at)
    at.button(key="safe_lr_sgd").click().run()
    assert not at.exception
    assert at.toggle(key="same_lr").value is False
    assert at.select_slider(key="sgd_lr").value == "0.0011"
    assert at.select_slider(key="adagrad_lr").value == "0.1"  # the others keep the shared η
    after = statuses(at)
    assert after["SGD"] == "ok" and after["Momentum"] != "ok"
    assert final_losses(at)["Adagrad"] == before["Adagrad"]
    at.button(key="safe_lr_momentum").click().run()
    assert set(statuses(at).values()) == {"ok"} and not at.warning


def test_the_warning_is_in_chinese_too():
    at = AppTest.from_file(LAB, default_timeout=TIMEOUT)
    at.query_params["surface"] = "Rosenbrock"
    at.session_state["lang"] = "zh"
    at.run()
    warnings = [w.value for w in at.warning]
    assert any("最大曲率 λmax = 1506" in w and "η·λmax = 151 > 2" in w for w in warnings), warnings
    assert any(b.label == text("lab.safe_lr", "zh", optimizer="SGD", lr="0.0011") for b in at.button)


def test_an_undefined_gradient_at_the_start_says_so_instead_of_smaller_eta():
    at = lab(surface="Custom formula", formula="sqrt(x^2+y^2)", x0="0", y0="0")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert warnings and all("gradient is not defined" in w for w in warnings)
    assert not any("Try a smaller η" in w for w in warnings)
    assert all("will not help" in w and "move the start" in w for w in warnings)
    assert not [b for b in at.button if (b.key or "").startswith("safe_lr_")]


def basin_tab(at: AppTest):
    return open_tab(at, "Basin map")


def test_styblinski_tang_draws_a_basin_map():
    at = lab()
    at.selectbox(key="surface").set_value("styblinski_tang").run()
    tab = basin_tab(at)
    assert not tab.info
    assert tab.get("vega_lite_chart")


def test_himmelblau_basin_map_shows_basins_after_the_pick_and_says_when_all_diverge():
    at = lab()
    at.selectbox(key="surface").set_value("himmelblau").run()
    assert not basin_tab(at).warning and basin_tab(at).get("vega_lite_chart")
    shared = lab(surface="Himmelblau", lr="0.1")  # SGD at η = 0.1 diverges from every start
    (warning,) = basin_tab(shared).warning
    assert warning.value.startswith("Every start diverged with SGD at η = 0.1")


def test_a_schedule_lowers_the_product_and_is_kept_by_the_safe_eta_search():
    from engine import schedules

    s = surfaces.get("rosenbrock")
    warm = schedules.make("constant", warmup=10)  # η_0 = η/10
    why = diverged_run(s, "sgd", 0.01, schedule=warm)
    # the start: η_0·λmax = 0.001·1506 = 1.51 < 2, so the crossing is further on, with η_t
    assert why.key == "lab.diverged_curvature_path" and why.values["eta"] == "η_t"
    assert float(why.values["product"]) > 2
    path = simulate(s, optimizers.make("sgd", lr=why.safe_lr, schedule=warm), s.start, 300)
    assert path.diverged_at is None
