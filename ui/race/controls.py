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
from ui.i18n import current_language, error_text, escape_markdown, t
from ui.race import suggested
from ui.race.model import RaceSetup, SurfaceChoice
from ui.url import RMSPROP_INITS, Field, seed_state, url_params
from ui.url import url_notes as notes_for
from ui.vocab import OPTIMIZER_LABELS, SURFACE_LABELS

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


def surface_titles() -> dict[str, str]:
    """Surface name → its short label in the picker, which is also what the URL says (plain ASCII)."""
    labels = {name: SURFACE_LABELS[name] for name in surfaces.names()}
    return labels | {CUSTOM: CUSTOM_TITLE}


def fields() -> list[Field]:
    """The lab's URL: one field per control, in the order the address bar lists them."""
    surface_words = tuple(surface_titles().items())
    optimizer_words = tuple((n, OPTIMIZER_LABELS[n]) for n in optimizers.names())
    lr_words = tuple(f"{v:g}" for v in LR_CHOICES)
    table = [
        Field("surface", "choice", options=tuple(w for _, w in surface_words), words=surface_words),
        Field("kappa", "float", 1.0, 1000.0),
        Field("formula", "text"),
        Field("span", "float", 0.1, 100.0),
        Field("x0", "float", -1e4, 1e4),
        Field("y0", "float", -1e4, 1e4),
        Field("steps", "int", 10, 5000),
        Field("opt", "choices", options=tuple(w for _, w in optimizer_words), words=optimizer_words),
        Field("same_lr", "bool"),
        Field("lr", "choice", options=lr_words),
        Field("noise", "float", 0.0, 100.0),
        Field("seed", "int", 0, 2**31 - 1),
    ]
    for name in optimizers.names():
        table.append(Field(f"{name}_lr", "choice", options=lr_words))
    table += [
        Field("momentum_lambda", "float", 0.0, 0.99),
        Field("nesterov_lambda", "float", 0.0, 0.99),
        Field("rmsprop_alpha", "float", 0.0, 0.999),
        Field("rmsprop_init", "choice", options=tuple(RMSPROP_INITS)),
        Field("adam_beta1", "float", 0.0, 0.999),
        Field("adam_beta2", "float", 0.0, 0.9999),
    ]
    for name in EPS_DEFAULTS:
        table.append(Field(f"{name}_eps", "choice", options=tuple(f"{v:g}" for v in EPS_CHOICES)))
    return table


EPS_DEFAULTS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}
LAMBDA_DEFAULT = 0.9


def defaults(surface: surfaces.Surface | None = None) -> dict:
    """Every control's value on a fresh page (the start is the surface's own)."""
    start = surface.start if surface is not None else surfaces.get(DEFAULT_SURFACE).start
    values = {
        "surface": DEFAULT_SURFACE,
        "kappa": 10.0,
        "formula": DEFAULT_FORMULA,
        "span": 3.0,
        "x0": float(start[0]),
        "y0": float(start[1]),
        "steps": float(DEFAULT_STEPS),
        "opt": list(DEFAULT_OPTIMIZERS),
        "same_lr": True,
        "lr": f"{DEFAULT_LR:g}",
        "noise": 0.0,
        "seed": 0.0,
        "momentum_lambda": LAMBDA_DEFAULT,
        "nesterov_lambda": LAMBDA_DEFAULT,
        "rmsprop_alpha": 0.9,
        "rmsprop_init": next(iter(RMSPROP_INITS)),
        "adam_beta1": 0.9,
        "adam_beta2": 0.999,
    }
    values |= {f"{name}_lr": f"{DEFAULT_LR:g}" for name in optimizers.names()}
    return values | {f"{name}_eps": f"{eps:g}" for name, eps in EPS_DEFAULTS.items()}


