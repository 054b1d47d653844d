"""Six optimizers, each a pair of pure functions ``init(params) -> state`` and
``step(params, grads, state) -> (params, state)``, closed over their hyperparameters (optax's first shape).

Every function works on float arrays of any shape, elementwise, so one optimizer can move a single point,
a batch of starts, or a network's weight matrix. A hyperparameter may itself be an array that broadcasts
against the parameters: that is how a learning-rate sweep runs many rates in one vectorised call.
Arguments are never mutated; new arrays are returned.

Lecture forms (../shared/LECTURE.md), with g^t = ∇L(θ^t):
    sgd       θ ← θ − η g
    momentum  v ← λ v − η g;  θ ← θ + v                    (Lee's form; equals torch SGD(momentum=λ))
    nesterov  v ← λ v − η g;  θ ← θ + λ v − η g            (torch SGD(momentum=λ, nesterov=True))
    adagrad   s ← s + g²;  θ ← θ − η g / (√s + ε)          (torch Adagrad)
    rmsprop   σ⁰ = |g⁰| (lecture) or σ² = (1 − α) g² (init="zeros", torch/Hinton);
              σ² ← α σ² + (1 − α) g²;  θ ← θ − η g / (σ + ε)
    adam      m ← β₁ m + (1 − β₁) g;  u ← β₂ u + (1 − β₂) g²;  θ ← θ − η m̂ / (√û + ε)   (torch Adam)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from engine import schedules

Array = np.ndarray


class Optimizer(NamedTuple):
    """An optimizer: its name, its hyperparameters and its pure functions.

    ``rate(state)`` is the per-coordinate learning rate the last step really used: η for sgd, momentum
    and nesterov; η / (σ + ε) for adagrad, rmsprop and adam (for adam σ = √û, the bias-corrected RMS).
    """

    name: str
    hyper: dict[str, Any]
    init: Callable[[Array], Any]
    step: Callable[[Array, Array, Any], tuple[Array, Any]]
    rate: Callable[[Any], Array]


class VelocityState(NamedTuple):
    velocity: Array


class SumSqState(NamedTuple):
    sum_sq: Array


class MeanSqState(NamedTuple):
    mean_sq: Array
    step: int


class AdamState(NamedTuple):
    mean: Array
    mean_sq: Array
    step: int


class ScheduledState(NamedTuple):
    """The state of an optimizer with a schedule: its own state as ``inner``, and the steps taken."""

    inner: Any
    step: int


def sgd(lr: float = 0.01) -> Optimizer:
    """θ^(t+1) = θ^t − η g^t."""

    def init(params):
        return ()

    def step(params, grads, state):
        return params - lr * grads, state

    return Optimizer("sgd", {"lr": lr}, init, step, lambda state: lr)


def momentum(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v^t = λ v^(t−1) − η ∇L(θ^(t−1));  θ^t = θ^(t−1) + v^t;  v^0 = 0 (Lee's form)."""

    def init(params):
        return VelocityState(np.zeros_like(params, dtype=float))

    def step(params, grads, state):
        velocity = momentum * state.velocity - lr * grads
        return params + velocity, VelocityState(velocity)

    return Optimizer("momentum", {"lr": lr, "momentum": momentum}, init, step, lambda state: lr)


