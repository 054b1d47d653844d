"""Training and the diagnostics: equality with a hand-written loop, History, callbacks, divergence,
Nielsen's slow first layers, nudges, the thinned linear network and the learned Maxout shapes."""

import numpy as np
import pytest

from engine import datasets, optimizers
from engine.diagnostics import active_paths, layer_speeds, nudge, unit_response
from engine.network import MLP, train

MOONS = datasets.make("moons", n=200, noise=0.1, seed=0)


def same(a, b):
    return all(np.array_equal(p, q) for p, q in zip(a, b))


def test_full_batch_training_is_the_plain_loop():
    net, twin = MLP([2, 8, 8, 2], "relu", seed=1), MLP([2, 8, 8, 2], "relu", seed=1)
    opt = optimizers.make("momentum", lr=0.1, momentum=0.9)
    history = train(net, opt, MOONS.X, MOONS.y, epochs=5)
    states = [opt.init(p) for p in twin.params]
    for _ in range(5):
        grads = twin.loss_and_grads(MOONS.X, MOONS.y)[1]
        for i, (p, g) in enumerate(zip(twin.params, grads)):
            twin.params[i], states[i] = opt.step(p, g, states[i])
    assert same(net.params, twin.params)
    assert history.loss[-1] == twin.loss(MOONS.X, MOONS.y)
    assert history.epochs == 5 and history.reason == "completed"


def test_minibatches_follow_the_seed():
    runs = []
    for seed in (0, 0, 1):
        net = MLP([2, 8, 2], "tanh", seed=0)
        train(net, "adam", MOONS.X, MOONS.y, epochs=3, batch_size=32, seed=seed)
        runs.append(net.params)
    assert same(runs[0], runs[1]) and not same(runs[0], runs[2])


def test_a_batch_as_large_as_the_data_is_full_batch():
    a, b = MLP([2, 8, 2], "relu", seed=0), MLP([2, 8, 2], "relu", seed=0)
    train(a, "sgd", MOONS.X, MOONS.y, epochs=3)
    train(b, "sgd", MOONS.X, MOONS.y, epochs=3, batch_size=10_000)
    assert same(a.params, b.params)


def test_history_has_one_row_per_epoch_and_layer():
    net = MLP([2, 6, 5, 2], "prelu", seed=0)
    history = train(
        net,
        optimizers.make("adam", lr=0.02),
        MOONS.X,
        MOONS.y,
        4,
        batch_size=50,
        X_test=MOONS.X_test,
        y_test=MOONS.y_test,
    )
    assert len(history.loss) == len(history.train_acc) == len(history.test_acc) == 4
    assert np.shape(history.grad_norms) == np.shape(history.update_ratios) == (4, 3)
    assert np.all(np.array(history.grad_norms) > 0) and np.all(np.array(history.update_ratios) > 0)
    assert [[a.shape for a in epoch] for epoch in history.prelu_slopes] == [[(6,), (5,)]] * 4
    np.testing.assert_array_equal(history.prelu_slopes[-1][0], net.params[2])
    assert all(0 <= acc <= 1 for acc in history.train_acc + history.test_acc)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "maxout"])
def test_one_pass_over_every_measured_set_equals_measuring_each(activation):
    """train measures the training, test and validation rows in one forward pass (evaluate_sets)."""
    net = MLP([2, 6, 5, 2], activation, seed=0)
    sets = [(MOONS.X, MOONS.y), (MOONS.X_test, MOONS.y_test), (MOONS.X[:7], MOONS.y[:7])]
    together = net.evaluate_sets(sets)
    for (loss, acc), (X, y) in zip(together, sets):
        alone = net.evaluate(X, y)
        assert loss == pytest.approx(alone[0], rel=1e-13, abs=0) and acc == alone[1]
    history = train(net, "sgd", MOONS.X, MOONS.y, 3, batch_size=40, X_test=MOONS.X_test, y_test=MOONS.y_test)
    assert history.test_acc[-1] == net.evaluate(MOONS.X_test, MOONS.y_test)[1]
    assert history.loss[-1] == pytest.approx(net.loss(MOONS.X, MOONS.y), rel=1e-13, abs=0)


def test_no_test_set_no_test_accuracy():
    history = train(MLP([2, 4, 2], "relu"), "sgd", MOONS.X, MOONS.y, 2)
    assert history.test_acc == [] and history.prelu_slopes == []


