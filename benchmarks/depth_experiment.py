"""The lecture's claim on real data: deeper Sigmoid networks train *worse*, ReLU and Maxout ones do not.

    python benchmarks/depth_experiment.py [--epochs 30] [--lr 0.05] [--batch-size 32] [--width 32] [--seeds 3]

The 8×8 digits (1348 training images after a 25 % test split, 64 inputs, 10 classes); networks of 1 to 9
hidden layers of ``--width`` units, sigmoid, relu or maxout (k = 2); everything else equal: the same
initialisation (``--init``, Xavier by default, the one designed for sigmoid; biases 0) and the same budget,
``--epochs`` epochs of minibatch SGD. Prints a markdown table of the training accuracy after the budget,
the mean over ``--seeds`` seeds: training accuracy, not test accuracy, because the claim is about
optimisation, not overfitting.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from engine import datasets, keep_freed_memory, one_blas_thread, optimizers  # noqa: E402
from engine.network import MLP, train  # noqa: E402

ACTIVATIONS = ("sigmoid", "relu", "maxout")


def train_accuracy(data, activation, depth, args, seed) -> float:
    net = MLP([64] + [args.width] * depth + [10], activation, pieces=2, init=args.init, seed=seed)
    opt = optimizers.make("sgd", lr=args.lr)
    history = train(net, opt, data.X, data.y, args.epochs, batch_size=args.batch_size, seed=seed)
    return history.train_acc[-1] if history.reason == "completed" else float("nan")  # nan: diverged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--init", default="xavier", choices=["normal", "lecun", "xavier", "he"])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--depths", type=int, nargs="+", default=list(range(1, 10)))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    keep_freed_memory()  # once, before training: steps reuse freed memory (engine.memory)
    one_blas_thread()  # as the app runs: one OpenBLAS thread (engine.threads)
    data = datasets.make("digits", seed=0)
    t0 = time.perf_counter()

    print(
        f"digits, {len(data.X)} training images; hidden layers of {args.width}, {args.init} init; "
        f"{args.epochs} epochs of SGD (lr {args.lr}, batch {args.batch_size}); "
        f"training accuracy, mean of {args.seeds} seeds"
    )
    print("| hidden layers | " + " | ".join(ACTIVATIONS) + " |")
    print("|---|" + "---|" * len(ACTIVATIONS))
    for depth in args.depths:
        cells = []
        for activation in ACTIVATIONS:
            accuracy = np.mean(
                [train_accuracy(data, activation, depth, args, seed) for seed in range(args.seeds)]
            )
            cells.append("diverged" if np.isnan(accuracy) else f"{100 * accuracy:.1f} %")
        print(f"| {depth} | " + " | ".join(cells) + " |", flush=True)
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
