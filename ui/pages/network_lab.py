"""The network lab: Sigmoid vs ReLU vs Maxout trained side by side, with the vanishing gradient made visible.

Reads like the screen: controls → one cached training → views. Training caches as follows. A finished
training is filed in ``stored_training``, a bounded ``st.cache_data`` keyed by the frozen setup. On a miss
the page shows the expected time (``network_data.estimate_seconds``) and trains right here, outside any
cached function, so that ``train``'s callback can move a progress bar ("network 2 of 6") and redraw the
live loss curves (at most 5 times a second); then it files the result with
``stored_training(setup, _fresh=result)``. A first visit or a shared link trains at once only when the
estimate is at most ``network_data.HEAVY_SECONDS``; otherwise it waits for Train.

Stop (a button shown while training) ends the training at the next epoch: a click reruns the page, which
interrupts the script inside the callback's next Streamlit call; the callback then stops ``train``, the
networks trained so far are kept in session state (``jobs()["partial"]``) and the rerun shows them, marked
as stopped (never filed as finished). The results last shown stay on screen, marked stale, while the
settings change, until the new ones are trained. Session state holds only this session's results; no
module-level state: many users share one server, and Streamlit's bounded caches are the only memory
shared between runs.

The views are tabs bound to the URL (``?view=``): only the open tab computes its charts; every tab's own
controls are drawn on every run, so their values (and the URL) survive a switch of tab.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from ui import presentation
from ui.i18n import CATALOGUES, current_language, escape_markdown, t
from ui.network import charts as network_charts
from ui.network import controls as network_controls
from ui.network import model as network_data
from ui.network.model import NetSetup, Training
from ui.vocab import ACTIVATION_EQUATIONS, ACTIVATION_LABELS, GALLERY_EQUATIONS, VANISHING_CHAIN

LIVE_INTERVAL = 0.2  # s between live-curve redraws while training: 5 per second
SHAPE_UNITS = 8


def grid(count: int, per_row: int) -> list:
    """``count`` cells, ``per_row`` columns a row, one st.columns call per row: on a phone the columns stack,
    and cells stacked row by row keep their order (one st.columns for all would read down each column)."""
    cells = []
    for start in range(0, count, per_row):
        cells += st.columns(per_row)[: min(per_row, count - start)]
    return cells


class NotTrainedYet(Exception):
    """This setup has no finished training in the cache."""


# ----- caches: every argument that matters is hashable; ``_run`` is fixed by (setup, activation) ------------------
@st.cache_data(max_entries=16, show_spinner=False)
def stored_training(setup: NetSetup, _fresh: Training | None = None) -> Training:
    """The finished training of ``setup``; the page trains live on a miss and files the result here."""
    if _fresh is None:
        raise NotTrainedYet
    return _fresh


@st.cache_data(max_entries=8, show_spinner=False)
def stored_depth(setup: NetSetup, _fresh: pd.DataFrame | None = None) -> pd.DataFrame:
    """The finished depth experiment of ``setup`` (run on demand, with a progress bar, then filed here)."""
    if _fresh is None:
        raise NotTrainedYet
    return _fresh


@st.cache_data(max_entries=16, show_spinner=False)
def cached_data(choice: network_data.DataChoice):
    return choice.load()


def at_initialisation(setup: NetSetup) -> NetSetup:
    """The part of the setup that fixes the networks before training (the key of the init-time views)."""
    return dataclasses.replace(setup, optimizer="sgd", hyper=(), epochs=0, batch=None)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_speeds(setup: NetSetup) -> pd.DataFrame:
    return network_data.speeds(setup)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_nudges(setup: NetSetup, layer: int, delta: float):
    return network_data.nudges(setup, layer, delta)


@st.cache_data(max_entries=48, show_spinner=False)
def cached_boundary(setup: NetSetup, activation: str, epochs: int, _run) -> str:
    """The boundary picture of ``_run`` (fixed by the setup, the activation and the epochs it trained)."""
    data = cached_data(setup.data)
    net = _run.network(setup, data)
    return network_charts.boundary_image(network_data.probabilities(net, network_data.domain(data)))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_thinned(setup: NetSetup, activation: str, point: int, epochs: int, _run):
    data = cached_data(setup.data)
    return network_data.thinned_network(_run.network(setup, data), data.X_test[point])


@st.cache_data(max_entries=32, show_spinner=False)
def cached_shapes(setup: NetSetup, layer: int, a: int, b: int, epochs: int, _run) -> pd.DataFrame:
    data = cached_data(setup.data)
    net = _run.network(setup, data)
    return network_data.maxout_shapes(net, layer, data.X_test[a], data.X_test[b], SHAPE_UNITS)


@st.cache_data(max_entries=1, show_spinner=False)
def cached_gallery() -> pd.DataFrame:
    return network_data.gallery()


# ----- training ---------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Shown:
    """The results the views show: the setup they were trained with, and whether that is an earlier one
    (``stale``: kept on screen, marked, until the current settings are trained)."""

    setup: NetSetup
    training: Training
    stale: bool = False


def jobs() -> dict:
    """This session's record of an interrupted training: "partial" (a Shown) and "resume" (a setup).

    One dict, made on the session's first run and changed in place after that: a click during training
    stops the run from inside a Streamlit call, and from then on every Streamlit call of that run (session
    state too) raises again, so the stopped run records its results in this dict, taken beforehand."""
    return st.session_state.setdefault("net_jobs", {})


def request_stop() -> None:
    """The Stop button: the training in progress ends at its next epoch and keeps what it trained."""
    st.session_state["net_stop"] = True


def start_training() -> None:
    """The Train button: a fresh start (a Stop pressed too late for the last training is forgotten)."""
    st.session_state.pop("net_stop", None)


def train_live(setup: NetSetup, lang: str, estimate: float) -> Training:
    """Train every activation of ``setup`` with a progress bar ("network 2 of 6"), live loss curves
    (throttled by time) and a Stop button. Stop (or any click, which reruns the page) ends the training at
    the next epoch; what was trained so far is filed in session state and shown."""
    stop_slot = st.empty()
    stop_slot.button(t("net.stop"), key="net_stop_button", on_click=request_stop, icon=":material/stop:")
    bar = st.progress(0.0, text=t("net.training_start"))
    chart = st.empty()
    names = list(setup.activations)
    total = setup.epochs * len(names)
    last = [0.0]
    began = time.perf_counter()
    interrupted: list[BaseException] = []
    box = jobs()  # taken now: once a click has stopped the run, every Streamlit call raises again

    def on_epoch(finished, activation, epoch, history):
        # Every Streamlit call here (session state too) is where a click's rerun interrupts the script.
        try:
            if st.session_state.get("net_stop"):
                return False
            now = time.perf_counter()
            if now - last[0] < LIVE_INTERVAL:
                return None
            last[0] = now
            done = len(finished) * setup.epochs + epoch
            left = max(0.0, (now - began) / done * (total - done)) if done else estimate
            label = ACTIVATION_LABELS[activation]
            bar.progress(
                min(done / total, 1.0),
                text=t(
                    "net.training",
                    activation=label,
                    index=len(finished) + 1,
                    count=len(names),
                    epoch=epoch,
                    epochs=setup.epochs,
                    left=left,
                ),
            )
            frame = network_data.live_curves(finished, activation, history)
            presentation.draw_chart(
                chart, network_charts.live_chart(frame, names, setup.epochs, lang), width="stretch"
            )
        except ScriptControlException as exc:  # a click during training: keep what is trained, then rerun
            interrupted.append(exc)
            return False
        return None

    training = network_data.train_all(setup, on_epoch)
    if training.stopped:
        box["partial"] = Shown(setup, training)
    if interrupted:
        box["resume"] = setup  # unless that click was Stop
        raise interrupted[0]
    st.session_state.pop("net_stop", None)
    bar.empty()
    chart.empty()
    stop_slot.empty()
    return training


def counted(key: str, count: int) -> str:
    """``key`` with ``count`` networks: its ``_1`` form for a single one ("Train the network")."""
    return t(f"{key}_1") if count == 1 else t(key, count=count)


def seconds_text(seconds: float) -> str:
    """A duration as people say it: "under a second", "about 12 s", "about 3 min"."""
    if seconds < 1:
        return t("net.time.under_second")
    if seconds < 90:
        return t("net.time.seconds", seconds=max(1, round(seconds)))
    return t("net.time.minutes", minutes=max(2, round(seconds / 60)))


def training_section(setup: NetSetup, lang: str) -> Shown | None:
    """The Train button with the expected time, live training on a cache miss, Stop, and the divergence
    warnings. Returns the results to show: this setup's, a stopped part of them, or (marked stale) the last
    ones shown until this setup is trained; None before anything was trained."""
    try:
        training = stored_training(setup)
    except NotTrainedYet:
        training = None
    n = len(setup.activations)
    estimate = network_data.estimate_seconds(setup, cached_data(setup.data))
    heavy = estimate > network_data.HEAVY_SECONDS
    partial = jobs().get("partial")
    if partial is not None and partial.setup != setup:
        partial = None  # a Stop of other settings: it is only the last results shown now
    # Stop interrupted a training of this setup: show what it trained. Another click interrupted it (a tab,
    # say): it carries on. A first visit (or a shared link) trains at once unless it is heavy, and so does
    # an "Add …" button.
    resume = jobs().pop("resume", None) == setup
    if training is not None or (partial is not None and st.session_state.get("net_stop")):
        st.session_state.pop("net_stop", None)
        resume = False
    at_once = (
        not st.session_state.get("net_visited") or st.session_state.pop("net_train_now", False) or resume
    ) and not heavy
    st.session_state["net_visited"] = True
    slot = st.empty()
    if training is None:
        label = t("net.train_again") if partial is not None else counted("net.train", n)
        clicked = slot.button(
            label, type="primary", key="train", help=t("net.train_help"), on_click=start_training
        )
        st.caption(t("net.estimate", time=seconds_text(estimate), count=n))
        if clicked or at_once:
            jobs().pop("partial", None)
            try:
                fresh = train_live(setup, lang, estimate)
            except ValueError as exc:  # the engine refused the setup
                st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
                return None
            if fresh.stopped:
                partial = Shown(setup, fresh)
            else:
                training = stored_training(setup, fresh)
        elif partial is None:
            if heavy and not st.session_state.get("net_shown"):
                st.info(t("net.heavy", time=seconds_text(estimate)), icon=":material/schedule:")
            else:
                st.info(t("net.press_train"), icon=":material/touch_app:")
    if training is not None:
        jobs().pop("partial", None)
        slot.button(counted("net.trained", n), key="trained", disabled=True, help=t("net.train_help"))
        shown = Shown(setup, training)
    elif partial is not None:
        done = len(partial.training.runs)
        epochs = len(partial.training.runs[-1].loss) if partial.training.runs else 0
        st.warning(t("net.stopped", done=done, count=n, epochs=epochs), icon=":material/stop_circle:")
        shown = partial
    else:
        last = st.session_state.get("net_shown")
        return dataclasses.replace(last, stale=True) if last is not None else None
    st.session_state["net_shown"] = shown
    for run in shown.training.runs:
        if run.diverged_at is not None:
            st.warning(
                t("net.diverged", activation=ACTIVATION_LABELS[run.activation], epoch=run.diverged_at),
                icon=":material/warning:",
            )
    return shown


def needs_training() -> None:
    st.info(t("net.needs_training"), icon=":material/touch_app:")


def results_note(shown: Shown) -> None:
    """Above each view that shows results: say when they belong to earlier settings, or were stopped."""
    if shown.stale:
        st.caption(t("net.stale"))
    elif shown.training.stopped:
        st.caption(t("net.stopped_caption"))


def usable(shown: Shown | None, setup: NetSetup) -> Shown | None:
    """The results, where a view can draw them on the current data (stale ones of other data cannot)."""
    return shown if shown is not None and shown.setup.data == setup.data else None


# ----- the views ------------------------------------------------------------------------------------------
def training_view(shown: Shown | None, lang: str) -> None:
    if shown is None:
        needs_training()
        return
    results_note(shown)
    training = shown.training
    names = [run.activation for run in training.runs]
    curves = network_data.curves(training)
    left, right = st.columns(2)
    classes = cached_data(shown.setup.data).n_classes
    presentation.draw_chart(left, network_charts.loss_chart(curves, names, lang, classes), width="stretch")
    presentation.draw_chart(right, network_charts.accuracy_chart(curves, names, lang), width="stretch")
    summary_table(training)
    st.caption(t("net.training_caption"))
    ceiling = network_charts.LOSS_CEILING * np.log(max(classes, 2))
    if (curves[curves.metric == "loss"]["value"] > ceiling).any():
        st.caption(t("net.loss_clipped", ceiling=ceiling))


def shown_number(value, spec: str, percent: bool = False) -> str:
    """A table cell: the number formatted, or the catalogue's word for a missing one (never "None")."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return t("net.table.missing")
    if not np.isfinite(number):
        return t("net.table.missing")
    return format(number, spec) + (" %" if spec == ".1f" and percent else "")


