"""Training a network, and the diagnostics of the lecture's second half, each a pure function.

    train          minibatch or full-batch training, one optimizer state per parameter array, with a History
    layer_speeds   ‖∂C/∂b_l‖ per hidden layer: Nielsen's "speed of learning" (NNDL ch. 5)
    nudge          ΔC from changing one weight by Δw, ΔC/Δw, and ∂C/∂w beside it
    active_paths   for one input: which units are on, which Maxout piece wins, the thinned linear network
    unit_response  one unit's pre-activations and output along points in input space (learned Maxout shapes)

Layers are numbered l = 1..L as in the parameter names W1, b1, ...; layer L is the linear output layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from engine import activations as act
from engine import optimizers

if TYPE_CHECKING:  # engine.network re-exports train, so this module must not import it at run time
    from engine.network import MLP

RELU_FAMILY = ("relu", "leaky_relu", "prelu")


@dataclass
class History:
    """What :func:`train` measured, one entry per finished epoch (epoch e is at index e − 1).

    loss           C on the whole training set after the epoch
    train_acc      accuracy on the training set after the epoch
    test_acc       accuracy on the test set after the epoch ([] without a test set)
    grad_norms     per epoch, per layer 1..L: ‖∂C/∂W_l‖, the mean over the epoch's steps
    update_ratios  per epoch, per layer 1..L: ‖ΔW_l‖ / ‖W_l‖ of one step, the mean over the epoch's steps
    prelu_slopes   per epoch, per hidden layer: a copy of the PReLU slopes a_l ([] for other activations)
    stopped_at     the epoch after which the callback stopped training, or None
    diverged_at    the epoch in which the loss became non-finite, or None; that epoch is not recorded and
                   the network keeps the parameters it had before it
    reason         "completed", "stopped" or "diverged"
    """

    loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    grad_norms: list[list[float]] = field(default_factory=list)
    update_ratios: list[list[float]] = field(default_factory=list)
    prelu_slopes: list[list[np.ndarray]] = field(default_factory=list)
    stopped_at: int | None = None
    diverged_at: int | None = None
    reason: str = "completed"

    @property
    def epochs(self) -> int:
        """The number of recorded epochs."""
        return len(self.loss)


def train(
    net: MLP,
    opt,
    X,
    y,
    epochs: int,
    batch_size: int | None = None,
    seed: int = 0,
    X_test=None,
    y_test=None,
    callback: Callable[[int, History], object] | None = None,
) -> History:
    """θ ← opt.step(θ, ∂C_batch/∂θ) for every parameter array θ, batch by batch, for ``epochs`` epochs.

    ``opt`` is an Optimizer or an optimizer name (default hyperparameters); each array in ``net.params`` gets
    its own optimizer state. ``batch_size=None`` (or ≥ n) is full-batch gradient descent; otherwise the rows
    are reshuffled every epoch, reproducibly by ``seed``, and the last batch may be smaller.
    ``net.params`` (the list) is updated in place with the new arrays the optimizer returns.
    ``callback(epoch, history)`` runs after each recorded epoch; returning ``False`` stops training
    (any other value, None included, continues). A non-finite loss stops training and is recorded in
    ``history.diverged_at``; it never raises.
    """
    opt = optimizers.make(opt) if isinstance(opt, str) else opt
    X = np.asarray(X, dtype=net.dtype)
    y = np.asarray(y)
    n = len(X)
    if X.ndim != 2 or X.shape[1] != net.sizes[0] or y.shape != (n,) or n == 0:
        raise ValueError(f"X must be (n, {net.sizes[0]}) and y (n,) with n ≥ 1, got {X.shape} and {y.shape}")
    if not (isinstance(epochs, (int, np.integer)) and epochs >= 0):
        raise ValueError(f"epochs must be an integer ≥ 0, got {epochs!r}")
    batch = n if batch_size is None else int(batch_size)
    if batch < 1:
        raise ValueError(f"batch_size must be ≥ 1 or None, got {batch_size!r}")
    has_test = X_test is not None and y_test is not None and len(X_test) > 0

    rng = np.random.default_rng(seed)
    states = [opt.init(p) for p in net.params]
    history = History()
    for epoch in range(1, epochs + 1):
        before = list(net.params)  # the optimizers never mutate arrays, so references are a snapshot
        # A diverging run overflows on its way to inf/NaN; that is caught here, so numpy need not warn.
        with np.errstate(all="ignore"):
            measured = _epoch(net, opt, states, X, y, batch, rng)
            loss, train_acc = net.evaluate(X, y) if measured else (math.nan, 0.0)
        if not math.isfinite(loss):
            net.params[:] = before
            history.diverged_at, history.reason = epoch, "diverged"
            break
        history.loss.append(loss)
        history.train_acc.append(train_acc)
        if has_test:
            history.test_acc.append(net.evaluate(X_test, y_test)[1])
        history.grad_norms.append(measured[0])
        history.update_ratios.append(measured[1])
        if net.activation == "prelu":
            slopes = [net.params[net.layer_slice(layer).start + 2] for layer in range(1, net.n_layers)]
            history.prelu_slopes.append([a.copy() for a in slopes])
        if callback is not None and callback(epoch, history) is False:
            history.stopped_at, history.reason = epoch, "stopped"
            break
    return history


def _epoch(net, opt, states, X, y, batch, rng) -> tuple[list[float], list[float]] | None:
    """One pass over the rows in batches of ``batch`` (reshuffled when smaller than n). Returns the per-layer
    means over its steps of ‖∂C/∂W_l‖ and ‖ΔW_l‖/‖W_l‖, or None as soon as a batch loss is not finite."""
    n, params = len(X), net.params
    order = rng.permutation(n) if batch < n else None
    weights = [net.layer_slice(layer).start for layer in range(1, net.n_layers + 1)]  # where each W_l sits
    grad_sum, ratio_sum, steps = np.zeros(len(weights)), np.zeros(len(weights)), 0
    for lo in range(0, n, batch):
        rows = order[lo : lo + batch] if order is not None else slice(None)
        loss, grads = net.loss_and_grads(X[rows], y[rows])
        if not math.isfinite(loss):
            return None
        old = list(params)
        for i, (p, g) in enumerate(zip(old, grads)):
            new, states[i] = opt.step(p, g, states[i])
            params[i] = new.astype(net.dtype, copy=False)  # adam's float64 state must not upcast float32
        for k, w in enumerate(weights):
            grad_sum[k] += _norm(grads[w])
            ratio_sum[k] += _norm(params[w] - old[w]) / (_norm(old[w]) or 1.0)
        steps += 1
    return (grad_sum / steps).tolist(), (ratio_sum / steps).tolist()


def _norm(a) -> float:
    """‖a‖ = √(Σ a²) over all entries (the Frobenius norm of a matrix)."""
    a = a.reshape(-1)
    return math.sqrt(float(a @ a))


# ----- diagnostics ------------------------------------------------------------------------------------------
def layer_speeds(net: MLP, X, y) -> np.ndarray:
    """‖∂C/∂b_l‖ for each hidden layer l = 1..L−1: the norm of the mean (over the examples) bias gradient,
    Nielsen's "speed of learning" of a layer. In a deep Sigmoid network the first layers are far slower."""
    grads = net.loss_and_grads(X, y)[1]
    return np.array([_norm(grads[net.layer_slice(layer).start + 1]) for layer in range(1, net.n_layers)])


