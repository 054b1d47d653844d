"""The optimizer lab's sidebar: the widgets, each keyed by its field in ui/race/fields.py (its URL parameter).

The widgets take no values of their own: ``sidebar`` seeds session state from the link and the defaults
first, and writes the address bar from it after the last widget.
"""

from __future__ import annotations

import streamlit as st

import surfaces
from engine import optimizers
from ui import widgets
from ui.i18n import current_language, error_text, escape_markdown, t
from ui.race import stability_view, suggested
from ui.race.fields import (
    CUSTOM,
    DEFAULT_FORMULA,
    DEFAULT_STEPS,
    DEFAULT_SURFACE,
    LR_WORDS,
    hyper_key,
    schedule_prefix,
    seed_from_url,
    surface_titles,
    write_address_bar,
)
from ui.race.model import RaceSetup, SurfaceChoice
from ui.vocab import OPTIMIZER_LABELS


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
        list(LR_WORDS),
        key=key,
        help=t("ctl.lr_help"),
    )
    return float(choice)


def optimizer_controls() -> tuple[tuple[str, tuple[tuple[str, object], ...]], ...]:
    """Which optimizers race and their hyperparameters, with the lecture's names. A schedule other than a
    constant η joins them as ``schedule`` (one shared with the shared η, else one per optimizer)."""
    names = st.multiselect(
        t("ctl.optimizers"),
        optimizers.names(),
        format_func=OPTIMIZER_LABELS.get,
        key="opt",
    )
    steps = int(round(float(st.session_state.get("steps", DEFAULT_STEPS))))  # a cosine's length
    lang = current_language()
    same = st.toggle(t("ctl.same_lr"), key="same_lr")
    shared_lr = _lr_slider(t("ctl.lr_all"), "lr") if same else None
    shared_schedule = widgets.schedule_controls(schedule_prefix(None), steps) if same else None
    if same and names and not shared_schedule.is_constant:
        stability_view.schedule_chart(
            ((names[0], (("lr", shared_lr), ("schedule", shared_schedule))),), steps, lang
        )
    chosen = []
    for name in names:
        with st.expander(OPTIMIZER_LABELS[name], expanded=False):
            hyper = {"lr": shared_lr if same else _lr_slider(t("ctl.lr"), f"{name}_lr")}
            schedule = shared_schedule if same else widgets.schedule_controls(schedule_prefix(name), steps)
            if not schedule.is_constant:
                hyper["schedule"] = schedule
            if not same:
                stability_view.schedule_chart(((name, tuple(sorted(hyper.items()))),), steps, lang)
            hyper |= widgets.hyper_controls(name, hyper_key)
            if same and not widgets.controls_of(name):  # nothing of its own to set here
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