def summary_table(training: Training) -> None:
    table = network_data.summary(training)
    table["loss"] = [shown_number(v, ".4g") for v in table["loss"]]  # 1.209e+07, not 12087602.9129
    for column in ("train_acc", "test_acc"):
        table[column] = [shown_number(100 * v, ".1f", percent=True) for v in table[column]]
    table["seconds"] = [shown_number(v, ".2f") for v in table["seconds"]]
    table["status"] = [
        t("net.table.ok") if epoch is None or epoch != epoch else t("net.table.diverged", epoch=int(epoch))
        for epoch in table.pop("diverged_at")
    ]
    columns = {
        "activation": t("net.table.activation"),
        "loss": t("net.table.loss"),
        "train_acc": t("net.table.train_acc"),
        "test_acc": t("net.table.test_acc"),
        "seconds": t("net.table.seconds"),
        "status": t("net.table.status"),
    }
    st.dataframe(table.rename(columns=columns), hide_index=True)


def ratio_sentence(ratios: dict[str, float]) -> str:
    return "; ".join(f"{escape_markdown(label)} {ratio:,.0f}×" for label, ratio in ratios.items())


def vanishing_view(setup: NetSetup, shown: Shown | None, lang: str) -> None:
    names = list(setup.activations)
    st.markdown(t("net.vanishing_intro"))
    st.latex(VANISHING_CHAIN)
    speeds = cached_speeds(at_initialisation(setup))
    st.markdown(f"**{t('net.speeds_title')}**")
    if setup.depth < 2:
        st.info(t("net.speeds_one_layer"))
    presentation.draw_chart(
        st,
        network_charts.layer_bars(speeds, "speed", t("net.chart.speed"), names, setup.depth + 1, lang),
        width="stretch",
    )
    st.caption(t("net.speeds_caption", ratios=ratio_sentence(network_data.slowdown(speeds))))
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
        rows = frame[frame.activation == label]
        if rows.empty:
            st.caption(t("net.heatmap_empty", activation=label))
            continue
        presentation.draw_chart(
            st, network_charts.gradient_heatmap(rows, n_layers, low, high, label, lang), width="stretch"
        )
    st.caption(t("net.heatmap_caption"))


