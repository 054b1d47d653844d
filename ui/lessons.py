"""The lessons: one per point of the lecture, each with a live experiment whose claim a test checks.

Pure: experiments are engine runs; the page (ui/pages/lessons.py) draws them. Lessons 1–4 train small
networks (ui/network/), lessons 5–8 race optimizers (ui/race.py), and the last two, the lecture's second
half, train the same small network with and without help against overfitting, over three seeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

import surfaces
from engine import active_paths, optimizers, schedules, simulate, stability
from ui.network.experiments import comparison, maxout_shapes, prelu_frame, slowdown, speeds, thinned_network
from ui.network.model import DataChoice, NetSetup, train_all
from ui.race.model import RaceSetup, SurfaceChoice, learning_rate_sweep, run_race

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
    Lesson("eta", OPTIMIZERS),
    Lesson("overfitting", NETWORK),
    Lesson("dropout", NETWORK),
)


def lesson_from_url(values: list[str]) -> tuple[int, str | None]:
    """The lesson (1-based) a link's ``lesson`` values ask for, and the raw value when it names none.

    No value: lesson 1, nothing to say. A repeated parameter counts by its last value. Only a plain ASCII
    number counts, matched before it is converted: ``str.isdigit`` also accepts "²" and "①", which ``int``
    refuses (as it refuses more than 4300 digits), and "٣", an Arabic-Indic three that ``int`` would read.
    Anything else (garbage, 0, a lesson past the last, 2.5) loads lesson 1 and returns the raw value for
    the page's note.
    """
    if not values:
        return 1, None
    raw = values[-1]
    if re.fullmatch(r"[0-9]{1,6}", raw.strip()) and 1 <= int(raw.strip()) <= len(LESSONS):
        return int(raw.strip()), None
    return 1, raw


def body_parts(body: str) -> list[tuple[str, str]]:
    """A lesson's explanation as ("text", Markdown) and ("equation", LaTeX) parts, in order: its display
    equations are the parts between ``$$`` pairs. Empty text between two equations is dropped."""
    parts = []
    for i, part in enumerate(body.split("$$")):
        if i % 2:
            parts.append(("equation", part.strip()))
        elif part.strip():
            parts.append(("text", part.strip()))
    return parts


def stacked(latex: str) -> str:
    r"""One relation a line: the lecture writes several relations in one equation, separated by
    ``,\quad``, which is too wide for a phone (390 px); stacked, each line fits in about 330 px."""
    lines = [line.strip() for line in re.split(r",?\\quad", latex) if line.strip()]
    if len(lines) == 1:
        return lines[0]
    return r"\begin{gathered}" + r",\\ ".join(lines) + r"\end{gathered}"


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


# The optimizers each optimizer lesson explains step by step (ui/race/explain.py): its own, and for RMSProp
# Adagrad beside it, so that their σ boxes can be compared on the shelf.
EXPLAINED = {
    "adagrad": ("adagrad",),
    "rmsprop": ("adagrad", "rmsprop"),
    "momentum": ("momentum",),
    "adam": ("adam",),
}


def sigma_on_the_shelf(key: str = "rmsprop") -> dict[str, tuple[float, float]]:
    """Per explained optimizer of lesson ``key``: its largest σ (either coordinate) in the first 30 steps
    and its σ at step 100, on the shelf: what the lesson's σ boxes show."""
    explained = run_race(RACES[key]).explain
    sizes = {}
    for name in EXPLAINED[key]:
        rows = explained[explained.optimizer == name].set_index("step")
        sides = np.fmax(rows.sx, rows.sy)
        sizes[name] = (float(sides.loc[:30].max()), float(sides.loc[100]))
    return sizes


