"""The symbolic derivative of a tree, simplified, and the size limit on the gradient it gives."""

from __future__ import annotations

from surfaces.formula import tree
from surfaces.formula.errors import MAX_GRAD_DEPTH, MAX_GRAD_NODES, FormulaError
from surfaces.formula.functions import FUNCTIONS
from surfaces.formula.simplify import _number, add, call, div, mul, neg, power, sub


def derivative(node: tree.Node, v: str) -> tree.Node:
    """∂node/∂v for v in {"x", "y"}, as a simplified tree."""
    match node:
        case tree.Num() | tree.Const():
            return tree.ZERO
        case tree.Var(name):
            return tree.ONE if name == v else tree.ZERO
        case tree.Neg(a):
            return neg(derivative(a, v))
        case tree.Add(a, b):
            return add(derivative(a, v), derivative(b, v))
        case tree.Sub(a, b):
            return sub(derivative(a, v), derivative(b, v))
        case tree.Mul(a, b):
            return add(mul(derivative(a, v), b), mul(a, derivative(b, v)))
        case tree.Div(a, b):
            da, db = derivative(a, v), derivative(b, v)
            return sub(div(da, b), div(mul(a, db), power(b, tree.TWO)))
        case tree.Pow(a, b):
            da, db = derivative(a, v), derivative(b, v)
            if _number(db) == 0:  # (a^b)' = b a^(b-1) a'
                return mul(da, mul(b, power(a, sub(b, tree.ONE))))
            if _number(da) == 0:  # (a^b)' = a^b ln(a) b'
                return mul(db, mul(node, call("log", a)))
            # (a^b)' = a^b (b' ln a + b a' / a)
            return mul(node, add(mul(db, call("log", a)), div(mul(b, da), a)))
        case tree.Call(fn, (a,)):
            return _chain(FUNCTIONS[fn].slope(a), derivative(a, v))
        case tree.Call(fn, (a, b)):
            da, db = derivative(a, v), derivative(b, v)
            if _number(da) == 0 and _number(db) == 0:
                return tree.ZERO
            return tree.Pick(fn, a, b, da, db)
        case tree.Pick(fn, a, b, da, db):  # a second derivative: the chosen side's, differentiated
            dda, ddb = derivative(da, v), derivative(db, v)
            if _number(dda) == 0 and _number(ddb) == 0:
                return tree.ZERO
            return tree.Pick(fn, a, b, dda, ddb)
    raise TypeError(f"not an expression node: {node!r}")


def _chain(slope: tree.Node, da: tree.Node) -> tree.Node:
    """g(a)' = a' g'(a), written a' / h when g'(a) = 1 / h."""
    if isinstance(slope, tree.Div) and _number(slope.a) == 1:
        return div(da, slope.b)
    return mul(da, slope)


def distinct_nodes(*trees: tree.Node) -> int:
    """How many different nodes the trees hold, a subtree they share counted once: the numpy operations one
    evaluation makes, since evaluation memoises by node."""
    seen: set[int] = set()
    pending = list(trees)
    while pending:
        node = pending.pop()
        if id(node) not in seen:
            seen.add(id(node))
            pending.extend(tree.children(node))
    return len(seen)


def _check_size(*trees: tree.Node) -> None:
    """Refuse gradients that would be huge when written out (counted as trees, not as shared graphs)."""
    pending = [(root, 1) for root in trees]
    count = 0
    while pending:
        node, depth = pending.pop()
        count += 1
        if count > MAX_GRAD_NODES or depth > MAX_GRAD_DEPTH:
            raise FormulaError("grad_too_large", nodes=MAX_GRAD_NODES, depth=MAX_GRAD_DEPTH)
        pending.extend((child, depth + 1) for child in tree.children(node))