def clamp_state(key: str, low: int, high: int, default: int) -> None:
    """Keep a widget's remembered value inside the range the current setup allows (before the widget)."""
    value = st.session_state.get(key)
    if value is not None and not low <= value <= high:
        st.session_state[key] = default


def layer_slider(label: str, key: str, high: int, help: str | None = None) -> int:
    if high <= 1:
        st.caption(f"{label}: 1")
        return 1
    clamp_state(key, 1, high, 1)
    return int(st.slider(label, 1, high, 1, key=key, bind="query-params", help=help))


def nudge_view(setup: NetSetup, open_: bool, lang: str) -> None:
    st.markdown(t("net.nudge_intro"))
    st.latex(
        r"\frac{\partial C}{\partial w} \approx \frac{\Delta C}{\Delta w} = \frac{C(w + \Delta w) - C(w)}{\Delta w}"
    )
    left, right = st.columns(2)
    with left:
        layer = layer_slider(t("net.nudge_layer"), "nudge_layer", setup.depth + 1, t("net.nudge_layer_help"))
    with right:
        delta = st.select_slider(
            t("net.nudge_delta"),
            list(network_controls.DELTAS),
            value=network_controls.DEFAULT_DELTA,
            key="nudge_dw",
            bind="query-params",
        )
    if not open_:
        return
    table, profile = cached_nudges(at_initialisation(setup), layer, float(delta))
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
    for column in ("delta_C", "ratio", "grad"):
        shown[column] = [shown_number(v, ".3e") for v in table[column]]
    for column in ("w", "delta_w"):
        shown[column] = [shown_number(v, ".3f") for v in table[column]]
    st.dataframe(shown.rename(columns=columns), hide_index=True)
    st.caption(t("net.nudge_table_caption"))
    changes = dict(zip(table.activation, table.delta_C.abs()))
    sigmoid, relu = changes.get("Sigmoid"), changes.get("ReLU")
    if sigmoid and relu:
        st.markdown(
            t("net.nudge_summary", layer=layer, delta=delta, sigmoid=sigmoid, relu=relu, ratio=relu / sigmoid)
        )
    names = [a for a in network_data.ACTIVATIONS if ACTIVATION_LABELS[a] in set(profile.activation)]
    presentation.draw_chart(
        st,
        network_charts.layer_bars(
            profile.dropna(), "value", t("net.chart.ratio"), names, setup.depth + 1, lang
        ),
        width="stretch",
    )
    st.caption(t("net.nudge_caption", delta=delta))


