"""A surface's suggested setup for the lab, and plain words for a run that diverged.

Logic without widgets (numpy, the engine and the lab's field table): ``session_values(surface)`` is what the surface picker
loads into the lab's widgets; ``explain_divergence`` says why a run left the surface and finds a safe η.

Curvature: ``surface.hessian``, exact (analytic for the built-in surfaces, symbolic for formulas).

Stability on a quadratic with largest curvature λ (the Hessian's largest eigenvalue):
    SGD       η·λ < 2
    Momentum  η·λ < 2 + 2λ_m                   (heavy ball, λ_m the momentum coefficient)
    Nesterov  η·λ < (2 + 2λ_m) / (1 + 2λ_m)
Adagrad, RMSProp and Adam divide each step by the size of recent gradients, so no such bound holds: their
steps are about η long whatever the slope. For them the safe η is found by running the race again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import optimizers, schedules, stability, sweep_learning_rates
from ui import widgets
from ui.race import fields

OPTIMIZERS = tuple(optimizers.names())
MOMENTUM_METHODS = tuple(name for name in OPTIMIZERS if "momentum" in optimizers.defaults(name))
DEFAULT_LAMBDA = optimizers.defaults("momentum")["momentum"]
SAFETY = 0.9  # the safe η stays below 0.9 × the bound
SEARCH_DECADES = 3  # how far below the current η the safe-η search looks
COARSE = 5  # the safe-η search first tries every 5th grid value (a quarter decade apart)


def snap_lr(value: float, grid: list[float] | None = None) -> float:
    """The largest grid value ≤ ``value`` (the smallest grid value if none is)."""
    grid = fields.LR_CHOICES if grid is None else grid
    below = [v for v in grid if v <= value * (1 + 1e-12)]
    return max(below) if below else min(grid)


def lab_hyper(name: str, lr: float, momentum_lambda: float | None = None) -> dict:
    """The hyperparameters the lab runs ``name`` with: η, and the controls' defaults for everything else."""
    hyper = {"lr": float(lr)} | widgets.hyper_values(name, fields.hyper_key, fields.defaults())
    if momentum_lambda is not None and "momentum" in hyper:
        hyper["momentum"] = float(momentum_lambda)
    return hyper


def _lambda_key(name: str) -> str:
    """The lab's key of the momentum coefficient λ of optimizer ``name``."""
    return fields.hyper_key(name, widgets.HYPER_CONTROLS["momentum"])


def suggested_lrs(setup) -> dict[str, float]:
    """The suggested η of each optimizer the setup has one for, snapped to the lab's grid (an optimizer
    newer than the surfaces' suggestions has none: it keeps the lab's η)."""
    known = dict(setup.lr)
    return {name: snap_lr(known[name]) for name in OPTIMIZERS if name in known}


def suggested_runs(surface) -> dict[str, dict]:
    """Each optimizer's hyperparameters in the surface's suggested setup, η snapped to the lab's grid."""
    setup = surface.suggested
    return {name: lab_hyper(name, lr, setup.momentum_lambda) for name, lr in suggested_lrs(setup).items()}


def session_values(surface) -> dict:
    """The lab's widget values when ``surface`` is picked: its start, and its suggested η and steps.

    One η for all optimizers when they agree (``same_lr`` on, ``lr``), else ``same_lr`` off and one
    ``{name}_lr`` each. Learning rates are the select sliders' strings. A surface without a suggested
    setup (a formula) only moves the start.
    """
    setup = surface.suggested
    if setup is None:
        return {"x0": float(surface.start[0]), "y0": float(surface.start[1])}
    values: dict = {"x0": float(setup.start[0]), "y0": float(setup.start[1]), "steps": float(setup.steps)}
    lrs = suggested_lrs(setup)
    if len(set(lrs.values())) == 1:
        values |= {"same_lr": True, "lr": f"{next(iter(lrs.values())):g}"}
    else:
        values["same_lr"] = False
        values |= {f"{name}_lr": f"{lr:g}" for name, lr in lrs.items()}
    if setup.momentum_lambda is not None:
        values |= {_lambda_key(name): float(setup.momentum_lambda) for name in MOMENTUM_METHODS}
    return values


