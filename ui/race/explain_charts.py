"""Explain a step, drawn: arrows and the σ box on the race chart, the rule with its numbers, momentum's memory.

All three follow the player without the server: their data (ui/race/explain.py, every explained step) is
sent once with the race, and each picks the step it shows from the shared step ``t`` (the latest explained
step ≤ t of each optimizer), as the paths do. The arrows and the bars are Vega-Lite layouts with named
datasets, as the race's; the rule is a few lines of HTML (ui/race/explain_rule.py) written from
``rule_data``:

    EXPLAIN_ARROWS  (race chart)  per step: θ^t, the update, the gradient step, the momentum term, σ^t
    EXPLAIN_NAMES   (the bars)    one row per explained optimizer (its slot): name, last step, λ
    EXPLAIN_MEMORY  (the bars)    per lag j: the weight η λ^j of the gradient j steps back in v^t
    rule_data       (the rule)    per optimizer its templates and constants; per step the vectors it reads
"""

from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_kit import CASING, labelled
from ui.i18n import text
from ui.race.explain import (
    BOX_PIXELS,
    MEMORY_BARS,
    MOMENTUM_KINDS,
    step_rates,
)
from ui.race.steps import STEP_PARAM, step_param
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

EXPLAIN_ARROWS, EXPLAIN_NAMES, EXPLAIN_MEMORY = "explain_arrows", "explain_names", "explain_memory"
NAME = f"data('{EXPLAIN_NAMES}')[datum.slot]"  # this row's optimizer (its EXPLAIN_NAMES row)
# The arrows (columns of EXPLAIN_ARROWS, x part) and how each is drawn: the update solid, the gradient step
# dashed, the momentum term dotted.
ARROWS = ("ux", "gsx", "mx")
DASHES = ([1, 0], [6, 3], [2, 2])
WIDTHS = (2.6, 1.8, 1.8)

# ---------------------------------------------------------------- the rules, written with their numbers
# Templates: {name} is a vector of the step's numbers (VECTORS) or a number (NUMBERS); the rest is text.
# Superscripts in Unicode (Vega draws text, not TeX). Each block has a title line above these (the
# optimizer, the step, the arrows' scale) and COMMON's line (θ and g) first.
COMMON = ["θᵗ = {theta},   gᵗ = ∇L(θᵗ) = {g}"]
NOISY = "θᵗ = {theta},   gᵗ = ∇L(θᵗ) + σ ξᵗ = {g}"  # with gradient noise, the gradient the step used
RULES = {
    "sgd": ["θᵗ⁺¹ = θᵗ − η gᵗ", "   = {theta} − {lr}·{g}", "   = {new}"],
    "momentum": [
        "vᵗ = λ vᵗ⁻¹ − η gᵗ",
        "   = {momentum}·{pa} − {lr}·{g}",
        "   = {a}",
        "θᵗ⁺¹ = θᵗ + vᵗ = {new}",
    ],
    "nesterov": [
        "vᵗ = λ vᵗ⁻¹ − η gᵗ",
        "   = {momentum}·{pa} − {lr}·{g}",
        "   = {a}",
        "θᵗ⁺¹ = θᵗ + λ vᵗ − η gᵗ",
        "   = {theta} + {m} + {gs}",
        "   = {new}",
    ],
    "adagrad": [
        "σᵗ = √(Σᵢ₌₀..ₜ (gⁱ)²) = √((σᵗ⁻¹)² + (gᵗ)²)",
        "   = √({sp}² + {g}²)",
        "   = {s}",
        "θᵗ⁺¹ = θᵗ − η/σᵗ ⊙ gᵗ",
        "   = {theta} − {r}⊙{g}",
        "   = {new}",
    ],
    "rmsprop": [
        "σᵗ = √(α (σᵗ⁻¹)² + (1−α) (gᵗ)²)",
        "   = √({alpha}·{sp}² + {one_alpha}·{g}²)",
        "   = {s}",
        "θᵗ⁺¹ = θᵗ − η/σᵗ ⊙ gᵗ",
        "   = {theta} − {r}⊙{g}",
        "   = {new}",
    ],
    "adam": [
        "mᵗ = β₁ mᵗ⁻¹ + (1−β₁) gᵗ",
        "   = {beta1}·{pa} + {one_beta1}·{g}",
        "   = {a}",
        "uᵗ = β₂ uᵗ⁻¹ + (1−β₂) (gᵗ)²",
        "   = {beta2}·{pb} + {one_beta2}·{g}²",
        "   = {b}",
        "θᵗ⁺¹ = θᵗ − η m̂ᵗ / (√ûᵗ + ε)",
        "   = {theta} − {lr}·{mhat} / {s}",
        "   = {new}",
    ],
}
# RMSProp's first step in the lecture's form (σ⁰ = |g⁰|) replaces the three lines of its σ.
RMSPROP_FIRST = ["σ⁰ = |g⁰|", "   = {s}", ""]


