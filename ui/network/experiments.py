"""What the network lab measures besides the training, as DataFrames for the charts: the speed of learning
and the lecture's nudge at initialisation, the data and what a trained network makes of it (decision
boundaries, the thinned network of one input, Maxout's pieces, PReLU's slopes), the activation gallery and
the depth experiment.

Pure functions (numpy, pandas and the engine), testable without Streamlit; ui/network/cache.py wraps them in
bounded caches. Frames carry the engine's activation names; the chart builders turn them into labels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from engine import activations as act
from engine import active_paths, datasets, layer_speeds, nudge, unit_response
from engine.network import MLP
from ui.budget import units_that_fit
from ui.network import own_data
from ui.network.model import (
    ACTIVATIONS,
    FLOOR,
    OWN,
    NetSetup,
    Run,
    estimate_seconds,
    parameter_count,
    train_one,
)

DEPTHS = tuple(range(1, 11))
DEPTH_ACTIVATIONS = ("sigmoid", "relu", "maxout")
DEPTH_MAX_EPOCHS = 300
NUDGE_SAMPLES = 24  # weights per layer in the nudge profile
BOUNDARY_GRID = 100  # the decision boundary's picture: the network on a 100 × 100 grid

# What the views cost, from their size (ui/budget.py draws it; with one BLAS thread on the 2-core
# development machine a forward pass took 0.6–2.2e-10 s per point × parameter, a gradient 2–7e-10 s, and
# about 1e-5 s a layer for the calls; the constants err long).
FORWARD_SECONDS = 2.5e-10  # per point × parameter of a forward pass; a gradient costs GRADIENT_PASSES of them
GRADIENT_PASSES = 3
LAYER_CALL_SECONDS = 2e-5  # per layer of any pass
PASS_SECONDS = 1e-4  # per pass: checking and shaping its input, the loss
COPY_SECONDS = 2e-9  # per parameter of a network copied (the nudge copies it for every weight it moves)
IMAGE_SECONDS = 5e-3  # the boundary's colours and PNG


def forward_seconds(setup: NetSetup, activation: str, data: datasets.Dataset, points: int) -> float:
    """One forward pass of ``activation``'s network of ``setup`` over ``points`` points."""
    params = parameter_count(setup, activation, data)
    return FORWARD_SECONDS * points * params + LAYER_CALL_SECONDS * (setup.depth + 1) + PASS_SECONDS


def speeds_seconds(setup: NetSetup, data: datasets.Dataset) -> float:
    """The speeds of learning: one gradient on the training set per activation."""
    n = len(data.X)
    return sum(GRADIENT_PASSES * forward_seconds(setup, a, data, n) for a in setup.activations)


def nudge_seconds(setup: NetSetup, data: datasets.Dataset, samples: int = NUDGE_SAMPLES) -> float:
    """The nudge: per activation one gradient and one nudge (two passes), then ``samples`` weights of every
    layer moved in a copy of the network and its loss taken again (one pass each)."""
    n, layers = len(data.X), setup.depth + 1
    total = 0.0
    for a in nudge_activations(setup):
        passes = GRADIENT_PASSES + 2 + layers * samples
        copies = layers * samples * parameter_count(setup, a, data)
        total += passes * forward_seconds(setup, a, data, n) + COPY_SECONDS * copies
    return total


def boundary_seconds(setup: NetSetup, activation: str, data: datasets.Dataset) -> float:
    """The decision boundary's picture of one network."""
    return forward_seconds(setup, activation, data, BOUNDARY_GRID * BOUNDARY_GRID) + IMAGE_SECONDS


# ----- the vanishing gradient ------------------------------------------------------------------------------


