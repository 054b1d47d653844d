"""What the optimizer lab's work costs, estimated from its size before it starts (ui/budget.py draws it).

One simulated step of one optimizer over k points side by side (1 for a race, 40 η for a sweep, 40 × 40
starts for a basin map) costs

    step(k) = STEP_SECONDS + STEP_POINT_SECONDS · k                      the optimizer's update
            + grad_size · (OP_SECONDS + OP_POINT_SECONDS · k)            one gradient: grad_size numpy calls

where ``grad_size`` is the surface's operations per gradient (``Surface.grad_size``: the distinct nodes of
a formula's derivative trees; 16 for every built-in). Fitted on the 2-core development machine with one
BLAS thread (benchmarks/bench_budget.py prints these estimates beside measured CPU times) and then raised
by about half, so that an estimate errs long: 10 µs + 0.05 µs·k per update and 2.4 µs + 0.0072 µs·k per
operation were measured (a 30-factor product of sines has 382 operations: 0.92 ms per gradient).

The page's own work on a miss also grows with ``grad_size``: L on the picture's grid, the click grid's L,
and the step readout's Hessian at every drawn point (a walk of the second-derivative trees). With the
heaviest formula the limits allow (454 operations), 0.9–1.3 s beyond its race was measured, and its race
ran 0.4 s over its per-step estimate on an empty cache: ~3.5 ms per operation in all. A race is fitted to
what the budget leaves after ``page_seconds``.
"""

from __future__ import annotations

from dataclasses import replace

from ui.budget import Work, largest_fitting
from ui.race.model import RaceSetup

MIN_STEPS = 10  # the steps control's least value: a race always shows at least this many
STEP_SECONDS = 15e-6
STEP_POINT_SECONDS = 8e-8
OP_SECONDS = 3.6e-6
OP_POINT_SECONDS = 1.1e-8
PAGE_OP_SECONDS = 4e-3  # the page's own work per gradient operation (measured ~3.5 ms, raised)
SAFE_LR_SWEEPS = 4  # the safe-η search runs at most two pools, coarse then fine (ui/race/suggested.py)
SAFE_LR_CANDIDATES = 24  # η values in one of its sweeps, at most
# The GIF (ui/race/gif.py): a fixed part (backdrop, palette, fonts), then per frame its drawing and each
# optimizer's path so far (measured 0.8 s for one 10-step path, 4.2 s for six of 5000 steps, 200 frames).
GIF_BASE_SECONDS = 0.9
GIF_FRAME_SECONDS = 1.25e-3
GIF_PATH_SECONDS = 1e-3
GIF_POINT_SECONDS = 4.5e-7


def step_seconds(grad_size: int, points: int = 1) -> float:
    """One step of one optimizer over ``points`` points side by side."""
    update = STEP_SECONDS + STEP_POINT_SECONDS * points
    return update + grad_size * (OP_SECONDS + OP_POINT_SECONDS * points)


def race_seconds(setup: RaceSetup, grad_size: int, steps: int | None = None) -> float:
    """Every optimizer of the race for ``steps`` steps (the setup's by default)."""
    steps = setup.steps if steps is None else steps
    return len(setup.optimizers) * steps * step_seconds(grad_size)


def sweep_seconds(optimizer_count: int, steps: int, grad_size: int, count: int = 40) -> float:
    """The learning-rate sweep: ``count`` η side by side for each optimizer."""
    return optimizer_count * steps * step_seconds(grad_size, count)


def basin_seconds(steps: int, grad_size: int, n: int = 40) -> float:
    """The basin map: n × n starts side by side for one optimizer."""
    return steps * step_seconds(grad_size, n * n)


def divergence_seconds(steps: int, grad_size: int) -> float:
    """Why one run diverged and its safe η: a few vectorised sweeps of candidate η."""
    return SAFE_LR_SWEEPS * steps * step_seconds(grad_size, SAFE_LR_CANDIDATES)


def gif_seconds(optimizer_count: int, steps: int, frames: int = 200) -> float:
    """The animated GIF of a race with ``frames`` frames."""
    per_frame = GIF_FRAME_SECONDS + optimizer_count * (GIF_PATH_SECONDS + GIF_POINT_SECONDS * steps)
    return GIF_BASE_SECONDS + frames * per_frame


def page_seconds(grad_size: int) -> float:
    """The lab page's own work on a miss for a surface of ``grad_size`` operations (picture, click grid, step
    readout): 0.06 s for a built-in surface, 1.8 s for the heaviest formula."""
    return PAGE_OP_SECONDS * grad_size


def fitted_race(setup: RaceSetup, grad_size: int, seconds: float) -> RaceSetup:
    """``setup`` with the most steps (at most its own, at least MIN_STEPS) whose race fits in ``seconds``."""
    low = min(MIN_STEPS, setup.steps)
    steps = largest_fitting(lambda n: race_seconds(setup, grad_size, n), low, setup.steps, seconds)
    return setup if steps == setup.steps else replace(setup, steps=steps or low)


def fitted_steps(cost_of_steps, steps: int, work: Work | None) -> int:
    """The most steps (at most ``steps``, at least 1) whose ``cost_of_steps(n)`` fits the whole budget of
    ``work`` (all of them without one)."""
    if work is None:
        return steps
    return largest_fitting(cost_of_steps, 1, steps, work.total) or 1
