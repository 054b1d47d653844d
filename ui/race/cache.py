"""The optimizer lab's engine calls, each a bounded cache over a pure function (shared by the lab and the
lessons; caches hold at most ``max_entries`` results so a hosted server's memory stays flat).

The heavy ones take this rerun's budget as ``_work`` (ui/budget.py; not part of the cache key) and draw
their estimated cost (ui/race/cost.py) from it in their body, which runs only on a cache miss: a cached
result costs nothing, and work that does not fit raises OverBudget before it starts (nothing is cached).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from engine import optimizers
from ui import presentation
from ui.budget import CACHE_SECONDS, Work, draw
from ui.chart_kit import on_canvas, without_mark_descriptions
from ui.i18n import current_language
from ui.presentation_style import (
    LINE_SCALE,
    MIN_FONT,
    PRESENT_SURFACE_SIZE,
    projector_style,
)
from ui.race import charts, cost, explain_charts, linked_panels, stability_charts, surface_charts
from ui.race.gif import race_gif
from ui.race.model import (
    RaceSetup,
    Run,
    SurfaceChoice,
    basin_map,
    learning_rate_sweep,
    race_result,
    run_key,
    simulate_runs,
)
from ui.race.picture import background, colour_key, contour_lines
from ui.vocab import OPTIMIZER_COLOURS


def layout_dict(chart: alt.TopLevelMixin, projector: bool) -> dict:
    """A chart's Vega-Lite dict as the page sends it: projector-sized when presenting, and without its
    marks' screen-reader descriptions, which the browser would compute for every point on every change
    (ui/chart_kit.without_mark_descriptions)."""
    return without_mark_descriptions((projector_style(chart) if projector else chart).to_dict(validate=False))


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def surface_picture(choice: SurfaceChoice) -> tuple[str, pd.DataFrame, dict]:
    """The surface's log-coloured PNG (data URL), contour lines and colour key, from one evaluation of L on
    the picture's grid (it was evaluated twice, once more for the key)."""
    xs, ys, values = choice.build().grid(150)
    return background(xs, ys, values), contour_lines(xs, ys, values), colour_key(values)


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def surface_hover(choice: SurfaceChoice, lang: str) -> pd.DataFrame:
    """L(x, y) on the click grid, written out for the hover tooltip."""
    surface = choice.build()
    return surface_charts.hover_grid(surface.domain, surface.f, lang=lang)


@st.cache_data(max_entries=64, ttl=CACHE_SECONDS, show_spinner=False)
def cached_divergence(
    choice: SurfaceChoice, name: str, hyper: tuple, points, step: int, steps: int, _work: Work | None = None
):
    """Why a run diverged and a safe η (ui.suggested.explain_divergence, whose safe-η search runs sweeps):
    computed once per run, not on every rerun of the page; bounded, and shared by the sessions safely."""
    from ui.race import suggested

    surface = choice.build()
    draw(_work, cost.divergence_seconds(steps, surface.grad_size))
    return suggested.explain_divergence(surface, name, dict(hyper), points, step, steps)


class NotRacedYet(Exception):
    """This race has no result in the cache."""


@st.cache_data(max_entries=64, ttl=CACHE_SECONDS, show_spinner=False)
def stored_race(setup: RaceSetup, _fresh=None):
    """The race of ``setup``; cached_race runs it on a miss (outside any cached function, so that its progress
    bar is not recorded and replayed with the result) and files it here."""
    if _fresh is None:
        raise NotRacedYet
    return _fresh


@st.cache_data(max_entries=128, ttl=CACHE_SECONDS, show_spinner=False)
def stored_run(key: tuple, _fresh=None):
    """One optimizer's run (model.Run) by its ``model.run_key``, filed as stored_race files a race: a race
    that adds, drops or retunes one optimizer simulates only that one. At most 128 runs (a 5000-step run is
    ≈ 0.32 MB pickled: 41 MB at the most)."""
    if _fresh is None:
        raise NotRacedYet
    return _fresh


def known_runs(setup: RaceSetup) -> dict[tuple, Run]:
    """The optimizers of ``setup`` already simulated, by their (name, hyper items) pairs."""
    known = {}
    for optimizer in setup.optimizers:
        with contextlib.suppress(NotRacedYet):
            known[optimizer] = stored_run(run_key(setup, optimizer))
    return known


