"""What both labs share: the optimizers' hyperparameter controls, driven by the engine's registry.

Which controls an optimizer gets, and their defaults, come from ``engine.optimizers.defaults(name)``: an
optimizer added to the engine with hyperparameters of the kinds below gets its controls, its URL fields and
its defaults in both labs without a change here. Each lab says only how it names a control's key
(``key_of(name, control)``: the optimizer lab writes ``rmsprop_alpha``, the network lab, with one optimizer
at a time, ``alpha``). η is each lab's own control (the two labs use different grids).

The widgets take no ``value``: each lab seeds session state first (defaults, or a shared link's values) and
writes the address bar from it afterwards (ui/url.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from engine import optimizers, schedules
from ui.i18n import t
from ui.url import RMSPROP_INITS, Field

EPS_CHOICES = [10.0**k for k in range(-12, -1)]
EPS_WORDS = tuple(f"{v:g}" for v in EPS_CHOICES)
ENGINE_INIT_WORDS = {engine: word for word, engine in RMSPROP_INITS.items()}


@dataclass(frozen=True)
class HyperControl:
    """How one engine hyperparameter is shown: its word (in URL keys), its widget and its range.

    ``kind``: "slider" (a float in [0, high] by ``step``), "eps" (a power of ten, ``EPS_CHOICES``) or
    "init" (RMSProp's start σ⁰, a URL word of ``RMSPROP_INITS``). The label is ``hyper.<hyper>`` in
    ui/locales (and ``hyper.<hyper>_help``, when the catalogue has one).
    """

    hyper: str
    word: str
    kind: str
    high: float = 1.0
    step: float = 0.01
    fmt: str | None = None

    def field(self, key: str) -> Field:
        """This control's URL field under ``key``."""
        if self.kind == "slider":
            return Field(key, "float", 0.0, self.high)
        return Field(key, "choice", options=EPS_WORDS if self.kind == "eps" else tuple(RMSPROP_INITS))

    def default(self, name: str):
        """The widget's value on a fresh page: the engine's default for optimizer ``name``."""
        return self.widget_value(optimizers.defaults(name)[self.hyper])

    def widget_value(self, value):
        """An engine value as the widget holds it (ε and σ⁰ as their URL words)."""
        if self.kind == "eps":
            return f"{float(value):g}"
        if self.kind == "init":
            return ENGINE_INIT_WORDS[value]
        return float(value)

    def engine_value(self, value):
        """The widget's value as the engine takes it."""
        return RMSPROP_INITS[value] if self.kind == "init" else float(value)

    def draw(self, key: str):
        """The widget (its value from session state ``key``); returns the engine value."""
        label = t(f"hyper.{self.hyper}")
        if self.kind == "slider":
            value = st.slider(label, 0.0, self.high, step=self.step, format=self.fmt, key=key)
        elif self.kind == "eps":
            value = st.select_slider(label, list(EPS_WORDS), key=key)
        else:  # labels in the page's language; the URL keeps the words lecture, zeros
            value = st.radio(
                label,
                list(RMSPROP_INITS),
                format_func={word: t(f"net.opt.{word}") for word in RMSPROP_INITS}.get,
                key=key,
                horizontal=True,
                help=t("hyper.init_help"),
            )
        return self.engine_value(value)


# In the order the controls appear under an optimizer (and their fields in the URL).
HYPER_CONTROLS = {
    control.hyper: control
    for control in (
        HyperControl("momentum", "lambda", "slider", 0.99, 0.01),
        HyperControl("alpha", "alpha", "slider", 0.999, 0.001, "%.3f"),
        HyperControl("init", "init", "init"),
        HyperControl("beta1", "beta1", "slider", 0.999, 0.001, "%.3f"),
        HyperControl("beta2", "beta2", "slider", 0.9999, 0.0001, "%.4f"),
        HyperControl("eps", "eps", "eps"),
    )
}
KeyOf = Callable[[str, HyperControl], str]


def controls_of(name: str) -> list[HyperControl]:
    """The controls of optimizer ``name``: one for each engine hyperparameter but η that has a kind here."""
    own = optimizers.defaults(name)
    return [control for hyper, control in HYPER_CONTROLS.items() if hyper in own]


def hyper_fields(key_of: KeyOf, names=None) -> list[Field]:
    """The URL fields of the optimizers' controls (each key once), control by control."""
    names = optimizers.names() if names is None else names
    own = {name: controls_of(name) for name in names}
    keys = {}
    for control in HYPER_CONTROLS.values():
        for name in names:
            if control in own[name]:
                keys.setdefault(key_of(name, control), control.field(key_of(name, control)))
    return list(keys.values())


def hyper_defaults(key_of: KeyOf, names=None) -> dict:
    """Every control's widget value on a fresh page (a key shared by several optimizers: the first's)."""
    names = optimizers.names() if names is None else names
    values: dict = {}
    for name in names:
        for control in controls_of(name):
            values.setdefault(key_of(name, control), control.default(name))
    return values


def hyper_keys(key_of: KeyOf, names) -> set[str]:
    """The keys of the controls on the page while ``names`` are chosen."""
    return {key_of(name, control) for name in names for control in controls_of(name)}


def hyper_controls(name: str, key_of: KeyOf) -> dict:
    """Draw optimizer ``name``'s controls; returns its hyperparameters but η, as the engine takes them."""
    return {control.hyper: control.draw(key_of(name, control)) for control in controls_of(name)}


def hyper_values(name: str, key_of: KeyOf, state) -> dict:
    """Optimizer ``name``'s hyperparameters but η from ``state`` (a control not in it: its default)."""
    return {
        control.hyper: control.engine_value(state.get(key_of(name, control), control.default(name)))
        for control in controls_of(name)
    }


def hyper_state(name: str, key_of: KeyOf, hyper) -> dict:
    """The widget values that show engine hyperparameters ``hyper`` (η excluded) of optimizer ``name``."""
    controls = {control.hyper: control for control in controls_of(name)}
    return {
        key_of(name, controls[k]): controls[k].widget_value(v)
        for k, v in dict(hyper).items()
        if k in controls
    }


# ---------------------------------------------------------------- learning-rate schedules


@dataclass(frozen=True)
class ScheduleControl:
    """One parameter of a schedule as a control: the schedule, the engine's parameter name, its word (in
    URL keys: ``<prefix>sched_<word>``), its widget ("slider" or "number", a whole number held as a float)
    and range. The label is ``sched.<word>`` in ui/locales."""

    schedule: str
    param: str
    word: str
    kind: str
    low: float
    high: float
    step: float
    fmt: str | None = None

    def default(self):
        return float(schedules.defaults(self.schedule)[self.param])


# A cosine's length T is the run's own (its steps or epochs), so it has no control.
SCHEDULE_CONTROLS = (
    ScheduleControl("step", "gamma", "gamma", "slider", 0.05, 1.0, 0.05),
    ScheduleControl("step", "every", "every", "number", 1, 5000, 10),
    ScheduleControl("exponential", "gamma", "decay", "slider", 0.9, 1.0, 0.001, "%.3f"),
    ScheduleControl("cosine", "floor", "floor", "slider", 0.0, 1.0, 0.01),
)
MAX_WARMUP = 5000


def schedule_key(prefix: str, word: str = "") -> str:
    """``sched`` (the schedule's name) and ``sched_<word>`` (its parameters), after ``prefix``."""
    return f"{prefix}sched" + (f"_{word}" if word else "")


def schedule_fields(prefix: str = "") -> list[Field]:
    """The URL fields of one schedule control: its name, its parameters, its warmup."""
    fields = [Field(schedule_key(prefix), "choice", options=tuple(schedules.names()))]
    for control in SCHEDULE_CONTROLS:
        kind = "int" if control.kind == "number" else "float"
        fields.append(
            Field(schedule_key(prefix, control.word), kind, float(control.low), float(control.high))
        )
    return fields + [Field(schedule_key(prefix, "warmup"), "int", 0.0, float(MAX_WARMUP))]


def schedule_defaults(prefix: str = "") -> dict:
    """A fresh page's schedule: constant, every parameter at the engine's default, no warmup."""
    values: dict = {schedule_key(prefix): "constant", schedule_key(prefix, "warmup"): 0.0}
    return values | {schedule_key(prefix, c.word): c.default() for c in SCHEDULE_CONTROLS}


def schedule_active_keys(prefix: str, state) -> set[str]:
    """The schedule's keys that shape the run: none for a constant η without warmup (so a link without a
    schedule stays as it was), else its name, warmup and the chosen schedule's parameters."""
    name = state.get(schedule_key(prefix), "constant")
    warm = float(state.get(schedule_key(prefix, "warmup"), 0.0))
    if name == "constant" and not warm:
        return set()
    own = {schedule_key(prefix, c.word) for c in SCHEDULE_CONTROLS if c.schedule == name}
    return {schedule_key(prefix), schedule_key(prefix, "warmup")} | own


def schedule_from_state(prefix: str, state, length: int) -> schedules.Schedule:
    """The Schedule the widgets under ``prefix`` hold (a cosine over ``length`` steps)."""
    name = state.get(schedule_key(prefix), "constant")
    if name not in schedules.names():
        name = "constant"
    params = {
        c.param: state.get(schedule_key(prefix, c.word), c.default())
        for c in SCHEDULE_CONTROLS
        if c.schedule == name
    }
    params = {k: int(round(float(v))) if k == "every" else float(v) for k, v in params.items()}
    if name == "cosine":
        params["steps"] = max(1, int(length))
    warm = int(round(float(state.get(schedule_key(prefix, "warmup"), 0.0))))
    try:
        return schedules.make(name, warmup=warm, **params)
    except ValueError:  # a value outside the engine's range (the URL check keeps them in): no schedule
        return schedules.Schedule()


def schedule_state(prefix: str, schedule: schedules.Schedule | None) -> dict:
    """The widget values that show ``schedule`` (None: constant)."""
    schedule = schedules.as_schedule(schedule)
    values = {schedule_key(prefix): schedule.name, schedule_key(prefix, "warmup"): float(schedule.warmup)}
    params = dict(schedule.params)
    return values | {
        schedule_key(prefix, c.word): float(params[c.param])
        for c in SCHEDULE_CONTROLS
        if c.schedule == schedule.name
    }


def _reset_schedule_params(prefix: str) -> None:
    """On a change of schedule: its parameters back to their defaults."""
    for control in SCHEDULE_CONTROLS:
        st.session_state[schedule_key(prefix, control.word)] = control.default()


def schedule_controls(prefix: str, length: int, unit: str = "step") -> schedules.Schedule:
    """The schedule picker, its parameters and warmup (values from session state); returns the Schedule.
    ``unit`` words the warmup's and a step schedule's length ("step" or "epoch")."""
    name = st.selectbox(
        t("sched.label"),
        schedules.names(),
        format_func={n: t(f"sched.{n}") for n in schedules.names()}.get,  # worded now, in the page's language
        key=schedule_key(prefix),
        help=t("sched.help"),
        on_change=_reset_schedule_params,
        args=(prefix,),
    )
    for control in SCHEDULE_CONTROLS:
        if control.schedule != name:
            continue
        key, label = schedule_key(prefix, control.word), t(f"sched.{control.word}_{unit}")
        if control.kind == "slider":
            st.slider(label, control.low, control.high, step=control.step, format=control.fmt, key=key)
        else:
            st.number_input(
                label,
                float(control.low),
                float(control.high),
                step=float(control.step),
                format="%.0f",
                key=key,
            )
    st.number_input(
        t(f"sched.warmup_{unit}"),
        0.0,
        float(MAX_WARMUP),
        step=5.0,
        format="%.0f",
        key=schedule_key(prefix, "warmup"),
    )
    return schedule_from_state(prefix, st.session_state, length)
