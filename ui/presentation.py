"""Presentation mode (``?present=1``): for a projector. Controls hidden, large text, thick lines."""

from __future__ import annotations

import streamlit as st

from ui.i18n import shown_value, t
from ui.presentation_style import LINE_SCALE, projector_chart

STYLE = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"] { display: none !important; }
html { font-size: 21px; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1.5rem 2rem 3rem; }
</style>
"""


ON = ("1", "true", "yes")
OFF = ("", "0", "false", "no")


def presenting() -> bool:
    """True when the URL asks for presentation mode (present=1, true or yes)."""
    return st.query_params.get("present", "").lower() in ON


def apply() -> None:
    """Hide the controls and enlarge everything when presenting; offer the way back. A ``present`` the app
    does not understand (garbage) shows the normal page and a short note."""
    if not presenting():
        asked = st.query_params.get("present")
        if asked is not None and asked.lower() not in OFF:
            st.info(t("present.note", value=shown_value(asked)), icon=":material/slideshow:")
        return
    st.html(STYLE)
    if st.button(t("present.leave"), type="tertiary", icon=":material/close_fullscreen:"):
        st.query_params.pop("present", None)
        st.rerun()


def line_scale() -> float:
    return LINE_SCALE if presenting() else 1.0


def draw_chart(target, chart, **options) -> None:
    """Draw an Altair chart in ``target`` (``st`` or a column); when presenting, with text of at least 20
    px, thicker lines and larger fixed-size pictures, so it reads from the back of a room."""
    if presenting():
        target.vega_lite_chart(projector_chart(chart.to_dict()), **options)
    else:
        target.altair_chart(chart, **options)
