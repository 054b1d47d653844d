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


PRESENT_SIZE_SCALE = 1.6  # fixed-size charts (boundary maps, gallery panels) on a projector
DEFAULT_STROKE = {"line": 2.0, "rule": 1.0, "trail": 2.0}  # Vega-Lite's widths where a mark sets none
SIZED_MARKS = {"point": 30.0, "circle": 30.0, "square": 30.0}  # Vega-Lite's default symbol area


def _enlarge_marks(node, line_scale: float, size_scale: float, top: bool) -> None:
    """In place: every mark's stroke × line_scale and symbols × line_scale²; numeric sizes × size_scale."""
    if isinstance(node, list):
        for item in node:
            _enlarge_marks(item, line_scale, size_scale, False)
        return
    if not isinstance(node, dict):
        return
    mark = node.get("mark")
    if isinstance(mark, str):
        mark = node["mark"] = {"type": mark}
    if isinstance(mark, dict):
        kind = mark.get("type")
        if "strokeWidth" in mark or kind in DEFAULT_STROKE:
            mark["strokeWidth"] = mark.get("strokeWidth", DEFAULT_STROKE.get(kind, 1.0)) * line_scale
        if kind in SIZED_MARKS:
            mark["size"] = mark.get("size", SIZED_MARKS[kind]) * line_scale**2
    for side in ("width", "height"):
        if isinstance(node.get(side), int | float) and ("mark" in node or "layer" in node or top):
            node[side] = round(node[side] * size_scale)
    for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
        if key in node:
            _enlarge_marks(node[key], line_scale, size_scale, False)


def _floor_fonts(node) -> None:
    """In place: every font size the spec sets itself (a text mark, an axis in an encoding) ≥ MIN_FONT."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.lower().endswith("fontsize") and isinstance(value, int | float) and value < MIN_FONT:
                node[key] = MIN_FONT
            else:
                _floor_fonts(value)
    elif isinstance(node, list):
        for item in node:
            _floor_fonts(item)


def projector_chart(
    spec: dict, line_scale: float = LINE_SCALE, size_scale: float = PRESENT_SIZE_SCALE
) -> dict:
    """A copy of a Vega-Lite spec as a projector needs it: ``projector_spec``'s text (and no font the spec
    sets itself below MIN_FONT), lines ``line_scale`` times thicker, symbols as much larger, and charts of
    a fixed size ``size_scale`` times larger."""
    styled = projector_spec(spec)
    _floor_fonts(styled)
    _enlarge_marks(styled, line_scale, size_scale, True)
    return styled
