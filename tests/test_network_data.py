"""The network lab without Streamlit: its data functions (ui/network/model.py, ui/network/experiments.py),
chart builders (ui/network/charts.py, ui/network/inside_charts.py) and URL field checks."""

from __future__ import annotations

import base64
import dataclasses
import io
import math

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from engine import activations as act
from ui.i18n import CATALOGUES, text
from ui.network import charts, inside_charts
from ui.network import experiments as ex
from ui.network import model as nd
from ui.network.fields import LR_CHOICES, fields, nice_grid, view_labels
from ui.url import Field, field_problem
from ui.vocab import ACTIVATION_LABELS

SMALL = nd.NetSetup(nd.DataChoice("moons", 120, 0.1, 0), depth=3, width=6, epochs=15)


@pytest.fixture(scope="module")
def small():
    return nd.train_all(SMALL)


@pytest.fixture(scope="module")
def default():
    return nd.train_all(nd.NetSetup())


def png_size(url: str) -> tuple[int, int]:
    assert url.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).size


# ---------------------------------------------------------------- setups and training


def test_setups_are_hashable_and_equal_by_value():
    assert nd.NetSetup() == nd.NetSetup() and hash(nd.NetSetup()) == hash(nd.NetSetup())
    assert nd.NetSetup(depth=5) != nd.NetSetup()
    assert nd.NetSetup().sizes(nd.DataChoice().load()) == [2, 16, 16, 16, 16, 2]


def test_digits_never_ask_for_more_rows_than_exist():
    data = nd.DataChoice("digits", 2000, 0.0, 0).load()
    assert len(data.X) + len(data.X_test) == nd.DIGITS_ROWS and data.n_features == 64


def test_every_activation_starts_from_the_same_weights():
    data = SMALL.data.load()
    first = SMALL.network("sigmoid", data).params
    for name in ("tanh", "relu", "leaky_relu"):
        assert all(np.array_equal(a, b) for a, b in zip(first, SMALL.network(name, data).params))


def test_training_every_activation_in_order_and_reproducibly(small):
    assert [r.activation for r in small.runs] == list(SMALL.activations)
    for run in small.runs:
        assert len(run.loss) == len(run.train_acc) == len(run.test_acc) == len(run.grad_norms) == SMALL.epochs
        assert all(len(g) == SMALL.depth + 1 for g in run.grad_norms)
        assert run.diverged_at is None and run.seconds > 0
    again = nd.train_all(SMALL)
    for a, b in zip(small.runs, again.runs):
        assert a.loss == b.loss and all(np.array_equal(p, q) for p, q in zip(a.params, b.params))


def test_a_run_rebuilds_its_trained_network(small):
    data = SMALL.data.load()
    run = small.run("relu")
    net = run.network(SMALL, data)
    assert math.isclose(net.evaluate(data.X, data.y)[1], run.train_acc[-1])
    net.params[0][0, 0] += 1.0  # the rebuilt network owns copies
    assert run.params[0][0, 0] != net.params[0][0, 0]


def test_the_epoch_callback_sees_finished_runs_and_the_current_history():
    seen = []
    nd.train_all(
        SMALL, lambda finished, a, epoch, history: seen.append((tuple(finished), a, epoch, history.epochs))
    )
    assert len(seen) == SMALL.epochs * 3
    assert seen[0] == ((), "sigmoid", 1, 1)
    assert seen[-1] == (("sigmoid", "relu"), "maxout", SMALL.epochs, SMALL.epochs)


def test_live_curves_hold_the_finished_runs_and_the_current_one(small):
    finished = {"sigmoid": small.run("sigmoid")}
    history = nd.History(loss=[0.7, 0.6])
    frame = nd.live_curves(finished, "relu", history)
    assert list(frame.columns) == ["activation", "epoch", "loss"]
    assert len(frame) == SMALL.epochs + 2 and set(frame.activation) == {"sigmoid", "relu"}


def test_curves_and_summary(small):
    frame = nd.curves(small)
    assert set(frame.metric) == {"loss", "accuracy"} and set(frame.split) == {"train", "test"}
    assert (frame[frame.metric == "loss"].value > 0).all()
    assert len(frame) == 3 * SMALL.epochs * 3
    table = nd.summary(small)
    assert table.activation.tolist() == ["sigmoid", "relu", "maxout"]
    assert table.diverged_at.isna().all()