def boundaries_view(setup: NetSetup, shown: Shown | None, lang: str) -> None:
    data = cached_data(setup.data)
    if data.n_features != 2:
        st.info(t("net.digits_no_boundary"))
        return
    points = network_data.points(data)
    box = network_data.domain(data)
    shown = usable(shown, setup)
    if shown is None:  # before training: the data itself
        needs_training()
        presentation.draw_chart(
            st, network_charts.boundary_chart(None, box, points, t("net.data_title"), lang), width="content"
        )
        st.caption(t("net.data_caption"))
        return
    results_note(shown)
    runs = shown.training.runs
    for cell, run in zip(grid(len(runs), min(3, len(runs))), runs):
        with cell:
            image = cached_boundary(shown.setup, run.activation, len(run.loss), run)
            presentation.draw_chart(
                st,
                network_charts.boundary_chart(image, box, points, boundary_title(run), lang),
                width="content",
            )
    st.caption(t("net.boundary_caption"))


def boundary_title(run) -> str:
    label = ACTIVATION_LABELS[run.activation]
    accuracy = run.test_acc[-1] if run.test_acc else float("nan")
    return t("net.boundary_title", activation=label, accuracy=100 * accuracy)


def add_activation(name: str) -> None:
    """Button callback: put ``name`` into the activation picker (before the widget is drawn again)."""
    chosen = list(st.session_state.get("act", []))
    st.session_state["net_train_now"] = True
    st.session_state.pop("net_stop", None)
    if name not in chosen:
        st.session_state["act"] = [a for a in ACTIVATION_LABELS if a in chosen or a == name]


