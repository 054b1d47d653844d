"""The network lab as plain data: the setup, training the chosen activations on one dataset (with the time it
is expected to take), and the training's curves and tables as DataFrames for the charts. What the lab
measures beyond the training (speeds, nudges, boundaries, thinned networks, shapes, gallery, depth) is in
ui/network/experiments.py.

Pure functions (numpy, pandas and the engine), testable without Streamlit; ui/network/cache.py wraps them in
bounded caches keyed by the frozen :class:`NetSetup`. Frames carry the engine's activation names
("leaky_relu"); the chart builders and tables turn them into labels. Every network of a setup starts from the same seed, the same
initialisation scheme and the same data, so the activation is the only difference between them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from engine import History, datasets, optimizers
from engine import activations as act
from engine.network import MLP, train
from ui.budget import units_that_fit
from ui.network import own_data
from ui.vocab import ACTIVATION_LABELS

ACTIVATIONS = tuple(ACTIVATION_LABELS)
OWN = "own"  # the dataset of your own points
DIGITS_ROWS = 1797
FLOOR = 1e-12  # log-scale charts: a zero gradient is drawn at this floor, never as −∞
# The time a training takes, from its size (fitted on the 2-core development machine with one BLAS thread, as
# the app runs: benchmarks/bench_budget.py prints these estimates beside measured CPU times, for 60 setups
# from 20 points to 2000 and 1 to 10 layers of 2 to 64 units, every activation). Per epoch and network:
#   STEP_SECONDS            every layer of every gradient step (numpy's per-call overhead rules small batches)
#   PIECE_STEP_SECONDS      every hidden layer, step and piece of an activation with pieces (Maxout's k)
#   UNIT_PARAM_STEP_SECONDS every hidden layer and step of an activation that learns per unit (PReLU's a)
#   POINT_SECONDS           every point × parameter: the forward and backward passes over the training set
#                           and evaluating the training and test sets
#   EPOCH_LAYER_SECONDS     every layer, once an epoch (its gradient norm, the accuracies)
# The least-squares fit gave 2.5e-5, 1.3e-5, 1.5e-5, 2.4e-10 and 4.9e-5 (measured/estimated 0.7–1.9,
# median 1.0); the constants below are about 1.6 times those, so an estimate errs long.
STEP_SECONDS = 4e-5
PIECE_STEP_SECONDS = 2e-5
UNIT_PARAM_STEP_SECONDS = 2.4e-5
POINT_SECONDS = 4e-10
EPOCH_LAYER_SECONDS = 8e-5
# The second half's tools (benchmarks/bench_budget.py's "with dropout, L2, L1 and early stopping" rows; a
# 10 × 64 net on minibatches of 8 took 36 % longer with all of them): every hidden layer and step draws a
# dropout mask (DROPOUT_STEP_SECONDS) of one number per point and unit (DROPOUT_UNIT_SECONDS); every
# layer and step adds its penalty to the loss and the gradient (PENALTY_STEP_SECONDS). Set so that the
# estimates still err long.
DROPOUT_STEP_SECONDS = 1e-5
DROPOUT_UNIT_SECONDS = 2e-8
PENALTY_STEP_SECONDS = 1.5e-5
HEAVY_SECONDS = 5.0  # a shared link does not start a training estimated longer than this
VALIDATION = 0.2  # early stopping holds out this fraction of the training rows


@dataclass(frozen=True)
class DataChoice:
    """Which dataset: its name, rows n (all 1797 at most for digits), Gaussian jitter and seed."""

    name: str = "spiral"
    n: int = 500
    noise: float = 0.1
    seed: int = 0
    points: tuple[tuple[int, int, int], ...] = ()  # "own": your points (ui/network/own_data.py)
    test_fraction: float = 0.25  # the share of the points kept aside as the test set (not for your own)

    def load(self) -> datasets.Dataset:
        if self.name == OWN:
            X, y = own_data.arrays(self.points)
            return datasets.from_points(X, y, own_data.is_test(self.points, self.seed))
        n = min(self.n, DIGITS_ROWS) if self.name == "digits" else self.n
        return datasets.make(
            self.name, n=n, noise=self.noise, seed=self.seed, test_fraction=self.test_fraction
        )


@dataclass(frozen=True)
class NetSetup:
    """Everything a training run depends on: the cache key of the lab."""

    data: DataChoice = DataChoice()
    depth: int = 4
    width: int = 16
    activations: tuple[str, ...] = ("sigmoid", "relu", "maxout")
    pieces: int = 2
    init: str = "xavier"
    bias_init: str = "normal"
    optimizer: str = "sgd"
    hyper: tuple[tuple[str, object], ...] = (("lr", 0.05),)
    epochs: int = 300
    batch: int | None = 50  # None: full batch
    # The lecture's second half (engine.train): λ of λ/2 Σ‖W‖², μ of μ Σ|W|, the dropout rate of every
    # hidden layer, early stopping's patience (0: none) on VALIDATION of the training rows, and a target
    # training loss (0: none).
    weight_decay: float = 0.0
    l1: float = 0.0
    dropout: float = 0.0
    patience: int = 0
    target_loss: float = 0.0

    @property
    def regularised(self) -> bool:
        """Whether any of the second half's tools is on."""
        return bool(self.weight_decay or self.l1 or self.dropout or self.patience or self.target_loss)

    def sizes(self, data: datasets.Dataset) -> list[int]:
        return [data.n_features] + [self.width] * self.depth + [data.n_classes]

    def network(self, activation: str, data: datasets.Dataset) -> MLP:
        """A freshly initialised network: the same seed for every activation."""
        return MLP(
            self.sizes(data),
            activation,
            pieces=self.pieces,
            init=self.init,
            seed=self.data.seed,
            bias_init=self.bias_init,
            dropout=self.dropout,
        )

    def make_optimizer(self, data: datasets.Dataset | None = None) -> optimizers.Optimizer:
        """The optimizer; a schedule (counted in epochs) steps once per epoch of ``data``'s batches."""
        hyper = dict(self.hyper)
        if "schedule" in hyper and data is not None and len(data.X):
            per = math.ceil(len(data.X) / min(self.batch or len(data.X), len(data.X)))
            hyper["schedule"] = replace(hyper["schedule"], per=per)
        return optimizers.make(self.optimizer, **hyper)


