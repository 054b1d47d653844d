"""The live training room of the network lab: the Train button with its expected time, training on a cache
miss with a progress bar and live loss curves, Stop, and the results the views show.

A finished training is filed in ``cache.stored_training``, keyed by the frozen setup. On a miss the page
shows the expected time (``model.estimate_seconds``) and trains right here, outside any cached function, so
that ``train``'s callback can move a progress bar ("network 2 of 6") and redraw the live loss curves (at
most 5 times a second: the chart's layout is made once, each redraw sends only the curves so far); then it
files the result with ``stored_training(setup, _fresh=result)``. Like TensorFlow Playground, a setup trains
as soon as it is asked for (a first visit, a shared link, every change of a control) when its estimate is
at most ``model.HEAVY_SECONDS``; a heavier one waits for Train. A change during a training ends it at the
next epoch (the change's rerun interrupts the script at its next Streamlit call, as Stop does), so a burst
of changes trains once, for the last value.

Stop (a button shown while training) ends the training at the next epoch: a click reruns the page, which
interrupts the script inside the callback's next Streamlit call; the callback then stops ``train``, the
networks trained so far are kept in session state (``jobs()["partial"]``) and the rerun shows them, marked
as stopped (never filed as finished). With fast reruns (Streamlit's default) the click starts the rerun in
a new thread at once, while the stopped run is still training; so the rerun waits (``jobs()["busy"]``)
until the stopped run has recorded what it trained before it reads the record. The results last shown stay on
screen while the settings change, until the new ones are trained: the page draws the training section in
one container, so the views below keep their place (Streamlit fades them while the new networks train), and
marks them stale where they wait for Train. Session state holds only this session's results; no
module-level state: many users share one server.
"""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from ui import presentation
from ui.budget import Work, budget_note, clipped_note, seconds_text
from ui.i18n import escape_markdown, t
from ui.network import charts as network_charts
from ui.network import model as network_data
from ui.network.cache import NotTrainedYet, cached_data, live_layout, stored_training
from ui.network.model import NetSetup, Training
from ui.vocab import ACTIVATION_LABELS

LIVE_INTERVAL = 0.2  # s between live-curve redraws while training: 5 per second
STOPPING_WAIT = 10.0  # s a rerun waits at most for the training it stopped to record its results (one epoch)


@dataclasses.dataclass(frozen=True)
class Shown:
    """The results the views show: the setup they were trained with, and whether that is an earlier one
    (``stale``: kept on screen, marked, until the current settings are trained)."""

    setup: NetSetup
    training: Training
    stale: bool = False


def jobs() -> dict:
    """This session's record of an interrupted training: "partial" (a Shown of the networks trained until a
    click), "finished" (a Shown of a training that ended just as a click came, not filed yet), "resume" (a
    setup to carry on with), "busy" (a threading.Event, set once the training has recorded these) and
    "depth_partial" (the depth experiment's key and the rows of the depths it finished before a click).

    One dict, made on the session's first run and changed in place after that: a click during training
    stops the run from inside a Streamlit call, and from then on every Streamlit call of that run (session
    state too) raises again, so the stopped run records its results in this dict, taken beforehand. The
    click's rerun runs meanwhile in another thread (fast reruns): it waits for "busy" before it reads."""
    return st.session_state.setdefault("net_jobs", {})


def request_stop() -> None:
    """The Stop button: the training in progress ends at its next epoch and keeps what it trained."""
    st.session_state["net_stop"] = True


def start_training() -> None:
    """The Train button: a fresh start (a Stop pressed too late for the last training is forgotten)."""
    st.session_state.pop("net_stop", None)