def test_a_diverging_run_is_recorded_not_raised():
    setup = dataclasses.replace(SMALL, hyper=(("lr", 10.0),), epochs=30)
    training = nd.train_all(setup)
    diverged = [r for r in training.runs if r.diverged_at is not None]
    assert diverged
    for run in diverged:
        assert len(run.loss) == run.diverged_at - 1
        assert all(np.isfinite(p).all() for p in run.params)
    assert np.isfinite(nd.curves(training).value).all()
    assert np.isfinite(nd.gradient_frame(training).norm).all()


# ---------------------------------------------------------------- the vanishing gradient


def test_the_default_setup_makes_the_first_sigmoid_layer_about_100_times_slower():
    ratios = ex.slowdown(ex.speeds(nd.NetSetup()))
    assert 50 < ratios["sigmoid"] < 300  # Nielsen's 0.003 … 0.285 is ~100×
    assert ratios["relu"] < 20 and ratios["maxout"] < 5


def test_the_default_setup_trains_relu_and_maxout_but_not_sigmoid(default):
    final = {r.activation: r.train_acc[-1] for r in default.runs}
    assert final["sigmoid"] < 0.6 and final["relu"] > 0.9 and final["maxout"] > 0.9


def test_the_gradient_frame_of_the_default_shows_the_vanishing_gradient(default):
    frame = nd.gradient_frame(default)
    sigmoid = frame[frame.activation == "sigmoid"]
    assert len(sigmoid) == 300 * 5 and set(sigmoid.layer) == {1, 2, 3, 4, 5}
    by_layer = sigmoid.groupby("layer").norm.mean()
    assert by_layer[4] / by_layer[1] > 30
    assert (frame.norm >= nd.FLOOR).all()


def test_the_gradient_frame_thins_long_runs(small):
    frame = nd.gradient_frame(small, max_epochs=5)
    sigmoid = frame[frame.activation == "sigmoid"]
    assert sigmoid.epoch.nunique() == 5 and (sigmoid.stride == 3).all()


def test_the_typical_weight_is_the_median():
    grad = np.array([[0.1, -5.0], [0.3, 2.0], [-0.2, 0.0]])  # |g| sorted: 0, 0.1, 0.2, 0.3, 2, 5
    assert ex.typical_weight(grad) == (1, 0)


def test_nudges_compare_sigmoid_and_relu_and_agree_with_backprop():
    setup = dataclasses.replace(nd.NetSetup(), activations=("maxout",))
    table, profile = ex.nudges(setup, 1, 1e-4)
    assert table.activation.tolist() == ["sigmoid", "relu", "maxout"]
    assert np.allclose(table.ratio, table.grad, rtol=0.05, atol=1e-9)
    changes = dict(zip(table.activation, table.delta_C.abs()))
    assert changes["relu"] > 10 * changes["sigmoid"]
    assert set(profile.layer) == {1, 2, 3, 4, 5} and (profile.value > 0).all()
    sigmoid = profile[profile.activation == "sigmoid"].set_index("layer").value
    assert sigmoid[4] > 10 * sigmoid[1]
    assert table.weight.str.match(r"W1\[\d+, \d+\]").iloc[0]
    assert table.weight.iloc[2].count(",") == 2  # a Maxout weight names its piece


# ---------------------------------------------------------------- data, boundaries, thinned network, shapes


def test_points_and_the_square_box_around_them():
    data = SMALL.data.load()
    frame = ex.points(data)
    assert (frame.split == "train").sum() == len(data.X) and (frame.split == "test").sum() == len(data.X_test)
    (x0, x1), (y0, y1) = ex.domain(data)
    assert math.isclose(x1 - x0, y1 - y0)
    assert frame.x1.between(x0, x1).all() and frame.x2.between(y0, y1).all()


def test_probabilities_cover_the_box_top_row_first(small):
    data = SMALL.data.load()
    net = small.run("relu").network(SMALL, data)
    box = ex.domain(data)
    p = ex.probabilities(net, box, n=20)
    assert p.shape == (20, 20, 2) and np.allclose(p.sum(axis=-1), 1)
    (x0, _), (_, y1) = box
    assert np.allclose(p[0, 0], net.predict_proba(np.array([[x0, y1]]))[0])


def test_probabilities_of_a_broken_network_are_a_uniform_guess(small):
    data = SMALL.data.load()
    net = small.run("relu").network(SMALL, data)
    net.params[-1][:] = np.nan
    assert np.allclose(ex.probabilities(net, ex.domain(data), n=4), 0.5)


