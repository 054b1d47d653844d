"""The lessons page in AppTest: every lesson in both languages, navigation, and "Open in the lab"."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.vega_specs import font_sizes
from ui import lessons
from ui.i18n import text
from ui.race.model import run_race
from ui.vocab import ACTIVATION_LABELS, OPTIMIZER_LABELS

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "ui" / "pages" / "lessons.py")
LAB = str(ROOT / "ui" / "pages" / "optimizer_lab.py")
NETWORK_LAB = str(ROOT / "ui" / "pages" / "network_lab.py")


def open_lesson(number: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lesson"] = str(number)
    at.session_state["lang"] = lang
    return at.run()


def link_buttons(at: AppTest) -> list[dict]:
    return [{"label": e.proto.label, "url": e.proto.url} for e in at.get("link_button")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("number", range(1, len(lessons.LESSONS) + 1))
def test_every_lesson_renders_in_both_languages(number, lang):
    at = open_lesson(number, lang)
    key = lessons.LESSONS[number - 1].key
    assert not at.exception
    assert at.title[0].value == text("lessons.title", lang)
    assert at.header[0].value == text(f"lesson.{key}.title", lang)
    tries = text(f"lesson.{key}.try", lang).split("\n")
    assert all(any(line in md.value for md in at.markdown) for line in tries)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", list(lessons.RACES))
def test_optimizer_lessons_state_their_claim_with_live_numbers(key, lang):
    number = [lesson.key for lesson in lessons.LESSONS].index(key) + 1
    at = open_lesson(number, lang)
    expected = text(f"lesson.{key}.claim", lang, **lessons.race_claim(key))
    assert [s.value for s in at.success] == [expected]
    buttons = link_buttons(at)
    assert [b["label"] for b in buttons] == [text("lessons.open", lang)]
    if lang == "zh":
        assert "lang=zh" in buttons[0]["url"]


def test_next_and_previous_move_through_the_lessons():
    at = open_lesson(5)
    assert at.header[0].value == text("lesson.adagrad.title")
    next(b for b in at.button if b.label == text("lessons.next")).click().run()
    assert at.header[0].value == text("lesson.rmsprop.title")
    next(b for b in at.button if b.label == text("lessons.previous")).click().run()
    next(b for b in at.button if b.label == text("lessons.previous")).click().run()
    assert at.header[0].value == text("lesson.maxout.title")


def url_notes(at: AppTest, lang: str = "en") -> list[str]:
    start = text("lessons.url_note", lang, value="\0", count=len(lessons.LESSONS)).split("\0")[0]
    return [i.value for i in at.info if i.value.startswith(start)]


def test_the_picker_and_a_bad_lesson_number():
    at = open_lesson(99)
    assert not at.exception and at.header[0].value == text("lesson.vanishing.title")
    assert url_notes(at) == [text("lessons.url_note", value="'99'", count=len(lessons.LESSONS))]
    assert at.query_params["lesson"] == "1"  # the address bar now names the lesson shown
    at.selectbox[0].set_value(6).run()
    assert at.header[0].value == text("lesson.momentum.title")
    assert not url_notes(at)  # the note goes once the student moves on


@pytest.mark.parametrize(
    "raw", ["²", "①", "٣", "9" * 4301, "9" * 5000, "0", "-1", "2.5", "", "<b>x</b>", "1\n2", "%00"]
)
def test_a_garbage_lesson_number_loads_lesson_one_with_a_note(raw):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lesson"] = raw
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.header[0].value == text("lesson.vanishing.title")
    (note,) = url_notes(at)
    assert "Traceback" not in note and "<b>" not in note


def test_the_note_is_in_the_students_language_and_a_good_number_has_none():
    at = open_lesson(0, "zh")
    assert url_notes(at, "zh") == [text("lessons.url_note", "zh", value="'0'", count=len(lessons.LESSONS))]
    assert not url_notes(open_lesson(2)) and not url_notes(open_lesson(8, "zh"), "zh")


def follow(url: str, page: str, lang: str = "en") -> AppTest:
    """The lab page of a link, with the link's query (repeated parameters kept), before its first run."""
    lab = AppTest.from_file(page, default_timeout=60)
    lab.session_state["lang"] = lang  # the page file runs without the entry point's language switch
    for name, value in parse_qsl(urlsplit(url).query):
        current = lab.query_params.get(name)
        lab.query_params[name] = (
            value if current is None else [*([current] if isinstance(current, str) else current), value]
        )
    return lab


@pytest.mark.parametrize("key", list(lessons.RACES))
def test_open_in_the_lab_opens_exactly_the_lessons_race(key):
    number = [lesson.key for lesson in lessons.LESSONS].index(key) + 1
    url = link_buttons(open_lesson(number))[0]["url"]
    assert urlsplit(url).path == "./"  # the optimizer lab is the default page, at the root
    lab = follow(url, LAB).run()
    assert not lab.exception
    assert not [i for i in lab.info if text("lab.url_notes") in i.value]  # no URL value was refused
    shown = lab.dataframe[0].value
    expected = run_race(lessons.RACES[key]).table
    np.testing.assert_allclose(shown.iloc[:, 1].to_numpy(float), expected["final loss"].to_numpy(float))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", list(lessons.NETS))
