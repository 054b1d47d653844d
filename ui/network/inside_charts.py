"""Chart builders of what the network lab's networks compute: the decision boundary as a picture with the
data on top, the thinned network of one input, a digit, Maxout's pieces along a line, PReLU's learned
slopes and the gallery of activations. Pure functions to Altair charts, testable without Streamlit; every
label through ``text(key, lang)``.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_kit import CASING, light
from ui.i18n import text
from ui.network.charts import CASING_WIDTH, FIT_X, HEIGHT, bottom_legend, split_labels, tip, with_casing
from ui.race.picture import png_data_url
from ui.vocab import ACTIVATION_COLOURS, ACTIVATION_LABELS

CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PIECE_COLOURS = ["#009E73", "#CC79A7", "#F0E442", "#56B4E9", "#000000", "#999999"]
LAYER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
# The thinned network's weight signs: Paul Tol's indigo and wine, a colour-blind-safe pair that is none of
# the activations' (or the Maxout pieces') Okabe–Ito colours, so blue never reads as "ReLU" there.
POSITIVE, NEGATIVE, OFF = "#332288", "#882255", "#CCCCCC"
BOUNDARY_SIZE = 250
SMALL_SIZE = 200


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
    image_url: str | None,
    box,
    points: pd.DataFrame,
    title: str,
    lang: str = "en",
    clickable: bool = False,
    chosen: int | None = None,
    size: int = BOUNDARY_SIZE,
    marks: dict[str, int] | None = None,
) -> alt.LayerChart:
    """The predicted classes as an image with the data on top (train: dots, test: outlined squares), and a
    key of the class colours below. ``image_url`` None: the data alone (before training).
    ``clickable``: a click picks the nearest test point (selection ``pick`` on field ``index``); ``chosen``
    (a test index) is ringed. ``marks``: name → test index, each labelled, joined by a line in that order
    (the learned-shapes line from A to B)."""
    (x0, x1), (y0, y1) = box
    xs = alt.Scale(domain=[x0, x1], nice=False, zero=False)
    ys = alt.Scale(domain=[y0, y1], nice=False, zero=False)
    x = alt.X("x1:Q", scale=xs, axis=None)  # standardised inputs: their numbers would say nothing
    y = alt.Y("x2:Q", scale=ys, axis=None)
    classes = points.label.unique()
    colour = alt.Color(
        "label:N",
        scale=_class_scale(classes),
        legend=bottom_legend(
            len(classes),
            columns=5,
            title=text("net.chart.class", lang),
            symbolType="square",
            symbolStrokeWidth=0.6,
        ),
    )
    tooltip = [
        alt.Tooltip("split:N", title=text("net.chart.split", lang)),
        alt.Tooltip("index:Q", title="#"),
        alt.Tooltip("label:N", title=text("net.chart.class", lang)),
    ]
    data = split_labels(points, lang)
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
    if clickable:
        pick = alt.selection_point(
            name="pick", fields=["index"], on="click", nearest=True, clear=False, empty=False
        )
        test_points = test_points.add_params(pick)
    layers = [train_points, test_points]
    if image_url is not None:
        image = (
            alt.Chart(pd.DataFrame({"x1": [x0], "xe": [x1], "x2": [y1], "ye": [y0], "url": [image_url]}))
            .mark_image(aspect=False)
            .encode(x=x, x2=alt.X2("xe:Q"), y=y, y2=alt.Y2("ye:Q"), url=alt.Url("url:N"))
        )
        layers.insert(0, image)
    tests = data[points.split == "test"].set_index("index")
    named = {name: i for name, i in (marks or {}).items() if i in tests.index}
    if named:
        ends = pd.DataFrame(
            {
                "name": list(named),
                "order": range(len(named)),
                "x1": [tests.x1[i] for i in named.values()],
                "x2": [tests.x2[i] for i in named.values()],
            }
        )
        base = alt.Chart(ends)
        layers += [
            base.mark_line(color="black", strokeWidth=2, strokeDash=[5, 3]).encode(
                x=x, y=y, order=alt.Order("order:Q")
            ),
            base.mark_point(size=260, shape="circle", filled=False, color="black", strokeWidth=2.5).encode(
                x=x, y=y
            ),
            base.mark_text(dx=11, dy=-11, fontSize=15, fontWeight="bold", color="black").encode(
                x=x, y=y, text=alt.Text("name:N")
            ),
        ]
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
    network, indigo positive, wine negative (colours that no activation uses)."""
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
                legend=bottom_legend(2, title=text("net.chart.weight_sign", lang)),
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
                legend=bottom_legend(len(domain), columns=4, symbolSize=140, symbolStrokeWidth=0.6),
            ),
            tooltip=[
                alt.Tooltip("layer:Q", title=text("net.chart.layer", lang)),
                alt.Tooltip("unit:Q", title=text("net.chart.unit", lang)),
                tip("state:N"),
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
                legend=bottom_legend(k),
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
        legend=bottom_legend(len(layers), columns=5),
    )
    x = alt.X("epoch:Q", title=text("net.chart.epoch", lang))
    y = alt.Y("a:Q", title=text("net.chart.slope", lang))
    light_layers = [
        text("net.chart.layer_n", lang, layer=layer)
        for layer in layers
        if light(LAYER_COLOURS[(layer - 1) % len(LAYER_COLOURS)])
    ]
    units = (
        alt.Chart(data)
        .mark_line(strokeWidth=0.7, opacity=0.35)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("unit:N"))
    )
    casing = with_casing(alt.Chart(mean), "name", light_layers, 3, x=x, y=y)
    means = (
        alt.Chart(mean)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[tip("name:N"), tip("epoch:Q"), alt.Tooltip("a:Q", format=".3f")],
        )
    )
    return alt.layer(units, *casing, means).properties(width="container", autosize=FIT_X, height=HEIGHT)


