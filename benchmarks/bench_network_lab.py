"""Time the network lab: training, a warm rerun of the page, and the live curves while training.

    python benchmarks/bench_network_lab.py [--rounds 3] [--reruns 10]

1. Training: Sigmoid, ReLU and Maxout (k = 2), 300 epochs each, on the 500-point spiral (375 training
   points after the test split) with 4 hidden layers of 16: the lab's default setup (minibatches of 50),
   and the same full-batch. Median of ``--rounds``.
2. Warm rerun: the page in AppTest after its first run has trained and cached the default setup; each
   rerun redraws the sidebar and the open view from the caches. Median over ``--reruns`` for every view.
3. Live curves: the page trains 3 × 1000 epochs in AppTest; every redraw of the live loss chart is
   timestamped (by wrapping ``ui.network_charts.live_chart``), giving redraws per second while training.
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

from ui import network_charts, network_data  # noqa: E402
from ui.network_controls import view_labels  # noqa: E402

LAB = ROOT / "ui" / "network_lab.py"


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


def live_updates(epochs: int) -> tuple[int, float]:
    """(redraws, seconds of training) for a page run that trains 3 × ``epochs`` epochs: the page's calls of
    ``live_chart`` and ``train_all`` are wrapped to count the one and time the other."""
    stamps, window = [], []
    chart, train_all = network_charts.live_chart, network_data.train_all

    def counted_chart(*args, **kwargs):
        stamps.append(time.perf_counter())
        return chart(*args, **kwargs)

    def timed_train_all(*args, **kwargs):
        window.append(time.perf_counter())
        try:
            return train_all(*args, **kwargs)
        finally:
            window.append(time.perf_counter())

    network_charts.live_chart, network_data.train_all = counted_chart, timed_train_all
    try:
        at = AppTest.from_file(LAB, default_timeout=300)
        at.query_params["epochs"] = str(epochs)
        timed_run(at)
    finally:
        network_charts.live_chart, network_data.train_all = chart, train_all
    return len(stamps), window[1] - window[0]


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
    count, seconds = live_updates(args.live_epochs)
    print(
        f"| live-curve redraws while training 3 × {args.live_epochs} epochs | {count} in {seconds:.1f} s "
        f"= {count / seconds:.1f} per s | ≥ 4 per s |"
    )


if __name__ == "__main__":
    main()
