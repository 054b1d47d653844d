"""Garbage in every URL field of every page: no exception, no traceback, and a note that says so.

The app runs from its entry point (``streamlit_app.py``), as a shared link opens it: the optimizer lab is
the default page; the lessons and the network lab are reached with ``switch_page`` after a first run,
with the link's query set just before. The fields come from the labs' own URL tables
(``ui/race_fields.fields``, ``ui/network_fields.fields``), so a new field is fuzzed without a change here.

Bounded, deterministic and fast (no ``hypothesis``): each field gets one garbage value chosen for its kind
(the values rotate through the kind's list so that every kind of garbage meets some field); then every
garbage value of a kind goes into all the fields of that kind at once, one run per value and lab; the
lessons page, cheap to run, gets every value.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import optimizers
from ui import lessons
from ui.i18n import escape_markdown, text
from ui.network import fields as network_fields
from ui.race import fields as race_fields
from ui.vocab import OPTIMIZER_LABELS

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 60
LONG = "x" * 10_000

# Garbage by kind of field. "Numbers" go to number fields; fractions only to whole-number ones.
NUMBERS = [
    "²",
    "①",
    "٣",  # Arabic-Indic three: str.isdigit() is True, float() takes it (!), int() too
    "9" * 5000,
    "nan",
    "inf",
    "-inf",
    "1e999",
    "-5",
    "",
    LONG,
    "1\n2",
    "\x00\x07",
    "%00",
    "<script>alert(1)</script>",
    "**x**",
]
WHOLE = ["120.5", "0.5", "1e-9"]  # fractions for whole-number fields
CHOICES = ["<script>alert(1)</script>", "**x**", "", LONG, "\x00", "%00", "²", "1\n2", "nan"]
FORMULAS = ["<script>alert(1)</script>", LONG, "__import__('os')", "x^99999", "1e999*x", "\x00", "x +"]
LESSON_VALUES = [*NUMBERS, *WHOLE, "0", "20", "99", "-1", " ", "1 2", "1e0"]


def is_whole(field) -> bool:
    """A whole-number field: the optimizer lab says "int"; the network lab's whole ranges are int bounds."""
    return field.kind == "int" or (field.kind == "number" and isinstance(field.low, int))


def is_garbage(field, value: str) -> bool:
    """Whether a number field cannot take ``value``: not a plain finite ASCII number inside its range
    (and whole, for a whole-number field). Judged here, not by the app's own check."""
    try:
        number = float(value)  # float() reads Unicode decimal digits: "٣" is 3, as the widgets show it
    except ValueError:
        return True
    whole = is_whole(field)
    return not (math.isfinite(number) and field.low <= number <= field.high) or (whole and number % 1 != 0)


def garbage_for(field, i: int) -> list[str]:
    """The garbage values for ``field``, the i-th field of its lab (a list: the URL's values)."""
    if field.kind == "choices":
        valid = field.options[0]
        return [[valid, CHOICES[i % len(CHOICES)]], [CHOICES[i % len(CHOICES)]]][i % 2]
    if field.kind == "choice":
        value = CHOICES[i % len(CHOICES)]
        return [field.options[0], value] if i % 3 == 0 else [value]  # sometimes repeated: the last counts
    if field.kind == "bool":
        return [["maybe", "1", "", "²"][i % 4]]
    if field.kind == "text":
        return [FORMULAS[i % len(FORMULAS)]]
    whole = is_whole(field)
    if whole and i % 4 == 1:
        return [WHOLE[0]]  # a fraction in a whole-number field
    pool = [v for v in NUMBERS if is_garbage(field, v)]
    return [pool[i % len(pool)]]


# ----- the pages ----------------------------------------------------------------------------------------------
OPT_FIELDS = race_fields.fields()
NET_FIELDS = network_fields.fields()
ALL_OPTIMIZERS = [OPTIMIZER_LABELS[n] for n in optimizers.names()]
SURFACE_TITLES = race_fields.surface_titles()


def optimizer_context(key: str) -> dict:
    """Valid values that make the optimizer lab draw the widget of ``key`` (every optimizer, one η each)."""
    context = {"opt": ALL_OPTIMIZERS, "same_lr": "false"}
    if key == "kappa":
        context["surface"] = SURFACE_TITLES["bowl"]
    if key in ("span", "formula"):
        context["surface"] = SURFACE_TITLES[race_fields.CUSTOM]
    context.pop(key, None)
    return context


