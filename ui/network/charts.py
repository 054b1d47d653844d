"""Chart builders of the network lab's curves: the training loss and accuracy (live and final), the gradient
per layer, the speed of learning per layer and the depth experiment. Pure functions from the DataFrames of
ui/network/model.py and ui/network/experiments.py to Altair charts, testable without Streamlit. One
Okabe–Ito colour per activation everywhere; the frames carry activation names, which every builder shows
as their labels (``labelled``, from ui/vocab.py); every other word through ``text(key, lang)``. The pictures of what
the networks compute (boundaries, the thinned network, shapes, the gallery) are in
ui/network/inside_charts.py, built with the helpers here.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import chart_kit
from ui.chart_kit import CASING, light, off_chart_marks, one_of
from ui.i18n import text
from ui.vocab import ACTIVATION_COLOURS, ACTIVATION_LABELS

HEIGHT = 240
CASING_WIDTH = 1.6  # the dark casing under a light line is this much wider than the line
LEGEND_COLUMNS = 3  # legends below a chart: at most this many entries a row, so none is cut off
# Full width, fixed height: without this a container-wide chart is squeezed into its default height.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


def tip(field: str) -> alt.Tooltip:
    """A tooltip channel object: Altair turns bare strings into channels through a slow schema lookup."""
    return alt.Tooltip(field)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its activation names ("leaky_relu") turned into the labels a chart shows ("Leaky ReLU");
    the frames themselves carry names only."""
    return chart_kit.labelled(frame, ACTIVATION_LABELS, "activation")


def activation_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(
        domain=[ACTIVATION_LABELS[n] for n in names], range=[ACTIVATION_COLOURS[n] for n in names]
    )


def bottom_legend(count: int, columns: int = LEGEND_COLUMNS, **options) -> alt.Legend:
    """A legend under the chart that shows every one of its ``count`` entries: a few a row (a single row
    wider than the chart is cut off at its edge), no symbol or label limit, symbols outlined dark so that
    the light colours show."""
    return alt.Legend(
        title=options.pop("title", None),
        orient="bottom",
        direction="horizontal",
        columns=max(1, min(columns, count)),
        symbolLimit=0,
        labelLimit=0,
        symbolStrokeColor=options.pop("symbolStrokeColor", CASING),
        symbolStrokeWidth=options.pop("symbolStrokeWidth", 2.5),  # a line's legend symbol is its stroke
        **options,
    )


def activation_colour(names: list[str], legend: bool = True) -> alt.Color:
    return alt.Color(
        "activation:N",
        scale=activation_scale(names),
        legend=bottom_legend(len(names)) if legend else None,
    )


def cased_activations(names: list[str]) -> list[str]:
    return [ACTIVATION_LABELS[n] for n in names if light(ACTIVATION_COLOURS[n])]


def with_casing(chart: alt.Chart, field: str, labels: list[str], width: float, **encoding) -> list:
    """``chart``'s lines, with a dark casing drawn first under those whose ``field`` is one of ``labels``."""
    layers = []
    if labels:
        layers.append(
            chart.transform_filter(one_of(field, labels))
            .mark_line(strokeWidth=width + CASING_WIDTH, color=CASING, opacity=0.85, clip=True)
            .encode(**encoding, detail=alt.Detail(f"{field}:N"))
        )
    return layers


def split_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = {"train": text("net.chart.train", lang), "test": text("net.chart.test", lang)}
    return frame.assign(split=frame["split"].map(names))


# ----- training curves --------------------------------------------------------------------------------------
LIVE_DATA = "live_loss"  # the live chart's dataset: the curves so far, swapped into the chart on each redraw


def live_layout(names: list[str], epochs: int, lang: str = "en") -> alt.LayerChart:
    """The live chart without its data: the training loss per activation (``LIVE_DATA``, filled by
    ``live_data``) on a fixed epoch axis, so the curves visibly grow. One layout a training: each redraw
    sends only new data, which the browser swaps into the chart it has (no new chart to parse). Titled and
    sized as the final loss chart (``loss_chart``), which takes its place when the training is over."""
    x = alt.X(
        "epoch:Q",
        title=text("net.chart.epoch", lang),
        scale=alt.Scale(domain=[1, max(epochs, 2)], nice=False),
    )
    y = alt.Y("loss:Q", title=text("net.chart.loss", lang), scale=alt.Scale(type="log"))
    base = alt.Chart(alt.NamedData(LIVE_DATA))
    layers = with_casing(base, "activation", cased_activations(names), 2, x=x, y=y)
    layers.append(base.mark_line(strokeWidth=2, clip=True).encode(x=x, y=y, color=activation_colour(names)))
    return alt.layer(*layers).properties(
        width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.loss_title", lang)
    )


