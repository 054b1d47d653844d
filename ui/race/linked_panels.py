"""The linked panels beside the race: loss, effective η per coordinate and step length against the step, drawn
on a canvas by a Streamlit component (ui/race/linked_panels.js), with a dashed rule at the player's step.

They were a Vega-Lite chart; Vega's dataflow, scales and axes cost 0.13–0.16 s of every change of the lab
(issue 12, measured by leaving them out, interleaved) and its compile a part of every open, for three panels of
a few lines. The canvas draws the same thing in a few milliseconds. What the panels show is decided here, in
Python, by the same functions as before (ui/race/charts.py ``linked_data``: each panel's range, clamped, and
the off-chart marks ↑ ↓ ✕ of the series that leave it); the script only draws.

The player (ui/player.py) moves every ``.vega-bindings input[name=t]`` in its scope: the component has one
(hidden), so the rule and the off-chart marks follow it while playing, with nothing sent to the server.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from ui.chart_kit import CASING, light
from ui.i18n import text
from ui.presentation_style import AXIS_FONT, LINE_SCALE, MIN_FONT, PRESENT_PANEL_HEIGHT, TITLE_FONT
from ui.race import charts
from ui.race.steps import STEP_INPUT_HTML
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

DIGITS = 5  # significant digits of every value sent: a pixel needs 3–4 on a log scale, the tooltip shows 3
# px, as Streamlit's Vega theme draws them: tick labels, the step axis's title, the panels' titles
LABEL_FONT, AXIS_TITLE_FONT, TITLE_SIZE = 12, 14, 16
RULE_COLOUR, GRID_COLOUR, LABEL_COLOUR, TITLE_COLOUR, AXIS_TITLE_COLOUR = (
    "#888",
    "#e6e6e6",
    "#555",
    "#2F2D2B",
    "#808495",
)

HTML = f"""<div class="op-linked">
<canvas class="op-lines" role="img"></canvas><canvas class="op-over"></canvas><div class="op-tip" hidden></div>
<button class="op-full" type="button"><svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"/></svg></button>
{STEP_INPUT_HTML}
</div>"""
CSS = """
.op-linked { position: relative; width: 100%; }
.op-linked canvas { display: block; }
.op-linked canvas.op-over { position: absolute; left: 0; top: 0; }
.op-linked:fullscreen { background: #fff; padding: 24px; box-sizing: border-box; overflow: auto; }
.op-linked:fullscreen canvas.op-over { left: 24px; top: 24px; }
.op-linked .op-full { position: absolute; right: 0; top: 0; z-index: 3; border: 1px solid #ddd; border-radius: 4px;
  background: rgba(255,255,255,.9); color: #555; font-size: 14px; line-height: 0; padding: 3px; cursor: pointer;
  opacity: 0; transition: opacity .15s; }
.op-linked:hover .op-full, .op-linked .op-full:focus-visible, .op-linked:fullscreen .op-full { opacity: 1; }
@media (hover: none) { .op-linked .op-full { opacity: 1; } }  /* a phone: no hover to reveal it */
.op-linked:fullscreen .op-full { right: 24px; top: 24px; }
.op-linked .vega-bindings { display: none !important; }
.op-linked .op-tip { position: absolute; pointer-events: none; z-index: 2; background: rgba(255,255,255,.96);
  border: 1px solid #ccc; border-radius: 4px; padding: 4px 7px; font: 12px sans-serif; color: #222;
  white-space: nowrap; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.op-linked .op-tip td { padding: 0 4px 0 0; } .op-linked .op-tip td:first-child { color: #777; text-align: right; }
"""
JS = (Path(__file__).with_name("linked_panels.js")).read_text(encoding="utf-8")

_component = st.components.v2.component(
    "optimizer_playground.linked_panels", html=HTML, css=CSS, js=JS, isolate_styles=False
)


def significant(values, digits: int = DIGITS) -> list[float | None]:
    """``values`` to ``digits`` significant digits, None where not finite (the line breaks there)."""
    return [float(f"{v:.{digits}g}") if math.isfinite(v) else None for v in np.asarray(values, dtype=float)]


def panels_data(
    series: pd.DataFrame,
    steps: int,
    log_loss: bool = True,
    lang: str = "en",
    diverged: tuple[str, ...] | list[str] = (),
    projector: bool = False,
) -> dict:
    """What the canvas draws, as JSON: the three panels (title, scale, clamped range lo–hi, first step, the
    columns drawn: rate_x solid and rate_y dashed in the second), every series (label, colour, whether it
    gets a dark casing, its steps and values), the off-chart marks (in their series' colour), the words and the
    sizes.

    ``series``: a race's (ui/race/model.py: optimizer names, step, gap, loss, rate_x, rate_y, step_length)."""
    data = charts.linked_data(series, steps, log_loss, lang, diverged)
    field = charts.loss_field(log_loss)
    ranges = data[charts.LINKED_RANGES]
    titles = [
        text("chart.gap" if log_loss else "chart.loss", lang),
        text("chart.rate", lang),
        text("chart.step_length", lang),
    ]
    columns = [[field], list(charts.RATE_COLUMNS), ["step_length"]]
    panels = [
        {
            "title": title,
            "scale": "log" if (index or log_loss) else "symlog",
            "lo": float(ranges.lo[index]),
            "hi": float(ranges.hi[index]),
            "first": int(charts.PANELS[index][1]),
            "columns": cols,
        }
        for index, (title, cols) in enumerate(zip(titles, columns))
    ]
    # label → colour (a spare one for an optimizer new to ui/vocab), for its line and its marks
    colours = {OPTIMIZER_LABELS[name]: OPTIMIZER_COLOURS[name] for name in series.optimizer.unique()}
    drawn = []
    for label, one in data[charts.LINKED_SERIES].groupby("optimizer", sort=False):
        colour = colours[label]
        drawn.append(
            {
                "label": label,
                "colour": colour,
                "cased": light(colour),
                "step": one.step.astype(int).tolist(),
                **{
                    column: significant(one[column])
                    for column in (field, *charts.RATE_COLUMNS, "step_length")
                },
            }
        )
    marks = data[charts.LINKED_MARKS]
    scale = LINE_SCALE if projector else 1.0
    return {
        "steps": max(int(steps), 1),
        "panels": panels,
        "series": drawn,
        "marks": [
            {
                "panel": int(row.panel),
                "label": row.optimizer,
                "colour": colours[row.optimizer],
                "step": int(row.step),
                "y": float(row.y),
                "symbol": row.symbol,
                "what": row.what,
                "value": row.value,
            }
            for row in marks.itertuples()
        ],
        "words": {
            "step": text("chart.step", lang),
            "value": text("chart.true_value", lang),
            "fullscreen": text("chart.fullscreen", lang),
            "exit_fullscreen": text("chart.exit_fullscreen", lang),
        },
        "size": {
            "height": PRESENT_PANEL_HEIGHT if projector else charts.SMALL_HEIGHT,
            "line": 1.6 * scale,
            "casing": CASING,
            "label": MIN_FONT if projector else LABEL_FONT,
            "title": TITLE_FONT["fontSize"] if projector else TITLE_SIZE,
            "axis_title": AXIS_FONT["titleFontSize"] if projector else AXIS_TITLE_FONT,
            "mark": max(MIN_FONT if projector else 14, 11 * scale),
            "rule": scale,
        },
        "colours": {
            "rule": RULE_COLOUR,
            "grid": GRID_COLOUR,
            "labels": LABEL_COLOUR,
            "title": TITLE_COLOUR,
            "axis_title": AXIS_TITLE_COLOUR,
        },
    }


def linked_panels(data: dict, key: str, container) -> None:
    """Mount the panels of ``data`` (``panels_data``) in ``container`` (a column of the race view)."""
    with container:
        _component(key=key, data=data, height="content")
