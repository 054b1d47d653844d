"""The expression tree: its immutable nodes, the literals 0, 1 and 2, the constants, the variables, and
the children of a node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Num:
    value: float


@dataclass(frozen=True, slots=True)
class Var:
    name: str  # "x" or "y"


@dataclass(frozen=True, slots=True)
class Const:
    name: str  # "pi" or "e": kept symbolic so LaTeX shows \pi, not 3.14159


@dataclass(frozen=True, slots=True)
class Neg:
    a: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """An operation on two operands a and b; the subclass (Add, Sub, Mul, Div, Pow) says which."""

    a: Node
    b: Node


@dataclass(frozen=True, slots=True)
class Add(Binary):
    """a + b"""


@dataclass(frozen=True, slots=True)
class Sub(Binary):
    """a - b"""


@dataclass(frozen=True, slots=True)
class Mul(Binary):
    """a * b"""


@dataclass(frozen=True, slots=True)
class Div(Binary):
    """a / b"""


@dataclass(frozen=True, slots=True)
class Pow(Binary):
    """a ^ b"""


@dataclass(frozen=True, slots=True)
class Call:
    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Pick:
    """Derivative of min(a, b) or max(a, b): da where a is the chosen argument (ties go to a), else db."""

    fn: str
    a: Node
    b: Node
    da: Node
    db: Node


Node = Num | Var | Const | Neg | Add | Sub | Mul | Div | Pow | Call | Pick

ZERO, ONE, TWO = Num(0.0), Num(1.0), Num(2.0)
CONSTANTS = {"pi": np.pi, "e": np.e}
VARIABLES = ("x", "y")


def children(node: Node) -> tuple[Node, ...]:
    match node:
        case Neg(a):
            return (a,)
        case Binary(a, b):
            return (a, b)
        case Call(_, args):
            return args
        case Pick(_, a, b, da, db):
            return (a, b, da, db)
    return ()