# The vectors a rule's template writes as "(x, y)" (each a pair of columns of the rule's steps, x part
# first), and its numbers: η_t per step, the rest its optimizer's constants.
PLAIN_VECTORS = ("g", "u", "r", "a", "pa", "b", "pb", "s", "gs", "m")  # columns gx, gy, ux, uy, …
DERIVED_VECTORS = ("theta", "new", "sp", "mhat")  # θ^t; θ^(t+1) = θ^t + Δθ^t; σ^(t−1) = √pa; m̂^t (Adam)
CONSTANTS = {  # number → (hyperparameter, whether it is 1 minus it)
    "momentum": ("momentum", False),
    "alpha": ("alpha", False),
    "one_alpha": ("alpha", True),
    "beta1": ("beta1", False),
    "one_beta1": ("beta1", True),
    "beta2": ("beta2", False),
    "one_beta2": ("beta2", True),
}


def slots(template: str) -> list[str]:
    """The {name}s of a template, in order."""
    return re.findall(r"\{(\w+)\}", template)


def rule_lines(name: str) -> list[str]:
    """The templates of optimizer ``name``'s block, under its title (an optimizer without a rule: θ, g)."""
    return COMMON + RULES.get(name, [])


def block_templates(name: str, noisy: bool, first: bool) -> tuple[list[str], list[str] | None]:
    """Optimizer ``name``'s lines (the first says the gradient is noisy with ``noisy``) and, for RMSProp
    started the lecture's way (``first``: σ⁰ = |g⁰|), the lines 1–3 that replace its σ's at step 0."""
    lines = rule_lines(name)
    if noisy:
        lines = [NOISY, *lines[1:]]
    return lines, (RMSPROP_FIRST if name == "rmsprop" and first else None)


def vector_columns(rows: pd.DataFrame, name: str, beta1: float) -> tuple[np.ndarray, np.ndarray]:
    """Vector ``name`` at each of ``rows`` (an optimizer's explained steps): θ^t = (x, y), θ^(t+1) = θ^t +
    Δθ^t, σ^(t−1) = √pa (RMSProp, Adagrad), m̂^t = m^t / (1 − β₁^(t+1)) (Adam), or columns name·x, name·y."""
    column = lambda c: rows[c].to_numpy(dtype=float)  # noqa: E731
    if name == "theta":
        return column("x"), column("y")
    if name == "new":
        return column("x") + column("ux"), column("y") + column("uy")
    if name == "sp":
        return np.sqrt(column("pax")), np.sqrt(column("pay"))
    if name == "mhat":
        bias = 1 - beta1 ** (column("step") + 1)
        return column("ax") / bias, column("ay") / bias
    return column(f"{name}x"), column(f"{name}y")


def rule_data(
    frame: pd.DataFrame,
    names: list[str],
    hypers: dict,
    diverged: dict,
    noisy: bool = False,
    lang: str = "en",
    projector: bool = False,
) -> dict:
    """What the rule (ui/race/explain_rule.py) writes, per explained optimizer of ``names`` in this order
    (its slot): its label and colour, its last explained step (−1: none, it diverged at once), where it
    diverged (−1: never), its templates (``block_templates``), which of their {name}s are vectors, its
    constants; and ``steps``, per explained step (slot, step, η_t, the arrows' scale k and each vector's
    x and y, float32): a DataFrame, which the page sends as Arrow. ``frame``: a race's explain frame."""
    blocks, parts = [], []
    for slot, name in enumerate(names):
        hyper = hypers[name]
        rows = frame[frame.optimizer == name]
        lines, first = block_templates(name, noisy, hyper.get("init", "first_grad") == "first_grad")
        used = list(
            dict.fromkeys(slot_name for line in [*lines, *(first or [])] for slot_name in slots(line))
        )
        vectors = [v for v in used if v in PLAIN_VECTORS or v in DERIVED_VECTORS]
        part = {
            "slot": np.full(len(rows), slot, dtype=np.int32),
            "step": rows.step.to_numpy(dtype=np.int32),
            "eta": rows.eta.to_numpy(dtype=float),
            "k": rows.k.to_numpy(dtype=float),
        }
        for vector in vectors:
            part[f"{vector}_x"], part[f"{vector}_y"] = vector_columns(rows, vector, hyper.get("beta1", 0.0))
        parts.append(pd.DataFrame(part))
        blocks.append(
            {
                "label": OPTIMIZER_LABELS[name],
                "colour": OPTIMIZER_COLOURS[name],
                "last": int(rows.step.max()) if len(rows) else -1,
                "diverged": diverged_step(diverged.get(name)),
                "lines": lines,
                "first": first,
                "vectors": vectors,
                "numbers": {
                    number: (1.0 - value if complement else value)
                    for number, (key, complement) in CONSTANTS.items()
                    if number in used
                    for value in [float(hyper.get(key, 0.0))]
                },
            }
        )
    steps = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"slot": [], "step": []})
    floats = {c: "float32" for c in steps.columns if c not in ("slot", "step")}
    return {
        "words": {key: text(f"explain.{key}", lang) for key in ("step", "arrows", "diverged")},
        "projector": bool(projector),
        "blocks": blocks,
        "steps": steps.astype({"slot": "int32", "step": "int32", **floats}),
    }