def train_live(setup: NetSetup, lang: str, estimate: float, live=None, button_slot=None) -> Training:
    """Train every activation of ``setup`` with a progress bar ("network 2 of 6"), live loss curves
    (throttled by time) and a Stop button. Stop (or any click, which reruns the page) ends the training at
    the next epoch; what was trained so far is filed in session state and shown.

    ``live``: the Place of the live curves (the training view's loss chart, which replaces them when it
    is over: nothing on the page moves); None: below the progress bar, removed when it is over.
    ``button_slot``: where Stop goes (the Train button's place, so the page moves less); None: a new one."""
    stop_slot = st.empty() if button_slot is None else button_slot
    stop_slot.button(t("net.stop"), key="net_stop_button", on_click=request_stop, icon=":material/stop:")
    bar = st.progress(0.0, text=t("net.training_start"))
    chart = st.empty() if live is None else live.slot()
    names = list(setup.activations)
    layout = live_layout(setup.activations, setup.epochs, lang, presentation.presenting())
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
            chart.vega_lite_chart({**layout, "datasets": network_charts.live_data(frame)}, width="stretch")
        except ScriptControlException as exc:  # a click during training: keep what is trained, then rerun
            interrupted.append(exc)
            return False
        return None

    busy = box["busy"] = threading.Event()
    try:
        training = network_data.train_all(setup, on_epoch)
        # Recorded before any Streamlit call: once a click has come, each of them raises.
        box["partial" if training.stopped else "finished"] = Shown(setup, training)
        if interrupted:
            box["resume"] = setup  # unless that click was Stop
    finally:
        busy.set()  # the click's rerun, already running, may read the record now
    if interrupted:
        raise interrupted[0]
    st.session_state.pop("net_stop", None)
    bar.empty()
    if live is None:
        chart.empty()
    stop_slot.empty()
    return training


def counted(key: str, count: int) -> str:
    """``key`` with ``count`` networks: its ``_1`` form for a single one ("Train the network")."""
    return t(f"{key}_1") if count == 1 else t(key, count=count)


def fitted_setup(setup: NetSetup, work: Work) -> NetSetup | None:
    """``setup`` with the most epochs this rerun's budget allows (saying so when that is fewer), or None
    (said too) when not even one epoch fits."""
    data = cached_data(setup.data)
    epochs = network_data.fitted_epochs(setup, data, work.total)
    if epochs == setup.epochs:
        return setup
    asked = network_data.estimate_seconds(setup, data)
    if epochs < 1:
        budget_note("budget.too_big", work, asked / setup.epochs, warning=True)
        return None
    clipped_note("epochs", epochs, setup.epochs, asked, work)
    return dataclasses.replace(setup, epochs=epochs)


def training_section(setup: NetSetup, lang: str, work: Work | None = None, live=None) -> Shown | None:
    """The Train button with the expected time, live training on a cache miss, Stop, and the divergence
    warnings. Returns the results to show: this setup's, a stopped part of them, or (marked stale) the last
    ones shown until this setup is trained; None before anything was trained.

    With a limited budget (``work``) the training has the most epochs that fit it (its results are filed
    under that setup), and a setup of which not even one epoch fits is not trained. ``live``: where the
    live curves go (``train_live``)."""
    work = Work(float("inf")) if work is None else work
    fitted = fitted_setup(setup, work)
    if fitted is None:
        last = st.session_state.get("net_shown")
        return dataclasses.replace(last, stale=True) if last is not None else None
    setup = fitted
    stopping = jobs().get("busy")
    if stopping is not None:  # a click stopped a training in another run: let it record what it trained
        stopping.wait(STOPPING_WAIT)
    finished = jobs().pop("finished", None)
    if finished is not None:  # it trained to the end just as the click came: file it as its run would have
        stored_training(finished.setup, finished.training)
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
    # Stop interrupted a training of this setup: show what it trained (until Train again). Another click
    # interrupted it (a tab, say): it carries on. Otherwise a setup not trained yet trains at once, as in
    # TensorFlow Playground: a first visit, a shared link, an "Add …" button and every change of a control,
    # unless it is heavy (then it waits for Train). A burst of changes trains once, for the last one: each
    # new value reruns the page, which ends the training of the previous one at its next epoch.
    resume = jobs().pop("resume", None) == setup
    if training is not None or (partial is not None and st.session_state.get("net_stop")):
        st.session_state.pop("net_stop", None)
        resume = False
    asked = st.session_state.pop("net_train_now", False)
    at_once = (partial is None or resume or asked) and not heavy
    slot = st.empty()
    if training is None:
        label = t("net.train_again") if partial is not None else counted("net.train", n)
        clicked = at_once or slot.button(  # no Train button while it trains by itself: Stop is there
            label, type="primary", key="train", help=t("net.train_help"), on_click=start_training
        )
        st.caption(t("net.estimate", time=seconds_text(work.on_this_machine(estimate)), count=n))
        if clicked:
            jobs().pop("partial", None)
            work.spend(min(estimate, work.left))  # what the views after it have left
            try:
                fresh = train_live(setup, lang, estimate, live, slot if at_once else None)
            except ValueError as exc:  # the engine refused the setup
                st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
                return None
            if fresh.stopped:
                partial = Shown(setup, fresh)
                if at_once:  # it had no Train button: now it needs one
                    slot.button(t("net.train_again"), type="primary", key="train", on_click=start_training)
            else:
                training = stored_training(setup, fresh)
                jobs().pop("finished", None)  # filed
        elif partial is None:  # heavy: it waits for Train
            st.info(
                t("net.heavy", time=seconds_text(work.on_this_machine(estimate))), icon=":material/schedule:"
            )
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


