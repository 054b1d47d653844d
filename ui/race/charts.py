"""Chart builders: pure functions from data to Altair charts, testable without Streamlit.

The race chart and the linked charts share one Vega-Lite parameter ``t`` (the current step) bound to a
range input; the player advances that input in the browser, so playing costs no server round trip.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ui.i18n import text
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

STEP_PARAM = "t"
SURFACE_SIZE = 520
SMALL_WIDTH, SMALL_HEIGHT = 270, 118


MINUS = "\u2212"  # a true minus sign for numbers written into labels (Vega's own formats use it already)
CASING = "#333333"  # the dark outline under lines whose colour is too light on white
MASKED_HEX = "#EBEBEB"  # surface cells where L is not finite (ui.surface_render.MASKED_RGB)


def point_tooltip() -> list:
    """What a marked point (the start, a minimum) says on hover: its name and coordinates, 4 digits."""
    return ["what:N", alt.Tooltip("x:Q", format=".4~g"), alt.Tooltip("y:Q", format=".4~g")]


def signed(value: float, spec: str = ".2f") -> str:
    """``format(value, spec)`` with a true minus sign "−" instead of the hyphen."""
    return format(float(value), spec).replace("-", MINUS)


def loss_text(value: float, not_finite: str = "not finite") -> str:
    """A loss for a label or tooltip: 4 significant digits, a true minus, powers of ten as 1.2e+45."""
    value = float(value)
    return signed(value, ".4g") if math.isfinite(value) else not_finite


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


# Colours below 3:1 on white (SGD, Momentum, Adagrad) get a dark casing under their lines.
CASED = frozenset(name for name, colour in OPTIMIZER_COLOURS.items() if contrast_on_white(colour) < 3.0)


def cased_labels(names: list[str]) -> list[str]:
    return [OPTIMIZER_LABELS[n] for n in names if n in CASED]


def casing_filter(names: list[str]) -> str:
    """A Vega expression true for the rows of optimizers whose colour needs a casing."""
    labels = ", ".join(repr(label) for label in cased_labels(names))
    return f"indexof([{labels}], datum.optimizer) >= 0"


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


def plot_size(domain, size: int) -> tuple[int, int]:
    """Width and height for a plot of ``domain``: ``size`` along the longer side, true aspect (clamped ½–2)."""
    (x0, x1), (y0, y1) = domain
    ratio = min(2.0, max(0.5, (y1 - y0) / (x1 - x0)))
    return (size, round(size * ratio)) if ratio <= 1 else (round(size / ratio), size)


def _axes(domain):
    (x0, x1), (y0, y1) = domain
    x = alt.Scale(domain=[x0, x1], nice=False, zero=False)
    y = alt.Scale(domain=[y0, y1], nice=False, zero=False)
    return x, y


def surface_layers(
    domain, image_url: str, contours: pd.DataFrame, minima, size: int = SURFACE_SIZE, lang: str = "en"
) -> alt.LayerChart:
    """Image + contour lines + minima (white crosses), on quantitative x/y scales spanning the domain."""
    (x0, x1), (y0, y1) = domain
    xs, ys = _axes(domain)
    image = (
        alt.Chart(pd.DataFrame({"x": [x0], "x2": [x1], "y": [y1], "y2": [y0], "url": [image_url]}))
        .mark_image(aspect=False, clip=True)
        .encode(
            x=alt.X("x:Q", scale=xs, title="x"),
            x2="x2",
            y=alt.Y("y:Q", scale=ys, title="y"),
            y2="y2",
            url="url:N",
        )
    )
    layers = [image]
    if len(contours):
        layers.append(
            alt.Chart(contours)
            .mark_line(strokeWidth=0.7, opacity=0.55, color="white", clip=True)
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), detail="line:N", order="order:Q")
        )
    if len(minima):
        layers.append(
            alt.Chart(
                pd.DataFrame(
                    {
                        "x": [m[0] for m in minima],
                        "y": [m[1] for m in minima],
                        "what": text("chart.minimum", lang),
                    }
                )
            )
            .mark_point(
                shape="cross",
                size=120,
                filled=True,
                color="white",
                stroke="black",
                strokeWidth=0.6,
                clip=True,
            )
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=point_tooltip())
        )
    width, height = plot_size(domain, size)
    return alt.layer(*layers).properties(width=width, height=height)


def click_grid(domain, n: int = 40) -> pd.DataFrame:
    """An n × n grid of invisible points; a click on one sets the start."""
    (x0, x1), (y0, y1) = domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return pd.DataFrame({"x": gx.ravel().round(4), "y": gy.ravel().round(4)})


def hover_grid(domain, f, n: int = 40, lang: str = "en") -> pd.DataFrame:
    """The click grid with L(x, y) written out for the hover tooltip (column ``L``: text, "not finite"
    where f overflows or is undefined). ``f`` maps (..., 2) points to values, like ``Surface.f``."""
    grid = click_grid(domain, n)
    with np.errstate(all="ignore"):
        values = np.asarray(f(grid[["x", "y"]].to_numpy(dtype=float)), dtype=float)
    missing = text("chart.not_finite_value", lang)
    return grid.assign(L=[loss_text(v, missing) for v in values])


def _surface_keys(domain, key: dict | None, lang: str, height: int) -> list:
    """A colour bar for the picture's log-scaled colours and a grey swatch for cells where L is not finite.

    Both are legends of invisible marks (``fill`` and ``shape`` channels, so the optimizers keep ``color``).
    """
    if not key or not key.get("stops"):
        return []
    (x0, _), (y0, _) = domain
    xs, ys = _axes(domain)
    stops = key["stops"]
    layers = [
        alt.Chart(pd.DataFrame({"x": x0, "y": y0, "level": stops}))
        .mark_point(opacity=0, size=0, filled=True)
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            fill=alt.Fill(
                "level:Q",
                scale=alt.Scale(type="log", domain=stops, range=key["colours"], nice=False, zero=False),
                legend=alt.Legend(
                    title=text("chart.colour_key", lang),
                    orient="bottom",
                    direction="horizontal",
                    format="~g",
                    gradientLength=200,
                    gradientThickness=10,
                    tickCount=4,
                    titleOrient="left",
                    titleAnchor="middle",
                ),
            ),
        )
    ]
    if key.get("masked"):
        layers.append(
            alt.Chart(pd.DataFrame({"x": [x0], "y": [y0], "what": [text("chart.not_finite", lang)]}))
            .mark_point(opacity=0, size=0)
            .encode(
                x=alt.X("x:Q", scale=xs),
                y=alt.Y("y:Q", scale=ys),
                shape=alt.Shape(
                    "what:N",
                    scale=alt.Scale(range=["square"]),
                    legend=alt.Legend(
                        title=None,
                        orient="bottom",
                        symbolFillColor=MASKED_HEX,
                        symbolStrokeColor="#888888",
                        symbolOpacity=1,
                        symbolSize=180,
                        labelLimit=400,
                    ),
                ),
            )
        )
    return layers


def _pick_layers(domain, hover: pd.DataFrame | None, size: int, lang: str = "en"):
    """The invisible click grid (selection ``pick``, wheel ``zoom``); with ``hover``, a tooltip x, y, L."""
    xs, ys = _axes(domain)
    pick = alt.selection_point(
        name="pick", fields=["x", "y"], on="click", nearest=True, clear=False, empty=False
    )
    # Wheel zoom only (no drag-pan), so that a click always means "start here".
    zoom = alt.selection_interval(name="zoom", bind="scales", zoom="wheel!", translate=False, clear=False)
    data = click_grid(domain) if hover is None else hover
    encoding = {"x": alt.X("x:Q", scale=xs), "y": alt.Y("y:Q", scale=ys)}
    if hover is not None:
        encoding["tooltip"] = [
            alt.Tooltip("x:Q", format=".3f"),
            alt.Tooltip("y:Q", format=".3f"),
            alt.Tooltip("L:N", title=text("chart.surface_value", lang)),
        ]
    n = int(round(math.sqrt(len(data)))) or 1
    cell = _cell_area(domain, size, max(n, 2)) if hover is not None else 60
    return alt.Chart(data).mark_square(opacity=0, size=cell).encode(**encoding).add_params(pick, zoom)


def _start_layer(domain, start, lang: str):
    xs, ys = _axes(domain)
    return (
        alt.Chart(pd.DataFrame({"x": [start[0]], "y": [start[1]], "what": text("chart.start", lang)}))
        .mark_point(shape="circle", size=140, filled=False, color="white", strokeWidth=2.5, clip=True)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=point_tooltip())
    )


def _surface_chart(layers, height, params=()) -> alt.LayerChart:
    # One constructor call: every chained Altair method deep-copies all layers (~10 ms each here).
    return alt.LayerChart(
        layer=layers,
        params=list(params),
        width="container",
        height=height,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 5, "top": 5, "right": 5, "bottom": 0},
        # Legends under the plot stack (optimizers, colour bar, the grey swatch), so none widens the chart.
        config=alt.Config(
            view=alt.ViewConfig(strokeWidth=0),
            legend=alt.LegendConfig(
                layout={"expr": "{bottom: {anchor: 'middle', direction: 'vertical', margin: 6}}"}
            ),
        ),
    )


def surface_chart(
    domain,
    image_url: str,
    contours: pd.DataFrame,
    minima,
    start,
    hover: pd.DataFrame | None = None,
    key: dict | None = None,
    size: int = SURFACE_SIZE,
    lang: str = "en",
) -> alt.LayerChart:
    """The surface alone, for a start where the race cannot run: picture (grey where L is not finite),
    colour bar, L(x, y) on hover, the start, and the same click layer (selection ``pick``) as the race."""
    background = surface_layers(domain, image_url, contours, minima, size, lang)
    layers = [
        *background.layer,
        *_surface_keys(domain, key, lang, background.height),
        _pick_layers(domain, hover, size, lang),
        _start_layer(domain, start, lang),
    ]
    return _surface_chart(layers, background.height)


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

    ``paths`` has columns optimizer (label), step, x, y, loss. ``hover`` (from ``hover_grid``) adds
    L(x, y) on hover; ``key`` (``ui.surface_render.colour_key``) adds the colour bar and the grey swatch.
    """
    xs, ys = _axes(domain)
    t = step_param(steps)
    colour = alt.Color(
        "optimizer:N",
        scale=optimizer_colour_scale(names),
        # Four in a row fit a phone's width; five or six go in rows of three.
        legend=optimizer_legend(names, orient="bottom", columns=len(names) if len(names) <= 4 else 3),
    )
    base = alt.Chart(paths).transform_filter(f"datum.step <= {STEP_PARAM}")
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
    background = surface_layers(domain, image_url, contours, minima, size, lang)
    layers = [
        *background.layer,
        *_surface_keys(domain, key, lang, background.height),
        _pick_layers(domain, hover, size, lang),
        halo,
        lines,
        heads,
        _start_layer(domain, start, lang),
    ]
    return _surface_chart(layers, background.height, [t.param])


