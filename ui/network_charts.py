"""Chart builders of the network lab: pure functions from the DataFrames of ui/network_data.py to Altair
charts, testable without Streamlit. One Okabe–Ito colour per activation everywhere; every label through
``text(key, lang)``.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.i18n import text
from ui.network_data import ACTIVATION_LABELS
from ui.surface_render import png_data_url

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
ACTIVATION_COLOURS = {
    "sigmoid": "#D55E00",
    "tanh": "#E69F00",
    "relu": "#0072B2",
    "leaky_relu": "#56B4E9",
    "prelu": "#009E73",
    "maxout": "#CC79A7",
}
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Maxout pieces: not blue or vermillion, which in the network drawing mean a positive or negative weight.
PIECE_COLOURS = ["#009E73", "#CC79A7", "#F0E442", "#56B4E9", "#000000", "#999999"]
LAYER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
POSITIVE, NEGATIVE, OFF = "#0072B2", "#D55E00", "#CCCCCC"
HEIGHT = 240
BOUNDARY_SIZE = 250
# Full width, fixed height: without this a container-wide chart is squeezed into its default height.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


def _tip(field: str) -> alt.Tooltip:
    """A tooltip channel object: Altair turns bare strings into channels through a slow schema lookup."""
    return alt.Tooltip(field)


def activation_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(
        domain=[ACTIVATION_LABELS[n] for n in names], range=[ACTIVATION_COLOURS[n] for n in names]
    )


def _colour(names: list[str], legend: bool = True) -> alt.Color:
    return alt.Color(
        "activation:N",
        scale=activation_scale(names),
        legend=alt.Legend(title=None, orient="bottom") if legend else None,
    )


def _split_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = {"train": text("net.chart.train", lang), "test": text("net.chart.test", lang)}
    return frame.assign(split=frame["split"].map(names))


# ----- training curves --------------------------------------------------------------------------------------
def live_chart(frame: pd.DataFrame, names: list[str], epochs: int, lang: str = "en") -> alt.Chart:
    """The training loss so far per activation, on a fixed epoch axis so the curves visibly grow."""
    return (
        alt.Chart(frame)
        .mark_line(strokeWidth=2, clip=True)
        .encode(
            x=alt.X(
                "epoch:Q",
                title=text("net.chart.epoch", lang),
                scale=alt.Scale(domain=[1, max(epochs, 2)], nice=False),
            ),
            y=alt.Y("loss:Q", title=text("net.chart.loss", lang), scale=alt.Scale(type="log")),
            color=_colour(names),
        )
        .properties(width="container", autosize=FIT_X, height=200)
    )


def loss_chart(curves: pd.DataFrame, names: list[str], lang: str = "en") -> alt.Chart:
    """Training loss C against epoch (log scale), one line per activation."""
    data = curves[curves.metric == "loss"]
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("epoch:Q", title=text("net.chart.epoch", lang)),
            y=alt.Y("value:Q", title=text("net.chart.loss", lang), scale=alt.Scale(type="log")),
            color=_colour(names),
            tooltip=[_tip("activation:N"), _tip("epoch:Q"), alt.Tooltip("value:Q", format=".4g", title="C")],
        )
        .properties(
            width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.loss_title", lang)
        )
    )


def accuracy_chart(curves: pd.DataFrame, names: list[str], lang: str = "en") -> alt.Chart:
    """Train (solid) and test (dashed) accuracy against epoch, one colour per activation."""
    data = _split_labels(curves[curves.metric == "accuracy"], lang)
    splits = [text("net.chart.train", lang), text("net.chart.test", lang)]
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("epoch:Q", title=text("net.chart.epoch", lang)),
            y=alt.Y(
                "value:Q",
                title=text("net.chart.accuracy", lang),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=_colour(names),
            strokeDash=alt.StrokeDash(  # no legend: the title says which is which, and a phone has no room
                "split:N", scale=alt.Scale(domain=splits, range=[[1, 0], [5, 3]]), legend=None
            ),
            tooltip=[
                _tip("activation:N"),
                _tip("split:N"),
                _tip("epoch:Q"),
                alt.Tooltip("value:Q", format=".1%"),
            ],
        )
        .properties(
            width="container", autosize=FIT_X, height=HEIGHT, title=text("net.chart.accuracy_title", lang)
        )
    )


# ----- the vanishing gradient --------------------------------------------------------------------------------
def layer_name(layer: int, n_layers: int, lang: str) -> str:
    return text("net.chart.output_layer", lang) if layer == n_layers else str(layer)


def gradient_heatmap(
    frame: pd.DataFrame, n_layers: int, low: float, high: float, title: str, lang: str = "en"
) -> alt.Chart:
    """‖∂C/∂W_l‖ for layer (y, output on top) × epoch (x), log colour on the shared domain [low, high], so
    that the heatmaps of different activations compare."""
    data = frame.assign(
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
    data = frame.assign(name=[layer_name(layer, n_layers, lang) for layer in frame.layer])
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
            color=_colour(names),
            tooltip=[
                _tip("activation:N"),
                alt.Tooltip("name:O", title=text("net.chart.layer", lang)),
                alt.Tooltip(f"{value}:Q", format=".3g", title=title),
            ],
        )
        .properties(width="container", autosize=FIT_X, height=HEIGHT)
    )


# ----- decision boundaries and the thinned network -------------------------------------------------------------
def _hex(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def boundary_image(probs: np.ndarray) -> str:
    """A PNG data URL of the predicted class probabilities: each pixel the probability-weighted mix of the
    class colours, faded towards white where the network is unsure."""
    classes = probs.shape[-1]
    palette = np.array([_hex(CLASS_COLOURS[c % len(CLASS_COLOURS)]) for c in range(classes)])
    mix = probs @ palette
    sure = (probs.max(axis=-1, keepdims=True) - 1 / classes) / (1 - 1 / classes)
    alpha = 0.25 + 0.35 * sure
    rgb = 255 * (1 - alpha) + mix * alpha
    return png_data_url(np.clip(np.round(rgb), 0, 255).astype(np.uint8))


def _class_scale(labels) -> alt.Scale:
    domain = sorted(labels, key=int)
    return alt.Scale(domain=domain, range=[CLASS_COLOURS[int(c) % len(CLASS_COLOURS)] for c in domain])


def boundary_chart(
    image_url: str,
    box,
    points: pd.DataFrame,
    title: str,
    lang: str = "en",
    clickable: bool = False,
    chosen: int | None = None,
    size: int = BOUNDARY_SIZE,
) -> alt.LayerChart:
    """The predicted classes as an image with the data on top (train: dots, test: outlined squares).
    ``clickable``: a click picks the nearest test point (selection ``pick`` on field ``index``); ``chosen``
    (a test index) is ringed."""
    (x0, x1), (y0, y1) = box
    xs = alt.Scale(domain=[x0, x1], nice=False, zero=False)
    ys = alt.Scale(domain=[y0, y1], nice=False, zero=False)
    x = alt.X("x1:Q", scale=xs, axis=None)  # standardised inputs: their numbers would say nothing
    y = alt.Y("x2:Q", scale=ys, axis=None)
    colour = alt.Color("label:N", scale=_class_scale(points.label.unique()), legend=None)
    image = (
        alt.Chart(pd.DataFrame({"x1": [x0], "xe": [x1], "x2": [y1], "ye": [y0], "url": [image_url]}))
        .mark_image(aspect=False)
        .encode(x=x, x2=alt.X2("xe:Q"), y=y, y2=alt.Y2("ye:Q"), url=alt.Url("url:N"))
    )
    tooltip = [
        alt.Tooltip("split:N", title=text("net.chart.split", lang)),
        alt.Tooltip("index:Q", title="#"),
        alt.Tooltip("label:N", title=text("net.chart.class", lang)),
    ]
    data = _split_labels(points, lang)
    train_points = (
        alt.Chart(data[points.split == "train"])
        .mark_circle(size=22, opacity=0.75 if not clickable else 0.35, stroke="white", strokeWidth=0.4)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    test_points = (
        alt.Chart(data[points.split == "test"])
        .mark_square(size=34, opacity=0.95, stroke="black", strokeWidth=0.8)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    layers = [image, train_points, test_points]
    if clickable:
        pick = alt.selection_point(
            name="pick", fields=["index"], on="click", nearest=True, clear=False, empty=False
        )
        layers[2] = test_points.add_params(pick)
    if chosen is not None:
        ring = data[(points.split == "test") & (points["index"] == chosen)]
        layers.append(
            alt.Chart(ring)
            .mark_point(size=520, shape="circle", filled=False, color="black", strokeWidth=3)
            .encode(x=x, y=y, tooltip=tooltip)
        )
    return alt.layer(*layers).properties(
        width=size, height=size, title=title, autosize=alt.AutoSizeParams(type="pad")
    )


def network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, maxout: bool, lang: str = "en", height: int = 380
) -> alt.LayerChart:
    """The network for one input, input on the left: units that are off are grey and their connections faded;
    a Maxout unit is coloured by its winning piece (the others are dropped); edge width ∝ |w| of the thinned
    network, blue positive, vermillion negative."""
    top = float(nodes.y.max()) + 1.2
    bottom = float(nodes.y.min()) - 0.8
    n_layers = int(nodes.layer.max())
    xs = alt.Scale(domain=[-0.4, n_layers + 0.4], nice=False, zero=False)
    ys = alt.Scale(domain=[bottom, top], nice=False, zero=False)
    hidden = dict(axis=None)
    biggest = float(edges.weight.abs().max()) if len(edges) else 1.0
    edges = edges.assign(
        width=0.4 + 4.0 * edges.weight.abs() / (biggest or 1.0),
        sign=np.where(edges.weight >= 0, "+", "−"),
        shown=np.where(edges.active, 0.7, 0.07),
    )
    lines = (
        alt.Chart(edges)
        .mark_rule()
        .encode(
            x=alt.X("x:Q", scale=xs, **hidden),
            y=alt.Y("y:Q", scale=ys, **hidden),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            strokeWidth=alt.StrokeWidth("width:Q", legend=None, scale=None),
            opacity=alt.Opacity("shown:Q", legend=None, scale=None),
            color=alt.Color(
                "sign:N",
                scale=alt.Scale(domain=["+", "−"], range=[POSITIVE, NEGATIVE]),
                legend=alt.Legend(title=text("net.chart.weight_sign", lang), orient="bottom"),
            ),
            tooltip=[alt.Tooltip("weight:Q", format=".3g", title="w")],
        )
    )
    on, off = text("net.chart.unit_on", lang), text("net.chart.unit_off", lang)
    piece = text("net.chart.piece", lang)
    state = [
        off if not a else (f"{piece} {p}" if maxout and 0 < layer < n_layers else on)
        for a, p, layer in zip(nodes.active, nodes.piece, nodes.layer)
    ]
    won = sorted(int(p) for p in nodes.piece[nodes.piece > 0].unique()) if maxout else []
    domain = [on, off] + [f"{piece} {p}" for p in won]
    colours = ["#444444", OFF] + [PIECE_COLOURS[(p - 1) % len(PIECE_COLOURS)] for p in won]
    circles = (
        alt.Chart(nodes.assign(state=state))
        .mark_circle(size=150, opacity=1, stroke="black", strokeWidth=0.6)
        .encode(
            x=alt.X("x:Q", scale=xs, **hidden),
            y=alt.Y("y:Q", scale=ys, **hidden),
            color=alt.Color(
                "state:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(title=None, orient="bottom", symbolSize=140, symbolStrokeWidth=0.6),
            ),
            tooltip=[
                alt.Tooltip("layer:Q", title=text("net.chart.layer", lang)),
                alt.Tooltip("unit:Q", title=text("net.chart.unit", lang)),
                _tip("state:N"),
                alt.Tooltip("value:Q", format=".3g", title="h"),
            ],
        )
    )
    names = [text("net.chart.input_layer", lang)]
    names += [str(layer) for layer in range(1, n_layers)] + [text("net.chart.output_layer", lang)]
    labels = (
        alt.Chart(pd.DataFrame({"x": range(n_layers + 1), "y": top - 0.45, "name": names}))
        .mark_text(fontSize=12, color="#333")
        .encode(
            x=alt.X("x:Q", scale=xs, **hidden), y=alt.Y("y:Q", scale=ys, **hidden), text=alt.Text("name:N")
        )
    )
    return (
        alt.layer(lines, circles, labels)
        .resolve_scale(color="independent")
        .properties(width="container", autosize=FIT_X, height=height)
        .configure_view(strokeWidth=0)
    )


def digit_image(x: np.ndarray) -> str:
    """An 8 × 8 digit (standardised pixels) as a small grey PNG data URL, ink dark."""
    pixels = np.asarray(x, float).reshape(8, 8)
    span = pixels.max() - pixels.min() or 1.0
    grey = 255 - np.round(255 * (pixels - pixels.min()) / span)
    return png_data_url(np.repeat(np.repeat(grey.astype(np.uint8), 8, axis=0), 8, axis=1))


# ----- learned shapes -------------------------------------------------------------------------------------
def maxout_unit_chart(frame: pd.DataFrame, unit: int, lang: str = "en", size: int = 170) -> alt.LayerChart:
    """One Maxout unit along the line: its pieces z_j (thin, one colour each) and h = max_j z_j (thick),
    with the points A (t = 0) and B (t = 1) marked."""
    data = frame[frame.unit == unit]
    piece = text("net.chart.piece", lang)
    pieces = data[data.piece > 0].assign(name=lambda d: [f"{piece} {p}" for p in d.piece])
    k = int(pieces.piece.max()) if len(pieces) else 1
    x = alt.X("t:Q", title="t", scale=alt.Scale(nice=False))
    lines = (
        alt.Chart(pieces)
        .mark_line(strokeWidth=1.2, strokeDash=[4, 3])
        .encode(
            x=x,
            y=alt.Y("value:Q", title=None),
            color=alt.Color(
                "name:N",
                scale=alt.Scale(domain=[f"{piece} {j}" for j in range(1, k + 1)], range=PIECE_COLOURS[:k]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
    )
    shape = (
        alt.Chart(data[data.piece == 0])
        .mark_line(strokeWidth=3, color="black")
        .encode(
            x=x,
            y=alt.Y("value:Q"),
            tooltip=[
                alt.Tooltip("t:Q", format=".2f"),
                alt.Tooltip("value:Q", format=".3g", title="h"),
                alt.Tooltip("winner:Q", title=piece),
            ],
        )
    )
    marks = pd.DataFrame({"t": [0.0, 1.0], "name": ["A", "B"]})
    rules = alt.Chart(marks).mark_rule(color="#888", strokeDash=[2, 2]).encode(x=alt.X("t:Q"))
    names = (
        alt.Chart(marks)
        .mark_text(dy=-6, fontSize=11, fontWeight="bold", color="#555")
        .encode(x=alt.X("t:Q"), y=alt.YValue(0), text=alt.Text("name:N"))
    )
    return alt.layer(lines, shape, rules, names).properties(
        width="container", autosize=FIT_X, height=size, title=text("net.chart.unit_title", lang, unit=unit)
    )


def prelu_chart(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Each unit's learned slope a (thin) and each layer's mean (thick) against epoch, one colour per layer."""
    data = frame.assign(name=[text("net.chart.layer_n", lang, layer=layer) for layer in frame.layer])
    mean = data.groupby(["name", "layer", "epoch"], as_index=False)["a"].mean()
    layers = sorted(frame.layer.unique())
    colour = alt.Color(
        "name:N",
        scale=alt.Scale(
            domain=[text("net.chart.layer_n", lang, layer=layer) for layer in layers],
            range=[LAYER_COLOURS[(layer - 1) % len(LAYER_COLOURS)] for layer in layers],
        ),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    x = alt.X("epoch:Q", title=text("net.chart.epoch", lang))
    y = alt.Y("a:Q", title=text("net.chart.slope", lang))
    units = (
        alt.Chart(data)
        .mark_line(strokeWidth=0.7, opacity=0.35)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("unit:N"))
    )
    means = (
        alt.Chart(mean)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[_tip("name:N"), _tip("epoch:Q"), alt.Tooltip("a:Q", format=".3f")],
        )
    )
    return alt.layer(units, means).properties(width="container", autosize=FIT_X, height=HEIGHT)


