"""The optimizers' charts: the race (paths over the surface), the linked charts beside it and the η sweep.
Pure builders from data to Altair charts, testable without Streamlit.

The race chart and the linked charts share one Vega-Lite parameter ``t`` (the current step) bound to a
range input; the player advances that input in the browser, so playing costs no server round trip.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_kit import CASING, labelled, light, off_chart_marks, one_of, value_domain
from ui.i18n import text
from ui.race.surface_charts import SURFACE_SIZE, axes, surface_chart
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

STEP_PARAM = "t"
SMALL_WIDTH, SMALL_HEIGHT = 270, 118

# Colours below 3:1 on white (SGD, Momentum, Adagrad) get a dark casing under their lines.
CASED = frozenset(name for name, colour in OPTIMIZER_COLOURS.items() if light(colour))


def cased_labels(names: list[str]) -> list[str]:
    """The labels of those of ``names`` whose colour is light, a spare colour of a name new to ui/vocab too."""
    return [OPTIMIZER_LABELS[n] for n in names if light(OPTIMIZER_COLOURS[n])]


def casing_filter(names: list[str]) -> str:
    """A Vega expression true for the rows of optimizers whose colour needs a casing."""
    return one_of("optimizer", cased_labels(names))


def optimizer_legend(names: list[str], **options) -> alt.Legend:
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


def step_param(steps: int, value: int | None = None) -> alt.Parameter:
    """The shared current-step parameter, bound to a range input the player drives."""
    return alt.param(
        name=STEP_PARAM,
        value=steps if value is None else value,
        bind=alt.binding_range(min=0, max=max(steps, 1), step=1, name="step "),
    )


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
    """
    xs, ys = axes(domain)
    t = step_param(steps)
    colour = alt.Color(
        "optimizer:N",
        scale=optimizer_colour_scale(names),
        # Four in a row fit a phone's width; five or six go in rows of three.
        legend=optimizer_legend(names, orient="bottom", columns=len(names) if len(names) <= 4 else 3),
    )
    base = alt.Chart(labelled(paths, OPTIMIZER_LABELS, "optimizer")).transform_filter(
        f"datum.step <= {STEP_PARAM}"
    )
    tooltip = [
        "optimizer:N",
        "step:Q",
        alt.Tooltip("x:Q", format=".4f"),
        alt.Tooltip("y:Q", format=".4f"),
        alt.Tooltip("loss:Q", format=".4~g"),
    ]
    # A dark halo under each path keeps every colour (yellow too) visible on every part of the surface.
    halo = base.mark_line(strokeWidth=2.2 * line_scale + 2, clip=True, color="#222", opacity=0.55).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), detail="optimizer:N", order="step:Q"
    )
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
    return surface_chart(
        domain,
        image_url,
        contours,
        minima,
        start,
        hover,
        key,
        size,
        lang,
        over=[halo, lines, heads],
        params=[t.param],
    )