def test_update_ratio_of_sgd_is_the_step_over_the_weight():
    net = MLP([2, 4, 2], "sigmoid", seed=0)
    W, grads = net.params[0].copy(), net.loss_and_grads(MOONS.X, MOONS.y)[1]
    history = train(net, optimizers.make("sgd", lr=0.5), MOONS.X, MOONS.y, 1)
    assert history.update_ratios[0][0] == pytest.approx(0.5 * np.linalg.norm(grads[0]) / np.linalg.norm(W))
    assert history.grad_norms[0][0] == pytest.approx(np.linalg.norm(grads[0]))


def test_learns_the_moons():
    net = MLP([2, 16, 16, 2], "relu", seed=0)
    history = train(
        net, optimizers.make("adam", lr=0.01), MOONS.X, MOONS.y, 300, X_test=MOONS.X_test, y_test=MOONS.y_test
    )
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert history.train_acc[-1] > 0.97 and history.test_acc[-1] > 0.9


def test_callback_sees_each_epoch_and_false_stops():
    seen = []

    def callback(epoch, history):
        seen.append((epoch, history.epochs))
        return False if epoch == 3 else None

    history = train(MLP([2, 4, 2]), "sgd", MOONS.X, MOONS.y, 10, callback=callback)
    assert seen == [(1, 1), (2, 2), (3, 3)]
    assert history.stopped_at == 3 and history.reason == "stopped" and history.epochs == 3


def test_divergence_is_recorded_not_raised():
    # a deep linear network under a huge step grows its weights geometrically until the loss overflows
    net = MLP([2, 16, 16, 2], "linear", init="normal", seed=0)
    history = train(net, optimizers.make("sgd", lr=1e3), MOONS.X, MOONS.y, 50)
    assert history.reason == "diverged" and history.diverged_at is not None
    assert history.epochs == history.diverged_at - 1
    assert np.all(np.isfinite(history.loss))
    assert all(np.all(np.isfinite(p)) for p in net.params)


def test_float32_network_stays_float32():
    net = MLP([2, 8, 2], "maxout", dtype=np.float32)
    train(net, "adam", MOONS.X, MOONS.y, 2)
    assert all(p.dtype == np.float32 for p in net.params)


def test_bad_arguments_are_refused():
    net = MLP([2, 4, 2])
    with pytest.raises(ValueError):
        train(net, "sgd", MOONS.X, MOONS.y[:-1], 1)
    with pytest.raises(ValueError):
        train(net, "sgd", MOONS.X, MOONS.y, -1)
    with pytest.raises(ValueError):
        train(net, "sgd", MOONS.X, MOONS.y, 1, batch_size=0)


# ----- Nielsen, ch. 5: in a deep Sigmoid network the first layer learns far slower than the last ----------
def nielsen_net(activation, n_in, seed):
    # weights N(0, 1)/√n_in and biases N(0, 1), as in Nielsen's experiment
    return MLP([n_in, 30, 30, 30, 30, 10], activation, init="lecun", bias_init="normal", seed=seed)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sigmoid_first_layers_learn_slowly_on_digits(seed):
    digits = datasets.make("digits")
    sigmoid = layer_speeds(nielsen_net("sigmoid", 64, seed), digits.X, digits.y)
    relu = layer_speeds(nielsen_net("relu", 64, seed), digits.X, digits.y)
    assert sigmoid.shape == relu.shape == (4,)
    assert np.all(np.diff(sigmoid) > 0)  # each layer slower than the next
    assert sigmoid[0] / sigmoid[-1] < 0.1
    assert relu[0] / relu[-1] > 0.1 and relu[0] / relu[-1] > 10 * sigmoid[0] / sigmoid[-1]


def test_sigmoid_first_layers_learn_slowly_on_2d_data():
    spiral = datasets.make("spiral", n=500, arms=3)
    sigmoid = layer_speeds(nielsen_net("sigmoid", 2, 0), spiral.X, spiral.y)
    relu = layer_speeds(nielsen_net("relu", 2, 0), spiral.X, spiral.y)
    assert sigmoid[0] / sigmoid[-1] < 0.1 < relu[0] / relu[-1]


def test_layer_speed_is_the_bias_gradient_norm():
    net = MLP([2, 5, 4, 2], "maxout", seed=0)
    grads = net.loss_and_grads(MOONS.X, MOONS.y)[1]
    np.testing.assert_allclose(
        layer_speeds(net, MOONS.X, MOONS.y), [np.linalg.norm(grads[1]), np.linalg.norm(grads[3])]
    )