def missing_activation(name: str) -> None:
    label = ACTIVATION_LABELS[name]
    st.info(t("net.add_activation_note", activation=label))
    st.button(
        t("net.add_activation", activation=label), on_click=add_activation, args=(name,), key=f"add_{name}"
    )


def test_point_input(label: str, key: str, n_test: int, default: int, help: str | None = None) -> int:
    """A slider over the test points (a slider, not a number input: Streamlit 1.67 crashes binding an integer input to ?point=inf)."""
    if n_test < 2:
        return 0
    clamp_state(key, 0, n_test - 1, min(default, n_test - 1))
    return int(
        st.slider(label, 0, n_test - 1, min(default, n_test - 1), key=key, bind="query-params", help=help)
    )


def line_ends(data) -> tuple[int, int]:
    """Default ends of the line through input space: the first test points of two different classes."""
    first = int(np.flatnonzero(data.y_test == data.y_test[0])[0])
    others = np.flatnonzero(data.y_test != data.y_test[0])
    return first, int(others[0]) if len(others) else min(1, len(data.y_test) - 1)


def has_run(shown: Shown | None, activation: str) -> bool:
    return shown is not None and any(r.activation == activation for r in shown.training.runs)


def shapes_view(setup: NetSetup, shown: Shown | None, open_: bool, lang: str) -> None:
    data = cached_data(setup.data)
    shown = usable(shown, setup)
    st.markdown(f"**{t('net.maxout_title')}**")
    st.latex(ACTIVATION_EQUATIONS["maxout"])
    if "maxout" not in setup.activations:
        missing_activation("maxout")
    else:
        st.markdown(t("net.maxout_intro"))
        a_default, b_default = line_ends(data)
        c1, c2, c3 = st.columns(3)
        with c1:
            layer = layer_slider(t("net.shape_layer"), "shape_layer", setup.depth)
        with c2:
            a = test_point_input(t("net.line_a"), "line_a", len(data.y_test), a_default, t("net.line_help"))
        with c3:
            b = test_point_input(t("net.line_b"), "line_b", len(data.y_test), b_default, t("net.line_help"))
        if open_ and data.n_features == 2:  # where A and B are, and the line through them
            presentation.draw_chart(
                st,
                network_charts.boundary_chart(
                    None,
                    network_data.domain(data),
                    network_data.points(data),
                    t("net.line_title"),
                    lang,
                    marks={"A": a, "B": b},
                    size=network_charts.SMALL_SIZE,
                ),
                width="content",
            )
        if open_ and not has_run(shown, "maxout"):
            needs_training()
        elif open_:
            results_note(shown)
            run = shown.training.run("maxout")
            layer = min(layer, shown.setup.depth)
            frame = cached_shapes(shown.setup, layer, a, b, len(run.loss), run)
            units = sorted(frame.unit.unique())
            for cell, unit in zip(grid(len(units), 4), units):
                with cell:
                    presentation.draw_chart(
                        st, network_charts.maxout_unit_chart(frame, unit, lang), width="stretch"
                    )
            st.caption(t("net.maxout_caption", units=len(units), layer=layer))
    st.markdown(f"**{t('net.prelu_title')}**")
    st.latex(ACTIVATION_EQUATIONS["prelu"])
    if "prelu" not in setup.activations:
        missing_activation("prelu")
    elif open_ and not has_run(shown, "prelu"):
        needs_training()
    elif open_:
        results_note(shown)
        frame = network_data.prelu_frame(shown.training.run("prelu"))
        if frame.empty:
            st.info(t("net.nothing_recorded"))
        else:
            presentation.draw_chart(st, network_charts.prelu_chart(frame, lang), width="stretch")
            st.caption(t("net.prelu_caption"))


