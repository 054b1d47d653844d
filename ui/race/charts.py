"""The optimizers' charts: the race (paths over the surface), the linked panels' data beside it and the η
sweep. Pure builders from data to Altair charts, testable without Streamlit.

The race chart has a Vega-Lite parameter ``t`` (the current step) bound to a range input; the player
advances that input in the browser, and the linked panels' own (ui/race/linked_panels.py, a canvas), so
playing costs no server round trip.

The race chart is a layout (a template: scales, marks, legends) and the race's data in named datasets. The
layout depends on the surface, the optimizers racing, the language and the screen, never on the race: the
step range is fixed (STEP_LIMIT). So a change of η, start, steps, noise or seed changes the datasets alone,
and the browser swaps them into the chart it has instead of building a new one (Streamlit replaces a dataset
in place when the spec is the same).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from engine import optimizers
from ui.chart_kit import CASING, labelled, light, off_chart_marks, one_of, value_domain
from ui.i18n import text
from ui.race.explain_charts import EXPLAIN_ARROWS, arrow_data, arrow_layers
from ui.race.steps import STEP_PARAM, step_param
from ui.race.surface_charts import (
    START,
    SURFACE_SIZE,
    frame_axes,
    layout_key,
    start_frame,
    surface_data,
    surface_layout,
)
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

SMALL_HEIGHT = 118  # the linked panels' plot height (ui/race/linked_panels.py)
# The datasets a race fills in (the rest of each chart's data belongs to the surface, in its layout).
RACE_PATHS, RACE_START, RACE_NAMES = "race_paths", START, "race_names"
LINKED_SERIES, LINKED_MARKS, LINKED_RANGES = "linked_series", "linked_marks", "linked_ranges"

# Colours below 3:1 on white (SGD, Momentum, Adagrad) get a dark casing under their lines.
CASED = frozenset(name for name, colour in OPTIMIZER_COLOURS.items() if light(colour))


def cased_labels(names: list[str]) -> list[str]:
    """The labels of those of ``names`` whose colour is light, a spare colour of a name new to ui/vocab too."""
    return [OPTIMIZER_LABELS[n] for n in names if light(OPTIMIZER_COLOURS[n])]


def casing_filter(names: list[str]) -> str:
    """A Vega expression true for the rows of optimizers whose colour needs a casing."""
    return one_of("optimizer", cased_labels(names))


def optimizer_legend(**options) -> alt.Legend:
    """The optimizer legend: symbols outlined dark so the light colours stay visible."""
    return alt.Legend(
        title=None,
        symbolStrokeColor=CASING,
        symbolStrokeWidth=1,
        symbolType="circle",
        **options,
    )


def optimizer_colour_scale(names: list[str]) -> alt.Scale:
    labels = [OPTIMIZER_LABELS[n] for n in names]
    return alt.Scale(domain=labels, range=[OPTIMIZER_COLOURS[n] for n in names])


def palette(names=()) -> list[str]:
    """Every optimizer a race can have (the registry's, then any other of ``names``): the race view's colour
    scales span them all, so that its layout does not change with the optimizers racing."""
    registry = optimizers.names()
    return registry + [name for name in names if name not in registry]


def racing_legend(**options) -> alt.Legend:
    """The optimizer legend of the race chart: the optimizers racing (RACE_NAMES, in their order), four in a
    row (a phone's width), five or six in rows of three."""
    labels = f"pluck(data('{RACE_NAMES}'), 'optimizer')"
    count = f"length(data('{RACE_NAMES}'))"
    return optimizer_legend(
        values=alt.ExprRef(labels), columns=alt.ExprRef(f"{count} <= 4 ? {count} : 3"), **options
    )


def records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def race_chart(
    domain,
    image_url: str,
    contours: pd.DataFrame,
    minima,
    paths: pd.DataFrame,
    start,
    names: list[str],
    steps: int,
    size: int = SURFACE_SIZE,
    lang: str = "en",
    line_scale: float = 1.0,
    hover: pd.DataFrame | None = None,
    key: dict | None = None,
) -> alt.LayerChart:
    """The surface with each optimizer's path up to step t, its head at t, the start, and a click layer.

    ``paths`` has columns optimizer (a name), step, x, y, loss. ``hover`` (from ``hover_grid``) adds
    L(x, y) on hover; ``key`` (``ui.race.picture.colour_key``) adds the colour bar and the grey swatch.
    The race layout (``race_layout``) with the race's data (``race_data``); ``steps`` is the race's length.
    """
    plot, colours, masked = layout_key(domain, key, size)
    chart = race_layout(plot, lang, line_scale, hover is not None, colours, masked, names)
    data = surface_data(domain, image_url, contours, minima, hover, key, lang)
    data |= race_data(paths, start, names, lang)
    chart.datasets = {name: records(frame) for name, frame in data.items()}
    return chart


def race_data(
    paths: pd.DataFrame, start, names: list[str], lang: str = "en", arrows: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The race chart's own datasets: the paths (optimizers as labels), the start, the optimizers racing
    (their labels, in order: the legend's entries) and the explained steps' arrows (``explain_charts.
    arrow_data``; none: an empty table, so that a race explained before is not drawn any more)."""
    return {
        RACE_PATHS: labelled(paths[["optimizer", "step", "x", "y", "loss"]], OPTIMIZER_LABELS, "optimizer"),
        RACE_START: start_frame(start, lang),
        RACE_NAMES: pd.DataFrame({"optimizer": [OPTIMIZER_LABELS[n] for n in names]}),
        EXPLAIN_ARROWS: arrow_data(None, []) if arrows is None else arrows,
    }


def race_layout(
    plot: tuple[int, int],
    lang: str = "en",
    line_scale: float = 1.0,
    hover: bool = True,
    colours=(),
    masked: bool = False,
    names=(),
) -> alt.LayerChart:
    """The race chart without its data: the surface layout (``surface_layout``: picture, contours, colour bar
    with ``colours``, grey swatch if ``masked``, click grid with L on ``hover``) and the path layers, which
    read RACE_PATHS, and the legend, which lists RACE_NAMES. The same for every race on every surface of this
    shape (``names``: optimizers outside the registry that may race, given their colour too)."""
    xs, ys = frame_axes()
    t = step_param()
    colour = alt.Color(
        "optimizer:N", scale=optimizer_colour_scale(palette(names)), legend=racing_legend(orient="bottom")
    )
    base = alt.Chart(alt.NamedData(RACE_PATHS)).transform_filter(f"datum.step <= {STEP_PARAM}")
    tooltip = [
        "optimizer:N",
        "step:Q",
        alt.Tooltip("x:Q", format=".4f"),
        alt.Tooltip("y:Q", format=".4f"),
        alt.Tooltip("loss:Q", format=".4~g"),
    ]
    # A dark halo under each path keeps every colour (yellow too) visible on every part of the surface.
    halo = base.mark_line(
        strokeWidth=2.2 * line_scale + 2, clip=True, color="#222", opacity=0.55, aria=False
    ).encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), detail="optimizer:N", order="step:Q")
    lines = base.mark_line(strokeWidth=2.2 * line_scale, clip=True).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), color=colour, order="step:Q", tooltip=tooltip
    )
    heads = (
        base.transform_joinaggregate(last="max(step)", groupby=["optimizer"])
        .transform_filter("datum.step == datum.last")
        .mark_point(
            size=110 * line_scale**2, filled=True, stroke="black", strokeWidth=1, opacity=1, clip=True
        )
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), color=colour, tooltip=tooltip)
    )
    # RACE_NAMES reaches the browser's view only through a mark that reads it (an invisible one).
    names_mark = alt.Chart(alt.NamedData(RACE_NAMES)).mark_point(opacity=0, size=0)
    explained = arrow_layers(xs, ys, colour, line_scale)  # explain this step (empty data: nothing drawn)
    return surface_layout(
        plot,
        lang,
        hover,
        colours,
        masked,
        over=[halo, lines, heads, *explained, names_mark],
        params=[t.param],
    )


# The linked panels, top to bottom: (what it draws, its first step). "rate" pools rate_x and rate_y (one
# dashed line per coordinate); "loss" draws the gap L − L* or, with no known minimum, L itself.
PANELS = (("loss", 0), ("rate", 1), ("step_length", 1))
RATE_COLUMNS = ["rate_x", "rate_y"]


def loss_field(log_loss: bool) -> str:
    return "gap" if log_loss else "loss"


def linked_data(
    series: pd.DataFrame,
    steps: int,
    log_loss: bool = True,
    lang: str = "en",
    diverged: tuple[str, ...] | list[str] = (),
) -> dict[str, pd.DataFrame]:
    """The linked charts' own datasets: the series (optimizers as labels), the off-chart marks of every panel
    (column ``panel``: its index in PANELS) and each panel's range (LINKED_RANGES: one row per panel, in
    PANELS' order: panel, lo, hi, steps), which ui/race/linked_panels.py draws."""
    field = loss_field(log_loss)
    series = labelled(series, OPTIMIZER_LABELS, "optimizer")
    diverged = {OPTIMIZER_LABELS[name] for name in diverged}
    ranges, marks = [], []
    for panel, (name, first_step) in enumerate(PANELS):
        shown = series[series.step >= first_step]
        column = field if name == "loss" else name
        if name == "rate":  # both coordinates pooled, for the range and the off-chart marks
            shown = pd.concat([shown.assign(rate=shown[c]) for c in RATE_COLUMNS], ignore_index=True)
        groups = shown.groupby("optimizer", sort=False)
        lo, hi = value_domain(
            [g[column].to_numpy(dtype=float) for _, g in groups],
            [label in diverged for label, _ in groups],
            log_loss or name != "loss",
        )
        ranges.append({"panel": panel, "lo": lo, "hi": hi, "steps": max(int(steps), 1)})
        marks.append(off_chart_marks(shown, column, (lo, hi), diverged, lang).assign(panel=panel))
    columns = ["optimizer", "step", field, *RATE_COLUMNS, "step_length"]
    return {
        LINKED_SERIES: series[columns],
        LINKED_MARKS: pd.concat(marks, ignore_index=True),
        LINKED_RANGES: pd.DataFrame(ranges),
    }


def sweep_chart(
    data: pd.DataFrame,
    current: dict[str, float],
    names: list[str],
    lang: str = "en",
    width: int = 560,
    height: int = 300,
) -> alt.LayerChart:
    """Final loss vs η (log–log) per optimizer; the η in use marked with a dot, divergence with ×.

    ``data`` has columns optimizer (a name), lr, final_loss, diverged; ``current`` maps a name → η in use.
    Light colours get a dark casing under their lines and a dark outline on their dots.
    """
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=optimizer_legend())
    data = labelled(data, OPTIMIZER_LABELS, "optimizer")
    finite = data[~data.diverged & np.isfinite(data.final_loss)].copy()
    low = finite.final_loss.min() if len(finite) else 0.0
    finite["gap"] = np.maximum(finite.final_loss - min(low, 0.0) + 1e-12, 1e-12) if len(finite) else []
    x = alt.X("lr:Q", scale=alt.Scale(type="log"), title=text("chart.lr", lang), axis=alt.Axis(format="~g"))
    y = alt.Y(
        "gap:Q",
        scale=alt.Scale(type="log"),
        title=text("chart.final_loss", lang),
        axis=alt.Axis(format="~g"),
    )
    casing = (
        alt.Chart(finite)
        .transform_filter(casing_filter(names))
        .mark_line(strokeWidth=3.6, color=CASING, opacity=0.9)
        .encode(x=x, y=y, detail="optimizer:N")
    )
    lines = (
        alt.Chart(finite)
        .mark_line(point=alt.OverlayMarkDef(size=22, stroke=CASING, strokeWidth=0.6))
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                "optimizer:N",
                alt.Tooltip("lr:Q", format=".3~g"),
                alt.Tooltip("final_loss:Q", format=".4~g"),
            ],
        )
    )
    diverged = data[data.diverged]
    crosses = (
        alt.Chart(diverged.assign(gap=float(finite.gap.max()) if len(finite) else 1.0))
        .mark_point(shape="cross", size=60, opacity=0.9, filled=True, stroke=CASING, strokeWidth=0.6)
        .encode(x=x, y="gap:Q", color=colour, tooltip=["optimizer:N", alt.Tooltip("lr:Q", format=".3~g")])
    )
    marks = pd.DataFrame({"optimizer": [OPTIMIZER_LABELS[n] for n in current], "lr": list(current.values())})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(x=x, color=colour)
    # The casing and its lines are one composite mark (a nested layer), drawn under the crosses and rules.
    cased_lines = alt.layer(casing, lines).encode(x=x)
    return alt.layer(cased_lines, crosses, rules).properties(width=width, height=height)