def test_the_thinned_relu_network_drops_the_units_that_are_off(small):
    data = SMALL.data.load()
    net = small.run("relu").network(SMALL, data)
    nodes, edges, counts = ex.thinned_network(net, data.X_test[0])
    assert len(nodes) == sum(net.sizes) and len(edges) == sum(a * b for a, b in zip(net.sizes, net.sizes[1:]))
    hidden = nodes[(nodes.layer > 0) & (nodes.layer < net.n_layers)]
    assert counts == [int(hidden[hidden.layer == layer].active.sum()) for layer in range(1, net.n_layers)]
    off = hidden[~hidden.active]
    assert len(off), "some ReLU unit should be off for this input"
    assert (off.value == 0).all()
    for node in off.itertuples():
        into = edges[(edges.layer == node.layer) & np.isclose(edges.y2, node.y)]
        out_of = edges[(edges.layer == node.layer + 1) & np.isclose(edges.y, node.y)]
        assert len(into) == net.sizes[node.layer - 1] and len(out_of) == net.sizes[node.layer + 1]
        assert not into.active.any() and not out_of.active.any() and (into.weight == 0).all()


def test_the_thinned_maxout_network_keeps_the_winning_pieces(small):
    data = SMALL.data.load()
    net = small.run("maxout").network(SMALL, data)
    nodes, edges, _ = ex.thinned_network(net, data.X_test[3])
    hidden = nodes[(nodes.layer > 0) & (nodes.layer < net.n_layers)]
    assert hidden.active.all() and set(hidden.piece) <= {1, 2} and (nodes[nodes.layer == 0].piece == 0).all()


def test_the_digits_input_layer_is_collapsed():
    setup = nd.NetSetup(nd.DataChoice("digits", 200, 0.0, 0), depth=2, width=5, epochs=1)
    data = setup.data.load()
    nodes, edges, _ = ex.thinned_network(setup.network("relu", data), data.X_test[0])
    assert (nodes.layer == 0).sum() == 1 and (edges.layer == 1).sum() == 5
    assert (nodes.layer == 3).sum() == 10


def test_maxout_shapes_are_the_max_of_their_pieces(small):
    data = SMALL.data.load()
    net = small.run("maxout").network(SMALL, data)
    frame = ex.maxout_shapes(net, 1, data.X_test[0], data.X_test[1], units=3, m=41)
    assert sorted(frame.unit.unique()) == [1, 2, 3] and set(frame.piece) == {0, 1, 2}
    wide = frame.pivot_table(index=["unit", "t"], columns="piece", values="value")
    assert np.allclose(wide[0], wide[[1, 2]].max(axis=1))
    winners = frame[frame.piece == 0].set_index(["unit", "t"]).winner
    assert np.array_equal(winners.to_numpy(), wide[[1, 2]].to_numpy().argmax(axis=1) + 1)


def test_prelu_slopes_start_at_a_quarter_and_are_learned():
    setup = dataclasses.replace(SMALL, activations=("prelu",), epochs=40)
    frame = ex.prelu_frame(nd.train_all(setup).run("prelu"), max_epochs=10)
    assert (frame[frame.epoch == 0].a == act.PRELU_SLOPE0).all()
    assert frame.epoch.max() == 40 and frame.epoch.nunique() <= 12
    assert not np.allclose(frame[frame.epoch == 40].a, act.PRELU_SLOPE0)
    assert set(frame.layer) == {1, 2, 3}


# ---------------------------------------------------------------- gallery and depth


def test_the_gallery_uses_the_engine_and_sigmoid_slope_peaks_at_a_quarter():
    frame = ex.gallery()
    assert list(frame.activation.unique()) == list(nd.ACTIVATIONS)
    sigmoid = frame[frame.activation == "sigmoid"]
    assert math.isclose(sigmoid.df.max(), 0.25) and math.isclose(
        sigmoid.z[sigmoid.df.idxmax()], 0.0, abs_tol=1e-9
    )
    assert frame[frame.activation == "tanh"].df.max() == pytest.approx(1.0)
    relu = frame[frame.activation == "relu"]
    assert set(relu.df) == {0.0, 1.0} and (relu.f >= 0).all()
    prelu = frame[frame.activation == "prelu"]
    assert set(prelu.df) == {0.25, 1.0}
    maxout = frame[frame.activation == "maxout"]
    assert np.allclose(maxout.f, np.maximum(maxout.z, -maxout.z / 2)) and set(maxout.df) == {1.0, -0.5}


