"""Activation functions, each a forward/backward pair written next to each other (micrograd, numpy-ml).

Layout: one row per unit, one column per example. z is (units, n); a Maxout layer's z is (units, k, n),
piece j of every unit being the row block z[:, j]. (The network keeps activations this way so that every
elementwise operation runs along long contiguous rows; see engine/network.py.)

Elementwise activations: ``f(z) -> h`` and ``f_back(z, h, dh) -> dz`` with dz = dh · f'(z) (the chain rule;
h = f(z) is passed back in so no derivative recomputes what the forward pass already has).
Parametric ReLU also returns ∂C/∂a; Maxout returns the winning piece of each unit.

Every activation has one entry in ``REGISTRY`` (:class:`Activation`): its pair, its equation, the parameters it
learns per unit, whether it has k pieces, and its kind of gate. The network and the diagnostics ask the entry,
never the name, so a new activation (with or without a learned per-unit parameter) is one new entry.

Derivatives at the kinks follow torch: ReLU'(0) = 0, LeakyReLU'(0) = PReLU'(0) = the negative slope, and a
Maxout tie goes to the first piece.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

LEAKY_SLOPE = 0.01
PRELU_SLOPE0 = 0.25  # He et al. 2015's initial a


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed as written, in place on one new array.

    For z < −709 (float64) e^(−z) overflows to inf and 1 / (1 + inf) = 0, the limit (the overflow is not
    reported). This is more exact than ½ + ½ tanh(z/2), which rounds σ(−40) ≈ 4·10⁻¹⁸ to 0, and numpy's
    float64 exp is twice as fast as its tanh where no AVX-512 tanh exists (benchmarks/bench_train.py)."""
    h = np.negative(z)
    with np.errstate(over="ignore"):
        np.exp(h, out=h)
    h += 1.0
    np.reciprocal(h, out=h)
    return h


def sigmoid_back(z, h, dh):
    """∂C/∂z = ∂C/∂h · σ(z)(1 − σ(z)); at most 1/4, at z = 0: the squashing that makes gradients vanish."""
    return dh * h * (1.0 - h)