def linked_charts(
    series: pd.DataFrame,
    names: list[str],
    steps: int,
    log_loss: bool = True,
    lang: str = "en",
    diverged: tuple[str, ...] | list[str] = (),
    line_scale: float = 1.0,
    height: int = SMALL_HEIGHT,
) -> alt.VConcatChart:
    """Loss, effective learning rate per coordinate and step length vs step, each with a rule at t.

    ``series`` has columns optimizer (a name), step, gap (L − L*, floored), rate_x, rate_y, step_length, and
    loss (L itself, drawn on a symlog scale when ``log_loss`` is False: no known minimum). ``diverged`` names
    the optimizers that diverged: their runaway values do not stretch the axes, they are clamped to the edge
    and marked (↑ off the chart, ✕ diverged). Light colours get a dark casing.
    """
    t = step_param(steps)
    series = labelled(series, OPTIMIZER_LABELS, "optimizer")
    diverged = {OPTIMIZER_LABELS[name] for name in diverged}
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=None)
    rule = (
        alt.Chart(pd.DataFrame({"zero": [0]}))
        .transform_calculate(step=STEP_PARAM)
        .mark_rule(color="#888", strokeDash=[3, 3], strokeWidth=line_scale)
        .encode(x="step:Q")
    )
    width = 1.6 * line_scale
    cased = bool(cased_labels(names))

    def panel(field, title, scale_type, columns, first_step=0, extra=None, fold=False, last=False):
        shown = series[series.step >= first_step]
        if fold:  # both coordinates pooled, for the range and the off-chart marks
            shown = pd.concat([shown.assign(rate=shown[c]) for c in columns], ignore_index=True)
        groups = [g[field].to_numpy(dtype=float) for _, g in shown.groupby("optimizer", sort=False)]
        flags = [label in diverged for label, _ in shown.groupby("optimizer", sort=False)]
        lo, hi = value_domain(groups, flags, scale_type == "log")
        # The y labels sit inside the plot and the title above it: Streamlit stretches each panel to the
        # column's width, so nothing may stick out on the left.
        y = alt.Y(
            f"{field}:Q",
            title=None,
            scale=alt.Scale(type=scale_type, domain=[lo, hi], clamp=True, nice=False, zero=False),
            axis=alt.Axis(
                format="~g",
                labelOverlap=True,
                tickCount=4,
                ticks=False,
                tickSize=0,
                domain=False,
                labelAlign="left",
                labelBaseline="bottom",
                labelPadding=-4,
                labelColor="#555",
            ),
        )
        x = alt.X(
            "step:Q",
            title=text("chart.step", lang) if last else None,
            scale=alt.Scale(domain=[0, max(steps, 1)], nice=False),
            axis=alt.Axis(labelFlush=True, tickCount=6),
        )
        encoding = {"x": x, "y": y, **(extra or {})}
        line = alt.Chart().transform_filter(f"datum.step >= {first_step}")
        if fold:
            line = line.transform_fold(["rate_x", "rate_y"], as_=["coordinate", "rate"])
        tooltip = ["optimizer:N", "step:Q", alt.Tooltip(f"{field}:Q", format=".3~g")]
        layers = []
        if cased:
            layers.append(
                line.transform_filter(casing_filter(names))
                .mark_line(strokeWidth=width + 1.4, clip=True, color=CASING, opacity=0.75)
                .encode(**encoding, detail="optimizer:N")
            )
        layers.append(
            line.mark_line(strokeWidth=width, clip=True).encode(**encoding, color=colour, tooltip=tooltip)
        )
        marks = off_chart_marks(shown, field, (lo, hi), diverged, lang)
        if len(marks):
            layers.append(
                alt.Chart(marks)
                .transform_filter(f"datum.step <= {STEP_PARAM}")
                .mark_text(
                    baseline="middle",
                    fontWeight="bold",
                    fontSize=max(14, 11 * line_scale),
                    stroke=CASING,
                    strokeWidth=0.4,
                    clip=False,
                )
                .encode(
                    x=alt.X("step:Q"),
                    y=alt.Y("y:Q"),
                    text="symbol:N",
                    color=colour,
                    tooltip=[
                        "optimizer:N",
                        "what:N",
                        "step:Q",
                        alt.Tooltip("value:N", title=text("chart.true_value", lang)),
                    ],
                )
            )
        title = alt.TitleParams(title, anchor="start", offset=2)
        return alt.layer(*layers, rule).properties(width=SMALL_WIDTH, height=height, title=title)

    loss_field = "gap" if log_loss else "loss"
    return alt.vconcat(
        panel(
            loss_field,
            text("chart.gap" if log_loss else "chart.loss", lang),
            "log" if log_loss else "symlog",
            [loss_field],
        ),
        panel(
            "rate",
            text("chart.rate", lang),
            "log",
            ["rate_x", "rate_y"],
            1,
            {"strokeDash": alt.StrokeDash("coordinate:N", legend=None)},
            fold=True,
        ),
        panel("step_length", text("chart.step_length", lang), "log", ["step_length"], 1, last=True),
        data=series,
        spacing=8,
        padding={"left": 0, "right": 0, "top": 5, "bottom": 5},
    ).add_params(t)


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
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=optimizer_legend(names))
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
