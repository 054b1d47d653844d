"""The work budget (ui/budget.py) and the optimizer lab's cost model (ui/race/cost.py): pure functions."""

from __future__ import annotations

import math

import pytest

import surfaces
from ui import budget
from ui.budget import OverBudget, Work, budget_seconds, largest_fitting
from ui.race import cost
from ui.race.model import RaceSetup, SurfaceChoice

# ----- the budget ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, budget.HOSTING_SECONDS),
        ("", budget.HOSTING_SECONDS),
        ("  ", budget.HOSTING_SECONDS),
        ("0", math.inf),
        ("0.0", math.inf),
        ("12", 12.0),
        (" 2.5 ", 2.5),
        ("-1", budget.HOSTING_SECONDS),  # a typo never lifts the limit
        ("inf", budget.HOSTING_SECONDS),
        ("nan", budget.HOSTING_SECONDS),
        ("lots", budget.HOSTING_SECONDS),
        ("1e400", budget.HOSTING_SECONDS),
    ],
)
def test_the_budget_comes_from_the_environment_and_garbage_keeps_the_safe_default(value, seconds):
    environ = {} if value is None else {budget.ENVIRONMENT_VARIABLE: value}
    assert budget_seconds(environ) == seconds


def test_the_budget_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_BUDGET_S", "7")
    assert budget_seconds() == 7.0 and Work.for_rerun().total == 7.0
    monkeypatch.delenv("PLAYGROUND_BUDGET_S")
    assert budget_seconds() == budget.HOSTING_SECONDS


@pytest.mark.parametrize(
    ("raw", "measured", "slowness"),
    [
        ("2", None, 2.0),  # set: nothing measured
        (" 1 ", None, 1.0),
        ("10", None, 10.0),
        (None, 0.009, 1.0),  # twice as fast as the development machine: the whole budget, not more
        (None, budget.REFERENCE_SECONDS, 1.0),
        (None, 2.5 * budget.REFERENCE_SECONDS, 2.5),
        (None, 1e3, budget.MOST_SLOWNESS),  # a stalled measurement never shrinks the budget to nothing
        ("0.5", 3 * budget.REFERENCE_SECONDS, 3.0),  # below 1: garbage, measured instead
        ("11", 3 * budget.REFERENCE_SECONDS, 3.0),
        ("slow", 3 * budget.REFERENCE_SECONDS, 3.0),
        ("nan", 3 * budget.REFERENCE_SECONDS, 3.0),
    ],
)
def test_the_slowness_is_set_or_measured_and_stays_between_1_and_its_most(raw, measured, slowness):
    runs = []

    def measure() -> float:
        assert measured is not None, "a set slowness measures nothing"
        runs.append(measured)
        return measured

    assert budget.slowness_from(raw, measure) == pytest.approx(slowness)
    assert len(runs) in (0, budget.REFERENCE_RUNS)


def test_the_best_reference_run_counts_not_the_first_slow_ones():
    times = iter([0.05, 0.04] + [2 * budget.REFERENCE_SECONDS] * (budget.REFERENCE_RUNS - 2))
    assert budget.slowness_from(None, lambda: next(times)) == pytest.approx(2.0)


def test_a_slower_machine_gets_a_smaller_budget_of_estimated_seconds_and_is_told_its_own(
    monkeypatch, server_slowness
):
    """A server 2× slower than the development machine: the same 3 s of its CPU hold half the estimated
    work, and the page speaks in its seconds (an estimate of 1 s takes it about 2 s)."""
    monkeypatch.delenv(budget.ENVIRONMENT_VARIABLE, raising=False)
    server_slowness(2)
    work = Work.for_rerun()
    assert work.total == pytest.approx(budget.HOSTING_SECONDS / 2) and work.slowness == 2.0
    assert work.on_this_machine(work.total) == pytest.approx(budget.HOSTING_SECONDS)
    monkeypatch.setenv(budget.ENVIRONMENT_VARIABLE, "0")  # no limit: no measuring, no scaling
    assert Work.for_rerun() == Work(math.inf)


def test_the_reference_training_takes_a_measurable_moment():
    seconds = budget.reference_cpu_seconds()
    assert 0 < seconds < 1


def test_work_draws_what_fits_and_refuses_the_rest_without_drawing():
    work = Work(3.0)
    work.spend(1.0)
    work.spend(1.5)
    assert work.left == pytest.approx(0.5) and work.limited
    with pytest.raises(OverBudget) as refused:
        work.spend(0.6)
    assert refused.value.seconds == 0.6 and refused.value.left == pytest.approx(0.5)
    assert work.spent == pytest.approx(2.5)  # nothing drawn for the refused work
    unlimited = Work(math.inf)
    unlimited.spend(1e9)
    assert not unlimited.limited and unlimited.fits(1e12)


def test_largest_fitting_is_the_largest_size_whose_cost_fits():
    calls = []

    def cost_of(n):  # 0.1 s per unit: 2.35 s fits 23 units
        calls.append(n)
        return 0.1 * n

    assert largest_fitting(cost_of, 1, 1000, 2.35) == 23
    assert len(calls) <= 2 + math.ceil(math.log2(1000))
    assert largest_fitting(cost_of, 1, 10, 5.0) == 10  # everything fits
    assert largest_fitting(cost_of, 5, 10, 0.3) is None  # not even the least
    assert largest_fitting(cost_of, 1, 1, 0.1) == 1


