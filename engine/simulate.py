"""Run an optimizer on a 2D loss surface: one start, or many starts (and many learning rates) at once.

A run *diverges* at the first step t whose point or loss is non-finite or beyond ``limit`` in absolute
value. It then freezes: points, losses and rates (and the recorded gradients and optimizer state) from step
t on repeat the last good ones, so no NaN or infinity ever reaches a chart, and ``diverged_at`` says where
it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine import optimizers
from engine.optimizers import Optimizer

DIVERGENCE_LIMIT = 1e6
MAX_STEPS = 100_000


@dataclass(frozen=True)
class Path:
    """The result of :func:`simulate`, with ``...`` the batch shape of the starts ((), or (n,)).

    points        (steps + 1, ..., 2)  θ^0 .. θ^steps
    losses        (steps + 1, ...)     L(θ^t)
    effective_lr  (steps, ..., 2)      the per-coordinate rate each step used (``Optimizer.rate``): η for
                                       sgd/momentum/nesterov, η/(σ+ε) for adagrad/rmsprop/adam
    diverged_at   int or None for one start; for many starts an int array, −1 where the run never diverged
    gradients     (steps, ..., 2)      g^t, the gradient step t used at θ^t (its noise included)
    trace         {field: (steps, ..., 2)}  the optimizer's state after each step, named as in its state
                                       tuple: velocity (momentum, nesterov), sum_sq (adagrad), mean_sq
                                       (rmsprop, adam), mean (adam); {} for sgd
    updates       (steps, ..., 2)      Δθ^t = θ^(t+1) − θ^t (a property: the points' differences)

    After a divergence at step N the points are frozen, so the updates from step N − 1 on are 0, while the
    gradients, trace and effective_lr repeat step N − 2's (0 when N = 1). ``simulate(..., record=False)``
    (sweeps, basin maps: many starts) records neither: gradients is None and trace is {}.
    """

    points: np.ndarray
    losses: np.ndarray
    effective_lr: np.ndarray
    diverged_at: Any
    gradients: np.ndarray | None = None
    trace: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def updates(self) -> np.ndarray:
        """Δθ^t = θ^(t+1) − θ^t, (steps, ..., 2)."""
        return np.diff(self.points, axis=0)

    @property
    def steps(self) -> int:
        return self.points.shape[0] - 1

    @property
    def diverged(self) -> np.ndarray:
        """True where the run diverged (a bool for one start, an array for many)."""
        if self.diverged_at is None or isinstance(self.diverged_at, int):
            return self.diverged_at is not None
        return self.diverged_at >= 0


def simulate(
    surface,
    opt,
    start,
    steps: int,
    noise: float = 0.0,
    seed: int = 0,
    limit: float = DIVERGENCE_LIMIT,
    on_step: Callable[[int], object] | None = None,
    every: int = 100,
    record: bool = True,
) -> Path:
    """θ^(t+1) = opt.step(θ^t, ∇L(θ^t) + σ·ξ^t), ξ^t ~ N(0, I), for ``steps`` steps from ``start``.

    ``surface`` is a Surface (or a registered name), ``opt`` an Optimizer (or an optimizer name, with its
    default hyperparameters), ``start`` a point (2,) or many points (n, 2) run side by side; ``noise`` σ ≥ 0
    mimics minibatch gradients, reproducibly by ``seed``. ``on_step(t)``, if given, is called after every
    ``every``-th step (for progress); an exception it raises ends the simulation and propagates (a caller's
    way to stop long work), and what it returns is ignored. ``record=False`` skips the gradients and the
    optimizer-state trace (their memory is steps × starts × 2 floats each).
    """
    surface = _as_surface(surface)
    opt = _as_optimizer(opt)
    start = _as_start(start)
    steps = _as_steps(steps)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    rng = np.random.default_rng(seed) if noise > 0 else None

    batch = start.shape[:-1]
    points = np.empty((steps + 1, *batch, 2))
    rates = np.empty((steps, *batch, 2))
    gradients = np.empty((steps, *batch, 2)) if record else None
    trace: dict[str, np.ndarray] = {}
    # A run's point divergence is tracked in the loop (the run must freeze); its loss is computed for all
    # steps at once afterwards, and a run whose loss went bad first is frozen from there.
    point_diverged_at = np.full(batch, steps + 1, dtype=int)

    with np.errstate(all="ignore"):
        theta = start.copy()
        points[0] = theta
        state = opt.init(theta)
        rate = np.zeros_like(theta)
        alive = np.ones(batch, dtype=bool)
        for t in range(1, steps + 1):
            g = surface.grad(theta)
            if rng is not None:
                g = g + noise * rng.standard_normal(theta.shape)
            new_theta, state = opt.step(theta, g, state)
            new_rate = opt.rate(state)
            if record:
                gradients[t - 1] = g
                for name, value in state_arrays(state, theta.shape).items():
                    trace.setdefault(name, np.empty((steps, *batch, 2)))[t - 1] = value
            if abs(new_theta).max() <= limit:
                theta, rate = new_theta, new_rate
            else:
                ok = (abs(new_theta) <= limit).all(-1)
                point_diverged_at[alive & ~ok] = t
                alive = alive & ok
                if not alive.any():
                    points[t:], rates[t - 1 :] = theta, rate
                    break
                theta = np.where(alive[..., None], new_theta, theta)
                rate = np.where(alive[..., None], new_rate, rate)
            points[t], rates[t - 1] = theta, rate
            if on_step is not None and t % every == 0:
                on_step(t)
        losses = np.asarray(surface.f(points), dtype=float)

    diverged_at = np.minimum(point_diverged_at, _first_bad_loss(losses, limit))
    per_step = [rates] + ([gradients, *trace.values()] if record else [])
    _freeze_after(diverged_at, points, losses, per_step)
    diverged_at = np.where(diverged_at > steps, -1, diverged_at)
    if not batch and diverged_at == 0:
        x, y = (float(v) for v in start)
        raise ValueError(f"start ({x:g}, {y:g}) has a non-finite or huge loss on this surface")

    if batch:
        return Path(points, losses, rates, diverged_at, gradients, trace)
    return Path(points, losses, rates, None if diverged_at < 0 else int(diverged_at), gradients, trace)


def state_arrays(state, shape: tuple) -> dict[str, np.ndarray]:
    """The fields of an optimizer's state tuple that hold one value per coordinate (arrays of ``shape``), by
    name; a field named ``inner`` that is itself a state tuple (a wrapper's) is read the same way."""
    found = {}
    for name, value in getattr(state, "_asdict", dict)().items():
        if name == "inner" and hasattr(value, "_asdict"):
            found |= state_arrays(value, shape)
        elif isinstance(value, np.ndarray) and value.shape == shape:
            found[name] = value
    return found


def sweep_learning_rates(surface, name: str, learning_rates, start, steps: int, **hyper) -> Path:
    """One vectorised run of optimizer ``name`` per learning rate, all from the same ``start``.

    Returns a Path with batch shape (len(learning_rates),).
    """
    lrs = np.asarray(learning_rates, dtype=float).reshape(-1)
    if lrs.size == 0:
        raise ValueError("learning_rates must not be empty")
    opt = optimizers.make(name, **{**hyper, "lr": lrs[:, None]})
    starts = np.broadcast_to(_as_start(start), (lrs.size, 2))
    return simulate(surface, opt, starts, steps, record=False)


def _first_bad_loss(losses: np.ndarray, limit: float) -> np.ndarray:
    """Per run, the first step whose loss is non-finite or beyond ``limit`` (steps + 1 where none is)."""
    bad = ~(np.abs(losses) <= limit)
    return np.where(bad.any(0), bad.argmax(0), losses.shape[0])


def _freeze_after(diverged_at: np.ndarray, points: np.ndarray, losses: np.ndarray, per_step: list) -> None:
    """From each run's divergence step t on, repeat point t − 1, and in the per-step arrays (rates,
    gradients, trace: one row per step) row t − 2, or 0 when t = 1 (in place; runs diverged at 0 keep NaN)."""
    steps = points.shape[0] - 1
    for index in zip(*np.nonzero(np.atleast_1d(diverged_at) <= steps)):
        run = index if diverged_at.ndim else ()
        t = int(diverged_at[run])
        if t == 0:
            continue
        points[(slice(t, None), *run)] = points[(t - 1, *run)]
        losses[(slice(t, None), *run)] = losses[(t - 1, *run)]
        for rows in per_step:
            rows[(slice(t - 1, None), *run)] = rows[(t - 2, *run)] if t >= 2 else 0.0


def _as_surface(surface):
    if isinstance(surface, str):
        import surfaces

        return surfaces.get(surface)
    if not (callable(getattr(surface, "f", None)) and callable(getattr(surface, "grad", None))):
        raise ValueError(f"surface must be a Surface or a surface name, got {type(surface).__name__}")
    return surface


def _as_optimizer(opt) -> Optimizer:
    if isinstance(opt, str):
        return optimizers.make(opt)
    if not isinstance(opt, Optimizer):
        raise ValueError(f"opt must be an Optimizer or one of {optimizers.names()}, got {type(opt).__name__}")
    return opt


def _as_start(start) -> np.ndarray:
    try:
        xy = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"start must be a point (x, y) or an array of points (n, 2), got {start!r}"
        ) from None
    if xy.ndim not in (1, 2) or xy.shape[-1] != 2 or xy.size == 0:
        raise ValueError(f"start must have shape (2,) or (n, 2), got shape {xy.shape}")
    if not np.all(np.isfinite(xy)):
        raise ValueError(f"start must be finite, got {start!r}")
    return xy


def _as_steps(steps) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be an integer from 0 to {MAX_STEPS}, got {steps!r}")
    return int(steps)