def cached_race(setup: RaceSetup, _work: Work | None = None, progress=None):
    """The race of ``setup``, from the cache or run now: the optimizers not simulated before (their cost
    drawn from ``_work`` first; ``progress`` hears their steps done: its Streamlit calls are where a new
    input from the student stops the run), the others' runs reused."""
    try:
        return stored_race(setup)
    except NotRacedYet:
        pass
    known = known_runs(setup)
    missing = tuple(optimizer for optimizer in setup.optimizers if optimizer not in known)
    if missing:
        draw(_work, cost.race_seconds(replace(setup, optimizers=missing), setup.surface.build().grad_size))
    runs = simulate_runs(
        setup, progress, known, lambda optimizer, run: stored_run(run_key(setup, optimizer), run)
    )
    return stored_race(setup, race_result(setup, runs))


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def cached_sweep(
    choice: SurfaceChoice, optimizers: tuple, start: tuple, steps: int, _work: Work | None = None
) -> pd.DataFrame:
    draw(_work, cost.sweep_seconds(len(optimizers), steps, choice.build().grad_size))
    return learning_rate_sweep(choice, [n for n, _ in optimizers], [h for _, h in optimizers], start, steps)


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def cached_basins(
    choice: SurfaceChoice, name: str, hyper: tuple, steps: int, _work: Work | None = None
) -> pd.DataFrame:
    draw(_work, cost.basin_seconds(steps, choice.build().grad_size))
    return basin_map(choice, name, hyper, steps)


def cached_gif(
    setup: RaceSetup, lang: str | None = None, frames: int = 200, work: Work | None = None
) -> bytes:
    """The race as an animated GIF (surface, contours, growing paths, legend), its step counter in ``lang``
    (None: the session's language). The language is part of the cache key: a GIF made in one language is
    not served in the other."""
    return _gif(setup, current_language() if lang is None else lang, frames, _work=work)


@st.cache_data(max_entries=4, ttl=CACHE_SECONDS, show_spinner=False)
def _gif(setup: RaceSetup, lang: str, frames: int = 200, _work: Work | None = None) -> bytes:
    draw(_work, cost.gif_seconds(len(setup.optimizers), setup.steps, frames))
    surface = setup.surface.build()
    xs, ys, values = surface.grid(150)
    paths = {
        name: frame[["x", "y"]].to_numpy()
        for name, frame in cached_race(setup).full_paths.groupby("optimizer", sort=False)
    }
    colours = {name: OPTIMIZER_COLOURS[name] for name in paths}
    return race_gif(
        values, contour_lines(xs, ys, values), surface.domain, paths, colours, frames=frames, lang=lang
    )


# Chart specs are cached too. A race view is two layouts, built with Altair (~0.1–0.2 s each) once per plot
# shape, loss axis, language and screen, and its datasets: the surface's (once per surface) and the race's
# (a few ms per race), as Arrow bytes made here once, not by Streamlit on each rerun. Every race on every
# surface of one shape has the same two specs, so its datasets replace the old ones in the charts the
# browser has (Streamlit builds a chart anew only when its spec changed).


# Columns sent at full precision: the paths' coordinates (a start typed as −3.7 is drawn at −3.7, and the
# tests compare it exactly). Every other number goes as float32 or int32: seven digits are more than any
# axis, tooltip (4 digits) or pixel needs, and each change sends half the bytes.
FULL_PRECISION = {charts.RACE_PATHS: ("x", "y"), charts.RACE_START: ("x", "y")}


def compact(frame: pd.DataFrame, keep=()) -> pd.DataFrame:
    """``frame`` with its float64 columns as float32 and int64 as int32, but those in ``keep``."""
    types = {}
    for column, kind in frame.dtypes.items():
        if column not in keep and kind == "float64":
            types[column] = "float32"
        elif column not in keep and kind == "int64":
            types[column] = "int32"
    return frame.astype(types) if types else frame