class Nudge(NamedTuple):
    """The lecture's finite-difference view of one weight: w → w + Δw changes the loss by ΔC."""

    w: float  # the weight before the nudge
    delta_w: float  # Δw
    delta_C: float  # C(w + Δw) − C(w)
    ratio: float  # ΔC / Δw
    grad: float  # ∂C/∂w by backpropagation: ΔC/Δw → ∂C/∂w as Δw → 0


def nudge(net: MLP, X, y, layer: int, index, delta: float = 1e-3) -> Nudge:
    """ΔC = C(w + Δw) − C(w) for the weight w = W_layer[index], ΔC/Δw, and ∂C/∂w. ``net`` is left unchanged.

    ``index`` is a tuple into W_layer ((i, j), or (i, j, piece) for a Maxout layer) or a flat int.
    """
    if delta == 0 or not math.isfinite(delta):
        raise ValueError(f"delta must be finite and non-zero, got {delta!r}")
    at = net.layer_slice(layer).start
    W = net.params[at]
    index = tuple(np.unravel_index(index, W.shape)) if np.ndim(index) == 0 else tuple(index)
    loss, grads = net.loss_and_grads(X, y)
    nudged = net.copy()
    nudged.params[at][index] += delta
    delta_C = nudged.loss(X, y) - loss
    return Nudge(float(W[index]), float(delta), delta_C, delta_C / delta, float(grads[at][index]))


