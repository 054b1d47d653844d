"""The optimizer lab: watch SGD, Momentum, Adagrad and RMSProp race on a loss surface.

Reads like the screen: controls → one cached engine call → charts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import surfaces
from ui import charts, lab_controls
from ui.charts import OPTIMIZER_COLOURS, OPTIMIZER_LABELS
from ui.gif_export import race_gif
from ui.player import player
from ui.race import RaceSetup, SurfaceChoice, basin_map, learning_rate_sweep, run_race
from ui.surface_render import background, contour_lines
from ui.text import UPDATE_RULES, escape_markdown

SWEEP_STEPS = 300


@st.cache_data(max_entries=32, show_spinner=False)
def surface_picture(choice: SurfaceChoice) -> tuple[str, pd.DataFrame]:
    """The surface's log-coloured PNG (data URL) and contour lines."""
    xs, ys, values = choice.build().grid(150)
    return background(xs, ys, values), contour_lines(xs, ys, values)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_race(setup: RaceSetup):
    return run_race(setup)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_sweep(choice: SurfaceChoice, optimizers: tuple, start: tuple, steps: int) -> pd.DataFrame:
    return learning_rate_sweep(choice, [n for n, _ in optimizers], [h for _, h in optimizers], start, steps)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_basins(choice: SurfaceChoice, name: str, hyper: tuple, steps: int) -> pd.DataFrame:
    return basin_map(choice, name, hyper, steps)


@st.cache_data(max_entries=4, show_spinner="Drawing 200 frames…")
def cached_gif(setup: RaceSetup) -> bytes:
    """The race as an animated GIF (surface, contours, growing paths, legend)."""
    surface = setup.surface.build()
    xs, ys, values = surface.grid(150)
    paths = {
        label: frame[["x", "y"]].to_numpy()
        for label, frame in cached_race(setup).full_paths.groupby("optimizer", sort=False)
    }
    colours = {OPTIMIZER_LABELS[n]: OPTIMIZER_COLOURS[n] for n, _ in setup.optimizers}
    return race_gif(values, contour_lines(xs, ys, values), surface.domain, paths, colours)


def set_start_from_click(chart_key: str) -> None:
    """The click layer's selection → the start inputs (runs before the rerun, so widgets can be set)."""
    event = st.session_state.get(chart_key) or {}
    picked = (event.get("selection") or {}).get("pick") or []
    if picked:
        st.session_state["x0"] = round(float(picked[0]["x"]), 3)
        st.session_state["y0"] = round(float(picked[0]["y"]), 3)


def reset_zoom() -> None:
    st.session_state["zoom_resets"] = st.session_state.get("zoom_resets", 0) + 1


def header(surface: surfaces.Surface) -> None:
    st.title("Optimizer lab")
    st.markdown(f"**{escape_markdown(surface.title)}**: {escape_markdown(surface.teaches)}")
    st.latex(f"L(x, y) = {surface.latex}")
    if surface.grad_latex:
        with st.expander("Gradient ∇L"):
            st.latex(rf"\nabla L = {surface.grad_latex}")


def race_view(setup: RaceSetup, surface: surfaces.Surface, result, names: list[str]) -> None:
    image, contours = surface_picture(setup.surface)
    player(setup.steps, setup.steps, key="player")
    left, right = st.columns([1.45, 1], gap="small")
    with left:
        chart = charts.race_chart(
            surface.domain, image, contours, surface.minima, result.paths, setup.start, names, setup.steps
        )
        chart_key = f"race_chart_{st.session_state.get('zoom_resets', 0)}"
        st.altair_chart(
            chart,
            key=chart_key,
            on_select=lambda: set_start_from_click(chart_key),
            selection_mode="pick",
            width="stretch",
        )
        st.button(
            "Reset zoom",
            on_click=reset_zoom,
            help="Scroll on the surface to zoom in and out.",
            type="tertiary",
        )
    with right:
        st.altair_chart(
            charts.linked_charts(result.series, names, setup.steps, result.has_minimum),
            key="linked_charts",
            width="content",
        )
        st.caption(
            "Loss above the best known value, the η each step really used per coordinate "
            "(solid x, dashed y), and the step length, all on log scales."
        )


