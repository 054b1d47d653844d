"""Both languages have exactly the same keys, the same placeholders, and no empty strings; and the Chinese
page says in Chinese what a student reads (refused URL values, refused formulas, the labels of options),
keeping only names on purpose (SGD, RMSProp, the formula language's x, sin, …)."""

import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.i18n import CATALOGUES, text
from ui.locales import en, zh
from ui.url import Field, field_problem, url_notes

ROOT = Path(__file__).resolve().parents[1]
LAB = str(ROOT / "ui" / "pages" / "optimizer_lab.py")
APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 60


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_key_exists_in_both_languages():
    missing_in_zh = sorted(set(en.STRINGS) - set(zh.STRINGS))
    missing_in_en = sorted(set(zh.STRINGS) - set(en.STRINGS))
    assert missing_in_zh == [] and missing_in_en == []


@pytest.mark.parametrize("key", sorted(en.STRINGS))
def test_same_placeholders_and_not_empty(key):
    assert en.STRINGS[key].strip() and zh.STRINGS[key].strip()
    if key.endswith(".body"):  # lesson texts: LaTeX, never formatted; the same equations in both
        assert en.STRINGS[key].count("$") == zh.STRINGS[key].count("$")
        assert en.STRINGS[key].count("$$") == zh.STRINGS[key].count("$$")
    else:
        assert placeholders(en.STRINGS[key]) == placeholders(zh.STRINGS[key])


def test_lookup_fills_values_and_falls_back_to_english_for_unknown_languages():
    assert text("table.diverged", "en", step=12) == "diverged at step 12"
    assert text("table.diverged", "zh", step=12) == "在第 12 步发散"
    assert text("table.diverged", "fr", step=3) == "diverged at step 3"
    assert set(CATALOGUES) == {"en", "zh"}


def test_lecture_terms_in_chinese():
    joined = " ".join(zh.STRINGS.values())
    for term in ("学习率", "动量", "梯度"):
        assert term in joined


def english_words(shown: str, *kept: str) -> list[str]:
    """Runs of three or more ASCII letters in ``shown``, once the ``kept`` texts are taken out."""
    for k in sorted(kept, key=len, reverse=True):
        shown = shown.replace(k, "")
    return re.findall(r"[A-Za-z]{3,}", shown)


# ----- refused URL values -----------------------------------------------------------------------------------
GARBAGE = [  # a field, garbage for it (without letters), and what the English note said before
    (Field("opt", "choices", options=("SGD",)), ["SGD", "²"], "unknown '²'"),
    (Field("surface", "choice", options=("Bowl",)), ["²"], "unknown value '²'"),
    (Field("same_lr", "bool"), ["²"], "not true/false: '²'"),
    (Field("steps", "int", 10, 5000), ["²"], "not a number: '²'"),
    (Field("steps", "int", 10, 5000), ["120.5"], "not a whole number: '120.5'"),
    (Field("steps", "int", 10, 5000), ["-7"], "-7 is outside 10 … 5000"),
]


@pytest.mark.parametrize(("field", "values", "english"), GARBAGE, ids=lambda v: ascii(v)[:20])
def test_a_refused_url_value_is_worded_in_the_language_asked(field, values, english):
    assert field_problem(field, values) == english  # English stays the default, word for word
    assert field_problem(field, values, "en") == english
    chinese = field_problem(field, values, "zh")
    assert chinese != english and not english_words(chinese), chinese
    assert values[-1] in chinese  # it still quotes what the link said


def test_url_notes_follow_the_language():
    fields = [field for field, _, _ in GARBAGE[1:4]]
    query = {field.key: ["²"] for field in fields}

    class Query(dict):
        def get_all(self, key):
            return self[key]

    notes = url_notes(fields, Query(query), "zh")
    assert [note.split(": ")[0] for note in notes] == ["surface", "same_lr", "steps"]
    assert not english_words(" ".join(notes), "surface", "same_lr", "steps"), notes
    assert url_notes(fields, Query(query), "en")[0] == "surface: unknown value '²'"


# ----- the optimizer lab in Chinese ------------------------------------------------------------------------
def lab(lang: str, **query) -> AppTest:
    at = AppTest.from_file(LAB, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_formula_box_is_labelled_like_the_loss(lang):
    at = lab(lang, surface="Custom formula")
    assert at.text_input(key="formula").label == "L(x, y) ="


@pytest.mark.parametrize(
    "formula", ["x² + y", "x + z", "2x", "sin(x, y)", "x +", "X", "ln(x)", "(x", "x" * 301]
)
def test_a_refused_formula_is_explained_in_chinese(formula):
    at = lab("zh", surface="Custom formula", formula=formula)
    (error,) = [e.value for e in at.error]
    assert text("ctl.formula_fallback", "zh") in error
    names = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "arctan", "atan")
    kept = (*names, "sigmoid", "min", "max", "pi", formula[:40].replace("x²", ""))
    assert not english_words(error.replace("\\", ""), *kept), error


def test_a_refused_formula_hints_at_what_to_type_in_chinese():
    at = lab("zh", surface="Custom formula", formula="x²")
    (error,) = [e.value for e in at.error]
    assert "请写 ^2" in error


def test_rmsprop_start_shows_translated_labels_and_keeps_its_url_words():
    at = lab("zh", opt=["RMSProp"], rmsprop_init="zeros")
    radio = at.radio(key="rmsprop_init")
    assert radio.options == [text("net.opt.lecture", "zh"), text("net.opt.zeros", "zh")]
    assert not english_words(" ".join(radio.options) + radio.help, "sign", "PyTorch", "Hinton")
    assert radio.value == "zeros" and at.query_params["rmsprop_init"] == "zeros"
    radio.set_value("lecture").run()
    assert at.query_params["rmsprop_init"] == "lecture"
    assert lab("en", opt=["RMSProp"]).radio(key="rmsprop_init").options == ["lecture", "zeros"]


def test_the_gif_is_cached_per_language(monkeypatch):
    """The GIF's step counter follows the language: a GIF made in English is not served to the Chinese
    page (the cache key holds the language, and race_gif is told it)."""
    import streamlit as st

    from ui.race import cache as optimizer_lab_data
    from ui.race.model import RaceSetup, SurfaceChoice

    made = []

    def race_gif(*args, lang=None, **kwargs):
        made.append(lang)
        return f"gif {lang}".encode()

    monkeypatch.setattr(optimizer_lab_data, "race_gif", race_gif)
    setup = RaceSetup(SurfaceChoice("bowl"), (1.0, 1.0), 10, (("sgd", (("lr", 0.1),)),))
    st.cache_data.clear()
    shown = []
    for lang in ("en", "zh", "en"):
        st.session_state["lang"] = lang
        shown.append(optimizer_lab_data.cached_gif(setup))
    assert shown == [b"gif en", b"gif zh", b"gif en"]
    assert made == ["en", "zh"]  # the second English one came from the cache


# ----- the app-wide fields ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "note"), [("lang", "app.lang_note"), ("present", "present.note")])
def test_garbage_in_an_app_wide_field_is_noted_in_the_pages_language(key, note):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params[key] = "²"
    if key == "present":
        at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception
    lang = "zh" if key == "present" else "en"
    assert [i.value for i in at.info if i.value.startswith(text(note, lang, value="\0").split("\0")[0])] == [
        text(note, lang, value="'²'")
    ]
    if key == "present":
        assert not english_words(text(note, "zh", value=""), "present")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)  # a good value: no note
    at.query_params[key] = "1" if key == "present" else "zh"
    at.run()
    assert not [i for i in at.info if i.value.startswith(text(note, "en", value="\0").split("\0")[0])]
