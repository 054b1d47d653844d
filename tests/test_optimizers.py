"""Optimizers: the first two steps by hand, purity, convergence, and equality with torch.optim."""

import math

import numpy as np
import pytest

from engine import optimizers
from engine.simulate import simulate

G0, G1 = np.array([3.0, -4.0]), np.array([1.0, 2.0])
THETA0 = np.array([1.0, 1.0])


def two_steps(opt):
    state = opt.init(THETA0)
    theta1, state = opt.step(THETA0, G0, state)
    theta2, state = opt.step(theta1, G1, state)
    return theta1, theta2, state


def test_sgd_by_hand():
    # θ1 = 1 − 0.1·(3, −4) = (0.7, 1.4);  θ2 = θ1 − 0.1·(1, 2) = (0.6, 1.2)
    theta1, theta2, _ = two_steps(optimizers.make("sgd", lr=0.1))
    np.testing.assert_allclose(theta1, [0.7, 1.4])
    np.testing.assert_allclose(theta2, [0.6, 1.2])


def test_momentum_by_hand():
    # v1 = 0 − 0.1·(3, −4) = (−0.3, 0.4);  θ1 = (0.7, 1.4)
    # v2 = 0.9·(−0.3, 0.4) − 0.1·(1, 2) = (−0.37, 0.16);  θ2 = (0.33, 1.56)
    theta1, theta2, state = two_steps(optimizers.make("momentum", lr=0.1, momentum=0.9))
    np.testing.assert_allclose(theta1, [0.7, 1.4])
    np.testing.assert_allclose(state.velocity, [-0.37, 0.16])
    np.testing.assert_allclose(theta2, [0.33, 1.56])


def test_nesterov_by_hand():
    # v1 = (−0.3, 0.4);  θ1 = 1 + 0.9·(−0.3, 0.4) − 0.1·(3, −4) = (0.43, 1.76)
    # v2 = 0.9·v1 − 0.1·(1, 2) = (−0.37, 0.16);  θ2 = θ1 + 0.9·v2 − 0.1·(1, 2) = (0.097, 1.704)
    theta1, theta2, _ = two_steps(optimizers.make("nesterov", lr=0.1, momentum=0.9))
    np.testing.assert_allclose(theta1, [0.43, 1.76])
    np.testing.assert_allclose(theta2, [-0.003, 1.704], atol=1e-12)


def test_adagrad_by_hand():
    # Σg² = (9, 16): θ1 = 1 − 0.1·(3/3, −4/4) = (0.9, 1.1)
    # Σg² = (10, 20): θ2 = θ1 − 0.1·(1/√10, 2/√20)
    theta1, theta2, state = two_steps(optimizers.make("adagrad", lr=0.1, eps=0.0))
    np.testing.assert_allclose(theta1, [0.9, 1.1])
    np.testing.assert_allclose(theta2, [0.9 - 0.1 / math.sqrt(10), 1.1 - 0.2 / math.sqrt(20)])
    np.testing.assert_allclose(state.sum_sq, [10.0, 20.0])


def test_rmsprop_lecture_by_hand():
    # σ⁰ = |g⁰| = (3, 4): θ1 = 1 − 0.1·sign(g⁰) = (0.9, 1.1)
    # σ¹ = √(0.9·(9, 16) + 0.1·(1, 4)) = (√8.2, √14.8): θ2 = θ1 − 0.1·(1/√8.2, 2/√14.8)
    theta1, theta2, _ = two_steps(optimizers.make("rmsprop", lr=0.1, alpha=0.9, eps=0.0))
    np.testing.assert_allclose(theta1, [0.9, 1.1])
    np.testing.assert_allclose(theta2, [0.9 - 0.1 / math.sqrt(8.2), 1.1 - 0.2 / math.sqrt(14.8)])


def test_rmsprop_zeros_by_hand():
    # σ² = 0.1·(9, 16) = (0.9, 1.6): θ1 = 1 − 0.1·(3/√0.9, −4/√1.6)
    # σ² = 0.9·(0.9, 1.6) + 0.1·(1, 4) = (0.91, 1.84): θ2 = θ1 − 0.1·(1/√0.91, 2/√1.84)
    theta1, theta2, _ = two_steps(optimizers.make("rmsprop", lr=0.1, alpha=0.9, eps=0.0, init="zeros"))
    expected1 = np.array([1 - 0.3 / math.sqrt(0.9), 1 + 0.4 / math.sqrt(1.6)])
    np.testing.assert_allclose(theta1, expected1)
    np.testing.assert_allclose(theta2, expected1 - [0.1 / math.sqrt(0.91), 0.2 / math.sqrt(1.84)])