def test_the_depth_experiment_reports_every_depth_and_its_progress():
    calls = []
    setup = dataclasses.replace(SMALL, epochs=5, width=4)
    frame = ex.depth_experiment(setup, lambda done, total: calls.append((done, total)), depths=(1, 3))
    assert list(frame.columns) == ["activation", "depth", "train_acc", "diverged"]
    assert len(frame) == 6 and calls[-1] == (6, 6) and len(calls) == 6
    assert set(frame.activation) == {"sigmoid", "relu", "maxout"}


def test_the_depth_setup_caps_the_epochs_and_keeps_the_rest():
    setup = nd.NetSetup(epochs=1000, width=8)
    deep = ex.depth_setup(setup, 7, "maxout")
    assert (deep.depth, deep.activations, deep.epochs, deep.width) == (7, ("maxout",), ex.DEPTH_MAX_EPOCHS, 8)


# ---------------------------------------------------------------- chart builders


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_builds_a_valid_spec_in_both_languages(small, lang):
    names = list(SMALL.activations)
    curves = nd.curves(small)
    data = SMALL.data.load()
    net = small.run("maxout").network(SMALL, data)
    nodes, edges, _ = ex.thinned_network(net, data.X_test[0])
    grads = nd.gradient_frame(small)
    built = [
        charts.live_chart(nd.live_curves({}, "relu", nd.History(loss=[0.5, 0.4])), names, 15, lang),
        charts.loss_chart(curves, names, lang),
        charts.accuracy_chart(curves, names, lang),
        charts.gradient_heatmap(grads[grads.activation == "relu"], 4, 1e-3, 1.0, "ReLU", lang),
        charts.layer_bars(ex.speeds(SMALL), "speed", "speed", names, 4, lang),
        inside_charts.boundary_chart(
            "data:image/png;base64,", ex.domain(data), ex.points(data), "t", lang, True, 0
        ),
        inside_charts.network_chart(nodes, edges, True, lang),
        inside_charts.maxout_unit_chart(ex.maxout_shapes(net, 1, data.X_test[0], data.X_test[1], 2), 1, lang),
        inside_charts.gallery_chart(ex.gallery(), "sigmoid", lang),
        charts.depth_chart(
            pd.DataFrame(
                {
                    "activation": ["sigmoid", "relu"],
                    "depth": [1, 1],
                    "train_acc": [0.5, math.nan],
                    "diverged": [False, True],
                }
            ),
            lang,
        ),
    ]
    for chart in built:
        chart.to_dict()  # validates against the Vega-Lite schema
    assert text("net.chart.epoch", lang) in str(built[1].to_dict())


def test_the_live_chart_keeps_a_fixed_epoch_axis_so_curves_grow():
    chart = charts.live_chart(nd.live_curves({}, "relu", nd.History(loss=[0.5])), ["relu"], 300).to_dict()
    line = chart["layer"][-1]
    assert line["encoding"]["x"]["scale"]["domain"] == [1, 300]
    assert line["encoding"]["y"]["scale"]["type"] == "log"


# ---------------------------------------------------------------- legends, casings and colours (issue 16)
SIX = list(nd.ACTIVATIONS)


def six_curves() -> pd.DataFrame:
    rows = []
    for name in SIX:
        for e in (1, 2):
            rows.append((name, e, "loss", "train", 1.0 / e))
            rows += [(name, e, "accuracy", split, 0.5) for split in ("train", "test")]
    return pd.DataFrame(rows, columns=["activation", "epoch", "metric", "split", "value"])


def colour_legends(spec: dict) -> list[dict]:
    """Every legend of a colour channel in a (layered) Vega-Lite spec, with the size of its domain."""
    found = []
    for part in [spec, *spec.get("layer", [])]:
        colour = part.get("encoding", {}).get("color", {})
        if colour.get("legend"):
            found.append(dict(colour["legend"], entries=len(colour.get("scale", {}).get("domain", []))))
    return found