def names_mark() -> alt.Chart:
    """An invisible mark over EXPLAIN_NAMES: a named dataset reaches the browser's view only through a mark
    that reads it, and the other marks' expressions look it up (``NAME``)."""
    return alt.Chart(alt.NamedData(EXPLAIN_NAMES)).mark_point(opacity=0, size=0)


def shown_steps(chart: alt.Chart) -> alt.Chart:
    """Each optimizer's row at the current step: its latest explained step ≤ t."""
    return (
        chart.transform_filter(f"datum.step <= {STEP_PARAM}")
        .transform_joinaggregate(shown="max(step)", groupby=["slot"])
        .transform_filter("datum.step == datum.shown")
    )


# ---------------------------------------------------------------- on the race chart


def arrow_layers(xs: alt.Scale, ys: alt.Scale, colour: alt.Color, line_scale: float = 1.0) -> list:
    """The race chart's explain layers over EXPLAIN_ARROWS: at θ^t, each arrow k× its length (a dark casing
    under it, a head at its tip turned along it on screen) and the σ box (half-widths ∝ σ^t, BOX_PIXELS
    for the run's largest σ)."""
    base = shown_steps(alt.Chart(alt.NamedData(EXPLAIN_ARROWS)))
    arrows = (
        base.transform_fold(list(ARROWS), as_=["arrow", "vx"])
        .transform_calculate(vy="datum[slice(datum.arrow, 0, -1) + 'y']")
        .transform_filter("isFinite(datum.vx) && isFinite(datum.vy)")
        .transform_calculate(tip_x="datum.x + datum.k * datum.vx", tip_y="datum.y + datum.k * datum.vy")
    )
    x, y = alt.X("x:Q", scale=xs), alt.Y("y:Q", scale=ys)
    tip_x, tip_y = alt.X("tip_x:Q", scale=xs), alt.Y("tip_y:Q", scale=ys)
    dash = alt.StrokeDash("arrow:O", scale=alt.Scale(domain=list(ARROWS), range=list(DASHES)), legend=None)
    width = alt.StrokeWidth(
        "arrow:O", scale=alt.Scale(domain=list(ARROWS), range=[w * line_scale for w in WIDTHS]), legend=None
    )
    casing = arrows.mark_rule(color=CASING, opacity=0.8, strokeWidth=(WIDTHS[0] + 2) * line_scale).encode(
        x=x, y=y, x2="tip_x:Q", y2="tip_y:Q"
    )
    shafts = arrows.mark_rule(opacity=1).encode(
        x=x, y=y, x2="tip_x:Q", y2="tip_y:Q", color=colour, strokeDash=dash, strokeWidth=width
    )
    # Turned on screen: the angle from the pixel positions of the tail and the tip (any aspect, any zoom).
    angle = (
        "atan2(scale('y', datum.tip_y) - scale('y', datum.y), scale('x', datum.tip_x) - scale('x', datum.x))"
        " * 180 / PI"
    )
    heads = arrows.mark_point(
        shape="triangle-right",
        filled=True,
        size=70 * line_scale**2,
        stroke=CASING,
        strokeWidth=0.8,
        opacity=1,
    ).encode(x=tip_x, y=tip_y, color=colour, angle=alt.value(alt.ExprRef(angle)))
    # Half-widths proportional to σ^t (BOX_PIXELS for the run's largest σ, at least 1.5 px): the box grows
    # and shrinks with σ, and its shape says which direction η/σ slows down.
    half_x = f"clamp(datum.box * datum.sx, 1.5, {2 * BOX_PIXELS}) * {line_scale}"
    half_y = f"clamp(datum.box * datum.sy, 1.5, {2 * BOX_PIXELS}) * {line_scale}"
    box = (
        base.transform_filter("isFinite(datum.sx) && isFinite(datum.sy) && datum.box > 0")
        .mark_rect(fillOpacity=0.12, strokeWidth=1.6 * line_scale, strokeDash=[4, 2])
        .encode(
            x=alt.value(alt.ExprRef(f"scale('x', datum.x) - {half_x}")),
            x2=alt.value(alt.ExprRef(f"scale('x', datum.x) + {half_x}")),
            y=alt.value(alt.ExprRef(f"scale('y', datum.y) - {half_y}")),
            y2=alt.value(alt.ExprRef(f"scale('y', datum.y) + {half_y}")),
            color=colour,
            stroke=colour,
        )
    )
    return [box, casing, shafts, heads]


