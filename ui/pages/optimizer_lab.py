"""The optimizer lab: watch SGD, Momentum, Adagrad and RMSProp race on a loss surface.

Reads like the screen: controls → one cached engine call → views (ui/race/views.py).
"""

from __future__ import annotations

import streamlit as st

from ui.budget import Work, clipped_note
from ui.i18n import current_language, t
from ui.race import controls as lab_controls
from ui.race import cost, stability_view, views
from ui.race import fields as race_fields


def page() -> None:
    lang = current_language()
    work = Work.for_rerun()  # this rerun's budget of work (ui/budget.py)
    st.html(views.PHONE_STYLE)
    notes = race_fields.url_notes(st.query_params)
    setup, surface, _ = lab_controls.sidebar()
    views.header(surface, lang, notes)
    if not setup.optimizers:
        st.info(t("lab.no_optimizer"))
        return
    asked = setup
    # the most steps the budget allows, after the page's own work for this surface
    setup = cost.fitted_race(asked, surface.grad_size, work.total - cost.page_seconds(surface.grad_size))
    if setup.steps < asked.steps:
        clipped_note("steps", setup.steps, asked.steps, cost.race_seconds(asked, surface.grad_size), work)
    try:
        result = views.raced(setup, work, surface.grad_size)
    except ValueError as error:  # e.g. a start where a custom surface is not finite
        views.cannot_run_view(setup, error, lang)
        return
    if result is None:  # the student pressed Stop
        views.stopped_view(setup, lang)
        return
    views.surface_view(setup, lang)
    views.results_table(result)
    views.divergence_notes(setup, result, work)
    # Only the open tab computes (a tab's click reruns the page): a rerun does the race and one tab's work.
    rules, sweep, stable, basins, share = st.tabs(
        [
            t("lab.tab.rules"),
            t("lab.tab.sweep"),
            t("lab.tab.stability"),
            t("lab.tab.basins"),
            t("lab.tab.share"),
        ],
        key="lab_tab",
        on_change="rerun",
    )
    if rules.open is not False:
        with rules:
            views.update_rules([name for name, _ in setup.optimizers])
    if sweep.open is not False:
        with sweep:
            views.sweep_view(setup, surface, lang, work)
    if stable.open is not False:
        with stable:
            stability_view.stability_tab(setup, surface)
    if basins.open is not False:
        with basins:
            views.basin_view(setup, surface, lang, work)
    if share.open is not False:
        with share:
            views.share_view(setup, result, work)


page()
