"""The lecture's second half in the engine: L2 and L1 penalties on the weight matrices, inverted dropout and
early stopping. Hand-computed numbers, central differences and torch autograd / torch.optim."""

import numpy as np
import pytest

from engine import optimizers
from engine.network import MLP, train
from tests.test_network import ACTIVATIONS, data, numeric_grads, small_net, torch_forward


def fixed_masks(net, n, p=0.5, seed=5):
    return net.dropout_masks(n, np.random.default_rng(seed)) if any(net.dropout) else None


# ----- the penalties, by hand ----------------------------------------------------------------------------
def hand_net(activation="prelu"):
    net = MLP([2, 2, 2], activation)
    net.params[0][:] = [[1.0, -2.0], [0.0, 3.0]]  # W1
    net.params[1][:] = [5.0, -7.0]  # b1: never penalised
    net.params[-2][:] = [[0.5, 0.0], [-1.0, 2.0]]  # W2
    net.params[-1][:] = [4.0, 4.0]  # b2
    return net


def test_the_penalties_by_hand():
    """Σw² = 1 + 4 + 0 + 9 + 0.25 + 0 + 1 + 4 = 19.25 and Σ|w| = 9.5 over W1 and W2 (b1, b2 and PReLU's
    a = 0.25 are left out): λ = 0.1, μ = 0.01 add 0.1/2 · 19.25 + 0.01 · 9.5 = 0.9625 + 0.095 = 1.0575."""
    net = hand_net()
    X, y = np.array([[0.3, -0.2], [1.0, 0.5]]), np.array([0, 1])
    plain, g0 = net.loss_and_grads(X, y)
    loss, g = net.loss_and_grads(X, y, weight_decay=0.1, l1=0.01)
    assert net.penalty(0.1, 0.01) == pytest.approx(1.0575, abs=1e-15)
    assert loss == pytest.approx(plain + 1.0575, abs=1e-14)
    # ∂/∂W = λ W + μ sign(W), sign(0) = 0
    np.testing.assert_allclose(g[0] - g0[0], [[0.11, -0.21], [0.0, 0.31]], atol=1e-15)
    np.testing.assert_allclose(g[-2] - g0[-2], [[0.06, 0.0], [-0.11, 0.21]], atol=1e-15)
    for i in (1, 2, 4):  # b1, a1, b2
        np.testing.assert_array_equal(g[i], g0[i])
    assert net.param_names == ["W1", "b1", "a1", "W2", "b2"] and net.weight_indices == [0, 3]


def test_maxout_weights_are_penalised_and_its_biases_not():
    net = MLP([2, 3, 2], "maxout", pieces=2, seed=1)
    X, y = data(5, 2, 2)
    plain, g0 = net.loss_and_grads(X, y)
    loss, g = net.loss_and_grads(X, y, weight_decay=0.2)
    W1, W2 = net.params[0], net.params[2]
    assert W1.shape == (2, 3, 2)
    assert loss - plain == pytest.approx(0.1 * ((W1**2).sum() + (W2**2).sum()), rel=1e-13)
    np.testing.assert_allclose(g[0] - g0[0], 0.2 * W1, atol=1e-15)
    np.testing.assert_array_equal(g[1], g0[1])


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_penalised_gradients_match_finite_differences(activation):
    net = small_net(activation)
    X, y = data()
    loss, grads = net.loss_and_grads(X, y, weight_decay=0.3, l1=0.05)
    assert all(np.abs(net.params[i]).min() > 1e-4 for i in net.weight_indices)  # away from |w|'s kink
    numeric = numeric_grads(net, lambda: net.loss(X, y) + net.penalty(0.3, 0.05))
    assert loss == pytest.approx(net.loss(X, y) + net.penalty(0.3, 0.05), rel=1e-14)
    for name, g, n in zip(net.param_names, grads, numeric):
        np.testing.assert_allclose(g, n, rtol=1e-6, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dropout_gradients_match_finite_differences(activation):
    net = small_net(activation, dropout=[0.5, 0.3])
    X, y = data()
    masks = fixed_masks(net, len(X))
    loss, grads = net.loss_and_grads(X, y, weight_decay=0.1, l1=0.02, masks=masks)
    numeric = numeric_grads(net, lambda: net.loss_and_grads(X, y, 0.1, 0.02, masks=masks)[0])
    for name, g, n in zip(net.param_names, grads, numeric):
        np.testing.assert_allclose(g, n, rtol=1e-6, atol=1e-9, err_msg=name)
    assert loss != pytest.approx(net.loss_and_grads(X, y, 0.1, 0.02)[0])  # the masks change the loss


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_penalties_and_dropout_equal_torch_autograd(activation):
    torch = pytest.importorskip("torch")
    net = small_net(activation, dropout=0.4)
    X, y = data()
    masks = fixed_masks(net, len(X))
    loss, grads = net.loss_and_grads(X, y, weight_decay=0.3, l1=0.05, masks=masks)
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    logits = torch_forward(torch, net, params, X, masks)
    weights = [params[i] for i in net.weight_indices]
    total = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    total = total + 0.3 / 2 * sum((w**2).sum() for w in weights) + 0.05 * sum(w.abs().sum() for w in weights)
    total.backward()
    assert loss == pytest.approx(total.item(), rel=1e-14)
    for name, g, p in zip(net.param_names, grads, params):
        np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-12, atol=1e-15, err_msg=name)


