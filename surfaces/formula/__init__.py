"""A safe formula language for custom surfaces: text -> expression tree -> Surface with exact gradient.

No user text is ever executed. A tokenizer and a recursive-descent parser build a small immutable tree
(Num, Var, Const, Neg, Add, Sub, Mul, Div, Pow, Call, and Pick for the slopes of min/max); numpy walks
the tree to evaluate f, the tree is differentiated symbolically (and simplified) for the gradient, and
both trees are rendered as LaTeX.

Grammar (lowest binding first; ``^`` and ``**`` are the same right-associative power, and unary minus
binds looser than power, so ``-x^2 = -(x^2)`` and ``2^3^2 = 2^9``)::

    sum     := product (("+" | "-") product)*
    product := signed (("*" | "/") signed)*
    signed  := ("+" | "-") signed | power
    power   := atom (("^" | "**") signed)?
    atom    := number | x | y | pi | e | function "(" sum ("," sum)? ")" | "(" sum ")"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from surfaces.surface import Array, Domain, Surface, split, stack

MAX_LENGTH = 300  # characters of formula text
MAX_DEPTH = 30  # nested parentheses, function calls, signs and exponents
MAX_NODES = 200  # numbers, names and operations in the formula
MAX_GRAD_NODES = 5000  # nodes of both gradient components, counted as written out
MAX_GRAD_DEPTH = 200  # levels; tree walks recurse ~2 frames a level, far below Python's limit of 1000
DEFAULT_DOMAIN: Domain = ((-3.0, 3.0), (-3.0, 3.0))


# Why a formula (or its domain) is refused: code -> the English message, filled in from the error's params.
# A user interface can show its own language from ``FormulaError.code`` and ``FormulaError.params``.
MESSAGES = {
    "not_text": "a formula must be text, not {type}",
    "too_long": "formula too long: {length} characters, at most {limit}",
    "empty": "empty formula: write an expression in x and y, e.g. x^2 + y^2",
    "character": "unexpected character {char} at position {pos}; "
    "allowed: numbers, names, + - * / ^ ** ( ) and ','",
    "character_instead": "unexpected character {char} at position {pos} (write {instead}); "
    "allowed: numbers, names, + - * / ^ ** ( ) and ','",
    "unknown_name": "unknown name '{name}' at position {pos}; allowed: {allowed}",
    "unknown_name_case": "unknown name '{name}' at position {pos} (names are lowercase: did you mean "
    "'{lower}'?); allowed: {allowed}",
    "unknown_name_ln": "unknown name '{name}' at position {pos} (the natural logarithm is written log); "
    "allowed: {allowed}",
    "too_many_nodes": "formula too long at position {pos}: at most {limit} numbers, names and operations",
    "too_deep": "formula nested too deeply at position {pos}: at most {limit} levels of parentheses, "
    "functions, signs and powers",
    "constant_overflow": "constant too large at position {pos} ('{token}'): its value overflows a float "
    "(above about 1.8e308), as in 9^9^9 or exp(1000)",
    "number_too_large": "number '{number}' at position {pos} is too large",
    "unmatched": "unmatched ')' at position {pos}",
    "unclosed": "unclosed '(' at position {pos}: a ')' is missing",
    "comma": "unexpected ',' at position {pos}: only min and max take two arguments",
    "empty_parentheses": "empty parentheses at position {pos}",
    "expected": "expected a number, name or '(' at position {pos}, found '{found}'",
    "expected_after": "expected a number, name or '(' after '{after}' at position {pos}, found '{found}'",
    "expected_after_end": "expected a number, name or '(' after '{after}' at position {pos}, "
    "found the end of the formula",
    "needs_parentheses": "function '{name}' at position {pos} needs its argument in parentheses, "
    "e.g. {name}(x)",
    "arity_one": "{name} at position {pos} takes 1 argument, got {got}",
    "arity_two": "{name} at position {pos} takes 2 arguments, got {got}",
    "missing_operator": "missing operator between '{before}' and '{token}' at position {pos} "
    "(use * to multiply)",
    "missing_operator_write": "missing operator between '{before}' and '{token}' at position {pos} "
    "(write {before}*{token} to multiply)",
    "grad_too_large": "the gradient of this formula is too large to show and evaluate (more than {nodes} "
    "terms or {depth} levels); try a shorter formula, e.g. fewer factors multiplied together",
    "domain_shape": "domain must be ((xmin, xmax), (ymin, ymax)), got {domain}",
    "domain_bounds": "domain needs finite bounds with xmin < xmax and ymin < ymax, got {domain}",
}


class FormulaError(ValueError):
    """A formula (or its domain) that is refused; the message says what is wrong and where.

    ``code`` (a key of ``MESSAGES``) and ``params`` (plain strings and numbers) say the same for a program,
    e.g. to show the reason in another language; ``str(error)`` is the English message.
    """

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))

    def __reduce__(self):
        return _rebuild_error, (self.code, self.params)


def _rebuild_error(code: str, params: dict) -> FormulaError:
    return FormulaError(code, **params)


# ---------------------------------------------------------------- expression tree


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
class Add:
    a: Node
    b: Node


@dataclass(frozen=True, slots=True)
class Sub:
    a: Node
    b: Node


@dataclass(frozen=True, slots=True)
class Mul:
    a: Node
    b: Node


@dataclass(frozen=True, slots=True)
class Div:
    a: Node
    b: Node


@dataclass(frozen=True, slots=True)
class Pow:
    a: Node
    b: Node


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


def _sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^-z), written with tanh so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class Function(NamedTuple):
    """A function of the language: its numpy forward, its LaTeX name, and its derivative g'(a) as a tree."""

    forward: Callable[..., Array]
    tex: str
    slope: Callable[[Node], Node] | None  # None for min/max, whose derivative is a Pick