def arrow_datasets(frames: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """Named frames as the Arrow IPC bytes st.vega_lite_chart sends (``compact``: numbers as 32 bits)."""
    return {
        name: dataframe_util.convert_anything_to_arrow_bytes(compact(frame, FULL_PRECISION.get(name, ())))
        for name, frame in frames.items()
    }


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def surface_datasets(choice: SurfaceChoice, lang: str) -> tuple[dict[str, bytes], tuple, dict]:
    """One surface's datasets in the race chart (picture, contours, minima, click grid with L, colour-bar
    stops) as Arrow bytes, with its domain and colour key (what the chart's layout depends on)."""
    surface = choice.build()
    image, contours, key = surface_picture(choice)
    hover = surface_hover(choice, lang)
    frames = surface_charts.surface_data(surface.domain, image, contours, surface.minima, hover, key, lang)
    return arrow_datasets(frames), surface.domain, key


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def race_layout(plot: tuple[int, int], colours: tuple, masked: bool, lang: str, projector: bool) -> dict:
    """The race chart's layout (ui/race/charts.py): the same for every race on every surface whose plot has
    this size and colour bar, so a new surface's data and race are swapped into the chart the browser has."""
    chart = charts.race_layout(plot, lang, LINE_SCALE if projector else 1.0, colours=colours, masked=masked)
    return on_canvas(layout_dict(chart, projector))


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def race_specs(setup: RaceSetup, lang: str, projector: bool, explain: tuple = ()) -> tuple[dict, dict, bool]:
    """The race view's pictures: the Vega-Lite spec of the surface with the paths (and the arrows of the
    optimizers in ``explain``), the linked panels' data (ui/race/linked_panels.py, drawn on a canvas); and
    whether the linked panels mark a series that left their range."""
    result = cached_race(setup)
    names = tuple(name for name, _ in setup.optimizers)
    surface_data, domain, key = surface_datasets(setup.surface, lang)
    size = PRESENT_SURFACE_SIZE if projector else surface_charts.SURFACE_SIZE
    race = race_layout(*surface_charts.layout_key(domain, key, size), lang, projector)
    arrows = explain_charts.arrow_data(result.explain, list(explain))
    race_data = charts.race_data(result.paths, setup.start, list(names), lang, arrows)
    linked = linked_panels.panels_data(
        result.series, setup.steps, bool(result.has_minimum), lang, result.diverged, projector
    )
    return (
        {**race, "datasets": {**surface_data, **arrow_datasets(race_data)}},
        linked,
        len(linked["marks"]) > 0,
    )


def race_hypers(setup: RaceSetup) -> dict[str, dict]:
    """Each racing optimizer's full hyperparameters (its defaults for those the setup does not set)."""
    return {name: optimizers.make(name, **dict(hyper)).hyper for name, hyper in setup.optimizers}


@st.cache_data(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def memory_layout(lang: str, projector: bool) -> dict:
    """Momentum's memory bars' layout (one for every race)."""
    every = charts.palette()
    colour = alt.Color("optimizer:N", scale=charts.optimizer_colour_scale(every), legend=None)
    chart = explain_charts.memory_layout(lang, LINE_SCALE if projector else 1.0, colour)
    return layout_dict(chart, projector)


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def explain_specs(setup: RaceSetup, explain: tuple, lang: str, projector: bool) -> tuple[dict, dict | None]:
    """The explained optimizers' rules to be written with their numbers (explain_charts.rule_data, for
    ui/race/explain_rule.py) and momentum's memory (None: no momentum optimizer explained): its layout
    with this race's datasets."""
    result = cached_race(setup)
    hypers = race_hypers(setup)
    diverged = dict(zip(result.table.optimizer, result.table.diverged_at))
    noisy = setup.noise > 0
    rules = explain_charts.rule_data(result.explain, list(explain), hypers, diverged, noisy, lang, projector)
    last = {block_name: block["last"] for block_name, block in zip(explain, rules["blocks"])}
    memory = explain_charts.memory_data(list(explain), hypers, last)
    if not len(memory):
        return rules, None
    names = explain_charts.names_data(list(explain), hypers, last)
    frames = {explain_charts.EXPLAIN_NAMES: names, explain_charts.EXPLAIN_MEMORY: memory}
    return rules, {**memory_layout(lang, projector), "datasets": arrow_datasets(frames)}


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def surface_spec(choice: SurfaceChoice, start: tuple[float, float], lang: str, projector: bool) -> dict:
    """The surface alone with the click layer: what the page shows when the race cannot run there."""
    surface = choice.build()
    image, contours, key = surface_picture(choice)
    hover = surface_hover(choice, lang)
    chart = surface_charts.surface_chart(
        surface.domain,
        image,
        contours,
        surface.minima,
        start,
        hover=hover,
        key=key,
        size=PRESENT_SURFACE_SIZE if projector else surface_charts.SURFACE_SIZE,
        lang=lang,
    )
    return layout_dict(chart, projector)


def sweep_spec(
    choice: SurfaceChoice, optimizers: tuple, start: tuple, steps: int, lang: str, work: Work | None = None
) -> dict:
    """Final loss vs η for each optimizer, the η in use marked (projector-sized when presenting)."""
    return _sweep_spec(choice, optimizers, start, steps, lang, presentation.presenting(), _work=work)


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def _sweep_spec(
    choice, optimizers: tuple, start: tuple, steps: int, lang: str, projector: bool, _work: Work | None = None
) -> dict:
    data = cached_sweep(choice, optimizers, start, steps, _work=_work)
    current = {name: dict(hyper)["lr"] for name, hyper in optimizers}
    size = {"width": 900, "height": 460} if projector else {}  # a projector: big enough for 20 px text
    chart = charts.sweep_chart(data, current, [n for n, _ in optimizers], lang=lang, **size)
    rules = stability_charts.bound_rules(choice.build(), start, optimizers, lang)
    font = MIN_FONT if projector else 11
    chart = stability_charts.with_bound_rules(chart, rules, [n for n, _ in optimizers], lang, font)
    return layout_dict(chart, projector)


def basin_spec(
    choice: SurfaceChoice, name: str, hyper: tuple, steps: int, lang: str, work: Work | None = None
) -> dict:
    """The basin map of one optimizer over the surface picture (projector-sized when presenting)."""
    return _basin_spec(choice, name, hyper, steps, lang, presentation.presenting(), _work=work)


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def _basin_spec(
    choice, name: str, hyper: tuple, steps: int, lang: str, projector: bool, _work: Work | None = None
) -> dict:
    surface = choice.build()
    image, _, _ = surface_picture(choice)
    data = cached_basins(choice, name, hyper, steps, _work=_work)
    size = PRESENT_SURFACE_SIZE if projector else 420
    chart = surface_charts.basin_chart(surface.domain, image, data, surface.minima, size=size, lang=lang)
    return layout_dict(chart, projector)
