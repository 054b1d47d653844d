"""The optimizer lab's URL: one table of fields that gives every control its range, default and URL word.

Both ways go through it (ui/url.py): a shared link's good values seed session state before the controls are
drawn; after them, the address bar is written from session state, and the Share link and the lessons' "open
in the lab" links are the same list, so they cannot disagree. A bad value loads that field's default and a
short note. The optimizers' own controls (λ, α, σ⁰, β₁, β₂, ε) come from the engine's registry through
ui/widgets.py, under keys ``<optimizer>_<word>`` (e.g. ``rmsprop_alpha``).
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import numpy as np
import streamlit as st

import surfaces
from engine import optimizers
from ui import url, widgets
from ui.race.model import RaceSetup
from ui.vocab import OPTIMIZER_LABELS, SURFACE_LABELS

DEFAULT_SURFACE = "plateau"
DEFAULT_OPTIMIZERS = ["sgd", "momentum", "adagrad", "rmsprop"]
DEFAULT_STEPS = 300
DEFAULT_LR = 0.1
EXPLAIN_NONE, EXPLAIN_ALL = "none", "all"  # the explain control's choices besides one optimizer
EXPLAIN_CHOICES = (EXPLAIN_NONE, EXPLAIN_ALL)
DEFAULT_EXPLAIN = "rmsprop"  # or, when it is not racing, the last optimizer racing
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
LR_WORDS = tuple(f"{v:g}" for v in LR_CHOICES)


def hyper_key(name: str, control: widgets.HyperControl) -> str:
    """The key (and URL parameter) of optimizer ``name``'s control: ``momentum_lambda``, ``adam_eps``."""
    return f"{name}_{control.word}"


def surface_titles() -> dict[str, str]:
    """Surface name → its short label in the picker, which is also what the URL says (plain ASCII)."""
    labels = {name: SURFACE_LABELS[name] for name in surfaces.names()}
    return labels | {CUSTOM: CUSTOM_TITLE}


def fields() -> list[url.Field]:
    """The lab's URL: one field per control, in the order the address bar lists them."""
    surface_words = tuple(surface_titles().items())
    optimizer_words = tuple((n, OPTIMIZER_LABELS[n]) for n in optimizers.names())
    table = [
        url.Field("surface", "choice", options=tuple(w for _, w in surface_words), words=surface_words),
        url.Field("kappa", "float", 1.0, 1000.0),
        url.Field("formula", "text"),
        url.Field("span", "float", 0.1, 100.0),
        url.Field("x0", "float", -1e4, 1e4),
        url.Field("y0", "float", -1e4, 1e4),
        url.Field("steps", "int", 10, 5000),
        url.Field("opt", "choices", options=tuple(w for _, w in optimizer_words), words=optimizer_words),
        url.Field("same_lr", "bool"),
        url.Field("lr", "choice", options=LR_WORDS),
        url.Field("noise", "float", 0.0, 100.0),
        url.Field("seed", "int", 0, 2**31 - 1),
        url.Field(
            "explain",
            "choice",
            options=(*EXPLAIN_CHOICES, *(w for _, w in optimizer_words)),
            words=optimizer_words,
        ),
    ]
    table += [url.Field(f"{name}_lr", "choice", options=LR_WORDS) for name in optimizers.names()]
    table += widgets.schedule_fields()
    table += [
        field for name in optimizers.names() for field in widgets.schedule_fields(schedule_prefix(name))
    ]
    return table + widgets.hyper_fields(hyper_key)


def schedule_prefix(name: str | None) -> str:
    """The keys of the shared schedule control (``sched``, ``sched_gamma``…: name None) or of optimizer
    ``name``'s own, when η is not shared (``sgd_sched``…)."""
    return "" if name is None else f"{name}_"


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
        "explain": DEFAULT_EXPLAIN,
    }
    values |= {f"{name}_lr": f"{DEFAULT_LR:g}" for name in optimizers.names()}
    values |= widgets.schedule_defaults()
    for name in optimizers.names():
        values |= widgets.schedule_defaults(schedule_prefix(name))
    return values | widgets.hyper_defaults(hyper_key)


