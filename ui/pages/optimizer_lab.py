"""The optimizer lab: watch SGD, Momentum, Adagrad and RMSProp race on a loss surface.

Reads like the screen: controls → one cached engine call → charts.
"""

from __future__ import annotations

import re

import streamlit as st

import surfaces
from ui.i18n import current_language, escape_markdown, surface_teaches, surface_title, t
from ui.race import controls as lab_controls
from ui.race.cache import basin_spec, cached_divergence, cached_gif, cached_race, sweep_spec
from ui.race.model import RaceSetup, SurfaceChoice
from ui.race.views import race_view, surface_only_view
from ui.vocab import OPTIMIZER_LABELS, UPDATE_RULES

SWEEP_STEPS = 300
# The results table's hint that it scrolls sideways shows only where its last columns are cut (a phone).
PHONE_STYLE = """<style>
@media (min-width: 641px) { .st-key-results_scroll_hint { display: none; } }
</style>"""


def set_start_from_click(chart_key: str) -> None:
    """The click layer's selection → the start inputs (runs before the rerun, so widgets can be set)."""
    event = st.session_state.get(chart_key) or {}
    picked = (event.get("selection") or {}).get("pick") or []
    if picked:
        st.session_state["x0"] = round(float(picked[0]["x"]), 3)
        st.session_state["y0"] = round(float(picked[0]["y"]), 3)


def reset_zoom() -> None:
    st.session_state["zoom_resets"] = st.session_state.get("zoom_resets", 0) + 1


def one_line(words: str) -> str:
    """``words`` with every run of whitespace (a newline from a URL's formula too) as one space, so the
    header's bold title stays one Markdown line."""
    return " ".join(words.split())


def header(surface: surfaces.Surface, lang: str) -> None:
    st.title(t("lab.title"))
    title, teaches = one_line(surface_title(surface, lang)), one_line(surface_teaches(surface, lang))
    st.markdown(f"**{escape_markdown(title)}**: {escape_markdown(teaches)}")
    st.latex(f"L(x, y) = {surface.latex}")
    if surface.grad_latex:
        with st.expander(t("lab.gradient")):
            st.latex(rf"\nabla L = {surface.grad_latex}")


def surface_view(setup: RaceSetup, lang: str) -> None:
    chart_key = f"race_chart_{st.session_state.get('zoom_resets', 0)}"
    under = race_view(setup, lang, chart_key, on_pick=lambda: set_start_from_click(chart_key))
    under.button(t("lab.reset_zoom"), on_click=reset_zoom, help=t("lab.reset_zoom_help"), type="tertiary")


def results_table(result) -> None:
    table = result.table.copy()
    table["status"] = [
        t("table.ok") if step is None or step != step else t("table.diverged", step=int(step))
        for step in table.pop("diverged_at")
    ]
    # A run that never got within the tolerance shows a dash the column's help explains (not "None").
    table["steps to tolerance"] = [
        t("table.not_reached") if step is None or step != step else str(int(step))
        for step in table["steps to tolerance"]
    ]
    columns = {
        "optimizer": t("table.optimizer"),
        "final loss": t("table.final"),
        "best loss": t("table.best"),
        "steps to tolerance": t("table.tolerance"),
        "distance to nearest minimum": t("table.distance"),
        "status": t("table.status"),
    }
    # Short headers (the full name is the column's help), the optimizer pinned and its status beside it: on
    # a phone (358 px) the rest scrolls sideways under them, and the cut column at the edge shows it does.
    number = {"format": "%.4g", "width": "small"}
    st.dataframe(
        table.rename(columns=columns),
        hide_index=True,
        column_order=[columns[name] for name in ("optimizer", "status", *list(columns)[1:5])],
        column_config={
            columns["optimizer"]: st.column_config.TextColumn(pinned=True),
            columns["final loss"]: st.column_config.NumberColumn(
                t("table.final_short"), help=columns["final loss"], **number
            ),
            columns["best loss"]: st.column_config.NumberColumn(
                t("table.best_short"), help=columns["best loss"], **number
            ),
            columns["steps to tolerance"]: st.column_config.TextColumn(
                t("table.tolerance_short"), help=t("table.tolerance_help_dash"), width="small"
            ),
            columns["distance to nearest minimum"]: st.column_config.NumberColumn(
                t("table.distance_short"), help=columns["distance to nearest minimum"], **number
            ),
        },
    )
    with st.container(key="results_scroll_hint"):  # only on a narrow screen (PHONE_STYLE)
        st.caption(t("table.scroll_hint"))
    # Each diverged run: why, in words (ui/suggested.py), and a one-click safe η where one exists.
    from ui.race import suggested

    by_label = {label: name for name, label in OPTIMIZER_LABELS.items()}
    racing = [by_label[label] for label in result.table.optimizer]
    for row in result.table.itertuples():
        if row.diverged_at is None or row.diverged_at != row.diverged_at:
            continue
        name, step = by_label[row.optimizer], int(row.diverged_at)
        choice = lab_controls.surface_choice_from_state()
        try:
            choice.build()
        except ValueError:  # a broken formula: the lab shows the default surface, as the sidebar does
            choice = SurfaceChoice(lab_controls.DEFAULT_SURFACE)
        frame = result.full_paths
        points = frame.loc[frame.optimizer == row.optimizer, ["x", "y"]].to_numpy()
        steps = int(round(float(st.session_state.get("steps", lab_controls.DEFAULT_STEPS))))
        hyper = suggested.race_hyper(st.session_state, name)
        why = cached_divergence(choice, name, tuple(sorted(hyper.items())), points, step, steps)
        st.warning(t(why.key, optimizer=row.optimizer, **why.values), icon="💥")
        if why.safe_lr is not None:
            st.button(
                t("lab.safe_lr", optimizer=row.optimizer, lr=f"{why.safe_lr:g}"),
                key=f"safe_lr_{name}",
                help=t("lab.safe_lr_help"),
                on_click=suggested.use_safe_lr,
                args=(st.session_state, name, why.safe_lr, racing),
            )
        elif not why.key.startswith("lab.diverged_no_gradient"):
            st.caption(t("lab.safe_lr_none", optimizer=row.optimizer))