def live_data(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The live chart's datasets from ``model.live_curves``: the activations as labels."""
    return {LIVE_DATA: labelled(frame)}


def live_chart(frame: pd.DataFrame, names: list[str], epochs: int, lang: str = "en") -> alt.LayerChart:
    """The training loss so far per activation, on a fixed epoch axis so the curves visibly grow: the
    layout with its data in it."""
    chart = live_layout(names, epochs, lang)
    chart.datasets = {name: rows.to_dict("records") for name, rows in live_data(frame).items()}
    return chart


LOSS_CEILING = 100  # × ln K, the loss of a uniform guess over K classes: above it a run has blown up


def loss_domain(values: np.ndarray, classes: int) -> tuple[float, float]:
    """The loss axis (log): the finite positive losses, but never above LOSS_CEILING · ln K.

    A run that blows up (Adam at η = 5 reaches C ≈ 10⁷ while still classifying well) would otherwise squash
    every other curve against the floor of the chart.
    """
    finite = values[np.isfinite(values) & (values > 0)]
    ceiling = LOSS_CEILING * np.log(max(classes, 2))
    if finite.size == 0:
        return 1e-3, ceiling
    return float(finite.min()) / 1.5, float(min(finite.max() * 1.5, ceiling))


HOVER = "hover"  # the training charts' selection of the epoch under the pointer


def hover_layers(data: pd.DataFrame, series: str, value: str, fmt: str, lang: str) -> list:
    """A rule that follows the pointer to the nearest epoch, its tooltip listing the epoch and every
    series' exact value there (Altair's multi-line tooltip: the frame pivoted to one row per epoch, its
    columns v0, v1, … titled with the series' labels, so that no label has to be a field name)."""
    wide = data.pivot_table(index="epoch", columns=series, values=value, aggfunc="first", sort=False)
    labels = list(wide.columns)
    wide.columns = [f"v{i}" for i in range(len(labels))]
    wide = wide.reset_index()
    hover = alt.selection_point(
        name=HOVER, fields=["epoch"], nearest=True, on="pointerover", clear="pointerout", empty=False
    )
    tooltip = [alt.Tooltip("epoch:Q", title=text("net.chart.epoch", lang))]
    tooltip += [alt.Tooltip(f"v{i}:Q", title=str(label), format=fmt) for i, label in enumerate(labels)]
    rule = (
        alt.Chart(wide)
        .mark_rule(color="#888888", strokeWidth=1)
        .encode(x="epoch:Q", opacity=alt.condition(hover, alt.value(0.5), alt.value(0.0)), tooltip=tooltip)
        .add_params(hover)
    )
    return [rule]


def stop_layers(stops: pd.DataFrame | None, names: list[str], lang: str) -> list:
    """A dotted vertical line per network that stopped early (at the epoch whose weights it kept) or at the
    target loss, in its activation's colour."""
    if stops is None or not len(stops):
        return []
    data = labelled(stops).assign(
        what=[text(f"net.chart.{'best' if r == 'early_stopped' else 'stop'}", lang) for r in stops.reason]
    )
    return [
        alt.Chart(data)
        .mark_rule(strokeDash=[3, 3], strokeWidth=2)
        .encode(
            x="best:Q",
            color=alt.Color("activation:N", scale=activation_scale(names), legend=None),
            tooltip=[
                tip("activation:N"),
                tip("what:N"),
                alt.Tooltip("best:Q", title=text("net.chart.best", lang)),
                alt.Tooltip("epoch:Q", title=text("net.chart.stop", lang)),
            ],
        )
    ]


def loss_chart(
    curves: pd.DataFrame,
    names: list[str],
    lang: str = "en",
    classes: int = 2,
    stops: pd.DataFrame | None = None,
) -> alt.Chart:
    """Training loss C against epoch (log scale), one line per activation; a curve above the axis's
    ceiling (see ``loss_domain``) runs along the top edge, marked ↑ where it leaves, with its true value.
    Hovering shows every activation's C at the epoch under the pointer; ``stops`` (``model.stops``) draws
    where a network stopped early."""
    data = labelled(curves[curves.metric == "loss"])
    domain = loss_domain(data["value"].to_numpy(dtype=float), classes)
    shown = data.assign(drawn=data["value"].clip(upper=domain[1]))
    x = alt.X("epoch:Q", title=text("net.chart.epoch", lang), axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("drawn:Q", title=text("net.chart.loss", lang), scale=alt.Scale(type="log", domain=list(domain)))
    base = alt.Chart(shown)
    layers = with_casing(base, "activation", cased_activations(names), 2, x=x, y=y)
    layers.append(
        base.mark_line(strokeWidth=2).encode(
            x=x,
            y=y,
            color=activation_colour(names),
            tooltip=[tip("activation:N"), tip("epoch:Q"), alt.Tooltip("value:Q", format=".4g", title="C")],
        )
    )
    marks = off_chart_marks(data, "value", domain, set(), lang, series="activation", step="epoch")
    if len(marks):
        layers.append(
            alt.Chart(marks)
            .mark_text(fontSize=16, fontWeight="bold", dy=8)
            .encode(
                x="epoch:Q",
                y=alt.Y("y:Q", scale=alt.Scale(type="log", domain=list(domain))),
                text="symbol:N",
                color=alt.Color("activation:N", scale=activation_scale(names), legend=None),
                tooltip=[tip("activation:N"), tip("what:N"), alt.Tooltip("value:N", title="C")],
            )
        )
    layers += stop_layers(stops, names, lang)
    layers += hover_layers(data, "activation", "value", ".4g", lang)
    return alt.layer(*layers).properties(
        width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.loss_title", lang)
    )


def accuracy_chart(
    curves: pd.DataFrame, names: list[str], lang: str = "en", stops: pd.DataFrame | None = None
) -> alt.Chart:
    """Train (solid) and test (dashed) accuracy against epoch, one colour per activation; hovering shows
    every activation's train and test accuracy at the epoch under the pointer."""
    data = split_labels(labelled(curves[curves.metric == "accuracy"]), lang)
    splits = [text("net.chart.train", lang), text("net.chart.test", lang)]
    x = alt.X("epoch:Q", title=text("net.chart.epoch", lang), axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y(
        "value:Q",
        title=text("net.chart.accuracy", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    dash = alt.StrokeDash(  # no legend: the title says which is which, and a phone has no room
        "split:N", scale=alt.Scale(domain=splits, range=[[1, 0], [5, 3]]), legend=None
    )
    base = alt.Chart(data).transform_calculate(line="datum.activation + ' ' + datum.split")
    casing = []
    if cased_activations(names):
        casing.append(
            base.transform_filter(one_of("activation", cased_activations(names)))
            .mark_line(strokeWidth=2 + CASING_WIDTH, color=CASING, opacity=0.85)
            .encode(x=x, y=y, strokeDash=dash, detail=alt.Detail("line:N"))
        )
    lines = base.mark_line(strokeWidth=2).encode(
        x=x,
        y=y,
        color=activation_colour(names),
        strokeDash=dash,
        tooltip=[
            tip("activation:N"),
            tip("split:N"),
            tip("epoch:Q"),
            alt.Tooltip("value:Q", format=".1%"),
        ],
    )
    series = data.assign(line=data["activation"] + " " + data["split"])
    hover = hover_layers(series, "line", "value", ".1%", lang)
    return alt.layer(*casing, lines, *stop_layers(stops, names, lang), *hover).properties(
        width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.accuracy_title", lang)
    )


# ----- the vanishing gradient --------------------------------------------------------------------------------
def layer_name(layer: int, n_layers: int, lang: str) -> str:
    return text("net.chart.output_layer", lang) if layer == n_layers else str(layer)


def gradient_heatmap(
    frame: pd.DataFrame, n_layers: int, low: float, high: float, title: str, lang: str = "en"
) -> alt.Chart:
    """‖∂C/∂W_l‖ for layer (y, output on top) × epoch (x), log colour on the shared domain [low, high], so
    that the heatmaps of different activations compare."""
    data = labelled(frame).assign(
        start=frame.epoch - frame.stride,
        name=[layer_name(layer, n_layers, lang) for layer in frame.layer],
    )
    order = [layer_name(layer, n_layers, lang) for layer in range(n_layers, 0, -1)]
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title=text("net.chart.epoch", lang), scale=alt.Scale(nice=False, zero=True)),
            x2=alt.X2("epoch:Q"),
            y=alt.Y("name:O", title=text("net.chart.layer", lang), sort=order),
            color=alt.Color(
                "norm:Q",
                scale=alt.Scale(type="log", domain=[low, high], scheme="viridis", clamp=True),
                legend=alt.Legend(title=text("net.chart.grad_norm", lang), format=".0e", orient="right"),
            ),
            tooltip=[
                alt.Tooltip("name:O", title=text("net.chart.layer", lang)),
                alt.Tooltip("epoch:Q", title=text("net.chart.epoch", lang)),
                alt.Tooltip("norm:Q", format=".3g", title=text("net.chart.grad_norm", lang)),
            ],
        )
        .properties(width="container", autosize=FIT_X, height=max(110, 24 * n_layers), title=title)
    )


def layer_bars(
    frame: pd.DataFrame, value: str, title: str, names: list[str], n_layers: int, lang: str = "en"
) -> alt.Chart:
    """A value per layer (log scale), one bar per activation side by side: the speed of learning at
    initialisation, or the nudge's |ΔC/Δw|."""
    data = labelled(frame).assign(name=[layer_name(layer, n_layers, lang) for layer in frame.layer])
    order = [layer_name(layer, n_layers, lang) for layer in sorted(frame.layer.unique())]
    # a log-scale bar needs a baseline of its own: the decade below the smallest value
    base = 10.0 ** np.floor(np.log10(float(frame[value].min()))) if len(frame) else 1e-3
    top = 10.0 ** np.ceil(np.log10(float(frame[value].max()) * 1.01)) if len(frame) else 1.0
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("name:O", title=text("net.chart.layer", lang), sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("activation:N", sort=[ACTIVATION_LABELS[n] for n in names]),
            y=alt.Y(f"{value}:Q", title=title, scale=alt.Scale(type="log", domain=[base, top])),
            y2=alt.Y2Datum(base),
            color=activation_colour(names),
            tooltip=[
                tip("activation:N"),
                alt.Tooltip("name:O", title=text("net.chart.layer", lang)),
                alt.Tooltip(f"{value}:Q", format=".3g", title=title),
            ],
        )
        .properties(width="container", autosize=FIT_X, height=HEIGHT)
    )


# ----- the depth experiment ---------------------------------------------------------------------------------
def depth_chart(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Training accuracy after the budget against the number of hidden layers; × where a network diverged."""
    names = list(dict.fromkeys(frame.activation))  # the experiment's order, the lecture's
    frame = labelled(frame)
    x = alt.X("depth:O", title=text("net.chart.depth", lang), axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "train_acc:Q",
        title=text("net.chart.train_acc", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    kept = alt.Chart(frame[~frame.diverged])
    casing = with_casing(kept, "activation", cased_activations(names), 2, x=x, y=y)
    lines = kept.mark_line(
        point=alt.OverlayMarkDef(size=50, stroke=CASING, strokeWidth=0.6), strokeWidth=2
    ).encode(
        x=x,
        y=y,
        color=activation_colour(names),
        tooltip=[tip("activation:N"), tip("depth:O"), alt.Tooltip("train_acc:Q", format=".1%")],
    )
    crosses = (
        alt.Chart(frame[frame.diverged].assign(train_acc=0.02, what=text("net.chart.diverged", lang)))
        .mark_point(shape="cross", size=90, filled=True)
        .encode(
            x=x,
            y=y,
            color=activation_colour(names, legend=False),
            tooltip=[tip("activation:N"), tip("depth:O"), tip("what:N")],
        )
    )
    return alt.layer(*casing, lines, crosses).properties(width="container", autosize=FIT_X, height=280)


# ----- the lecture's second half: with and without help against overfitting ---------------------------------
COMPARE_COLOURS = ("#000000", "#D55E00", "#0072B2")  # Okabe–Ito: no help black, then vermillion and blue


def comparison_chart(frame: pd.DataFrame, labels: dict[str, str], lang: str = "en") -> alt.LayerChart:
    """Train (solid) and test (dashed) accuracy against epoch, one colour per variant (``labels``: variant
    name → label, in order), for one seed; hovering lists every line's value at that epoch."""
    data = split_labels(frame.assign(variant=frame["variant"].map(labels)), lang)
    names = list(labels.values())
    splits = [text("net.chart.train", lang), text("net.chart.test", lang)]
    x = alt.X("epoch:Q", title=text("net.chart.epoch", lang), axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y(
        "accuracy:Q",
        title=text("net.chart.accuracy", lang),
        scale=alt.Scale(zero=False),
        axis=alt.Axis(format="%"),
    )
    colour = alt.Color(
        "variant:N",
        scale=alt.Scale(domain=names, range=list(COMPARE_COLOURS[: len(names)])),
        legend=bottom_legend(len(names), symbolStrokeColor=None, symbolStrokeWidth=2.5),
        sort=names,
    )
    dash = alt.StrokeDash("split:N", scale=alt.Scale(domain=splits, range=[[1, 0], [5, 3]]), legend=None)
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=dash, detail=alt.Detail("split:N"))
    )
    series = data.assign(line=data["variant"] + " " + data["split"])
    return alt.layer(
        lines, *hover_layers(series.rename(columns={"accuracy": "value"}), "line", "value", ".1%", lang)
    ).properties(
        width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.compare_title", lang)
    )
