"""The network lab's views of how deep networks learn: the vanishing gradient (speeds at initialisation and
the gradient heatmaps of the training), the lecture's nudge of one weight, and the depth experiment.

Each view draws its own controls on every run (so their values and the URL survive a switch of tab) and
computes its charts only while its tab is open (``open_``).
"""

from __future__ import annotations

import dataclasses
import time

import pandas as pd
import streamlit as st

from ui import presentation
from ui.budget import (
    OverBudget,
    Work,
    budget_note,
    clipped_note,
    largest_fitting,
    later_note,
    seconds_text,
    units_that_fit,
)
from ui.i18n import escape_markdown, t
from ui.network import charts as network_charts
from ui.network import experiments
from ui.network import fields as network_fields
from ui.network import model as network_data
from ui.network.cache import (
    NotTrainedYet,
    at_initialisation,
    cached_comparison,
    cached_data,
    cached_nudges,
    cached_speeds,
    stored_depth,
)
from ui.network.model import NetSetup
from ui.network.training import Shown, jobs, needs_training, results_note, shown_number
from ui.vocab import ACTIVATION_LABELS, VANISHING_CHAIN


def ratio_sentence(ratios: dict[str, float]) -> str:
    """Each activation's slowdown as the caption says it: "Sigmoid 120×; ReLU 3×"."""
    return "; ".join(
        f"{escape_markdown(ACTIVATION_LABELS[name])} {ratio:,.0f}×" for name, ratio in ratios.items()
    )


def vanishing_view(setup: NetSetup, shown: Shown | None, lang: str, work: Work | None = None) -> None:
    names = list(setup.activations)
    st.markdown(t("net.vanishing_intro"))
    st.latex(VANISHING_CHAIN)
    st.markdown(f"**{t('net.speeds_title')}**")
    try:
        speeds = cached_speeds(at_initialisation(setup), _work=work)
    except OverBudget as error:
        later_note("budget.what.speeds", error, work, key="budget_speeds")
        speeds = None
    if speeds is not None:
        if setup.depth < 2:
            st.info(t("net.speeds_one_layer"))
        presentation.draw_chart(
            st,
            network_charts.layer_bars(speeds, "speed", t("net.chart.speed"), names, setup.depth + 1, lang),
            width="stretch",
        )
        st.caption(t("net.speeds_caption", ratios=ratio_sentence(experiments.slowdown(speeds))))
    st.markdown(f"**{t('net.heatmap_title')}**")
    if shown is None:
        needs_training()
        return
    results_note(shown)
    training = shown.training
    frame = network_data.gradient_frame(training)
    if frame.empty:
        st.info(t("net.nothing_recorded"))
        return
    low, high = float(frame.norm.min()), float(frame.norm.max())
    n_layers = shown.setup.depth + 1
    for run in training.runs:
        label = ACTIVATION_LABELS[run.activation]
        rows = frame[frame.activation == run.activation]
        if rows.empty:
            st.caption(t("net.heatmap_empty", activation=label))
            continue
        presentation.draw_chart(
            st, network_charts.gradient_heatmap(rows, n_layers, low, high, label, lang), width="stretch"
        )
    st.caption(t("net.heatmap_caption"))


def clamp_state(key: str, low: int, high: int, default: int) -> None:
    """Before the widget: its value from a link or the last run, or ``default`` when it has none or the
    current setup no longer allows it."""
    value = st.session_state.get(key)
    if value is None or not low <= value <= high:
        st.session_state[key] = default


def layer_slider(label: str, key: str, high: int, help: str | None = None) -> int:
    if high <= 1:
        st.caption(f"{label}: 1")
        return 1
    clamp_state(key, 1, high, 1)
    return int(st.slider(label, 1, high, key=key, help=help))


def nudge_samples(setup: NetSetup, work: Work | None) -> int | None:
    """The most weights per layer (at most NUDGE_SAMPLES) whose nudge profile fits the budget; None if not
    even one does."""
    if work is None or not work.limited:
        return experiments.NUDGE_SAMPLES
    data = cached_data(setup.data)
    return largest_fitting(
        lambda k: experiments.nudge_seconds(setup, data, k), 1, experiments.NUDGE_SAMPLES, work.total
    )