FUNCTIONS: dict[str, Function] = {
    "sin": Function(np.sin, r"\sin", lambda a: call("cos", a)),
    "cos": Function(np.cos, r"\cos", lambda a: neg(call("sin", a))),
    "tan": Function(np.tan, r"\tan", lambda a: div(ONE, power(call("cos", a), TWO))),
    "exp": Function(np.exp, r"\exp", lambda a: call("exp", a)),
    "log": Function(np.log, r"\ln", lambda a: div(ONE, a)),
    "sqrt": Function(np.sqrt, r"\sqrt", lambda a: div(ONE, mul(TWO, call("sqrt", a)))),
    "abs": Function(np.abs, "", lambda a: call("sign", a)),
    "tanh": Function(np.tanh, r"\tanh", lambda a: sub(ONE, power(call("tanh", a), TWO))),
    "sinh": Function(np.sinh, r"\sinh", lambda a: call("cosh", a)),
    "cosh": Function(np.cosh, r"\cosh", lambda a: call("sinh", a)),
    "arctan": Function(np.arctan, r"\arctan", lambda a: div(ONE, add(ONE, power(a, TWO)))),
    "sigmoid": Function(_sigmoid, r"\sigma", lambda a: mul(call("sigmoid", a), sub(ONE, call("sigmoid", a)))),
    "min": Function(np.minimum, r"\min", None),
    "max": Function(np.maximum, r"\max", None),
    # Internal only (the derivative of abs); users cannot type it.
    "sign": Function(np.sign, r"\operatorname{sign}", lambda a: ZERO),
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
ALLOWED_NAMES = (*VARIABLES, *CONSTANTS, *USER_FUNCTIONS)
ALLOWED = (
    "Use x and y, numbers (2, 2.5, 1e-3, .5), the constants pi and e, the operators + - * / and "
    "^ (or **) for powers, parentheses, and the functions sin, cos, tan, exp, log (natural), sqrt, abs, "
    "tanh, sinh, cosh, arctan (or atan), sigmoid, min(a, b) and max(a, b). Write 2*x, not 2x. "
    "-x^2 means -(x^2) and 2^3^2 means 2^(3^2). "
    f"At most {MAX_LENGTH} characters. Example: (1 - x)^2 + 100*(y - x^2)^2"
)

_PICK_TEST = {"min": np.less_equal, "max": np.greater_equal}
_BINARY = {Add: np.add, Sub: np.subtract, Mul: np.multiply, Div: np.divide, Pow: np.power}


def _children(node: Node) -> tuple[Node, ...]:
    match node:
        case Neg(a):
            return (a,)
        case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b) | Pow(a, b):
            return (a, b)
        case Call(_, args):
            return args
        case Pick(_, a, b, da, db):
            return (a, b, da, db)
    return ()


def _apply(node: Node, values: list) -> Array:
    """The operation at ``node`` applied to its children's values (for leaves: the leaf's value)."""
    match node:
        case Num(value):
            return value
        case Const(name):
            return CONSTANTS[name]
        case Neg():
            return np.negative(values[0])
        case Call(fn):
            return FUNCTIONS[fn].forward(*values)
        case Pick(fn):
            a, b, da, db = values
            return np.where(_PICK_TEST[fn](a, b), da, db)
    return _BINARY[type(node)](*values)


