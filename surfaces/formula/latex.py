"""LaTeX for a tree, with only the parentheses the precedence rules need."""

from __future__ import annotations

from surfaces.formula.functions import FUNCTIONS
from surfaces.formula.tree import Add, Call, Const, Div, Mul, Neg, Node, Num, Pick, Pow, Sub, Var


def _precedence(node: Node) -> int:
    """How tightly a node binds when printed: 0 cases, 1 sums, 2 products and signs, 3 powers, 4 atoms."""
    match node:
        case Pick():
            return 0
        case Add() | Sub():
            return 1
        case Mul() | Neg():
            return 2
        case Pow():
            return 3
    return 4


def _paren(tex: str) -> str:
    """(tex), with growing \\left( \\right) only where the contents are tall."""
    if "\\frac" in tex or "\\begin" in tex or "\\left" in tex:
        return rf"\left({tex}\right)"
    return f"({tex})"


def _format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"


def to_latex(node: Node) -> str:
    """LaTeX for a tree, with only the parentheses the precedence rules need."""

    def wrapped(child: Node, below: int, wrap_neg: bool = False) -> str:
        tex = to_latex(child)
        return _paren(tex) if _precedence(child) < below or (wrap_neg and isinstance(child, Neg)) else tex

    match node:
        case Num(value):
            return _format_number(value)
        case Var(name):
            return name
        case Const(name):
            return r"\pi" if name == "pi" else "e"
        case Neg(a):
            return "-" + wrapped(a, 2, wrap_neg=True)
        case Add(a, b):
            return f"{wrapped(a, 1)} + {wrapped(b, 1, wrap_neg=True)}"
        case Sub(a, b):
            return f"{wrapped(a, 1)} - {wrapped(b, 2, wrap_neg=True)}"
        case Mul(a, b):
            left, right = wrapped(a, 2), wrapped(b, 2, wrap_neg=True)
            return f"{left} \\cdot {right}" if right[0].isdigit() else f"{left} {right}"
        case Div(a, b):
            return rf"\frac{{{to_latex(a)}}}{{{to_latex(b)}}}"
        case Pow(a, b):
            base = to_latex(a)
            if (
                _precedence(a) < 4
                or isinstance(a, Div)
                or " " in base
                or (isinstance(a, Call) and a.fn not in ("sqrt", "abs"))
            ):
                base = _paren(base)
            return f"{base}^{{{to_latex(b)}}}"
        case Call("sqrt", (a,)):
            return rf"\sqrt{{{to_latex(a)}}}"
        case Call("abs", (a,)):
            return rf"\left|{to_latex(a)}\right|"
        case Call(fn, args):
            return FUNCTIONS[fn].tex + _paren(", ".join(to_latex(arg) for arg in args))
        case Pick(fn, a, b, da, db):
            test = r"\le" if fn == "min" else r"\ge"
            return (
                rf"\begin{{cases}} {to_latex(da)} & {to_latex(a)} {test} {to_latex(b)} \\ "
                rf"{to_latex(db)} & \text{{otherwise}} \end{{cases}}"
            )
    raise TypeError(f"not an expression node: {node!r}")
