"""The race view drawn by the optimizer lab and by the lessons: player, surface with paths, linked charts."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import presentation
from ui.i18n import t
from ui.optimizer_lab_data import race_specs
from ui.player import player


def race_view(setup, lang: str, chart_key: str, on_pick: Callable[[], None] | None = None):
    """Draw the race of ``setup``; clicks on the surface call ``on_pick``.

    Returns the left column (under the surface) so a page can add controls there.
    """
    race, linked = race_specs(setup, lang, presentation.presenting())
    view = st.container(key=f"{chart_key}_view")
    with view:
        player(setup.steps, setup.steps, key=f"{chart_key}_player", scope=f"{chart_key}_view", lang=lang)
        left, right = st.columns([1.45, 1], gap="small")
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.vega_lite_chart(race, key=chart_key, width="stretch", **clicks)
    right.vega_lite_chart(linked, key=f"{chart_key}_linked", width="content")
    right.caption(t("lab.linked_caption"))
    return left