def pick_point(chart_key: str) -> None:
    """The click on a test point → the point input (runs before the rerun, so the widget can be set)."""
    event = st.session_state.get(chart_key) or {}
    picked = (event.get("selection") or {}).get("pick") or []
    if picked and "index" in picked[0]:
        st.session_state["point"] = int(picked[0]["index"])


def thinned_view(setup: NetSetup, shown: Shown | None, open_: bool, lang: str) -> None:
    data = cached_data(setup.data)
    shown = usable(shown, setup)
    st.markdown(t("net.thinned_intro"))
    default = next(
        (a for a in ("relu", "maxout", "leaky_relu", "prelu") if a in setup.activations), setup.activations[0]
    )
    options = list(setup.activations)
    if st.session_state.get("thin_act") not in (None, *options):
        st.session_state["thin_act"] = default
    left, right = st.columns(2)
    with left:
        activation = st.selectbox(
            t("net.thin_act"),
            options,
            index=options.index(default),
            format_func=ACTIVATION_LABELS.get,
            key="thin_act",
            bind="query-params",
        )
    with right:
        point = test_point_input(t("net.point"), "point", len(data.y_test), 0, t("net.point_help"))
    if not open_:
        return
    if not has_run(shown, activation):
        needs_training()
        return
    results_note(shown)
    run = shown.training.run(activation)
    trained = shown.setup
    picture, drawing = st.columns([1, 1.6])
    with picture:
        if data.n_features == 2:
            chart_key = "thin_points"
            presentation.draw_chart(
                st,
                network_charts.boundary_chart(
                    cached_boundary(trained, activation, len(run.loss), run),
                    network_data.domain(data),
                    network_data.points(data),
                    boundary_title(run),
                    lang,
                    clickable=True,
                    chosen=point,
                ),
                key=chart_key,
                on_select=lambda: pick_point(chart_key),
                selection_mode="pick",
                width="content",
            )
            st.caption(t("net.click_caption"))
        else:
            st.image(network_charts.digit_image(data.X_test[point]), width=128)
            st.caption(t("net.digit_caption", label=int(data.y_test[point])))
    with drawing:
        nodes, edges, counts = cached_thinned(trained, activation, point, len(run.loss), run)
        presentation.draw_chart(
            st, network_charts.network_chart(nodes, edges, activation == "maxout", lang), width="stretch"
        )
        predicted = int(nodes[nodes.layer == nodes.layer.max()].sort_values("value").unit.iloc[-1])
        st.markdown(
            t(
                "net.thinned_summary",
                counts=", ".join(f"{c}/{trained.width}" for c in counts),
                label=int(data.y_test[point]),
                predicted=predicted,
            )
        )
        st.caption(t(f"net.thinned_caption.{thinned_kind(activation)}"))


