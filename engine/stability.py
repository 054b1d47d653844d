"""Why a run blows up: the stability numbers of a Hessian, as pure functions (numpy only).

Near a point p, L(θ) ≈ L(p) + g·(θ − p) + ½(θ − p)ᵀH(θ − p); along H's eigenvector i, gradient descent
multiplies the error by (1 − η λᵢ) each step, so it is stable when |1 − η λᵢ| < 1 for all i:

    gradient descent   η < 2/λmax
    heavy ball         η < (2 + 2β)/λmax              (v ← βv − ηg, θ ← θ + v; β the momentum coefficient)
    Nesterov           η < (2 + 2β)/((1 + 2β) λmax)

On a quadratic bowl with eigenvalues 0 < λ₁ ≤ λ₂ and κ = λ₂/λ₁ (Distill, "Why Momentum Really Works"):

    the best η for gradient descent    η* = 2/(λ₁ + λ₂),             rate (κ − 1)/(κ + 1) per step
    the best heavy-ball pair           η = (2/(√λ₁ + √λ₂))², β = ((√κ − 1)/(√κ + 1))²,
                                        rate (√κ − 1)/(√κ + 1) per step

A rate r means the distance to the minimum shrinks as rᵗ; ``measured_rate`` reads it off a path.
Every function broadcasts over leading axes; a bound is ∞ where λmax ≤ 0 (nothing to overshoot), and NaN
comes out where the Hessian is not finite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def eigenvalues(hessian) -> Array:
    """λ₁ ≤ λ₂ of each symmetric (..., 2, 2) matrix: (..., 2); NaN where the matrix is not finite."""
    h = np.asarray(hessian, dtype=float)
    finite = np.all(np.isfinite(h), axis=(-2, -1))
    safe = np.where(finite[..., None, None], h, 0.0)
    return np.where(finite[..., None], np.linalg.eigvalsh(safe), np.nan)


def condition_number(lambdas) -> Array:
    """κ = λmax/λmin where both are > 0 (a minimum's curvature), else ∞ (NaN stays NaN)."""
    lam = np.asarray(lambdas, dtype=float)
    low, high = lam[..., 0], lam[..., -1]
    with np.errstate(all="ignore"):
        kappa = np.where(low > 0, high / np.where(low > 0, low, 1.0), np.inf)
    return np.where(np.isnan(low) | np.isnan(high), np.nan, kappa)


def _over(c, lmax) -> Array:
    lmax = np.asarray(lmax, dtype=float)
    with np.errstate(all="ignore"):
        bound = np.where(lmax > 0, c / np.where(lmax > 0, lmax, 1.0), np.inf)
    return np.where(np.isnan(lmax), np.nan, bound)


def gd_bound(lmax) -> Array:
    """The largest stable η of gradient descent: 2/λmax."""
    return _over(2.0, lmax)


def heavy_ball_bound(lmax, beta) -> Array:
    """The largest stable η of heavy-ball momentum with coefficient β: (2 + 2β)/λmax."""
    return _over(2.0 + 2.0 * np.asarray(beta, dtype=float), lmax)


def nesterov_bound(lmax, beta) -> Array:
    """The largest stable η of Nesterov momentum (torch's form): (2 + 2β)/((1 + 2β) λmax)."""
    beta = np.asarray(beta, dtype=float)
    return _over((2.0 + 2.0 * beta) / (1.0 + 2.0 * beta), lmax)


def bound_factor(name: str, beta: float = 0.9) -> float | None:
    """c in η·λmax < c for optimizer ``name``; None for the adaptive ones, whose steps have no such bound."""
    if name == "sgd":
        return 2.0
    if name == "momentum":
        return 2.0 + 2.0 * beta
    if name == "nesterov":
        return (2.0 + 2.0 * beta) / (1.0 + 2.0 * beta)
    return None


def optimal_lr(l1, l2) -> Array:
    """η* = 2/(λ₁ + λ₂): the gradient-descent η that contracts both directions equally fast."""
    return 2.0 / (np.asarray(l1, dtype=float) + np.asarray(l2, dtype=float))


def optimal_rate(kappa) -> Array:
    """(κ − 1)/(κ + 1): the distance to the minimum shrinks by this each step at η*."""
    kappa = np.asarray(kappa, dtype=float)
    return (kappa - 1.0) / (kappa + 1.0)


def optimal_momentum(l1, l2) -> tuple[Array, Array]:
    """The best heavy-ball pair on a quadratic: η = (2/(√λ₁ + √λ₂))², β = ((√κ − 1)/(√κ + 1))²."""
    r1, r2 = np.sqrt(np.asarray(l1, dtype=float)), np.sqrt(np.asarray(l2, dtype=float))
    return (2.0 / (r1 + r2)) ** 2, ((r2 - r1) / (r2 + r1)) ** 2


def optimal_momentum_rate(kappa) -> Array:
    """(√κ − 1)/(√κ + 1): the heavy ball's rate with its best pair."""
    root = np.sqrt(np.asarray(kappa, dtype=float))
    return (root - 1.0) / (root + 1.0)


def gd_rate(lr, l1, l2) -> Array:
    """Gradient descent's rate on a quadratic: max |1 − η λᵢ| (≥ 1: it does not converge)."""
    lr = np.asarray(lr, dtype=float)
    return np.maximum(
        np.abs(1 - lr * np.asarray(l1, dtype=float)), np.abs(1 - lr * np.asarray(l2, dtype=float))
    )


def measured_rate(points, minimum, floor: float = 1e-10) -> float:
    """The rate a path really had: (d_T / d_s)^(1/(T − s)) with d_t = ‖θ_t − θ*‖ over the second half of
    the steps before d_t falls below ``floor`` × d_0 (where rounding takes over). NaN if too short."""
    d = np.linalg.norm(np.asarray(points, dtype=float) - np.asarray(minimum, dtype=float), axis=-1)
    if len(d) < 3 or not d[0] > 0:
        return float("nan")
    small = np.nonzero(~(d > floor * d[0]))[0]
    end = (int(small[0]) if len(small) else len(d)) - 1
    begin = end // 2
    if end - begin < 1:
        return float("nan")
    return float((d[end] / d[begin]) ** (1.0 / (end - begin)))


@dataclass(frozen=True)
class Stability:
    """The stability numbers at one point (see the module): floats, ∞ where a bound does not bind, NaN
    where the Hessian is not finite; the optimal values are NaN unless the point is a bowl (λ₁ > 0)."""

    l1: float
    l2: float
    kappa: float
    gd_bound: float
    heavy_ball_bound: float
    nesterov_bound: float
    optimal_lr: float
    optimal_rate: float
    momentum_lr: float
    momentum_beta: float
    momentum_rate: float

    @property
    def is_bowl(self) -> bool:
        return bool(self.l1 > 0)

    def bound(self, name: str) -> float | None:
        """The largest stable η of optimizer ``name`` here; None for the adaptive ones."""
        return {"sgd": self.gd_bound, "momentum": self.heavy_ball_bound, "nesterov": self.nesterov_bound}.get(
            name
        )


def analyse(hessian, beta: float = 0.9) -> Stability:
    """The stability numbers of one Hessian (2, 2), with β the momentum coefficient of the bounds."""
    l1, l2 = (float(v) for v in eigenvalues(hessian))
    kappa = float(condition_number([l1, l2]))
    bowl = l1 > 0
    nan = float("nan")
    m_lr, m_beta = (float(v) for v in optimal_momentum(l1, l2)) if bowl else (nan, nan)
    return Stability(
        l1=l1,
        l2=l2,
        kappa=kappa,
        gd_bound=float(gd_bound(l2)),
        heavy_ball_bound=float(heavy_ball_bound(l2, beta)),
        nesterov_bound=float(nesterov_bound(l2, beta)),
        optimal_lr=float(optimal_lr(l1, l2)) if bowl else nan,
        optimal_rate=float(optimal_rate(kappa)) if bowl else nan,
        momentum_lr=m_lr,
        momentum_beta=m_beta,
        momentum_rate=float(optimal_momentum_rate(kappa)) if bowl else nan,
    )