def value_domain(values_by_series: list[np.ndarray], diverged: list[bool], log: bool) -> tuple[float, float]:
    """The y range a panel shows: that of the series that did not diverge (all of them if every one did,
    then their 2–98 % quantiles), finite values only (and > 0 on a log scale), padded a little."""
    kept = [v for v, bad in zip(values_by_series, diverged) if not bad] or values_by_series
    pooled = np.concatenate([np.asarray(v, dtype=float).ravel() for v in kept]) if kept else np.array([])
    pooled = pooled[np.isfinite(pooled) & ((pooled > 0) if log else True)]
    if pooled.size == 0:
        return (1e-12, 1.0) if log else (0.0, 1.0)
    if len(kept) < len(values_by_series) or not all(diverged):
        lo, hi = float(pooled.min()), float(pooled.max())
    else:
        lo, hi = (float(q) for q in np.quantile(pooled, [0.02, 0.98]))
    if log:
        lo, hi = (lo, hi) if hi > lo else (lo / 10, hi * 10)
        return lo / 1.5, hi * 1.5
    pad = (hi - lo) * 0.05 or max(abs(hi) * 0.05, 1e-9)
    return lo - pad, hi + pad


OFF_CHART_SYMBOLS = {"up": "↑", "down": "↓", "diverged": "✕"}


