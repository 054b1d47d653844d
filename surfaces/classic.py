"""The classic 2D test functions for optimization, each with its hand-derived gradient.

Definitions follow Wikipedia's "Test functions for optimization" (and the argmin crate's testfunctions).
Every f maps points (..., 2) to values (...); every gradient maps (..., 2) to (..., 2).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from surfaces.surface import Array, Surface, hessian_of, split, stack, suggest


def _num(value: float) -> str:
    """A parameter value written for LaTeX: 10.0 -> '10', 0.5 -> '0.5'."""
    return np.format_float_positional(float(value), trim="-")


def _vector(dx: str, dy: str) -> str:
    """A gradient written as a KaTeX column vector."""
    return r"\begin{pmatrix} " + dx + r" \\ " + dy + r" \end{pmatrix}"


# --- bowl -------------------------------------------------------------------------------------------------


def bowl(condition: float = 10.0) -> Surface:
    """f = ½(x² + κy²), an axis-aligned quadratic whose condition number is κ."""
    k = float(condition)
    if not k > 0:
        raise ValueError(f"condition must be > 0, got {condition!r}")

    def f(xy: Array) -> Array:
        """f = ½(x² + κy²)"""
        x, y = split(xy)
        return 0.5 * (x**2 + k * y**2)

    def grad(xy: Array) -> Array:
        """∇f = (x, κy)"""
        x, y = split(xy)
        return stack(x, k * y)

    def hess(xy: Array) -> Array:
        """∇²f = [[1, 0], [0, κ]]"""
        return hessian_of(xy, 1.0, 0.0, k)

    return Surface(
        name="bowl",
        title=f"Elongated bowl (condition number {_num(k)})",
        f=f,
        grad=grad,
        domain=((-3.0, 3.0), (-3.0, 3.0)),
        minima=((0.0, 0.0),),
        start=(-2.5, 1.5),
        latex=r"\frac{1}{2}\left(x^2 + " + _num(k) + r"\,y^2\right)",
        grad_latex=_vector("x", _num(k) + r"\,y"),
        teaches="A high condition number makes plain gradient descent zig-zag across the narrow axis while "
        "crawling along the long one; per-coordinate rates (Adagrad, RMSProp) fix this.",
        params=(("condition", k),),
        hess=hess,
        # The steepest curvature is L = max(1, κ): SGD at 1.8/L overshoots the narrow axis (factor −0.8, a
        # zig-zag) yet stays stable. Adagrad, RMSProp and Adam are scale-free per coordinate: κ-independent.
        suggested=suggest(
            (-2.5, 1.5),
            100,
            sgd=1.8 / max(1.0, k),
            momentum=1.0 / max(1.0, k),
            nesterov=1.0 / max(1.0, k),
            adagrad=1.0,
            rmsprop=0.1,
            adam=0.5,
        ),
    )


# --- rosenbrock -------------------------------------------------------------------------------------------


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """f = (a − x)² + b(y − x²)², minimum 0 at (a, a²) at the end of a curved valley."""
    a, b = float(a), float(b)
    if not b > 0:
        raise ValueError(f"b must be > 0, got {b!r}")

    def f(xy: Array) -> Array:
        """f = (a − x)² + b(y − x²)²"""
        x, y = split(xy)
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(xy: Array) -> Array:
        """∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²))"""
        x, y = split(xy)
        valley = y - x**2
        return stack(-2 * (a - x) - 4 * b * x * valley, 2 * b * valley)

    def hess(xy: Array) -> Array:
        """∇²f = [[2 − 4b(y − x²) + 8bx², −4bx], [−4bx, 2b]]"""
        x, y = split(xy)
        return hessian_of(xy, 2 - 4 * b * (y - x**2) + 8 * b * x**2, -4 * b * x, 2 * b)

    return Surface(
        name="rosenbrock",
        title="Rosenbrock's banana valley",
        f=f,
        grad=grad,
        domain=((min(-2.0, a - 1), max(2.0, a + 1)), (min(-1.0, a * a - 1), max(3.0, a * a + 1))),
        minima=((a, a * a),),
        start=(-1.2, 1.0),
        latex="(" + _num(a) + r" - x)^2 + " + _num(b) + r"\left(y - x^2\right)^2",
        grad_latex=_vector(
            "-2(" + _num(a) + " - x) - " + _num(4 * b) + "x(y - x^2)",
            _num(2 * b) + "(y - x^2)",
        ),
        teaches="Gradient descent drops quickly into the long curved valley and then crawls along its nearly "
        "flat floor, where momentum and Adam build up speed and reach the minimum far sooner.",
        params=(("a", a), ("b", b)),
        hess=hess,
        # Only for the classic a = 1, b = 100 (the lab's): the curvature at the start is ~1500.
        suggested=suggest(
            (-1.2, 1.0), 500, sgd=0.002, momentum=0.002, nesterov=0.001, adagrad=0.5, rmsprop=0.01, adam=0.5
        )
        if (a, b) == (1.0, 100.0)
        else None,
    )


# --- beale ------------------------------------------------------------------------------------------------


def _beale_terms(x: Array, y: Array) -> tuple[Array, Array, Array]:
    """The three residuals: 1.5 − x + xy, 2.25 − x + xy², 2.625 − x + xy³."""
    return 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3


def _beale_f(xy: Array) -> Array:
    """f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²"""
    t1, t2, t3 = _beale_terms(*split(xy))
    return t1**2 + t2**2 + t3**2


def _beale_grad(xy: Array) -> Array:
    """∂f/∂x = 2t₁(y − 1) + 2t₂(y² − 1) + 2t₃(y³ − 1);  ∂f/∂y = 2t₁x + 4t₂xy + 6t₃xy²"""
    x, y = split(xy)
    t1, t2, t3 = _beale_terms(x, y)
    dx = 2 * t1 * (y - 1) + 2 * t2 * (y**2 - 1) + 2 * t3 * (y**3 - 1)
    dy = 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y**2
    return stack(dx, dy)


def _beale_hess(xy: Array) -> Array:
    """∇²Σtᵢ² = 2Σ(∇tᵢ∇tᵢᵀ + tᵢ∇²tᵢ), tᵢ = cᵢ − x + xyⁱ: ∇tᵢ = (yⁱ − 1, ixyⁱ⁻¹),
    ∇²tᵢ = [[0, iyⁱ⁻¹], [iyⁱ⁻¹, i(i − 1)xyⁱ⁻²]]"""
    x, y = split(xy)
    hxx = hxy = hyy = 0.0
    for i, t in enumerate(_beale_terms(x, y), start=1):
        tx, ty = y**i - 1, i * x * y ** (i - 1)
        hxx = hxx + 2 * tx * tx
        hxy = hxy + 2 * (tx * ty + t * i * y ** (i - 1))
        hyy = hyy + 2 * (ty * ty + t * i * (i - 1) * x * y ** max(i - 2, 0))
    return hessian_of(xy, hxx, hxy, hyy)


def beale() -> Surface:
    """Beale's function: minimum 0 at (3, 0.5) between flat plateaus and steep ridges."""
    return Surface(
        name="beale",
        title="Beale's function",
        f=_beale_f,
        grad=_beale_grad,
        hess=_beale_hess,
        domain=((-4.5, 4.5), (-4.5, 4.5)),
        minima=((3.0, 0.5),),
        start=(1.0, 1.5),
        latex=r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        grad_latex=_vector(
            r"2t_1(y - 1) + 2t_2(y^2 - 1) + 2t_3(y^3 - 1)",
            r"2t_1 x + 4t_2 xy + 6t_3 xy^2",
        )
        + r",\quad t_1 = 1.5 - x + xy,\; t_2 = 2.25 - x + xy^2,\; t_3 = 2.625 - x + xy^3",
        teaches="Gradients differ by orders of magnitude between the steep ridges and the flat plateaus, so "
        "one learning rate cannot suit both; per-coordinate adaptive rates (RMSProp, Adam) cope far better.",
        suggested=suggest(
            (1.0, 1.5), 300, sgd=0.01, momentum=0.002, nesterov=0.002, adagrad=0.5, rmsprop=0.014, adam=0.2
        ),
    )


