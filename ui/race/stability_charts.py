"""The learning-rate workbench's data and charts (pure: numpy, pandas, Altair; no Streamlit).

- ``schedule_frame`` / ``schedule_chart``: η_t = η·s(t) of each optimizer, the small chart under the
  schedule control;
- ``stability_rows``: the stability numbers (engine/stability.py) at the start and at each known minimum;
- ``quadratic_summary``: on a quadratic bowl, Distill's optimal η and momentum pair with their rates, and
  the rates measured by running them;
- ``bound_rules`` / ``with_bound_rules``: the bounds η < c/λmax as vertical rules on the η sweep;
- ``step_frame`` / ``step_readout``: per drawn step of each run, λ at its point and η_t·λmax against the
  optimizer's bound, as a text chart driven by the race's step parameter (the player moves it: no rerun).
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from engine import optimizers, schedules, simulate, stability
from ui.i18n import text
from ui.race.charts import optimizer_colour_scale
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

DEFAULT_BETA = optimizers.defaults("momentum")["momentum"]
SWEEP_RANGE = (1e-4, 10.0)  # the η sweep's axis (ui/race/model.py learning_rate_sweep)
QUADRATIC_PROBES = ((0.13, 0.71), (0.62, 0.27), (0.88, 0.93))  # fractions of the domain
MEASURE_STEPS = 200


def num(value: float) -> str:
    """A number for the panel: 3 significant digits, ∞, or a dash for NaN."""
    value = float(value)
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.3g}".replace("-", "−")


def beta_of(hyper) -> float:
    """The momentum coefficient of a run's hyperparameters (the default where it has none)."""
    return float(dict(hyper).get("momentum", DEFAULT_BETA))


def eta_t(hyper, steps: int) -> np.ndarray:
    """η·s(t) for t = 0 … steps − 1 of a run with hyperparameters ``hyper`` (a schedule among them or not)."""
    hyper = dict(hyper)
    return float(hyper["lr"]) * schedules.as_schedule(hyper.get("schedule")).factors(steps)


# ---------------------------------------------------------------- the η_t chart


def schedule_frame(runs: dict[str, tuple], steps: int) -> pd.DataFrame:
    """Columns optimizer (a name), step, eta: η_t of each run (``runs``: name → hyper items)."""
    frames = [
        pd.DataFrame({"optimizer": name, "step": np.arange(steps), "eta": eta_t(hyper, steps)})
        for name, hyper in runs.items()
    ]
    return pd.concat(frames, ignore_index=True)


def schedule_chart(frame: pd.DataFrame, lang: str = "en", height: int = 90) -> alt.Chart:
    """η_t against the step, one line per optimizer (its colour), small enough for the sidebar."""
    names = list(dict.fromkeys(frame.optimizer))
    data = frame.assign(optimizer=frame.optimizer.map(OPTIMIZER_LABELS))
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("step:Q", title=text("sched.chart_step", lang), axis=alt.Axis(tickCount=4, format="~s")),
            y=alt.Y(
                "eta:Q", title="η_t", axis=alt.Axis(tickCount=3, format="~g"), scale=alt.Scale(zero=True)
            ),
            color=alt.Color("optimizer:N", scale=optimizer_colour_scale(names), legend=None),
            tooltip=["optimizer:N", "step:Q", alt.Tooltip("eta:Q", format=".4~g", title="η_t")],
        )
        .properties(height=height)
    )


# ---------------------------------------------------------------- the panel


def places(surface, start) -> list[tuple[str, tuple[float, float]]]:
    """Where the panel looks: ("start", start), then ("minimum", m) for each known minimum."""
    return [("start", tuple(map(float, start)))] + [("minimum", tuple(map(float, m))) for m in surface.minima]


def stability_rows(surface, start, beta: float) -> list[dict]:
    """One row per place: its kind and point, and the engine's Stability there (``analyse``)."""
    rows = []
    for kind, point in places(surface, start):
        with np.errstate(all="ignore"):
            numbers = stability.analyse(surface.hessian(np.array(point)), beta=beta)
        rows.append({"kind": kind, "x": point[0], "y": point[1], "numbers": numbers})
    return rows


