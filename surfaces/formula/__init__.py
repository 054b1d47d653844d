"""A safe formula language for custom surfaces: text -> expression tree -> Surface with exact gradient.

No user text is ever executed. A tokenizer and a recursive-descent parser build a small immutable tree
(Num, Var, Const, Neg, Add, Sub, Mul, Div, Pow, Call, and Pick for the slopes of min/max); numpy walks
the tree to evaluate f, the tree is differentiated symbolically (and simplified) for the gradient, and
both trees are rendered as LaTeX. This module builds the Surface; its parts, each needing only those
before it:

- ``errors``: the limits, MESSAGES and FormulaError
- ``tree``: the nodes of the expression tree
- ``simplify``: constructors that simplify as they build
- ``functions``: the functions of the language, the allowed names, evaluation with numpy
- ``derivative``: the symbolic derivative and the limit on its size
- ``latex``: LaTeX for a tree
- ``tokenizer`` and ``parser``: text -> tokens -> tree (the grammar is in ``parser``)
"""

from __future__ import annotations

import numpy as np

from surfaces.formula.derivative import _check_size, derivative, distinct_nodes
from surfaces.formula.errors import MAX_DEPTH, MAX_LENGTH, MAX_NODES, MESSAGES, FormulaError
from surfaces.formula.functions import ALLOWED, ALLOWED_NAMES, USER_FUNCTIONS, _evaluate
from surfaces.formula.latex import to_latex
from surfaces.formula.parser import parse_tree
from surfaces.surface import Array, Domain, Surface, hessian_of, split, stack

__all__ = [
    "ALLOWED",
    "ALLOWED_NAMES",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "MESSAGES",
    "USER_FUNCTIONS",
    "FormulaError",
    "parse",
    "parse_tree",
    "to_latex",
]

DEFAULT_DOMAIN: Domain = ((-3.0, 3.0), (-3.0, 3.0))


def _check_domain(domain: object) -> Domain:
    if domain is None:
        return DEFAULT_DOMAIN
    try:
        (x0, x1), (y0, y1) = domain
        x0, x1, y0, y1 = (float(v) for v in (x0, x1, y0, y1))
    except (TypeError, ValueError):
        raise FormulaError("domain_shape", domain=repr(domain)) from None
    if not all(np.isfinite([x0, x1, y0, y1])) or not (x0 < x1 and y0 < y1):
        raise FormulaError("domain_bounds", domain=repr(domain))
    return (x0, x1), (y0, y1)


def parse(text: str, domain: Domain | None = None) -> Surface:
    """The Surface f(x, y) = text, with its exact symbolic gradient; FormulaError if text is refused."""
    tree = parse_tree(text)
    (x0, x1), (y0, y1) = domain = _check_domain(domain)
    dx, dy = derivative(tree, "x"), derivative(tree, "y")
    _check_size(dx, dy)

    def f(xy: Array) -> Array:
        x, y = split(xy)
        with np.errstate(all="ignore"):
            return np.broadcast_to(_evaluate(tree, x, y, {}), x.shape).astype(float)

    def grad(xy: Array) -> Array:
        x, y = split(xy)
        memo: dict[int, Array] = {}
        with np.errstate(all="ignore"):
            gx, gy = _evaluate(dx, x, y, memo), _evaluate(dy, x, y, memo)
            return stack(np.broadcast_to(gx, x.shape), np.broadcast_to(gy, x.shape))

    second: list = []  # ∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²: differentiated on the first call, not on every parse

    def hess(xy: Array) -> Array:
        if not second:
            second.extend((derivative(dx, "x"), derivative(dx, "y"), derivative(dy, "y")))
        x, y = split(xy)
        memo: dict[int, Array] = {}
        with np.errstate(all="ignore"):
            hxx, hxy, hyy = (np.broadcast_to(_evaluate(node, x, y, memo), x.shape) for node in second)
            return hessian_of(xy, hxx, hxy, hyy)

    # 80% of the way from the centre to the top-left corner: far from most minima, inside the plot.
    start = (x0 + 0.1 * (x1 - x0), y1 - 0.1 * (y1 - y0))
    return Surface(
        name="custom",
        title=f"Custom: {text.strip()}",
        f=f,
        grad=grad,
        hess=hess,
        domain=domain,
        minima=(),
        start=start,
        latex=to_latex(tree),
        teaches="Your own surface: its gradient is differentiated exactly from your formula, so the "
        "optimizers see the true slope of what you typed.",
        grad_latex=rf"\left( {to_latex(dx)}, {to_latex(dy)} \right)",
        grad_size=distinct_nodes(dx, dy),
    )
