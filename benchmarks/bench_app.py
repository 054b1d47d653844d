"""Time the optimizer lab page in AppTest: the cold first run and warm reruns after a control changes.

    python benchmarks/bench_app.py [--reruns 15]

A rerun is what a user waits for after moving a control: each one changes a control (steps, η, an
optimizer on or off, the start, momentum λ, …) and reruns the whole page, so the engine's caches miss.
Prints the cold first run (the page's imports, first engine calls, first chart specs), the median, min and
max of the warm reruns, and a rerun with nothing changed (all caches hit) for comparison. AppTest runs the script in this process without a browser: no websocket, no rendering.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

LAB = ROOT / "ui" / "pages" / "optimizer_lab.py"
DEFAULT_OPTIMIZERS = ["sgd", "momentum", "adagrad", "rmsprop"]


def changes():
    """An endless cycle of control changes, each to a value the page has not cached yet."""
    steps = itertools.cycle([250, 350, 400, 450, 500, 550])
    rates = itertools.cycle(["0.0501", "0.0316", "0.0794", "0.0631", "0.0447", "0.0562"])
    starts = itertools.cycle([-4.0, -3.5, -3.0, -2.5, -2.0])
    lambdas = itertools.cycle([0.8, 0.85, 0.7, 0.75, 0.95])
    toggled = itertools.cycle([DEFAULT_OPTIMIZERS + ["adam"], DEFAULT_OPTIMIZERS])
    while True:
        yield "steps", lambda at, v=next(steps): at.number_input(key="steps").set_value(v)
        yield "η", lambda at, v=next(rates): at.select_slider(key="lr").set_value(v)
        yield "optimizer on/off", lambda at, v=next(toggled): at.multiselect(key="opt").set_value(v)
        yield "start x", lambda at, v=next(starts): at.number_input(key="x0").set_value(v)
        yield "momentum λ", lambda at, v=next(lambdas): at.slider(key="momentum_lambda").set_value(v)


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception[0].message}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=15, help="warm reruns to time (default 15)")
    args = parser.parse_args()

    at = AppTest.from_file(LAB, default_timeout=60)
    cold = timed_run(at)
    by_change: dict[str, list[float]] = {}
    for name, change in itertools.islice(changes(), args.reruns):
        change(at)
        by_change.setdefault(name, []).append(timed_run(at))
    warm = [t for times in by_change.values() for t in times]
    unchanged = [timed_run(at) for _ in range(5)]  # same setup: every cached engine call hits

    print(f"optimizer lab in AppTest ({LAB.relative_to(ROOT)}), {args.reruns} warm reruns")
    print(f"  cold first run           {cold * 1e3:8.0f} ms")
    print(
        f"  warm rerun, median       {statistics.median(warm) * 1e3:8.0f} ms"
        f"   (min {min(warm) * 1e3:.0f}, max {max(warm) * 1e3:.0f})"
    )
    print(
        f"  rerun without a change   {statistics.median(unchanged) * 1e3:8.0f} ms   (median of 5, caches hit)"
    )
    for name, times in by_change.items():
        print(f"    after {name:<18} {statistics.median(times) * 1e3:8.0f} ms  median of {len(times)}")


if __name__ == "__main__":
    main()