# --- himmelblau -------------------------------------------------------------------------------------------


def _himmelblau_f(xy: Array) -> Array:
    """f = (x² + y − 11)² + (x + y² − 7)²"""
    x, y = split(xy)
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _himmelblau_grad(xy: Array) -> Array:
    """∇f = (4x(x² + y − 11) + 2(x + y² − 7), 2(x² + y − 11) + 4y(x + y² − 7))"""
    x, y = split(xy)
    u, v = x**2 + y - 11, x + y**2 - 7
    return stack(4 * x * u + 2 * v, 2 * u + 4 * y * v)


def _himmelblau_hess(xy: Array) -> Array:
    """∇²f = [[8x² + 4(x² + y − 11) + 2, 4x + 4y], [4x + 4y, 8y² + 4(x + y² − 7) + 2]]"""
    x, y = split(xy)
    u, v = x**2 + y - 11, x + y**2 - 7
    return hessian_of(xy, 8 * x**2 + 4 * u + 2, 4 * x + 4 * y, 8 * y**2 + 4 * v + 2)


def himmelblau() -> Surface:
    """Himmelblau's function: four global minima, all of value 0."""
    return Surface(
        name="himmelblau",
        title="Himmelblau's function (four minima)",
        f=_himmelblau_f,
        grad=_himmelblau_grad,
        hess=_himmelblau_hess,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        # Newton-refined roots of ∇f (Wikipedia gives them to 6 decimals).
        minima=(
            (3.0, 2.0),
            (-2.805118086953, 3.131312518251),
            (-3.779310253378, -3.283185991286),
            (3.584428340330, -1.848126526964),
        ),
        start=(0.0, 0.0),
        latex=r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        grad_latex=_vector(
            r"4x(x^2 + y - 11) + 2(x + y^2 - 7)",
            r"2(x^2 + y - 11) + 4y(x + y^2 - 7)",
        ),
        teaches="With four equally good minima, the start point and each optimizer's own dynamics decide "
        "which basin it ends in, so two optimizers racing from the same start can find different answers.",
        suggested=suggest(
            (0.0, 0.0), 300, sgd=0.01, momentum=0.01, nesterov=0.005, adagrad=0.5, rmsprop=0.02, adam=0.1
        ),
    )