def tanh(z):
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))."""
    return np.tanh(z)


def tanh_back(z, h, dh):
    """∂C/∂z = ∂C/∂h · (1 − tanh²(z))."""
    return dh * (1.0 - h * h)


def relu(z):
    """ReLU(z) = max(0, z)."""
    # Against a row of zeros rather than the scalar 0: numpy's maximum takes its fast loop only then (3× faster).
    return np.maximum(z, np.zeros(z.shape[-1:], z.dtype))


def relu_back(z, h, dh):
    """∂C/∂z = ∂C/∂h for z > 0, else 0: an active unit passes the gradient on unchanged."""
    return dh * (z > 0.0)


def leaky_relu(z):
    """LeakyReLU(z) = z for z > 0, 0.01 z otherwise  (= max(z, 0.01 z), since 0.01 < 1)."""
    return np.maximum(z, LEAKY_SLOPE * z)


def leaky_relu_back(z, h, dh):
    """∂C/∂z = ∂C/∂h for z > 0, 0.01 ∂C/∂h otherwise."""
    return np.where(z > 0.0, dh, LEAKY_SLOPE * dh)


def linear(z):
    """f(z) = z."""
    return z


def linear_back(z, h, dh):
    """∂C/∂z = ∂C/∂h."""
    return dh


def prelu(z, a):
    """PReLU(z) = z for z > 0, a·z otherwise, with a learned slope a_u per unit (a has shape (units,))."""
    return np.where(z > 0.0, z, a[:, None] * z)


def prelu_back(z, h, dh, a):
    """∂C/∂z = ∂C/∂h · (1 if z > 0 else a);  ∂C/∂a_u = Σ_examples ∂C/∂h · (0 if z > 0 else z)."""
    dz = dh * np.where(z > 0.0, 1.0, a[:, None])
    da = np.vecdot(dh, np.minimum(z, 0.0))
    return dz, da


def maxout(z):
    """h_u = max_j z_(u,j): the largest of unit u's k pieces.  z (units, k, n) -> h (units, n), winner (units, n).

    winner_u is the first j with z_(u,j) = h_u. Pieces are compared one by one: numpy's argmax over a middle
    axis copies the whole array first and is 30× slower here.
    """
    h = z[:, 0]
    winner = np.zeros(h.shape, dtype=np.int8)
    for j in range(1, z.shape[1]):
        better = z[:, j] > h  # strict: a tie stays with the earlier piece
        # while every winner is still 0 the bool mask *is* the new winner array (True = 1), no copy needed
        winner = better.view(np.int8) if j == 1 else np.where(better, np.int8(j), winner)
        h = np.maximum(h, z[:, j])
    return np.ascontiguousarray(h), winner


def maxout_back(winner, dh, k):
    """∂C/∂z_(u,j) = ∂C/∂h_u if piece j wins in unit u, else 0: only the winning piece is trained."""
    dz = np.empty((dh.shape[0], k, dh.shape[1]), dtype=dh.dtype)
    for j in range(k):
        np.multiply(dh, winner == j, out=dz[:, j])
    return dz


class UnitParam(NamedTuple):
    """A parameter an activation learns for each unit: its name in ``net.params`` (``"a"`` → a1, a2, ...) and the
    value every unit starts from."""

    name: str
    initial: float


# The kinds of gate a hidden unit has, for the thinned-network view (engine.diagnostics.active_paths):
GATE_PIECE = "piece"  # the unit picks one of its k pieces: which piece wins (Maxout)
GATE_ON_OFF = "on_off"  # the unit is on (z > 0, passes z on) or off (ReLU, Leaky ReLU, PReLU)
GATE_SMOOTH = "smooth"  # no gate: every unit always passes something on (sigmoid, tanh, linear)
GATES = (GATE_PIECE, GATE_ON_OFF, GATE_SMOOTH)


@dataclass(frozen=True, slots=True)
class Activation:
    """One activation function and everything the network, the diagnostics and the UI need to know about it.

    name              its registry name, e.g. "prelu"
    f, back           the pure forward and backward pair. Elementwise (``has_pieces`` False), with the learned
                      per-unit arrays p_1.. (one per ``unit_params`` entry, each of shape (units,)) last:
                          f(z, *p) -> h                      z, h (units, n)
                          back(z, h, dh, *p) -> dz           without unit_params
                          back(z, h, dh, *p) -> (dz, dp_1, ...)   with them, dp_i = ∂C/∂p_i (units,)
                      With k pieces (``has_pieces`` True; no unit_params):
                          f(z) -> (h, winner)                z (units, k, n), h and winner (units, n)
                          back(winner, dh, k) -> dz          dz (units, k, n)
    equation          the function as plain text
    unit_params       the parameters it learns per unit, in ``net.params`` order after W_l and b_l, with their
                      initial values: PReLU's (UnitParam("a", 0.25),); () for the others
    has_pieces        True if every unit has k pieces (Maxout): W_l (fan_in, fan_out, k), b_l (fan_out, k)
    piecewise_linear  True if the network is linear once the input fixes the gates (which units are on or
                      which pieces win): its local linear map (active_paths) is then exact
    gate              GATE_PIECE, GATE_ON_OFF or GATE_SMOOTH: what the thinned-network view shows of a unit
    """

    name: str
    f: Callable
    back: Callable
    equation: str
    unit_params: tuple[UnitParam, ...] = ()
    has_pieces: bool = False
    piecewise_linear: bool = False
    gate: str = GATE_SMOOTH

    def initial_params(self, units: int, dtype=np.float64) -> tuple[np.ndarray, ...]:
        """The learned per-unit arrays of a layer of ``units`` units at their initial values: p_i = initial_i · 1."""
        return tuple(np.full(units, p.initial, dtype=dtype) for p in self.unit_params)


# One entry per activation, in the lecture's order.
REGISTRY: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_back, "σ(z) = 1 / (1 + e^(−z))"),
        Activation("tanh", tanh, tanh_back, "tanh(z)"),
        Activation("relu", relu, relu_back, "max(0, z)", piecewise_linear=True, gate=GATE_ON_OFF),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_back,
            "z if z > 0 else 0.01 z",
            piecewise_linear=True,
            gate=GATE_ON_OFF,
        ),
        Activation(
            "prelu",
            prelu,
            prelu_back,
            "z if z > 0 else a z  (a learned per unit, a⁰ = 0.25)",
            unit_params=(UnitParam("a", PRELU_SLOPE0),),
            piecewise_linear=True,
            gate=GATE_ON_OFF,
        ),
        Activation(
            "maxout",
            maxout,
            maxout_back,
            "max_j (x·W_j + b_j), j = 1..k",
            has_pieces=True,
            piecewise_linear=True,
            gate=GATE_PIECE,
        ),
        Activation("linear", linear, linear_back, "z", piecewise_linear=True),
    )
}


def get(name: str) -> Activation:
    """The registry entry of activation ``name``; ValueError for an unknown name."""
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(REGISTRY)}") from None


def names() -> list[str]:
    """The activation names: sigmoid, tanh, relu, leaky_relu, prelu, maxout, linear."""
    return list(REGISTRY)


# Views of the registry, kept for their users (the UI, the tests):
# the activations with the plain pair f(z), back(z, h, dh) -> dz (no learned parameter, no pieces);
ELEMENTWISE: dict[str, Activation] = {
    name: a for name, a in REGISTRY.items() if not a.unit_params and not a.has_pieces
}
# every activation's equation;
EQUATIONS: dict[str, str] = {name: a.equation for name, a in REGISTRY.items()}
# the ones with which a network is linear once the input fixes which units are on / which pieces win.
PIECEWISE_LINEAR = tuple(name for name, a in REGISTRY.items() if a.piecewise_linear)