def six_activation_charts():
    curves = six_curves()
    depth = pd.DataFrame(
        {
            "activation": SIX,
            "depth": 1,
            "train_acc": 0.5,
            "diverged": False,
        }
    )
    bars = pd.DataFrame({"activation": SIX, "layer": 1, "speed": 0.1})
    return {
        "live": charts.live_chart(curves[curves.metric == "loss"].rename(columns={"value": "loss"}), SIX, 5),
        "loss": charts.loss_chart(curves, SIX),
        "accuracy": charts.accuracy_chart(curves, SIX),
        "bars": charts.layer_bars(bars, "speed", "speed", SIX, 2),
        "depth": charts.depth_chart(depth),
    }


@pytest.mark.parametrize("name", ["live", "loss", "accuracy", "bars", "depth"])
def test_with_six_activations_every_legend_shows_every_series(name):
    """Six entries in one row below a half-width chart ran past its edge and Maxout was cut off: the legend
    wraps into rows of at most 3, with no symbol or label limit."""
    spec = six_activation_charts()[name].to_dict()
    (legend,) = colour_legends(spec)
    assert legend["entries"] == 6
    assert legend["orient"] == "bottom" and 1 <= legend["columns"] <= 3
    assert legend.get("symbolLimit", 30) in (0, None) or legend["symbolLimit"] >= 6
    assert legend.get("labelLimit") == 0  # no label is truncated either ("Leaky ReLU")


@pytest.mark.parametrize("name", ["live", "loss", "accuracy", "depth"])
def test_light_lines_get_a_dark_casing_under_them(name):
    """Colours below 3:1 on white (Tanh's orange, Leaky ReLU's sky blue) have a wider dark line drawn
    first, under theirs; the dark colours do not."""
    from ui.chart_kit import CASING, contrast_on_white

    spec = six_activation_charts()[name].to_dict()
    casing = [layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict)]
    casing = [layer for layer in casing if layer["mark"].get("color") == CASING]
    assert len(casing) == 1
    light = [ACTIVATION_LABELS[n] for n in SIX if contrast_on_white(charts.ACTIVATION_COLOURS[n]) < 3]
    assert set(light) >= {"Tanh", "Leaky ReLU"} and "ReLU" not in light
    (keep,) = [t["filter"] for t in casing[0]["transform"] if "filter" in t]
    assert all(repr(label) in keep for label in light) and "'ReLU'" not in keep
    line = next(layer for layer in spec["layer"] if layer.get("encoding", {}).get("color"))
    assert casing[0]["mark"]["strokeWidth"] > line["mark"]["strokeWidth"]
    assert spec["layer"].index(casing[0]) < spec["layer"].index(line)  # under the coloured line


def test_the_boundary_chart_has_a_class_key_and_can_show_the_data_alone(small):
    data = SMALL.data.load()
    spec = inside_charts.boundary_chart("x", ex.domain(data), ex.points(data), "t").to_dict()
    legends = [
        layer["encoding"]["color"].get("legend")
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    ]
    assert legends[0]["title"] == "class"
    assert inside_charts.boundary_chart("x", ex.domain(data), ex.points(data), "t", "zh").to_dict()["layer"][
        1
    ]["encoding"]["color"]["legend"]["title"] == text("net.chart.class", "zh")
    bare = inside_charts.boundary_chart(None, ex.domain(data), ex.points(data), "t").to_dict()
    assert not any(
        layer["mark"] == "image" or layer["mark"].get("type") == "image"
        for layer in bare["layer"]
        if isinstance(layer["mark"], (str, dict))
    )


def test_the_line_from_a_to_b_is_marked_on_the_data(small):
    data = SMALL.data.load()
    spec = inside_charts.boundary_chart(
        None, ex.domain(data), ex.points(data), "t", marks={"A": 2, "B": 5}
    ).to_dict()
    texts = [
        layer
        for layer in spec["layer"]
        if layer["mark"] == "text"
        or (isinstance(layer["mark"], dict) and layer["mark"].get("type") == "text")
    ]
    (labels,) = texts
    rows = spec["datasets"][labels["data"]["name"]]
    tests = ex.points(data)
    tests = tests[tests.split == "test"].set_index("index")
    assert [r["name"] for r in rows] == ["A", "B"]
    assert [(r["x1"], r["x2"]) for r in rows] == [(tests.x1[2], tests.x2[2]), (tests.x1[5], tests.x2[5])]


