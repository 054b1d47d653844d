"""Learning-rate schedules: pure functions t → factor s(t), with t = 0 for the first step.

An optimizer made with a schedule steps with η·s(t) instead of η (``optimizers.make(..., schedule=)``).
Every function takes t as an int or an integer array (vectorised, for the η_t chart) and returns floats:

    constant      s(t) = 1
    inverse_sqrt  s(t) = 1/√(t+1)                            (Lee's η^t = η/√(t+1))
    step          s(t) = γ^⌊t/k⌋                             (γ every k steps)
    exponential   s(t) = γ^t
    cosine        s(t) = floor + (1 − floor)·½(1 + cos(π·min(t, T)/T))   (from 1 to floor over T steps)

A linear warmup of w steps composes with any of them, the schedule starting after it:
    s_w(t) = (t+1)/w for t < w (1/w, 2/w, …, 1), then s(t − w).

``make(name, warmup=w, **params)`` is the hashable Schedule value; calling it is s(t). ``per=k`` counts
t in units of k optimizer steps (s(⌊t/k⌋): a schedule in epochs of k minibatch updates each).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


def constant(t) -> Any:
    """s(t) = 1."""
    return np.ones_like(np.asarray(t, dtype=float)) if np.ndim(t) else 1.0


def inverse_sqrt(t) -> Any:
    """s(t) = 1/√(t+1)."""
    return 1.0 / np.sqrt(np.asarray(t, dtype=float) + 1.0)


def step(t, gamma: float = 0.5, every: int = 100) -> Any:
    """s(t) = γ^⌊t/k⌋: η is multiplied by γ every k steps."""
    return float(gamma) ** np.floor_divide(np.asarray(t), int(every)).astype(float)


def exponential(t, gamma: float = 0.99) -> Any:
    """s(t) = γ^t."""
    return float(gamma) ** np.asarray(t, dtype=float)


def cosine(t, steps: int = 300, floor: float = 0.0) -> Any:
    """s(t) = floor + (1 − floor)·½(1 + cos(π·min(t, T)/T)), T = ``steps``: from 1 down to ``floor``."""
    progress = np.minimum(np.asarray(t, dtype=float), steps) / steps
    return floor + (1.0 - floor) * 0.5 * (1.0 + np.cos(np.pi * progress))


def warmup(t, steps: int, schedule=constant) -> Any:
    """(t+1)/w for t < w = ``steps``, then ``schedule``(t − w): a linear warmup before any schedule."""
    t = np.asarray(t)
    ramp = (t + 1.0) / steps if steps > 0 else np.ones_like(t, dtype=float)
    after = np.asarray(schedule(np.maximum(t - steps, 0)), dtype=float)
    return np.where(t < steps, ramp, after) * 1.0


FUNCTIONS = {
    "constant": constant,
    "inverse_sqrt": inverse_sqrt,
    "step": step,
    "exponential": exponential,
    "cosine": cosine,
}
# Each schedule's parameters and defaults, and their valid ranges (low, high, both inclusive).
PARAMS: dict[str, dict[str, float]] = {
    "constant": {},
    "inverse_sqrt": {},
    "step": {"gamma": 0.5, "every": 100},
    "exponential": {"gamma": 0.99},
    "cosine": {"steps": 300, "floor": 0.0},
}
RANGES = {"gamma": (0.0, 1.0), "every": (1, 100_000), "steps": (1, 100_000), "floor": (0.0, 1.0)}
INTEGER = {"every", "steps"}
MAX_WARMUP = 100_000


@dataclass(frozen=True)
class Schedule:
    """A named schedule with its parameters and warmup: hashable, and ``schedule(t)`` is s(t)."""

    name: str = "constant"
    params: tuple[tuple[str, float], ...] = ()
    warmup: int = 0
    per: int = 1  # optimizer steps per unit of t (a network's updates per epoch)

    def __call__(self, t) -> Any:
        base = FUNCTIONS[self.name]
        params = dict(self.params)
        if self.per != 1:
            t = np.floor_divide(np.asarray(t), self.per)

        def inner(t):
            return base(t, **params)

        if self.warmup:
            return warmup(t, self.warmup, inner)
        return inner(t)

    @property
    def is_constant(self) -> bool:
        """True when every step uses η itself (no schedule, no warmup)."""
        return self.name == "constant" and not self.warmup

    def factors(self, steps: int) -> np.ndarray:
        """s(0), …, s(steps − 1)."""
        return np.asarray(self(np.arange(int(steps))), dtype=float).reshape(-1)


def names() -> list[str]:
    """The schedule names."""
    return list(FUNCTIONS)


def defaults(name: str) -> dict[str, float]:
    """The default parameters of schedule ``name``."""
    _check_name(name)
    return dict(PARAMS[name])


def make(name: str = "constant", warmup: int = 0, per: int = 1, **params: float) -> Schedule:
    """The schedule ``name`` with ``params`` (the others at their defaults), after ``warmup`` steps of
    linear warmup, t counted in units of ``per`` optimizer steps; ValueError names anything not allowed."""
    _check_name(name)
    allowed = PARAMS[name]
    for key, value in params.items():
        if key not in allowed:
            listed = ", ".join(allowed) or "none"
            raise ValueError(f"schedule {name} has no parameter {key!r}; allowed: {listed}")
        low, high = RANGES[key]
        v = float(value)
        if not (np.isfinite(v) and low <= v <= high) or (key in INTEGER and v != int(v)):
            kind = "an integer" if key in INTEGER else "a number"
            raise ValueError(f"schedule parameter {key} must be {kind} in [{low}, {high}], got {value!r}")
    if isinstance(warmup, bool) or not float(warmup) == int(warmup) or not 0 <= int(warmup) <= MAX_WARMUP:
        raise ValueError(f"warmup must be an integer from 0 to {MAX_WARMUP}, got {warmup!r}")
    if isinstance(per, bool) or not float(per) == int(per) or not 1 <= int(per) <= MAX_WARMUP:
        raise ValueError(f"per must be an integer from 1 to {MAX_WARMUP}, got {per!r}")
    values = allowed | params
    typed = tuple((k, int(v) if k in INTEGER else float(v)) for k, v in values.items())
    return Schedule(name, typed, int(warmup), int(per))


def as_schedule(schedule) -> Schedule:
    """A Schedule from a Schedule, a name (its default parameters) or None (constant)."""
    if schedule is None:
        return Schedule()
    if isinstance(schedule, Schedule):
        return schedule
    if isinstance(schedule, str):
        return make(schedule)
    raise ValueError(
        f"schedule must be a name or a schedules.make(...) result, got {type(schedule).__name__}"
    )


def _check_name(name: str) -> None:
    if name not in FUNCTIONS:
        raise ValueError(f"unknown schedule {name!r}; choose one of: {', '.join(FUNCTIONS)}")