def active_keys(state) -> set[str]:
    """The fields whose controls are on the page for this state (the others do not shape the run)."""
    names = list(state.get("opt", DEFAULT_OPTIMIZERS))
    keys = {"surface", "x0", "y0", "steps", "opt", "same_lr", "noise", "seed", "explain"}
    keys |= {"kappa"} if state.get("surface") == "bowl" else set()
    keys |= {"formula", "span"} if state.get("surface") == CUSTOM else set()
    if state.get("same_lr", True):
        keys |= {"lr"} | widgets.schedule_active_keys("", state)
    else:
        keys |= {f"{n}_lr" for n in names}
        for n in names:
            keys |= widgets.schedule_active_keys(schedule_prefix(n), state)
    return keys | widgets.hyper_keys(hyper_key, names)


def explained(value, racing: list[str]) -> tuple[str, ...]:
    """The optimizers whose step is explained, for the explain control's ``value`` and those ``racing``:
    none, all of them, the one chosen, or (when the one chosen is not racing) the last of them."""
    if value == EXPLAIN_NONE or not racing:
        return ()
    if value == EXPLAIN_ALL:
        return tuple(racing)
    return (value,) if value in racing else (racing[-1],)


def url_notes(query_params) -> list[str]:
    """Notes for this lab's URL fields that hold garbage (their widgets then fall back to their defaults)."""
    return url.url_notes(fields(), query_params)


def seed_from_url() -> None:
    """Before the controls are drawn: a link's usable values, then the defaults, into the widgets' state."""
    url.seed_state(fields(), st.query_params, st.session_state)
    for key, value in defaults().items():
        if key not in ("x0", "y0"):  # the start is the surface's own: seeded once the surface is known
            st.session_state.setdefault(key, value)


def lab_params() -> list[tuple[str, str]]:
    """The URL parameters of the setup on screen: the address bar and the Share link both say these."""
    return url.url_params(fields(), st.session_state, active_keys(st.session_state))


def write_address_bar() -> None:
    """After the controls are drawn: the address bar holds exactly this lab's setup."""
    url.write_address_bar(fields(), lab_params(), st.query_params)


def share_url(base: str | None) -> str:
    """The address of the current setup: the same parameters the address bar holds, plus the language."""
    params = lab_params()
    if st.session_state.get("lang", "en") != "en":
        params.append(("lang", st.session_state["lang"]))
    base = base or ""
    return f"{base}{'' if base.endswith('/') else '/'}?{urlencode(params)}"


def setup_state(setup: RaceSetup) -> dict:
    """The widget values that show ``setup`` (each optimizer with its own η)."""
    choice = setup.surface
    state = {
        "surface": choice.name,
        "x0": float(setup.start[0]),
        "y0": float(setup.start[1]),
        "steps": float(setup.steps),
        "opt": [name for name, _ in setup.optimizers],
        "same_lr": False,
        "noise": float(setup.noise),
        "seed": float(setup.seed),
    }
    if choice.name == "bowl":
        state["kappa"] = float(dict(choice.params)["condition"])
    if choice.name == CUSTOM:
        state |= {"formula": choice.formula, "span": float(choice.domain[0][1])}
    for name, hyper in setup.optimizers:
        state[f"{name}_lr"] = f"{dict(hyper)['lr']:g}"
        state |= widgets.hyper_state(name, hyper_key, hyper)
        state |= widgets.schedule_state(schedule_prefix(name), dict(hyper).get("schedule"))
    return state


def setup_params(setup: RaceSetup) -> list[tuple[str, str]]:
    """The URL parameters that open the lab with exactly ``setup``: the table's words for ``setup_state``.

    Learning rates and ε must be on the lab's grids (LR_CHOICES, widgets.EPS_CHOICES) to be restored exactly.
    """
    state = setup_state(setup)
    return url.url_params(fields(), state, active_keys(state))
