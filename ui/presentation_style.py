"""How charts look on a projector: thicker paths and larger axis, legend and title text (pure, no Streamlit).

Any lab can use it: ``projector_style(chart)`` for an Altair chart, ``projector_spec(spec)`` for a
Vega-Lite dict. Text is at least ``MIN_FONT`` px, so ticks stay readable from the back of a room.
"""

from __future__ import annotations

import copy

LINE_SCALE = 2.0  # paths and markers in presentation mode
MIN_FONT = 20
AXIS_FONT = {"labelFontSize": 20, "titleFontSize": 22, "tickSize": 7, "tickWidth": 1.5}
LEGEND_FONT = {"labelFontSize": 20, "titleFontSize": 22, "symbolSize": 220, "labelLimit": 320}
TITLE_FONT = {"fontSize": 24, "subtitleFontSize": 20}
TEXT_FONT = {"fontSize": 20}
PRESENT_SURFACE_SIZE = 600  # the race chart's longer side on a projector (its width fills the column)
PRESENT_PANEL_HEIGHT = 150  # each linked chart's height on a projector


def projector_config() -> dict:
    """The Vega-Lite ``config`` that enlarges every axis, legend, title and text mark."""
    return {
        "axis": dict(AXIS_FONT),
        "legend": dict(LEGEND_FONT),
        "title": dict(TITLE_FONT),
        "text": dict(TEXT_FONT),
        "header": {"labelFontSize": MIN_FONT, "titleFontSize": 22},
    }


def projector_style(chart):
    """The top-level Altair chart with larger axis, legend, title and text (a new chart)."""
    config = projector_config()
    return (
        chart.configure_axis(**config["axis"])
        .configure_legend(**config["legend"])
        .configure_title(**config["title"])
        .configure_text(**config["text"])
        .configure_header(**config["header"])
    )


def projector_spec(spec: dict) -> dict:
    """A copy of a Vega-Lite spec dict with the projector config merged over its own config."""
    styled = copy.deepcopy(spec)
    config = styled.setdefault("config", {})
    for section, values in projector_config().items():
        config[section] = {**config.get(section, {}), **values}
    return styled