@dataclass(frozen=True)
class Run:
    """One activation's training: the History's curves as lists, its per-layer records as arrays, the final
    parameters, and the time taken."""

    activation: str
    loss: list[float]
    train_acc: list[float]
    test_acc: list[float]
    grad_norms: np.ndarray  # (epochs, L): per epoch, per layer 1..L
    prelu_slopes: np.ndarray  # (epochs, hidden layers, units); (epochs, 0) for an activation without slopes
    diverged_at: int | None
    params: list[np.ndarray]
    seconds: float
    stopped_at: int | None = None  # early stopping or the target loss ended it after this epoch
    best_epoch: int | None = None  # early stopping: the epoch whose parameters ``params`` are
    reason: str = "completed"  # engine.History.reason
    val_loss: tuple[float, ...] = ()  # early stopping: the validation loss per epoch

    @property
    def final(self) -> int:
        """The epoch whose network ``params`` holds (the best one with early stopping), 0 when none."""
        return self.best_epoch or len(self.loss)

    def network(self, setup: NetSetup, data: datasets.Dataset) -> MLP:
        """The trained network, rebuilt from the stored parameters."""
        net = setup.network(self.activation, data)
        net.params[:] = [p.copy() for p in self.params]
        return net


@dataclass(frozen=True)
class Training:
    runs: tuple[Run, ...]
    stopped: bool = False  # Stop was pressed: the runs hold the epochs trained until then

    def run(self, activation: str) -> Run:
        return next(r for r in self.runs if r.activation == activation)


