"""Time one full-batch training step of the numpy MLP against the same model in PyTorch CPU, side by side.

    python benchmarks/bench_train.py [--rounds 40] [--memory-steps 10000] [--default-malloc]

One step = loss_and_grads + an SGD step on every parameter array, for a 2-16-16-16-16-2 network on 1000
points, with sigmoid, relu and maxout (k = 2) hidden layers, in float32 (torch's default) and float64 (ours).
Both start from the same weights (their losses are checked equal) and use one thread. Rounds alternate a
block of numpy steps with a block of torch steps, so both see the same machine; the table gives the median
time per step and the ratio numpy / torch (target ≤ 0.5). Then tracemalloc follows the memory the numpy
steps hold over ``--memory-steps`` steps (it should stay flat).
The script first calls ``engine.keep_freed_memory()``, as a program that trains should at start;
``--default-malloc`` skips that call, to show what glibc's default malloc thresholds cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # before numpy loads its BLAS
    os.environ.setdefault(var, "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from engine import keep_freed_memory, optimizers  # noqa: E402
from engine.network import MLP  # noqa: E402

SIZES, N, PIECES, LR, BLOCK = [2, 16, 16, 16, 16, 2], 1000, 2, 0.01, 50
ACTIVATIONS = ("sigmoid", "relu", "maxout")


def numpy_step(net, opt, states, X, y):
    """loss_and_grads, then one optimizer step per parameter array (what engine.train does per batch)."""
    loss, grads = net.loss_and_grads(X, y)
    params = net.params
    for i, (p, g) in enumerate(zip(params, grads)):
        params[i], states[i] = opt.step(p, g, states[i])
    return loss


def torch_model(torch, net):
    """The same network in torch, from the same initial weights: (parameters, forward)."""
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    per_layer, k = net.per_layer, net.pieces

    def forward(X):
        h = X
        for i in range(0, per_layer * (net.n_layers - 1), per_layer):
            W, b = params[i], params[i + 1]
            if net.activation == "maxout":
                fan_in, units, _ = W.shape
                z = torch.addmm(b.reshape(-1), h, W.reshape(fan_in, units * k))  # nn.Linear's fused bias
                h = z.view(-1, units, k).amax(dim=-1)
            else:
                h = {"sigmoid": torch.sigmoid, "relu": torch.relu}[net.activation](torch.addmm(b, h, W))
        return torch.addmm(params[-1], h, params[-2])

    return params, forward


def time_pair(torch, activation, dtype, rounds):
    """Median seconds per step (numpy, torch) and the initial losses of both."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, 2)).astype(dtype)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    net = MLP(SIZES, activation, pieces=PIECES, seed=0, dtype=dtype)
    opt = optimizers.make("sgd", lr=LR)
    states = [opt.init(p) for p in net.params]
    params, forward = torch_model(torch, net)
    torch_opt = torch.optim.SGD(params, lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def torch_step():
        torch_opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(forward(Xt), yt)
        loss.backward()
        torch_opt.step()
        return loss.item()

    losses = (net.loss(X, y), torch.nn.functional.cross_entropy(forward(Xt), yt).item())
    ours, theirs = [], []
    for _ in range(5):  # warm-up
        numpy_step(net, opt, states, X, y)
        torch_step()
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(BLOCK):
            numpy_step(net, opt, states, X, y)
        t1 = time.perf_counter()
        for _ in range(BLOCK):
            torch_step()
        t2 = time.perf_counter()
        ours.append((t1 - t0) / BLOCK)
        theirs.append((t2 - t1) / BLOCK)
    return statistics.median(ours), statistics.median(theirs), losses


def memory_growth(activation, steps):
    """(traced bytes held after `steps` steps − after 100 steps, peak − after 100 steps, RSS growth in bytes)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    net = MLP(SIZES, activation, pieces=PIECES, seed=0)
    opt = optimizers.make("sgd", lr=LR)
    states = [opt.init(p) for p in net.params]
    tracemalloc.start()
    for _ in range(100):
        numpy_step(net, opt, states, X, y)
    start, rss_start = tracemalloc.get_traced_memory()[0], resident_bytes()
    tracemalloc.reset_peak()
    for _ in range(steps - 100):
        numpy_step(net, opt, states, X, y)
    end, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return end - start, peak - start, resident_bytes() - rss_start


def resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40, help=f"timed blocks of {BLOCK} steps per case")
    parser.add_argument("--memory-steps", type=int, default=10_000)
    parser.add_argument(
        "--default-malloc", action="store_true", help="do not call engine.keep_freed_memory() first"
    )
    args = parser.parse_args()
    tuned = False if args.default_malloc else keep_freed_memory()  # first: before any training step
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass  # OPENBLAS_NUM_THREADS=1 above already holds numpy's BLAS to one thread
    try:
        import torch
    except ImportError:
        sys.exit("torch is not installed: nothing to compare with (pip install -r requirements-dev.txt)")
    torch.set_num_threads(1)

    print(
        f"one full-batch SGD step, {'-'.join(map(str, SIZES))} on {N} points, maxout k={PIECES}, 1 thread, "
        f"keep_freed_memory {'on' if tuned else 'off'}"
    )
    print("| activation | dtype | numpy | torch | numpy / torch |")
    print("|---|---|---|---|---|")
    for dtype in (np.float32, np.float64):
        for activation in ACTIVATIONS:
            ours, theirs, (loss, torch_loss) = time_pair(torch, activation, dtype, args.rounds)
            assert abs(loss - torch_loss) < (1e-5 if dtype == np.float32 else 1e-12), (loss, torch_loss)
            print(
                f"| {activation} | {np.dtype(dtype).name} | {ours * 1e6:.0f} µs | {theirs * 1e6:.0f} µs "
                f"| {ours / theirs:.2f} |"
            )

    print(f"\nmemory over {args.memory_steps} numpy steps (float64), after the first 100:")
    for activation in ACTIVATIONS:
        held, peak, rss = memory_growth(activation, args.memory_steps)
        print(
            f"  {activation:8s} held {held / 1024:+8.1f} kB   peak {peak / 1024:8.1f} kB above it   "
            f"RSS {rss / 1024:+8.0f} kB"
        )


if __name__ == "__main__":
    main()
