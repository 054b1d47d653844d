"""Three surfaces designed for the lecture's points on adaptive learning rates and momentum.

plateau        L = ¾(1 − tanh(2(x + 3))) + 1 − exp(−(x − 3)²/2) + ¼y²
ravine         L = 4(y − sin x)² + x²/20
local_minimum  L = (x − 3)²/20 − ½exp(−2(x + 1)²) − exp(−(x − 3)²/2) + ½y²
"""

from __future__ import annotations

import numpy as np

from surfaces.surface import Surface, hessian_of, split, stack, suggest

# The lab's first page: one η = 0.1 for every optimizer, 300 steps (README: Why these defaults).
SAME_ETA = dict(sgd=0.1, momentum=0.1, nesterov=0.1, adagrad=0.1, rmsprop=0.1, adam=0.1)


def plateau() -> Surface:
    """A steep slope, then a long nearly flat shelf, then a valley at (3, 0)."""

    def f(xy):
        x, y = split(xy)
        return 0.75 * (1 - np.tanh(2 * (x + 3))) + 1 - np.exp(-((x - 3) ** 2) / 2) + 0.25 * y**2

    def grad(xy):
        x, y = split(xy)
        dx = -1.5 / np.cosh(2 * (x + 3)) ** 2 + (x - 3) * np.exp(-((x - 3) ** 2) / 2)
        return stack(dx, 0.5 * y)

    def hess(xy):
        """∂²f/∂x² = 6 sech²2(x+3)·tanh 2(x+3) + (1 − (x−3)²)e^(−(x−3)²/2);  ∂²f/∂y² = ½"""
        x, _ = split(xy)
        u = 2 * (x + 3)
        hxx = 6 * np.tanh(u) / np.cosh(u) ** 2 + (1 - (x - 3) ** 2) * np.exp(-((x - 3) ** 2) / 2)
        return hessian_of(xy, hxx, 0.0, 0.5)

    return Surface(
        name="plateau",
        title="Plateau",
        f=f,
        grad=grad,
        hess=hess,
        domain=((-5.0, 5.0), (-2.5, 2.5)),
        minima=((3.0, 0.0),),
        start=(-4.5, 1.5),
        latex=r"\tfrac34\bigl(1-\tanh 2(x+3)\bigr) + 1 - e^{-(x-3)^2/2} + \tfrac14 y^2",
        grad_latex=r"\left(-\tfrac{3}{2}\,\mathrm{sech}^2 2(x+3) + (x-3)e^{-(x-3)^2/2},"
        r"\ \tfrac12 y\right)",
        teaches="After a steep start the gradient almost vanishes: SGD crawls and Adagrad, still dividing by "
        "the big gradients it saw first, stalls; RMSProp forgets them and Momentum carries its speed across.",
        suggested=suggest((-4.5, 1.5), 300, **SAME_ETA),
    )


def ravine() -> Surface:
    """A narrow valley that winds along y = sin x, gently sloping down to (0, 0)."""

    def f(xy):
        x, y = split(xy)
        return 4 * (y - np.sin(x)) ** 2 + x**2 / 20

    def grad(xy):
        x, y = split(xy)
        r = y - np.sin(x)
        return stack(-8 * r * np.cos(x) + x / 10, 8 * r)

    def hess(xy):
        """∇²f = [[8cos²x + 8(y − sin x)sin x + 1/10, −8cos x], [−8cos x, 8]]"""
        x, y = split(xy)
        r = y - np.sin(x)
        return hessian_of(xy, 8 * np.cos(x) ** 2 + 8 * r * np.sin(x) + 0.1, -8 * np.cos(x), 8.0)

    return Surface(
        name="ravine",
        title="Ravine",
        f=f,
        grad=grad,
        hess=hess,
        domain=((-5.0, 5.0), (-2.5, 2.5)),
        minima=((0.0, 0.0),),
        start=(-4.5, -1.0),
        latex=r"4\,(y-\sin x)^2 + \tfrac{1}{20}x^2",
        grad_latex=r"\left(-8(y-\sin x)\cos x + \tfrac{x}{10},\ 8(y-\sin x)\right)",
        teaches="Steep walls and a gentle floor: SGD zig-zags between the walls, Adagrad's rate decays while "
        "it is still far away, RMSProp and Momentum follow the curve down.",
        # SGD a little above η = 0.1: across the valley the curvature reaches 8(1 + cos²x) ≤ 16, so
        # η = 0.14 overshoots the floor (η·16 > 1) and zig-zags, yet stays below 2/16.
        suggested=suggest((-4.5, -1.0), 300, **(SAME_ETA | {"sgd": 0.14})),
    )


def _local_minimum_profile(x):
    """h(x) = (x − 3)²/20 − ½exp(−2(x + 1)²) − exp(−(x − 3)²/2) and h'(x)."""
    dip = 0.5 * np.exp(-2 * (x + 1) ** 2)
    well = np.exp(-((x - 3) ** 2) / 2)
    h = (x - 3) ** 2 / 20 - dip - well
    dh = (x - 3) / 10 + 4 * (x + 1) * dip + (x - 3) * well
    return h, dh


def _local_minimum_curvature(x):
    """h''(x) = 1/10 + 2e^(−2(x+1)²)(1 − 4(x+1)²) + e^(−(x−3)²/2)(1 − (x − 3)²)"""
    dip = 0.5 * np.exp(-2 * (x + 1) ** 2)
    well = np.exp(-((x - 3) ** 2) / 2)
    return 0.1 + 4 * dip * (1 - 4 * (x + 1) ** 2) + well * (1 - (x - 3) ** 2)


def _newton_root(df, x, iterations=50, h=1e-6):
    """A root of df near x by Newton's method (the derivative of df by a central difference)."""
    for _ in range(iterations):
        x = x - df(x) / ((df(x + h) - df(x - h)) / (2 * h))
    return float(x)


def local_minimum() -> Surface:
    """A shallow dip at x ≈ −1 on the way down to the global minimum at x ≈ 3."""

    def f(xy):
        x, y = split(xy)
        return _local_minimum_profile(x)[0] + 0.5 * y**2

    def grad(xy):
        x, y = split(xy)
        return stack(_local_minimum_profile(x)[1], y)

    def hess(xy):
        x, _ = split(xy)
        return hessian_of(xy, _local_minimum_curvature(x), 0.0, 1.0)

    slope = lambda x: _local_minimum_profile(x)[1]  # noqa: E731
    global_x, local_x = _newton_root(slope, 3.0), _newton_root(slope, -1.0)
    return Surface(
        name="local_minimum",
        title="Local minimum",
        f=f,
        grad=grad,
        hess=hess,
        domain=((-5.0, 5.0), (-2.5, 2.5)),
        minima=((global_x, 0.0), (local_x, 0.0)),
        start=(-4.5, 1.5),
        latex=r"\tfrac{1}{20}(x-3)^2 - \tfrac12 e^{-2(x+1)^2} - e^{-(x-3)^2/2} + \tfrac12 y^2",
        grad_latex=r"\left(\tfrac{x-3}{10} + 2(x+1)e^{-2(x+1)^2} + (x-3)e^{-(x-3)^2/2},\ y\right)",
        teaches="A shallow dip lies on the way to the deep valley: gradient descent stops in it, Momentum "
        "arrives with speed and rolls through.",
        suggested=suggest((-4.5, 1.5), 300, **SAME_ETA),
    )


TEACHING = {"plateau": plateau, "ravine": ravine, "local_minimum": local_minimum}
