"""Chart builders: pure functions from data to Altair charts, testable without Streamlit.

The race chart and the linked charts share one Vega-Lite parameter ``t`` (the current step) bound to a
range input; the player advances that input in the browser, so playing costs no server round trip.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.i18n import text

STEP_PARAM = "t"
SURFACE_SIZE = 520
SMALL_WIDTH, SMALL_HEIGHT = 270, 118
# Okabe–Ito: distinguishable with the common colour-vision deficiencies; one colour per optimizer everywhere.
OPTIMIZER_COLOURS = {
    "sgd": "#E69F00",
    "momentum": "#56B4E9",
    "nesterov": "#009E73",
    "adagrad": "#F0E442",
    "rmsprop": "#D55E00",
    "adam": "#CC79A7",
}
OPTIMIZER_LABELS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "Adagrad",
    "rmsprop": "RMSProp",
    "adam": "Adam",
}


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
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=["what:N", "x:Q", "y:Q"])
        )
    width, height = plot_size(domain, size)
    return alt.layer(*layers).properties(width=width, height=height)


def click_grid(domain, n: int = 40) -> pd.DataFrame:
    """An n × n grid of invisible points; a click on one sets the start."""
    (x0, x1), (y0, y1) = domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return pd.DataFrame({"x": gx.ravel().round(4), "y": gy.ravel().round(4)})


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
) -> alt.LayerChart:
    """The surface with each optimizer's path up to step t, its head at t, the start, and a click layer.

    ``paths`` has columns optimizer (label), step, x, y, loss.
    """
    xs, ys = _axes(domain)
    t = step_param(steps)
    colour = alt.Color(
        "optimizer:N", scale=optimizer_colour_scale(names), legend=alt.Legend(title=None, orient="bottom")
    )
    pick = alt.selection_point(
        name="pick", fields=["x", "y"], on="click", nearest=True, clear=False, empty=False
    )
    # Wheel zoom only (no drag-pan), so that a click always means "start here".
    zoom = alt.selection_interval(name="zoom", bind="scales", zoom="wheel!", translate=False, clear=False)
    grid = (
        alt.Chart(click_grid(domain))
        .mark_point(opacity=0, size=60)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys))
        .add_params(pick)
    )
    base = alt.Chart(paths).transform_filter(f"datum.step <= {STEP_PARAM}")
    tooltip = [
        "optimizer:N",
        "step:Q",
        alt.Tooltip("x:Q", format=".4f"),
        alt.Tooltip("y:Q", format=".4f"),
        alt.Tooltip("loss:Q", format=".4g"),
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
    start_mark = (
        alt.Chart(pd.DataFrame({"x": [start[0]], "y": [start[1]], "what": text("chart.start", lang)}))
        .mark_point(shape="circle", size=140, filled=False, color="white", strokeWidth=2.5, clip=True)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=["what:N", "x:Q", "y:Q"])
    )
    background = surface_layers(domain, image_url, contours, minima, size, lang)
    # One constructor call: every chained Altair method deep-copies all layers (~10 ms each here).
    return alt.LayerChart(
        layer=[*background.layer, grid.add_params(zoom), halo, lines, heads, start_mark],
        params=[t.param],
        width="container",
        height=background.height,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(view=alt.ViewConfig(strokeWidth=0)),
    )


def linked_charts(
    series: pd.DataFrame, names: list[str], steps: int, log_loss: bool = True, lang: str = "en"
) -> alt.VConcatChart:
    """Loss gap, effective learning rate per coordinate and step length vs step, each with a rule at t.

    ``series`` has columns optimizer, step, gap (L − L*, floored), rate_x, rate_y, step_length.
    """
    t = step_param(steps)
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=None)
    rule = (
        alt.Chart(pd.DataFrame({"zero": [0]}))
        .transform_calculate(step=STEP_PARAM)
        .mark_rule(color="#888", strokeDash=[3, 3])
        .encode(x="step:Q")
    )
    x = alt.X(
        "step:Q", title=text("chart.step", lang), scale=alt.Scale(domain=[0, max(steps, 1)], nice=False)
    )

    def panel(field, title, scale_type, first_step=0, extra=None, transforms=()):
        encoding = {
            "x": x,
            "y": alt.Y(f"{field}:Q", title=title, scale=alt.Scale(type=scale_type)),
            "color": colour,
        }
        encoding.update(extra or {})
        line = alt.Chart().transform_filter(f"datum.step >= {first_step}")
        for transform in transforms:
            line = transform(line)
        line = line.mark_line(strokeWidth=1.6, clip=True).encode(
            **encoding, tooltip=["optimizer:N", "step:Q", alt.Tooltip(f"{field}:Q", format=".3g")]
        )
        return alt.layer(line, rule).properties(width=SMALL_WIDTH, height=SMALL_HEIGHT)

    # One dataset for the three panels; the rate panel folds rate_x and rate_y into (coordinate, rate).
    fold = lambda chart: chart.transform_fold(["rate_x", "rate_y"], as_=["coordinate", "rate"])  # noqa: E731
    return alt.vconcat(
        panel("gap", text("chart.gap" if log_loss else "chart.loss", lang), "log" if log_loss else "symlog"),
        panel(
            "rate",
            text("chart.rate", lang),
            "log",
            1,
            {"strokeDash": alt.StrokeDash("coordinate:N", legend=None)},
            [fold],
        ),
        panel("step_length", text("chart.step_length", lang), "log", 1),
        data=series,
        spacing=6,
    ).add_params(t)


def sweep_chart(
    data: pd.DataFrame, current: dict[str, float], names: list[str], lang: str = "en"
) -> alt.LayerChart:
    """Final loss vs η (log–log) per optimizer; the η in use marked with a dot, divergence with ×.

    ``data`` has columns optimizer, lr, final_loss, diverged; ``current`` maps optimizer label → η in use.
    """
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=alt.Legend(title=None))
    finite = data[~data.diverged].copy()
    low = finite.final_loss.min() if len(finite) else 0.0
    finite["gap"] = np.maximum(finite.final_loss - min(low, 0.0) + 1e-12, 1e-12) if len(finite) else []
    x = alt.X("lr:Q", scale=alt.Scale(type="log"), title=text("chart.lr", lang))
    lines = (
        alt.Chart(finite)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=x,
            y=alt.Y("gap:Q", scale=alt.Scale(type="log"), title=text("chart.final_loss", lang)),
            color=colour,
            tooltip=[
                "optimizer:N",
                alt.Tooltip("lr:Q", format=".3g"),
                alt.Tooltip("final_loss:Q", format=".4g"),
            ],
        )
    )
    diverged = data[data.diverged]
    crosses = (
        alt.Chart(diverged.assign(gap=float(finite.gap.max()) if len(finite) else 1.0))
        .mark_point(shape="cross", size=50, opacity=0.8)
        .encode(x=x, y="gap:Q", color=colour, tooltip=["optimizer:N", alt.Tooltip("lr:Q", format=".3g")])
    )
    marks = pd.DataFrame({"optimizer": list(current), "lr": list(current.values())})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(x=x, color=colour)
    return alt.layer(lines, crosses, rules).properties(width=560, height=300)


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
    names = {i: text("chart.basin_minimum", lang, index=i + 1, x=m[0], y=m[1]) for i, m in enumerate(minima)}
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
                legend=alt.Legend(title=text("chart.ends_in", lang), orient="bottom", columns=2),
            ),
            tooltip=[alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".2f"), "ends:N"],
        )
    )
    picture = surface_layers(domain, image_url, pd.DataFrame(), minima, size, lang)
    return alt.layer(picture.layer[0], cells, *picture.layer[1:]).properties(
        width=picture.width, height=picture.height, autosize=alt.AutoSizeParams(type="pad")
    )