def is_quadratic_bowl(surface) -> bool:
    """True when the Hessian is the same (to 1e-9) at the start, the minima and three spread-out points, and
    positive definite: a quadratic bowl, where Distill's optimal values hold exactly."""
    (x0, x1), (y0, y1) = surface.domain
    probes = [(x0 + a * (x1 - x0), y0 + b * (y1 - y0)) for a, b in QUADRATIC_PROBES]
    points = np.array([surface.start, *surface.minima, *probes], dtype=float)
    with np.errstate(all="ignore"):
        h = surface.hessian(points)
    if not np.all(np.isfinite(h)):
        return False
    scale = np.max(np.abs(h[0])) + 1e-300
    same = np.max(np.abs(h - h[0])) <= 1e-9 * scale
    return bool(same and stability.eigenvalues(h[0])[0] > 0)


def quadratic_summary(surface, start, steps: int = MEASURE_STEPS) -> dict | None:
    """On a quadratic bowl: the optimal η and momentum pair with their predicted rates, and the rates a run
    of each from ``start`` measured (``stability.measured_rate``); None on any other surface."""
    if not is_quadratic_bowl(surface):
        return None
    s = stability.analyse(surface.hessian(np.array(surface.start, dtype=float)))
    centre = np.array(surface.minima[0]) if surface.minima else None
    if centre is None:  # a bowl without a listed minimum: solve H(θ − θ*) = −∇f(θ)
        point = np.array(start, dtype=float)
        centre = point - np.linalg.solve(surface.hessian(point), surface.grad(point))
    gd = simulate(surface, optimizers.make("sgd", lr=s.optimal_lr), start, steps)
    heavy = simulate(
        surface,
        optimizers.make("momentum", lr=s.momentum_lr, momentum=min(s.momentum_beta, 0.999)),
        start,
        steps,
    )
    return {
        "numbers": s,
        "gd_measured": stability.measured_rate(gd.points, centre),
        "momentum_measured": stability.measured_rate(heavy.points, centre),
    }


# ---------------------------------------------------------------- the bounds on the η sweep


def bound_rules(surface, start, runs, lang: str = "en") -> pd.DataFrame:
    """Columns optimizer (a name), lr, where, label: each racing optimizer's bound c/λmax at the start and
    at the surface's first minimum, inside the sweep's range (the adaptive ones have none)."""
    rows = []
    targets = places(surface, start)[:2]
    for name, hyper in runs:
        factor = stability.bound_factor(name, beta_of(hyper))
        if factor is None:
            continue
        for kind, point in targets:
            with np.errstate(all="ignore"):
                lmax = float(stability.eigenvalues(surface.hessian(np.array(point)))[-1])
            if not (np.isfinite(lmax) and lmax > 0):
                continue
            lr = factor / lmax
            if not SWEEP_RANGE[0] <= lr <= SWEEP_RANGE[1]:
                continue
            rule = "2/λmax" if name == "sgd" else f"{factor:.3g}/λmax"
            where = text(f"stab.at_{kind}", lang)
            same = [r for r in rows if r["optimizer"] == name and abs(r["lr"] - lr) <= 1e-9 * lr]
            if same:  # the same curvature at both places (a quadratic): one rule says both
                same[0]["label"] = f"{rule} ({same[0]['where']}, {where})"
                continue
            rows.append({"optimizer": name, "lr": lr, "where": where, "label": f"{rule} ({where})"})
    return pd.DataFrame(rows, columns=["optimizer", "lr", "where", "label"])


def with_bound_rules(chart, rules: pd.DataFrame, names: list[str], lang: str = "en", font_size: float = 11):
    """The sweep chart with each bound drawn as a dotted vertical rule in its optimizer's colour, labelled at
    the top in ``font_size`` px (solid: at the start; dotted: at the minimum)."""
    if rules.empty:
        return chart
    data = rules.assign(optimizer=rules.optimizer.map(OPTIMIZER_LABELS))
    start_word = text("stab.at_start", lang)
    x = alt.X("lr:Q", scale=alt.Scale(type="log"))
    colour = alt.Color("optimizer:N", scale=optimizer_colour_scale(names))
    tooltip = ["optimizer:N", alt.Tooltip("lr:Q", format=".3~g", title="η"), alt.Tooltip("label:N", title="")]
    lines = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2)
        .encode(
            x=x,
            color=colour,
            strokeDash=alt.condition(f"datum.where == {start_word!r}", alt.value([1, 0]), alt.value([2, 3])),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=font_size)
        .encode(x=x, y=alt.value(0), text="label:N", color=colour)
    )
    drawn = chart.copy()
    drawn.layer = [*chart.layer, lines, labels]  # one flat layer: the sweep's x scale is shared
    return drawn