ARROW_COLUMNS = [
    "optimizer",
    "slot",
    "step",
    "x",
    "y",
    "ux",
    "uy",
    "gsx",
    "gsy",
    "mx",
    "my",
    "sx",
    "sy",
    "k",
    "box",
]


def explained_rows(frame: pd.DataFrame | None, names: list[str], columns: list[str]) -> pd.DataFrame:
    """``columns`` of a race's explain frame (ui/race/model.py ``RaceResult.explain``) for the optimizers
    ``names``, each with its slot, in this order."""
    parts = [frame[frame.optimizer == name].assign(slot=slot)[columns] for slot, name in enumerate(names)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def arrow_data(frame: pd.DataFrame | None, names: list[str]) -> pd.DataFrame:
    """EXPLAIN_ARROWS for the optimizers ``names`` of a race's explain frame (None, no names: the empty
    table): θ^t, the three arrows, σ^t and k, optimizers as labels."""
    arrows = explained_rows(frame, names, ARROW_COLUMNS)
    return labelled(arrows, OPTIMIZER_LABELS, "optimizer") if len(arrows) else arrows


# ---------------------------------------------------------------- the rule with its numbers


def names_data(names: list[str], hypers: dict, last: dict[str, int]) -> pd.DataFrame:
    """EXPLAIN_NAMES, what momentum's memory bars look up per explained optimizer (in slot order): its name,
    its ``last`` explained step (−1: none, it diverged at once) and its momentum λ (0 without one)."""
    return pd.DataFrame(
        {
            "slot": range(len(names)),
            "name": names,
            "last": [last[name] for name in names],
            "momentum": [float(hypers[name].get("momentum", 0.0)) for name in names],
        }
    )


def diverged_step(value) -> int:
    """A results table's diverged_at (None, NaN or a step) as a step, −1 for never."""
    return -1 if value is None or value != value else int(value)


# ---------------------------------------------------------------- momentum as memory


def memory_data(names: list[str], hypers: dict, last: dict[str, int]) -> pd.DataFrame:
    """EXPLAIN_MEMORY: every step i's η_i (the schedule's) of the explained momentum optimizers (``names``'
    slots), up to each one's ``last`` explained step: in the browser, the gradient j = t − i steps back
    weighs η_i λ^j in v^t (``explain.memory_weights``)."""
    columns = ["slot", "optimizer", "i", "eta"]
    parts = [
        pd.DataFrame(
            {"i": np.arange(last[name] + 1), "eta": step_rates(hypers[name], last[name] + 1)}
        ).assign(slot=slot, optimizer=OPTIMIZER_LABELS[name])[columns]
        for slot, name in enumerate(names)
        if name in MOMENTUM_KINDS and last.get(name, -1) >= 0
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def memory_layout(
    lang: str = "en", line_scale: float = 1.0, colour: alt.Color | None = None
) -> alt.LayerChart:
    """Momentum as memory (Distill): the weight η λ^(t−i) each past gradient g^i carries in v^t, for the
    last MEMORY_BARS steps before the current one (its bar solid, the older ones pale); bars before step 0
    do not exist yet."""
    base = (
        alt.Chart(alt.NamedData(EXPLAIN_MEMORY))
        .transform_calculate(j=f"min({STEP_PARAM}, {NAME}.last) - datum.i")
        .transform_filter(f"datum.j >= 0 && datum.j < {MEMORY_BARS}")
        .transform_calculate(weight=f"datum.eta * pow({NAME}.momentum, datum.j)")
    )
    x = alt.X(
        "j:Q",
        title=text("explain.memory_x", lang),
        scale=alt.Scale(domain=[-0.5, 39.5], reverse=True, nice=False),
        axis=alt.Axis(tickCount=8, format="d"),
    )
    y = alt.Y("weight:Q", title=text("explain.memory_y", lang), axis=alt.Axis(format="~g", tickCount=4))
    bars = base.mark_bar(size=max(3.0, 5.0 * line_scale)).encode(
        x=x,
        y=y,
        color=colour if colour is not None else alt.Color("optimizer:N"),
        opacity=alt.condition("datum.j == 0", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            "optimizer:N",
            alt.Tooltip("i:Q", title="i"),
            alt.Tooltip("weight:Q", format=".3~g", title=text("explain.memory_y", lang)),
        ],
    )
    return alt.LayerChart(
        layer=[bars, names_mark()],
        params=[step_param().param],
        width="container",
        height=150,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=alt.TitleParams(text("explain.memory_title", lang), anchor="start"),
    )
