"""The MLP: parameter layout, initialisation, every gradient against finite differences and torch autograd."""

import ast
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import activations as act
from engine.network import MLP, cross_entropy, softmax

ACTIVATIONS = act.names()
SIZES = [3, 5, 4, 3]


def data(n=7, n_in=3, classes=3, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_in)), rng.integers(0, classes, n)


def small_net(activation, **kw):
    # biases N(0, 1) and xavier weights put pre-activations on both sides of every kink
    return MLP(SIZES, activation, pieces=3, init="xavier", seed=2, bias_init="normal", **kw)


def numeric_grads(net, loss, h=1e-6):
    """Central differences of ``loss()`` (a function of net.params) for every parameter."""
    grads = []
    for p in net.params:
        g = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            old = p[index]
            p[index] = old + h
            up = loss()
            p[index] = old - h
            down = loss()
            p[index] = old
            g[index] = (up - down) / (2 * h)
        grads.append(g)
    return grads


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_gradient_matches_finite_differences(activation):
    net = small_net(activation)
    X, y = data()
    loss, grads = net.loss_and_grads(X, y)
    assert loss == pytest.approx(net.loss(X, y), rel=1e-15)
    for name, g, numeric in zip(net.param_names, grads, numeric_grads(net, lambda: net.loss(X, y))):
        np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_the_checks_reach_every_piece_and_slope():
    X, y = data()
    zs = [hidden.z for hidden in small_net("prelu").hidden_outputs(X)]
    assert all((z < 0).any() and (z > 0).any() for z in zs)  # PReLU slopes get a gradient
    winners = [hidden.winner for hidden in small_net("maxout").hidden_outputs(X)]
    assert all(len(np.unique(w)) == 3 for w in winners)  # every Maxout piece wins somewhere


def torch_forward(torch, net, params, X, masks=None):
    """``net``'s logits written again in torch over ``params`` (torch tensors of ``net.params``), each hidden
    layer's output multiplied by its dropout mask from ``masks`` where one is given."""
    h = torch.tensor(X)
    i = 0
    for layer in range(net.n_layers - 1):
        W, b = params[i], params[i + 1]
        if net.activation == "maxout":
            fan_in, units, k = W.shape
            h = (h @ W.reshape(fan_in, units * k) + b.reshape(-1)).reshape(-1, units, k).max(dim=-1).values
        elif net.activation == "prelu":
            h = torch.nn.functional.prelu(h @ W + b, params[i + 2])
        else:
            h = {
                "sigmoid": torch.sigmoid,
                "tanh": torch.tanh,
                "relu": torch.relu,
                "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
                "linear": lambda z: z,
            }[net.activation](h @ W + b)
        if masks is not None and masks[layer] is not None:
            h = h * torch.tensor(masks[layer])
        i += net.per_layer
    return h @ params[-2] + params[-1]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_equal_to_torch_autograd(activation):
    torch = pytest.importorskip("torch")
    net = small_net(activation)
    X, y = data()
    loss, grads = net.loss_and_grads(X, y)
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    logits = torch_forward(torch, net, params, X)
    torch_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    torch_loss.backward()
    assert loss == pytest.approx(torch_loss.item(), rel=1e-14)
    np.testing.assert_allclose(net.forward(X), logits.detach().numpy(), rtol=1e-13, atol=1e-14)
    for name, g, p in zip(net.param_names, grads, params):
        np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-12, atol=1e-15, err_msg=name)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_parameter_order_and_shapes(activation):
    net = MLP([2, 4, 3, 5], activation, pieces=3)
    hidden = ["W", "b", "a"] if activation == "prelu" else ["W", "b"]
    assert net.param_names == [f"{p}{layer}" for layer in (1, 2) for p in hidden] + ["W3", "b3"]
    shapes = [p.shape for p in net.params]
    if activation == "maxout":
        assert shapes == [(2, 4, 3), (4, 3), (4, 3, 3), (3, 3), (3, 5), (5,)]
    elif activation == "prelu":
        assert shapes == [(2, 4), (4,), (4,), (4, 3), (3,), (3,), (3, 5), (5,)]
        assert np.all(net.params[2] == 0.25)
    else:
        assert shapes == [(2, 4), (4,), (4, 3), (3,), (3, 5), (5,)]
    assert net.param_layers == [int(name[1:]) for name in net.param_names]
    grads = net.loss_and_grads(*data(5, 2, 5))[1]
    assert [g.shape for g in grads] == shapes


