"""Explain a step, drawn: arrows and the σ box on the race chart, the rule with its numbers, momentum's memory.

All three follow the player without the server: their data (ui/race/explain.py, every explained step) is
sent once with the race, and each chart picks the step it shows from the shared step parameter ``t`` (the
latest explained step ≤ t of each optimizer), as the paths do. Layouts and named datasets, as the race's:

    EXPLAIN_ARROWS  (race chart)  per step: θ^t, the update, the gradient step, the momentum term, σ^t
    EXPLAIN_NAMES   one row per explained optimizer (its slot): name, label, hyperparameters, scales
    EXPLAIN_STEPS   (the rule)    per step: the numbers the rule is written with
    EXPLAIN_MEMORY  (the bars)    per lag j: the weight η λ^j of the gradient j steps back in v^t
"""

from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_kit import CASING, labelled
from ui.i18n import text
from ui.presentation_style import MIN_FONT
from ui.race.explain import (
    BOX_PIXELS,
    MEMORY_BARS,
    MOMENTUM_KINDS,
    NUMBER_COLUMNS,
    step_rates,
)
from ui.race.steps import STEP_PARAM, step_param
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

EXPLAIN_ARROWS, EXPLAIN_NAMES, EXPLAIN_STEPS, EXPLAIN_MEMORY = (
    "explain_arrows",
    "explain_names",
    "explain_steps",
    "explain_memory",
)
NAME = f"data('{EXPLAIN_NAMES}')[datum.slot]"  # this row's optimizer (its EXPLAIN_NAMES row)
# The arrows (columns of EXPLAIN_ARROWS, x part) and how each is drawn: the update solid, the gradient step
# dashed, the momentum term dotted.
ARROWS = ("ux", "gsx", "mx")
DASHES = ([1, 0], [6, 3], [2, 2])
WIDTHS = (2.6, 1.8, 1.8)
LINE_HEIGHT = 17
FONT_SIZE = 13

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


VECTORS = {  # (x, y) Vega expressions over an EXPLAIN_STEPS row
    "theta": ("datum.x", "datum.y"),
    "new": ("datum.x + datum.ux", "datum.y + datum.uy"),
    "sp": ("sqrt(datum.pax)", "sqrt(datum.pay)"),
    "mhat": tuple(f"datum.a{axis} / (1 - pow({NAME}.beta1, datum.step + 1))" for axis in "xy"),
    **{
        name: (f"datum.{name}x", f"datum.{name}y")
        for name in ("g", "u", "r", "a", "pa", "b", "pb", "s", "gs", "m")
    },
}
NUMBERS = {
    "lr": "datum.eta",  # η_t: η itself, or with a schedule η·s(t)
    "momentum": f"{NAME}.momentum",
    "alpha": f"{NAME}.alpha",
    "one_alpha": f"1 - {NAME}.alpha",
    "beta1": f"{NAME}.beta1",
    "one_beta1": f"1 - {NAME}.beta1",
    "beta2": f"{NAME}.beta2",
    "one_beta2": f"1 - {NAME}.beta2",
}


def number(expression: str) -> str:
    """A Vega expression writing a number with 3 significant digits (d3's true minus sign)."""
    return f"format({expression}, '.3~g')"


def words_expression(template: str, values: dict[str, str]) -> str:
    """A Vega string expression for a sentence of the catalogue with {name} slots filled by ``values``
    (Vega expressions: the step, the scale...)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            parts.append(f"({values[piece]})")
        elif piece:
            parts.append(json.dumps(piece))
    return " + ".join(parts) or "''"


def template_expression(template: str) -> str:
    """A Vega string expression for one line of a rule: its text, each {name} written out as a vector
    "(x, y)" of the step's numbers (VECTORS) or a number (NUMBERS)."""
    vectors = {name: f"'(' + {number(x)} + ', ' + {number(y)} + ')'" for name, (x, y) in VECTORS.items()}
    return words_expression(template, vectors | {name: number(n) for name, n in NUMBERS.items()})


def rule_lines(name: str) -> list[str]:
    """The templates of optimizer ``name``'s block, under its title (an optimizer without a rule: θ, g)."""
    return COMMON + RULES.get(name, [])


def block_lines(name: str) -> float:
    """Lines of ``name``'s block: its title, its templates and a gap."""
    return len(rule_lines(name)) + 1.7


