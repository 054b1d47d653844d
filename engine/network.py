"""A multilayer perceptron in numpy: hidden layers with one activation, a dense linear output layer, and
mean softmax cross-entropy. Forward and backward are written out layer by layer (numpy-ml's four lines):

    z_l = W_lᵀ h_(l−1) + b_l,   h_l = f(z_l),   s = W_Lᵀ h_(L−1) + b_L,   C = −(1/n) Σ_i log softmax(s_i)_(y_i)
    ∂C/∂s = (softmax(s) − onehot(y)) / n;   dz = dh · f'(z);   dW = h_(l−1) dzᵀ;   db = Σ_i dz;   dh_(l−1) = W dz

Parameters live in ``net.params`` in this order: [W1, b1, (a1), W2, b2, (a2), ..., W_L, b_L], with
dense W (fan_in, fan_out), b (fan_out,), then the per-unit arrays the activation learns, each (fan_out,)
(PReLU: its slopes a), and for an activation with k pieces (Maxout) W (fan_in, fan_out, k) and b (fan_out, k).
What an activation learns and whether it has pieces is its entry in ``engine.activations.REGISTRY``. Layers are numbered l = 1..L like the parameters; layer L is the output layer.
Inputs X are (n, n_in) and logits (n, n_classes); inside, activations are kept transposed, one row per
unit (Nielsen's column vectors), so elementwise work runs along rows of n examples and a Maxout layer is one
matrix product whose k pieces are row blocks.

Initialisation (torch.nn.init's formulas, W ~ N(0, std²), fan_in/fan_out per Maxout piece as for a dense layer):
    normal  std = 1             lecun  std = 1/√fan_in
    xavier  std = √(2/(fan_in + fan_out))                he  std = √(2/fan_in)
Biases are zero (``bias_init="zeros"``, torch-like); ``bias_init="normal"`` draws them from N(0, 1), as
Nielsen does in the vanishing-gradient experiment of ch. 5 that :func:`engine.diagnostics.layer_speeds`
repeats. Learned per-unit arrays start at the registry's initial values (PReLU: a = 0.25).
``dtype`` is float64 (exact gradients, the default) or float32 (faster).

Regularisation (the lecture's second half): ``loss_and_grads(X, y, weight_decay=λ, l1=μ)`` adds
    λ/2 Σ_l ‖W_l‖² + μ Σ_l Σ|W_l|,   ∂/∂W_l = λ W_l + μ sign(W_l)   (sign(0) = 0, as torch's |w|′)
over the weight matrices only (every W_l, Maxout's (fan_in, fan_out, k) included; not the biases, not
PReLU's slopes). ``MLP(..., dropout=p)`` (one rate for every hidden layer, or one per hidden layer) is
inverted dropout: while training, each hidden unit's output h is multiplied by m, with m = 0 with
probability p and m = 1/(1 − p) otherwise (``dropout_masks``), so at test time the network is used as it
is. The lecture's form (keep h while training, multiply the weights by 1 − p at test time) gives the same
test-time network up to that factor. Only :func:`engine.train.train` draws masks, from its seed.

Training is up to 3× faster on glibc once the program has called :func:`engine.keep_freed_memory` (not done
at import: it tunes malloc for the whole process).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from engine import activations as act
from engine.train import History, train

__all__ = ["MLP", "Hidden", "History", "train", "softmax", "cross_entropy", "INITS", "BIAS_INITS"]

INITS = {
    "normal": lambda fan_in, fan_out: 1.0,
    "lecun": lambda fan_in, fan_out: 1.0 / np.sqrt(fan_in),
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),
    "he": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),
}
BIAS_INITS = ("zeros", "normal")
MAX_PIECES = 127  # winners are stored as int8


class Hidden(NamedTuple):
    """One hidden layer's values for a batch: z (n, units) or (n, units, k) for Maxout, h (n, units), and
    winner (n, units), the index of each Maxout unit's winning piece (None for other activations)."""

    z: np.ndarray
    h: np.ndarray
    winner: np.ndarray | None