# ----- dropout masks ---------------------------------------------------------------------------------------
def test_masks_are_inverted_dropout_and_follow_the_seed():
    net = MLP([2, 200, 100, 2], "relu", dropout=[0.5, 0.2])
    m1, m2 = net.dropout_masks(500, np.random.default_rng(3))
    assert m1.shape == (500, 200) and m2.shape == (500, 100)
    assert set(np.unique(m1)) == {0.0, 2.0} and set(np.unique(m2)) == {0.0, 1.25}
    assert np.mean(m1 == 0) == pytest.approx(0.5, abs=0.01)  # 100 000 draws: σ = 0.0016
    assert np.mean(m2 == 0) == pytest.approx(0.2, abs=0.01)
    assert m1.mean() == pytest.approx(1.0, abs=0.02)  # E[m] = 1: the expected output is unchanged
    again = net.dropout_masks(500, np.random.default_rng(3))
    np.testing.assert_array_equal(again[0], m1)
    np.testing.assert_array_equal(again[1], m2)
    rng = np.random.default_rng(3)  # drawn layer by layer: keep = uniform ≥ p
    np.testing.assert_array_equal(m1, (rng.random((500, 200)) >= 0.5) * 2.0)
    assert not np.array_equal(net.dropout_masks(500, np.random.default_rng(4))[0], m1)
    assert MLP([2, 4, 4, 2], dropout=[0.0, 0.5]).dropout_masks(3, np.random.default_rng(0))[0] is None


def test_train_draws_its_masks_from_the_seed_and_tests_without_them():
    """One full-batch SGD step with dropout is the step on the masks of default_rng([seed, 2])."""
    X, y = data(20, 3, 3)
    net = small_net("relu", dropout=0.5)
    start = [p.copy() for p in net.params]
    train(net, optimizers.make("sgd", lr=0.1), X, y, epochs=1, seed=7)
    twin = small_net("relu", dropout=0.5)
    masks = twin.dropout_masks(len(X), np.random.default_rng([7, 2]))
    _, grads = twin.loss_and_grads(X, y, masks=masks)
    for p, p0, g in zip(net.params, start, grads):
        np.testing.assert_allclose(p, p0 - 0.1 * g, rtol=1e-14, atol=1e-16)
    # reproducible by seed, different for another seed; test-time forward uses no mask
    again = small_net("relu", dropout=0.5)
    train(again, optimizers.make("sgd", lr=0.1), X, y, epochs=3, seed=7)
    other = small_net("relu", dropout=0.5)
    train(other, optimizers.make("sgd", lr=0.1), X, y, epochs=3, seed=8)
    net3 = small_net("relu", dropout=0.5)
    train(net3, optimizers.make("sgd", lr=0.1), X, y, epochs=3, seed=7)
    for a, b in zip(again.params, net3.params):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(again.params[0], other.params[0])
    plain = small_net("relu")
    plain.params[:] = [p.copy() for p in again.params]
    np.testing.assert_array_equal(again.forward(X), plain.forward(X))