# --- booth ------------------------------------------------------------------------------------------------


def _booth_f(xy: Array) -> Array:
    """f = (x + 2y − 7)² + (2x + y − 5)²"""
    x, y = split(xy)
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _booth_grad(xy: Array) -> Array:
    """∇f = (2(x + 2y − 7) + 4(2x + y − 5), 4(x + 2y − 7) + 2(2x + y − 5))"""
    x, y = split(xy)
    u, v = x + 2 * y - 7, 2 * x + y - 5
    return stack(2 * u + 4 * v, 4 * u + 2 * v)


def booth() -> Surface:
    """Booth's function: a rotated quadratic bowl, minimum 0 at (1, 3)."""
    return Surface(
        name="booth",
        title="Booth's function",
        f=_booth_f,
        grad=_booth_grad,
        hess=lambda xy: hessian_of(xy, 10.0, 8.0, 10.0),
        domain=((-10.0, 10.0), (-10.0, 10.0)),
        minima=((1.0, 3.0),),
        start=(-6.0, 4.0),
        latex=r"(x + 2y - 7)^2 + (2x + y - 5)^2",
        grad_latex=_vector(r"2(x + 2y - 7) + 4(2x + y - 5)", r"4(x + 2y - 7) + 2(2x + y - 5)"),
        # Hessian [[10, 8], [8, 10]]: eigenvalues 18 along (1, 1) and 2 along (1, −1).
        teaches="This quadratic bowl is stretched along a diagonal, and per-coordinate learning rates cannot "
        "straighten a rotated valley: Adagrad and RMSProp gain less here than on an axis-aligned bowl.",
        suggested=suggest(
            (-6.0, 4.0), 300, sgd=0.05, momentum=0.02, nesterov=0.02, adagrad=1.0, rmsprop=0.05, adam=0.5
        ),
    )


# --- matyas -----------------------------------------------------------------------------------------------


def _matyas_f(xy: Array) -> Array:
    """f = 0.26(x² + y²) − 0.48xy"""
    x, y = split(xy)
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


def _matyas_grad(xy: Array) -> Array:
    """∇f = (0.52x − 0.48y, 0.52y − 0.48x)"""
    x, y = split(xy)
    return stack(0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x)


