"""The functions of the language (numpy forward, LaTeX name, derivative), the names a user may type,
and the numpy evaluation of a tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from surfaces.formula import tree
from surfaces.formula.errors import MAX_LENGTH
from surfaces.formula.simplify import add, call, div, mul, neg, power, sub
from surfaces.surface import Array


def _sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^-z), written with tanh so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class Function(NamedTuple):
    """A function of the language: its numpy forward, its LaTeX name, and its derivative g'(a) as a tree."""

    forward: Callable[..., Array]
    tex: str
    slope: Callable[[tree.Node], tree.Node] | None  # None for min/max, whose derivative is a Pick


FUNCTIONS: dict[str, Function] = {
    "sin": Function(np.sin, r"\sin", lambda a: call("cos", a)),
    "cos": Function(np.cos, r"\cos", lambda a: neg(call("sin", a))),
    "tan": Function(np.tan, r"\tan", lambda a: div(tree.ONE, power(call("cos", a), tree.TWO))),
    "exp": Function(np.exp, r"\exp", lambda a: call("exp", a)),
    "log": Function(np.log, r"\ln", lambda a: div(tree.ONE, a)),
    "sqrt": Function(np.sqrt, r"\sqrt", lambda a: div(tree.ONE, mul(tree.TWO, call("sqrt", a)))),
    "abs": Function(np.abs, "", lambda a: call("sign", a)),
    "tanh": Function(np.tanh, r"\tanh", lambda a: sub(tree.ONE, power(call("tanh", a), tree.TWO))),
    "sinh": Function(np.sinh, r"\sinh", lambda a: call("cosh", a)),
    "cosh": Function(np.cosh, r"\cosh", lambda a: call("sinh", a)),
    "arctan": Function(np.arctan, r"\arctan", lambda a: div(tree.ONE, add(tree.ONE, power(a, tree.TWO)))),
    "sigmoid": Function(
        _sigmoid, r"\sigma", lambda a: mul(call("sigmoid", a), sub(tree.ONE, call("sigmoid", a)))
    ),
    "min": Function(np.minimum, r"\min", None),
    "max": Function(np.maximum, r"\max", None),
    # Internal only (the derivative of abs); users cannot type it.
    "sign": Function(np.sign, r"\operatorname{sign}", lambda a: tree.ZERO),
}
ALIASES = {"atan": "arctan"}
USER_FUNCTIONS = (
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sqrt",
    "abs",
    "tanh",
    "sinh",
    "cosh",
    "arctan",
    "atan",
    "sigmoid",
    "min",
    "max",
)
ALLOWED_NAMES = (*tree.VARIABLES, *tree.CONSTANTS, *USER_FUNCTIONS)
ALLOWED = (
    "Use x and y, numbers (2, 2.5, 1e-3, .5), the constants pi and e, the operators + - * / and "
    "^ (or **) for powers, parentheses, and the functions sin, cos, tan, exp, log (natural), sqrt, abs, "
    "tanh, sinh, cosh, arctan (or atan), sigmoid, min(a, b) and max(a, b). Write 2*x, not 2x. "
    "-x^2 means -(x^2) and 2^3^2 means 2^(3^2). "
    f"At most {MAX_LENGTH} characters. Example: (1 - x)^2 + 100*(y - x^2)^2"
)

_PICK_TEST = {"min": np.less_equal, "max": np.greater_equal}
_BINARY = {
    tree.Add: np.add,
    tree.Sub: np.subtract,
    tree.Mul: np.multiply,
    tree.Div: np.divide,
    tree.Pow: np.power,
}


def _apply(node: tree.Node, values: list) -> Array:
    """The operation at ``node`` applied to its children's values (for leaves: the leaf's value)."""
    match node:
        case tree.Num(value):
            return value
        case tree.Const(name):
            return tree.CONSTANTS[name]
        case tree.Neg():
            return np.negative(values[0])
        case tree.Call(fn):
            return FUNCTIONS[fn].forward(*values)
        case tree.Pick(fn):
            a, b, da, db = values
            return np.where(_PICK_TEST[fn](a, b), da, db)
    return _BINARY[type(node)](*values)


def _evaluate(node: tree.Node, x: Array, y: Array, memo: dict[int, Array]) -> Array:
    """The value of ``node`` at points (x, y); ``memo`` evaluates subtrees shared by f and ∇f only once."""
    key = id(node)
    if key not in memo:
        if isinstance(node, tree.Var):
            memo[key] = x if node.name == "x" else y
        else:
            memo[key] = _apply(node, [_evaluate(child, x, y, memo) for child in tree.children(node)])
    return memo[key]
