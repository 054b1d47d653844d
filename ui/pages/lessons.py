"""Lessons: a guided tour of the lecture, one idea per lesson, each with a live experiment.

Reads like the screen: lesson picker → explanation → experiment (one cached engine call) → what to try →
open in the lab.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui import lessons, presentation
from ui.budget import CACHE_SECONDS
from ui.i18n import current_language, escape_markdown, t
from ui.network import charts as network_charts
from ui.network import experiments, inside_charts
from ui.network import fields as network_fields
from ui.network.cache import cached_gallery
from ui.presentation_style import MIN_FONT, projector_style
from ui.race import charts, stability_charts
from ui.race import fields as race_fields
from ui.race.cache import cached_race
from ui.race.views import race_view
from ui.vocab import OPTIMIZER_LABELS


def lesson_number() -> int:
    """The lesson shown: ?lesson=N in the URL (1-based), else the first; the picker writes it back.

    A link whose value names no lesson loads lesson 1, puts ``lesson=1`` in the address bar and keeps the
    refused value for the note above the lesson (until the student moves to another lesson)."""
    if "lesson_index" not in st.session_state:
        number, refused = lessons.lesson_from_url(st.query_params.get_all("lesson"))
        st.session_state["lesson_index"] = number - 1
        if refused is not None:
            st.session_state["lesson_url_note"] = refused
            st.query_params["lesson"] = str(number)
    return st.session_state["lesson_index"] + 1


def url_note() -> None:
    """Say that the link's lesson number was refused, quoting it (shortened, escaped: shown as text)."""
    refused = st.session_state.get("lesson_url_note")
    if refused is None:
        return
    quoted = repr(refused[:40]) + ("…" if len(refused) > 40 else "")
    st.info(
        t("lessons.url_note", value=escape_markdown(quoted), count=len(lessons.LESSONS)),
        icon=":material/info:",
    )


def go_to(index: int) -> None:
    st.session_state["lesson_index"] = index
    st.session_state.pop("lesson_url_note", None)
    st.query_params["lesson"] = str(index + 1)


def picker(index: int) -> None:
    titles = [t(f"lesson.{lesson.key}.title") for lesson in lessons.LESSONS]
    chosen = st.selectbox(t("lessons.pick"), range(len(titles)), index=index, format_func=titles.__getitem__)
    if chosen != index:
        go_to(chosen)
        st.rerun()


def navigation_buttons(index: int) -> None:
    left, _, right = st.columns([1, 3, 1])
    if index > 0:
        left.button(t("lessons.previous"), on_click=go_to, args=(index - 1,), icon=":material/arrow_back:")
    if index < len(lessons.LESSONS) - 1:
        right.button(t("lessons.next"), on_click=go_to, args=(index + 1,), icon=":material/arrow_forward:")


# A display equation still wider than the screen scrolls inside its own box instead of widening the page.
EQUATION_STYLE = "<style>[class*='st-key-lesson_equation'] { overflow-x: auto; overflow-y: hidden; }</style>"


def explanation(key: str) -> None:
    """The lesson's text, its display equations drawn one relation a line (they fit a 390 px phone)."""
    st.html(EQUATION_STYLE)
    for i, (kind, part) in enumerate(lessons.body_parts(t(f"lesson.{key}.body"))):
        if kind == "text":
            st.markdown(part)
        else:
            with st.container(key=f"lesson_equation_{i}"):
                st.latex(lessons.stacked(part))


def what_to_try(key: str) -> None:
    st.subheader(t("lessons.try"))
    st.markdown("\n".join(f"- {line}" for line in t(f"lesson.{key}.try").split("\n")))


def open_in_lab(path: str, params: list[tuple[str, str]]) -> None:
    lang = current_language()
    query = urlencode(params + ([("lang", lang)] if lang != "en" else []))
    st.link_button(
        t("lessons.open"), f"{path}?{query}", help=t("lessons.open_help"), icon=":material/open_in_new:"
    )


def race_experiment(key: str) -> list[tuple[str, str]]:
    """An optimizer lesson: the race with its player, the linked charts, and the claim with its numbers."""
    lang = current_language()
    setup = lessons.RACES[key]
    result = cached_race(setup)
    race_view(setup, lang, chart_key=f"lesson_{key}", explain=lessons.EXPLAINED.get(key, ()))
    hyper = t("lessons.list_separator").join(
        f"{OPTIMIZER_LABELS[name]} η = {dict(values)['lr']:g}" for name, values in setup.optimizers
    )
    st.caption(hyper)
    st.success(t(f"lesson.{key}.claim", **lessons.race_claim(key, result)), icon=":material/science:")
    return race_fields.setup_params(setup)


@st.cache_data(max_entries=2, ttl=CACHE_SECONDS, show_spinner=False)
def eta_result():
    return lessons.eta_experiment()


