"""Training a network: minibatch or full-batch, one optimizer state per parameter array, with a History.

    θ ← opt.step(θ, ∂C_batch/∂θ)   for every parameter array θ, batch by batch, epoch by epoch

What the trained network does is measured in :mod:`engine.diagnostics`.
Layers are numbered l = 1..L as in the parameter names W1, b1, ...; layer L is the linear output layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from engine import optimizers

if TYPE_CHECKING:  # engine.network re-exports train, so this module must not import it at run time
    from engine.network import MLP


@dataclass
class History:
    """What :func:`train` measured, one entry per finished epoch (epoch e is at index e − 1).

    loss           C on the whole training set after the epoch
    train_acc      accuracy on the training set after the epoch
    test_acc       accuracy on the test set after the epoch ([] without a test set)
    grad_norms     per epoch, per layer 1..L: ‖∂C/∂W_l‖, the mean over the epoch's steps
    update_ratios  per epoch, per layer 1..L: ‖ΔW_l‖ / ‖W_l‖ of one step, the mean over the epoch's steps
    unit_params    per epoch, per hidden layer: {name: a copy} of the per-unit arrays the activation learns
                   (PReLU: {"a": a_l}); [] for activations that learn none
    prelu_slopes   (read-only) per epoch, per hidden layer: the slopes a_l out of ``unit_params``
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
    unit_params: list[list[dict[str, np.ndarray]]] = field(default_factory=list)
    stopped_at: int | None = None
    diverged_at: int | None = None
    reason: str = "completed"

    @property
    def epochs(self) -> int:
        """The number of recorded epochs."""
        return len(self.loss)

    @property
    def prelu_slopes(self) -> list[list[np.ndarray]]:
        """Per epoch, per hidden layer: the learned slopes a_l (PReLU's), i.e. the "a" entries of ``unit_params``
        (so [] when the activation learns nothing per unit)."""
        return [[layer["a"] for layer in epoch if "a" in layer] for epoch in self.unit_params]


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
        if net.activation_spec.unit_params:
            history.unit_params.append([_unit_params(net, layer) for layer in range(1, net.n_layers)])
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


def _unit_params(net: MLP, layer: int) -> dict[str, np.ndarray]:
    """{name: a copy} of the per-unit arrays hidden layer ``layer`` learns (they follow W_l and b_l)."""
    arrays = net.params[net.layer_slice(layer)][2:]
    return {p.name: a.copy() for p, a in zip(net.activation_spec.unit_params, arrays)}


def _norm(a) -> float:
    """‖a‖ = √(Σ a²) over all entries (the Frobenius norm of a matrix)."""
    a = a.reshape(-1)
    return math.sqrt(float(a @ a))
