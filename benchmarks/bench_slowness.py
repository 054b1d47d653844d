"""This machine's slowness for the work budget (ui/budget.py): the reference training's CPU time, run by run,
beside REFERENCE_SECONDS (its time on the development machine), and the factor the budget divides by.

Run it in fresh processes on a quiet machine to set REFERENCE_SECONDS: the median of the bests, raised by
about a quarter, so that a machine as fast as the development machine keeps the whole budget.

    python benchmarks/bench_slowness.py              # 5 processes of 16 runs
    python benchmarks/bench_slowness.py --processes 9 --runs 20
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE_PROCESS = """
import sys
sys.path.insert(0, {root!r})
from engine import keep_freed_memory, one_blas_thread
keep_freed_memory(); one_blas_thread()
from ui.budget import reference_cpu_seconds
print(" ".join(f"{{reference_cpu_seconds():.5f}}" for _ in range({runs})))
"""


def main() -> None:
    from ui.budget import REFERENCE_RUNS, REFERENCE_SECONDS, slowness_from

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--runs", type=int, default=16)
    args = parser.parse_args()
    bests, firsts = [], []
    for _ in range(args.processes):
        code = ONE_PROCESS.format(root=str(ROOT), runs=args.runs)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        runs = [float(x) for x in out.split()]
        firsts.append(min(runs[:REFERENCE_RUNS]))  # what the server measures: the best of its first runs
        bests.append(min(runs))
        print(f"runs (ms): {' '.join(f'{r * 1e3:.1f}' for r in runs)}")
    first = statistics.median(firsts)
    print(
        f"best of the first runs, median over processes: {first * 1e3:.1f} ms (range {min(firsts) * 1e3:.1f}–{max(firsts) * 1e3:.1f})"
    )
    print(f"best of all runs, median over processes:    {statistics.median(bests) * 1e3:.1f} ms")
    print(f"REFERENCE_SECONDS: {REFERENCE_SECONDS * 1e3:.1f} ms")
    factor = slowness_from(None, iter([first] * REFERENCE_RUNS).__next__)  # as the server turns it into one
    print(f"measured / reference: {first / REFERENCE_SECONDS:.2f}; the budget divides by {factor:.2f}")


if __name__ == "__main__":
    main()