def nudge_view(setup: NetSetup, open_: bool, lang: str, work: Work | None = None) -> None:
    st.markdown(t("net.nudge_intro"))
    st.latex(
        r"\frac{\partial C}{\partial w} \approx \frac{\Delta C}{\Delta w} = \frac{C(w + \Delta w) - C(w)}{\Delta w}"
    )
    left, right = st.columns(2)
    with left:
        layer = layer_slider(t("net.nudge_layer"), "nudge_layer", setup.depth + 1, t("net.nudge_layer_help"))
    with right:
        st.session_state.setdefault("nudge_dw", network_fields.DEFAULT_DELTA)
        delta = st.select_slider(t("net.nudge_delta"), list(network_fields.DELTAS), key="nudge_dw")
    if not open_:
        return
    start = at_initialisation(setup)
    samples = nudge_samples(start, work)
    if samples is None:
        whole = experiments.nudge_seconds(start, cached_data(setup.data), 1)
        budget_note("budget.nudge_too_big", work, whole, warning=True)
        return
    try:
        table, profile = cached_nudges(start, layer, float(delta), samples, _work=work)
    except OverBudget as error:
        later_note("budget.what.nudge", error, work, key="budget_nudge")
        return
    columns = {
        "activation": t("net.table.activation"),
        "weight": t("net.table.weight"),
        "w": "w",
        "delta_w": "Δw",
        "delta_C": "ΔC",
        "ratio": "ΔC/Δw",
        "grad": "∂C/∂w",
    }
    shown = table.copy()
    shown["activation"] = [ACTIVATION_LABELS[name] for name in table.activation]
    for column in ("delta_C", "ratio", "grad"):
        shown[column] = [shown_number(v, ".3e") for v in table[column]]
    for column in ("w", "delta_w"):
        shown[column] = [shown_number(v, ".3f") for v in table[column]]
    st.dataframe(shown.rename(columns=columns), hide_index=True)
    st.caption(t("net.nudge_table_caption"))
    changes = dict(zip(table.activation, table.delta_C.abs()))
    sigmoid, relu = changes.get("sigmoid"), changes.get("relu")
    if sigmoid and relu:
        st.markdown(
            t("net.nudge_summary", layer=layer, delta=delta, sigmoid=sigmoid, relu=relu, ratio=relu / sigmoid)
        )
    names = list(dict.fromkeys(profile.activation))  # the lecture's order
    presentation.draw_chart(
        st,
        network_charts.layer_bars(
            profile.dropna(), "value", t("net.chart.ratio"), names, setup.depth + 1, lang
        ),
        width="stretch",
    )
    st.caption(t("net.nudge_caption", delta=delta))
    if samples < experiments.NUDGE_SAMPLES:
        st.caption(t("budget.nudge_samples", fit=samples, asked=experiments.NUDGE_SAMPLES))