# ----- gallery and depth ------------------------------------------------------------------------------------
def gallery_chart(frame: pd.DataFrame, name: str, lang: str = "en", size: int = 190) -> alt.LayerChart:
    """f(z) (solid) and f'(z) (dashed) of one activation on z ∈ [−5, 5]; for Sigmoid a rule at σ' = 1/4."""
    data = frame[frame.activation == name].melt(
        id_vars=["z"], value_vars=["f", "df"], var_name="curve", value_name="value"
    )
    names = {"f": "f(z)", "df": "f′(z)"}
    data["curve"] = data["curve"].map(names)
    colour = ACTIVATION_COLOURS[name]
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.2, color=colour)
        .encode(
            x=alt.X("z:Q", title="z", scale=alt.Scale(domain=[-5, 5], nice=False)),
            y=alt.Y("value:Q", title=None),
            strokeDash=alt.StrokeDash(
                "curve:N",
                scale=alt.Scale(domain=list(names.values()), range=[[1, 0], [5, 3]]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[_tip("curve:N"), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("value:Q", format=".3f")],
        )
    )
    layers = [lines]
    if name == "sigmoid":
        quarter = pd.DataFrame({"value": [0.25], "note": [text("net.chart.quarter", lang)]})
        layers.append(
            alt.Chart(quarter).mark_rule(color="#555", strokeDash=[2, 2]).encode(y=alt.Y("value:Q"))
        )
        layers.append(
            alt.Chart(quarter)
            .mark_text(align="left", dx=4, dy=-7, fontSize=11, color="#333")
            .encode(x=alt.XDatum(-5), y=alt.Y("value:Q"), text=alt.Text("note:N"))
        )
    return alt.layer(*layers).properties(
        width="container", autosize=FIT_X, height=size, title=ACTIVATION_LABELS[name]
    )


def depth_chart(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Training accuracy after the budget against the number of hidden layers; × where a network diverged."""
    names = [n for n in ACTIVATION_LABELS if ACTIVATION_LABELS[n] in set(frame.activation)]
    x = alt.X("depth:O", title=text("net.chart.depth", lang), axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "train_acc:Q",
        title=text("net.chart.train_acc", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    lines = (
        alt.Chart(frame[~frame.diverged])
        .mark_line(point=alt.OverlayMarkDef(size=50), strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=_colour(names),
            tooltip=[_tip("activation:N"), _tip("depth:O"), alt.Tooltip("train_acc:Q", format=".1%")],
        )
    )
    crosses = (
        alt.Chart(frame[frame.diverged].assign(train_acc=0.02, what=text("net.chart.diverged", lang)))
        .mark_point(shape="cross", size=90, filled=True)
        .encode(
            x=x,
            y=y,
            color=_colour(names, legend=False),
            tooltip=[_tip("activation:N"), _tip("depth:O"), _tip("what:N")],
        )
    )
    return alt.layer(lines, crosses).properties(width="container", autosize=FIT_X, height=280)