@pytest.mark.parametrize(
    ("init", "std"),
    [
        ("normal", lambda i, o: 1.0),
        ("lecun", lambda i, o: 1 / np.sqrt(i)),
        ("xavier", lambda i, o: np.sqrt(2 / (i + o))),
        ("he", lambda i, o: np.sqrt(2 / i)),
    ],
)
@pytest.mark.parametrize("activation", ["relu", "maxout"])
def test_initial_weights_follow_torch_formulas(init, std, activation):
    net = MLP([300, 200, 10], activation, pieces=2, init=init, seed=0)
    for W, (fan_in, fan_out) in zip(net.params[::2], [(300, 200), (200, 10)]):
        assert W.std() == pytest.approx(std(fan_in, fan_out), rel=0.03)
        assert abs(W.mean()) < 0.05 * std(fan_in, fan_out)
    assert all(np.all(b == 0) for b in net.params[1::2])


def test_normal_biases_on_request():
    net = MLP([50, 400, 300, 2], "sigmoid", init="lecun", bias_init="normal", seed=0)
    assert net.params[1].std() == pytest.approx(1.0, rel=0.1)
    assert net.params[3].std() == pytest.approx(1.0, rel=0.1)


def test_deterministic_by_seed():
    a, b, c = (MLP([2, 8, 8, 3], "maxout", seed=s) for s in (7, 7, 8))
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params))
    assert not np.array_equal(a.params[0], c.params[0])
    X, y = data(20, 2)
    la, ga = a.loss_and_grads(X, y)
    lb, gb = b.loss_and_grads(X, y)
    assert la == lb and all(np.array_equal(g, h) for g, h in zip(ga, gb))


def test_loss_and_grads_leave_the_network_and_inputs_alone():
    net = MLP([3, 6, 3], "prelu", seed=0)
    X, y = data()
    before, X0 = [p.copy() for p in net.params], X.copy()
    net.loss_and_grads(X, y)
    net.forward(X)
    assert all(np.array_equal(p, q) for p, q in zip(net.params, before))
    assert np.array_equal(X, X0)


def test_copy_is_independent():
    net = MLP([2, 4, 2], "relu", seed=0)
    twin = net.copy()
    twin.params[0][0, 0] += 1.0
    assert net.params[0][0, 0] != twin.params[0][0, 0]
    assert twin.activation == "relu" and twin.sizes == net.sizes


def test_predictions():
    net = MLP([3, 6, 4], "tanh", seed=0)
    X, _ = data(9, 3, 4)
    p = net.predict_proba(X)
    assert p.shape == (9, 4)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_array_equal(net.predict(X), p.argmax(axis=1))
    loss, acc = net.evaluate(X, net.predict(X))
    assert acc == 1.0 and loss == pytest.approx(-np.log(p.max(axis=1)).mean())


def test_cross_entropy_is_stable_and_exact():
    s = np.array([[1e4, 0.0, -1e4], [0.0, 1.0, 2.0]])
    y = np.array([1, 2])
    loss, ds = cross_entropy(s, y)
    expected = (1e4 + np.log(np.exp(np.array([0.0, 1.0, 2.0])).sum()) - 2.0) / 2
    assert loss == pytest.approx(expected, rel=1e-15)
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(ds, (softmax(s) - onehot) / 2, atol=1e-17)
    assert np.all(np.isfinite(ds))


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_float32_network(activation):
    net32 = MLP([3, 8, 8, 3], activation, seed=0, dtype=np.float32)
    net64 = MLP([3, 8, 8, 3], activation, seed=0)
    X, y = data()
    l32, g32 = net32.loss_and_grads(X, y)
    l64, g64 = net64.loss_and_grads(X, y)
    assert all(g.dtype == np.float32 for g in g32) and all(p.dtype == np.float32 for p in net32.params)
    assert l32 == pytest.approx(l64, rel=1e-5)
    for g, h in zip(g32, g64):
        np.testing.assert_allclose(g, h, rtol=1e-3, atol=1e-5)