def results_table(result) -> None:
    table = result.table.copy()
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "final loss": st.column_config.NumberColumn(format="%.4g"),
            "best loss": st.column_config.NumberColumn(format="%.4g"),
            "steps to tolerance": st.column_config.NumberColumn(help="First step with L − L* ≤ 1e-3"),
            "distance to nearest minimum": st.column_config.NumberColumn(format="%.3g"),
        },
    )
    for row in table.itertuples():
        if row.status != "ok":
            st.warning(f"{row.optimizer} {row.status}: its path stops there. Try a smaller η.", icon="💥")


def update_rules(names: list[str]) -> None:
    for name in names:
        rule, explanation = UPDATE_RULES[name]
        st.markdown(f"**{OPTIMIZER_LABELS[name]}**")
        st.latex(rule)
        st.caption(explanation)


def sweep_view(setup: RaceSetup) -> None:
    st.caption(
        f"Final loss after {SWEEP_STEPS} steps from the current start, for 40 learning rates "
        "(one vectorised run per optimizer). The dot marks the η in use; × marks divergence."
    )
    data = cached_sweep(setup.surface, setup.optimizers, setup.start, min(setup.steps, SWEEP_STEPS))
    current = {OPTIMIZER_LABELS[n]: dict(h)["lr"] for n, h in setup.optimizers}
    names = [n for n, _ in setup.optimizers]
    st.altair_chart(charts.sweep_chart(data, current, names), width="content")


def basin_view(setup: RaceSetup, surface: surfaces.Surface) -> None:
    if len(surface.minima) < 2:
        st.info(
            "This surface has fewer than two known minima: pick Himmelblau, Local minimum or "
            "Styblinski–Tang… to see basins of attraction."
        )
        return
    names = [n for n, _ in setup.optimizers] or ["sgd"]
    name = st.selectbox("Optimizer", names, format_func=OPTIMIZER_LABELS.get, key="basin_opt")
    hyper = dict(setup.optimizers).get(name, (("lr", lab_controls.DEFAULT_LR),))
    data = cached_basins(setup.surface, name, hyper, min(setup.steps, 500))
    image, contours = surface_picture(setup.surface)
    st.altair_chart(charts.basin_chart(surface.domain, image, data, surface.minima), width="content")
    st.caption("Each cell is a start point, coloured by the minimum the optimizer ends within 0.25 of.")


def share_view(setup: RaceSetup, result) -> None:
    st.markdown("The address bar always holds the whole setup. Copy this link to share it:")
    st.code(lab_controls.share_url(st.context.url), language=None, wrap_lines=True)
    if st.button("Make an animated GIF of the race", help="200 frames, drawn on the server; for slides."):
        st.session_state["gif_setup"] = setup
    if st.session_state.get("gif_setup") == setup:
        data = cached_gif(setup)
        st.image(data, width=360)
        st.download_button(
            f"Download the GIF ({len(data) / 1e6:.1f} MB)",
            data,
            file_name="optimizer_race.gif",
            mime="image/gif",
        )
    st.download_button(
        "Download the paths (CSV)",
        result.full_paths.to_csv(index=False).encode(),
        file_name="optimizer_paths.csv",
        mime="text/csv",
    )


def page() -> None:
    notes = lab_controls.url_notes(st.query_params)
    setup, surface, _ = lab_controls.sidebar()
    header(surface)
    if notes:
        listed = "\n".join(f"- {escape_markdown(note)}" for note in notes)
        st.info(
            f"The link had values this lab cannot use; those fields show their defaults:\n{listed}", icon="ℹ️"
        )
    if not setup.optimizers:
        st.info("Choose at least one optimizer in the sidebar.")
        return
    try:
        result = cached_race(setup)
    except ValueError as exc:  # e.g. a start where a custom surface is not finite
        st.error(f"This setup cannot run: {exc}", icon="⚠️")
        return
    names = [n for n, _ in setup.optimizers]
    race_view(setup, surface, result, names)
    results_table(result)
    rules, sweep, basins, share = st.tabs(
        ["Update rules", "Learning-rate sweep", "Basin map", "Share & download"]
    )
    with rules:
        update_rules(names)
    with sweep:
        sweep_view(setup)
    with basins:
        basin_view(setup, surface)
    with share:
        share_view(setup, result)


page()