def matyas() -> Surface:
    """Matyas' function: a flat, diagonally stretched quadratic, minimum 0 at the origin."""
    return Surface(
        name="matyas",
        title="Matyas' function",
        f=_matyas_f,
        grad=_matyas_grad,
        hess=lambda xy: hessian_of(xy, 0.52, -0.48, 0.52),
        domain=((-10.0, 10.0), (-10.0, 10.0)),
        minima=((0.0, 0.0),),
        start=(-8.0, -4.0),
        latex=r"0.26\left(x^2 + y^2\right) - 0.48\,xy",
        grad_latex=_vector(r"0.52\,x - 0.48\,y", r"0.52\,y - 0.48\,x"),
        # Hessian [[0.52, −0.48], [−0.48, 0.52]]: eigenvalues 1 along (1, −1) and 0.04 along (1, 1).
        teaches="Along the diagonal valley the surface is almost flat, so plain gradient descent slows to a "
        "crawl as the gradient shrinks, while momentum keeps its speed and Adam rescales the tiny gradients.",
        suggested=suggest(
            (-8.0, -4.0), 300, sgd=0.2, momentum=0.2, nesterov=0.2, adagrad=1.0, rmsprop=0.05, adam=0.5
        ),
    )


# --- three-hump camel -------------------------------------------------------------------------------------


def _camel_f(xy: Array) -> Array:
    """f = 2x² − 1.05x⁴ + x⁶/6 + xy + y²"""
    x, y = split(xy)
    return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2


def _camel_grad(xy: Array) -> Array:
    """∇f = (4x − 4.2x³ + x⁵ + y, x + 2y)"""
    x, y = split(xy)
    return stack(4 * x - 4.2 * x**3 + x**5 + y, x + 2 * y)


def _camel_hess(xy: Array) -> Array:
    """∇²f = [[4 − 12.6x² + 5x⁴, 1], [1, 2]]"""
    x, _ = split(xy)
    return hessian_of(xy, 4 - 12.6 * x**2 + 5 * x**4, 1.0, 2.0)


def three_hump_camel() -> Surface:
    """The three-hump camel: global minimum 0 at the origin, two local minima near (±1.75, ∓0.87)."""
    return Surface(
        name="three_hump_camel",
        title="Three-hump camel",
        f=_camel_f,
        grad=_camel_grad,
        hess=_camel_hess,
        domain=((-2.5, 2.5), (-2.5, 2.5)),
        minima=((0.0, 0.0),),
        start=(2.3, -2.0),
        latex=r"2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2",
        grad_latex=_vector(r"4x - 4.2x^3 + x^5 + y", r"x + 2y"),
        teaches="Two side humps hold local minima that trap plain gradient descent; momentum can carry "
        "enough speed over the ridge to reach the deeper global basin at the origin.",
        suggested=suggest(
            (2.3, -2.0), 300, sgd=0.05, momentum=0.02, nesterov=0.02, adagrad=0.1, rmsprop=0.02, adam=0.1
        ),
    )


# --- Goldstein–Price --------------------------------------------------------------------------------------


def _goldstein_price_factors(x: Array, y: Array) -> tuple[Array, Array, Array, Array]:
    """A = 1 + p²q and B = 30 + r²s (f = AB) with their partial derivatives, packed as (A, ∇A, B, ∇B).

    p = x + y + 1,  q = 19 − 14x + 3x² − 14y + 6xy + 3y²,  ∂q/∂x = ∂q/∂y = −14 + 6x + 6y;
    r = 2x − 3y,    s = 18 − 32x + 12x² + 48y − 36xy + 27y²,
    ∂s/∂x = −32 + 24x − 36y,  ∂s/∂y = 48 − 36x + 54y.
    """
    p = x + y + 1
    q = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
    dq = -14 + 6 * x + 6 * y
    r = 2 * x - 3 * y
    s = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
    a = 1 + p**2 * q
    da = 2 * p * q + p**2 * dq  # ∂p/∂x = ∂p/∂y = 1 and ∂q/∂x = ∂q/∂y, so ∂A/∂x = ∂A/∂y
    b = 30 + r**2 * s
    db_dx = 4 * r * s + r**2 * (-32 + 24 * x - 36 * y)
    db_dy = -6 * r * s + r**2 * (48 - 36 * x + 54 * y)
    return a, stack(da, da), b, stack(db_dx, db_dy)


def _goldstein_price_f(xy: Array) -> Array:
    """f = AB:  A = 1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²),
    B = 30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)
    """
    a, _, b, _ = _goldstein_price_factors(*split(xy))
    return a * b