def race_hyper(state, name: str) -> dict:
    """η and λ of optimizer ``name`` as the lab's widgets hold them (``state``: the session state)."""
    shared = state.get("same_lr", True)
    lr = float(state.get("lr", 0.1) if shared else state.get(f"{name}_lr", 0.1))
    hyper: dict = {"lr": lr}
    if name in MOMENTUM_METHODS:
        hyper["momentum"] = float(state.get(_lambda_key(name), DEFAULT_LAMBDA))
    return hyper


def safe_lr_values(state, name: str, lr: float, names) -> dict:
    """The widget values that give ``name`` the η ``lr`` and keep every other optimizer's η as it is.

    With one η for all, that switch goes off and each optimizer in ``names`` gets the shared η first.
    """
    values: dict = {}
    if state.get("same_lr", True):
        shared = state.get("lr", "0.1")
        values["same_lr"] = False
        values |= {f"{other}_lr": shared for other in names}
    values[f"{name}_lr"] = f"{lr:g}"
    return values


def use_safe_lr(state, name: str, lr: float, names) -> None:
    """Button callback: set ``name``'s η to ``lr`` in ``state`` (the session state)."""
    for key, value in safe_lr_values(state, name, lr, names).items():
        state[key] = value


# ---------------------------------------------------------------- curvature


def hessian(surface, xy) -> np.ndarray:
    """The Hessian (..., 2, 2) at ``xy``: the surface's own, exact."""
    with np.errstate(all="ignore"):
        return surface.hessian(np.asarray(xy, dtype=float))


def largest_curvature(surface, xy):
    """The largest eigenvalue of the Hessian at ``xy`` (..., 2): a float for one point, else an array.

    NaN where the Hessian is not finite.
    """
    top = stability.eigenvalues(hessian(surface, xy))[..., -1]
    return float(top) if top.ndim == 0 else top


bound_factor = stability.bound_factor  # c in η·λmax < c (engine/stability.py)


# ---------------------------------------------------------------- divergence


@dataclass(frozen=True)
class Divergence:
    """Why a run diverged, in the terms of one locale message, and a safe η to offer (or None).

    ``key`` is the locale key of the explanation and ``values`` its placeholders (numbers already
    written as text); ``safe_lr`` is on the lab's grid.
    """

    key: str
    values: dict
    safe_lr: float | None


def _fmt(value: float) -> str:
    """3 significant digits, without an exponent for the curvatures people meet (1510, not 1.51e+03)."""
    return f"{value:.0f}" if 100 <= abs(value) < 1e7 else f"{value:.3g}"


def _point(xy) -> tuple[str, str]:
    return f"{float(xy[0]):.3g}", f"{float(xy[1]):.3g}"


