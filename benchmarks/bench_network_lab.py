"""Time the network lab: training, a warm rerun of the page, and the live curves while training.

    python benchmarks/bench_network_lab.py [--rounds 3] [--reruns 10]

1. Training: Sigmoid, ReLU and Maxout (k = 2), 300 epochs each, on the 500-point spiral (375 training
   points after the test split) with 4 hidden layers of 16: the lab's default setup (minibatches of 50),
   and the same full-batch. Median of ``--rounds``.
2. Warm rerun: the page in AppTest after its first run has trained and cached the default setup; each
   rerun redraws the sidebar and the open view from the caches. Median over ``--reruns`` for every view.
3. Live curves: the page trains 3 × 1000 epochs in AppTest; every redraw of the live loss chart is
   timestamped (by wrapping ``ui.network.charts.live_data``, the curves so far that each redraw sends,
   which ui/network/training.py calls through its module), giving redraws per second while training.
4. The estimate: for setups from small to large, the time ``ui.network.model.estimate_seconds`` predicts beside
   the measured time (one activation at a time, best of ``--rounds``), and the constants STEP_SECONDS and
   POINT_SECONDS a least-squares fit of these measurements gives (the page uses the ones in
   ui/network/model.py; refit them here on a new machine).
AppTest runs the script in this process without a browser: no websocket, no rendering.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app import timed_run  # noqa: E402  (beside this script)
from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.network import charts as network_charts  # noqa: E402
from ui.network import model as network_data  # noqa: E402
from ui.network.fields import view_labels  # noqa: E402

LAB = ROOT / "ui" / "pages" / "network_lab.py"


def time_training(setup: network_data.NetSetup, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        network_data.train_all(setup)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_reruns(reruns: int) -> dict[str, float]:
    at = AppTest.from_file(LAB, default_timeout=120)
    timed_run(at)  # trains and caches the default setup
    medians = {}
    for label in view_labels("en"):
        at.session_state["view"] = label
        timed_run(at)  # first visit of the view fills its own caches
        medians[label] = statistics.median(timed_run(at) for _ in range(reruns))
    return medians


def live_updates(epochs: int) -> tuple[int, float, float]:
    """(redraws, seconds of training, seconds of the same training without the page) for a page run that
    trains 3 × ``epochs`` epochs (as many as the budget allows): the page's calls of ``live_data`` and
    ``train_all`` are wrapped to count the one and time the other; then the setup it trained is trained
    again bare. The difference is what the live curves, the progress bar and Stop's checks cost."""
    stamps, window, trained = [], [], []
    chart, train_all = network_charts.live_data, network_data.train_all

    def counted_chart(*args, **kwargs):
        stamps.append(time.perf_counter())
        return chart(*args, **kwargs)

    def timed_train_all(*args, **kwargs):
        trained.append(args[0])
        window.append(time.perf_counter())
        try:
            return train_all(*args, **kwargs)
        finally:
            window.append(time.perf_counter())

    network_charts.live_data, network_data.train_all = counted_chart, timed_train_all
    try:
        at = AppTest.from_file(LAB, default_timeout=300)
        at.query_params["epochs"] = str(epochs)
        timed_run(at)
    finally:
        network_charts.live_data, network_data.train_all = chart, train_all
    bare = time.perf_counter()
    train_all(trained[0])
    return len(stamps), window[1] - window[0], time.perf_counter() - bare


CALIBRATION = (  # points, hidden layers, width, batch (None: full), activation, epochs
    (500, 4, 16, 50, "sigmoid", 300),
    (500, 4, 16, 50, "maxout", 200),
    (500, 4, 16, None, "relu", 1000),
    (2000, 4, 32, 50, "relu", 60),
    (200, 2, 8, 8, "relu", 150),
    (1000, 8, 64, 128, "tanh", 40),
    (500, 10, 16, 16, "sigmoid", 60),
    (2000, 10, 64, None, "sigmoid", 40),
    (2000, 6, 48, 32, "prelu", 20),
    (2000, 1, 2, 8, "leaky_relu", 30),
)


def calibrate(rounds: int) -> list[tuple[str, float, float, float, float]]:
    """Per calibration setup: (name, measured s, estimated s, step term, point term) — the two terms of the
    estimate divided by their constants, for the fit."""
    rows = []
    for n, depth, width, batch, activation, epochs in CALIBRATION:
        setup = network_data.NetSetup(
            network_data.DataChoice("spiral", n), depth, width, (activation,), epochs=epochs, batch=batch
        )
        data = setup.data.load()
        best = min(network_data.train_one(setup, activation, data).seconds for _ in range(max(1, rounds)))
        steps = -(-len(data.X) // min(batch or len(data.X), len(data.X)))
        step_term = epochs * steps * (depth + 1)
        points = len(data.X) + len(data.X_test)
        point_term = epochs * points * network_data.parameter_count(setup, activation, data)
        name = f"{activation}, {n} points, {depth} × {width}, batch {batch or 'full'}, {epochs} epochs"
        rows.append((name, best, network_data.estimate_seconds(setup, data), step_term, point_term))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--live-epochs", type=int, default=1000)
    args = parser.parse_args()

    setup = network_data.NetSetup()
    minibatch = time_training(setup, args.rounds)
    full = time_training(dataclasses.replace(setup, batch=None), args.rounds)
    print("| measure | value | target |")
    print("|---|---|---|")
    print(
        f"| train 3 activations × 300 epochs, 500 points, 4 × 16, batch 50 (median of {args.rounds}) "
        f"| {minibatch:.2f} s | ≤ 3 s |"
    )
    print(f"| the same, full batch (median of {args.rounds}) | {full:.2f} s | |")
    reruns = warm_reruns(args.reruns)
    for label, seconds in reruns.items():
        print(
            f"| warm rerun, view “{label}” (median of {args.reruns}) | {1000 * seconds:.0f} ms | ≤ 300 ms |"
        )
    count, seconds, bare = live_updates(args.live_epochs)
    print(
        f"| live-curve redraws while training 3 × {args.live_epochs} epochs | {count} in {seconds:.1f} s "
        f"= {count / seconds:.1f} per s | ≥ 4 per s |"
    )
    print(
        f"| the same training without the page (what the redraws cost) | {bare:.1f} s (+{seconds - bare:.2f} s) | |"
    )
    rows = calibrate(args.rounds)
    for name, measured, estimated, _, _ in rows:
        print(f"| estimate, {name} | {estimated:.2f} s, measured {measured:.2f} s | within 2× |")
    import numpy as np

    terms = np.array([[r[3], r[4]] for r in rows], float)
    measured = np.array([r[1] for r in rows])
    weights = 1 / measured  # relative errors count alike for short and long runs
    fit, *_ = np.linalg.lstsq(terms * weights[:, None], measured * weights, rcond=None)
    print(
        f"| fitted constants (used: STEP_SECONDS = {network_data.STEP_SECONDS:g}, POINT_SECONDS = "
        f"{network_data.POINT_SECONDS:g}) | STEP_SECONDS = {fit[0]:.2g}, POINT_SECONDS = {fit[1]:.2g} | |"
    )


if __name__ == "__main__":
    from engine import keep_freed_memory, one_blas_thread

    keep_freed_memory()  # once, before training: steps reuse freed memory (engine.memory)
    one_blas_thread()  # as the app runs: one OpenBLAS thread (engine.threads)
    main()