def stacked_rule(latex: str) -> str:
    r"""One relation a line (the rules separate them with ``,\quad`` or ``,\ ``): Adam's three in one line
    were 508 px wide, RMSProp's two 423 px, on a 358 px phone column."""
    lines = [line.strip() for line in re.split(r",\\(?:quad|\ )\s*", latex) if line.strip()]
    return lines[0] if len(lines) == 1 else r"\begin{gathered}" + r",\\ ".join(lines) + r"\end{gathered}"


def update_rules(names: list[str]) -> None:
    for name in names:
        st.markdown(f"**{OPTIMIZER_LABELS[name]}**")
        st.latex(stacked_rule(UPDATE_RULES[name]))
        st.caption(t(f"rule.{name}"))


def sweep_view(setup: RaceSetup, lang: str) -> None:
    st.caption(t("lab.sweep_caption", steps=SWEEP_STEPS))
    spec = sweep_spec(setup.surface, setup.optimizers, setup.start, min(setup.steps, SWEEP_STEPS), lang)
    st.vega_lite_chart(spec, width="stretch")


def basin_view(setup: RaceSetup, surface: surfaces.Surface, lang: str) -> None:
    if len(surface.minima) < 2:
        st.info(t("lab.basins_none"))
        return
    names = [n for n, _ in setup.optimizers] or ["sgd"]
    name = st.selectbox(t("lab.basins_optimizer"), names, format_func=OPTIMIZER_LABELS.get, key="basin_opt")
    hyper = dict(setup.optimizers).get(name, (("lr", lab_controls.DEFAULT_LR),))
    steps = min(setup.steps, 500)
    st.vega_lite_chart(basin_spec(setup.surface, name, hyper, steps, lang), width="content")
    from ui.race.cache import cached_basins  # the map's own cached data: no second run
    from ui.race.model import DIVERGED

    diverged = float((cached_basins(setup.surface, name, hyper, steps).basin == DIVERGED).mean())
    if diverged == 1.0:
        lr = f"{dict(hyper)['lr']:g}"
        st.warning(t("lab.basins_all_diverged", optimizer=OPTIMIZER_LABELS[name], lr=lr), icon="💥")
    elif diverged > 0:
        st.caption(t("lab.basins_some_diverged", share=f"{diverged:.0%}"))
    st.caption(t("lab.basins_caption"))


def share_view(setup: RaceSetup, result) -> None:
    st.markdown(t("lab.share_intro"))
    link = lab_controls.share_url(st.context.url)
    st.code(link, language=None, wrap_lines=True)
    st.link_button(
        t("present.open"), f"{link}&present=1", help=t("present.help"), icon=":material/slideshow:"
    )
    if st.button(t("lab.gif_button"), help=t("lab.gif_help")):
        st.session_state["gif_setup"] = setup
    if st.session_state.get("gif_setup") == setup:
        with st.spinner(t("lab.gif_spinner")):
            data = cached_gif(setup)
        st.image(data, width=360)
        st.download_button(
            t("lab.gif_download", size=len(data) / 1e6),
            data,
            file_name="optimizer_race.gif",
            mime="image/gif",
        )
    st.download_button(
        t("lab.csv_download"),
        result.full_paths.to_csv(index=False).encode(),
        file_name="optimizer_paths.csv",
        mime="text/csv",
    )


def page() -> None:
    lang = current_language()
    st.html(PHONE_STYLE)
    notes = lab_controls.url_notes(st.query_params)
    setup, surface, _ = lab_controls.sidebar()
    header(surface, lang)
    if notes:
        listed = "\n".join(f"- {escape_markdown(note)}" for note in notes)
        st.info(f"{t('lab.url_notes')}\n{listed}", icon="ℹ️")
    if not setup.optimizers:
        st.info(t("lab.no_optimizer"))
        return
    try:
        result = cached_race(setup)
    except ValueError as exc:  # e.g. a start where a custom surface is not finite
        st.error(t("lab.cannot_run", error=escape_markdown(str(exc))), icon="⚠️")
        # The surface stays on screen (grey where L is not finite), so a click on it can move the start.
        chart_key = f"race_chart_{st.session_state.get('zoom_resets', 0)}"
        surface_only_view(
            setup.surface, setup.start, lang, chart_key, on_pick=lambda: set_start_from_click(chart_key)
        )
        return
    names = [n for n, _ in setup.optimizers]
    surface_view(setup, lang)
    results_table(result)
    rules, sweep, basins, share = st.tabs(
        [t("lab.tab.rules"), t("lab.tab.sweep"), t("lab.tab.basins"), t("lab.tab.share")]
    )
    with rules:
        update_rules(names)
    with sweep:
        sweep_view(setup, lang)
    with basins:
        basin_view(setup, surface, lang)
    with share:
        share_view(setup, result)


page()