def active_keys(state) -> set[str]:
    """The fields whose controls are on the page for this state (the others do not shape the run)."""
    names = list(state.get("opt", DEFAULT_OPTIMIZERS))
    keys = {"surface", "x0", "y0", "steps", "opt", "same_lr", "noise", "seed"}
    keys |= {"kappa"} if state.get("surface") == "bowl" else set()
    keys |= {"formula", "span"} if state.get("surface") == CUSTOM else set()
    keys |= {"lr"} if state.get("same_lr", True) else {f"{n}_lr" for n in names}
    keys |= {f"{n}_lambda" for n in names if n in ("momentum", "nesterov")}
    keys |= {"rmsprop_alpha", "rmsprop_init"} if "rmsprop" in names else set()
    keys |= {"adam_beta1", "adam_beta2"} if "adam" in names else set()
    return keys | {f"{n}_eps" for n in names if n in EPS_DEFAULTS}


def url_notes(query_params) -> list[str]:
    """Notes for this lab's URL fields that hold garbage (their widgets then fall back to their defaults)."""
    return notes_for(fields(), query_params)


def seed_from_url() -> None:
    """Before the controls are drawn: a link's usable values, then the defaults, into the widgets' state."""
    seed_state(fields(), st.query_params, st.session_state)
    for key, value in defaults().items():
        if key not in ("x0", "y0"):  # the start is the surface's own: seeded once the surface is known
            st.session_state.setdefault(key, value)


def lab_params() -> list[tuple[str, str]]:
    """The URL parameters of the setup on screen: the address bar and the Share link both say these."""
    return url_params(fields(), st.session_state, active_keys(st.session_state))


def write_address_bar() -> None:
    """After the controls are drawn: the address bar holds exactly this lab's setup (and keeps ``lang``,
    ``present`` and anything else that is not one of this lab's fields)."""
    ours = {f.key for f in fields()}
    wanted: dict[str, list[str]] = {}
    for key, word in lab_params():
        wanted.setdefault(key, []).append(word)
    for key in st.query_params:
        if key not in ours:
            wanted[key] = st.query_params.get_all(key)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict({k: v[0] if len(v) == 1 else v for k, v in wanted.items()})


def _init_start(surface: surfaces.Surface) -> None:
    """Seed the start inputs once: from a valid URL value (already seeded), else the surface's start."""
    for key, value in zip(("x0", "y0"), surface.start):
        st.session_state.setdefault(key, float(value))


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
        on_change=reset_start,
    )
    name = st.session_state["surface"]
    error = None
    if name == "bowl":
        st.number_input(
            t("ctl.kappa"),
            1.0,
            1000.0,
            step=1.0,
            key="kappa",
            on_change=reset_start,
            help=t("ctl.kappa_help"),
        )
    if name == CUSTOM:
        st.text_input(
            t("ctl.formula"),
            max_chars=300,
            key="formula",
            help=t("ctl.formula_help"),
            live="600ms",
        )
        error_slot = st.empty()
        st.number_input(
            t("ctl.span"),
            0.1,
            100.0,
            step=0.5,
            key="span",
            on_change=reset_start,
        )
    choice = surface_choice_from_state()
    try:
        surface = choice.build()
    except ValueError as exc:  # surfaces.FormulaError is a ValueError: worded from its code, in the language
        error = error_text(exc, current_language())
        error_slot.error(f"{escape_markdown(error)}\n\n{t('ctl.formula_fallback')}", icon="⚠️")
        choice = SurfaceChoice(DEFAULT_SURFACE)
        surface = choice.build()
    return choice, surface, error


def start_controls(surface: surfaces.Surface) -> tuple[float, float]:
    _init_start(surface)
    (x0, x1), (y0, y1) = surface.domain
    c1, c2 = st.columns(2)
    c1.number_input(t("ctl.start_x"), -1e4, 1e4, key="x0", format="%.3f", step=0.1)
    c2.number_input(t("ctl.start_y"), -1e4, 1e4, key="y0", format="%.3f", step=0.1)
    st.caption(t("ctl.start_caption"))
    return float(st.session_state["x0"]), float(st.session_state["y0"])