def test_the_weight_signs_use_no_activation_or_piece_colour(small):
    data = SMALL.data.load()
    nodes, edges, _ = ex.thinned_network(small.run("relu").network(SMALL, data), data.X_test[0])
    spec = inside_charts.network_chart(nodes, edges, False).to_dict()
    (signs,) = [layer for layer in spec["layer"] if layer["encoding"].get("color", {}).get("field") == "sign"]
    used = {c.upper() for c in charts.ACTIVATION_COLOURS.values()} | {
        c.upper() for c in inside_charts.PIECE_COLOURS
    }
    pair = signs["encoding"]["color"]["scale"]["range"]
    assert len(set(pair)) == 2 and not {c.upper() for c in pair} & used


def test_heatmaps_share_one_log_colour_domain(small):
    grads = nd.gradient_frame(small)
    spec = charts.gradient_heatmap(grads[grads.activation == "sigmoid"], 4, 1e-4, 2.0, "Sigmoid").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["type"] == "log" and scale["domain"] == [1e-4, 2.0]
    assert spec["encoding"]["y"]["sort"][0] == "output"  # output on top


def test_log_bars_stand_on_a_baseline_below_the_smallest_value():
    frame = pd.DataFrame({"activation": ["sigmoid", "relu"], "layer": [1, 1], "speed": [0.0007, 0.03]})
    spec = charts.layer_bars(frame, "speed", "speed", ["sigmoid", "relu"], 3).to_dict()
    assert spec["encoding"]["y2"]["datum"] == pytest.approx(1e-4)
    assert spec["encoding"]["y"]["scale"]["domain"] == pytest.approx([1e-4, 0.1])


def test_the_boundary_image_blends_class_colours_and_fades_when_unsure():
    probs = np.zeros((4, 6, 2))
    probs[..., 0] = 1.0
    probs[:, 3:] = 0.5
    url = inside_charts.boundary_image(probs)
    assert png_size(url) == (6, 4)
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB"), float)
    sure, unsure = pixels[0, 0], pixels[0, 5]
    assert sure.sum() < unsure.sum()  # a certain class is deeper than a 50/50 guess
    assert sure[2] > sure[0]  # class 0 is blue


def test_the_clickable_boundary_has_a_pick_selection_and_rings_the_chosen_point(small):
    data = SMALL.data.load()
    spec = inside_charts.boundary_chart(
        "x", ex.domain(data), ex.points(data), "t", clickable=True, chosen=4
    ).to_dict()
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert [p["name"] for p in params] == ["pick"] and params[0]["select"]["fields"] == ["index"]
    assert len(spec["layer"]) == 4


def test_the_network_chart_keeps_node_and_edge_colours_apart(small):
    data = SMALL.data.load()
    nodes, edges, _ = ex.thinned_network(small.run("relu").network(SMALL, data), data.X_test[0])
    spec = inside_charts.network_chart(nodes, edges, False).to_dict()
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_the_digit_image_is_a_small_png():
    assert png_size(inside_charts.digit_image(np.arange(64.0))) == (64, 64)


# ---------------------------------------------------------------- URL fields


@pytest.mark.parametrize(
    "field, values, problem",
    [
        (Field("depth", "number", 1, 10), ["6"], None),
        (Field("depth", "number", 1, 10), ["6.5"], None),  # the slider truncates it to 6
        (Field("depth", "number", 1, 10), ["11"], "11 is outside 1 … 10"),
        (Field("depth", "number", 1, 10), ["inf"], "inf is outside 1 … 10"),
        (Field("depth", "number", 1, 10), ["nan"], "nan is outside 1 … 10"),
        (Field("depth", "number", 1, 10), ["0x10"], "not a number: '0x10'"),
        (Field("data", "choice", options=("Moons",)), ["moons"], "unknown value 'moons'"),
        (Field("act", "choices", options=("ReLU", "Maxout")), ["ReLU", "Maxout"], None),
        (Field("act", "choices", options=("ReLU", "Maxout")), ["ReLU,Maxout"], "unknown 'ReLU,Maxout'"),
    ],
)
def test_field_problems(field, values, problem):
    assert field_problem(field, values) == problem


def test_the_learning_rates_are_round_numbers_including_the_defaults():
    assert nice_grid(0.01, 1.0) == [0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0]
    assert (
        "0.05" in LR_CHOICES and "0.1" in LR_CHOICES and LR_CHOICES[0] == "0.0001" and LR_CHOICES[-1] == "10"
    )


