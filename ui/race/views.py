"""The race view drawn by the optimizer lab and by the lessons: player, surface with paths, linked charts."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import presentation
from ui.i18n import t
from ui.player import player
from ui.race.cache import race_specs, surface_spec

# Streamlit draws each chart's toolbar (fullscreen, download…) just above the chart, where the player's
# step label and speed sit: give the charts' row that much room above them. The Vega bindings are hidden.
VIEW_CSS = """<style>
.st-key-{key} [data-testid="stHorizontalBlock"] {{ margin-top: 2.2rem; }}
.st-key-{key} [data-testid="stElementToolbar"] {{ top: -2.75rem; }}
</style>"""


def race_view(setup, lang: str, chart_key: str, on_pick: Callable[[], None] | None = None):
    """Draw the race of ``setup``; clicks on the surface call ``on_pick``.

    Returns the left column (under the surface) so a page can add controls there.
    """
    projector = presentation.presenting()
    race, linked = race_specs(setup, lang, projector)
    view = st.container(key=f"{chart_key}_view")
    with view:
        st.html(VIEW_CSS.format(key=f"{chart_key}_view"))
        player(setup.steps, setup.steps, key=f"{chart_key}_player", scope=f"{chart_key}_view", lang=lang)
        # On a projector the linked charts get half the width, so their ticks and lines can be large.
        left, right = st.columns([1, 1] if projector else [1.45, 1], gap="small")
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.vega_lite_chart(race, key=chart_key, width="stretch", **clicks)
    right.vega_lite_chart(linked, key=f"{chart_key}_linked", width="stretch")
    right.caption(t("lab.linked_caption"))
    if has_off_chart_marks(linked):
        right.caption(t("lab.linked_clipped"))
    return left


def has_off_chart_marks(spec: dict) -> bool:
    """Whether the linked charts mark a series that left their range (↑ ↓ ✕)."""
    return any(rows and "symbol" in rows[0] for rows in spec.get("datasets", {}).values())


def surface_only_view(choice, start, lang: str, chart_key: str, on_pick: Callable[[], None] | None = None):
    """The surface alone (grey where L is not finite, colour bar, L on hover) with the same click layer as
    the race, for a start where the race cannot run. Returns the column under it."""
    spec = surface_spec(choice, tuple(map(float, start)), lang, presentation.presenting())
    left, _ = st.columns([1.45, 1], gap="small")
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.vega_lite_chart(spec, key=chart_key, width="stretch", **clicks)
    return left
