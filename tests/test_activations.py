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
    # σ(−40) = e⁻⁴⁰ / (1 + e⁻⁴⁰) = 4.248354255291589·10⁻¹⁸, not 0 (½ + ½ tanh(−20) rounds it away)
    assert h[0, 1] == pytest.approx(4.248354255291589e-18, rel=1e-14, abs=0)
    h32 = act.sigmoid(z.astype(np.float32))  # float32 overflows e^(−z) from z < −88: still 0, no warning
    assert (
        h32.dtype == np.float32
        and h32[0, 0] == 0.0
        and h32[0, 1] == pytest.approx(4.248354e-18, rel=1e-6, abs=0)
    )


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


# ----- the registry -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", act.names())
def test_the_registry_declares_the_parameters_the_network_creates(name):
    from engine.network import MLP

    spec = act.get(name)
    net = MLP([3, 5, 4, 2], name, pieces=3, seed=0)
    k = 3 if spec.has_pieces else 1
    assert net.pieces == k and net.activation_spec is spec
    assert net.per_layer == 2 + len(spec.unit_params)
    pieces = (k,) if spec.has_pieces else ()
    for layer, (fan_in, fan_out) in ((1, (3, 5)), (2, (5, 4))):
        arrays = net.params[net.layer_slice(layer)]
        names = net.param_names[net.layer_slice(layer)]
        assert [a.shape for a in arrays] == [(fan_in, fan_out, *pieces), (fan_out, *pieces)] + [
            (fan_out,)
        ] * len(spec.unit_params)
        assert names == [f"W{layer}", f"b{layer}"] + [f"{p.name}{layer}" for p in spec.unit_params]
        for p, a in zip(spec.unit_params, arrays[2:]):
            np.testing.assert_array_equal(a, p.initial)
    assert [a.shape for a in net.params[net.layer_slice(3)]] == [(4, 2), (2,)]
    hidden = net.hidden_outputs(np.zeros((7, 3)))[0]
    assert hidden.z.shape == (7, 5, *pieces) and hidden.h.shape == (7, 5)
    assert (hidden.winner is not None) == spec.has_pieces


def _registered_backward_and_numeric(spec, rng):
    """(analytic, numeric) ∂C/∂(z, per-unit params) of C = Σ dh · h, by the registered pair and by central
    differences in every entry."""
    if spec.has_pieces:
        z = rng.standard_normal((4, 3, 5))
        dh = rng.standard_normal((4, 5))
        analytic = [spec.back(spec.f(z)[1], dh, 3)]
        inputs = [z]

        def C(z):
            return np.sum(dh * spec.f(z)[0])
    else:
        z = Z.copy()
        dh = np.linspace(-1.0, 2.0, Z.size).reshape(Z.shape)
        # the initial values, and other values drawn around them (a PReLU slope of 0.25 and then ≠ 0.25)
        unit_params = [p.initial + 0.3 * rng.standard_normal(len(Z)) for p in spec.unit_params]
        out = spec.back(z, spec.f(z, *unit_params), dh, *unit_params)
        analytic = list(out) if unit_params else [out]
        inputs = [z, *unit_params]

        def C(z, *params):
            return np.sum(dh * spec.f(z, *params))

    numeric = []
    for i, x in enumerate(inputs):
        grad = np.zeros_like(x)
        for index in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[index] = H
            up = [v + e if j == i else v for j, v in enumerate(inputs)]
            down = [v - e if j == i else v for j, v in enumerate(inputs)]
            grad[index] = (C(*up) - C(*down)) / (2 * H)
        numeric.append(grad)
    return analytic, numeric


@pytest.mark.parametrize("name", act.names())
def test_every_registered_backward_matches_central_differences(name):
    spec = act.get(name)
    analytic, numeric = _registered_backward_and_numeric(spec, np.random.default_rng(0))
    assert len(analytic) == len(numeric) == 1 + len(spec.unit_params)
    for a, n in zip(analytic, numeric):
        assert a.shape == n.shape
        np.testing.assert_allclose(a, n, rtol=1e-6, atol=1e-9)


def test_the_registry_is_consistent_and_its_views_follow_it():
    for name, spec in act.REGISTRY.items():
        assert spec.name == name and spec.gate in act.GATES and spec.equation
        assert (spec.gate == act.GATE_PIECE) == spec.has_pieces
        assert not (spec.has_pieces and spec.unit_params)  # pieces take no per-unit parameters
        assert spec.gate == act.GATE_SMOOTH or spec.piecewise_linear
    assert act.EQUATIONS == {name: spec.equation for name, spec in act.REGISTRY.items()}
    assert act.PIECEWISE_LINEAR == ("relu", "leaky_relu", "prelu", "maxout", "linear")
    assert list(act.ELEMENTWISE) == ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
    assert [n for n in act.names() if act.get(n).gate == act.GATE_ON_OFF] == ["relu", "leaky_relu", "prelu"]
    assert act.get("prelu").unit_params == (act.UnitParam("a", act.PRELU_SLOPE0),)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        act.get("swish")


def test_a_new_activation_with_a_learned_parameter_needs_only_a_registry_entry(monkeypatch):
    """s·tanh(z) with a learned scale s per unit (s⁰ = 1): the network, train and the diagnostics take it as it is."""
    from engine import active_paths, optimizers
    from engine.network import MLP, train

    def scaled_tanh(z, s):
        return s[:, None] * np.tanh(z)

    def scaled_tanh_back(z, h, dh, s):
        t = np.tanh(z)
        return dh * s[:, None] * (1.0 - t * t), np.vecdot(dh, t)

    spec = act.Activation(
        "scaled_tanh", scaled_tanh, scaled_tanh_back, "s tanh(z)", (act.UnitParam("s", 1.0),)
    )
    monkeypatch.setitem(act.REGISTRY, "scaled_tanh", spec)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 2)), rng.integers(0, 2, 20)
    net = MLP([2, 3, 4, 2], "scaled_tanh", seed=0)
    assert net.param_names == ["W1", "b1", "s1", "W2", "b2", "s2", "W3", "b3"]
    loss, grads = net.loss_and_grads(X, y)
    for i, p in enumerate(net.params):  # every gradient, the learned s included, against central differences
        for index in np.ndindex(p.shape):
            up, down = net.copy(), net.copy()
            up.params[i][index] += H
            down.params[i][index] -= H
            assert grads[i][index] == pytest.approx(
                (up.loss(X, y) - down.loss(X, y)) / (2 * H), rel=1e-5, abs=1e-9
            )
    history = train(net, optimizers.make("sgd", lr=0.1), X, y, 3)
    assert [[sorted(layer) for layer in epoch] for epoch in history.unit_params] == [[["s"], ["s"]]] * 3
    np.testing.assert_array_equal(history.unit_params[-1][1]["s"], net.params[5])
    assert history.prelu_slopes == [[], [], []]
    paths = active_paths(net, X[0])
    assert paths.winner is None and all(on.all() for on in paths.on) and not paths.exact