# ----- the activation gallery ----------------------------------------------------------------------------
def gallery_chart(frame: pd.DataFrame, name: str, lang: str = "en", size: int = 190) -> alt.LayerChart:
    """f(z) (solid) and f'(z) (dashed) of one activation on z ∈ [−5, 5]; for Sigmoid a rule at σ' = 1/4."""
    data = frame[frame.activation == name].melt(
        id_vars=["z"], value_vars=["f", "df"], var_name="curve", value_name="value"
    )
    names = {"f": "f(z)", "df": "f′(z)"}
    data["curve"] = data["curve"].map(names)
    colour = ACTIVATION_COLOURS[name]
    x = alt.X("z:Q", title="z", scale=alt.Scale(domain=[-5, 5], nice=False))
    y = alt.Y("value:Q", title=None)
    dash = alt.StrokeDash(
        "curve:N",
        scale=alt.Scale(domain=list(names.values()), range=[[1, 0], [5, 3]]),
        legend=bottom_legend(2, symbolStrokeColor=colour, symbolStrokeWidth=2),
    )
    casing = (
        [
            alt.Chart(data)
            .mark_line(strokeWidth=2.2 + CASING_WIDTH, color=CASING, opacity=0.85)
            .encode(x=x, y=y, strokeDash=dash)
        ]
        if light(colour)
        else []
    )
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.2, color=colour)
        .encode(
            x=x,
            y=y,
            strokeDash=dash,
            tooltip=[tip("curve:N"), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("value:Q", format=".3f")],
        )
    )
    layers = [*casing, lines]
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


# ----- your own data --------------------------------------------------------------------------------------
MAX_OWN_CLASSES = 4
OWN_SIZE = 280  # px: the editor's square plot (with its axes it fits a 390 px phone)
OWN_GRID = 41  # click cells per side: one every 0.1 over [−2, 2]
ADD, ADD_OTHER = "add", "add_other"  # the editor's selections: a click, a shift-click


def own_grid(box: float, n: int = OWN_GRID) -> pd.DataFrame:
    """The editor's invisible click cells: an n × n grid over [−box, box]²."""
    g = np.linspace(-box, box, n).round(4)
    gx, gy = np.meshgrid(g, g)
    return pd.DataFrame({"x": gx.ravel(), "y": gy.ravel()})


def own_chart(points: pd.DataFrame, box: float, lang: str = "en", size: int = OWN_SIZE) -> alt.LayerChart:
    """Your points (train: dots, test: outlined squares, the colour is the class) over invisible click
    cells that tile the plot: a click selects a cell in ``ADD``, a shift-click in ``ADD_OTHER``.
    ``points``: columns x, y, label (text), split ("train"/"test")."""
    xs = alt.Scale(domain=[-box, box], nice=False, zero=False)
    ys = alt.Scale(domain=[-box, box], nice=False, zero=False)
    x = alt.X("x:Q", scale=xs, title="x₁")
    y = alt.Y("y:Q", scale=ys, title="x₂")
    add = alt.selection_point(
        name=ADD, fields=["x", "y"], on="click[!event.shiftKey]", clear=False, empty=False
    )
    other = alt.selection_point(
        name=ADD_OTHER, fields=["x", "y"], on="click[event.shiftKey]", clear=False, empty=False
    )
    cell = (size / OWN_GRID) ** 2 * 1.05  # squares that tile the plot, so a click always lands on one
    cells = (
        alt.Chart(own_grid(box))
        .mark_square(opacity=0, size=cell, aria=False)
        .encode(x=x, y=y)
        .add_params(add, other)
    )
    top = max([1] + [int(c) for c in points.label]) if len(points) else 1
    labels = [str(c) for c in range(min(top + 1, MAX_OWN_CLASSES))]
    colour = alt.Color(
        "label:N",
        scale=_class_scale(labels),
        legend=bottom_legend(
            len(labels),
            columns=MAX_OWN_CLASSES,
            title=text("net.chart.class", lang),
            symbolType="square",
            symbolStrokeWidth=0.6,
        ),
    )
    data = split_labels(points, lang) if len(points) else pd.DataFrame(columns=["x", "y", "label", "split"])
    tooltip = [
        alt.Tooltip("split:N", title=text("net.chart.split", lang)),
        alt.Tooltip("label:N", title=text("net.chart.class", lang)),
        alt.Tooltip("x:Q", format=".2f", title="x₁"),
        alt.Tooltip("y:Q", format=".2f", title="x₂"),
    ]
    train = text("net.chart.train", lang)
    dots = (
        alt.Chart(data[data.split == train] if len(points) else data)
        .mark_circle(size=70, opacity=0.9, stroke="white", strokeWidth=0.8)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    squares = (
        alt.Chart(data[data.split != train] if len(points) else data)
        .mark_square(size=80, opacity=0.95, stroke="black", strokeWidth=1)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    return alt.layer(cells, dots, squares).properties(width=size, height=size, autosize="pad")