def _evaluate(node: Node, x: Array, y: Array, memo: dict[int, Array]) -> Array:
    """The value of ``node`` at points (x, y); ``memo`` evaluates subtrees shared by f and ∇f only once."""
    key = id(node)
    if key not in memo:
        if isinstance(node, Var):
            memo[key] = x if node.name == "x" else y
        else:
            memo[key] = _apply(node, [_evaluate(child, x, y, memo) for child in _children(node)])
    return memo[key]


# ---------------------------------------------------------------- simplifying constructors


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


def _fold(op: Callable[[float, float], float], a: float, b: float) -> Node | None:
    """op(a, b) as a literal when it is finite and short to print (1/3 stays a fraction), else None."""
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


def add(a: Node, b: Node) -> Node:
    """a + b, with a + 0 = a and a + -b = a - b."""
    ca, cb = _number(a), _number(b)
    if ca is not None and cb is not None and (folded := _fold(np.add, ca, cb)):
        return folded
    if ca == 0:
        return b
    if cb == 0:
        return a
    if isinstance(b, Neg):
        return sub(a, b.a)
    return Add(a, b)


def sub(a: Node, b: Node) -> Node:
    """a - b, with a - 0 = a, 0 - b = -b and a - -b = a + b."""
    ca, cb = _number(a), _number(b)
    if ca is not None and cb is not None and (folded := _fold(np.subtract, ca, cb)):
        return folded
    if cb == 0:
        return a
    if ca == 0:
        return neg(b)
    if isinstance(b, Neg):
        return add(a, b.a)
    return Sub(a, b)


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
    if ca is not None and cb is not None and cb != 0 and (folded := _fold(np.divide, ca, cb)):
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
    if ca is not None and cb is not None and (folded := _fold(np.power, ca, cb)):
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


# ---------------------------------------------------------------- symbolic derivative


def derivative(node: Node, v: str) -> Node:
    """∂node/∂v for v in {"x", "y"}, as a simplified tree."""
    match node:
        case Num() | Const():
            return ZERO
        case Var(name):
            return ONE if name == v else ZERO
        case Neg(a):
            return neg(derivative(a, v))
        case Add(a, b):
            return add(derivative(a, v), derivative(b, v))
        case Sub(a, b):
            return sub(derivative(a, v), derivative(b, v))
        case Mul(a, b):
            return add(mul(derivative(a, v), b), mul(a, derivative(b, v)))
        case Div(a, b):
            da, db = derivative(a, v), derivative(b, v)
            return sub(div(da, b), div(mul(a, db), power(b, TWO)))
        case Pow(a, b):
            da, db = derivative(a, v), derivative(b, v)
            if _number(db) == 0:  # (a^b)' = b a^(b-1) a'
                return mul(da, mul(b, power(a, sub(b, ONE))))
            if _number(da) == 0:  # (a^b)' = a^b ln(a) b'
                return mul(db, mul(node, call("log", a)))
            # (a^b)' = a^b (b' ln a + b a' / a)
            return mul(node, add(mul(db, call("log", a)), div(mul(b, da), a)))
        case Call(fn, (a,)):
            return _chain(FUNCTIONS[fn].slope(a), derivative(a, v))
        case Call(fn, (a, b)):
            da, db = derivative(a, v), derivative(b, v)
            if _number(da) == 0 and _number(db) == 0:
                return ZERO
            return Pick(fn, a, b, da, db)
    raise TypeError(f"not an expression node: {node!r}")


def _chain(slope: Node, da: Node) -> Node:
    """g(a)' = a' g'(a), written a' / h when g'(a) = 1 / h."""
    if isinstance(slope, Div) and _number(slope.a) == 1:
        return div(da, slope.b)
    return mul(da, slope)


def _check_size(*trees: Node) -> None:
    """Refuse gradients that would be huge when written out (counted as trees, not as shared graphs)."""
    pending = [(tree, 1) for tree in trees]
    count = 0
    while pending:
        node, depth = pending.pop()
        count += 1
        if count > MAX_GRAD_NODES or depth > MAX_GRAD_DEPTH:
            raise FormulaError("grad_too_large", nodes=MAX_GRAD_NODES, depth=MAX_GRAD_DEPTH)
        pending.extend((child, depth + 1) for child in _children(node))