def test_the_lectures_test_time_scaling_is_the_average_of_the_thinned_networks():
    """Lee: training keeps each unit with probability 1 − p; at test time multiply the weights by 1 − p.
    For a linear network that is exactly the average over all 2^units thinned networks (here the last
    hidden layer's 4 units, each mask weighted by its probability). Inverted dropout (m = 1/(1 − p) for a
    kept unit) makes the same average equal the network as it is: so the engine tests with no scaling."""
    p = 0.25
    net = MLP([2, 3, 4, 2], "linear", seed=3, bias_init="normal", dropout=[0.0, p])
    X, _ = data(5, 2, 2)
    lecture = np.zeros((5, 2))
    inverted = np.zeros((5, 2))
    for bits in np.ndindex(*(2,) * 4):
        keep = np.array(bits, dtype=float)
        weight = np.prod(np.where(keep == 1, 1 - p, p))
        W, b = net.params[-2], net.params[-1]
        h = net.hidden_outputs(X)[-1].h
        lecture += weight * ((h * keep) @ W + b)
        inverted += weight * ((h * keep / (1 - p)) @ W + b)
    scaled = net.copy()
    scaled.params[-2] = (1 - p) * net.params[-2]
    np.testing.assert_allclose(lecture, scaled.forward(X), rtol=1e-12)
    np.testing.assert_allclose(inverted, net.forward(X), rtol=1e-12)
    assert not np.allclose(lecture, net.forward(X))


# ----- training with penalties ------------------------------------------------------------------------------
def test_weight_decay_is_lees_update():
    """w ← (1 − ηλ) w − η ∂L/∂w for the weights, b ← b − η ∂L/∂b; and L1: w ← w − ηλ sign(w) − η ∂L/∂w."""
    X, y = data(12, 3, 3)
    for decay, l1 in ((0.5, 0.0), (0.0, 0.2)):
        net = small_net("tanh")
        start = [p.copy() for p in net.params]
        _, grads = net.loss_and_grads(X, y)
        train(net, optimizers.make("sgd", lr=0.1), X, y, epochs=1, weight_decay=decay, l1=l1)
        for i, (p, p0, g) in enumerate(zip(net.params, start, grads)):
            if i in net.weight_indices:
                expected = (1 - 0.1 * decay) * p0 - 0.1 * l1 * np.sign(p0) - 0.1 * g
            else:
                expected = p0 - 0.1 * g
            np.testing.assert_allclose(p, expected, rtol=1e-13, atol=1e-16)


def test_training_with_weight_decay_equals_torch_sgd_with_weight_decay_on_the_weights():
    torch = pytest.importorskip("torch")
    X, y = data(30, 3, 3)
    net = small_net("sigmoid")
    params = [torch.tensor(p.copy(), requires_grad=True) for p in net.params]
    weights = [params[i] for i in net.weight_indices]
    others = [p for i, p in enumerate(params) if i not in net.weight_indices]
    opt = torch.optim.SGD(
        [{"params": weights, "weight_decay": 0.05}, {"params": others, "weight_decay": 0.0}],
        lr=0.2,
        momentum=0.9,
    )
    for _ in range(40):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(
            torch_forward(torch, net, params, X, None), torch.tensor(y)
        ).backward()
        opt.step()
    history = train(net, optimizers.make("momentum", lr=0.2, momentum=0.9), X, y, 40, weight_decay=0.05)
    for name, p, q in zip(net.param_names, net.params, params):
        np.testing.assert_allclose(p, q.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=name)
    assert history.loss[-1] == pytest.approx(net.loss(X, y), rel=1e-14)  # the cross-entropy alone


def test_weight_decay_shrinks_the_weights():
    X, y = data(40, 3, 3)
    norms = []
    for decay in (0.0, 0.01, 0.1):
        net = small_net("relu")
        train(net, "adam", X, y, 100, weight_decay=decay)
        norms.append(sum(float((net.params[i] ** 2).sum()) for i in net.weight_indices))
    assert norms[0] > norms[1] > norms[2]


def test_l1_makes_weights_small_and_many_tiny():
    X, y = data(40, 3, 3)
    tiny = []
    for l1 in (0.0, 0.02):
        net = small_net("relu")
        train(net, optimizers.make("sgd", lr=0.1), X, y, 300, l1=l1)
        w = np.concatenate([net.params[i].ravel() for i in net.weight_indices])
        tiny.append(np.mean(np.abs(w) < 0.01))
    assert tiny[1] > tiny[0] + 0.2