def thinned_kind(activation: str) -> str:
    if activation == "maxout":
        return "maxout"
    return "relu" if activation in ("relu", "leaky_relu", "prelu") else "smooth"


def gallery_view(lang: str) -> None:
    st.markdown(t("net.gallery_intro"))
    frame = cached_gallery()
    for cell, name in zip(grid(len(network_data.ACTIVATIONS), 3), network_data.ACTIVATIONS):
        with cell:
            presentation.draw_chart(st, network_charts.gallery_chart(frame, name, lang), width="stretch")
            st.latex(GALLERY_EQUATIONS[name].replace("HERE", t("net.eq.here")))
    st.caption(t("net.gallery_caption"))


def depth_view(setup: NetSetup, open_: bool, lang: str) -> None:
    """On demand: train 30 networks (1–10 hidden layers × Sigmoid, ReLU, Maxout) with a progress bar."""
    epochs = min(setup.epochs, network_data.DEPTH_MAX_EPOCHS)
    count = len(network_data.DEPTHS) * len(network_data.DEPTH_ACTIVATIONS)
    st.markdown(t("net.depth_intro", count=count, epochs=epochs))
    key = network_data.depth_setup(setup, 0, "relu")  # what the experiment depends on
    try:
        frame = stored_depth(key)
    except NotTrainedYet:
        frame = None
    slot = st.empty()
    label = t("net.depth_button", count=count)
    if frame is None:
        estimate = network_data.depth_estimate(setup, cached_data(setup.data))
        if not slot.button(label, key="depth_run"):
            st.info(t("net.depth_press", time=seconds_text(estimate)))
            return
        bar = st.progress(0.0, text=t("net.depth_progress", done=0, total=count, time=seconds_text(estimate)))
        chart = st.empty()
        began = time.perf_counter()

        def step(done: int, total: int) -> None:
            left = (time.perf_counter() - began) / done * (total - done)
            bar.progress(
                done / total, t("net.depth_progress", done=done, total=total, time=seconds_text(left))
            )

        def depth_done(rows: pd.DataFrame) -> None:  # each finished depth appears at once
            presentation.draw_chart(chart, network_charts.depth_chart(rows, lang), width="stretch")

        try:
            frame = stored_depth(key, network_data.depth_experiment(setup, step, on_depth=depth_done))
        except ValueError as exc:
            st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
            return
        finally:
            bar.empty()
        chart.empty()
        open_ = True  # the button is in this tab, so it is the open one
    slot.button(label, key="depth_done", disabled=True)
    if open_:
        presentation.draw_chart(st, network_charts.depth_chart(frame, lang), width="stretch")
        st.caption(t("net.depth_caption"))