def test_network_lessons_state_their_claim_and_link_to_the_network_lab(key, lang):
    number = [lesson.key for lesson in lessons.LESSONS].index(key) + 1
    at = open_lesson(number, lang)
    experiment = {
        "vanishing": lessons.vanishing_experiment,
        "relu": lessons.relu_experiment,
        "leaky": lessons.leaky_experiment,
        "maxout": lessons.maxout_experiment,
        "overfitting": lessons.overfitting_experiment,
        "dropout": lessons.dropout_experiment,
    }[key]
    claim = experiment()[-1]
    if key == "leaky":
        claim["slopes"] = text("lessons.list_separator", lang).join(f"{a:.2f}" for a in claim["means"])
    assert [s.value for s in at.success] == [text(f"lesson.{key}.claim", lang, **claim)]
    (button,) = link_buttons(at)
    assert urlsplit(button["url"]).path == "network"
    assert len(at.get("vega_lite_chart")) >= 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_3_opens_the_lab_where_the_slopes_for_negative_z_are_compared(lang):
    """Lesson 3 is about the slope for z < 0 (ReLU 0, Leaky ReLU 0.01, PReLU a learned a): its link opens the
    gallery, which draws the three, not "Learned shapes", which starts with a note that Maxout is missing."""
    (button,) = link_buttons(open_lesson(3, lang))
    lab = follow(button["url"], NETWORK_LAB, lang).run()
    assert not lab.exception, [e.message for e in lab.exception]
    assert not [i for i in lab.info if text("net.url_notes", lang) in i.value]  # no URL value was refused
    view = text("net.view.gallery", lang)
    assert lab.session_state["view"] == view
    (shown,) = [tab for tab in lab.tabs if tab.label == view]
    maxout_note = text("net.add_activation_note", lang, activation="Maxout")
    assert not [i for i in shown.info if maxout_note in i.value]
    titles = [json.loads(c.proto.spec).get("title") for c in shown.get("vega_lite_chart")]
    assert {"ReLU", "Leaky ReLU", "PReLU"} <= {
        t if isinstance(t, str) else (t or {}).get("text") for t in titles
    }
    assert lab.multiselect(key="act").value == ["relu", "leaky_relu", "prelu"]


# Names the Chinese catalogue keeps as they are (as Chinese courses write them): activations, optimizers,
# people and libraries, the lab's option value "zeros", "epoch", and "min" in formulas such as L − min L.
NAMES = {
    *(word for label in [*ACTIVATION_LABELS.values(), *OPTIMIZER_LABELS.values()] for word in label.split()),
    *("Parametric", "PyTorch", "He", "Beale", "zeros", "epoch", "min"),
    *("Dropout", "dropout", "moons", "XOR", "Bernoulli", "sgn"),  # names of the second half's lessons
}


def shown_strings(at: AppTest) -> list[str]:
    """Every string of the page a student reads: text elements, widget labels, help and options, and the
    titles and labels in the charts' specs (the data are left out)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    strings = [str(e.value) for kind in kinds for e in at.get(kind)]
    for kind in ("button", "selectbox", "link_button", "slider", "number_input", "radio", "checkbox"):
        for e in at.get(kind):
            strings += [e.proto.label, getattr(e.proto, "help", ""), *getattr(e.proto, "options", [])]

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("datasets", "data"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("title", "text", "label", "subtitle", "description"):
            strings.append(node)

    for chart in at.get("vega_lite_chart"):
        walk(json.loads(chart.proto.spec))
    return [s for s in strings if s]


@pytest.mark.parametrize("number", range(1, len(lessons.LESSONS) + 1))
def test_in_chinese_a_lesson_shows_no_english(number):
    at = open_lesson(number, "zh")
    assert not at.exception
    for shown in shown_strings(at):
        prose = re.sub(r"\$[^$]*\$", "", shown)  # maths is maths
        english = [w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in NAMES]
        assert not english, shown
        assert not re.search(r"[\w.], \w", re.sub(r"\([^)]*\)", "", prose)), shown  # lists: 、 not ", "


@pytest.mark.parametrize("number", range(1, len(lessons.LESSONS) + 1))
def test_on_a_projector_every_lesson_chart_has_text_of_at_least_20px(number):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lesson"] = str(number)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    shown = list(at.get("vega_lite_chart")) + list(at.get("arrow_vega_lite_chart"))
    assert shown
    for chart in shown:
        spec = json.loads(chart.proto.spec)
        config = spec.get("config", {})
        assert config.get("axis", {}).get("labelFontSize", 0) >= 20, (number, spec.get("title"))
        sizes = font_sizes(spec)
        assert min(sizes) >= 20, (number, spec.get("title"), min(sizes))