# ---------------------------------------------------------------- LaTeX


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


# ---------------------------------------------------------------- tokenizer and parser


class Token(NamedTuple):
    kind: str  # "num", "name", "end", or the operator itself: + - * / ^ ( ) ,
    text: str
    pos: int


DIGITS = "0123456789"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
OPERATORS = "+-*/^(),"


def _skip(text: str, pos: int, chars: str) -> int:
    """The first index at or after pos whose character is not in chars."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _number_end(text: str, pos: int) -> int:
    """End of the number at pos: digits, optional .digits, optional e[+-]digits (1, 2.5, .5, 1e-3)."""
    pos = _skip(text, pos, DIGITS)
    if text[pos : pos + 1] == ".":
        pos = _skip(text, pos + 1, DIGITS)
    if text[pos : pos + 1] in ("e", "E"):
        digits_at = pos + 2 if text[pos + 1 : pos + 2] in ("+", "-") else pos + 1
        if text[digits_at : digits_at + 1] and text[digits_at] in DIGITS:
            pos = _skip(text, digits_at, DIGITS)
    return pos


# Characters people paste from documents, with what to type instead.
_TYPE_INSTEAD = {"²": "^2", "³": "^3", "×": "*", "·": "*", "÷": "/", "−": "-", "π": "pi"}


def _show_char(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X})" if not ch.isprintable() or ord(ch) > 127 else repr(ch)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an "end" token; FormulaError at the first character not allowed."""
    tokens, pos = [], 0
    while pos < len(text):
        ch = text[pos]
        if ch in " \t\r\n":
            pos += 1
            continue
        if ch in DIGITS or (ch == "." and text[pos + 1 : pos + 2] and text[pos + 1] in DIGITS):
            end = _number_end(text, pos)
            tokens.append(Token("num", text[pos:end], pos))
        elif ch in LETTERS:
            end = _skip(text, pos, LETTERS + DIGITS)
            tokens.append(Token("name", text[pos:end], pos))
        elif text.startswith("**", pos):
            end = pos + 2
            tokens.append(Token("^", "**", pos))
        elif ch in OPERATORS:
            end = pos + 1
            tokens.append(Token(ch, ch, pos))
        else:
            if ch in _TYPE_INSTEAD:
                raise FormulaError(
                    "character_instead", char=_show_char(ch), pos=pos, instead=_TYPE_INSTEAD[ch]
                )
            raise FormulaError("character", char=_show_char(ch), pos=pos)
        pos = end
    tokens.append(Token("end", "", len(text)))
    return tokens


def _unknown_name(tok: Token) -> FormulaError:
    allowed = ", ".join(ALLOWED_NAMES)
    if tok.text.lower() in ALLOWED_NAMES:
        return FormulaError(
            "unknown_name_case", name=tok.text, pos=tok.pos, lower=tok.text.lower(), allowed=allowed
        )
    code = "unknown_name_ln" if tok.text == "ln" else "unknown_name"
    return FormulaError(code, name=tok.text, pos=tok.pos, allowed=allowed)