# ----- the page ---------------------------------------------------------------------------------------------
def header(notes: list[str]) -> None:
    st.title(t("net.title"))
    st.markdown(t("net.intro"))
    st.caption(t("net.defaults_caption"))
    if notes:
        listed = "\n".join(f"- {escape_markdown(note)}" for note in notes)
        st.info(f"{t('net.url_notes')}\n{listed}", icon=":material/info:")


def view_tabs(lang: str):
    """The tabs, bound to ``?view=``. A view named in another language (a switch of language, or a link
    shared from it) is carried over to the same view in this one."""
    labels = network_controls.view_labels(lang)
    wanted = st.session_state.get("view") or st.query_params.get("view")
    if wanted and wanted not in labels:
        for other in CATALOGUES:
            if wanted in network_controls.view_labels(other):
                st.session_state["view"] = labels[network_controls.view_labels(other).index(wanted)]
    return st.tabs(labels, key="view", bind="query-params")


def page() -> None:
    lang = current_language()
    jobs()  # made now, in a run that ends normally, so that a stopped training can fill it in place
    notes = network_controls.url_notes(st.query_params)
    network_controls.drop_bad_params()
    setup = network_controls.sidebar()
    header(notes)
    if not setup.activations:
        st.info(t("net.no_activation"))
        return
    try:
        cached_data(setup.data)
    except (ValueError, ImportError) as exc:
        st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
        return
    shown = training_section(setup, lang)
    training_tab, vanishing, nudge, boundaries, shapes, thinned, gallery, depth = view_tabs(lang)
    if training_tab.open is not False:
        with training_tab:
            training_view(shown, lang)
    if vanishing.open is not False:
        with vanishing:
            vanishing_view(setup, shown, lang)
    with nudge:
        nudge_view(setup, nudge.open is not False, lang)
    if boundaries.open is not False:
        with boundaries:
            boundaries_view(setup, shown, lang)
    with shapes:
        shapes_view(setup, shown, shapes.open is not False, lang)
    with thinned:
        thinned_view(setup, shown, thinned.open is not False, lang)
    if gallery.open is not False:
        with gallery:
            gallery_view(lang)
    with depth:
        depth_view(setup, depth.open is not False, lang)
    network_controls.drop_unused_params()


page()
