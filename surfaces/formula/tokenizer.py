"""The tokenizer: formula text -> numbers, names and operators with their positions."""

from __future__ import annotations

from typing import NamedTuple

from surfaces.formula.errors import FormulaError


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