def nesterov(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v^t = λ v^(t−1) − η g^t;  θ^(t+1) = θ^t + λ v^t − η g^t  (torch's Nesterov, in velocity form)."""

    def init(params):
        return VelocityState(np.zeros_like(params, dtype=float))

    def step(params, grads, state):
        velocity = momentum * state.velocity - lr * grads
        return params + momentum * velocity - lr * grads, VelocityState(velocity)

    return Optimizer("nesterov", {"lr": lr, "momentum": momentum}, init, step, lambda state: lr)


def adagrad(lr: float = 0.1, eps: float = 1e-10) -> Optimizer:
    """θ^(t+1) = θ^t − η / (√(Σ_{i=0..t} (g^i)²) + ε) · g^t."""

    def init(params):
        return SumSqState(np.zeros_like(params, dtype=float))

    def step(params, grads, state):
        sum_sq = state.sum_sq + grads * grads
        return params - lr * grads / (np.sqrt(sum_sq) + eps), SumSqState(sum_sq)

    def rate(state):
        return lr / (np.sqrt(state.sum_sq) + eps)

    return Optimizer("adagrad", {"lr": lr, "eps": eps}, init, step, rate)


RMSPROP_INITS = ("first_grad", "zeros")


def rmsprop(lr: float = 0.01, alpha: float = 0.9, eps: float = 1e-8, init: str = "first_grad") -> Optimizer:
    """σ^0 = |g^0|;  σ^t = √(α (σ^(t−1))² + (1 − α) (g^t)²);  θ^(t+1) = θ^t − η / (σ^t + ε) · g^t.

    ``init="first_grad"`` is the lecture's σ^0 = |g^0| (the first step is η·sign(g^0));
    ``init="zeros"`` starts from σ² = 0 as torch.optim.RMSprop and Hinton's lecture do.
    """
    if init not in RMSPROP_INITS:
        raise ValueError(f"rmsprop init must be one of {RMSPROP_INITS}, got {init!r}")
    first_from_grad = init == "first_grad"

    def init_state(params):
        return MeanSqState(np.zeros_like(params, dtype=float), 0)

    def step(params, grads, state):
        if state.step == 0 and first_from_grad:
            mean_sq = grads * grads
        else:
            mean_sq = alpha * state.mean_sq + (1 - alpha) * (grads * grads)
        return params - lr * (grads / (np.sqrt(mean_sq) + eps)), MeanSqState(mean_sq, state.step + 1)

    def rate(state):
        return lr / (np.sqrt(state.mean_sq) + eps)

    hyper = {"lr": lr, "alpha": alpha, "eps": eps, "init": init}
    return Optimizer("rmsprop", hyper, init_state, step, rate)


def adam(lr: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    """m^t = β₁ m + (1 − β₁) g;  u^t = β₂ u + (1 − β₂) g²;  m̂ = m/(1 − β₁^t);  û = u/(1 − β₂^t);
    θ^t = θ^(t−1) − η m̂ / (√û + ε)."""

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamState(zeros, zeros, 0)

    def step(params, grads, state):
        t = state.step + 1
        mean = beta1 * state.mean + (1 - beta1) * grads
        mean_sq = beta2 * state.mean_sq + (1 - beta2) * grads * grads
        mean_hat = mean / (1 - beta1**t)
        mean_sq_hat = mean_sq / (1 - beta2**t)
        return params - lr * mean_hat / (np.sqrt(mean_sq_hat) + eps), AdamState(mean, mean_sq, t)

    def rate(state):
        return lr / (np.sqrt(state.mean_sq / (1 - beta2 ** max(state.step, 1))) + eps)

    return Optimizer("adam", {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}, init, step, rate)


REGISTRY: dict[str, Callable[..., Optimizer]] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
}

# Valid ranges of the numeric hyperparameters: (low, high, low inclusive, high inclusive).
RANGES = {
    "lr": (0.0, np.inf, False, False),
    "momentum": (0.0, 1.0, True, False),
    "alpha": (0.0, 1.0, True, False),
    "beta1": (0.0, 1.0, True, False),
    "beta2": (0.0, 1.0, True, False),
    "eps": (0.0, 1.0, True, True),
}


def names() -> list[str]:
    """The optimizer names, in the lecture's order of ideas."""
    return list(REGISTRY)


def defaults(name: str) -> dict[str, Any]:
    """The default hyperparameters of the optimizer ``name``."""
    return dict(make(name).hyper)


def make(name: str, schedule=None, **hyper: Any) -> Optimizer:
    """The optimizer ``name`` with the given hyperparameters; ValueError names anything not allowed.

    ``schedule`` (a schedule name with its default parameters, or a ``schedules.make(...)`` result) makes
    step t (t = 0 first) use η·s(t): see ``scheduled``. None or "constant" without warmup: η every step.
    """
    if name not in REGISTRY:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(REGISTRY)}")
    factory = REGISTRY[name]
    allowed = factory.__code__.co_varnames[: factory.__code__.co_argcount]
    for key, value in hyper.items():
        if key not in allowed:
            raise ValueError(f"{name} has no hyperparameter {key!r}; allowed: {', '.join(allowed)}")
        if key in RANGES:
            _check_range(key, value)
    opt = factory(**hyper)
    schedule = schedules.as_schedule(schedule)
    return opt if schedule.is_constant else scheduled(opt, schedule)


def scheduled(opt: Optimizer, schedule: schedules.Schedule) -> Optimizer:
    """``opt`` whose step t uses the learning rate η·s(t) in place of η (in every place η appears: for
    Momentum v ← λv − η·s(t)·g). Its state is ScheduledState(inner=opt's state, step=t); ``rate`` is the
    rate of the last step, so it includes s(t − 1)."""
    factory, lr = REGISTRY[opt.name], opt.hyper["lr"]
    others = {k: v for k, v in opt.hyper.items() if k != "lr"}

    factors: list[np.ndarray] = [schedule.factors(256)]  # s(0..n−1), doubled when a run goes further

    def at(t: int) -> Optimizer:
        if t >= len(factors[0]):
            factors[0] = schedule.factors(2 * t + 1)
        return factory(lr=lr * float(factors[0][t]), **others)

    def init(params):
        return ScheduledState(opt.init(params), 0)

    def step(params, grads, state):
        params, inner = at(state.step).step(params, grads, state.inner)
        return params, ScheduledState(inner, state.step + 1)

    def rate(state):
        return at(max(state.step - 1, 0)).rate(state.inner)

    return Optimizer(opt.name, opt.hyper | {"schedule": schedule}, init, step, rate)


def _check_range(key: str, value: Any) -> None:
    low, high, low_ok, high_ok = RANGES[key]
    v = np.asarray(value, dtype=float)
    inside = np.isfinite(v) & ((v >= low) if low_ok else (v > low)) & ((v <= high) if high_ok else (v < high))
    if not np.all(inside):
        interval = f"{'[' if low_ok else '('}{low}, {high}{']' if high_ok else ')'}"
        raise ValueError(f"hyperparameter {key} must be finite and in {interval}, got {value!r}")