class MLP:
    """``MLP([n_in, h1, ..., n_classes], activation, pieces=2, init="he", seed=0)``: see the module doc."""

    def __init__(
        self,
        sizes,
        activation: str = "relu",
        pieces: int = 2,
        init: str = "he",
        seed: int = 0,
        bias_init: str = "zeros",
        dtype=np.float64,
        dropout=0.0,
    ):
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must be at least [n_in, n_classes], all ≥ 1, got {list(sizes)}")
        spec = act.get(activation)  # ValueError for an unknown name
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")
        if bias_init not in BIAS_INITS:
            raise ValueError(f"bias_init must be one of {BIAS_INITS}, got {bias_init!r}")
        if spec.has_pieces and not 1 <= int(pieces) <= MAX_PIECES:
            raise ValueError(f"{activation} needs 1 ≤ pieces ≤ {MAX_PIECES}, got {pieces}")
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
        self.sizes = sizes
        self.dropout = _dropout_rates(dropout, len(sizes) - 2)
        self.activation = activation
        self.activation_spec = spec  # the registry entry: learned per-unit parameters, pieces, gate
        self.pieces = int(pieces) if spec.has_pieces else 1
        self.init = init
        self.seed = seed
        self.bias_init = bias_init
        self.dtype = np.dtype(dtype)
        self.params = self._initial_params(np.random.default_rng(seed))

    # ----- structure -------------------------------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """L: the hidden layers plus the output layer."""
        return len(self.sizes) - 1

    @property
    def per_layer(self) -> int:
        """Parameter arrays per hidden layer: W, b and the activation's learned per-unit arrays (PReLU: a)."""
        return 2 + len(self.activation_spec.unit_params)

    def layer_slice(self, layer: int) -> slice:
        """Where layer ``layer`` (1..L) keeps its parameters in ``params``."""
        if not 1 <= layer <= self.n_layers:
            raise ValueError(f"layer must be in 1..{self.n_layers}, got {layer}")
        start = (layer - 1) * self.per_layer
        return slice(start, start + (self.per_layer if layer < self.n_layers else 2))

    @property
    def param_names(self) -> list[str]:
        """["W1", "b1", ("a1",) ..., "WL", "bL"]."""
        hidden = ["W", "b", *(p.name for p in self.activation_spec.unit_params)]
        names = [f"{p}{layer}" for layer in range(1, self.n_layers) for p in hidden]
        return names + [f"W{self.n_layers}", f"b{self.n_layers}"]

    @property
    def param_layers(self) -> list[int]:
        """The layer (1..L) of each array in ``params``."""
        return [int(name[1:]) for name in self.param_names]

    @property
    def weight_indices(self) -> list[int]:
        """Where each layer's weight matrix W_l sits in ``params``: what the penalties of
        ``loss_and_grads`` cover (not the biases, not the per-unit arrays)."""
        return [self.layer_slice(layer).start for layer in range(1, self.n_layers + 1)]

    def penalty(self, weight_decay: float = 0.0, l1: float = 0.0) -> float:
        """λ/2 Σ_l ‖W_l‖² + μ Σ_l Σ|W_l| over the weight matrices."""
        total = 0.0
        for i in self.weight_indices:
            w = self.params[i].reshape(-1)
            if weight_decay:
                total += 0.5 * weight_decay * float(w @ w)
            if l1:
                total += l1 * float(np.abs(w).sum())
        return total

    def dropout_masks(self, n: int, rng) -> list[np.ndarray | None]:
        """One mask (n, units) per hidden layer for n examples: 0 with probability p, else 1/(1 − p)
        (inverted dropout); None for a layer with p = 0. Drawn from ``rng`` layer by layer."""
        masks = []
        for p, units in zip(self.dropout, self.sizes[1:-1]):
            if p == 0:
                masks.append(None)
                continue
            keep = rng.random((n, units)) >= p
            masks.append(keep.astype(self.dtype) / self.dtype.type(1.0 - p))
        return masks

    def copy(self) -> MLP:
        """An independent network with the same structure and a copy of the parameters."""
        twin = object.__new__(MLP)
        twin.__dict__.update(self.__dict__)
        twin.params = [p.copy() for p in self.params]
        return twin

    def _initial_params(self, rng) -> list[np.ndarray]:
        params, spec = [], self.activation_spec
        for layer, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            hidden = layer < self.n_layers
            pieced = hidden and spec.has_pieces
            shape = (fan_in, fan_out, self.pieces) if pieced else (fan_in, fan_out)
            params.append(INITS[self.init](fan_in, fan_out) * rng.standard_normal(shape))
            normal = self.bias_init == "normal"
            params.append(rng.standard_normal(shape[1:]) if normal else np.zeros(shape[1:]))
            if hidden:
                params.extend(spec.initial_params(fan_out))
        return [p.astype(self.dtype) for p in params]

    def _hidden_params(self) -> list[list[np.ndarray]]:
        """Each hidden layer's parameter arrays: [W, b, *the learned per-unit arrays]."""
        p, m = self.params, self.per_layer
        return [p[i : i + m] for i in range(0, m * (self.n_layers - 1), m)]

    # ----- forward and backward, one row per unit ----------------------------------------------------------
    def _hidden_forward(self, layer_params, x):
        """z = Wᵀx + b, h = f(z, *p) for x (fan_in, n), p the learned per-unit arrays: returns (z, h, winner);
        with k pieces z is (units, k, n), h = f(z) and winner the winning piece of each unit."""
        spec = self.activation_spec
        W, b = layer_params[0], layer_params[1]
        if spec.has_pieces:
            fan_in, units, k = W.shape
            z = W.reshape(fan_in, units * k).T @ x
            z += b.reshape(units * k, 1)
            z = z.reshape(units, k, -1)
            h, winner = spec.f(z)
            return z, h, winner
        z = W.T @ x
        z += b[:, None]
        if len(layer_params) == 2:  # no learned per-unit arrays
            return z, spec.f(z), None
        return z, spec.f(z, *layer_params[2:]), None

    def _hidden_backward(self, layer_params, x, z, h, winner, dh, ones, need_dx):
        """From dh = ∂C/∂h: the layer's parameter gradients and (if ``need_dx``) ∂C/∂x."""
        spec, W = self.activation_spec, layer_params[0]
        if spec.has_pieces:
            fan_in, units, k = W.shape
            dz = spec.back(winner, dh, k).reshape(units * k, -1)
            grads = [(x @ dz.T).reshape(W.shape), (dz @ ones).reshape(units, k)]
            return grads, (W.reshape(fan_in, units * k) @ dz if need_dx else None)
        if len(layer_params) == 2:  # no learned per-unit arrays
            dz = spec.back(z, h, dh)
            grads = [x @ dz.T, dz @ ones]
        else:  # back returns (∂C/∂z, ∂C/∂p for each per-unit array p)
            dz, *d_unit_params = spec.back(z, h, dh, *layer_params[2:])
            grads = [x @ dz.T, dz @ ones, *d_unit_params]
        return grads, (W @ dz if need_dx else None)

    def _inputs(self, X) -> np.ndarray:
        """X (n, n_in) as x (n_in, n) in the network's dtype (a transposed view, no copy when it can)."""
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X.T

    def _logits(self, x) -> np.ndarray:
        """s = W_Lᵀ h_(L−1) + b_L, (n_classes, n), for x (n_in, n)."""
        for layer_params in self._hidden_params():
            x = self._hidden_forward(layer_params, x)[1]
        s = self.params[-2].T @ x
        s += self.params[-1][:, None]
        return s

    def forward(self, X) -> np.ndarray:
        """The logits s, shape (n, n_classes)."""
        return self._logits(self._inputs(X)).T

    def predict_proba(self, X) -> np.ndarray:
        """softmax(s), shape (n, n_classes)."""
        return softmax(self.forward(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row."""
        return self._logits(self._inputs(X)).argmax(axis=0)

    def _labels(self, y, n: int) -> np.ndarray:
        """y as an integer array (n,) of classes 0..n_classes−1 (a wrong label would index silently)."""
        y = np.asarray(y)
        if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"y must be {n} integer labels, got shape {y.shape} of {y.dtype}")
        if n and (y.min() < 0 or y.max() >= self.sizes[-1]):
            raise ValueError(f"labels must be in 0..{self.sizes[-1] - 1}, got {y.min()}..{y.max()}")
        return y

    def loss(self, X, y) -> float:
        """C = −(1/n) Σ_i log softmax(s_i)_(y_i)."""
        x = self._inputs(X)
        return _cross_entropy_t(self._logits(x), self._labels(y, x.shape[1]))[0]

    def evaluate(self, X, y) -> tuple[float, float]:
        """(C, accuracy) from one forward pass."""
        x = self._inputs(X)
        y = self._labels(y, x.shape[1])
        s = self._logits(x)
        return _cross_entropy_t(s, y)[0], float(np.mean(s.argmax(axis=0) == y))

    def evaluate_sets(self, sets) -> list[tuple[float, float]]:
        """(C, accuracy) of each (X, y) in ``sets``, as ``evaluate`` gives it, from one forward pass over all
        their rows together (for a small network a pass costs about as much for 100 rows as for 500)."""
        return self._evaluate_together(*self._side_by_side(sets))

    def _side_by_side(self, sets) -> tuple[np.ndarray, list[np.ndarray]]:
        """The rows of every (X, y) in ``sets`` checked and side by side, as x (n_in, Σ n_j), with their
        checked labels (what ``_evaluate_together`` measures; engine.train makes it once per training)."""
        xs = [self._inputs(X) for X, _ in sets]
        return np.concatenate(xs, axis=1), [self._labels(y, x.shape[1]) for x, (_, y) in zip(xs, sets)]

    def _evaluate_together(self, x, labels) -> list[tuple[float, float]]:
        """``evaluate_sets`` for x (n_in, Σ n_j), the sets' rows side by side, and their checked labels."""
        s = self._logits(x)
        out, lo = [], 0
        for y in labels:
            part = np.ascontiguousarray(s[:, lo : lo + len(y)])
            out.append((_cross_entropy_t(part, y)[0], float(np.mean(part.argmax(axis=0) == y))))
            lo += len(y)
        return out

    def loss_and_grads(
        self, X, y, weight_decay: float = 0.0, l1: float = 0.0, masks=None
    ) -> tuple[float, list[np.ndarray]]:
        """(C, [∂C/∂p for p in params]): one forward pass keeping each layer's (x, z, h), then backprop.

        C = cross-entropy + λ/2 Σ‖W_l‖² + μ Σ|W_l| (``weight_decay`` λ, ``l1`` μ; weight matrices only).
        ``masks``: per hidden layer a (n, units) multiplier of its outputs, h̃ = m·h (from
        ``dropout_masks``; None or a None entry: no dropout there), with ∂C/∂h = m·∂C/∂h̃."""
        for name, value in (("weight_decay", weight_decay), ("l1", l1)):
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
        x = self._inputs(X)
        n = x.shape[1]
        y = self._labels(y, n)
        hidden = self.n_layers - 1
        masks = [None] * hidden if masks is None else list(masks)
        if len(masks) != hidden:
            raise ValueError(f"masks must have one entry per hidden layer ({hidden}), got {len(masks)}")
        for m, units in zip(masks, self.sizes[1:-1]):
            if m is not None and np.shape(m) != (n, units):
                raise ValueError(f"a mask must have shape ({n}, {units}), got {np.shape(m)}")
        return self._loss_and_grads_t(x, y, weight_decay, l1, masks)

    def _loss_and_grads_t(self, x, y, weight_decay, l1, masks) -> tuple[float, list[np.ndarray]]:
        """``loss_and_grads`` for inputs it has checked: x (n_in, n) in the network's dtype, y (n,) labels
        in range, one (n, units) mask or None per hidden layer (engine.train checks once, not per batch)."""
        n = x.shape[1]
        ones = np.ones(n, dtype=self.dtype)  # Σ_i as a matrix-vector product: 8× faster than sum
        hidden = self._hidden_params()
        masks = [None if m is None else np.asarray(m, dtype=self.dtype).T for m in masks]
        tape = []
        for layer_params, m in zip(hidden, masks):
            z, h, winner = self._hidden_forward(layer_params, x)
            tape.append((x, z, h, winner))
            x = h if m is None else h * m
        W_out, b_out = self.params[-2], self.params[-1]
        s = W_out.T @ x
        s += b_out[:, None]
        loss, ds = _cross_entropy_t(s, y)
        grads = [x @ ds.T, ds @ ones]
        dh = W_out @ ds if hidden else None
        for i in range(len(hidden) - 1, -1, -1):
            if masks[i] is not None:
                dh = dh * masks[i]
            layer_grads, dh = self._hidden_backward(hidden[i], *tape[i], dh, ones, need_dx=i > 0)
            grads[:0] = layer_grads
        if weight_decay or l1:
            loss += self.penalty(weight_decay, l1)
            for i in self.weight_indices:
                w = self.params[i]
                if weight_decay:
                    grads[i] = grads[i] + self.dtype.type(weight_decay) * w
                if l1:
                    grads[i] = grads[i] + self.dtype.type(l1) * np.sign(w)
        return loss, grads

    def hidden_outputs(self, X) -> list[Hidden]:
        """Each hidden layer's (z, h, winner) for the rows of X, one row per example."""
        x = self._inputs(X)
        out = []
        for layer_params in self._hidden_params():
            z, x, winner = self._hidden_forward(layer_params, x)
            out.append(Hidden(np.moveaxis(z, -1, 0), x.T, None if winner is None else winner.T))
        return out

    def __repr__(self) -> str:
        pieces = f", pieces={self.pieces}" if self.activation_spec.has_pieces else ""
        dropout = f", dropout={list(self.dropout)}" if any(self.dropout) else ""
        return (
            f"MLP({list(self.sizes)}, {self.activation!r}{pieces}, init={self.init!r}, seed={self.seed}, "
            f"bias_init={self.bias_init!r}, dtype={self.dtype.name}{dropout})"
        )


def _dropout_rates(dropout, hidden: int) -> tuple[float, ...]:
    """One dropout rate p ∈ [0, 1) per hidden layer, from one number or one per hidden layer."""
    rates = np.atleast_1d(np.asarray(dropout, dtype=float))
    if rates.ndim != 1 or len(rates) not in (1, hidden):
        raise ValueError(f"dropout must be one rate or one per hidden layer ({hidden}), got {dropout!r}")
    if not np.all((rates >= 0) & (rates < 1)):
        raise ValueError(f"dropout rates must be in [0, 1), got {dropout!r}")
    if len(rates) == 1:
        rates = np.repeat(rates, hidden)
    return tuple(float(p) for p in rates)


def softmax(s) -> np.ndarray:
    """softmax(s)_c = e^(s_c − max s) / Σ_c' e^(s_c' − max s) along the last axis (the shift cannot overflow)."""
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(s, y) -> tuple[float, np.ndarray]:
    """(C, ∂C/∂s) for logits s (n, n_classes) and labels y (n,): see :func:`_cross_entropy_t`."""
    loss, ds = _cross_entropy_t(np.ascontiguousarray(np.asarray(s, dtype=float).T), np.asarray(y))
    return loss, ds.T


def _cross_entropy_t(s, y) -> tuple[float, np.ndarray]:
    """C = (1/n) Σ_i [log Σ_c e^(s_ci) − s_(y_i,i)],  ∂C/∂s = (softmax(s) − onehot(y)) / n, for s (n_classes, n),
    C-contiguous (so that the flat indices below address ∂C/∂s in place).

    log Σ_c e^(s_c) = m + log Σ_c e^(s_c − m) with m = max_c s_c: the stable log-sum-exp.
    """
    n = s.shape[1]
    picked = y * n + np.arange(n)  # flat indices of s_(y_i, i): one gather instead of 2D fancy indexing
    shifted = s - s.max(axis=0)
    e = np.exp(shifted)
    total = e.sum(axis=0)
    loss = float(np.log(total).sum() - shifted.take(picked).sum()) / n
    ds = e / (total * n)
    ds.reshape(-1)[picked] -= 1.0 / n
    return loss, ds