class ActivePaths(NamedTuple):
    """How one input x travels through the network (lists run over hidden layers 1..L−1 unless noted).

    on        bool (units,): z > 0 for the ReLU family (the unit passes its input on); all True for
              sigmoid, tanh, linear and Maxout, whose units always pass something on
    winner    int (units,): the winning piece of each Maxout unit; None for other activations
    slope     (units,): ∂h/∂z at x (1 or 0 for ReLU, 1 or 0.01 for Leaky ReLU, 1 or a for PReLU, 1 for a
              Maxout unit w.r.t. its winning piece, σ'(z) or 1 − tanh²(z) for the smooth ones)
    weights   per layer 1..L: the thinned network's weights (fan_in, fan_out): W_l with each Maxout unit's
              winning piece, times each unit's slope; removing the off units (zero columns) leaves the thin
              linear network of the lecture. The output layer's is W_L itself.
    A, c      the local linear map: logits ≈ x A + c near x, with A = ∂logits/∂x = Π_l weights_l; exact in a
              neighbourhood of x when ``exact`` (piecewise-linear activations)
    exact     True for relu, leaky_relu, prelu, maxout and linear
    """

    on: list[np.ndarray]
    winner: list[np.ndarray] | None
    slope: list[np.ndarray]
    weights: list[np.ndarray]
    A: np.ndarray
    c: np.ndarray
    exact: bool


def active_paths(net: MLP, x) -> ActivePaths:
    """Which hidden units are on and which Maxout pieces win for the single input ``x`` (n_in,)."""
    x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
    on, winners, slopes, weights = [], [], [], []
    for layer, hidden in enumerate(net.hidden_outputs(x), start=1):
        z, h, winner = hidden.z[0], hidden.h[0], hidden.winner
        W = net.params[net.layer_slice(layer).start]
        if winner is not None:
            winner = winner[0].astype(int)
            W = np.take_along_axis(W, winner[None, :, None], axis=2)[:, :, 0]
            slope = np.ones_like(h)
        else:
            slope = _slope(net, layer, z, h)
        on.append(z > 0 if net.activation in RELU_FAMILY else np.ones(len(h), dtype=bool))
        winners.append(winner)
        slopes.append(slope)
        weights.append(W * slope)
    weights.append(net.params[-2])
    A = np.eye(net.sizes[0], dtype=net.dtype)
    for Wl in weights:
        A = A @ Wl
    c = net.forward(x)[0] - x[0] @ A
    return ActivePaths(
        on,
        winners if net.activation == "maxout" else None,
        slopes,
        weights,
        A,
        c,
        net.activation in act.PIECEWISE_LINEAR,
    )


def _slope(net: MLP, layer: int, z, h) -> np.ndarray:
    """∂h/∂z of each unit of a non-Maxout hidden layer at one input: its backward pass with ∂C/∂h = 1."""
    z, h, ones = z[:, None], h[:, None], np.ones((len(z), 1), dtype=z.dtype)
    if net.activation == "prelu":
        return act.prelu_back(z, h, ones, net.params[net.layer_slice(layer).start + 2])[0][:, 0]
    return act.ELEMENTWISE[net.activation].back(z, h, ones)[:, 0]


class UnitResponse(NamedTuple):
    """One hidden unit along m input points: its pre-activations z (m, k) (k pieces for Maxout, else k = 1)
    and its output h (m,); for Maxout h = max_j z_j, the learned convex piecewise-linear shape."""

    z: np.ndarray
    h: np.ndarray


def unit_response(net: MLP, layer: int, unit: int, along) -> UnitResponse:
    """The pre-activations and output of hidden unit ``unit`` of ``layer`` (1..L−1) at the points ``along``
    (m, n_in), e.g. ``np.linspace(start, stop, 201)`` for a line through input space."""
    if not 1 <= layer < net.n_layers:
        raise ValueError(f"layer must be a hidden layer, 1..{net.n_layers - 1}, got {layer}")
    if not 0 <= unit < net.sizes[layer]:
        raise ValueError(f"unit must be in 0..{net.sizes[layer] - 1}, got {unit}")
    hidden = net.hidden_outputs(np.atleast_2d(along))[layer - 1]
    z = hidden.z[:, unit]
    return UnitResponse(z.reshape(len(z), -1), hidden.h[:, unit])