def test_no_hidden_layers_is_softmax_regression():
    net = MLP([3, 3], "relu", seed=0)
    X, y = data()
    loss, (gW, gb) = net.loss_and_grads(X, y)
    ds = cross_entropy(X @ net.params[0] + net.params[1], y)[1]
    np.testing.assert_allclose(gW, X.T @ ds)
    np.testing.assert_allclose(gb, ds.sum(axis=0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sizes": [3]},
        {"sizes": [3, 0, 2]},
        {"activation": "swish"},
        {"init": "orthogonal"},
        {"bias_init": "ones"},
        {"activation": "maxout", "pieces": 0},
        {"dtype": np.int32},
    ],
)
def test_bad_arguments_are_refused(kwargs):
    args = {"sizes": [3, 4, 2], "activation": "relu", **kwargs}
    with pytest.raises(ValueError):
        MLP(**args)


def test_wrong_inputs_and_labels_are_refused():
    net = MLP([3, 4, 2])
    with pytest.raises(ValueError, match="shape"):
        net.forward(np.zeros((5, 2)))
    for y in ([0, 1, 2], [0, -1, 1], [0, 1], [0.0, 1.0, 1.0]):
        with pytest.raises(ValueError):
            net.loss_and_grads(np.zeros((3, 3)), np.array(y))


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    activation=st.sampled_from(ACTIVATIONS),
    pieces=st.integers(1, 4),
    n=st.integers(1, 9),
    seed=st.integers(0, 2**16),
)
def test_shapes_and_finiteness_for_any_architecture(sizes, activation, pieces, n, seed):
    net = MLP(sizes, activation, pieces=pieces, seed=seed)
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, sizes[0])), rng.integers(0, sizes[-1], n)
    loss, grads = net.loss_and_grads(X, y)
    assert np.isfinite(loss) and loss >= 0
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert all(np.all(np.isfinite(g)) for g in grads)
    assert net.forward(X).shape == (n, sizes[-1])


# ----- allocator tuning: an explicit call, never an import side effect ---------------------------------------
ENGINE = Path(__file__).resolve().parents[1] / "engine"


def test_keep_freed_memory_is_a_cheap_idempotent_call():
    from engine import keep_freed_memory

    first = keep_freed_memory()
    assert isinstance(first, bool)
    if platform.libc_ver()[0] == "glibc":
        assert first is True  # elsewhere (macOS, musl) there is nothing to ask, and it says False
    start = time.perf_counter()
    again = [keep_freed_memory() for _ in range(1000)]
    assert again == [first] * 1000 and time.perf_counter() - start < 0.05


def test_one_blas_thread_leaves_numpy_one_thread_and_the_same_numbers():
    from engine import blas_threads, one_blas_thread

    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((300, 200)), rng.standard_normal((200, 100))
    product = a @ b
    answer = one_blas_thread()
    assert isinstance(answer, bool)
    if blas_threads() is not None:  # numpy's wheels bundle OpenBLAS: it is found and set
        assert answer is True and blas_threads() == 1
    assert [one_blas_thread() for _ in range(100)] == [answer] * 100
    np.testing.assert_allclose(a @ b, product, rtol=1e-12)


@pytest.mark.parametrize("module", sorted(p.name for p in ENGINE.glob("*.py")), ids=str)
def test_no_engine_module_runs_a_call_at_import(module):
    """Definitions only: no module-level statement that is a bare call, like ``_keep_freed_memory()``."""
    tree = ast.parse((ENGINE / module).read_text(encoding="utf-8"))
    calls = [
        node.lineno for node in tree.body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    ]
    assert calls == [], f"engine/{module} calls something at import, line(s) {calls}"


def test_importing_the_engine_opens_no_c_library():
    script = (
        "import ctypes\n"
        "opened = []\n"
        "real = ctypes.CDLL\n"
        "ctypes.CDLL = lambda name, *a, **k: opened.append(name) or real(name, *a, **k)\n"
        "import engine, engine.network, engine.train, engine.diagnostics, engine.memory, engine.threads\n"
        "print(opened)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ENGINE.parent, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
