"""The lessons: one per point of the lecture, each with a live experiment whose claim a test checks.

Pure: experiments are engine runs; the page (ui/lessons_page.py) draws them. Lessons 1–4 train small
networks (ui/network_data.py), lessons 5–8 race optimizers (ui/race.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import surfaces
from ui.race import RaceSetup, SurfaceChoice, run_race

NETWORK, OPTIMIZERS = "network", "optimizers"


@dataclass(frozen=True)
class Lesson:
    key: str  # its strings are lesson.<key>.title/.body/.try/.claim
    lab: str  # which lab its experiment opens in


LESSONS = (
    Lesson("vanishing", NETWORK),
    Lesson("relu", NETWORK),
    Lesson("leaky", NETWORK),
    Lesson("maxout", NETWORK),
    Lesson("adagrad", OPTIMIZERS),
    Lesson("rmsprop", OPTIMIZERS),
    Lesson("momentum", OPTIMIZERS),
    Lesson("adam", OPTIMIZERS),
)


def _hyper(**values) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(values.items()))


RMSPROP = {"alpha": 0.9, "eps": 1e-8, "init": "first_grad"}
RACES = {
    # κ = 20: SGD must keep η < 2/κ = 0.1 for the steep direction; Adagrad takes η = 0.5.
    "adagrad": RaceSetup(
        SurfaceChoice("bowl", (("condition", 20.0),)),
        (-2.5, 1.5),
        60,
        (("sgd", _hyper(lr=0.05)), ("adagrad", _hyper(lr=0.5, eps=1e-10))),
    ),
    "rmsprop": RaceSetup(
        SurfaceChoice("plateau"),
        (-4.5, 1.5),
        300,
        (("adagrad", _hyper(lr=0.1, eps=1e-10)), ("rmsprop", _hyper(lr=0.1, **RMSPROP))),
    ),
    "momentum": RaceSetup(
        SurfaceChoice("local_minimum"),
        (-4.5, 1.5),
        300,
        (("sgd", _hyper(lr=0.1)), ("momentum", _hyper(lr=0.1, momentum=0.9))),
    ),
    "adam": RaceSetup(
        SurfaceChoice("beale"),
        (1.0, 1.5),
        300,
        (
            ("sgd", _hyper(lr=0.1)),
            ("momentum", _hyper(lr=0.1, momentum=0.9)),
            ("rmsprop", _hyper(lr=0.1, **RMSPROP)),
            ("adam", _hyper(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)),
        ),
    ),
}


def race_claim(key: str, result=None) -> dict:
    """The numbers an optimizer lesson's claim states, from its race (run here unless given)."""
    setup = RACES[key]
    table = (result or run_race(setup)).table.set_index("optimizer")
    final = table["final loss"]
    if key == "adagrad":
        return {"steps": setup.steps, "adagrad": final["Adagrad"], "sgd": final["SGD"]}
    if key == "rmsprop":
        return {"steps": setup.steps, "rmsprop": final["RMSProp"], "adagrad": final["Adagrad"]}
    if key == "momentum":
        ends = (result or run_race(setup)).full_paths.groupby("optimizer").x.last()
        global_x = surfaces.get("local_minimum").minima[0][0]
        return {"sgd_x": ends["SGD"], "momentum_x": ends["Momentum"], "global_x": global_x}
    if key == "adam":
        diverged = table["diverged_at"]
        return {
            "sgd_step": _step(diverged["SGD"]),
            "momentum_step": _step(diverged["Momentum"]),
            "adam": final["Adam"],
            "rmsprop": final["RMSProp"],
        }
    raise ValueError(f"no race for lesson {key!r}")


def _step(value) -> int | None:
    return None if value is None or value != value else int(value)


def rate_only_shrinks(key: str = "adagrad") -> bool:
    """Adagrad's per-coordinate effective η never grows (lesson 5's chart)."""
    series = run_race(RACES[key]).series
    rates = series[series.optimizer == "Adagrad"][["rate_x", "rate_y"]].to_numpy()[1:]
    return bool(np.all(np.diff(rates, axis=0) <= 1e-15))
