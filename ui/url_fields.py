"""URL state shared by the labs: a table of fields, and the check of raw values from a shared link.

Each lab lists its fields (key = the widget's key = the URL parameter); ``url_notes`` names the ones a link
got wrong, as the widgets' own bindings judge them, so the page can say that those show their defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# RMSProp's start σ⁰ as both labs write it in the URL → the engine's ``init``.
RMSPROP_INITS = {"lecture": "first_grad", "zeros": "zeros"}


@dataclass(frozen=True)
class Field:
    """A URL parameter: how to check a raw value from a shared link."""

    key: str
    kind: str  # "choice", "choices", "float" (or "number"), "int", "bool", "text"
    low: float | None = None
    high: float | None = None
    options: tuple = ()


def field_problem(field: Field, values: list[str]) -> str | None:
    """Why the raw URL values of a field are unusable, or None when they are fine.

    Several choices come as repeated parameters (``opt=SGD&opt=Adam``): the binding does not split on
    commas, so neither does this check. Numbers must be finite and inside the widget's range.
    """
    if field.kind == "choices":
        bad = [v for v in values if v not in field.options]
        return f"unknown {', '.join(repr(b[:40]) for b in bad[:3])}" if bad else None
    value = values[-1] if values else ""
    if field.kind == "choice" and value not in field.options:
        return f"unknown value {value[:40]!r}"
    if field.kind == "bool" and value.lower() not in ("true", "false"):
        return f"not true/false: {value[:40]!r}"
    if field.kind in ("float", "number", "int"):
        try:
            number = float(value)
        except ValueError:
            return f"not a number: {value[:40]!r}"
        if field.kind == "int" and math.isfinite(number) and number != int(number):
            return f"not a whole number: {value[:40]!r}"
        if not (math.isfinite(number) and field.low <= number <= field.high):
            return f"{value[:40]} is outside {field.low:g} … {field.high:g}"
    return None


def url_notes(fields: list[Field], query_params) -> list[str]:
    """Notes for the fields whose URL values are garbage (their widgets then fall back to their defaults)."""
    notes = []
    for field in fields:
        if field.key in query_params:
            problem = field_problem(field, query_params.get_all(field.key))
            if problem:
                notes.append(f"{field.key}: {problem}")
    return notes
