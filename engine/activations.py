"""Activation functions, each a forward/backward pair written next to each other (micrograd, numpy-ml).

Layout: one row per unit, one column per example. z is (units, n); a Maxout layer's z is (units, k, n),
piece j of every unit being the row block z[:, j]. (The network keeps activations this way so that every
elementwise operation runs along long contiguous rows; see engine/network.py.)

Elementwise activations: ``f(z) -> h`` and ``f_back(z, h, dh) -> dz`` with dz = dh · f'(z) (the chain rule;
h = f(z) is passed back in so no derivative recomputes what the forward pass already has).
Parametric ReLU also returns ∂C/∂a; Maxout returns the winning piece of each unit.

Derivatives at the kinks follow torch: ReLU'(0) = 0, LeakyReLU'(0) = PReLU'(0) = the negative slope, and a
Maxout tie goes to the first piece.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

LEAKY_SLOPE = 0.01
PRELU_SLOPE0 = 0.25  # He et al. 2015's initial a


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed as ½ + ½ tanh(z/2): the same function, never overflows, and
    numpy's tanh is faster than its exp."""
    h = z * 0.5
    np.tanh(h, out=h)
    h *= 0.5
    h += 0.5
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


class Activation(NamedTuple):
    """An elementwise activation: its pure forward ``f(z)``, backward ``back(z, h, dh)``, and equation."""

    f: Callable
    back: Callable
    equation: str


ELEMENTWISE: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_back, "σ(z) = 1 / (1 + e^(−z))"),
    "tanh": Activation(tanh, tanh_back, "tanh(z)"),
    "relu": Activation(relu, relu_back, "max(0, z)"),
    "leaky_relu": Activation(leaky_relu, leaky_relu_back, "z if z > 0 else 0.01 z"),
    "linear": Activation(linear, linear_back, "z"),
}

# Every activation name, in the lecture's order: its equation for the UI.
EQUATIONS: dict[str, str] = {
    "sigmoid": ELEMENTWISE["sigmoid"].equation,
    "tanh": ELEMENTWISE["tanh"].equation,
    "relu": ELEMENTWISE["relu"].equation,
    "leaky_relu": ELEMENTWISE["leaky_relu"].equation,
    "prelu": "z if z > 0 else a z  (a learned per unit, a⁰ = 0.25)",
    "maxout": "max_j (x·W_j + b_j), j = 1..k",
    "linear": ELEMENTWISE["linear"].equation,
}
# With these, a network is linear once the input fixes which units are on / which pieces win.
PIECEWISE_LINEAR = ("relu", "leaky_relu", "prelu", "maxout", "linear")


def names() -> list[str]:
    """The activation names: sigmoid, tanh, relu, leaky_relu, prelu, maxout, linear."""
    return list(EQUATIONS)