NET_VIEWS = dict(zip(network_fields.VIEWS, network_fields.view_labels("en")))
NET_CONTEXT = {
    "sigma0": {"optimizer": "RMSProp"},
    "alpha": {"optimizer": "RMSProp"},
    "lambda": {"optimizer": "Momentum"},
    "beta1": {"optimizer": "Adam"},
    "beta2": {"optimizer": "Adam"},
    "eps": {"optimizer": "Adam"},
    "nudge_layer": {"view": NET_VIEWS["nudge"]},
    "nudge_dw": {"view": NET_VIEWS["nudge"]},
    "thin_act": {"view": NET_VIEWS["thinned"]},
    "point": {"view": NET_VIEWS["thinned"]},
    "shape_layer": {"view": NET_VIEWS["shapes"]},
    "line_a": {"view": NET_VIEWS["shapes"]},
    "line_b": {"view": NET_VIEWS["shapes"]},
}
PAGES = {  # page -> (file to switch to or None for the default page, the title it shows, its note's opening)
    "optimizer": (None, "lab.title", "lab.url_notes"),
    "network": ("ui/pages/network_lab.py", "net.title", "net.url_notes"),
    "lessons": ("ui/pages/lessons.py", "lessons.title", None),
}


def open_page(page: str, query: dict, app_query: dict | None = None) -> AppTest:
    """The app opened on ``page`` with ``query`` in the URL (values: a str or a list of repeated values).
    ``app_query`` (lang, present) is read by the entry point on the first run of the session."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (app_query or {}).items():
        at.query_params[key] = value
    path = PAGES[page][0]
    if path is None:
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(path).run()


def everything_shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def assert_no_crash(at: AppTest, page: str, lang: str = "en") -> None:
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert [t.value for t in at.title][:1] == [text(PAGES[page][1], lang)], "the page did not finish"
    shown = everything_shown(at)
    assert "Traceback" not in shown and str(ROOT) not in shown  # no server paths reach the student


def lab_note(at: AppTest, page: str) -> str:
    opening = text(PAGES[page][2])
    notes = [i.value for i in at.info if i.value.startswith(opening)]
    assert len(notes) == 1, "no note about the refused URL values"
    return notes[0]


def lesson_note(at: AppTest, lang: str = "en") -> str:
    opening = text("lessons.url_note", lang, value="\0", count=len(lessons.LESSONS)).split("\0")[0]
    notes = [i.value for i in at.info if i.value.startswith(opening)]
    assert len(notes) == 1, "no note about the refused lesson number"
    return notes[0]


# ----- the fuzz ----------------------------------------------------------------------------------------------
def case(page: str, key: str, values: list[str]):
    return pytest.param(page, key, values, id=f"{page}-{key}-{ascii(values)[:40]}")


def by_kind(fields) -> list[tuple[object, int]]:
    """Each field with its index among the fields of its kind (so each kind's garbage rotates evenly)."""
    seen: dict[str, int] = {}
    numbered = []
    for field in fields:
        kind = "number" if field.kind in ("float", "int", "number") else field.kind
        numbered.append((field, seen.get(kind, 0)))
        seen[kind] = seen.get(kind, 0) + 1
    return numbered


ONE_PER_FIELD = [
    *[case("optimizer", f.key, garbage_for(f, i)) for f, i in by_kind(OPT_FIELDS)],
    *[case("network", f.key, garbage_for(f, i)) for f, i in by_kind(NET_FIELDS)],
]


@pytest.mark.parametrize(("page", "key", "values"), ONE_PER_FIELD)
def test_one_garbage_value_in_each_field(page, key, values):
    context = optimizer_context(key) if page == "optimizer" else dict(NET_CONTEXT.get(key, {}))
    at = open_page(page, {**context, key: values})
    assert_no_crash(at, page)
    if key == "formula":  # free text: a formula that does not parse is named under the box, and replaced
        assert any(text("ctl.formula_fallback") in e.value for e in at.error)
    else:
        assert f"- {escape_markdown(key)}\\:" in lab_note(at, page)


def number_fields(page: str) -> list:
    return [
        f for f in (OPT_FIELDS if page == "optimizer" else NET_FIELDS) if f.kind in ("float", "int", "number")
    ]


AT_ONCE = ["²", "①", "٣", "9" * 5000, "nan", "inf", "-inf", "1e999", "-5", "", "\x00\x07", "120.5"]


@pytest.mark.parametrize("value", AT_ONCE, ids=lambda v: ascii(v)[:30])
@pytest.mark.parametrize("page", ["optimizer", "network"])
def test_one_garbage_value_in_every_number_field_at_once(page, value):
    query = {f.key: value for f in number_fields(page)}
    if page == "optimizer":
        query |= {"opt": ALL_OPTIMIZERS, "same_lr": "false", "surface": SURFACE_TITLES["bowl"]}
    at = open_page(page, query)
    assert_no_crash(at, page)
    expected = {f.key for f in number_fields(page) if is_garbage(f, value)}
    note = lab_note(at, page) if expected else ""
    assert {key for key in query if f"- {escape_markdown(key)}\\:" in note} == expected


@pytest.mark.parametrize(
    ("value", "lang"),
    [*[(v, "en") for v in LESSON_VALUES], *[(v, "zh") for v in ("²", "9" * 5000, "99")]],
    ids=lambda v: ascii(v)[:30],
)
def test_every_garbage_lesson_number(value, lang):
    at = open_page("lessons", {"lesson": value}, {"lang": lang} if lang != "en" else None)
    assert_no_crash(at, "lessons", lang)
    assert at.header[0].value == text("lesson.vanishing.title", lang)
    lesson_note(at, lang)


def test_repeated_lesson_parameters_count_by_the_last():
    at = open_page("lessons", {"lesson": ["3", "²"]})
    assert_no_crash(at, "lessons")
    lesson_note(at)
    at = open_page("lessons", {"lesson": ["²", "4"]})
    assert at.header[0].value == text("lesson.maxout.title") and not at.info


APP_WIDE = ["²", "<script>alert(1)</script>\n" + LONG, ["zh", "\x00"]]


@pytest.mark.parametrize("value", APP_WIDE, ids=lambda v: ascii(v)[:30])
@pytest.mark.parametrize("key", ["lang", "present"])
def test_garbage_in_the_app_wide_fields_changes_nothing(key, value):
    """``lang`` and ``present`` are read by the entry point on every page: garbage means English, no
    presentation mode (a repeated lang counts by its last value)."""
    for page in PAGES:
        at = open_page(page, {}, {key: value})
        assert_no_crash(at, page)
        assert at.session_state["lang"] == "en"
        assert not [b for b in at.button if b.label == text("present.leave")]


@pytest.mark.parametrize("key", ["lang", "present"])
def test_garbage_in_the_app_wide_fields_gets_a_note(key):
    at = open_page("lessons", {}, {key: "²"})
    assert "²" in "\n".join(i.value for i in at.info)


@pytest.mark.parametrize("page", ["optimizer", "network"])
def test_the_labs_notes_are_in_the_students_language(page):
    key = "steps" if page == "optimizer" else "epochs"
    at = open_page(page, {key: "²"}, {"lang": "zh"})
    assert_no_crash(at, page, "zh")
    (note,) = [i.value for i in at.info if i.value.startswith(text(PAGES[page][2], "zh"))]
    assert not re.findall(r"[A-Za-z]{3,}", note.replace(escape_markdown(key), "")), note


def mixed_query(page: str, seed: int) -> dict:
    """A seeded mix: every field of the lab gets, with probability ½, a garbage value of its kind (any of
    them, not the rotation's), so that garbage meets garbage in other fields."""
    rng = random.Random(seed)
    fields = OPT_FIELDS if page == "optimizer" else NET_FIELDS
    query = {}
    for field in fields:
        if rng.random() < 0.5:
            query[field.key] = garbage_for(field, rng.randrange(1000))
    return query


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("page", ["optimizer", "network"])
def test_a_seeded_mix_of_garbage_in_many_fields(page, seed):
    query = mixed_query(page, seed)
    at = open_page(page, query)
    assert_no_crash(at, page)
    refused = [key for key in query if key != "formula"]
    if refused:
        note = lab_note(at, page)
        # every refused field is listed (free text is judged by the formula box, not the note)
        missing = [
            k for k in refused if f"- {escape_markdown(k)}\\:" not in note and is_refused(page, k, query[k])
        ]
        assert not missing, missing


def is_refused(page: str, key: str, values: list[str]) -> bool:
    """Whether the fuzz's own judge calls these values garbage for the field ``key``."""
    field = next(f for f in (OPT_FIELDS if page == "optimizer" else NET_FIELDS) if f.key == key)
    if field.kind in ("float", "int", "number"):
        return is_garbage(field, values[-1])
    if field.kind == "choices":
        return any(v not in field.options for v in values)
    if field.kind == "bool":
        return values[-1].lower() not in ("true", "false")
    return values[-1] not in field.options
