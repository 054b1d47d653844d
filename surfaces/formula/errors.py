"""The limits a formula must stay within, and why one is refused: MESSAGES and FormulaError."""

from __future__ import annotations

MAX_LENGTH = 300  # characters of formula text
MAX_DEPTH = 30  # nested parentheses, function calls, signs and exponents
MAX_NODES = 200  # numbers, names and operations in the formula
MAX_GRAD_NODES = 5000  # nodes of both gradient components, counted as written out
MAX_GRAD_DEPTH = 200  # levels; tree walks recurse ~2 frames a level, far below Python's limit of 1000


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
