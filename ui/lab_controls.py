"""The optimizer lab's controls: one table of URL-bound fields, their validation, and the sidebar widgets.

Every control is a widget with ``bind="query-params"`` whose key is its URL parameter, so the address bar
always holds the whole setup. A shared URL with a bad value loads that field's default and a short note.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import numpy as np
import streamlit as st

import surfaces
from engine import optimizers
from ui import suggested
from ui.charts import OPTIMIZER_LABELS
from ui.i18n import t
from ui.race import RaceSetup, SurfaceChoice
from ui.text import escape_markdown
from ui.url_fields import RMSPROP_INITS, Field, field_problem
from ui.url_fields import url_notes as notes_for

DEFAULT_SURFACE = "plateau"
DEFAULT_OPTIMIZERS = ["sgd", "momentum", "adagrad", "rmsprop"]
DEFAULT_STEPS = 300
DEFAULT_LR = 0.1
CUSTOM = "custom"
CUSTOM_TITLE = "Custom formula"
DEFAULT_FORMULA = "x^2 + 3*sin(y)^2 + 0.5*x*y"


def log_grid(low: float, high: float, per_decade: int) -> list[float]:
    """Log-spaced values from low to high, rounded to 2 significant digits (the learning-rate choices).

    Two digits keep the round values people type (0.05, 0.2, 0.25, 0.5) on the grid.
    """
    count = int(round(math.log10(high / low) * per_decade)) + 1
    return sorted({float(f"{v:.2g}") for v in np.geomspace(low, high, count)})


LR_CHOICES = log_grid(1e-4, 10.0, 20)
EPS_CHOICES = [10.0**k for k in range(-12, -1)]


SURFACE_LABELS = {
    "three_hump_camel": "Three-hump camel",
    "goldstein_price": "Goldstein-Price",
    "styblinski_tang": "Styblinski-Tang",
}


def surface_titles() -> dict[str, str]:
    """Surface name → its short label in the picker, which is also what the URL says (plain ASCII)."""
    labels = {
        name: SURFACE_LABELS.get(name, name.replace("_", " ").capitalize()) for name in surfaces.names()
    }
    return labels | {CUSTOM: CUSTOM_TITLE}


def fields() -> list[Field]:
    table = [
        Field("surface", "choice", options=tuple(surface_titles().values())),
        Field("kappa", "float", 1.0, 1000.0),
        Field("formula", "text"),
        Field("span", "float", 0.1, 100.0),
        Field("x0", "float", -1e4, 1e4),
        Field("y0", "float", -1e4, 1e4),
        Field("steps", "int", 10, 5000),
        Field("opt", "choices", options=tuple(OPTIMIZER_LABELS[n] for n in optimizers.names())),
        Field("same_lr", "bool"),
        Field("lr", "choice", options=tuple(f"{v:g}" for v in LR_CHOICES)),
        Field("noise", "float", 0.0, 100.0),
        Field("seed", "int", 0, 2**31 - 1),
    ]
    for name in optimizers.names():
        table.append(Field(f"{name}_lr", "choice", options=tuple(f"{v:g}" for v in LR_CHOICES)))
    table += [
        Field("momentum_lambda", "float", 0.0, 0.99),
        Field("nesterov_lambda", "float", 0.0, 0.99),
        Field("rmsprop_alpha", "float", 0.0, 0.999),
        Field("rmsprop_init", "choice", options=tuple(RMSPROP_INITS)),
        Field("adam_beta1", "float", 0.0, 0.999),
        Field("adam_beta2", "float", 0.0, 0.9999),
    ]
    for name in ("adagrad", "rmsprop", "adam"):
        table.append(Field(f"{name}_eps", "choice", options=tuple(f"{v:g}" for v in EPS_CHOICES)))
    return table


def url_notes(query_params) -> list[str]:
    """Notes for this lab's URL fields that hold garbage (their widgets then fall back to their defaults)."""
    return notes_for(fields(), query_params)


def _init_start(surface: surfaces.Surface) -> None:
    """Seed the start inputs once: from a valid URL value, else the surface's default start."""
    by_key = {f.key: f for f in fields()}
    for key, value in zip(("x0", "y0"), surface.start):
        if key in st.session_state:
            continue
        raw = st.query_params.get_all(key)
        usable = raw and field_problem(by_key[key], raw) is None
        st.session_state[key] = float(raw[-1]) if usable else float(value)


def reset_start() -> None:
    """On a change of surface: load the new surface's suggested setup (start, η per optimizer, steps)."""
    try:
        surface = surface_choice_from_state().build()
    except ValueError:
        return
    for key, value in suggested.session_values(surface).items():
        st.session_state[key] = value