# ----- nudge -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("activation", "index"), [("sigmoid", (1, 2)), ("maxout", (0, 3, 1)), ("prelu", 7)])
def test_nudge_ratio_approaches_the_gradient(activation, index):
    net = MLP([2, 6, 6, 2], activation, seed=0)
    before = [p.copy() for p in net.params]
    result = nudge(net, MOONS.X, MOONS.y, 2 if activation == "sigmoid" else 1, index, delta=1e-6)
    assert result.delta_C == pytest.approx(result.ratio * 1e-6)
    assert result.ratio == pytest.approx(result.grad, rel=1e-3, abs=1e-9)
    assert same(net.params, before)
    w = net.params[0 if activation != "sigmoid" else 2]
    assert result.w == w[np.unravel_index(index, w.shape) if np.ndim(index) == 0 else index]


def test_big_nudges_in_the_first_sigmoid_layer_barely_move_the_loss():
    net = nielsen_net("sigmoid", 2, 0)
    spiral = datasets.make("spiral", n=300, arms=3)
    first = abs(nudge(net, spiral.X, spiral.y, 1, (0, 0), 0.5).delta_C)
    last = abs(nudge(net, spiral.X, spiral.y, 4, (0, 0), 0.5).delta_C)
    assert first < last


# ----- active paths ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "prelu", "maxout"])
def test_the_thinned_network_is_linear_and_exact(activation):
    net = MLP([2, 8, 8, 3], activation, pieces=3, seed=4, bias_init="normal")
    x = np.array([0.3, -0.2])
    paths = active_paths(net, x)
    assert paths.exact and len(paths.weights) == 3 and paths.A.shape == (2, 3)
    hidden = net.hidden_outputs(x[None])
    for layer, on in enumerate(paths.on):
        if activation == "maxout":
            assert on.all()
            np.testing.assert_array_equal(paths.winner[layer], hidden[layer].z[0].argmax(axis=-1))
        else:
            np.testing.assert_array_equal(on, hidden[layer].z[0] > 0)
            assert paths.winner is None
    # the same linear map gives the logits at x and at a point close enough to keep the same paths
    for point in (x, x + 1e-7):
        np.testing.assert_allclose(point @ paths.A + paths.c, net.forward(point[None])[0], rtol=1e-10)


def test_off_relu_units_are_cut_out():
    net = MLP([2, 8, 2], "relu", seed=0)
    for x in np.linspace([-1.0, 1.0], [1.0, -1.0], 5):
        paths = active_paths(net, x)
        off = ~paths.on[0]
        assert np.all(paths.weights[0][:, off] == 0) and np.all(paths.slope[0][off] == 0)
        assert np.all(paths.slope[0][~off] == 1)
    assert any((~active_paths(net, x).on[0]).any() for x in np.linspace([-1.0, 1.0], [1.0, -1.0], 5))


def test_sigmoid_paths_give_the_jacobian():
    net = MLP([2, 5, 5, 2], "sigmoid", seed=0)
    x = np.array([0.4, 0.1])
    paths = active_paths(net, x)
    assert not paths.exact and all(on.all() for on in paths.on)
    h = 1e-6
    numeric = np.array(
        [(net.forward((x + e)[None])[0] - net.forward((x - e)[None])[0]) / (2 * h) for e in np.eye(2) * h]
    )
    np.testing.assert_allclose(paths.A, numeric, rtol=1e-6)


# ----- unit response ------------------------------------------------------------------------------------------
def test_first_layer_maxout_units_are_convex_piecewise_linear():
    net = MLP([2, 4, 2], "maxout", pieces=3, seed=0)
    along = np.linspace([-3.0, -2.0], [3.0, 2.0], 601)
    for unit in range(4):
        response = unit_response(net, 1, unit, along)
        assert response.z.shape == (601, 3) and response.h.shape == (601,)
        np.testing.assert_array_equal(response.h, response.z.max(axis=1))
        assert np.all(np.diff(response.h, 2) > -1e-12)  # convex along the line


def test_unit_response_of_a_relu_unit():
    net = MLP([2, 4, 4, 2], "relu", seed=0)
    along = np.linspace([-1.0, 0.0], [1.0, 0.0], 11)
    response = unit_response(net, 2, 1, along)
    assert response.z.shape == (11, 1)
    np.testing.assert_array_equal(response.h, np.maximum(response.z[:, 0], 0))
    with pytest.raises(ValueError):
        unit_response(net, 3, 0, along)
    with pytest.raises(ValueError):
        unit_response(net, 1, 4, along)