def parameter_count(setup: NetSetup, activation: str, data: datasets.Dataset) -> int:
    """The number of trainable numbers in ``activation``'s network of ``setup``, as the engine's registry
    describes the activation: with k pieces (Maxout) k times the hidden weights and biases, and one number
    per hidden unit for each parameter it learns per unit (PReLU's slope a)."""
    spec = act.get(activation)
    sizes = setup.sizes(data)
    count = 0
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        dense = fan_in * fan_out + fan_out
        hidden = layer < len(sizes) - 1
        if hidden and spec.has_pieces:
            dense *= setup.pieces
        count += dense + (fan_out * len(spec.unit_params) if hidden else 0)
    return count


def epoch_seconds(setup: NetSetup, activation: str, data: datasets.Dataset) -> float:
    """The expected time of one epoch of ``activation``'s network (the terms above)."""
    spec = act.get(activation)
    n = len(data.X)
    steps = math.ceil(n / min(setup.batch or n, n)) if n else 0
    layers, hidden = setup.depth + 1, setup.depth
    per_step = STEP_SECONDS * layers
    per_step += PIECE_STEP_SECONDS * hidden * setup.pieces if spec.has_pieces else 0.0
    per_step += UNIT_PARAM_STEP_SECONDS * hidden if spec.unit_params else 0.0
    per_step += DROPOUT_STEP_SECONDS * hidden if setup.dropout else 0.0
    per_step += PENALTY_STEP_SECONDS * layers if setup.weight_decay or setup.l1 else 0.0
    masks = DROPOUT_UNIT_SECONDS * n * hidden * setup.width if setup.dropout else 0.0
    points = n + len(data.X_test)
    return (
        masks
        + steps * per_step
        + POINT_SECONDS * points * parameter_count(setup, activation, data)
        + (EPOCH_LAYER_SECONDS * layers)
    )


def estimate_seconds(setup: NetSetup, data: datasets.Dataset, activations=None) -> float:
    """The expected time to train ``activations`` (all of the setup's by default), from the setup's size."""
    names = setup.activations if activations is None else activations
    return setup.epochs * sum(epoch_seconds(setup, a, data) for a in names)


def fitted_epochs(setup: NetSetup, data: datasets.Dataset, seconds: float) -> int:
    """The most epochs (at most the setup's) whose training fits in ``seconds``; 0 when not even one does."""
    return units_that_fit(estimate_seconds(replace(setup, epochs=1), data), setup.epochs, seconds)


def train_one(
    setup: NetSetup,
    activation: str,
    data: datasets.Dataset,
    callback: Callable[[int, History], object] | None = None,
) -> Run:
    """Train ``activation``'s network of ``setup`` on ``data`` (train() never raises on divergence)."""
    net = setup.network(activation, data)
    start = time.perf_counter()
    history = train(
        net,
        setup.make_optimizer(data),
        data.X,
        data.y,
        setup.epochs,
        batch_size=setup.batch,
        seed=setup.data.seed,
        X_test=data.X_test,
        y_test=data.y_test,
        callback=callback,
        weight_decay=setup.weight_decay,
        l1=setup.l1,
        patience=setup.patience or None,
        validation=VALIDATION,
        target_loss=setup.target_loss or None,
    )
    return Run(
        activation,
        list(history.loss),
        list(history.train_acc),
        list(history.test_acc),
        # arrays, not lists of floats: a cached training of 2000 epochs held 40 MB of float objects
        np.asarray(history.grad_norms, dtype=float).reshape(len(history.grad_norms), setup.depth + 1),
        np.asarray(history.prelu_slopes, dtype=float).reshape(len(history.prelu_slopes), setup.depth, -1)
        if any(len(epoch) for epoch in history.prelu_slopes)
        else np.zeros((len(history.prelu_slopes), 0)),
        history.diverged_at,
        [p.copy() for p in net.params],
        time.perf_counter() - start,
        history.stopped_at if history.reason in ("early_stopped", "target") else None,
        history.best_epoch,
        history.reason,
        tuple(history.val_loss),
    )