def _goldstein_price_grad(xy: Array) -> Array:
    """∇f = B∇A + A∇B"""
    a, da, b, db = _goldstein_price_factors(*split(xy))
    return b[..., None] * da + a[..., None] * db


def _goldstein_price_hess(xy: Array) -> Array:
    """∇²(AB) = B∇²A + ∇A∇Bᵀ + ∇B∇Aᵀ + A∇²B, with
    ∇²A = (2q + 4p·q' + 6p²)·[[1, 1], [1, 1]]  (q' = −14 + 6x + 6y), and with s_x = −32 + 24x − 36y,
    s_y = 48 − 36x + 54y:  B_xx = 8s + 8r·s_x + 24r²,  B_xy = −12s + 4r·s_y − 6r·s_x − 36r²,
    B_yy = 18s − 12r·s_y + 54r²."""
    x, y = split(xy)
    a, da, b, db = _goldstein_price_factors(x, y)
    p = x + y + 1
    q = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
    dq = -14 + 6 * x + 6 * y
    a2 = 2 * q + 4 * p * dq + 6 * p**2
    r = 2 * x - 3 * y
    s = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
    sx, sy = -32 + 24 * x - 36 * y, 48 - 36 * x + 54 * y
    bxx = 8 * s + 8 * r * sx + 24 * r**2
    bxy = -12 * s + 4 * r * sy - 6 * r * sx - 36 * r**2
    byy = 18 * s - 12 * r * sy + 54 * r**2
    ax, ay, bx, by = da[..., 0], da[..., 1], db[..., 0], db[..., 1]
    return hessian_of(
        xy,
        b * a2 + 2 * ax * bx + a * bxx,
        b * a2 + ax * by + bx * ay + a * bxy,
        b * a2 + 2 * ay * by + a * byy,
    )


def goldstein_price() -> Surface:
    """The Goldstein–Price function: minimum 3 at (0, −1), values up to ~10⁶ across the domain."""
    return Surface(
        name="goldstein_price",
        title="Goldstein–Price function",
        f=_goldstein_price_f,
        grad=_goldstein_price_grad,
        hess=_goldstein_price_hess,
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=((0.0, -1.0),),
        # Below the minimum, where the walls are only moderately steep: from (−1, 1) (|∇f| ≈ 3·10⁵) plain
        # gradient descent blew up at step 1 for every η the lab offers, down to 10⁻⁴.
        start=(0.5, -1.5),
        latex=r"\left[1 + (x + y + 1)^2\left(19 - 14x + 3x^2 - 14y + 6xy + 3y^2\right)\right]"
        r"\left[30 + (2x - 3y)^2\left(18 - 32x + 12x^2 + 48y - 36xy + 27y^2\right)\right]",
        grad_latex=r"B\,\nabla A + A\,\nabla B,\quad \nabla A = \left(2pq + p^2(6x + 6y - 14)\right)"
        r"\begin{pmatrix} 1 \\ 1 \end{pmatrix},\quad \nabla B = "
        + _vector(r"4rs + r^2(24x - 36y - 32)", r"-6rs + r^2(54y - 36x + 48)")
        + r",\quad A = 1 + p^2 q,\; B = 30 + r^2 s,\; p = x + y + 1,\; r = 2x - 3y",
        teaches="Values span six orders of magnitude with several local minima, so steps proportional to the "
        "gradient explode on the steep walls unless the learning rate is tiny; adaptive methods stay sane.",
        suggested=suggest(
            (0.5, -1.5), 300, sgd=1e-4, momentum=1e-4, nesterov=1e-4, adagrad=0.1, rmsprop=0.05, adam=0.05
        ),
    )


# --- saddles ----------------------------------------------------------------------------------------------


def _saddle_f(xy: Array) -> Array:
    """f = x² − y²"""
    x, y = split(xy)
    return x**2 - y**2


def _saddle_grad(xy: Array) -> Array:
    """∇f = (2x, −2y)"""
    x, y = split(xy)
    return stack(2 * x, -2 * y)


