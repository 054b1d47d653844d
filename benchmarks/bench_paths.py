"""Time simulate() against a torch.optim loop, side by side in one run, and one vectorised sweep.

    python benchmarks/bench_paths.py [--repeats 5]

Prints medians and the ratio ours / torch (target ≤ 0.02) for 6 optimizers × 2000 Rosenbrock steps, then
the time of 64 learning rates × 6 optimizers × 500 steps (one vectorised call per optimizer).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

import surfaces  # noqa: E402
from engine import optimizers, simulate, sweep_learning_rates  # noqa: E402

STEPS, START = 2000, (-1.2, 1.0)
CASES = {  # ours, torch.optim class, torch kwargs
    "sgd": ({"lr": 1e-3}, "SGD", {"lr": 1e-3}),
    "momentum": ({"lr": 1e-3, "momentum": 0.9}, "SGD", {"lr": 1e-3, "momentum": 0.9}),
    "nesterov": ({"lr": 1e-3, "momentum": 0.9}, "SGD", {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    "adagrad": ({"lr": 0.1}, "Adagrad", {"lr": 0.1}),
    "rmsprop": ({"lr": 1e-3, "init": "zeros"}, "RMSprop", {"lr": 1e-3, "alpha": 0.9}),
    "adam": ({"lr": 1e-2}, "Adam", {"lr": 1e-2}),
}


def run_ours(surface):
    for name, (hyper, _, _) in CASES.items():
        simulate(surface, optimizers.make(name, **hyper), START, STEPS)


def run_torch(torch):
    for _, (_, torch_name, torch_hyper) in CASES.items():
        theta = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, torch_name)([theta], **torch_hyper)
        for _ in range(STEPS):
            opt.zero_grad()
            x, y = theta[0], theta[1]
            ((1 - x) ** 2 + 100 * (y - x**2) ** 2).backward()
            opt.step()


def run_sweep(surface):
    lrs = np.geomspace(1e-5, 1.0, 64)
    for name in optimizers.names():
        sweep_learning_rates(surface, name, lrs, START, 500)


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    surface = surfaces.get("rosenbrock")
    ours = median_seconds(lambda: run_ours(surface), args.repeats)
    print(f"simulate, 6 optimizers × {STEPS} steps: median {ours * 1e3:8.1f} ms")
    try:
        import torch
    except ImportError:
        print("torch not installed: no comparison")
    else:
        torch.set_num_threads(1)
        theirs = median_seconds(lambda: run_torch(torch), args.repeats)
        print(f"torch.optim loop, same work:           median {theirs * 1e3:8.1f} ms")
        print(f"ratio ours / torch: {ours / theirs:.3f}  (target ≤ 0.02)")
    sweep = median_seconds(lambda: run_sweep(surface), args.repeats)
    print(f"sweep, 64 rates × 6 optimizers × 500 steps: median {sweep * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