def surface_choice_from_state() -> SurfaceChoice:
    name = st.session_state.get("surface", DEFAULT_SURFACE)
    if name == CUSTOM:
        span = float(st.session_state.get("span", 3.0))
        return SurfaceChoice(
            CUSTOM,
            formula=st.session_state.get("formula", DEFAULT_FORMULA),
            domain=((-span, span), (-span, span)),
        )
    if name == "bowl":
        return SurfaceChoice(name, (("condition", float(st.session_state.get("kappa", 10.0))),))
    return SurfaceChoice(name)


def surface_controls() -> tuple[SurfaceChoice, surfaces.Surface, str | None]:
    """Surface picker and its parameters. Returns the choice, the built surface and a formula error."""
    titles = surface_titles()
    st.selectbox(
        t("ctl.surface"),
        list(titles),
        format_func=titles.get,
        key="surface",
        bind="query-params",
        on_change=reset_start,
        index=list(titles).index(DEFAULT_SURFACE),
    )
    name = st.session_state["surface"]
    error = None
    if name == "bowl":
        st.number_input(
            t("ctl.kappa"),
            1.0,
            1000.0,
            10.0,
            step=1.0,
            key="kappa",
            bind="query-params",
            on_change=reset_start,
            help=t("ctl.kappa_help"),
        )
    if name == CUSTOM:
        st.text_input(
            t("ctl.formula"),
            DEFAULT_FORMULA,
            max_chars=300,
            key="formula",
            bind="query-params",
            help=t("ctl.formula_help"),
            live="600ms",
        )
        error_slot = st.empty()
        st.number_input(
            t("ctl.span"),
            0.1,
            100.0,
            3.0,
            step=0.5,
            key="span",
            bind="query-params",
            on_change=reset_start,
        )
    choice = surface_choice_from_state()
    try:
        surface = choice.build()
    except ValueError as exc:  # surfaces.FormulaError is a ValueError
        error = str(exc)
        error_slot.error(f"{escape_markdown(error)}\n\n{t('ctl.formula_fallback')}", icon="⚠️")
        choice = SurfaceChoice(DEFAULT_SURFACE)
        surface = choice.build()
    return choice, surface, error


def start_controls(surface: surfaces.Surface) -> tuple[float, float]:
    _init_start(surface)
    (x0, x1), (y0, y1) = surface.domain
    c1, c2 = st.columns(2)
    c1.number_input(t("ctl.start_x"), -1e4, 1e4, key="x0", bind="query-params", format="%.3f", step=0.1)
    c2.number_input(t("ctl.start_y"), -1e4, 1e4, key="y0", bind="query-params", format="%.3f", step=0.1)
    st.caption(t("ctl.start_caption"))
    return float(st.session_state["x0"]), float(st.session_state["y0"])


def _lr_slider(label: str, key: str) -> float:
    choice = st.select_slider(
        label,
        [f"{v:g}" for v in LR_CHOICES],
        value=f"{DEFAULT_LR:g}",
        key=key,
        bind="query-params",
        help=t("ctl.lr_help"),
    )
    return float(choice)


def optimizer_controls() -> tuple[tuple[str, tuple[tuple[str, object], ...]], ...]:
    """Which optimizers race and their hyperparameters, with the lecture's names."""
    names = st.multiselect(
        t("ctl.optimizers"),
        optimizers.names(),
        default=DEFAULT_OPTIMIZERS,
        format_func=OPTIMIZER_LABELS.get,
        key="opt",
        bind="query-params",
    )
    same = st.toggle(t("ctl.same_lr"), value=True, key="same_lr", bind="query-params")
    shared_lr = _lr_slider(t("ctl.lr_all"), "lr") if same else None
    chosen = []
    for name in names:
        with st.expander(OPTIMIZER_LABELS[name], expanded=False):
            hyper = {"lr": shared_lr if same else _lr_slider(t("ctl.lr"), f"{name}_lr")}
            if name in ("momentum", "nesterov"):
                hyper["momentum"] = st.slider(
                    t("ctl.lambda"), 0.0, 0.99, 0.9, 0.01, key=f"{name}_lambda", bind="query-params"
                )
            if name == "rmsprop":
                hyper["alpha"] = st.slider(
                    t("ctl.alpha"),
                    0.0,
                    0.999,
                    0.9,
                    0.001,
                    format="%.3f",
                    key="rmsprop_alpha",
                    bind="query-params",
                )
                init = st.radio(
                    t("ctl.rmsprop_init"),
                    list(RMSPROP_INITS),
                    key="rmsprop_init",
                    bind="query-params",
                    horizontal=True,
                    help=t("ctl.rmsprop_init_help"),
                )
                hyper["init"] = RMSPROP_INITS[init]
            if name == "adam":
                hyper["beta1"] = st.slider(
                    t("ctl.beta1"),
                    0.0,
                    0.999,
                    0.9,
                    0.001,
                    format="%.3f",
                    key="adam_beta1",
                    bind="query-params",
                )
                hyper["beta2"] = st.slider(
                    t("ctl.beta2"),
                    0.0,
                    0.9999,
                    0.999,
                    0.0001,
                    format="%.4f",
                    key="adam_beta2",
                    bind="query-params",
                )
            if name in ("adagrad", "rmsprop", "adam"):
                default = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}[name]
                hyper["eps"] = float(
                    st.select_slider(
                        t("ctl.eps"),
                        [f"{v:g}" for v in EPS_CHOICES],
                        value=f"{default:g}",
                        key=f"{name}_eps",
                        bind="query-params",
                    )
                )
            if same and name not in ("momentum", "nesterov", "rmsprop", "adam", "adagrad"):
                st.caption(t("ctl.shared_lr_note"))
            chosen.append((name, tuple(sorted(hyper.items()))))
    return tuple(chosen)


