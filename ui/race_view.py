"""The race view drawn by the optimizer lab and by the lessons: player, surface with paths, linked charts."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import charts, presentation
from ui.i18n import t
from ui.optimizer_lab_data import surface_picture
from ui.player import player


def race_view(setup, surface, result, lang: str, chart_key: str, on_pick: Callable[[], None] | None = None):
    """Draw the race of ``result`` (from ``setup`` on ``surface``); clicks on the surface call ``on_pick``.

    Returns the left column (under the surface) so a page can add controls there.
    """
    names = [name for name, _ in setup.optimizers]
    image, contours = surface_picture(setup.surface)
    player(setup.steps, setup.steps, key=f"{chart_key}_player", lang=lang)
    left, right = st.columns([1.45, 1], gap="small")
    chart = charts.race_chart(
        surface.domain,
        image,
        contours,
        surface.minima,
        result.paths,
        setup.start,
        names,
        setup.steps,
        lang=lang,
        line_scale=presentation.line_scale(),
    )
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.altair_chart(presentation.for_projector(chart), key=chart_key, width="stretch", **clicks)
    linked = charts.linked_charts(result.series, names, setup.steps, result.has_minimum, lang=lang)
    right.altair_chart(presentation.for_projector(linked), key=f"{chart_key}_linked", width="content")
    right.caption(t("lab.linked_caption"))
    return left