def saddle() -> Surface:
    """A saddle point at the origin; f is unbounded below along y, so there is no minimum."""
    return Surface(
        name="saddle",
        title="Saddle point",
        f=_saddle_f,
        grad=_saddle_grad,
        hess=lambda xy: hessian_of(xy, 2.0, 0.0, -2.0),
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=(),
        # Almost on the ridge y = 0: the escaping direction starts with a tiny gradient.
        start=(-1.8, 0.01),
        latex=r"x^2 - y^2",
        grad_latex=_vector(r"2x", r"-2y"),
        teaches="At a saddle point the gradient vanishes without a minimum: starting almost on the ridge, "
        "gradient descent lingers near the saddle, while momentum and adaptive methods escape much sooner.",
        # 80 steps show the escape before the fall: f is unbounded below, and a run beyond 10⁶ diverges.
        suggested=suggest(
            (-1.8, 0.01), 80, sgd=0.01, momentum=0.01, nesterov=0.01, adagrad=0.1, rmsprop=0.02, adam=0.02
        ),
    )


def _monkey_saddle_f(xy: Array) -> Array:
    """f = x³ − 3xy²"""
    x, y = split(xy)
    return x**3 - 3 * x * y**2


def _monkey_saddle_grad(xy: Array) -> Array:
    """∇f = (3x² − 3y², −6xy)"""
    x, y = split(xy)
    return stack(3 * x**2 - 3 * y**2, -6 * x * y)


def _monkey_saddle_hess(xy: Array) -> Array:
    """∇²f = [[6x, −6y], [−6y, −6x]]"""
    x, y = split(xy)
    return hessian_of(xy, 6 * x, -6 * y, -6 * x)


def monkey_saddle() -> Surface:
    """A monkey saddle: three valleys meet at a flat, degenerate critical point; no minimum."""
    return Surface(
        name="monkey_saddle",
        title="Monkey saddle",
        f=_monkey_saddle_f,
        grad=_monkey_saddle_grad,
        hess=_monkey_saddle_hess,
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=(),
        start=(1.5, 0.1),
        latex=r"x^3 - 3xy^2",
        grad_latex=_vector(r"3x^2 - 3y^2", r"-6xy"),
        teaches="Near this degenerate saddle the gradient vanishes quadratically, so gradient descent creeps "
        "toward the flat centre, while optimizers that normalise the step size (RMSProp, Adam) keep moving.",
        # 100 steps: Momentum reaches a valley of the unbounded x³ − 3xy² soon after (beyond 10⁶ by ~130).
        suggested=suggest(
            (1.5, 0.1),
            100,
            sgd=0.002,
            momentum=0.001,
            nesterov=0.001,
            adagrad=0.01,
            rmsprop=0.01,
            adam=0.01,
        ),
    )


# --- multimodal -------------------------------------------------------------------------------------------


def _rastrigin_f(xy: Array) -> Array:
    """f = 20 + (x² − 10cos 2πx) + (y² − 10cos 2πy)"""
    x, y = split(xy)
    return 20 + (x**2 - 10 * np.cos(2 * np.pi * x)) + (y**2 - 10 * np.cos(2 * np.pi * y))


def _rastrigin_grad(xy: Array) -> Array:
    """∇f = (2x + 20π sin 2πx, 2y + 20π sin 2πy)"""
    x, y = split(xy)
    return stack(2 * x + 20 * np.pi * np.sin(2 * np.pi * x), 2 * y + 20 * np.pi * np.sin(2 * np.pi * y))


def _rastrigin_hess(xy: Array) -> Array:
    """∇²f = diag(2 + 40π² cos 2πx, 2 + 40π² cos 2πy)"""
    x, y = split(xy)
    c = 40 * np.pi**2
    return hessian_of(xy, 2 + c * np.cos(2 * np.pi * x), 0.0, 2 + c * np.cos(2 * np.pi * y))


def rastrigin() -> Surface:
    """Rastrigin's function (A = 10): an egg-box of local minima over a bowl; global minimum 0 at 0."""
    return Surface(
        name="rastrigin",
        title="Rastrigin's function",
        f=_rastrigin_f,
        grad=_rastrigin_grad,
        hess=_rastrigin_hess,
        domain=((-5.12, 5.12), (-5.12, 5.12)),
        minima=((0.0, 0.0),),
        start=(-3.6, 2.6),
        latex=r"20 + \left(x^2 - 10\cos 2\pi x\right) + \left(y^2 - 10\cos 2\pi y\right)",
        grad_latex=_vector(r"2x + 20\pi\sin 2\pi x", r"2y + 20\pi\sin 2\pi y"),
        teaches="A regular egg-box of local minima sits on top of a bowl: every gradient method settles in a "
        "nearby dimple, because it only ever sees the local slope, never the global shape.",
        suggested=suggest(
            (-3.6, 2.6), 300, sgd=0.002, momentum=0.002, nesterov=0.002, adagrad=0.05, rmsprop=0.01, adam=0.01
        ),
    )