def test_view_labels_are_unique_in_each_language_and_in_the_url_field():
    for lang in CATALOGUES:
        assert len(set(view_labels(lang))) == len(view_labels(lang))
    (view,) = [f for f in fields() if f.key == "view"]
    assert set(view_labels("en")) | set(view_labels("zh")) == set(view.options)


def test_the_url_keys_differ_from_the_optimizer_lab():
    race_fields = pytest.importorskip("ui.race.fields")
    ours = {f.key for f in fields()}
    theirs = {f.key for f in race_fields.fields()}
    assert not ours & theirs, "a key on both pages would hand a value of one widget to another"


# ---------------------------------------------------------------- estimates, Stop, the depth experiment


def test_the_parameter_count_is_the_networks_own():
    for name in nd.ACTIVATIONS:
        setup = dataclasses.replace(SMALL, activations=(name,), pieces=3)
        data = setup.data.load()
        assert nd.parameter_count(setup, name, data) == sum(p.size for p in setup.network(name, data).params)


def test_the_estimate_grows_with_the_size_of_the_training():
    data = SMALL.data.load()
    base = nd.estimate_seconds(SMALL, data)
    assert base > 0
    assert nd.estimate_seconds(dataclasses.replace(SMALL, epochs=2 * SMALL.epochs), data) == pytest.approx(
        2 * base
    )
    one = dataclasses.replace(SMALL, activations=("relu",))
    assert nd.estimate_seconds(one, data) < base
    assert nd.estimate_seconds(dataclasses.replace(SMALL, width=64), data) > base
    # the default setup: about 1–2 s here; six activations of the biggest network: minutes
    default = nd.NetSetup()
    assert 0.3 < nd.estimate_seconds(default, default.data.load()) < nd.HEAVY_SECONDS
    big = dataclasses.replace(
        default,
        data=nd.DataChoice("spiral", 2000),
        depth=10,
        width=64,
        activations=nd.ACTIVATIONS,
        epochs=2000,
    )
    assert nd.estimate_seconds(big, big.data.load()) > 60


def test_stop_keeps_the_networks_trained_so_far():
    seen = []

    def on_epoch(finished, activation, epoch, history):
        seen.append((activation, epoch))
        return False if (activation, epoch) == ("relu", 3) else None

    training = nd.train_all(SMALL, on_epoch)
    assert training.stopped
    assert [r.activation for r in training.runs] == ["sigmoid", "relu"]
    assert len(training.runs[0].loss) == SMALL.epochs and len(training.runs[1].loss) == 3
    assert seen[-1] == ("relu", 3)  # Maxout never started


def test_the_depth_experiment_reports_each_depth_as_it_finishes():
    setup = dataclasses.replace(SMALL, epochs=5, width=4)
    frames = []
    ex.depth_experiment(setup, depths=(1, 2, 3), on_depth=frames.append)
    assert [sorted(f.depth.unique()) for f in frames] == [[1], [1, 2], [1, 2, 3]]
    assert all(len(f) == 3 * f.depth.nunique() for f in frames)


def test_the_depth_estimate_adds_up_its_networks():
    setup = nd.NetSetup()
    data = setup.data.load()
    total = ex.depth_estimate(setup, data)
    assert total == pytest.approx(
        sum(
            nd.estimate_seconds(ex.depth_setup(setup, d, a), data)
            for d in ex.DEPTHS
            for a in ex.DEPTH_ACTIVATIONS
        )
    )
    assert total > 10  # the default experiment is no matter of "a few seconds"


