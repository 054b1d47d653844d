"""The diagnostics of the lecture's second half: what a network does, measured, each a pure function.

    layer_speeds   Nielsen's "speed of learning" of each hidden layer l (NNDL ch. 5):
                       speed_l = ‖∂C/∂b_l‖ = √(Σ_u (∂C/∂b_(l,u))²)
    nudge          the finite-difference view of one weight w: w → w + Δw changes the loss by
                       ΔC = C(w + Δw) − C(w),   ΔC/Δw → ∂C/∂w as Δw → 0   (∂C/∂w by backprop beside it)
    active_paths   for one input x: which units are on (z > 0), which Maxout piece wins, and the thinned
                   linear network those choices leave:
                       logits ≈ x A + c,   A = Π_l W̃_l,   W̃_l = W_l (winning pieces) · diag(∂h_l/∂z_l)
                   exact near x for piecewise-linear activations
    unit_response  one hidden unit u of layer l along points x_1..x_m of input space, piece j = 1..k:
                       z_(u,j)(x_i) = W_l[:, u, j] · h_(l−1)(x_i) + b_l[u, j],   h_u(x_i) = f(z_u(x_i))
                   (k = 1 but for Maxout, whose h = max_j z_j is the learned convex piecewise-linear shape)

Layers are numbered l = 1..L as in the parameter names W1, b1, ...; layer L is the linear output layer.
None of these changes the network it is given.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from engine import activations as act

if TYPE_CHECKING:  # annotations only: at run time engine.network → engine.train → here is a cycle
    from engine.network import MLP


def layer_speeds(net: MLP, X, y) -> np.ndarray:
    """‖∂C/∂b_l‖ for each hidden layer l = 1..L−1: the norm of the mean (over the examples) bias gradient,
    Nielsen's "speed of learning" of a layer. In a deep Sigmoid network the first layers are far slower."""
    grads = net.loss_and_grads(X, y)[1]
    biases = (grads[net.layer_slice(layer).start + 1].reshape(-1) for layer in range(1, net.n_layers))
    return np.array([math.sqrt(float(g @ g)) for g in biases])  # √(Σ g²), in float64 for float32 nets too


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

    on        bool (units,): z > 0 for on/off gates (the ReLU family: the unit passes its input on); all True
              for sigmoid, tanh, linear and Maxout, whose units always pass something on
    winner    int (units,): the winning piece of each Maxout unit; None for other activations
    slope     (units,): ∂h/∂z at x (1 or 0 for ReLU, 1 or 0.01 for Leaky ReLU, 1 or a for PReLU, 1 for a
              Maxout unit w.r.t. its winning piece, σ'(z) or 1 − tanh²(z) for the smooth ones)
    weights   per layer 1..L: the thinned network's weights (fan_in, fan_out): W_l with each Maxout unit's
              winning piece, times each unit's slope; removing the off units (zero columns) leaves the thin
              linear network of the lecture. The output layer's is W_L itself.
    A, c      the local linear map: logits ≈ x A + c near x, with A = ∂logits/∂x = Π_l weights_l; exact in a
              neighbourhood of x when ``exact`` (piecewise-linear activations)
    exact     True for piecewise-linear activations: relu, leaky_relu, prelu, maxout and linear
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
    spec = net.activation_spec
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
        on.append(z > 0 if spec.gate == act.GATE_ON_OFF else np.ones(len(h), dtype=bool))
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
        winners if spec.has_pieces else None,
        slopes,
        weights,
        A,
        c,
        spec.piecewise_linear,
    )


def _slope(net: MLP, layer: int, z, h) -> np.ndarray:
    """∂h/∂z of each unit of a hidden layer without pieces at one input: its backward pass with ∂C/∂h = 1
    (and the layer's learned per-unit arrays, e.g. PReLU's a, which follow W_l and b_l)."""
    z, h, ones = z[:, None], h[:, None], np.ones((len(z), 1), dtype=z.dtype)
    unit_params = net.params[net.layer_slice(layer)][2:]
    dz = net.activation_spec.back(z, h, ones, *unit_params)
    return (dz[0] if unit_params else dz)[:, 0]


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
