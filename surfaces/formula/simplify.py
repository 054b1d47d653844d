"""Simplifying constructors: neg, add, sub, mul, div, power and call build a tree with the obvious
identities applied (a + 0 = a, 1 a = a, literals folded), so that derivatives stay short and readable."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from surfaces.formula.tree import ONE, ZERO, Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub


def _number(node: Node) -> float | None:
    """The numeric value of a literal (Num or -Num), else None. Only literals fold; pi and e stay symbolic."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg) and isinstance(node.a, Num):
        return -node.a.value
    return None


def num(value: float) -> Node:
    """A literal; negative values are kept as Neg(Num) so that only Neg ever prints a minus sign."""
    value = float(value)
    return neg(Num(-value)) if value < 0 else Num(value + 0.0)


def _fold(op: Callable[[float, float], float], a: float | None, b: float | None) -> Node | None:
    """op(a, b) as a literal when a and b are numbers and it is finite and short to print (1/3 stays a
    fraction), else None."""
    if a is None or b is None:
        return None
    with np.errstate(all="ignore"):
        value = float(op(a, b))
    if not np.isfinite(value) or len(repr(abs(value))) > 8:
        return None
    return num(value)


def neg(a: Node) -> Node:
    """-a, with --a = a and -0 = 0."""
    if isinstance(a, Neg):
        return a.a
    if _number(a) == 0:
        return ZERO
    return Neg(a)


def _plus_or_minus(a: Node, b: Node, minus: bool) -> Node:
    """a + b, or a - b when ``minus``: literals folded, zero terms dropped, and a ± -b = a ∓ b."""
    ca, cb = _number(a), _number(b)
    if folded := _fold(np.subtract if minus else np.add, ca, cb):
        return folded
    if cb == 0:
        return a
    if ca == 0:
        return neg(b) if minus else b
    if isinstance(b, Neg):
        return _plus_or_minus(a, b.a, not minus)
    return Sub(a, b) if minus else Add(a, b)


def add(a: Node, b: Node) -> Node:
    """a + b, with a + 0 = a and a + -b = a - b."""
    return _plus_or_minus(a, b, minus=False)


def sub(a: Node, b: Node) -> Node:
    """a - b, with a - 0 = a, 0 - b = -b and a - -b = a + b."""
    return _plus_or_minus(a, b, minus=True)


def _coefficient(node: Node) -> tuple[float, Node | None]:
    """node = c * rest with c a literal (rest None when node is a plain number)."""
    if (c := _number(node)) is not None:
        return c, None
    if isinstance(node, Mul) and isinstance(node.a, Num):
        return node.a.value, node.b
    return 1.0, node


def mul(a: Node, b: Node) -> Node:
    """a * b, with 0 a = 0, 1 a = a, (-a) b = -(a b), (p/q) b = (p b)/q, and literal factors in front."""
    if isinstance(a, Neg) and _number(a) is None:
        return neg(mul(a.a, b))
    if isinstance(b, Neg) and _number(b) is None:
        return neg(mul(a, b.a))
    # One level of fractions only: following a user's chain of divisions x/y/x/... would cost O(n) per call.
    if isinstance(a, Div) and not isinstance(a.a, Div):
        return div(mul(a.a, b), a.b)
    if isinstance(b, Div) and not isinstance(b.a, Div):
        return div(mul(a, b.a), b.b)
    (ca, ra), (cb, rb) = _coefficient(a), _coefficient(b)
    if ca == 0 or cb == 0:
        return ZERO
    if (coefficient := _fold(np.multiply, ca, cb)) is None:
        return Mul(a, b)
    rest = rb if ra is None else ra if rb is None else Mul(ra, rb)
    c = _number(coefficient)
    if rest is None or c == 1:
        return rest or coefficient
    if c == -1:
        return neg(rest)
    return neg(Mul(coefficient.a, rest)) if c < 0 else Mul(coefficient, rest)


def div(a: Node, b: Node) -> Node:
    """a / b, with 0 / b = 0, a / 1 = a, signs in front, no fractions of fractions, literals cancelled."""
    ca, cb = _number(a), _number(b)
    if cb != 0 and (folded := _fold(np.divide, ca, cb)):
        return folded
    if ca == 0 and cb != 0:
        return ZERO
    if cb == 1:
        return a
    if isinstance(a, Neg):
        return neg(div(a.a, b))
    if isinstance(b, Neg):
        return neg(div(a, b.a))
    if isinstance(a, Div) and not isinstance(a.a, Div):
        return div(a.a, mul(a.b, b))
    if isinstance(b, Div) and not isinstance(b.a, Div):
        return div(mul(a, b.b), b.a)
    (ca, ra), (cb, rb) = _coefficient(a), _coefficient(b)
    # (c r) / (d s) = (c/d) (r/s), when both sides carry a literal factor or the divisor is a literal
    if cb not in (0, 1) and (ca != 1 or rb is None) and (ratio := _fold(np.divide, ca, cb)) is not None:
        return mul(ratio, ra if rb is None else div(ra or ONE, rb))
    return Div(a, b)


def power(a: Node, b: Node) -> Node:
    """a ^ b, with a^1 = a and a^0 = 1."""
    ca, cb = _number(a), _number(b)
    if folded := _fold(np.power, ca, cb):
        return folded
    if cb == 1:
        return a
    if cb == 0:
        return ONE
    return Pow(a, b)


def call(fn: str, *args: Node) -> Node:
    """fn(args), with ln(e) = 1."""
    if fn == "log" and args == (Const("e"),):
        return ONE
    return Call(fn, args)