# ----- the optimizer lab's costs ---------------------------------------------------------------------------


def test_a_formulas_gradient_size_counts_its_distinct_nodes():
    # ∂(x·y)/∂x = y and ∂(x·y)/∂y = x: two nodes, the variables themselves
    assert surfaces.parse("x*y").grad_size == 2
    # ∂(x² + y²) = (2·x, 2·y): two products, each of its own constant 2 and a variable
    assert surfaces.parse("x^2 + y^2").grad_size == 6
    sizes = [surfaces.parse("*".join(["sin(x+y)"] * k)).grad_size for k in (2, 4, 8)]
    assert sizes == sorted(sizes) and sizes[2] > 3 * sizes[0]  # a longer product has a larger gradient
    assert all(surfaces.get(name).grad_size == 16 for name in ("bowl", "ackley", "goldstein_price"))


def test_a_step_costs_its_update_plus_one_gradient_of_grad_size_operations():
    # hand-computed: 15 µs + 0.08 µs + 10 · (3.6 µs + 0.011 µs) at one point
    assert cost.step_seconds(10, 1) == pytest.approx(15e-6 + 8e-8 + 10 * (3.6e-6 + 1.1e-8))
    assert cost.step_seconds(10, 1600) > cost.step_seconds(10, 40) > cost.step_seconds(10, 1)


def race(steps=300, optimizers=("sgd", "adam")):
    return RaceSetup(SurfaceChoice("bowl"), (1.0, 1.0), steps, tuple((n, (("lr", 0.1),)) for n in optimizers))


def test_a_race_costs_optimizers_times_steps_times_a_step():
    setup = race(300, ("sgd", "momentum", "adam"))
    assert cost.race_seconds(setup, 10) == pytest.approx(3 * 300 * cost.step_seconds(10))
    assert cost.race_seconds(setup, 10, steps=30) == pytest.approx(3 * 30 * cost.step_seconds(10))


def test_a_race_that_does_not_fit_keeps_the_most_steps_that_do():
    setup = race(5000, ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"))
    size = 382  # the 30-factor product of sines
    fitted = cost.fitted_race(setup, size, 3.0)
    assert 10 <= fitted.steps < 5000
    assert cost.race_seconds(fitted, size) <= 3.0 < cost.race_seconds(setup, size, fitted.steps + 1)
    assert fitted.optimizers == setup.optimizers and fitted.surface == setup.surface
    small = race(300)
    assert cost.fitted_race(small, 10, 3.0) is small  # a race that fits is left alone
    assert cost.fitted_race(setup, size, math.inf) is setup


def test_the_lab_fits_its_race_to_what_the_budget_leaves_after_the_page_s_own_work():
    """The heaviest formula's page work (picture, click grid, step readout: ~1.3 s measured) is not free: a
    worst-case link went over its 5 s bound in CI (5.65 s) while its race alone fitted the 3 s budget."""
    heavy = surfaces.parse("*".join(["tanh(x-y)"] * 27))
    assert heavy.grad_size == 454 and cost.page_seconds(heavy.grad_size) == pytest.approx(1.816)
    assert cost.page_seconds(surfaces.get("rosenbrock").grad_size) < 0.1  # a built-in: almost nothing
    asked = race(5000, ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"))
    left = budget.HOSTING_SECONDS - cost.page_seconds(heavy.grad_size)
    fitted = cost.fitted_race(asked, heavy.grad_size, left)
    assert (
        cost.race_seconds(fitted, heavy.grad_size) + cost.page_seconds(heavy.grad_size)
        <= budget.HOSTING_SECONDS
    )
    assert fitted.steps < cost.fitted_race(asked, heavy.grad_size, budget.HOSTING_SECONDS).steps


def test_a_gif_with_fewer_frames_costs_less():
    assert cost.gif_seconds(6, 5000, 100) < cost.gif_seconds(6, 5000, 200)
    frames = cost.fitted_steps(lambda n: cost.gif_seconds(6, 5000, n), 200, Work(3.0))
    assert cost.gif_seconds(6, 5000, frames) <= 3.0 < cost.gif_seconds(6, 5000, frames + 1)


def test_every_cache_is_bounded_in_entries_and_time():
    """A shared server's caches: a count of entries, each bounded by the budget, dropped after an hour."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    found = 0
    for path in [*root.joinpath("ui").rglob("*.py"), root / "streamlit_app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in (
                "st.cache_data",
                "st.cache_resource",
            ):
                keywords = {k.arg for k in node.keywords}
                assert {"max_entries", "ttl"} <= keywords, f"{path.name}:{node.lineno} {keywords}"
                found += 1
    assert found >= 20


def test_units_that_fit_are_whole_units_at_most_the_asked():
    assert budget.units_that_fit(0.4, 10, 3.0) == 7  # 7 × 0.4 = 2.8 fits, 8 × 0.4 = 3.2 does not
    assert budget.units_that_fit(0.4, 5, 3.0) == 5
    assert budget.units_that_fit(4.0, 10, 3.0) == 0
    assert budget.units_that_fit(0.0, 10, 3.0) == 10


def test_the_cost_models_import_without_streamlit():
    import subprocess
    import sys
    from pathlib import Path

    script = "import sys, ui.budget, ui.race.cost, ui.network.model; print('streamlit' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