class _Parser:
    """Recursive descent over the token list, one method per grammar rule in the module docstring."""

    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.nodes = 0
        self.constants: dict[int, float] = {}  # id(node) -> value of each subtree without x or y

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def made(self, node: Node, tok: Token) -> Node:
        """Count a new node, and evaluate it now if it is constant, refusing constants that overflow."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError("too_many_nodes", pos=tok.pos, limit=MAX_NODES)
        children = _children(node)
        if isinstance(node, Var) or any(id(child) not in self.constants for child in children):
            return node
        with np.errstate(over="raise", divide="ignore", invalid="ignore", under="ignore"):
            try:
                value = _apply(node, [self.constants[id(child)] for child in children])
            except FloatingPointError:
                raise FormulaError("constant_overflow", pos=tok.pos, token=tok.text) from None
        self.constants[id(node)] = value
        return node

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise FormulaError("empty")
        tree = self.sum()
        tok = self.peek()
        if tok.kind == ")":
            raise FormulaError("unmatched", pos=tok.pos)
        if tok.kind == ",":
            raise FormulaError("comma", pos=tok.pos)
        if tok.kind != "end":
            raise self.juxtaposed(tok)
        return tree

    def sum(self) -> Node:
        left = self.product()
        while self.peek().kind in ("+", "-"):
            tok = self.advance()
            right = self.product()
            left = self.made(Add(left, right) if tok.kind == "+" else Sub(left, right), tok)
        return left

    def product(self) -> Node:
        left = self.signed()
        while self.peek().kind in ("*", "/"):
            tok = self.advance()
            right = self.signed()
            left = self.made(Mul(left, right) if tok.kind == "*" else Div(left, right), tok)
        return left

    def signed(self) -> Node:
        tok = self.peek()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("too_deep", pos=tok.pos, limit=MAX_DEPTH)
        if tok.kind in ("+", "-"):
            self.advance()
            operand = self.signed()
            result = operand if tok.kind == "+" else self.made(Neg(operand), tok)
        else:
            result = self.power()
        self.depth -= 1
        return result

    def power(self) -> Node:
        base = self.atom()
        if self.peek().kind != "^":
            return base
        tok = self.advance()
        return self.made(Pow(base, self.signed()), tok)

    def atom(self) -> Node:
        tok = self.advance()
        if tok.kind == "num":
            value = float(tok.text)  # floats only: no big-integer arithmetic, ever
            if not np.isfinite(value):
                raise FormulaError("number_too_large", number=tok.text, pos=tok.pos)
            return self.made(Num(value), tok)
        if tok.kind == "name":
            if tok.text in VARIABLES:
                return self.made(Var(tok.text), tok)
            if tok.text in CONSTANTS:
                return self.made(Const(tok.text), tok)
            if tok.text in USER_FUNCTIONS:
                return self.call(tok)
            raise _unknown_name(tok)
        if tok.kind == "(":
            if self.peek().kind == ")":
                raise FormulaError("empty_parentheses", pos=tok.pos)
            inner = self.sum()
            self.close(tok)
            return inner
        after = self.tokens[self.i - 2].text if self.i >= 2 else ""
        where = {"after": after} if after else {}
        if tok.kind == "end":  # never the first token: an empty formula is refused before
            raise FormulaError("expected_after_end", pos=tok.pos, after=after)
        raise FormulaError("expected_after" if after else "expected", pos=tok.pos, found=tok.text, **where)

    def call(self, name: Token) -> Node:
        fn = ALIASES.get(name.text, name.text)
        if self.peek().kind != "(":
            raise FormulaError("needs_parentheses", name=name.text, pos=name.pos)
        opening = self.advance()
        args: list[Node] = []
        if self.peek().kind != ")":
            args.append(self.sum())
            while self.peek().kind == ",":
                self.advance()
                args.append(self.sum())
        self.close(opening)
        arity = 2 if fn in ("min", "max") else 1
        if len(args) != arity:
            code = "arity_one" if arity == 1 else "arity_two"
            raise FormulaError(code, name=name.text, pos=name.pos, got=len(args))
        return self.made(Call(fn, tuple(args)), name)

    def close(self, opening: Token) -> None:
        tok = self.peek()
        if tok.kind == ")":
            self.advance()
        elif tok.kind == "end":
            raise FormulaError("unclosed", pos=opening.pos)
        elif tok.kind == ",":
            raise FormulaError("comma", pos=tok.pos)
        else:
            raise self.juxtaposed(tok)

    def juxtaposed(self, tok: Token) -> FormulaError:
        """Two operands side by side, e.g. 2x: name the missing operator (or the unknown name)."""
        if tok.kind == "name" and tok.text not in ALLOWED_NAMES:
            return _unknown_name(tok)
        before = self.tokens[self.i - 1]
        code = "missing_operator_write" if {before.kind, tok.kind} <= {"num", "name"} else "missing_operator"
        return FormulaError(code, before=before.text, token=tok.text, pos=tok.pos)


def parse_tree(text: str) -> Node:
    """The expression tree of a formula; FormulaError if it is not in the language or over a limit."""
    if not isinstance(text, str):
        raise FormulaError("not_text", type=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", length=len(text), limit=MAX_LENGTH)
    return _Parser(text).parse()


# ---------------------------------------------------------------- the Surface


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

    # 80% of the way from the centre to the top-left corner: far from most minima, inside the plot.
    start = (x0 + 0.1 * (x1 - x0), y1 - 0.1 * (y1 - y0))
    return Surface(
        name="custom",
        title=f"Custom: {text.strip()}",
        f=f,
        grad=grad,
        domain=domain,
        minima=(),
        start=start,
        latex=to_latex(tree),
        teaches="Your own surface: its gradient is differentiated exactly from your formula, so the "
        "optimizers see the true slope of what you typed.",
        grad_latex=rf"\left( {to_latex(dx)}, {to_latex(dy)} \right)",
    )