def race_claim(key: str, result=None) -> dict:
    """The numbers an optimizer lesson's claim states, from its race (run here unless given)."""
    setup = RACES[key]
    table = (result or run_race(setup)).table.set_index("optimizer")
    final = table["final loss"]
    if key == "adagrad":
        return {"steps": setup.steps, "adagrad": final["adagrad"], "sgd": final["sgd"]}
    if key == "rmsprop":
        return {"steps": setup.steps, "rmsprop": final["rmsprop"], "adagrad": final["adagrad"]}
    if key == "momentum":
        ends = (result or run_race(setup)).full_paths.groupby("optimizer").x.last()
        global_x = surfaces.get("local_minimum").minima[0][0]
        return {"sgd_x": ends["sgd"], "momentum_x": ends["momentum"], "global_x": global_x}
    if key == "adam":
        diverged = table["diverged_at"]
        return {
            "sgd_step": _step(diverged["sgd"]),
            "momentum_step": _step(diverged["momentum"]),
            "adam": final["adam"],
            "rmsprop": final["rmsprop"],
        }
    raise ValueError(f"no race for lesson {key!r}")


def _step(value) -> int | None:
    return None if value is None or value != value else int(value)


def rate_only_shrinks(key: str = "adagrad") -> bool:
    """Adagrad's per-coordinate effective η never grows (lesson 5's chart)."""
    series = run_race(RACES[key]).series
    rates = series[series.optimizer == "adagrad"][["rate_x", "rate_y"]].to_numpy()[1:]
    return bool(np.all(np.diff(rates, axis=0) <= 1e-15))


# ---------------------------------------------------------------- lesson 9: choosing η

# The κ = 10 bowl: λ = 1 and 10 everywhere, so SGD is stable for η < 2/10 = 0.2. Under gradient noise
# σ = 1 a constant η = 0.18 (fast, just below the bound) ends on a noise floor of about ησ²/(2(2 − ηλ))
# per direction, ≈ 0.5; the same η decayed as η/√(t+1) (Lee's schedule) still gets there fast and then
# settles far lower.
ETA_SETUP = RaceSetup(
    SurfaceChoice("bowl", (("condition", 10.0),)),
    (-2.5, 1.5),
    300,
    (("sgd", _hyper(lr=0.18, schedule=schedules.make("inverse_sqrt"))),),
    noise=1.0,
)
ETA_TAIL = 100  # the claim's losses are means over the last 100 steps (noise makes one step jumpy)
ETA_EARLY = 20  # the step at which the claim compares the fast starts with a small constant η
ETA_SMALL = 0.01  # a small constant η: no noise floor to speak of, but a slow start


def eta_experiment() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Lesson 9: SGD's final loss against η without noise (the sweep; the cliff at 2/λmax), SGD's loss under
    noise with a constant η and with the same η decayed, and the claim's numbers."""
    setup = ETA_SETUP
    surface = setup.surface.build()
    sweep = learning_rate_sweep(setup.surface, ["sgd"], [()], setup.start, setup.steps)
    lmax = float(stability.eigenvalues(surface.hessian(np.array(setup.start)))[-1])
    bound = float(stability.gd_bound(lmax))
    finite = sweep[~sweep.diverged]
    below, above = float(finite.lr.max()), float(sweep[sweep.diverged].lr.min())
    hyper = dict(setup.optimizers[0][1])
    runs = {
        "constant": optimizers.make("sgd", lr=hyper["lr"]),
        "schedule": optimizers.make("sgd", lr=hyper["lr"], schedule=hyper["schedule"]),
        "small": optimizers.make("sgd", lr=ETA_SMALL),
    }
    frames, tails, early = [], {}, {}
    for run, opt in runs.items():
        path = simulate(surface, opt, setup.start, setup.steps, setup.noise, setup.seed)
        frames.append(pd.DataFrame({"run": run, "step": np.arange(setup.steps + 1), "loss": path.losses}))
        tails[run] = float(path.losses[-ETA_TAIL:].mean())
        early[run] = float(path.losses[ETA_EARLY])
    claim = {
        "bound": bound,
        "below": below,
        "above": above,
        "lr": hyper["lr"],
        "noise": setup.noise,
        "constant": tails["constant"],
        "scheduled": tails["schedule"],
        "tail": ETA_TAIL,
        "early": ETA_EARLY,
        "scheduled_early": early["schedule"],
        "small": ETA_SMALL,
        "small_early": early["small"],
        "small_end": tails["small"],
    }
    return sweep, pd.concat(frames, ignore_index=True), claim