def speeds(setup: NetSetup, activations: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Nielsen's speed of learning ‖∂C/∂b_l‖ of each hidden layer at initialisation, on the training set.
    Columns activation, layer, speed."""
    data = setup.data.load()
    rows = []
    for activation in activations or setup.activations:
        net = setup.network(activation, data)
        with np.errstate(all="ignore"):
            values = layer_speeds(net, data.X, data.y)
        rows += [(activation, layer, max(float(v), FLOOR)) for layer, v in enumerate(values, start=1)]
    return pd.DataFrame(rows, columns=["activation", "layer", "speed"])


def slowdown(frame: pd.DataFrame, value: str = "speed") -> dict[str, float]:
    """Per activation: how many times the last hidden layer's value exceeds the first one's."""
    out = {}
    for name, rows in frame.groupby("activation", sort=False):
        rows = rows.sort_values("layer")
        out[name] = float(rows[value].iloc[-1] / rows[value].iloc[0])
    return out


def nudge_activations(setup: NetSetup) -> tuple[str, ...]:
    """The lecture compares Sigmoid and ReLU: those two always, plus whatever else is selected."""
    chosen = set(setup.activations) | {"sigmoid", "relu"}
    return tuple(a for a in ACTIVATIONS if a in chosen)


def typical_weight(grad: np.ndarray) -> tuple[int, ...]:
    """The index of the weight whose |∂C/∂w| is the median of its layer's: a representative weight."""
    flat = np.abs(grad).reshape(-1)
    order = np.argsort(flat, kind="stable")
    return tuple(int(i) for i in np.unravel_index(order[len(order) // 2], grad.shape))


def nudges(
    setup: NetSetup, layer: int, delta: float, samples: int = NUDGE_SAMPLES
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lecture's finite difference on the networks at initialisation, for Sigmoid, ReLU and the rest.

    Returns (table, profile). table: one row per activation for a typical weight of ``layer``: weight
    (its name, e.g. W1[0, 3]), w, delta_w, delta_C, ratio = ΔC/Δw, grad = ∂C/∂w. profile: per activation
    and layer 1..L, the root mean square over ``samples`` weights of |ΔC/Δw| (columns activation, layer,
    value).
    """
    data = setup.data.load()
    table, profile = [], []
    rng = np.random.default_rng(setup.data.seed)
    for activation in nudge_activations(setup):
        net = setup.network(activation, data)
        with np.errstate(all="ignore"):
            loss, grads = net.loss_and_grads(data.X, data.y)
            at = net.layer_slice(layer).start
            index = typical_weight(grads[at])
            result = nudge(net, data.X, data.y, layer, index, delta)
            table.append(
                {
                    "activation": activation,
                    "weight": f"W{layer}[{', '.join(str(i) for i in index)}]",
                    "w": result.w,
                    "delta_w": result.delta_w,
                    "delta_C": result.delta_C,
                    "ratio": result.ratio,
                    "grad": result.grad,
                }
            )
            for ell in range(1, net.n_layers + 1):
                W = net.params[net.layer_slice(ell).start]
                picks = rng.choice(W.size, size=min(samples, W.size), replace=False)
                ratios = []
                for flat in picks:
                    nudged = net.copy()
                    nudged.params[net.layer_slice(ell).start].reshape(-1)[flat] += delta
                    ratios.append((nudged.loss(data.X, data.y) - loss) / delta)
                rms = float(np.sqrt(np.mean(np.square(ratios))))
                profile.append((activation, ell, max(rms, FLOOR) if math.isfinite(rms) else math.nan))
    return pd.DataFrame(table), pd.DataFrame(profile, columns=["activation", "layer", "value"])


# ----- the data and what the networks make of it -------------------------------------------------------------
def points(data: datasets.Dataset) -> pd.DataFrame:
    """The 2D points: index (within its split), split ("train"/"test"), x1, x2, label (class as text)."""
    frames = []
    for split, X, y in (("train", data.X, data.y), ("test", data.X_test, data.y_test)):
        frames.append(
            pd.DataFrame(
                {
                    "index": np.arange(len(X)),
                    "split": split,
                    "x1": X[:, 0].round(4),
                    "x2": X[:, 1].round(4),
                    "label": y.astype(str),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def domain(data: datasets.Dataset, margin: float = 0.4) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square box around every point (train and test) of a 2D dataset; your own points: the editor's box."""
    if data.name == OWN:
        return (-own_data.BOX, own_data.BOX), (-own_data.BOX, own_data.BOX)
    X = np.vstack([data.X, data.X_test])
    centre = (X.max(axis=0) + X.min(axis=0)) / 2
    half = float((X.max(axis=0) - X.min(axis=0)).max() / 2 + margin)
    return (
        (float(centre[0] - half), float(centre[0] + half)),
        (float(centre[1] - half), float(centre[1] + half)),
    )


def probabilities(net: MLP, box, n: int = BOUNDARY_GRID) -> np.ndarray:
    """softmax of the network on an n × n grid over ``box``: (n, n, classes), row 0 at the top (high x2).
    Non-finite outputs (a network on the edge of diverging) become a uniform guess."""
    (x0, x1), (y0, y1) = box
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y1, y0, n))
    with np.errstate(all="ignore"):
        p = net.predict_proba(np.c_[gx.ravel(), gy.ravel()])
    p[~np.isfinite(p).all(axis=1)] = 1.0 / p.shape[1]
    return p.reshape(n, n, -1)


def thinned_network(net: MLP, x, max_inputs: int = 8) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """The network as it acts on the single input ``x``: (nodes, edges, active units per hidden layer).

    nodes: layer (0 = input .. L = output), unit, x, y (drawing position), active, piece (the winning
    Maxout piece, 1-based, 0 otherwise), value (the unit's output h). edges: layer (of the target unit), x,
    y, x2, y2, weight (the thinned network's weight: W times the unit's slope, Maxout's winning piece),
    active (both ends on). With more than ``max_inputs`` inputs (digits) the input layer is one node and
    each edge from it carries the norm of the unit's input weights.
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        paths = active_paths(net, x)
        hidden = net.hidden_outputs(x.reshape(1, -1))
        logits = net.forward(x.reshape(1, -1))[0]
    collapsed = net.sizes[0] > max_inputs
    sizes = [1 if collapsed else net.sizes[0], *net.sizes[1:]]
    values = [np.array([np.linalg.norm(x)]) if collapsed else x]
    values += [h.h[0] for h in hidden] + [logits]
    active = [np.ones(sizes[0], bool), *paths.on, np.ones(sizes[-1], bool)]
    pieces = [np.zeros(s, int) for s in sizes]
    if paths.winner is not None:
        for layer, winner in enumerate(paths.winner, start=1):
            pieces[layer] = winner + 1
    tallest = max(sizes)

    def y_of(size, unit):
        return (size - 1) / 2 - unit if size > 1 else 0.0

    nodes = [
        {
            "layer": layer,
            "unit": unit,
            "x": float(layer),
            "y": float(y_of(size, unit) * (tallest - 1) / max(size - 1, 1) if size > 1 else 0.0),
            "active": bool(active[layer][unit]),
            "piece": int(pieces[layer][unit]),
            "value": float(values[layer][unit]),
        }
        for layer, size in enumerate(sizes)
        for unit in range(size)
    ]
    ys = {(n["layer"], n["unit"]): n["y"] for n in nodes}
    edges = []
    for layer, W in enumerate(paths.weights, start=1):
        if collapsed and layer == 1:
            W = np.linalg.norm(W, axis=0, keepdims=True)
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                edges.append(
                    {
                        "layer": layer,
                        "x": float(layer - 1),
                        "y": ys[(layer - 1, i)],
                        "x2": float(layer),
                        "y2": ys[(layer, j)],
                        "weight": float(W[i, j]) if math.isfinite(W[i, j]) else 0.0,
                        "active": bool(active[layer - 1][i] and active[layer][j]),
                    }
                )
    counts = [int(on.sum()) for on in paths.on]
    return pd.DataFrame(nodes), pd.DataFrame(edges), counts


def maxout_shapes(net: MLP, layer: int, start, stop, units: int = 8, m: int = 161) -> pd.DataFrame:
    """Maxout units' pieces z_j and output h = max_j z_j along the line x(t) = start + t (stop − start),
    t ∈ [−0.5, 1.5]. Columns unit (1-based), t, piece (1..k, or 0 for h), value, winner (1-based)."""
    t = np.linspace(-0.5, 1.5, m)
    start, stop = np.asarray(start, float), np.asarray(stop, float)
    along = start + t[:, None] * (stop - start)
    rows = []
    with np.errstate(all="ignore"):
        for unit in range(min(units, net.sizes[layer])):
            response = unit_response(net, layer, unit, along)
            winner = response.z.argmax(axis=1) + 1
            for j in range(response.z.shape[1]):
                rows += [(unit + 1, ti, j + 1, zi, w) for ti, zi, w in zip(t, response.z[:, j], winner)]
            rows += [(unit + 1, ti, 0, hi, w) for ti, hi, w in zip(t, response.h, winner)]
    frame = pd.DataFrame(rows, columns=["unit", "t", "piece", "value", "winner"])
    return frame[np.isfinite(frame["value"])]


def prelu_frame(run: Run, max_epochs: int = 150) -> pd.DataFrame:
    """The learned PReLU slopes a over training: layer, unit, epoch, a (every k-th epoch beyond
    ``max_epochs``), starting with a⁰ = 0.25 at epoch 0."""
    rows = []
    epochs = len(run.prelu_slopes)
    stride = max(1, math.ceil(epochs / max_epochs))
    keep = sorted(set(range(0, epochs, stride)) | ({epochs - 1} if epochs else set()))
    if epochs:
        for layer, slopes in enumerate(run.prelu_slopes[0], start=1):
            rows += [(layer, unit, 0, act.PRELU_SLOPE0) for unit in range(len(slopes))]
    for e in keep:
        for layer, slopes in enumerate(run.prelu_slopes[e], start=1):
            rows += [(layer, unit, e + 1, a) for unit, a in enumerate(slopes)]
    return pd.DataFrame(rows, columns=["layer", "unit", "epoch", "a"])


# ----- the activation gallery ----------------------------------------------------------------------------
MAXOUT_EXAMPLE = ((1.0, 0.0), (-0.5, 0.0))  # two pieces (w, b): z and −z/2, a |z|-like learned shape


def gallery(z=None) -> pd.DataFrame:
    """f(z) and f'(z) of every activation on z ∈ [−5, 5], computed by the engine's own forward/backward
    pairs (engine.activations.REGISTRY). What it learns per unit at its initial value (PReLU: a = 0.25); an
    activation with pieces (Maxout) with the example pieces ``MAXOUT_EXAMPLE`` (k = 2).
    Columns activation (name), z, f, df."""
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, float)
    row = z[None, :]
    ones = np.ones_like(row)
    frames = []
    for name in ACTIVATIONS:
        spec = act.get(name)
        if spec.has_pieces:
            pieces = np.stack([w * row + b for w, b in MAXOUT_EXAMPLE], axis=1)  # (1, k, m)
            f, winner = spec.f(pieces)
            dz = spec.back(winner, ones, len(MAXOUT_EXAMPLE))
            df = sum(w * dz[:, j] for j, (w, _) in enumerate(MAXOUT_EXAMPLE))  # dh/dz = Σ_j w_j [j wins]
        else:
            learned = spec.initial_params(1)
            f = spec.f(row.copy(), *learned)
            grads = spec.back(row, f, ones, *learned)
            df = grads[0] if spec.unit_params else grads  # with learned parameters: (dz, dp_1, ...)
        frames.append(pd.DataFrame({"activation": name, "z": z, "f": f[0], "df": df[0]}))
    return pd.concat(frames, ignore_index=True)


# ----- the depth experiment ----------------------------------------------------------------------------------
def depth_setup(setup: NetSetup, depth: int, activation: str) -> NetSetup:
    """``setup`` with one activation, ``depth`` hidden layers and at most DEPTH_MAX_EPOCHS epochs."""
    return NetSetup(
        setup.data,
        depth,
        setup.width,
        (activation,),
        setup.pieces,
        setup.init,
        setup.bias_init,
        setup.optimizer,
        setup.hyper,
        min(setup.epochs, DEPTH_MAX_EPOCHS),
        setup.batch,
    )


def depth_estimate(setup: NetSetup, data: datasets.Dataset, depths=DEPTHS) -> float:
    """The expected time of the depth experiment of ``setup`` (the same model as ``estimate_seconds``)."""
    return sum(
        estimate_seconds(depth_setup(setup, depth, a), data, (a,))
        for depth in depths
        for a in DEPTH_ACTIVATIONS
    )


def depth_fitted_epochs(setup: NetSetup, data: datasets.Dataset, seconds: float) -> int:
    """The most epochs (at most the experiment's) whose depth experiment fits in ``seconds``; 0 if none."""
    most = min(setup.epochs, DEPTH_MAX_EPOCHS)
    return units_that_fit(depth_estimate(replace(setup, epochs=1), data), most, seconds)


def depth_experiment(
    setup: NetSetup,
    on_step: Callable[[int, int], object] | None = None,
    depths=DEPTHS,
    on_depth: Callable[[pd.DataFrame], object] | None = None,
) -> pd.DataFrame:
    """Training accuracy after the budget vs the number of hidden layers, for Sigmoid, ReLU and Maxout,
    everything else as in ``setup``, depth by depth. ``on_step(done, total)`` after each network;
    ``on_depth(rows so far)`` after each depth. Columns activation, depth, train_acc (NaN when it
    diverged), diverged."""
    data = setup.data.load()
    jobs = [(a, d) for d in depths for a in DEPTH_ACTIVATIONS]
    rows = []
    for done, (activation, depth) in enumerate(jobs, start=1):
        run = train_one(depth_setup(setup, depth, activation), activation, data)
        diverged = run.diverged_at is not None
        rows.append(
            {
                "activation": activation,
                "depth": depth,
                "train_acc": math.nan if diverged or not run.train_acc else run.train_acc[-1],
                "diverged": diverged,
            }
        )
        if on_step is not None:
            on_step(done, len(jobs))
        if on_depth is not None and activation == DEPTH_ACTIVATIONS[-1]:
            on_depth(pd.DataFrame(rows))
    return pd.DataFrame(rows)


# ----- the lecture's second half: the same network with and without help against overfitting -------------
COMPARISONS = ("regularise", "l2", "dropout")
DEFAULT_PATIENCE = 30
DEFAULT_LAMBDA = 0.01
DEFAULT_DROPOUT = 0.5


def plain(setup: NetSetup) -> NetSetup:
    """``setup`` with its first activation only and none of the second half's tools."""
    return replace(
        setup,
        activations=setup.activations[:1],
        weight_decay=0.0,
        l1=0.0,
        dropout=0.0,
        patience=0,
        target_loss=0.0,
    )


def comparison_variants(setup: NetSetup, kind: str) -> list[tuple[str, NetSetup]]:
    """The networks a comparison trains side by side, as (name, setup): the first activation of ``setup``,
    everything else as there, with
      "regularise"  nothing, early stopping (the sidebar's patience, else 30), L2 (its λ, else 0.01)
      "l2"          three values of λ: 0, λ and 3λ (λ the sidebar's, else 0.01)
      "dropout"     p = 0 and p (the sidebar's, else 0.5)
    Names: "none", "early", "l2", "l2_3", "dropout" (``comparison_label`` words them)."""
    base = plain(setup)
    lam = setup.weight_decay or DEFAULT_LAMBDA
    if kind == "regularise":
        return [
            ("none", base),
            ("early", replace(base, patience=setup.patience or DEFAULT_PATIENCE)),
            ("l2", replace(base, weight_decay=lam)),
        ]
    if kind == "l2":
        return [
            ("none", base),
            ("l2", replace(base, weight_decay=lam)),
            ("l2_3", replace(base, weight_decay=3 * lam)),
        ]
    if kind == "dropout":
        return [("none", base), ("dropout", replace(base, dropout=setup.dropout or DEFAULT_DROPOUT))]
    raise ValueError(f"unknown comparison {kind!r}; choose one of: {', '.join(COMPARISONS)}")


def comparison_labels(setup: NetSetup, kind: str, lang: str) -> dict[str, str]:
    """How a chart and table name the variants: "no help", "early stopping (patience 30)", "λ = 0.01", "p = 0.5"."""
    from ui.i18n import text

    labels = {}
    for name, variant in comparison_variants(setup, kind):
        if name == "none":
            labels[name] = text("net.compare.none", lang)
        elif name == "early":
            labels[name] = text("net.compare.early", lang, patience=variant.patience)
        elif name.startswith("l2"):
            labels[name] = f"λ = {variant.weight_decay:g}"
        else:
            labels[name] = f"p = {variant.dropout:g}"
    return labels


def comparison_seconds(setup: NetSetup, kind: str, data: datasets.Dataset, seeds: int = 1) -> float:
    """The expected time of a comparison over ``seeds`` seeds (the training's own model)."""
    return seeds * sum(
        estimate_seconds(variant, data, variant.activations)
        for _, variant in comparison_variants(setup, kind)
    )


def comparison(setup: NetSetup, kind: str, seeds=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train every variant of ``comparison_variants`` on the data of each seed (``seeds``: None, the setup's
    own). Returns the curves (variant, seed, epoch, split "train"/"test", accuracy) and one row per variant
    and seed: train_acc, test_acc and gap (train − test) of the network it ends with (the best epoch's
    with early stopping), epoch (that epoch), stopped_at."""
    seeds = (setup.data.seed,) if seeds is None else tuple(seeds)
    curves, rows = [], []
    for seed in seeds:
        for name, variant in comparison_variants(replace(setup, data=replace(setup.data, seed=seed)), kind):
            data = variant.data.load()
            run = train_one(variant, variant.activations[0], data)
            epochs = np.arange(1, len(run.loss) + 1)
            for split, values in (("train", run.train_acc), ("test", run.test_acc)):
                curves.append(
                    pd.DataFrame(
                        {
                            "variant": name,
                            "seed": seed,
                            "epoch": epochs[: len(values)],
                            "split": split,
                            "accuracy": values,
                        }
                    )
                )
            at = run.final - 1
            train_acc = run.train_acc[at] if run.train_acc else math.nan
            test_acc = run.test_acc[at] if run.test_acc else math.nan
            rows.append(
                {
                    "variant": name,
                    "seed": seed,
                    "train_acc": train_acc,
                    "test_acc": test_acc,
                    "gap": train_acc - test_acc,
                    "epoch": run.final,
                    "stopped_at": run.stopped_at,
                }
            )
    columns = ["variant", "seed", "epoch", "split", "accuracy"]
    frame = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(columns=columns)
    return frame, pd.DataFrame(rows)