def test_a_stored_training_is_compact_arrays_not_lists_of_floats():
    """A cached training is pickled into Streamlit's cache and copied out on every hit: per-epoch records
    are arrays (8 bytes a number), not lists of float objects (a 2000-epoch PReLU run was 40 MB of them)."""
    import pickle

    setup = nd.NetSetup(
        nd.DataChoice("spiral", 100, 0.1, 3), depth=3, width=8, activations=("prelu",), epochs=60
    )
    run = nd.train_one(setup, "prelu", setup.data.load())
    assert run.prelu_slopes.shape == (60, 3, 8) and run.grad_norms.shape == (60, 4)
    numbers = run.prelu_slopes.size + run.grad_norms.size + sum(p.size for p in run.params) + 3 * 60
    assert len(pickle.dumps(run)) < 8 * numbers * 1.2 + 4096


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hovering_a_training_chart_lists_the_epoch_and_every_series_exact_value(lang):
    """The hover rule's data is one row per epoch with every series' value, titled with its label."""
    rows = []
    for i, name in enumerate(SIX):
        for e in (1, 2, 3):
            rows.append((name, e, "loss", "train", 1.0 / (e + i) + 1e-7))
            rows += [
                (name, e, "accuracy", split, 0.1 * i + 0.01 * e + 0.001 * j)
                for j, split in enumerate(("train", "test"))
            ]
    curves = pd.DataFrame(rows, columns=["activation", "epoch", "metric", "split", "value"])
    train, test = text("net.chart.train", lang), text("net.chart.test", lang)
    expected = {
        "loss": {ACTIVATION_LABELS[n]: [1.0 / (e + i) + 1e-7 for e in (1, 2, 3)] for i, n in enumerate(SIX)},
        "accuracy": {
            f"{ACTIVATION_LABELS[n]} {word}": [0.1 * i + 0.01 * e + 0.001 * j for e in (1, 2, 3)]
            for i, n in enumerate(SIX)
            for j, word in enumerate((train, test))
        },
    }
    for metric, chart, fmt in (
        ("loss", charts.loss_chart(curves, SIX, lang), ".4g"),
        ("accuracy", charts.accuracy_chart(curves, SIX, lang), ".1%"),
    ):
        spec = chart.to_dict()
        (param,) = spec["params"]  # Altair lifts a layer's selection to the top, naming its view
        (rule,) = [layer for layer in spec["layer"] if layer.get("name") in param["views"]]
        assert param["name"] == charts.HOVER and param["select"]["nearest"] and rule["mark"]["type"] == "rule"
        tips = rule["encoding"]["tooltip"]
        assert tips[0] == {"field": "epoch", "type": "quantitative", "title": text("net.chart.epoch", lang)}
        assert all(t.get("format") == fmt for t in tips[1:])
        table = pd.DataFrame(spec["datasets"][rule["data"]["name"]]).set_index("epoch")
        assert table.index.tolist() == [1, 2, 3]
        shown = {t["title"]: table[t["field"]].tolist() for t in tips[1:]}
        assert shown == expected[metric]  # exact: every series, every epoch


def test_a_stopped_network_is_marked_at_the_epoch_it_kept():
    curves = six_curves()
    stops = pd.DataFrame({"activation": ["relu"], "epoch": [4], "best": [2], "reason": ["early_stopped"]})
    for chart in (
        charts.loss_chart(curves, SIX, "en", stops=stops),
        charts.accuracy_chart(curves, SIX, "en", stops=stops),
    ):
        spec = chart.to_dict()
        (rule,) = [layer for layer in spec["layer"] if layer["mark"].get("strokeDash") == [3, 3]]
        assert rule["encoding"]["x"]["field"] == "best"
        assert spec["datasets"][rule["data"]["name"]] == [
            {"activation": "ReLU", "epoch": 4, "best": 2, "reason": "early_stopped", "what": "best epoch"}
        ]


def test_the_summary_reads_the_restored_epoch():
    setup = nd.NetSetup(
        nd.DataChoice("moons", 100, 0.4, 0), depth=2, width=32, activations=("relu",), init="he",
        bias_init="zeros", optimizer="adam", hyper=(("lr", 0.03),), epochs=300, batch=None, patience=10,
    )  # fmt: skip
    training = nd.train_all(setup)
    (run,) = training.runs
    assert run.reason == "early_stopped" and run.stopped_at == run.best_epoch + 10 == len(run.loss)
    row = nd.summary(training).iloc[0]
    assert row.epoch == run.best_epoch and row.test_acc == run.test_acc[run.best_epoch - 1]
    assert row.loss == run.loss[run.best_epoch - 1] != run.loss[-1]
    assert len(run.val_loss) == len(run.loss) and min(run.val_loss) == run.val_loss[run.best_epoch - 1]
    net = run.network(setup, setup.data.load())
    data = setup.data.load()
    assert net.evaluate(data.X_test, data.y_test)[1] == row.test_acc  # the kept network is the best epoch's


def test_the_test_share_sets_the_split():
    from ui.network import fields as network_fields

    state = network_fields.defaults() | {"test_share": 70, "n": 200, "data": "moons"}
    data = network_fields.setup_from_state(state).data
    assert data.test_fraction == 0.7
    loaded = data.load()
    assert (len(loaded.X), len(loaded.X_test)) == (60, 140)
    assert network_fields.setup_state(network_fields.setup_from_state(state))["test_share"] == 70