def off_chart_marks(
    frame: pd.DataFrame,
    field: str,
    domain: tuple[float, float],
    diverged: set[str],
    lang: str = "en",
    series: str = "optimizer",
    step: str = "step",
) -> pd.DataFrame:
    """One mark per series that leaves the panel: ✕ for a diverged series (where it leaves the range, else
    at its last drawn step), ↑ or ↓ where any other series first goes above or below the range.

    Columns ``series`` (the optimizer, or an activation), ``step``, y (clamped to the range), symbol, what
    (the words: "↑ off the chart", "✕ diverged"), value (the true value there, formatted).
    """
    lo, hi = domain
    rows = []
    for label, rows_of_one in frame.groupby(series, sort=False):
        rows_of_one = rows_of_one.sort_values(step, kind="stable")
        values = rows_of_one[field].to_numpy(dtype=float)
        steps = rows_of_one[step].to_numpy()
        outside = np.nonzero(np.isfinite(values) & ((values > hi) | (values < lo)))[0]
        if label in diverged and len(values):
            i, kind = (outside[0] if len(outside) else len(values) - 1), "diverged"
        elif len(outside):
            i = outside[0]
            kind = "up" if values[i] > hi else "down"
        else:
            continue
        value = values[i]
        key = {"up": "chart.off_chart_up", "down": "chart.off_chart_down", "diverged": "chart.diverged_mark"}
        rows.append(
            {
                series: label,
                step: int(steps[i]),
                "y": float(np.clip(value, lo, hi)) if np.isfinite(value) else hi,
                "symbol": OFF_CHART_SYMBOLS[kind],
                "what": text(key[kind], lang),
                "value": loss_text(value, text("chart.not_finite_value", lang)),
            }
        )
    return pd.DataFrame(rows, columns=[series, step, "y", "symbol", "what", "value"])


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

    ``series`` has columns optimizer, step, gap (L − L*, floored), rate_x, rate_y, step_length, and loss
    (L itself, drawn on a symlog scale when ``log_loss`` is False: no known minimum). ``diverged`` names
    the optimizers (labels) that diverged: their runaway values do not stretch the axes, they are clamped
    to the edge and marked (↑ off the chart, ✕ diverged). Light colours get a dark casing.
    """
    t = step_param(steps)
    diverged = set(diverged)
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

    ``data`` has columns optimizer, lr, final_loss, diverged; ``current`` maps optimizer label → η in use.
    Light colours get a dark casing under their lines and a dark outline on their dots.
    """
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=optimizer_legend(names))
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
    marks = pd.DataFrame({"optimizer": list(current), "lr": list(current.values())})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(x=x, color=colour)
    # The casing and its lines are one composite mark (a nested layer), drawn under the crosses and rules.
    cased_lines = alt.layer(casing, lines).encode(x=x)
    return alt.layer(cased_lines, crosses, rules).properties(width=width, height=height)