# ----- early stopping and the target loss ------------------------------------------------------------------
def overfitting_run(patience, epochs=150, seed=0):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] + 0.8 * rng.standard_normal(60) > 0).astype(np.int64)  # noisy labels: it overfits
    net = MLP([2, 32, 32, 2], "relu", seed=1)
    snapshots = {}
    history = train(
        net,
        optimizers.make("adam", lr=0.02),
        X,
        y,
        epochs,
        seed=seed,
        patience=patience,
        callback=lambda e, h: snapshots.__setitem__(e, [p.copy() for p in net.params]),
    )
    return net, history, snapshots, (X, y)


def test_early_stopping_stops_after_patience_and_restores_the_best_epoch():
    net, history, snapshots, _ = overfitting_run(patience=10)
    best = history.best_epoch
    assert history.reason == "early_stopped"
    assert history.stopped_at == best + 10 == history.epochs < 150
    assert history.val_loss[best - 1] == min(history.val_loss)
    assert min(history.val_loss[best:]) >= history.val_loss[best - 1]
    for p, q in zip(net.params, snapshots[best]):
        np.testing.assert_array_equal(p, q)
    assert len(history.val_acc) == len(history.loss)


def test_early_stopping_holds_out_the_validation_rows_by_seed():
    """The same training as without patience on the rows it keeps: permutation of default_rng([seed, 3]),
    the first round(0.2 n) held out."""
    net, history, snapshots, (X, y) = overfitting_run(patience=10)
    held = np.random.default_rng([0, 3]).permutation(60)
    plain = MLP([2, 32, 32, 2], "relu", seed=1)
    train(plain, optimizers.make("adam", lr=0.02), X[held[12:]], y[held[12:]], history.stopped_at)
    for p, q in zip(plain.params, snapshots[history.stopped_at]):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)
    assert history.val_loss[-1] == pytest.approx(plain.loss(X[held[:12]], y[held[:12]]), rel=1e-12)


def test_the_best_epoch_is_restored_when_the_last_epoch_comes_first():
    net, history, snapshots, _ = overfitting_run(patience=1000, epochs=60)
    assert history.reason == "completed" and history.stopped_at is None
    for p, q in zip(net.params, snapshots[history.best_epoch]):
        np.testing.assert_array_equal(p, q)


def test_target_loss_stops_at_the_first_epoch_that_reaches_it():
    X, y = data(40, 3, 3)
    full = train(small_net("relu"), "adam", X, y, 200)
    target = full.loss[49]
    first = next(e for e, loss in enumerate(full.loss, start=1) if loss <= target)
    history = train(small_net("relu"), "adam", X, y, 200, target_loss=target)
    assert history.reason == "target" and history.stopped_at == first == history.epochs
    assert history.val_loss == [] and history.best_epoch is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weight_decay": -0.1},
        {"weight_decay": float("nan")},
        {"l1": float("inf")},
        {"patience": 0},
        {"patience": 2.5},
        {"patience": 3, "validation": 0.0},
        {"patience": 3, "validation": 1.0},
        {"target_loss": float("nan")},
    ],
)
def test_bad_training_arguments_are_refused(kwargs):
    X, y = data(10, 3, 3)
    with pytest.raises(ValueError):
        train(small_net("relu"), "sgd", X, y, 2, **kwargs)


@pytest.mark.parametrize("dropout", [-0.1, 1.0, [0.1, 0.2, 0.3], float("nan"), [[0.1, 0.2]]])
def test_bad_dropout_is_refused(dropout):
    with pytest.raises(ValueError):
        small_net("relu", dropout=dropout)


def test_bad_masks_and_penalties_are_refused():
    net = small_net("relu", dropout=0.5)
    X, y = data()
    with pytest.raises(ValueError):
        net.loss_and_grads(X, y, masks=[None])
    with pytest.raises(ValueError):
        net.loss_and_grads(X, y, masks=[np.ones((3, 5)), None])
    with pytest.raises(ValueError):
        net.loss_and_grads(X, y, weight_decay=-1.0)