# ---------------------------------------------------------------- at the player's step


def step_frame(surface, drawn: pd.DataFrame, runs: dict, steps: int, lang: str = "en") -> pd.DataFrame:
    """Per drawn step of each run (``drawn``: optimizer, step, x, y; the runs in their order): its label,
    and a line of text with λ₁, λ₂ at the point and, for SGD, Momentum and Nesterov, η_t·λmax against their
    bound c."""
    frames = []
    # One Hessian call for every drawn point: a typed formula's cost is its tree's walk, once per call
    # (a heavy formula: 0.1 s a call, whatever the number of points), not once per run.
    with np.errstate(all="ignore"):
        eigen = stability.eigenvalues(surface.hessian(drawn[["x", "y"]].to_numpy()))
    for name, frame in drawn.groupby("optimizer", sort=False):
        hyper = dict(runs[name])
        lam = eigen[drawn.optimizer.to_numpy() == name]
        kappa = stability.condition_number(lam)
        factor = stability.bound_factor(name, beta_of(hyper))
        eta = eta_t(hyper, steps + 1)[np.minimum(frame.step.to_numpy(), steps)]
        lines = []
        for (l1, l2), k, e in zip(lam, kappa, eta):
            line = text("stab.step_line", lang, l1=num(l1), l2=num(l2), kappa=num(k))
            if factor is not None and np.isfinite(l2):
                product = e * l2
                key = "stab.step_stable" if product < factor else "stab.step_unstable"
                line += " · " + text(key, lang, eta=num(e), product=num(product), bound=num(factor))
            lines.append(line)
        frames.append(
            pd.DataFrame(
                {
                    "optimizer": OPTIMIZER_LABELS[name],
                    "name": name,
                    "step": frame.step.to_numpy(),
                    "line": lines,
                }
            )
        )
    columns = ["optimizer", "name", "step", "line"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def readout_data(frame: pd.DataFrame, lang: str = "en") -> dict:
    """What the step readout (ui/race/step_readout.py) shows of ``step_frame``: its title and, per run in
    order, its label, colour, drawn steps and their lines (the browser shows the last drawn step ≤ t)."""
    rows = []
    for (label, name), one in frame.groupby(["optimizer", "name"], sort=False):
        rows.append(
            {
                "label": label,
                "colour": OPTIMIZER_COLOURS[name],
                "step": one.step.astype(int).tolist(),
                "line": one.line.tolist(),
            }
        )
    return {"title": text("stab.step_title", lang), "rows": rows}


# ---------------------------------------------------------------- lesson 9


NOISE_RUN_COLOURS = {"constant": "#E69F00", "schedule": "#0072B2", "small": "#999999"}


def noise_runs_chart(
    frame: pd.DataFrame, words: dict[str, str], lang: str = "en", width: int = 560
) -> alt.Chart:
    """Loss (log) against the step of lesson 9's runs under noise; ``words`` names each run."""
    data = frame.assign(run=frame.run.map(words))
    order = [words[r] for r in NOISE_RUN_COLOURS if r in set(frame.run)]
    colour = alt.Color(
        "run:N",
        scale=alt.Scale(
            domain=order, range=[NOISE_RUN_COLOURS[r] for r in NOISE_RUN_COLOURS if r in set(frame.run)]
        ),
        legend=alt.Legend(title=None, orient="top", labelLimit=400),
    )
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=1.6)
        .encode(
            x=alt.X("step:Q", title=text("sched.chart_step", lang)),
            y=alt.Y("loss:Q", scale=alt.Scale(type="log"), title="L", axis=alt.Axis(format="~g")),
            color=colour,
            tooltip=["run:N", "step:Q", alt.Tooltip("loss:Q", format=".3~g")],
        )
        .properties(width=width, height=260)
    )