def explain_divergence(surface, name: str, hyper: dict, points, step: int, steps: int) -> Divergence:
    """Why optimizer ``name`` diverged at ``step``, given its path's finite ``points`` (start first).

    In order: the gradient is not finite where the last step was taken (η cannot help: move the start);
    for SGD, Momentum and Nesterov, the curvature bound η·λ < c was crossed at the start or later on the
    path; the loss kept falling (a surface unbounded below, e.g. a saddle); otherwise, in words, the
    steps carried the run beyond 10⁶. The safe η comes from ``safe_lr``.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    start, last = points[0], points[-1]
    values = {"step": step}
    with np.errstate(all="ignore"):
        gradient = surface.grad(last)
    if not np.all(np.isfinite(gradient)):
        x, y = _point(last)
        if len(points) == 1:
            return Divergence("lab.diverged_no_gradient", {"x": x, "y": y}, None)
        return Divergence("lab.diverged_no_gradient_path", values | {"x": x, "y": y}, None)
    lr = float(hyper["lr"])
    momentum = float(hyper.get("momentum", DEFAULT_LAMBDA))
    factor = bound_factor(name, momentum)
    safe = safe_lr(surface, name, hyper, start, steps)
    if factor is not None:
        curvatures = np.atleast_1d(largest_curvature(surface, points))
        # Step t from θ^t uses η_t = η·s(t): with a schedule the product shrinks as η does.
        schedule = schedules.as_schedule(hyper.get("schedule"))
        etas = lr * schedule.factors(len(points))
        crossed = np.nonzero(etas * curvatures > factor)[0]
        if len(crossed):
            at = int(crossed[0])
            bound = "2" if name == "sgd" else _bound_text(name, momentum, factor)
            values |= {
                "curvature": _fmt(curvatures[at]),
                "product": _fmt(etas[at] * curvatures[at]),
                "bound": bound,
                "limit": _fmt(factor / curvatures[at] / (etas[at] / lr)),
                "eta": "η" if schedule.is_constant else "η_t",
            }
            if at == 0:
                return Divergence("lab.diverged_curvature", values, safe)
            x, y = _point(points[at])
            return Divergence("lab.diverged_curvature_path", values | {"x": x, "y": y, "at": at}, safe)
    with np.errstate(all="ignore"):
        losses = np.asarray(surface.f(points), dtype=float)
    if len(losses) > 1 and losses[-1] < losses[0] and losses[-1] <= losses.min() + 1e-12:
        return Divergence("lab.diverged_falls", values, safe)
    if factor is None:
        return Divergence("lab.diverged_adaptive", values | {"lr": f"{lr:g}"}, safe)
    return Divergence("lab.diverged", values, safe)  # the plain words: "its path stops there"


def _bound_text(name: str, momentum: float, factor: float) -> str:
    m = f"{momentum:g}"
    if name == "momentum":
        return f"2 + 2·{m} = {factor:.3g}"
    return f"(2 + 2·{m}) / (1 + 2·{m}) = {factor:.3g}"


def safe_lr(surface, name: str, hyper: dict, start, steps: int) -> float | None:
    """The largest grid η below the current one with which this run stays finite for ``steps`` steps.

    For SGD, Momentum and Nesterov the largest grid η below ``SAFETY`` × the curvature bound at the start
    (c / λ) that stays finite; if none does (the start can be far steeper than the way on), and for the
    adaptive methods, the largest smaller η that stays finite. Candidates (at most ``SEARCH_DECADES``
    decades of the grid) are run coarse to fine: every ``COARSE``-th one in one vectorised sweep, then the
    grid values just above the best of those. None if no candidate stays finite. Pure and not memoised:
    the page caches the whole explanation (ui.optimizer_lab_data.cached_divergence).
    """
    lr = float(hyper["lr"])
    smaller = [v for v in fields.LR_CHOICES if v < lr * (1 - 1e-9)]
    pools = [smaller]
    factor = bound_factor(name, float(hyper.get("momentum", DEFAULT_LAMBDA)))
    if factor is not None:
        curvature = largest_curvature(surface, start)
        if np.isfinite(curvature) and curvature > 0:
            pools.insert(0, [v for v in smaller if v < SAFETY * factor / curvature])
    other = {k: v for k, v in lab_hyper(name, lr, hyper.get("momentum")).items() if k != "lr"}
    if hyper.get("schedule") is not None:
        other["schedule"] = hyper["schedule"]

    def finite(candidates: list[float]) -> list[float]:
        if not candidates:
            return []
        path = sweep_learning_rates(surface, name, np.array(candidates), start, steps, **other)
        return [v for v, bad in zip(candidates, path.diverged_at >= 0) if not bad]

    for pool in pools:
        pool = [v for v in pool if pool and v >= pool[-1] * 10.0**-SEARCH_DECADES]
        coarse = pool[::-1][::COARSE]  # the largest first, then every COARSE-th one below it
        found = finite(coarse)
        if found:
            best = max(found)
            above = [v for v in pool if best < v < best * 10.0 ** (COARSE / 20 + 0.01)]
            return max([best, *finite(above)])
    return None
