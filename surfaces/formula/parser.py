"""The recursive-descent parser: tokens -> expression tree, within the limits on size and depth.

Grammar (lowest binding first; ``^`` and ``**`` are the same right-associative power, and unary minus
binds looser than power, so ``-x^2 = -(x^2)`` and ``2^3^2 = 2^9``)::

    sum     := product (("+" | "-") product)*
    product := signed (("*" | "/") signed)*
    signed  := ("+" | "-") signed | power
    power   := atom (("^" | "**") signed)?
    atom    := number | x | y | pi | e | function "(" sum ("," sum)? ")" | "(" sum ")"
"""

from __future__ import annotations

import numpy as np

from surfaces.formula import tree
from surfaces.formula.errors import MAX_DEPTH, MAX_LENGTH, MAX_NODES, FormulaError
from surfaces.formula.functions import ALIASES, ALLOWED_NAMES, USER_FUNCTIONS, _apply
from surfaces.formula.tokenizer import Token, tokenize


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

    def made(self, node: tree.Node, tok: Token) -> tree.Node:
        """Count a new node, and evaluate it now if it is constant, refusing constants that overflow."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError("too_many_nodes", pos=tok.pos, limit=MAX_NODES)
        children = tree.children(node)
        if isinstance(node, tree.Var) or any(id(child) not in self.constants for child in children):
            return node
        with np.errstate(over="raise", divide="ignore", invalid="ignore", under="ignore"):
            try:
                value = _apply(node, [self.constants[id(child)] for child in children])
            except FloatingPointError:
                raise FormulaError("constant_overflow", pos=tok.pos, token=tok.text) from None
        self.constants[id(node)] = value
        return node

    def parse(self) -> tree.Node:
        if self.peek().kind == "end":
            raise FormulaError("empty")
        root = self.sum()
        tok = self.peek()
        if tok.kind == ")":
            raise FormulaError("unmatched", pos=tok.pos)
        if tok.kind == ",":
            raise FormulaError("comma", pos=tok.pos)
        if tok.kind != "end":
            raise self.juxtaposed(tok)
        return root

    def sum(self) -> tree.Node:
        left = self.product()
        while self.peek().kind in ("+", "-"):
            tok = self.advance()
            right = self.product()
            left = self.made(tree.Add(left, right) if tok.kind == "+" else tree.Sub(left, right), tok)
        return left

    def product(self) -> tree.Node:
        left = self.signed()
        while self.peek().kind in ("*", "/"):
            tok = self.advance()
            right = self.signed()
            left = self.made(tree.Mul(left, right) if tok.kind == "*" else tree.Div(left, right), tok)
        return left

    def signed(self) -> tree.Node:
        tok = self.peek()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("too_deep", pos=tok.pos, limit=MAX_DEPTH)
        if tok.kind in ("+", "-"):
            self.advance()
            operand = self.signed()
            result = operand if tok.kind == "+" else self.made(tree.Neg(operand), tok)
        else:
            result = self.power()
        self.depth -= 1
        return result

    def power(self) -> tree.Node:
        base = self.atom()
        if self.peek().kind != "^":
            return base
        tok = self.advance()
        return self.made(tree.Pow(base, self.signed()), tok)

    def atom(self) -> tree.Node:
        tok = self.advance()
        if tok.kind == "num":
            value = float(tok.text)  # floats only: no big-integer arithmetic, ever
            if not np.isfinite(value):
                raise FormulaError("number_too_large", number=tok.text, pos=tok.pos)
            return self.made(tree.Num(value), tok)
        if tok.kind == "name":
            if tok.text in tree.VARIABLES:
                return self.made(tree.Var(tok.text), tok)
            if tok.text in tree.CONSTANTS:
                return self.made(tree.Const(tok.text), tok)
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

    def call(self, name: Token) -> tree.Node:
        fn = ALIASES.get(name.text, name.text)
        if self.peek().kind != "(":
            raise FormulaError("needs_parentheses", name=name.text, pos=name.pos)
        opening = self.advance()
        args: list[tree.Node] = []
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
        return self.made(tree.Call(fn, tuple(args)), name)

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


def parse_tree(text: str) -> tree.Node:
    """The expression tree of a formula; FormulaError if it is not in the language or over a limit."""
    if not isinstance(text, str):
        raise FormulaError("not_text", type=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", length=len(text), limit=MAX_LENGTH)
    return _Parser(text).parse()
