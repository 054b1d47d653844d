"""The optimizer race as plain data: run the selected optimizers and shape the results for the charts.

Pure functions (numpy, pandas and the engine); the page wraps ``run_race`` in bounded caches (a race's, and
each optimizer's ``Run``, which the next race with that optimizer reuses). Every frame
names an optimizer by its registry name ("adagrad"); the charts and the table write its label (ui/vocab.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

import surfaces
from engine import optimizers, simulate, sweep_learning_rates
from ui.race.explain import arrow_scales, box_scale, step_frame

GAP_FLOOR = 1e-12
ELSEWHERE, DIVERGED = -1, -2  # basin codes besides a minimum's index
MAX_DRAWN_ROWS = 400  # per optimizer: longer paths are thinned for drawing (every k-th step + the last)


@dataclass(frozen=True)
class SurfaceChoice:
    """What picks a surface: a registered name with its parameters, or a formula and its domain."""

    name: str
    params: tuple[tuple[str, float], ...] = ()
    formula: str = ""
    domain: tuple[tuple[float, float], tuple[float, float]] | None = None

    def build(self) -> surfaces.Surface:
        if self.name == "custom":
            return surfaces.parse(self.formula, domain=self.domain)
        return surfaces.get(self.name, **dict(self.params))


@dataclass(frozen=True)
class RaceSetup:
    surface: SurfaceChoice
    start: tuple[float, float]
    steps: int
    optimizers: tuple[tuple[str, tuple[tuple[str, object], ...]], ...]  # (name, sorted hyper items)
    noise: float = 0.0
    seed: int = 0
    tolerance: float = 1e-3


@dataclass(frozen=True)
class RaceResult:
    paths: pd.DataFrame  # optimizer, step, x, y, loss (thinned for drawing)
    series: pd.DataFrame  # optimizer, step, gap, rate_x, rate_y, step_length, loss (thinned)
    table: pd.DataFrame  # one row per optimizer
    full_paths: pd.DataFrame  # every step, for the CSV download
    reference_loss: float
    has_minimum: bool
    explain: pd.DataFrame | None = None  # every optimizer's explained steps (ui/race/explain.py), float32

    @property
    def diverged(self) -> tuple[str, ...]:
        """Names of the optimizers that diverged."""
        flags = self.table.diverged_at
        return tuple(self.table.optimizer[flags.notna()])


def thin(steps: int, limit: int = MAX_DRAWN_ROWS) -> np.ndarray:
    """Step indices to draw: all of them, or every k-th plus the last, at most about ``limit``."""
    stride = max(1, int(np.ceil((steps + 1) / limit)))
    keep = np.arange(0, steps + 1, stride)
    return keep if keep[-1] == steps else np.append(keep, steps)


@dataclass(frozen=True)
class Run:
    """One optimizer of a race, simulated: its path (points, losses, rates and where it diverged; not its
    recorded gradients and state) and its explained steps (``step_frame`` with the arrows' scale k and the
    σ box's scale, float32). It depends on nothing else in the race, so a race that adds or drops an
    optimizer can reuse the others' (ui/race/cache.py)."""

    path: object  # engine.simulate.Path
    explained: pd.DataFrame


def run_key(setup: RaceSetup, optimizer: tuple) -> tuple:
    """What one optimizer's run depends on: the surface, the start, the steps, the noise and its seed, and
    the optimizer with its hyperparameters (``optimizer``: a (name, hyper items) pair of the setup)."""
    return (setup.surface, setup.start, setup.steps, setup.noise, setup.seed, optimizer)


def simulate_runs(
    setup: RaceSetup,
    progress: Callable[[int, int], object] | None = None,
    known: dict[tuple, Run] | None = None,
    ran: Callable[[tuple, Run], object] | None = None,
) -> dict[tuple, Run]:
    """Each optimizer of ``setup`` simulated from the same start, by its (name, hyper items) pair; those in
    ``known`` are taken from it instead. ``progress(done, total)``, if given, hears the steps simulated so
    far (every 100th), out of all those simulated now; ``ran(optimizer, run)`` each run as it is done (so
    a race stopped halfway keeps its finished runs)."""
    known = known or {}
    surface = setup.surface.build()
    missing = [optimizer for optimizer in setup.optimizers if optimizer not in known]
    total = setup.steps * len(missing)
    runs = {}
    for optimizer in setup.optimizers:
        if optimizer in known:
            runs[optimizer] = known[optimizer]
            continue
        name, hyper = optimizer
        done = missing.index(optimizer) * setup.steps
        on_step = None if progress is None else (lambda t, done=done: progress(done + t, total))
        opt = optimizers.make(name, **dict(hyper))
        path = simulate(surface, opt, setup.start, setup.steps, setup.noise, setup.seed, on_step=on_step)
        explained = explained_run(name, opt.hyper, path, surface.domain)
        # The race view draws the points, losses and rates: the recorded gradients and optimizer state, which
        # only the explained steps read, are not kept (a 5000-step Adam run: 0.56 → 0.32 MB pickled).
        runs[optimizer] = Run(replace(path, gradients=None, trace={}), explained)
        if ran is not None:
            ran(optimizer, runs[optimizer])
    return runs


def run_race(
    setup: RaceSetup,
    progress: Callable[[int, int], object] | None = None,
    known: dict[tuple, Run] | None = None,
) -> RaceResult:
    """Simulate each optimizer from the same start (but those in ``known``: ``simulate_runs``) and shape the
    results for the race view. ``progress(done, total)``, if given, hears the steps simulated so far."""
    return race_result(setup, simulate_runs(setup, progress, known))


def race_result(setup: RaceSetup, runs: dict[tuple, Run]) -> RaceResult:
    """The race view's frames from each optimizer's run (``runs``, by the setup's (name, hyper) pairs)."""
    surface = setup.surface.build()
    minima = np.array(surface.minima, dtype=float).reshape(-1, 2)
    paths_by_name = {name: runs[(name, hyper)].path for name, hyper in setup.optimizers}
    finite_minima = surface.f(minima) if len(minima) else np.array([])
    observed_low = min(float(p.losses.min()) for p in paths_by_name.values())
    reference = float(min([*finite_minima, observed_low])) if len(minima) else observed_low
    keep = thin(setup.steps)
    drawn, series, full, rows = [], [], [], []
    for name, path in paths_by_name.items():
        steps = np.arange(setup.steps + 1)
        lengths = np.r_[0.0, np.linalg.norm(np.diff(path.points, axis=0), axis=-1)]
        rates = np.vstack([np.full((1, 2), np.nan), np.broadcast_to(path.effective_lr, (setup.steps, 2))])
        frame = pd.DataFrame(
            {
                "optimizer": name,
                "step": steps,
                "x": path.points[:, 0],
                "y": path.points[:, 1],
                "loss": path.losses,
                "gap": np.maximum(path.losses - reference, GAP_FLOOR),
                "rate_x": rates[:, 0],
                "rate_y": rates[:, 1],
                "step_length": np.maximum(lengths, GAP_FLOOR),
            }
        )
        end = setup.steps if path.diverged_at is None else path.diverged_at - 1
        shown = keep[keep <= end] if path.diverged_at is not None else keep
        if path.diverged_at is not None and (len(shown) == 0 or shown[-1] != end):
            shown = np.append(shown, end)
        drawn.append(frame.iloc[shown][["optimizer", "step", "x", "y", "loss"]])
        series.append(
            frame.iloc[shown][["optimizer", "step", "gap", "rate_x", "rate_y", "step_length", "loss"]]
        )
        full.append(frame.iloc[: end + 1][["optimizer", "step", "x", "y", "loss"]])
        rows.append(_result_row(name, path, minima, reference, setup.tolerance))
    return RaceResult(
        paths=pd.concat(drawn, ignore_index=True),
        series=pd.concat(series, ignore_index=True),
        table=pd.DataFrame(rows),
        full_paths=pd.concat(full, ignore_index=True),
        reference_loss=reference,
        has_minimum=bool(len(minima)),
        explain=pd.concat([runs[optimizer].explained for optimizer in setup.optimizers], ignore_index=True),
    )


def explained_run(name: str, hyper: dict, path, domain) -> pd.DataFrame:
    """Optimizer ``name``'s explained steps (``step_frame``) with their arrow scale k (per step) and box
    scale (per optimizer) on ``domain``, numbers as float32 (a cached run keeps it: 1000 steps at most; a
    race's explain frame is every run's, 6 × 1000 rows at most)."""
    frame = step_frame(name, hyper, path)
    frame = frame.assign(k=arrow_scales(frame, domain), box=box_scale(frame))
    return frame.astype({c: "float32" for c in frame.columns if frame[c].dtype == "float64"})


def _result_row(name, path, minima, reference, tolerance) -> dict:
    """Final and best loss, first step within ``tolerance`` of L*, distance to the nearest minimum."""
    gap = path.losses - reference
    within = np.nonzero(gap <= tolerance)[0]
    final = path.points[-1]
    distance = float(np.min(np.linalg.norm(minima - final, axis=-1))) if len(minima) else np.nan
    return {
        "optimizer": name,
        "final loss": float(path.losses[-1]),
        "best loss": float(path.losses.min()),
        "steps to tolerance": int(within[0]) if len(within) else None,
        "distance to nearest minimum": distance,
        "diverged_at": path.diverged_at,
    }


def learning_rate_sweep(surface_choice: SurfaceChoice, names, hypers, start, steps: int, count: int = 40):
    """Final loss vs η (``count`` log-spaced values from 1e-4 to 10) for each optimizer; one vectorised run each.

    Returns columns optimizer, lr, final_loss, diverged. Diverged runs report their last finite loss.
    """
    surface = surface_choice.build()
    lrs = np.geomspace(1e-4, 10.0, count)
    frames = []
    for name, hyper in zip(names, hypers):
        other = {k: v for k, v in hyper if k != "lr"}
        path = sweep_learning_rates(surface, name, lrs, start, steps, **other)
        frames.append(
            pd.DataFrame(
                {
                    "optimizer": name,
                    "lr": lrs,
                    "final_loss": path.losses[-1],
                    "diverged": path.diverged_at >= 0,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def basin_map(surface_choice: SurfaceChoice, name: str, hyper, steps: int, n: int = 40, radius: float = 0.25):
    """Which known minimum each of an n × n grid of starts ends near (within ``radius``), for one optimizer.

    Returns columns x, y, basin: the index of that minimum in ``surface.minima``, ELSEWHERE or DIVERGED.
    """
    surface = surface_choice.build()
    (x0, x1), (y0, y1) = surface.domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    starts = np.stack([gx.ravel(), gy.ravel()], axis=-1)
    path = simulate(surface, optimizers.make(name, **dict(hyper)), starts, steps, record=False)
    minima = np.array(surface.minima, dtype=float).reshape(-1, 2)
    final = path.points[-1]
    distances = np.linalg.norm(final[:, None, :] - minima[None, :, :], axis=-1)
    nearest = distances.argmin(axis=1)
    basin = np.where(distances[np.arange(len(final)), nearest] <= radius, nearest, ELSEWHERE)
    basin[path.diverged_at >= 0] = DIVERGED
    return pd.DataFrame({"x": starts[:, 0], "y": starts[:, 1], "basin": basin})
