"""How charts look on a projector: thicker paths and larger axis and legend text (pure, no Streamlit)."""

LINE_SCALE = 2.0  # paths and markers in presentation mode
AXIS_FONT = {"labelFontSize": 15, "titleFontSize": 17}
LEGEND_FONT = {"labelFontSize": 16}


def projector_style(chart):
    """The top-level chart with larger axis and legend text."""
    return chart.configure_axis(**AXIS_FONT).configure_legend(**LEGEND_FONT)
