"""The work budget's cost models beside measured CPU time (ui/budget.py, ui/race/cost.py, ui/network/model.py,
ui/network/experiments.py).

For each kind of heavy work (a race, a learning-rate sweep, a basin map, a GIF, a network's training, the
speeds of learning, the nudge, a decision boundary) and setups from small to the largest the controls allow,
prints the estimate, the measured CPU time (the best of ``--repeats`` runs, process time, one BLAS thread as
the app runs) and their ratio. An estimate should err long: ratios (measured / estimated) at or below 1,
most of them between 0.3 and 1. A ratio above 1 is an estimate to raise.

    python benchmarks/bench_budget.py            # every kind
    python benchmarks/bench_budget.py --quick    # fewer, smaller setups
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import keep_freed_memory, one_blas_thread  # noqa: E402

NUDGE_SAMPLES_MEASURED = 4  # weights a layer: enough to time the nudge, a sixth of the page's 24


def best_cpu(work, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def race_rows(quick: bool):
    from ui.race import cost
    from ui.race.model import RaceSetup, SurfaceChoice, basin_map, learning_rate_sweep, run_race

    every = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
    formula = "*".join(["tanh(x-y)"] * 27)
    choices = {
        "bowl": SurfaceChoice("bowl"),
        "goldstein-price": SurfaceChoice("goldstein_price"),
        "27 tanh factors": SurfaceChoice("custom", formula=formula, domain=((-3.0, 3.0), (-3.0, 3.0))),
    }
    steps = (300,) if quick else (300, 2000)
    names, hypers = list(every), [(("lr", 1e-3),)] * 6
    for label, choice in choices.items():
        surface = choice.build()
        size = surface.grad_size
        for n in steps:
            setup = RaceSetup(choice, surface.start, n, tuple((o, (("lr", 1e-3),)) for o in every))
            yield f"race, {label}, 6 × {n} steps", cost.race_seconds(setup, size), lambda s=setup: run_race(s)
        yield (
            f"sweep, {label}, 6 × 40 η × 300 steps",
            cost.sweep_seconds(6, 300, size),
            lambda c=choice: learning_rate_sweep(c, names, hypers, c.build().start, 300),
        )
        if not surface.minima:  # a basin map needs known minima
            continue
        yield (
            f"basin map, {label}, 40 × 40 × 200 steps",
            cost.basin_seconds(200, size),
            lambda c=choice: basin_map(c, "adam", (("lr", 1e-2),), 200),
        )


def gif_rows(quick: bool):
    from ui.race import cost
    from ui.race.gif import race_gif
    from ui.race.model import RaceSetup, SurfaceChoice, run_race
    from ui.race.picture import contour_lines

    every = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
    for count, steps in ((1, 10), (6, 300)) if quick else ((1, 10), (6, 300), (6, 5000)):
        choice = SurfaceChoice("rosenbrock")
        surface = choice.build()
        setup = RaceSetup(choice, surface.start, steps, tuple((o, (("lr", 1e-3),)) for o in every[:count]))
        result = run_race(setup)
        xs, ys, values = surface.grid(150)
        contours = contour_lines(xs, ys, values)
        paths = {n: f[["x", "y"]].to_numpy() for n, f in result.full_paths.groupby("optimizer", sort=False)}

        def draw(paths=paths, contours=contours, values=values, domain=surface.domain):
            race_gif(values, contours, domain, paths, dict.fromkeys(paths, "#d55e00"), lang="en")

        yield f"GIF, {count} × {steps} steps, 200 frames", cost.gif_seconds(count, steps), draw


def network_rows(quick: bool):
    from ui.network import experiments as ex
    from ui.network import model

    sizes = (
        [(500, 4, 16, 50, 2), (2000, 10, 64, 8, 6)]
        if quick
        else [
            (200, 2, 8, 8, 2),
            (500, 4, 16, 50, 2),
            (2000, 4, 32, 50, 2),
            (1000, 10, 64, 50, 6),
            (2000, 10, 64, 8, 6),
            (2000, 10, 64, None, 6),
        ]
    )
    for n, depth, width, batch, pieces in sizes:
        for activation in ("sigmoid", "prelu", "maxout"):
            setup = model.NetSetup(
                model.DataChoice("spiral", n), depth, width, (activation,), pieces, epochs=3, batch=batch
            )
            data = setup.data.load()
            name = f"n={n}, {depth}×{width}, batch {batch or 'all'}, {activation}"
            yield (
                f"training 3 epochs, {name}",
                model.estimate_seconds(setup, data),
                lambda s=setup, a=activation, d=data: model.train_one(s, a, d),
            )
            helped = replace(setup, dropout=0.5, weight_decay=0.01, l1=0.001, patience=1000)
            yield (
                f"training 3 epochs with dropout, L2, L1 and early stopping, {name}",
                model.estimate_seconds(helped, data),
                lambda s=helped, a=activation, d=data: model.train_one(s, a, d),
            )
            yield (
                f"boundary, {name}",
                ex.boundary_seconds(setup, activation, data),
                lambda s=setup, a=activation, d=data: ex.probabilities(s.network(a, d), ex.domain(d)),
            )
        setup = model.NetSetup(
            model.DataChoice("spiral", n), depth, width, ("sigmoid", "relu", "maxout"), pieces
        )
        data = setup.data.load()
        yield (
            "speeds, " + f"n={n}, {depth}×{width}",
            ex.speeds_seconds(setup, data),
            lambda s=setup: ex.speeds(s),
        )
        for kind in ex.COMPARISONS:
            compared = replace(setup, epochs=3, batch=batch)
            yield (
                f"comparison {kind}, 3 epochs, n={n}, {depth}×{width}, batch {batch or 'all'}",
                ex.comparison_seconds(compared, kind, data),
                lambda s=compared, k=kind: ex.comparison(s, k),
            )
        samples = NUDGE_SAMPLES_MEASURED
        yield (
            f"nudge ({samples} weights a layer), n={n}, {depth}×{width}",
            ex.nudge_seconds(setup, data, samples),
            lambda s=setup: ex.nudges(replace(s, epochs=0), 1, 0.1, NUDGE_SAMPLES_MEASURED),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller setups")
    parser.add_argument("--repeats", type=int, default=2, help="runs per setup; the best is kept")
    args = parser.parse_args()
    keep_freed_memory()
    one_blas_thread()  # as the app runs (engine/threads.py)
    print("| work | estimated s | measured CPU s | measured / estimated |")
    print("|---|---|---|---|")
    ratios = []
    for rows in (race_rows, gif_rows, network_rows):
        for name, estimate, work in rows(args.quick):
            measured = best_cpu(work, args.repeats)
            ratios.append(measured / estimate)
            print(f"| {name} | {estimate:.3f} | {measured:.3f} | {measured / estimate:.2f} |", flush=True)
    print(
        f"\nratio measured / estimated over {len(ratios)} setups: median {statistics.median(ratios):.2f}, "
        f"largest {max(ratios):.2f} (above 1: an estimate to raise)"
    )


if __name__ == "__main__":
    main()