def _cell_area(domain, size: int, n: int) -> float:
    """Area in px² of one of an n × n grid's squares, so neighbouring cells just touch."""
    width, height = plot_size(domain, size)
    side = max(width / (n - 1), height / (n - 1))
    return side * side * 1.05


BASIN_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


def basin_chart(domain, image_url: str, basins: pd.DataFrame, minima, size: int = 420, lang: str = "en"):
    """Starts coloured by the minimum they end in (``basins.basin``: a minimum's index, −1 elsewhere, −2
    diverged), over the surface picture, minima marked."""
    xs, ys = _axes(domain)
    names = {
        i: text("chart.basin_minimum_at", lang, index=i + 1, x=signed(m[0]), y=signed(m[1]))
        for i, m in enumerate(minima)
    }
    names |= {-1: text("chart.basin_elsewhere", lang), -2: text("chart.basin_diverged", lang)}
    labels = [names[i] for i in range(len(minima))] + [names[-1], names[-2]]
    colours = BASIN_COLOURS[: len(minima)] + ["#BBBBBB", "#000000"]
    cells = (
        alt.Chart(basins.assign(ends=basins.basin.map(names)))
        .mark_square(size=_cell_area(domain, size, 40), opacity=0.72)
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            color=alt.Color(
                "ends:N",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(
                    title=text("chart.ends_in", lang), orient="bottom", columns=2, labelLimit=260
                ),
            ),
            tooltip=[alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".2f"), "ends:N"],
        )
    )
    picture = surface_layers(domain, image_url, pd.DataFrame(), minima, size, lang)
    return alt.layer(picture.layer[0], cells, *picture.layer[1:]).properties(
        width=picture.width, height=picture.height, autosize=alt.AutoSizeParams(type="pad")
    )
