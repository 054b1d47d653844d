"""Explain a step: what each optimizer did at step t, as plain data (numpy and pandas, no Streamlit).

At step t the optimizer stands at θ^t, reads g^t = ∇L(θ^t) (noise included) and moves by Δθ^t = θ^(t+1) − θ^t.
The lecture's rules, with the state after step t carrying the superscript t (v^−1 = 0, Σ^−1 = 0):

    sgd       Δθ^t = −η g^t
    momentum  v^t = λ v^(t−1) − η g^t;  Δθ^t = v^t                 terms: λ v^(t−1) and −η g^t
    nesterov  v^t = λ v^(t−1) − η g^t;  Δθ^t = λ v^t − η g^t       terms: λ v^t and −η g^t
    adagrad   σ^t = √(Σ_{i≤t} (g^i)²);  Δθ^t = −η/σ^t ⊙ g^t
    rmsprop   σ^t = √(α (σ^(t−1))² + (1 − α)(g^t)²) (σ⁰ = |g⁰| in the lecture);  Δθ^t = −η/σ^t ⊙ g^t
    adam      m^t = β₁ m^(t−1) + (1 − β₁) g^t;  u^t = β₂ u^(t−1) + (1 − β₂)(g^t)²;
              Δθ^t = −η m̂^t / (√û^t + ε),  m̂^t = m^t / (1 − β₁^(t+1)),  û^t = u^t / (1 − β₂^(t+1))

so the terms of a momentum update add up to it (the arrows drawn on the surface), and σ^t (√û^t for
Adam) is what divides η per coordinate (the box: wide where the step is slowed down).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from engine import schedules

EXPLAIN_LIMIT = 1000  # steps explained per optimizer: a longer race is explained at every k-th step
MEMORY_BARS = 40  # past gradients drawn in the momentum-memory bars (λ^39 < 0.02 for λ = 0.9)
ARROW_SHARE = 0.18  # a step's longest arrow is drawn about this share of the domain's shorter side
ARROWS = ("u", "gs", "m")  # the update Δθ^t, the gradient step −η g^t, the momentum term
BOX_PIXELS = 50.0  # the σ box's half-width, in pixels, for an optimizer's largest σ (its 98th percentile)
MOMENTUM_KINDS = ("momentum", "nesterov")
ADAPTIVE_KINDS = ("adagrad", "rmsprop", "adam")
NUMBER_COLUMNS = tuple(  # the numbers a rule is written with (ui/race/explain_charts.py)
    f"{name}{axis}" for name in ("g", "u", "r", "a", "pa", "b", "pb", "s", "gs", "m") for axis in "xy"
)


def explained_steps(steps: int, limit: int = EXPLAIN_LIMIT) -> np.ndarray:
    """The steps explained of a run of ``steps`` real steps (0 .. steps − 1): all, or every k-th and the last."""
    if steps <= 0:
        return np.arange(0)
    stride = max(1, math.ceil(steps / limit))
    keep = np.arange(0, steps, stride)
    return keep if keep[-1] == steps - 1 else np.append(keep, steps - 1)


def real_steps(path) -> int:
    """How many of a path's steps moved it (up to a divergence at step N: N − 1, the last good one)."""
    return path.steps if path.diverged_at is None else max(path.diverged_at - 1, 0)


def sigma(name: str, hyper: dict, trace: dict, step: np.ndarray) -> np.ndarray | None:
    """σ^t per coordinate, (len(step), 2): √Σg² (adagrad), √(mean of g²) (rmsprop), √û (adam); else None."""
    if name in ("adagrad", "rmsprop"):
        return np.sqrt(trace["sum_sq" if name == "adagrad" else "mean_sq"])
    if name == "adam":
        return np.sqrt(trace["mean_sq"] / (1 - hyper["beta2"] ** (step + 1.0))[:, None])
    return None


def momentum_term(name: str, hyper: dict, velocity: np.ndarray, previous: np.ndarray) -> np.ndarray | None:
    """The momentum part of the update: λ v^(t−1) (momentum, Lee's form) or λ v^t (nesterov); else None."""
    if name == "momentum":
        return hyper["momentum"] * previous
    if name == "nesterov":
        return hyper["momentum"] * velocity
    return None


def shifted(values: np.ndarray) -> np.ndarray:
    """Row t − 1 at row t (zeros at t = 0): the state before each step."""
    return np.vstack([np.zeros((1, values.shape[1])), values[:-1]])