def test_adam_by_hand():
    # t=1: m = 0.1·g⁰, u = 0.001·g⁰²; m̂ = g⁰, û = g⁰²: θ1 = 1 − 0.1·sign(g⁰) = (0.9, 1.1)
    # t=2: m = 0.09·g⁰ + 0.1·g¹ = (0.37, −0.16); u = 0.000999·g⁰² + 0.001·g¹² = (0.009991, 0.019984)
    #      m̂ = m/0.19, û = u/0.001999
    theta1, theta2, _ = two_steps(optimizers.make("adam", lr=0.1, beta1=0.9, beta2=0.999, eps=0.0))
    np.testing.assert_allclose(theta1, [0.9, 1.1])
    m_hat = np.array([0.37, -0.16]) / 0.19
    u_hat = np.array([0.009991, 0.019984]) / 0.001999
    np.testing.assert_allclose(theta2, theta1 - 0.1 * m_hat / np.sqrt(u_hat))


@pytest.mark.parametrize("name", optimizers.names())
def test_step_never_mutates_its_arguments(name):
    opt = optimizers.make(name)
    params, grads = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.3, 0.1], [-2.0, 4.0]])
    state = opt.init(params)
    for _ in range(2):
        copies = [params.copy(), grads.copy(), [np.copy(s) for s in state]]
        new_params, new_state = opt.step(params, grads, state)
        np.testing.assert_array_equal(params, copies[0])
        np.testing.assert_array_equal(grads, copies[1])
        for before, after in zip(copies[2], state):
            np.testing.assert_array_equal(before, after)
        assert new_params is not params
        params, state = new_params, new_state


@pytest.mark.parametrize("shape", [(), (3,), (2, 3, 4)])
@pytest.mark.parametrize("name", optimizers.names())
def test_any_shape(name, shape):
    opt = optimizers.make(name)
    params = np.ones(shape)
    new, _ = opt.step(params, np.full(shape, 0.5), opt.init(params))
    assert np.shape(new) == shape
    assert np.all(new < 1)


@pytest.mark.parametrize("name", optimizers.names())
def test_each_reaches_the_bowl_minimum(name, bowl):
    lr = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 1.0, "rmsprop": 0.05, "adam": 0.1}[name]
    path = simulate(bowl, optimizers.make(name, lr=lr), (2.0, 1.5), 2000)
    assert path.diverged_at is None
    assert np.linalg.norm(path.points[-1]) < 0.05


def test_bad_hyperparameters_are_named():
    with pytest.raises(ValueError, match="unknown optimizer 'adamw'.*sgd, momentum"):
        optimizers.make("adamw")
    with pytest.raises(ValueError, match="hyperparameter lr"):
        optimizers.make("sgd", lr=-1)
    with pytest.raises(ValueError, match="hyperparameter momentum"):
        optimizers.make("momentum", momentum=1.0)
    with pytest.raises(ValueError, match="has no hyperparameter 'beta1'"):
        optimizers.make("rmsprop", beta1=0.9)
    with pytest.raises(ValueError, match="init must be one of"):
        optimizers.make("rmsprop", init="ones")
    with pytest.raises(ValueError, match="hyperparameter lr"):
        optimizers.make("sgd", lr=float("nan"))


def test_names_and_defaults():
    assert optimizers.names() == ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    assert optimizers.defaults("rmsprop") == {"lr": 0.01, "alpha": 0.9, "eps": 1e-8, "init": "first_grad"}


TORCH_CASES = [
    ("sgd", {"lr": 1e-3}, "SGD", {"lr": 1e-3}),
    ("momentum", {"lr": 1e-3, "momentum": 0.9}, "SGD", {"lr": 1e-3, "momentum": 0.9}),
    ("nesterov", {"lr": 1e-3, "momentum": 0.9}, "SGD", {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    ("adagrad", {"lr": 0.1}, "Adagrad", {"lr": 0.1}),
    ("rmsprop", {"lr": 1e-3, "alpha": 0.9, "init": "zeros"}, "RMSprop", {"lr": 1e-3, "alpha": 0.9}),
    ("adam", {"lr": 1e-2}, "Adam", {"lr": 1e-2}),
]


@pytest.mark.parametrize("name, hyper, torch_name, torch_hyper", TORCH_CASES, ids=[c[0] for c in TORCH_CASES])
def test_paths_equal_torch_optim_on_rosenbrock(name, hyper, torch_name, torch_hyper, rosenbrock):
    torch = pytest.importorskip("torch")
    start, steps = (-1.2, 1.0), 300
    ours = simulate(rosenbrock, optimizers.make(name, **hyper), start, steps).points

    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, torch_name)([theta], **torch_hyper)
    theirs = [theta.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        x, y = theta[0], theta[1]
        ((1 - x) ** 2 + 100 * (y - x**2) ** 2).backward()
        opt.step()
        theirs.append(theta.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=0, atol=1e-9)
