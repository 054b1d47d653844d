"""Activations: each forward against its equation (and torch), each backward against finite differences."""

import numpy as np
import pytest

from engine import activations as act

# One row per unit, one column per example; values kept away from the kink at 0.
Z = np.array([[-3.0, -0.7, -0.2, 0.3, 1.1, 4.0], [2.5, -1.5, 0.6, -4.0, 0.05, -0.05]])
H = 1e-6


def numeric_derivative(f, z):
    return (f(z + H) - f(z - H)) / (2 * H)


@pytest.mark.parametrize("name", list(act.ELEMENTWISE))
def test_backward_is_the_derivative(name):
    f, back = act.ELEMENTWISE[name].f, act.ELEMENTWISE[name].back
    dh = np.linspace(-1.0, 2.0, Z.size).reshape(Z.shape)
    np.testing.assert_allclose(back(Z, f(Z), dh), dh * numeric_derivative(f, Z), rtol=1e-7, atol=1e-10)


def test_forward_equations():
    np.testing.assert_allclose(act.sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15)
    np.testing.assert_allclose(act.tanh(Z), np.tanh(Z))
    np.testing.assert_array_equal(act.relu(Z), np.where(Z > 0, Z, 0.0))
    np.testing.assert_allclose(act.leaky_relu(Z), np.where(Z > 0, Z, 0.01 * Z), rtol=1e-15)
    np.testing.assert_array_equal(act.linear(Z), Z)


def test_sigmoid_is_stable_far_out():
    z = np.array([[-1000.0, -40.0, 0.0, 40.0, 1000.0]])  # RuntimeWarnings are errors in this suite
    h = act.sigmoid(z)
    assert np.all(np.isfinite(h)) and h[0, 2] == 0.5 and h[0, -1] == 1.0 and h[0, 0] == 0.0
    assert np.all(act.sigmoid_back(z, h, np.ones_like(z)) <= 0.25)


def test_kinks_follow_torch():
    z, ones = np.array([[0.0]]), np.ones((1, 1))
    assert act.relu_back(z, act.relu(z), ones)[0, 0] == 0.0
    assert act.leaky_relu_back(z, act.leaky_relu(z), ones)[0, 0] == 0.01
    assert act.prelu_back(z, z, ones, np.array([0.25]))[0][0, 0] == 0.25


def test_prelu_forward_and_both_gradients():
    a = np.array([0.25, -0.5])
    np.testing.assert_allclose(act.prelu(Z, a), np.where(Z > 0, Z, a[:, None] * Z))
    dh = np.linspace(-1.0, 2.0, Z.size).reshape(Z.shape)
    dz, da = act.prelu_back(Z, act.prelu(Z, a), dh, a)
    np.testing.assert_allclose(dz, dh * numeric_derivative(lambda z: act.prelu(z, a), Z), rtol=1e-7)
    # ∂C/∂a_u for C = Σ dh·h, by central differences in each a_u
    for u in range(len(a)):
        e = np.zeros_like(a)
        e[u] = H
        numeric = (np.sum(dh * act.prelu(Z, a + e)) - np.sum(dh * act.prelu(Z, a - e))) / (2 * H)
        assert da[u] == pytest.approx(numeric, rel=1e-7)


def test_maxout_takes_the_max_and_the_first_of_ties():
    pieces = [  # per unit, per example: the k = 3 pieces
        [[1.0, 2.0, 0.0], [5.0, 2.0, 0.0], [2.0, 2.0, 0.0]],
        [[3.0, 2.0, 4.0], [-3.0, 7.0, 4.5], [0.0, 4.0, 4.0]],
    ]
    z = np.transpose(pieces, (0, 2, 1))  # (units, k, n)
    h, winner = act.maxout(z)
    np.testing.assert_array_equal(h, [[2.0, 5.0, 2.0], [4.0, 7.0, 4.0]])
    np.testing.assert_array_equal(winner, [[1, 0, 0], [2, 1, 1]])


def test_maxout_with_one_piece_is_linear():
    z = Z[:, None, :]
    h, winner = act.maxout(z)
    np.testing.assert_array_equal(h, Z)
    assert not winner.any()


def test_maxout_backward_routes_to_the_winner_only():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((4, 3, 5))
    h, winner = act.maxout(z)
    dh = rng.standard_normal((4, 5))
    dz = act.maxout_back(winner, dh, 3)
    np.testing.assert_array_equal(dz.sum(axis=1), dh)
    np.testing.assert_array_equal(np.count_nonzero(dz, axis=1), 1)
    # finite differences of C = Σ dh·h in every piece
    for index in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[index] = H
        numeric = (np.sum(dh * act.maxout(z + e)[0]) - np.sum(dh * act.maxout(z - e)[0])) / (2 * H)
        assert dz[index] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_maxout_winner_needs_the_most_pieces_it_can_hold():
    z = np.zeros((1, 3, 1))
    z[0, 2, 0] = 1.0
    assert act.maxout(z)[1][0, 0] == 2


def test_names_in_the_lecture_order():
    assert act.names() == ["sigmoid", "tanh", "relu", "leaky_relu", "prelu", "maxout", "linear"]
    assert set(act.PIECEWISE_LINEAR) <= set(act.names())


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_equal_to_torch(name):
    torch = pytest.importorskip("torch")
    z = torch.tensor(Z, requires_grad=True)
    torch_f = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
    }[name]
    out = torch_f(z)
    dh = np.linspace(-1.0, 2.0, Z.size).reshape(Z.shape)
    out.backward(torch.tensor(dh))
    f, back = act.ELEMENTWISE[name].f, act.ELEMENTWISE[name].back
    np.testing.assert_allclose(f(Z), out.detach().numpy(), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(back(Z, f(Z), dh), z.grad.numpy(), rtol=1e-14, atol=1e-16)


def test_prelu_equal_to_torch():
    torch = pytest.importorskip("torch")
    a = np.array([0.25, -0.5])
    z, weight = (
        torch.tensor(Z.T, requires_grad=True),
        torch.tensor(a, requires_grad=True),
    )  # torch: (n, units)
    dh = np.linspace(-1.0, 2.0, Z.size).reshape(Z.shape)
    torch.nn.functional.prelu(z, weight).backward(torch.tensor(dh.T))
    dz, da = act.prelu_back(Z, act.prelu(Z, a), dh, a)
    np.testing.assert_allclose(dz, z.grad.numpy().T, rtol=1e-14)
    np.testing.assert_allclose(da, weight.grad.numpy(), rtol=1e-13)