def _lr_slider(label: str, key: str) -> float:
    choice = st.select_slider(
        label,
        [f"{v:g}" for v in LR_CHOICES],
        key=key,
        help=t("ctl.lr_help"),
    )
    return float(choice)


def optimizer_controls() -> tuple[tuple[str, tuple[tuple[str, object], ...]], ...]:
    """Which optimizers race and their hyperparameters, with the lecture's names."""
    names = st.multiselect(
        t("ctl.optimizers"),
        optimizers.names(),
        format_func=OPTIMIZER_LABELS.get,
        key="opt",
    )
    same = st.toggle(t("ctl.same_lr"), key="same_lr")
    shared_lr = _lr_slider(t("ctl.lr_all"), "lr") if same else None
    chosen = []
    for name in names:
        with st.expander(OPTIMIZER_LABELS[name], expanded=False):
            hyper = {"lr": shared_lr if same else _lr_slider(t("ctl.lr"), f"{name}_lr")}
            if name in ("momentum", "nesterov"):
                hyper["momentum"] = st.slider(t("ctl.lambda"), 0.0, 0.99, step=0.01, key=f"{name}_lambda")
            if name == "rmsprop":
                hyper["alpha"] = st.slider(
                    t("ctl.alpha"), 0.0, 0.999, step=0.001, format="%.3f", key="rmsprop_alpha"
                )
                init = st.radio(
                    t("ctl.rmsprop_init"),
                    list(RMSPROP_INITS),
                    # labels in the page's language; the URL keeps the words lecture, zeros
                    format_func={word: t(f"net.opt.{word}") for word in RMSPROP_INITS}.get,
                    key="rmsprop_init",
                    horizontal=True,
                    help=t("ctl.rmsprop_init_help"),
                )
                hyper["init"] = RMSPROP_INITS[init]
            if name == "adam":
                hyper["beta1"] = st.slider(
                    t("ctl.beta1"), 0.0, 0.999, step=0.001, format="%.3f", key="adam_beta1"
                )
                hyper["beta2"] = st.slider(
                    t("ctl.beta2"), 0.0, 0.9999, step=0.0001, format="%.4f", key="adam_beta2"
                )
            if name in EPS_DEFAULTS:
                hyper["eps"] = float(
                    st.select_slider(t("ctl.eps"), [f"{v:g}" for v in EPS_CHOICES], key=f"{name}_eps")
                )
            if same and name == "sgd":  # the only optimizer with no control of its own
                st.caption(t("ctl.shared_lr_note"))
            chosen.append((name, tuple(sorted(hyper.items()))))
    return tuple(chosen)


def run_controls() -> tuple[int, float, int]:
    # Whole numbers held as floats: Streamlit's URL binding of an integer input crashes on ?steps=inf
    # (OverflowError in its deserializer); a float input reads inf and falls back to its default.
    steps = st.number_input(t("ctl.steps"), 10.0, 5000.0, step=50.0, format="%.0f", key="steps")
    noise = st.number_input(t("ctl.noise"), 0.0, 100.0, step=0.1, key="noise", help=t("ctl.noise_help"))
    seed = st.number_input(t("ctl.seed"), 0.0, float(2**31 - 1), step=1.0, format="%.0f", key="seed")
    return int(round(steps)), float(noise), int(round(seed))


def share_url(base: str | None) -> str:
    """The address of the current setup: the same parameters the address bar holds, plus the language."""
    params = lab_params()
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
    seed_from_url()
    with st.sidebar:
        st.subheader(t("ctl.surface_header"))
        choice, surface, error = surface_controls()
        st.subheader(t("ctl.start_header"))
        start = start_controls(surface)
        st.subheader(t("ctl.optimizers_header"))
        chosen = optimizer_controls()
        st.subheader(t("ctl.run_header"))
        steps, noise, seed = run_controls()
    write_address_bar()
    return RaceSetup(choice, start, steps, chosen, noise, seed), surface, error