ACKLEY_A, ACKLEY_B, ACKLEY_C = 20.0, 0.2, 2 * np.pi


def _ackley_f(xy: Array) -> Array:
    """f = −a·exp(−b·√(½(x² + y²))) − exp(½(cos cx + cos cy)) + e + a"""
    x, y = split(xy)
    r = np.hypot(x, y) / np.sqrt(2)
    waves = np.exp(0.5 * (np.cos(ACKLEY_C * x) + np.cos(ACKLEY_C * y)))
    return -ACKLEY_A * np.exp(-ACKLEY_B * r) - waves + np.e + ACKLEY_A


def _ackley_grad(xy: Array) -> Array:
    """∂f/∂x = a·b·exp(−br)·x/(2r) + (c/2)·sin(cx)·exp(½(cos cx + cos cy)),  r = √(½(x² + y²)); same for y.

    At the origin x/(2r) is 0/0: the cone's tip has no gradient, and by symmetry we use 0.
    """
    x, y = split(xy)
    r = np.hypot(x, y) / np.sqrt(2)
    radial = ACKLEY_A * ACKLEY_B * np.exp(-ACKLEY_B * r)
    zero = np.zeros_like(r)
    x_over_2r = np.divide(x, 2 * r, out=zero.copy(), where=r > 0)
    y_over_2r = np.divide(y, 2 * r, out=zero.copy(), where=r > 0)
    waves = 0.5 * ACKLEY_C * np.exp(0.5 * (np.cos(ACKLEY_C * x) + np.cos(ACKLEY_C * y)))
    return stack(
        radial * x_over_2r + waves * np.sin(ACKLEY_C * x),
        radial * y_over_2r + waves * np.sin(ACKLEY_C * y),
    )


def _ackley_hess(xy: Array) -> Array:
    """With r = √(½(x² + y²)), ∇r = (x, y)/2r, ∇²r = I/2r − (x, y)(x, y)ᵀ/4r³ and
    w = ½(cos cx + cos cy):  ∇²f = ab·e^(−br)(∇²r − b∇r∇rᵀ) − e^w(∇w∇wᵀ + ∇²w),
    ∇w = −(c/2)(sin cx, sin cy), ∇²w = −(c²/2)diag(cos cx, cos cy).

    At the origin (the cone's tip) the curvature is unbounded: NaN there.
    """
    x, y = split(xy)
    r = np.hypot(x, y) / np.sqrt(2)
    with np.errstate(all="ignore"):
        inv = np.where(r > 0, 1.0 / r, np.nan)
        rx, ry = x * inv / 2, y * inv / 2
        rxx, rxy, ryy = inv / 2 - x * x * inv**3 / 4, -x * y * inv**3 / 4, inv / 2 - y * y * inv**3 / 4
    radial = ACKLEY_A * ACKLEY_B * np.exp(-ACKLEY_B * r)
    c = ACKLEY_C
    waves = np.exp(0.5 * (np.cos(c * x) + np.cos(c * y)))
    wx, wy = -0.5 * c * np.sin(c * x), -0.5 * c * np.sin(c * y)
    wxx, wyy = -0.5 * c * c * np.cos(c * x), -0.5 * c * c * np.cos(c * y)
    return hessian_of(
        xy,
        radial * (rxx - ACKLEY_B * rx * rx) - waves * (wx * wx + wxx),
        radial * (rxy - ACKLEY_B * rx * ry) - waves * (wx * wy),
        radial * (ryy - ACKLEY_B * ry * ry) - waves * (wy * wy + wyy),
    )