def line_expression(index: int, names: tuple[str, ...]) -> str:
    """Line ``index`` of whichever optimizer a row is ('' where its rule is shorter)."""
    choices = []
    for name in names:
        lines = rule_lines(name)
        if index >= len(lines):
            continue
        line = template_expression(lines[index])
        if index == 0:
            line = f"({NAME}.noisy ? {template_expression(NOISY)} : {line})"
        if name == "rmsprop" and 1 <= index <= len(RMSPROP_FIRST):
            first = template_expression(RMSPROP_FIRST[index - 1])
            line = f"(datum.step == 0 && {NAME}.first ? {first} : {line})"
        choices.append((name, line))
    expression = "''"
    for name, line in reversed(choices):
        expression = f"({NAME}.name == {json.dumps(name)} ? {line} : {expression})"
    return expression


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
    """``columns`` of a race's explain frame (ui/race/model.py ``explain_frame``) for the optimizers
    ``names``, each with its slot, in this order."""
    parts = [frame[frame.optimizer == name].assign(slot=slot)[columns] for slot, name in enumerate(names)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def arrow_data(frame: pd.DataFrame | None, names: list[str]) -> pd.DataFrame:
    """EXPLAIN_ARROWS for the optimizers ``names`` of a race's explain frame (None, no names: the empty
    table): θ^t, the three arrows, σ^t and k, optimizers as labels."""
    arrows = explained_rows(frame, names, ARROW_COLUMNS)
    return labelled(arrows, OPTIMIZER_LABELS, "optimizer") if len(arrows) else arrows


# ---------------------------------------------------------------- the rule with its numbers


def names_data(
    frame: pd.DataFrame, names: list[str], hypers: dict, diverged: dict, noisy: bool = False
) -> pd.DataFrame:
    """EXPLAIN_NAMES: per explained optimizer (in slot order) its name, label, colour, hyperparameters, its
    block's top (pixels), its last explained step (−1: none, it diverged at once), where it diverged (−1:
    never), and whether its gradients are ``noisy``."""
    rows, top = [], 0
    for slot, name in enumerate(names):
        hyper = hypers[name]
        steps = frame.step[frame.optimizer == name]
        rows.append(
            {
                "slot": slot,
                "name": name,
                "label": OPTIMIZER_LABELS[name],
                "colour": OPTIMIZER_COLOURS[name],
                "top": top,
                "last": int(steps.max()) if len(steps) else -1,
                "diverged": diverged_step(diverged.get(name)),
                "first": hyper.get("init", "first_grad") == "first_grad",
                "noisy": bool(noisy),
                **{key: float(hyper.get(key, 0.0)) for key in ("lr", "momentum", "alpha", "beta1", "beta2")},
            }
        )
        top += block_lines(name) * LINE_HEIGHT
    return pd.DataFrame(rows)


def diverged_step(value) -> int:
    """A results table's diverged_at (None, NaN or a step) as a step, −1 for never."""
    return -1 if value is None or value != value else int(value)


def steps_data(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """EXPLAIN_STEPS: the explained optimizers' numbers per step (their slots in ``names``' order) and k."""
    return explained_rows(frame, names, ["slot", "step", "x", "y", "eta", *NUMBER_COLUMNS, "k"])


def explain_height(names: tuple[str, ...]) -> float:
    return max(1.0, sum(block_lines(name) for name in names)) * LINE_HEIGHT


def explain_layout(names: tuple[str, ...], lang: str = "en", line_scale: float = 1.0) -> alt.LayerChart:
    """The rule of each optimizer in ``names`` (one block each, in this order) written with its numbers at
    the current step: a title line (optimizer, step t → t + 1, the arrows' scale), then its lines."""
    count = max((len(rule_lines(name)) for name in names), default=0)
    lines = {f"line{i}": line_expression(i, tuple(dict.fromkeys(names))) for i in range(count)}
    values = {
        "t": "datum.step",
        "next": "(datum.step + 1)",
        "k": "format(datum.k, '~g')",
        "n": f"{NAME}.diverged",
    }
    step, arrows = (words_expression(text(key, lang), values) for key in ("explain.step", "explain.arrows"))
    diverged = words_expression(text("explain.diverged", lang), values)
    title = (
        f"{NAME}.label + ' · ' + {step} + ' · ' + {arrows} + ({NAME}.diverged >= 0 ? ' · ' + {diverged} : '')"
    )
    base = shown_steps(alt.Chart(alt.NamedData(EXPLAIN_STEPS)))
    grow = MIN_FONT / FONT_SIZE if line_scale > 1 else 1.0  # a projector's text: at least MIN_FONT px
    font, height = FONT_SIZE * grow, LINE_HEIGHT * grow
    y = alt.Y("row:Q", scale=None, axis=None)
    header_row = base.transform_calculate(
        words=title, row=f"{NAME}.top * {height / LINE_HEIGHT} + {height}", colour=f"{NAME}.colour"
    )
    header = header_row.mark_text(
        align="left", baseline="bottom", fontWeight="bold", fontSize=font + 0.5, color="#222"
    ).encode(x=alt.value(18 * line_scale), y=y, text="words:N")
    # The optimizer's colour as a dot before its name (a light colour as text would not read on white).
    dot = (
        header_row.transform_calculate(row=f"datum.row - {0.35 * height}")
        .mark_point(filled=True, size=90 * line_scale**2, stroke=CASING, strokeWidth=0.8, opacity=1)
        .encode(x=alt.value(8 * line_scale), y=y, color=alt.Color("colour:N", scale=None))
    )
    body = (
        base.transform_calculate(**lines)
        .transform_fold(list(lines), as_=["line", "words"])
        .transform_filter("datum.words != ''")
        .transform_calculate(
            row=f"({NAME}.top / {LINE_HEIGHT} + 2 + toNumber(slice(datum.line, 4))) * {height}"
        )
        .mark_text(align="left", baseline="bottom", fontSize=font, color="#222")
        .encode(x=alt.value(8), y=y, text="words:N")
    )
    # An optimizer that diverged at its first step has no step to explain: its name and where it diverged.
    unexplained = (
        alt.Chart(alt.NamedData(EXPLAIN_NAMES))
        .transform_filter("datum.last < 0")
        .transform_calculate(
            words=f"datum.label + ' · ' + {diverged.replace(NAME, 'datum')}",
            row=f"datum.top * {height / LINE_HEIGHT} + {height}",
        )
        .mark_text(align="left", baseline="bottom", fontWeight="bold", fontSize=font + 0.5, color="#222")
        .encode(x=alt.value(18 * line_scale), y=y, text="words:N")
    )
    return alt.LayerChart(
        layer=[dot, header, body, unexplained, names_mark()],
        params=[step_param().param],
        width="container",
        height=round(explain_height(names) * height / LINE_HEIGHT),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(view=alt.ViewConfig(strokeWidth=0)),
    )


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