def run_controls() -> tuple[int, float, int]:
    # Whole numbers held as floats: Streamlit's URL binding of an integer input crashes on ?steps=inf
    # (OverflowError in its deserializer); a float input reads inf and falls back to its default.
    steps = st.number_input(
        t("ctl.steps"),
        10.0,
        5000.0,
        float(DEFAULT_STEPS),
        step=50.0,
        format="%.0f",
        key="steps",
        bind="query-params",
    )
    noise = st.number_input(
        t("ctl.noise"),
        0.0,
        100.0,
        0.0,
        step=0.1,
        key="noise",
        bind="query-params",
        help=t("ctl.noise_help"),
    )
    seed = st.number_input(
        t("ctl.seed"), 0.0, float(2**31 - 1), 0.0, step=1.0, format="%.0f", key="seed", bind="query-params"
    )
    return int(round(steps)), float(noise), int(round(seed))


def share_url(base: str | None) -> str:
    """The address of the current setup: every URL-bound widget's value, as the widgets write it."""
    shown = {"surface": surface_titles(), "opt": OPTIMIZER_LABELS}
    params = []
    for field in fields():
        if field.key not in st.session_state:
            continue
        value = st.session_state[field.key]
        names = shown.get(field.key, {})
        if field.kind == "choices":
            params += [(field.key, names.get(v, v)) for v in value]
        elif field.kind == "bool":
            params.append((field.key, "true" if value else "false"))
        elif isinstance(value, str):
            params.append((field.key, names.get(value, value)))
        else:  # repr: the shortest text that reads back as exactly this number
            params.append((field.key, str(value) if isinstance(value, int) else repr(float(value))))
    if st.session_state.get("lang", "en") != "en":
        params.append(("lang", st.session_state["lang"]))
    base = base or ""
    return f"{base}{'' if base.endswith('/') else '/'}?{urlencode(params)}"


HYPER_KEYS = {
    "momentum": "lambda",
    "alpha": "alpha",
    "init": "init",
    "beta1": "beta1",
    "beta2": "beta2",
    "eps": "eps",
}


def setup_params(setup: RaceSetup) -> list[tuple[str, str]]:
    """The URL parameters that open the lab with exactly ``setup`` (each optimizer with its own η).

    Learning rates and ε must be on the lab's grids (LR_CHOICES, EPS_CHOICES) to be restored exactly.
    """
    choice = setup.surface
    params = [("surface", surface_titles()[choice.name])]
    if choice.name == "bowl":
        params.append(("kappa", repr(float(dict(choice.params)["condition"]))))
    if choice.name == CUSTOM:
        params += [("formula", choice.formula), ("span", repr(float(choice.domain[0][1])))]
    params += [
        ("x0", repr(float(setup.start[0]))),
        ("y0", repr(float(setup.start[1]))),
        ("steps", str(setup.steps)),
    ]
    params += [("opt", OPTIMIZER_LABELS[name]) for name, _ in setup.optimizers]
    params.append(("same_lr", "false"))
    inits = {engine_init: url for url, engine_init in RMSPROP_INITS.items()}
    for name, hyper in setup.optimizers:
        for key, value in hyper:
            if key == "lr":
                params.append((f"{name}_lr", f"{value:g}"))
            elif key == "init":
                params.append(("rmsprop_init", inits[value]))
            elif key == "eps":
                params.append((f"{name}_eps", f"{value:g}"))
            else:
                params.append((f"{name}_{HYPER_KEYS[key]}", repr(float(value))))
    if setup.noise:
        params += [("noise", repr(float(setup.noise))), ("seed", str(setup.seed))]
    return params


def sidebar() -> tuple[RaceSetup, surfaces.Surface, str | None]:
    """All the lab's controls, in the sidebar. Returns the setup, the surface and a formula error."""
    with st.sidebar:
        st.subheader(t("ctl.surface_header"))
        choice, surface, error = surface_controls()
        st.subheader(t("ctl.start_header"))
        start = start_controls(surface)
        st.subheader(t("ctl.optimizers_header"))
        chosen = optimizer_controls()
        st.subheader(t("ctl.run_header"))
        steps, noise, seed = run_controls()
    return RaceSetup(choice, start, steps, chosen, noise, seed), surface, error