def ackley() -> Surface:
    """Ackley's function (a = 20, b = 0.2, c = 2π): a rippled plain around one deep funnel, minimum 0 at 0."""
    return Surface(
        name="ackley",
        title="Ackley's function",
        f=_ackley_f,
        grad=_ackley_grad,
        hess=_ackley_hess,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=((0.0, 0.0),),
        start=(2.5, -1.6),
        latex=r"-20\,e^{-0.2\sqrt{\frac{1}{2}(x^2 + y^2)}}"
        r" - e^{\frac{1}{2}(\cos 2\pi x + \cos 2\pi y)} + e + 20",
        grad_latex=_vector(
            r"\frac{2x}{r}e^{-0.2 r} + \pi \sin(2\pi x)\,e^{\frac{1}{2}(\cos 2\pi x + \cos 2\pi y)}",
            r"\frac{2y}{r}e^{-0.2 r} + \pi \sin(2\pi y)\,e^{\frac{1}{2}(\cos 2\pi x + \cos 2\pi y)}",
        )
        + r",\quad r = \sqrt{\tfrac{1}{2}(x^2 + y^2)}",
        teaches="Far from the centre the surface is a nearly flat plain of small ripples, each a local "
        "minimum, so optimizers stall there unless momentum or a large step carries them into the funnel.",
        suggested=suggest(
            (2.5, -1.6), 300, sgd=0.01, momentum=0.01, nesterov=0.01, adagrad=0.1, rmsprop=0.01, adam=0.5
        ),
    )


def _styblinski_tang_f(xy: Array) -> Array:
    """f = ½[(x⁴ − 16x² + 5x) + (y⁴ − 16y² + 5y)]"""
    x, y = split(xy)
    return 0.5 * ((x**4 - 16 * x**2 + 5 * x) + (y**4 - 16 * y**2 + 5 * y))


def _styblinski_tang_grad(xy: Array) -> Array:
    """∇f = (2x³ − 16x + 2.5, 2y³ − 16y + 2.5)"""
    x, y = split(xy)
    return stack(2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5)


def _styblinski_tang_hess(xy: Array) -> Array:
    """∇²f = diag(6x² − 16, 6y² − 16)"""
    x, y = split(xy)
    return hessian_of(xy, 6 * x**2 - 16, 0.0, 6 * y**2 - 16)


# The roots of 2x³ − 16x + 2.5 = 0 near −2.9035 (the deep 1D minimum) and 2.7468 (the shallow one),
# refined by Newton's method.
STYBLINSKI_TANG_ARGMIN = -2.903534027771
STYBLINSKI_TANG_SHALLOW = 2.746802770991


def styblinski_tang() -> Surface:
    """2D Styblinski–Tang: four basins of different depth; minimum ≈ −78.33233 at x = y ≈ −2.9035.

    ``minima`` lists all four minima, the global one first, so the lab can draw a basin map.
    """
    m, n = STYBLINSKI_TANG_ARGMIN, STYBLINSKI_TANG_SHALLOW
    return Surface(
        name="styblinski_tang",
        title="Styblinski–Tang function",
        f=_styblinski_tang_f,
        grad=_styblinski_tang_grad,
        hess=_styblinski_tang_hess,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        # The global minimum first, then the three local ones: the four basins the sentence below names.
        minima=((m, m), (m, n), (n, m), (n, n)),
        start=(4.5, 4.5),
        latex=r"\frac{1}{2}\left[(x^4 - 16x^2 + 5x) + (y^4 - 16y^2 + 5y)\right]",
        grad_latex=_vector(r"2x^3 - 16x + 2.5", r"2y^3 - 16y + 2.5"),
        teaches="Each coordinate has a shallow and a deep minimum, so the plane holds four basins of "
        "different depth: the start and the momentum an optimizer carries decide if it reaches the deepest.",
        suggested=suggest(
            (4.5, 4.5), 300, sgd=0.01, momentum=0.01, nesterov=0.01, adagrad=0.5, rmsprop=0.02, adam=0.1
        ),
    )


CLASSIC: dict[str, Callable[..., Surface]] = {
    "bowl": bowl,
    "rosenbrock": rosenbrock,
    "beale": beale,
    "himmelblau": himmelblau,
    "booth": booth,
    "matyas": matyas,
    "three_hump_camel": three_hump_camel,
    "goldstein_price": goldstein_price,
    "saddle": saddle,
    "monkey_saddle": monkey_saddle,
    "rastrigin": rastrigin,
    "ackley": ackley,
    "styblinski_tang": styblinski_tang,
}