def train_all(
    setup: NetSetup, on_epoch: Callable[[dict[str, Run], str, int, History], object] | None = None
) -> Training:
    """Every activation of ``setup``, one after the other, on the same data.

    ``on_epoch(finished, activation, epoch, history)`` runs after each epoch with the runs finished so far
    and the History of the one in progress (for live curves). When it returns ``False`` (Stop) training
    ends there: the result holds the networks finished so far and the one in progress, up to that epoch,
    and says ``stopped``.
    """
    data = setup.data.load()
    finished: dict[str, Run] = {}
    stopped = [False]
    for activation in setup.activations:

        def callback(epoch, history, activation=activation):
            if on_epoch is not None and on_epoch(finished, activation, epoch, history) is False:
                stopped[0] = True
                return False
            return None

        run = train_one(setup, activation, data, callback)
        if run.loss or not stopped[0]:
            finished[activation] = run
        if stopped[0]:
            break
    return Training(tuple(finished.values()), stopped=stopped[0])


# ----- curves and tables ---------------------------------------------------------------------------------
def live_curves(finished: dict[str, Run], activation: str, history: History) -> pd.DataFrame:
    """The training loss so far: finished runs and the one in progress. Columns activation, epoch, loss."""
    parts = [(a, r.loss) for a, r in finished.items()] + [(activation, history.loss)]
    counts = [len(losses) for _, losses in parts]
    return pd.DataFrame(
        {
            "activation": np.repeat([a for a, _ in parts], counts).astype(object),
            "epoch": np.concatenate([np.arange(1, n + 1) for n in counts]),
            "loss": np.concatenate([np.asarray(losses, dtype=float) for _, losses in parts]),
        },
        columns=["activation", "epoch", "loss"],
    )


def curves(training: Training) -> pd.DataFrame:
    """Long form: activation, epoch, metric ("loss" or "accuracy"), split ("train" or "test"), value."""
    rows = []
    for run in training.runs:
        name = run.activation
        for e, loss in enumerate(run.loss, start=1):
            rows.append((name, e, "loss", "train", loss))
        for split, values in (("train", run.train_acc), ("test", run.test_acc)):
            rows += [(name, e, "accuracy", split, v) for e, v in enumerate(values, start=1)]
    return pd.DataFrame(rows, columns=["activation", "epoch", "metric", "split", "value"])


def summary(training: Training) -> pd.DataFrame:
    """One row per activation: the loss, train and test accuracy of the network it ends with (the best
    epoch's, with early stopping), that epoch, where it stopped early, the epoch it diverged in, seconds."""
    rows = []
    for run in training.runs:
        at = run.final - 1
        rows.append(
            {
                "activation": run.activation,
                "loss": run.loss[at] if run.loss else math.nan,
                "train_acc": run.train_acc[at] if run.train_acc else math.nan,
                "test_acc": run.test_acc[at] if run.test_acc else math.nan,
                "epoch": run.final,
                "stopped_at": run.stopped_at,
                "diverged_at": run.diverged_at,
                "seconds": run.seconds,
            }
        )
    return pd.DataFrame(rows)


def stops(training: Training) -> pd.DataFrame:
    """Where a training stopped before its last epoch: activation, epoch (the stop), best (the epoch whose
    weights were restored; the stop itself for the target loss), reason ("early_stopped" or "target")."""
    rows = [
        (run.activation, run.stopped_at, run.best_epoch or run.stopped_at, run.reason)
        for run in training.runs
        if run.stopped_at is not None
    ]
    return pd.DataFrame(rows, columns=["activation", "epoch", "best", "reason"])


def gradient_frame(training: Training, max_epochs: int = 300) -> pd.DataFrame:
    """‖∂C/∂W_l‖ per activation, layer and epoch (every k-th epoch beyond ``max_epochs``), floored for log
    colour. Columns activation, layer (1..L), epoch, norm."""
    rows = []
    for run in training.runs:
        stride = max(1, math.ceil(len(run.grad_norms) / max_epochs))
        for e in range(0, len(run.grad_norms), stride):
            for layer, norm in enumerate(run.grad_norms[e], start=1):
                rows.append((run.activation, layer, e + 1, max(norm, FLOOR), stride))
    return pd.DataFrame(rows, columns=["activation", "layer", "epoch", "norm", "stride"])
