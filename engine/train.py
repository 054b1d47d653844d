"""Training a network: minibatch or full-batch, one optimizer state per parameter array, with a History.

    θ ← opt.step(θ, ∂C_batch/∂θ)   for every parameter array θ, batch by batch, epoch by epoch

with C_batch the batch's cross-entropy plus λ/2 Σ‖W_l‖² + μ Σ|W_l| (``weight_decay`` λ, ``l1`` μ) and, for a
network with dropout, a fresh inverted-dropout mask per batch drawn from the seed's own stream. Early
stopping (``patience`` k, Lee's "early stopping", Keras's ``restore_best_weights``): a ``validation``
fraction of the training rows is held out; after every epoch the validation loss is measured, training
stops once it has not gone below its best for k epochs, and the network gets the parameters of the best
epoch back. ``target_loss`` stops as soon as the training loss is at most that.

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
    val_loss       C on the validation rows after the epoch ([] without early stopping)
    val_acc        accuracy on the validation rows after the epoch ([] without early stopping)
    stopped_at     the epoch after which training stopped before its last epoch (the callback, patience or
                   the target loss), or None
    best_epoch     with early stopping: the epoch of the lowest validation loss, whose parameters the
                   network holds at the end (the curves still go on to the last epoch trained); else None
    diverged_at    the epoch in which the loss became non-finite, or None; that epoch is not recorded and
                   the network keeps the parameters it had before it
    reason         "completed", "stopped" (the callback), "early_stopped" (patience), "target" (the
                   training loss reached ``target_loss``) or "diverged"
    """

    loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    grad_norms: list[list[float]] = field(default_factory=list)
    update_ratios: list[list[float]] = field(default_factory=list)
    unit_params: list[list[dict[str, np.ndarray]]] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    stopped_at: int | None = None
    best_epoch: int | None = None
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
    weight_decay: float = 0.0,
    l1: float = 0.0,
    patience: int | None = None,
    validation: float = 0.2,
    target_loss: float | None = None,
) -> History:
    """θ ← opt.step(θ, ∂C_batch/∂θ) for every parameter array θ, batch by batch, for ``epochs`` epochs.

    ``opt`` is an Optimizer or an optimizer name (default hyperparameters); each array in ``net.params`` gets
    its own optimizer state. ``batch_size=None`` (or ≥ n) is full-batch gradient descent; otherwise the rows
    are reshuffled every epoch, reproducibly by ``seed``, and the last batch may be smaller.
    ``net.params`` (the list) is updated in place with the new arrays the optimizer returns.
    ``callback(epoch, history)`` runs after each recorded epoch; returning ``False`` stops training
    (any other value, None included, continues). A non-finite loss stops training and is recorded in
    ``history.diverged_at``; it never raises.

    ``weight_decay`` λ and ``l1`` μ add λ/2 Σ‖W_l‖² + μ Σ|W_l| to every batch's loss (weight matrices only);
    the History's losses are the cross-entropy alone. ``patience`` k (None: no early stopping) holds out
    ``validation`` (a fraction, reproducibly by ``seed``) of the rows, which are then not trained on, and
    stops after k epochs without a new lowest validation loss, restoring the best epoch's parameters
    (also when the last epoch comes first). ``target_loss``: stop once the training loss is ≤ it.
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
    for name, value in (("weight_decay", weight_decay), ("l1", l1)):
        if not (isinstance(value, (int, float, np.number)) and math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
    if patience is not None and not (isinstance(patience, (int, np.integer)) and patience >= 1):
        raise ValueError(f"patience must be an integer ≥ 1 or None, got {patience!r}")
    if target_loss is not None and not math.isfinite(target_loss):
        raise ValueError(f"target_loss must be a finite number or None, got {target_loss!r}")
    X_val = y_val = None
    if patience is not None:
        n_val = int(round(validation * n)) if 0 < validation < 1 else 0
        if not 1 <= n_val < n:
            raise ValueError(
                f"early stopping needs 0 < validation < 1 leaving rows on both sides, got {validation!r}"
            )
        held = np.random.default_rng([seed, 3]).permutation(n)  # its own stream: not the batches' order
        X_val, y_val = X[held[:n_val]], y[held[:n_val]]
        X, y, n = X[held[n_val:]], y[held[n_val:]], n - n_val
    masks = np.random.default_rng([seed, 2]) if any(net.dropout) else None  # the dropout masks' stream
    penalty = (float(weight_decay), float(l1))
    # Checked once here, not per batch: every epoch's measured sets (the training rows, then the test and
    # validation rows), measured in one forward pass over their rows side by side, and their labels.
    measured_sets = (
        [(X, y)] + ([(X_test, y_test)] if has_test else []) + ([(X_val, y_val)] if X_val is not None else [])
    )
    measured_x, measured_y = net._side_by_side(measured_sets)
    y = measured_y[0]
    no_masks = [None] * (net.n_layers - 1)

    rng = np.random.default_rng(seed)
    states = [opt.init(p) for p in net.params]
    history = History()
    best, waited = None, 0  # early stopping: the best epoch's parameters, epochs since
    for epoch in range(1, epochs + 1):
        before = list(net.params)  # the optimizers never mutate arrays, so references are a snapshot
        # A diverging run overflows on its way to inf/NaN; that is caught here, so numpy need not warn.
        with np.errstate(all="ignore"):
            measured = _epoch(net, opt, states, X, y, batch, rng, penalty, masks, no_masks)
            results = net._evaluate_together(measured_x, measured_y) if measured else [(math.nan, 0.0)]
        loss, train_acc = results[0]
        if not math.isfinite(loss):
            net.params[:] = before
            history.diverged_at, history.reason = epoch, "diverged"
            break
        history.loss.append(loss)
        history.train_acc.append(train_acc)
        if has_test:
            history.test_acc.append(results[1][1])
        history.grad_norms.append(measured[0])
        history.update_ratios.append(measured[1])
        if net.activation_spec.unit_params:
            history.unit_params.append([_unit_params(net, layer) for layer in range(1, net.n_layers)])
        if X_val is not None:
            val_loss, val_acc = results[-1]
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            if best is None or val_loss < history.val_loss[history.best_epoch - 1]:
                best, waited, history.best_epoch = list(net.params), 0, epoch
            else:
                waited += 1
        if callback is not None and callback(epoch, history) is False:
            history.stopped_at, history.reason = epoch, "stopped"
            break
        if X_val is not None and waited >= patience:
            history.stopped_at, history.reason = epoch, "early_stopped"
            break
        if target_loss is not None and loss <= target_loss:
            history.stopped_at, history.reason = epoch, "target"
            break
    if best is not None:
        net.params[:] = best
    return history


def _epoch(
    net, opt, states, X, y, batch, rng, penalty, masks, no_masks
) -> tuple[list[float], list[float]] | None:
    """One pass over the rows in batches of ``batch`` (reshuffled when smaller than n). Returns the per-layer
    means over its steps of ‖∂C/∂W_l‖ and ‖ΔW_l‖/‖W_l‖, or None as soon as a batch loss is not finite.
    ``penalty``: (λ, μ) of the weight penalties; ``masks``: the dropout masks' generator (None: no dropout,
    then every batch gets ``no_masks``, one None per hidden layer)."""
    n, params = len(X), net.params
    order = rng.permutation(n) if batch < n else None
    weights = net.weight_indices  # where each W_l sits
    grad_sum, ratio_sum, steps = np.zeros(len(weights)), np.zeros(len(weights)), 0
    for lo in range(0, n, batch):
        rows = order[lo : lo + batch] if order is not None else slice(None)
        Xb, yb = X[rows], y[rows]
        drop = no_masks if masks is None else net.dropout_masks(len(Xb), masks)
        loss, grads = net._loss_and_grads_t(Xb.T, yb, *penalty, drop)
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
