"""URL state shared by the labs: a table of fields, and the check of raw values from a shared link.

Each lab lists its fields (key = the widget's key = the URL parameter); ``url_notes`` names the ones a link
got wrong, so the page can say that those show their defaults.

A lab that owns its URL (the optimizer lab) goes both ways through the same table: ``seed_state`` puts a
link's good values into the widgets' session state before they are drawn, and ``url_params`` writes the
address bar (and the Share link, the same list) from session state after they are drawn. Streamlit's own
``bind="query-params"`` is not used there: a bound widget stops writing the address bar when another
widget of its kind takes its former place in the sidebar (e.g. RMSProp's α once per-optimizer η sliders
appear above it), so the address bar and the run drifted apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ui.i18n import DEFAULT_LANGUAGE, current_language, text

# RMSProp's start σ⁰ as both labs write it in the URL → the engine's ``init``.
RMSPROP_INITS = {"lecture": "first_grad", "zeros": "zeros"}


@dataclass(frozen=True)
class Field:
    """A URL parameter: how to check a raw value from a shared link, and how its widget holds it.

    ``words`` maps a widget value to its word in the URL where the two differ (a registry name → the label
    people read, e.g. "sgd" → "SGD"); ``options`` are the URL words. A value with several words (a label
    in each language) is read from any of them and written with the last one listed. Whole numbers (kind
    "int") are written without a decimal point and held as ``held`` says (floats for number inputs, ints
    for sliders).
    """

    key: str
    kind: str  # "choice", "choices", "float" (or "number"), "int", "bool", "text"
    low: float | None = None
    high: float | None = None
    options: tuple = ()
    words: tuple[tuple[str, str], ...] = ()
    held: Callable[[float], object] = float

    def to_url(self, value) -> list[str]:
        """The widget's value as URL words (several for "choices")."""
        word = dict(self.words)
        if self.kind == "choices":
            return [word.get(v, v) for v in value]
        if self.kind == "bool":
            return ["true" if value else "false"]
        if self.kind == "int":
            return [str(int(round(float(value))))]
        if self.kind in ("float", "number"):  # repr: the shortest text that reads back as this number
            return [repr(float(value))]
        return [word.get(value, value)]

    def from_url(self, values: list[str]):
        """The widget's value from usable URL words (check them with ``field_problem`` first)."""
        value_of = {w: v for v, w in self.words}
        if self.kind == "choices":
            return [value_of.get(w, w) for w in values]
        raw = values[-1]
        if self.kind == "bool":
            return raw.lower() == "true"
        if self.kind in ("float", "number", "int"):
            return self.held(float(raw))
        return value_of.get(raw, raw)


def field_issue(field: Field, values: list[str]) -> tuple[str, dict[str, str]] | None:
    """Why the raw URL values of a field are unusable, as a code and its values (None when they are fine).

    The code names the catalogue text ``url.problem.<code>`` (``field_problem`` and ``url_notes`` word it).
    Several choices come as repeated parameters (``opt=SGD&opt=Adam``): the binding does not split on
    commas, so neither does this check. Numbers must be finite and inside the widget's range.
    """
    if field.kind == "choices":
        bad = [v for v in values if v not in field.options]
        return ("unknown_choices", {"values": ", ".join(repr(b[:40]) for b in bad[:3])}) if bad else None
    value = values[-1] if values else ""
    quoted = {"value": repr(value[:40])}
    if field.kind == "choice" and value not in field.options:
        return "unknown_value", quoted
    if field.kind == "bool" and value.lower() not in ("true", "false"):
        return "not_bool", quoted
    if field.kind in ("float", "number", "int"):
        try:
            number = float(value)
        except ValueError:
            return "not_number", quoted
        if field.kind == "int" and math.isfinite(number) and number != int(number):
            return "not_whole", quoted
        if not (math.isfinite(number) and field.low <= number <= field.high):
            return "outside", {"value": value[:40], "low": f"{field.low:g}", "high": f"{field.high:g}"}
    return None


def field_problem(field: Field, values: list[str], lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why the raw URL values of a field are unusable, in ``lang``, or None when they are fine."""
    issue = field_issue(field, values)
    if issue is None:
        return None
    code, params = issue
    return text(f"url.problem.{code}", lang, **params)


def seed_state(fields: list[Field], query_params, state) -> None:
    """Put each field's usable URL value into ``state`` unless the widget already holds one. Of several
    choices (``act=ReLU&act=Nope``) the known ones are kept; the note still names the others."""
    for field in fields:
        raw = query_params.get_all(field.key) if field.key in query_params else []
        if field.kind == "choices":
            raw = [word for word in raw if word in field.options]
        if field.key not in state and raw and field_problem(field, raw) is None:
            state[field.key] = field.from_url(raw)


def url_params(fields: list[Field], state, active) -> list[tuple[str, str]]:
    """The URL parameters of the ``active`` fields' values in ``state``, in the table's order."""
    return [
        (field.key, word)
        for field in fields
        if field.key in active and field.key in state
        for word in field.to_url(state[field.key])
    ]


def url_notes(fields: list[Field], query_params, lang: str | None = None) -> list[str]:
    """Notes for the fields whose URL values are garbage (their widgets then fall back to their defaults),
    in ``lang`` (None: the session's language)."""
    lang = current_language() if lang is None else lang
    notes = []
    for field in fields:
        if field.key in query_params:
            problem = field_problem(field, query_params.get_all(field.key), lang)
            if problem:
                notes.append(f"{field.key}: {problem}")
    return notes


def write_address_bar(fields: list[Field], params: list[tuple[str, str]], query_params, whole=True) -> None:
    """Make the address bar hold ``params`` for the lab's ``fields`` (one lab's setup), keeping every other
    parameter (``lang``, ``present``, …) as it is. Writes only on a change.

    ``whole``: rewrite the whole query in the table's order (the Share link's order too). A page that also
    has a widget bound by Streamlit must pass False: a bound parameter may not be set directly, so only this
    table's parameters are set (all in one ``update``: each message is an address rewrite and a render of
    the whole app in the browser, and one per parameter made 27 on a first visit) or removed.
    """
    ours = {f.key for f in fields}
    wanted: dict[str, list[str]] = {}
    for key, word in params:
        wanted.setdefault(key, []).append(word)
    if not whole:
        changed = {
            f.key: wanted[f.key] if len(wanted[f.key]) > 1 else wanted[f.key][0]
            for f in fields
            if f.key in wanted and query_params.get_all(f.key) != wanted[f.key]
        }
        if changed:
            query_params.update(changed)
        for field in fields:
            if field.key not in wanted and field.key in query_params:
                del query_params[field.key]
        return
    for key in query_params:
        if key not in ours:
            wanted[key] = query_params.get_all(key)
    current = {key: query_params.get_all(key) for key in query_params}
    if current != wanted:
        query_params.from_dict({k: v[0] if len(v) == 1 else v for k, v in wanted.items()})