# ---------------------------------------------------------------- the network lessons (1–4)

SPIRAL = DataChoice("spiral", 500, 0.1, 0)
MOONS = DataChoice("moons", 300, 0.2, 0)
ADAM = (("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-8), ("lr", 0.01))
# The small trained networks of lessons 2–4: moons, He init, full-batch Adam for 150 epochs.
SMALL = NetSetup(
    MOONS,
    depth=3,
    width=8,
    init="he",
    bias_init="zeros",
    optimizer="adam",
    hyper=ADAM,
    epochs=150,
    batch=None,
)
TOO_LARGE = replace(SMALL, activations=("relu",), depth=2, width=64, epochs=500)  # for 50 points
NETS = {
    # Nielsen's setting: Xavier weights with N(0, 1) biases, 4 hidden layers of 16.
    "vanishing": NetSetup(
        SPIRAL, depth=4, width=16, activations=("sigmoid", "relu"), init="xavier", bias_init="normal"
    ),
    "relu": replace(SMALL, activations=("relu",)),
    "leaky": replace(SMALL, activations=("prelu",)),
    "maxout": replace(SMALL, activations=("maxout",), depth=2, width=6, pieces=3),
    # The second half: 50 noisy points to train on, 150 to test (test_fraction 0.75), a net far too large
    # for them (2 × 64 ReLU), full-batch Adam for 500 epochs: it learns every training point.
    "overfitting": replace(TOO_LARGE, data=DataChoice("moons", 200, 0.35, 0, test_fraction=0.75)),
    "dropout": replace(TOO_LARGE, data=DataChoice("xor", 200, 0.2, 0, test_fraction=0.75)),
}
# The side-by-side comparison each of them runs (ui/network/experiments.comparison_variants), and its seeds.
COMPARES = {"overfitting": "regularise", "dropout": "dropout"}
SEEDS = (0, 1, 2)


# Where each network lesson's "Open in the lab" lands (a view of ui/network_fields.VIEWS): the view that
# shows the lesson's point. Lesson 3 is about the slope for z < 0: 0 for ReLU, a fixed 0.01 for Leaky ReLU, a
# learned a for PReLU; the gallery draws the three side by side (the "Learned shapes" view starts with Maxout).
LAB_VIEWS = {
    "vanishing": "vanishing",
    "relu": "thinned",
    "leaky": "gallery",
    "maxout": "shapes",
    "overfitting": "overfitting",
    "dropout": "overfitting",
}


def lab_setup(key: str) -> NetSetup:
    """The setup "Open in the lab" opens for a network lesson: the lesson's own, but lesson 3 trains PReLU
    beside the two activations it is compared with, ReLU and Leaky ReLU."""
    setup = NETS[key]
    return replace(setup, activations=("relu", "leaky_relu", "prelu")) if key == "leaky" else setup


def vanishing_experiment() -> tuple[pd.DataFrame, dict]:
    """Speed of learning per hidden layer at initialisation, Sigmoid and ReLU, and the claim's numbers."""
    frame = speeds(NETS["vanishing"])
    slower = slowdown(frame)  # last layer / first layer, per activation
    return frame, {"ratio": 1 / slower["sigmoid"], "relu_ratio": 1 / slower["relu"]}


def trained(key: str):
    """The lesson's one trained network and its data."""
    setup = NETS[key]
    data = setup.data.load()
    run = train_all(setup).runs[0]
    return run.network(setup, data), data, run


def relu_experiment(point: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The thinned network of a trained ReLU net for one test point, and how exactly it stands in for it."""
    net, data, _ = trained("relu")
    x = data.X_test[point]
    nodes, edges, active = thinned_network(net, x)
    paths = active_paths(net, x)
    error = float(np.max(np.abs(x @ paths.A + paths.c - net.forward(x[None, :])[0])))
    total = NETS["relu"].depth * NETS["relu"].width
    return nodes, edges, {"active": int(sum(active)), "total": total, "error": error}


def leaky_experiment() -> tuple[pd.DataFrame, dict]:
    """The PReLU slopes over training, and each hidden layer's mean slope at the end."""
    _, _, run = trained("leaky")
    frame = prelu_frame(run)
    last = frame[frame.epoch == frame.epoch.max()].groupby("layer").a.mean()
    return frame, {"slopes": ", ".join(f"{a:.2f}" for a in last), "means": last.to_numpy()}


def maxout_experiment(units: int = 4) -> tuple[pd.DataFrame, dict]:
    """First-layer Maxout units along a line across the data (between its two extreme points along x1), the
    ``units`` whose winning piece changes most often on it, and their smallest curvature."""
    net, data, _ = trained("maxout")
    start, stop = data.X[data.X[:, 0].argmin()], data.X[data.X[:, 0].argmax()]
    frame = maxout_shapes(net, 1, start, stop, units=NETS["maxout"].width)
    outputs = frame[frame.piece == 0].sort_values(["unit", "t"])
    corners = outputs.groupby("unit").winner.agg(lambda w: int((np.diff(w.to_numpy()) != 0).sum()))
    shown = corners.sort_values(ascending=False, kind="stable").index[:units]
    frame = frame[frame.unit.isin(shown)]
    outputs = outputs[outputs.unit.isin(shown)]
    curvature = min(float(np.diff(rows.value.to_numpy(), 2).min()) for _, rows in outputs.groupby("unit"))
    # A straight stretch gives second differences of ±1e-15 from float rounding: that is zero.
    return frame, {"curvature": 0.0 if curvature > -1e-9 else curvature, "raw_curvature": curvature}


def compared(key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lessons 10 and 11: the lesson's comparison over SEEDS (curves, and one row per variant and seed)."""
    return comparison(NETS[key], COMPARES[key], SEEDS)


def means(rows: pd.DataFrame) -> pd.DataFrame:
    """Per variant, in the comparison's order: the mean over the seeds of train_acc, test_acc, gap, epoch."""
    order = list(dict.fromkeys(rows.variant))
    return rows.groupby("variant")[["train_acc", "test_acc", "gap", "epoch"]].mean().loc[order]


def overfitting_experiment() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """No help, early stopping and L2 side by side; the claim's numbers are means over the three seeds (in
    percent and points)."""
    curves, rows = compared("overfitting")
    mean = means(rows)
    claim = {
        "seeds": len(SEEDS),
        "train": 100 * mean.train_acc["none"],
        "test": 100 * mean.test_acc["none"],
        "gap": 100 * mean.gap["none"],
        "l2_test": 100 * mean.test_acc["l2"],
        "l2_gap": 100 * mean.gap["l2"],
        "early_gap": 100 * mean.gap["early"],
        "early_epoch": mean.epoch["early"],
    }
    return curves, rows, claim


def dropout_experiment() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The same network with and without dropout (p = 0.5); the claim's numbers are means over the seeds."""
    curves, rows = compared("dropout")
    mean = means(rows)
    claim = {
        "seeds": len(SEEDS),
        "test": 100 * mean.test_acc["none"],
        "dropout_test": 100 * mean.test_acc["dropout"],
        "gain": 100 * (mean.test_acc["dropout"] - mean.test_acc["none"]),
        "gap": 100 * mean.gap["none"],
        "dropout_gap": 100 * mean.gap["dropout"],
    }
    return curves, rows, claim
