"""The Surface value: a 2D loss function with its analytic gradient and what it teaches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray
Domain = tuple[tuple[float, float], tuple[float, float]]


OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


@dataclass(frozen=True)
class Suggested:
    """A surface's own default run: the setup under which its ``teaches`` sentence holds.

    ``lr`` pairs each of the six optimizers with its η, ``steps`` is the run length, ``start`` the start
    point and ``momentum_lambda`` the λ of Momentum and Nesterov (None: the optimizer's default, 0.9).
    Every run with these values stays finite; tests/test_suggested_setups.py pins each surface's claim.
    """

    lr: tuple[tuple[str, float], ...]
    steps: int
    start: tuple[float, float]
    momentum_lambda: float | None = None

    def lr_for(self, name: str) -> float:
        return dict(self.lr)[name]


def suggest(
    start: tuple[float, float],
    steps: int,
    *,
    sgd: float,
    momentum: float,
    nesterov: float,
    adagrad: float,
    rmsprop: float,
    adam: float,
    momentum_lambda: float | None = None,
) -> Suggested:
    """A Suggested setup, one η per optimizer by name."""
    lr = dict(sgd=sgd, momentum=momentum, nesterov=nesterov, adagrad=adagrad, rmsprop=rmsprop, adam=adam)
    return Suggested(
        tuple((name, float(lr[name])) for name in OPTIMIZER_NAMES),
        int(steps),
        (float(start[0]), float(start[1])),
        momentum_lambda,
    )


@dataclass(frozen=True)
class Surface:
    """A loss surface L(x, y) over the plane.

    ``f(xy)`` maps an array of shape (..., 2) to values of shape (...); ``grad(xy)`` maps (..., 2) to
    (..., 2). Both are vectorised, so one call evaluates a point, a path or a whole grid.
    ``latex`` is f and ``grad_latex`` is ∇f, each a bare KaTeX expression (no "L =" in front);
    ``teaches`` is one sentence on what the surface shows about optimizers; ``suggested`` is the setup
    (η per optimizer, steps, start) under which that sentence holds, or None (parsed formulas).
    ``hess(xy)`` maps (..., 2) to the exact Hessian (..., 2, 2) (analytic for the built-in surfaces,
    symbolic for parsed formulas); ``hessian(xy)`` calls it, or differences ``grad`` where a surface has none.
    """

    name: str
    title: str
    f: Callable[[Array], Array] = field(repr=False)
    grad: Callable[[Array], Array] = field(repr=False)
    domain: Domain
    minima: tuple[tuple[float, float], ...]
    start: tuple[float, float]
    latex: str
    teaches: str
    grad_latex: str = ""
    params: tuple[tuple[str, float], ...] = ()
    suggested: Suggested | None = None
    grad_size: int = 16
    hess: Callable[[Array], Array] | None = field(default=None, repr=False, compare=False)

    def hessian(self, xy: Array) -> Array:
        """∇²f at points (..., 2): (..., 2, 2), symmetric. Exact when the surface has ``hess``; otherwise a
        central difference of ``grad`` with h = 1e-5 × the domain's larger side."""
        xy = np.asarray(xy, dtype=float)
        if self.hess is not None:
            return self.hess(xy)
        return central_hessian(
            self.grad, xy, HESSIAN_STEP * max(np.ptp(self.domain[0]), np.ptp(self.domain[1]))
        )

    def value_and_grad(self, xy: Array) -> tuple[Array, Array]:
        xy = np.asarray(xy, dtype=float)
        return self.f(xy), self.grad(xy)

    def grid(self, resolution: int = 150) -> tuple[Array, Array, Array]:
        """f on a resolution × resolution grid over the domain: (xs, ys, values[iy, ix])."""
        (x0, x1), (y0, y1) = self.domain
        xs = np.linspace(x0, x1, resolution)
        ys = np.linspace(y0, y1, resolution)
        xy = np.stack(np.meshgrid(xs, ys), axis=-1)
        with np.errstate(all="ignore"):
            values = self.f(xy)
        return xs, ys, np.asarray(values, dtype=float)


HESSIAN_STEP = 1e-5  # a difference Hessian's h, as a fraction of the domain's larger side


def central_hessian(grad: Callable[[Array], Array], xy: Array, h: float) -> Array:
    """Column j = (∇f(p + h e_j) − ∇f(p − h e_j)) / 2h, symmetrised: (..., 2, 2)."""
    xy = np.asarray(xy, dtype=float)
    with np.errstate(all="ignore"):
        columns = [(grad(xy + h * e) - grad(xy - h * e)) / (2 * h) for e in np.eye(2)]
    matrix = np.stack(columns, axis=-1)
    return 0.5 * (matrix + np.swapaxes(matrix, -1, -2))


def hessian_of(xy: Array, hxx, hxy, hyy) -> Array:
    """The symmetric (..., 2, 2) matrices [[hxx, hxy], [hxy, hyy]] at points ``xy`` (..., 2), constants
    broadcast to the points' shape."""
    shape = np.broadcast_shapes(np.shape(xy)[:-1], np.shape(hxx), np.shape(hxy), np.shape(hyy))
    out = np.empty((*shape, 2, 2))
    out[..., 0, 0], out[..., 0, 1], out[..., 1, 0], out[..., 1, 1] = hxx, hxy, hxy, hyy
    return out


def split(xy: Array) -> tuple[Array, Array]:
    """The x and y coordinates of an array of points (..., 2)."""
    xy = np.asarray(xy, dtype=float)
    return xy[..., 0], xy[..., 1]


def stack(dx: Array, dy: Array) -> Array:
    """Two gradient components back into one (..., 2) array (broadcasting constants)."""
    out = np.empty((*np.broadcast_shapes(np.shape(dx), np.shape(dy)), 2))
    out[..., 0], out[..., 1] = dx, dy
    return out