# ----- the training view: curves and the results table ------------------------------------------------
class Place:
    """The first element of a column, made when first used: until then the column shows what the last run
    drew there (Streamlit removes it only if this run draws nothing in its place)."""

    def __init__(self, column):
        self.column = column
        self._slot = None

    def slot(self):
        if self._slot is None:
            self._slot = self.column.empty()
        return self._slot


@dataclasses.dataclass(frozen=True)
class TrainingPlaces:
    """The training view's places, made before the training so that its live curves are drawn where the
    loss chart is, and the last results stay in the others until the new ones replace them."""

    note: object
    loss: Place
    accuracy: object
    rest: object


def training_places() -> TrainingPlaces:
    note = st.container()
    left, right = st.columns(2)
    return TrainingPlaces(note, Place(left), right, st.container())


def training_view(shown: Shown | None, lang: str, places: TrainingPlaces | None = None) -> None:
    places = training_places() if places is None else places
    if shown is None:
        with places.note:
            needs_training()
        return
    with places.note:
        results_note(shown)
    training = shown.training
    names = [run.activation for run in training.runs]
    curves = network_data.curves(training)
    stops = network_data.stops(training)
    classes = cached_data(shown.setup.data).n_classes
    loss = network_charts.loss_chart(curves, names, lang, classes, stops)
    presentation.draw_chart(places.loss.slot(), loss, width="stretch")
    presentation.draw_chart(
        places.accuracy, network_charts.accuracy_chart(curves, names, lang, stops), width="stretch"
    )
    with places.rest:
        summary_table(training)
        st.caption(t("net.training_caption"))
        if len(stops):
            st.caption(t("net.stops_caption"))
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


def status(run, diverged) -> str:
    """The results table's status of a run: ok, diverged, stopped early (and the epoch it went back to) or
    stopped at the target loss."""
    if diverged is not None and diverged == diverged:
        return t("net.table.diverged", epoch=int(diverged))
    if run.reason == "early_stopped":
        return t("net.table.early", stopped=run.stopped_at, best=run.best_epoch)
    if run.reason == "target":
        return t("net.table.target", stopped=run.stopped_at)
    return t("net.table.ok")


def summary_table(training: Training) -> None:
    table = network_data.summary(training)
    table["activation"] = [ACTIVATION_LABELS[name] for name in table["activation"]]
    table["loss"] = [shown_number(v, ".4g") for v in table["loss"]]  # 1.209e+07, not 12087602.9129
    for column in ("train_acc", "test_acc"):
        table[column] = [shown_number(100 * v, ".1f", percent=True) for v in table[column]]
    table["seconds"] = [shown_number(v, ".2f") for v in table["seconds"]]
    table["status"] = [
        status(run, diverged) for run, diverged in zip(training.runs, table.pop("diverged_at"))
    ]
    table.pop("stopped_at")
    table["epoch"] = [str(int(e)) for e in table["epoch"]]
    columns = {
        "activation": t("net.table.activation"),
        "loss": t("net.table.loss"),
        "train_acc": t("net.table.train_acc"),
        "test_acc": t("net.table.test_acc"),
        "epoch": t("net.table.epoch"),
        "seconds": t("net.table.seconds"),
        "status": t("net.table.status"),
    }
    st.dataframe(table.rename(columns=columns), hide_index=True)