def eta_experiment() -> list[tuple[str, str]]:
    """Lesson 9: the sweep with its cliff at 2/λmax, the runs under noise, and the claim."""
    lang = current_language()
    sweep, runs, claim = eta_result()
    surface = lessons.ETA_SETUP.surface.build()
    hyper = (("lr", claim["lr"]),)
    chart = charts.sweep_chart(sweep, {"sgd": claim["lr"]}, ["sgd"], lang=lang)
    rules = stability_charts.bound_rules(surface, lessons.ETA_SETUP.start, (("sgd", hyper),), lang)
    projector = presentation.presenting()
    styled = projector_style if projector else (lambda chart: chart)
    st.caption(t("lesson.eta.sweep"))
    bounded = stability_charts.with_bound_rules(chart, rules, ["sgd"], lang, MIN_FONT if projector else 11)
    st.altair_chart(styled(bounded), width="stretch")
    words = {
        "constant": t("lesson.eta.run.constant", lr=claim["lr"]),
        "schedule": t("lesson.eta.run.schedule", lr=claim["lr"]),
        "small": t("lesson.eta.run.small", lr=claim["small"]),
    }
    st.caption(t("lesson.eta.runs", noise=claim["noise"]))
    noise_chart = styled(stability_charts.noise_runs_chart(runs, words, lang))
    st.altair_chart(noise_chart, width="stretch", height=330)  # Streamlit would shrink it to its legend
    st.success(t("lesson.eta.claim", **claim), icon=":material/science:")
    return race_fields.setup_params(lessons.ETA_SETUP)


EXPERIMENTS = {
    "vanishing": lessons.vanishing_experiment,
    "relu": lessons.relu_experiment,
    "leaky": lessons.leaky_experiment,
    "maxout": lessons.maxout_experiment,
    "overfitting": lessons.overfitting_experiment,
    "dropout": lessons.dropout_experiment,
}


@st.cache_data(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def network_experiment_result(key: str):
    """A network lesson's experiment (trains a small network once; the result is shared by all sessions)."""
    return EXPERIMENTS[key]()


def network_experiment(key: str) -> list[tuple[str, str]]:
    """A network lesson: its chart and the claim with its numbers; returns the lab link's parameters."""
    lang = current_language()
    setup = lessons.NETS[key]
    *shown, claim = network_experiment_result(key)
    if key == "vanishing":
        (frame,) = shown
        chart = network_charts.layer_bars(
            frame, "speed", t("net.chart.speed"), list(setup.activations), setup.depth + 1, lang
        )
        presentation.draw_chart(st, chart, width="stretch")
    elif key == "relu":
        nodes, edges = shown
        presentation.draw_chart(st, inside_charts.network_chart(nodes, edges, False, lang), width="stretch")
    elif key == "leaky":
        (frame,) = shown
        left, right = st.columns([2, 1])
        presentation.draw_chart(left, inside_charts.prelu_chart(frame, lang), width="stretch")
        gallery = cached_gallery()
        for name in ("relu", "leaky_relu"):
            presentation.draw_chart(right, inside_charts.gallery_chart(gallery, name, lang), width="stretch")
    elif key in lessons.COMPARES:
        curves, rows = shown
        comparison_view(key, curves, rows, lang)
    else:
        (frame,) = shown
        columns = st.columns(4)
        for column, unit in zip(columns, sorted(frame.unit.unique())[:4]):
            presentation.draw_chart(
                column, inside_charts.maxout_unit_chart(frame, unit, lang), width="stretch"
            )
    if key == "leaky":  # the layers' slopes, listed as the student's language lists
        claim = {**claim, "slopes": t("lessons.list_separator").join(f"{a:.2f}" for a in claim["means"])}
    st.success(t(f"lesson.{key}.claim", **claim), icon=":material/science:")
    view = network_fields.view_labels(lang)[network_fields.VIEWS.index(lessons.LAB_VIEWS[key])]
    params = network_fields.setup_params(lessons.lab_setup(key), view)
    return params + ([("compare", lessons.COMPARES[key])] if key in lessons.COMPARES else [])


def comparison_view(key: str, curves, rows, lang: str) -> None:
    """Lessons 10 and 11: seed 0's curves side by side, and the means over the seeds."""
    setup = lessons.NETS[key]
    labels = experiments.comparison_labels(setup, lessons.COMPARES[key], lang)
    first = curves[curves.seed == lessons.SEEDS[0]]
    presentation.draw_chart(st, network_charts.comparison_chart(first, labels, lang), width="stretch")
    mean = lessons.means(rows)
    table = {
        t("net.compare.variant"): [labels[v] for v in mean.index],
        t("net.table.train_acc"): [f"{100 * v:.1f} %" for v in mean.train_acc],
        t("net.table.test_acc"): [f"{100 * v:.1f} %" for v in mean.test_acc],
        t("net.compare.gap"): [f"{100 * v:.1f}" for v in mean.gap],
    }
    st.dataframe(table, hide_index=True)
    st.caption(t(f"lesson.{key}.table_caption"))


def page() -> None:
    index = lesson_number() - 1
    lesson = lessons.LESSONS[index]
    st.title(t("lessons.title"))
    st.caption(t("lessons.intro"))
    url_note()
    picker(index)
    st.header(t(f"lesson.{lesson.key}.title"))
    explanation(lesson.key)
    st.subheader(t("lessons.experiment"))
    if lesson.key == "eta":
        params = eta_experiment()
        what_to_try(lesson.key)
        open_in_lab("./", params)
    elif lesson.lab == lessons.OPTIMIZERS:
        params = race_experiment(lesson.key)
        what_to_try(lesson.key)
        open_in_lab("./", params)  # the lab is the default page: it lives at the root
    else:
        params = network_experiment(lesson.key)
        what_to_try(lesson.key)
        open_in_lab("network", params)
    navigation_buttons(index)


page()