def step_frame(name: str, hyper: dict, path, limit: int = EXPLAIN_LIMIT) -> pd.DataFrame:
    """One row per explained step t of optimizer ``name``'s ``path`` (one start, recorded):

    step; x, y (θ^t); eta (η_t = η·s(t), the schedule's); gx, gy (g^t); ux, uy (Δθ^t); rx, ry (the rate η/σ it used); ax, ay and pax, pay (its
    first state field after and before the step: v, Σg², mean of g² or m); bx, by, pbx, pby (Adam's u);
    sx, sy (σ^t, adaptive ones); gsx, gsy (−η_t g^t, the plain gradient step); mx, my (the momentum term).
    Absent quantities are NaN.
    """
    n = real_steps(path)
    keep = explained_steps(n, limit)
    eta = step_rates(hyper, n)
    trace = {field: values[:n] for field, values in path.trace.items()}
    missing = np.full((n, 2), np.nan)
    first = next(iter(trace.values()), missing)
    second = trace["mean_sq"] if name == "adam" else missing
    rate = np.broadcast_to(path.effective_lr, (path.steps, 2))[:n]
    gradient = path.gradients[:n]
    columns = {
        "g": gradient,
        "u": path.updates[:n],
        "r": rate,
        "a": first,
        "pa": shifted(first),
        "b": second,
        "pb": shifted(second),
        "s": sigma(name, hyper, trace, np.arange(n)),
        "gs": -(eta[:, None] if name in ADAPTIVE_KINDS else rate) * gradient,
        "m": momentum_term(name, hyper, first, shifted(first)),
    }
    frame = {"step": keep, "x": path.points[keep, 0], "y": path.points[keep, 1], "eta": eta[keep]}
    for prefix, values in columns.items():
        values = missing if values is None else values
        frame[f"{prefix}x"], frame[f"{prefix}y"] = values[keep, 0], values[keep, 1]
    return pd.DataFrame(frame).assign(optimizer=name)


NICE_STEPS = (1.0, 2.0, 5.0)  # the arrows' scale factors: 1, 2, 5, 10, 20, 50, …


def nice_factor(value: float, low: float = 1e-6, high: float = 1e9) -> float:
    """The number 1, 2 or 5 × 10ⁿ nearest ``value`` (in log terms), within [low, high]; 1 for 0 or none."""
    return float(nice_factors(np.array([value]), low, high)[0])


def nice_factors(values: np.ndarray, low: float = 1e-6, high: float = 1e9) -> np.ndarray:
    """``nice_factor`` of every value at once (a race explains every step: a loop over them was ≈ 4 % of a
    rerun's server time): of the candidates 1, 2, 5 × 10ᵈ and × 10ᵈ⁺¹, d = ⌊log₁₀ v⌋, the one with the
    least |log₁₀(c / v)| (the first of a tie), clipped to [low, high]; 1 where v is 0, negative or not
    finite."""
    values = np.asarray(values, dtype=float)
    valid = np.isfinite(values) & (values > 0)
    safe = np.where(valid, values, 1.0)
    decade = np.floor(np.log10(safe)).astype(int)
    # 10ᵈ as Python writes it (numpy's power is an ulp off for negative d): once per decade present
    decades, where = np.unique(np.stack([decade, decade + 1]), return_inverse=True)
    powers = np.array([10.0 ** int(d) for d in decades])[where.reshape(2, -1)]  # (2, n)
    candidates = (np.asarray(NICE_STEPS)[None, :, None] * powers[:, None, :]).reshape(
        2 * len(NICE_STEPS), values.size
    )
    nearest = candidates[np.argmin(np.abs(np.log10(candidates / safe)), axis=0), np.arange(values.size)]
    return np.where(valid, np.clip(nearest, low, high), 1.0)


def arrow_scales(frame: pd.DataFrame, domain) -> np.ndarray:
    """Per explained step, the factor k (1, 2 or 5 × 10ⁿ) its arrows are drawn at: the longest of them (the
    update, the gradient step, the momentum term) is then about ARROW_SHARE of the domain's shorter side,
    so a step of 10⁻⁴ is as readable as one of 1 (the rule's title says ×k)."""
    (x0, x1), (y0, y1) = domain
    lengths = [np.hypot(frame[f"{p}x"].to_numpy(float), frame[f"{p}y"].to_numpy(float)) for p in ARROWS]
    longest = np.nanmax(np.vstack(lengths), axis=0) if len(frame) else np.zeros(0)
    target = ARROW_SHARE * min(x1 - x0, y1 - y0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return nice_factors(target / longest)


def box_scale(frame: pd.DataFrame) -> float:
    """Pixels per unit of σ for one optimizer's σ box, the same at every step (so the box grows and
    shrinks with σ^t): its largest σ (98th percentile over the run) gets BOX_PIXELS; 0 without σ."""
    sides = np.fmax(frame.sx.to_numpy(float), frame.sy.to_numpy(float))
    sides = sides[np.isfinite(sides) & (sides > 0)]
    return BOX_PIXELS / float(np.quantile(sides, 0.98)) if len(sides) else 0.0


def step_rates(hyper: dict, steps: int) -> np.ndarray:
    """η_t = η·s(t) for t = 0 .. steps − 1 (s: the optimizer's schedule, 1 without one)."""
    return hyper["lr"] * schedules.as_schedule(hyper.get("schedule")).factors(steps)


def memory_weights(rates: np.ndarray, momentum: float, bars: int = MEMORY_BARS) -> np.ndarray:
    """Momentum as memory: v^t = −Σ_{i≤t} η_i λ^(t−i) g^i, so at step t = len(rates) − 1 the gradient j
    steps back weighs η_(t−j) λ^j (``rates``: η_0 .. η_t). Lags j = 0 .. bars − 1, 0 before step 0."""
    lag = np.arange(bars)
    back = len(rates) - 1 - lag
    return np.where(back >= 0, np.asarray(rates)[np.maximum(back, 0)], 0.0) * momentum**lag
