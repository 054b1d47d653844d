"""The optimizer lab's engine calls, each a bounded cache over a pure function (shared by the lab and the
lessons; caches hold at most ``max_entries`` results so a hosted server's memory stays flat)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.charts import OPTIMIZER_COLOURS, OPTIMIZER_LABELS
from ui.gif_export import race_gif
from ui.race import RaceSetup, SurfaceChoice, basin_map, learning_rate_sweep, run_race
from ui.surface_render import background, contour_lines


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


@st.cache_data(max_entries=4, show_spinner=False)
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