def depth_view(setup: NetSetup, open_: bool, lang: str, work: Work | None = None) -> None:
    """On demand: train 30 networks (1–10 hidden layers × Sigmoid, ReLU, Maxout) with a progress bar; with
    a limited budget, for the most epochs that fit it."""
    asked = min(setup.epochs, experiments.DEPTH_MAX_EPOCHS)
    epochs = asked
    if work is not None and work.limited:
        data = cached_data(setup.data)
        epochs = experiments.depth_fitted_epochs(setup, data, work.total)
        whole = experiments.depth_estimate(dataclasses.replace(setup, epochs=asked), data)
        if epochs < 1:  # not even one epoch of the 30 networks fits
            per_epoch = experiments.depth_estimate(dataclasses.replace(setup, epochs=1), data)
            budget_note("budget.depth_too_big", work, per_epoch, warning=True)
            return
        if epochs < asked:
            budget_note("budget.depth_epochs", work, whole, fit=epochs, asked=asked)
            setup = dataclasses.replace(setup, epochs=epochs)
    count = len(experiments.DEPTHS) * len(experiments.DEPTH_ACTIVATIONS)
    st.markdown(t("net.depth_intro", count=count, epochs=epochs))
    key = experiments.depth_setup(setup, 0, "relu")  # what the experiment depends on
    try:
        frame = stored_depth(key)
    except NotTrainedYet:
        frame = None
    slot = st.empty()
    label = t("net.depth_button", count=count)
    box = jobs()  # taken now: once a click has stopped the run, every Streamlit call raises again
    if frame is None:
        estimate = experiments.depth_estimate(setup, cached_data(setup.data))
        told = work.on_this_machine(estimate) if work is not None else estimate  # this server's seconds
        if not slot.button(label, key="depth_run"):
            stopped = box.get("depth_partial")
            if stopped is not None and stopped[0] == key and open_:  # Stop (or a click) ended a run of it
                rows = stopped[1]
                st.warning(
                    t("net.depth_stopped", done=rows.depth.nunique(), total=len(experiments.DEPTHS)),
                    icon=":material/stop_circle:",
                )
                presentation.draw_chart(st, network_charts.depth_chart(rows, lang), width="stretch")
            else:
                st.info(t("net.depth_press", time=seconds_text(told)))
            return
        if work is not None:
            work.spend(min(estimate, work.left))
        # Stop's click reruns the page, which ends this run at its next progress update (after the network
        # in training); the rerun shows the depths finished by then (``depth_partial`` in the session's
        # jobs(), recorded before each drawing: the stopped run's Streamlit calls raise).
        slot.button(t("net.stop"), key="depth_stop", icon=":material/stop:")
        bar = st.progress(0.0, text=t("net.depth_progress", done=0, total=count, time=seconds_text(told)))
        chart = st.empty()
        began = time.perf_counter()

        def step(done: int, total: int) -> None:
            left = (time.perf_counter() - began) / done * (total - done)
            bar.progress(
                done / total, t("net.depth_progress", done=done, total=total, time=seconds_text(left))
            )

        box.pop("depth_partial", None)

        def depth_done(rows: pd.DataFrame) -> None:  # each finished depth appears at once
            box["depth_partial"] = (key, rows)  # before the Streamlit call, where a Stop interrupts the run
            presentation.draw_chart(chart, network_charts.depth_chart(rows, lang), width="stretch")

        try:
            frame = stored_depth(key, experiments.depth_experiment(setup, step, on_depth=depth_done))
        except ValueError as exc:
            st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
            return
        finally:
            bar.empty()
        box.pop("depth_partial", None)
        chart.empty()
        open_ = True  # the button is in this tab, so it is the open one
    slot.button(label, key="depth_done", disabled=True)
    if open_:
        presentation.draw_chart(st, network_charts.depth_chart(frame, lang), width="stretch")
        st.caption(t("net.depth_caption"))


def comparison_table(rows: pd.DataFrame, labels: dict[str, str]) -> None:
    """One row per variant: train and test accuracy of the network it ends with, their gap, its epoch."""
    table = pd.DataFrame(
        {
            t("net.compare.variant"): [labels[v] for v in rows.variant],
            t("net.table.train_acc"): [shown_number(100 * v, ".1f", percent=True) for v in rows.train_acc],
            t("net.table.test_acc"): [shown_number(100 * v, ".1f", percent=True) for v in rows.test_acc],
            t("net.compare.gap"): [shown_number(100 * v, ".1f") for v in rows.gap],
            t("net.table.epoch"): [str(int(e)) for e in rows.epoch],
        }
    )
    st.dataframe(table, hide_index=True)


def overfitting_view(setup: NetSetup, open_: bool, lang: str, work: Work | None = None) -> None:
    """The lecture's second half side by side: the first activation of the sidebar with no help, with early
    stopping and L2, with three values of λ, or with and without dropout, on the sidebar's data."""
    st.markdown(t("net.compare.intro"))
    kinds = list(network_fields.COMPARISONS)
    if st.session_state.get("compare") not in kinds:
        st.session_state["compare"] = kinds[0]
    words = {k: t(f"net.compare.kind.{k}") for k in kinds}  # worded now: a format_func runs later too
    kind = st.radio(
        t("net.compare.kind"),
        kinds,
        format_func=words.get,
        key="compare",
        horizontal=True,
    )
    if not open_:
        return
    if work is not None and work.limited:  # the most epochs that fit the whole budget of a rerun
        data = cached_data(setup.data)
        one = experiments.comparison_seconds(dataclasses.replace(setup, epochs=1), kind, data)
        epochs = units_that_fit(one, setup.epochs, work.total)
        if epochs < 1:
            budget_note("budget.too_big", work, one, warning=True)
            return
        if epochs < setup.epochs:
            clipped_note("epochs", epochs, setup.epochs, one * setup.epochs, work)
            setup = dataclasses.replace(setup, epochs=epochs)
    try:
        curves, rows = cached_comparison(setup, kind, _work=work)
    except OverBudget as error:
        later_note("budget.what.comparison", error, work, key="budget_comparison")
        return
    labels = experiments.comparison_labels(setup, kind, lang)
    presentation.draw_chart(st, network_charts.comparison_chart(curves, labels, lang), width="stretch")
    comparison_table(rows, labels)
    st.caption(t("net.compare.caption", activation=ACTIVATION_LABELS[setup.activations[0]]))
