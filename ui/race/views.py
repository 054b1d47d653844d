"""The optimizer lab's views: header, race (player, surface with paths, linked charts), results table, and
the tabs below it (update rules, η sweep, basins, share). The lessons draw the race view too."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import streamlit as st

import surfaces
from ui import presentation
from ui.budget import OverBudget, Work, later_note
from ui.chart_kit import labelled
from ui.i18n import CATALOGUES, escape_markdown, surface_teaches, surface_title, t
from ui.player import player
from ui.race import cost, linked_panels, stability_view, suggested
from ui.race import fields as race_fields
from ui.race.cache import (
    NotRacedYet,
    basin_spec,
    cached_basins,
    cached_divergence,
    cached_gif,
    cached_race,
    explain_specs,
    race_specs,
    stored_race,
    surface_spec,
    sweep_spec,
)
from ui.race.explain_rule import explain_rule
from ui.race.model import DIVERGED, RaceSetup
from ui.vocab import OPTIMIZER_LABELS, UPDATE_RULES

SWEEP_STEPS = 300
BASIN_STEPS = 500
GIF_FRAMES = 200
# The results table's hint that it scrolls sideways shows only where its last columns are cut (a phone).
PHONE_STYLE = """<style>
@media (min-width: 641px) { .st-key-results_scroll_hint { display: none; } }
</style>"""
# Streamlit draws each chart's toolbar (fullscreen, download…) just above the chart, where the player's
# step label and speed sit: give the charts' row that much room above them. The Vega bindings are hidden.
VIEW_CSS = """<style>
.st-key-{key} [data-testid="stHorizontalBlock"] {{ margin-top: 2.2rem; }}
.st-key-{key} [data-testid="stElementToolbar"] {{ top: -2.75rem; }}
</style>"""


# ---------------------------------------------------------------- header


def one_line(words: str) -> str:
    """``words`` with every run of whitespace (a newline from a URL's formula too) as one space, so the
    header's bold title stays one Markdown line."""
    return " ".join(words.split())


def header(surface: surfaces.Surface, lang: str, notes: list[str]) -> None:
    """Title, the surface's name and lesson, L and ∇L, and the URL values that were refused."""
    st.title(t("lab.title"))
    title, teaches = one_line(surface_title(surface, lang)), one_line(surface_teaches(surface, lang))
    st.markdown(f"**{escape_markdown(title)}**: {escape_markdown(teaches)}")
    st.latex(f"L(x, y) = {surface.latex}")
    if surface.grad_latex:
        with st.expander(t("lab.gradient")):
            st.latex(rf"\nabla L = {surface.grad_latex}")
    if notes:
        listed = "\n".join(f"- {escape_markdown(note)}" for note in notes)
        st.info(f"{t('lab.url_notes')}\n{listed}", icon="ℹ️")


# ---------------------------------------------------------------- the race

PROGRESS_SECONDS = 1.0  # a race expected to take longer shows its progress and a Stop button
PROGRESS_INTERVAL = 0.2  # s between progress updates: where a new input from the student stops the run


def stop_race(setup: RaceSetup) -> None:
    st.session_state["race_stopped"] = setup


def run_again() -> None:
    st.session_state.pop("race_stopped", None)


def raced(setup: RaceSetup, work: Work | None, grad_size: int):
    """The race of ``setup``: from the cache, or run now, drawing its cost from ``work``. A race expected to
    take over PROGRESS_SECONDS shows its progress and a Stop button; its progress updates are Streamlit
    calls, so a click (Stop, or any new input) ends the run there and nothing stale keeps computing. Returns
    None when the student stopped this setup's race (the page then offers to run it again)."""
    try:
        return stored_race(setup)
    except NotRacedYet:
        pass
    if cost.race_seconds(setup, grad_size) <= PROGRESS_SECONDS:
        return cached_race(setup, _work=work)
    if st.session_state.get("race_stopped") == setup:
        return None
    stop = st.empty()
    stop.button(t("lab.stop"), key="race_stop", on_click=stop_race, args=(setup,), icon=":material/stop:")
    total = setup.steps * len(setup.optimizers)
    bar = st.progress(0.0, text=t("lab.racing", done=0, total=total))
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            bar.progress(min(done / total, 1.0), text=t("lab.racing", done=done, total=total))

    result = cached_race(setup, _work=work, progress=progress)
    bar.empty()
    stop.empty()
    return result


def stopped_view(setup: RaceSetup, lang: str) -> None:
    """The race was stopped: say so, offer to run it, and keep the surface (a click still moves the start)."""
    st.warning(t("lab.stopped"), icon=":material/stop_circle:")
    st.button(t("lab.run_again"), key="race_again", on_click=run_again, type="primary")
    chart_key = race_chart_key()
    surface_only_view(
        setup.surface, setup.start, lang, chart_key, on_pick=lambda: set_start_from_click(chart_key)
    )


def race_view(
    setup,
    lang: str,
    chart_key: str,
    on_pick: Callable[[], None] | None = None,
    explain: tuple = (),
    controls: Callable[[object], None] | None = None,
    under_linked: Callable[[object], None] | None = None,
):
    """Draw the race of ``setup``; clicks on the surface call ``on_pick``; ``controls(column)`` draws a
    page's controls under the surface; ``under_linked(column)`` adds to the right column, under the linked
    charts (inside the player's container); the optimizers in ``explain`` get their step explained (arrows
    on the surface, their rule with its numbers under the controls, momentum's memory under the linked
    charts).
    """
    projector = presentation.presenting()
    race, linked, clipped = race_specs(setup, lang, projector, tuple(explain))
    view = st.container(key=f"{chart_key}_view")
    with view:
        st.html(VIEW_CSS.format(key=f"{chart_key}_view"))
        player(setup.steps, setup.steps, key=f"{chart_key}_player", scope=f"{chart_key}_view", lang=lang)
        # On a projector the linked charts get half the width, so their ticks and lines can be large.
        left, right = st.columns([1, 1] if projector else [1.45, 1], gap="small")
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.vega_lite_chart(race, key=chart_key, width="stretch", **clicks)
    linked_panels.linked_panels(linked, key=f"{chart_key}_linked", container=right)
    right.caption(t("lab.linked_caption"))
    if clipped:  # a series left the linked charts' range (↑ ↓ ✕)
        right.caption(t("lab.linked_clipped"))
    if under_linked is not None:
        under_linked(right)
    if controls is not None:
        controls(left)
    if explain:
        explained_view(setup, tuple(explain), lang, chart_key, projector, left, right)


def explained_view(setup: RaceSetup, explain: tuple, lang: str, chart_key: str, projector: bool, left, right):
    """The explained optimizers' rules with the numbers of the player's step (``left``, under the surface)
    and momentum's memory (``right``, under the linked charts); both follow the player in the browser (their
    own ``t``, which it moves: both columns are in the player's scope)."""
    rules, memory = explain_specs(setup, explain, lang, projector)
    explained = left.container(key=f"{chart_key}_explain")
    explain_rule(rules, key=f"{chart_key}_rules", container=explained)
    explained.caption(t("explain.legend"))
    if memory is not None:
        with right.container(key=f"{chart_key}_memory"):
            st.vega_lite_chart(memory, key=f"{chart_key}_memory_bars", width="stretch")


def explain_control(racing: list[str], explained: tuple, container) -> None:
    """The explain control (under the surface): nobody, one of the ``racing`` optimizers or all; a value
    that is not racing any more shows what is ``explained`` instead (ui/race/fields.py ``explained``)."""
    if st.session_state.get("explain") not in (*race_fields.EXPLAIN_CHOICES, *racing):
        st.session_state["explain"] = explained[0] if explained else race_fields.EXPLAIN_NONE
    words = {race_fields.EXPLAIN_NONE: t("explain.none"), race_fields.EXPLAIN_ALL: t("explain.all")}
    container.selectbox(
        t("explain.pick"),
        [race_fields.EXPLAIN_NONE, *racing, race_fields.EXPLAIN_ALL],
        key="explain",
        format_func=lambda value: words.get(value) or OPTIMIZER_LABELS[value],
        help=t("explain.pick_help"),
    )


def surface_only_view(choice, start, lang: str, chart_key: str, on_pick: Callable[[], None] | None = None):
    """The surface alone (grey where L is not finite, colour bar, L on hover) with the same click layer as
    the race, for a start where the race cannot run. Returns the column under it."""
    spec = surface_spec(choice, tuple(map(float, start)), lang, presentation.presenting())
    left, _ = st.columns([1.45, 1], gap="small")
    clicks = {"on_select": on_pick, "selection_mode": "pick"} if on_pick else {}
    left.vega_lite_chart(spec, key=chart_key, width="stretch", **clicks)
    return left


def race_chart_key() -> str:
    """The lab's race chart key: a new one after each zoom reset, so the chart is mounted afresh."""
    return f"race_chart_{st.session_state.get('zoom_resets', 0)}"


def set_start_from_click(chart_key: str) -> None:
    """The click layer's selection → the start inputs (runs before the rerun, so widgets can be set)."""
    event = st.session_state.get(chart_key) or {}
    picked = (event.get("selection") or {}).get("pick") or []
    if picked:
        st.session_state["x0"] = round(float(picked[0]["x"]), 3)
        st.session_state["y0"] = round(float(picked[0]["y"]), 3)


def reset_zoom() -> None:
    st.session_state["zoom_resets"] = st.session_state.get("zoom_resets", 0) + 1


def surface_view(setup: RaceSetup, lang: str) -> None:
    """The lab's race: a click on the surface moves the start; under it, a button that resets the zoom and
    which optimizer's step is explained."""
    chart_key = race_chart_key()
    racing = [name for name, _ in setup.optimizers]
    explained = race_fields.explained(st.session_state.get("explain"), racing)

    def controls(under) -> None:
        under.button(t("lab.reset_zoom"), on_click=reset_zoom, help=t("lab.reset_zoom_help"), type="tertiary")
        explain_control(racing, explained, under)

    race_view(
        setup,
        lang,
        chart_key,
        on_pick=lambda: set_start_from_click(chart_key),
        explain=explained,
        controls=controls,
        under_linked=lambda column: stability_view.step_readout(setup, lang, column),
    )


def cannot_run_view(setup: RaceSetup, error: ValueError, lang: str) -> None:
    """Why the race cannot run (e.g. a start where a custom surface is not finite), over the surface, which
    stays on screen (grey where L is not finite) so that a click on it can move the start."""
    st.error(t("lab.cannot_run", error=escape_markdown(str(error))), icon="⚠️")
    chart_key = race_chart_key()
    surface_only_view(
        setup.surface, setup.start, lang, chart_key, on_pick=lambda: set_start_from_click(chart_key)
    )


# ---------------------------------------------------------------- results


def results_table(result) -> None:
    """One row per optimizer (its label pinned, its status beside it), short headers with help."""
    table = labelled(result.table, OPTIMIZER_LABELS, "optimizer")
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


def divergence_notes(setup: RaceSetup, result, work: Work | None = None) -> None:
    """Each diverged run: why, in words (ui/race/suggested.py), and a one-click safe η where one exists.
    When finding it does not fit what the rerun has left of its budget: the plain warning, and a button."""
    racing = result.table.optimizer.tolist()
    for row in result.table.itertuples():
        if row.diverged_at is None or row.diverged_at != row.diverged_at:
            continue
        name, label, step = row.optimizer, OPTIMIZER_LABELS[row.optimizer], int(row.diverged_at)
        frame = result.full_paths
        points = frame.loc[frame.optimizer == name, ["x", "y"]].to_numpy()
        hyper = suggested.race_hyper(st.session_state, name)
        own = dict(dict(setup.optimizers).get(name, ()))
        if "schedule" in own:
            hyper["schedule"] = own["schedule"]
        hyper = tuple(sorted(hyper.items()))
        try:
            why = cached_divergence(setup.surface, name, hyper, points, step, setup.steps, _work=work)
        except OverBudget as error:
            st.warning(t("lab.diverged", optimizer=label, step=step), icon="💥")
            later_note("budget.what.safe_lr", error, work, key=f"budget_safe_lr_{name}")
            continue
        st.warning(t(why.key, optimizer=label, **why.values), icon="💥")
        if why.safe_lr is not None:
            st.button(
                t("lab.safe_lr", optimizer=label, lr=f"{why.safe_lr:g}"),
                key=f"safe_lr_{name}",
                help=t("lab.safe_lr_help"),
                on_click=suggested.use_safe_lr,
                args=(st.session_state, name, why.safe_lr, racing),
            )
        elif not why.key.startswith("lab.diverged_no_gradient"):
            st.caption(t("lab.safe_lr_none", optimizer=label))


# ---------------------------------------------------------------- the tabs below the race


def stacked_rule(latex: str) -> str:
    r"""One relation a line (the rules separate them with ``,\quad`` or ``,\ ``): Adam's three in one line
    were 508 px wide, RMSProp's two 423 px, on a 358 px phone column."""
    lines = [line.strip() for line in re.split(r",\\(?:quad|\ )\s*", latex) if line.strip()]
    return lines[0] if len(lines) == 1 else r"\begin{gathered}" + r",\\ ".join(lines) + r"\end{gathered}"


def rules_markdown(names: list[str]) -> str:
    """Each optimizer's name, its rule (ui/vocab.py) as display math and its explanation (``rule.<name>``),
    as one Markdown text; an optimizer new to the vocabulary shows its name until both are written."""
    blocks = []
    for name in names:
        blocks.append(f"**{OPTIMIZER_LABELS[name]}**")
        if name in UPDATE_RULES:
            blocks.append(f"$$\n{stacked_rule(UPDATE_RULES[name])}\n$$")
        if f"rule.{name}" in CATALOGUES["en"]:
            blocks.append(f":gray[{t(f'rule.{name}')}]")
    return "\n\n".join(blocks)


def update_rules(names: list[str]) -> None:
    """The rules tab: one Markdown element (twelve elements, three an optimizer, cost the browser ~0.5 s
    more to draw the page)."""
    st.markdown(rules_markdown(names))


def sweep_view(setup: RaceSetup, surface: surfaces.Surface, lang: str, work: Work | None = None) -> None:
    size = surface.grad_size
    asked = min(setup.steps, SWEEP_STEPS)
    steps = cost.fitted_steps(lambda n: cost.sweep_seconds(len(setup.optimizers), n, size), asked, work)
    st.caption(t("lab.sweep_caption", steps=steps))
    if steps < asked:
        st.caption(t("budget.sweep_steps", fit=steps, asked=asked))
    try:
        spec = sweep_spec(setup.surface, setup.optimizers, setup.start, steps, lang, work)
    except OverBudget as error:
        later_note("budget.what.sweep", error, work, key="budget_sweep")
        return
    st.vega_lite_chart(spec, width="stretch")


def basin_view(setup: RaceSetup, surface: surfaces.Surface, lang: str, work: Work | None = None) -> None:
    if len(surface.minima) < 2:
        st.info(t("lab.basins_none"))
        return
    names = [n for n, _ in setup.optimizers]  # the page draws no tab without an optimizer
    name = st.selectbox(t("lab.basins_optimizer"), names, format_func=OPTIMIZER_LABELS.get, key="basin_opt")
    hyper = dict(setup.optimizers)[name]
    asked = min(setup.steps, BASIN_STEPS)
    steps = cost.fitted_steps(lambda n: cost.basin_seconds(n, surface.grad_size), asked, work)
    try:
        spec = basin_spec(setup.surface, name, hyper, steps, lang, work)
    except OverBudget as error:
        later_note("budget.what.basins", error, work, key="budget_basins")
        return
    st.vega_lite_chart(spec, width="content")
    if steps < asked:
        st.caption(t("budget.basin_steps", fit=steps, asked=asked))
    # The map's own cached data (no second run): how many of its starts diverged.
    diverged = float((cached_basins(setup.surface, name, hyper, steps).basin == DIVERGED).mean())
    if diverged == 1.0:
        lr = f"{dict(hyper)['lr']:g}"
        st.warning(t("lab.basins_all_diverged", optimizer=OPTIMIZER_LABELS[name], lr=lr), icon="💥")
    elif diverged > 0:
        st.caption(t("lab.basins_some_diverged", share=f"{diverged:.0%}"))
    st.caption(t("lab.basins_caption"))


def share_view(setup: RaceSetup, result, work: Work | None = None) -> None:
    st.markdown(t("lab.share_intro"))
    link = race_fields.share_url(st.context.url)
    st.code(link, language=None, wrap_lines=True)
    st.link_button(
        t("present.open"), f"{link}&present=1", help=t("present.help"), icon=":material/slideshow:"
    )
    if st.button(t("lab.gif_button"), help=t("lab.gif_help")):
        st.session_state["gif_setup"] = setup
    if st.session_state.get("gif_setup") == setup:
        frames = cost.fitted_steps(
            lambda n: cost.gif_seconds(len(setup.optimizers), setup.steps, n), GIF_FRAMES, work
        )
        try:
            with st.spinner(t("lab.gif_spinner")):
                data = cached_gif(setup, frames=frames, work=work)
        except OverBudget as error:
            later_note("budget.what.gif", error, work, key="budget_gif")
            data = None
        if data is not None:
            st.image(data, width=360)
            if frames < GIF_FRAMES:
                st.caption(t("budget.gif_frames", frames=frames))
            st.download_button(
                t("lab.gif_download", size=len(data) / 1e6),
                lambda: data,  # handed over on the click: not a second copy in the session's media
                file_name="optimizer_race.gif",
                mime="image/gif",
                on_click="ignore",  # see the CSV's button
            )
    st.download_button(
        t("lab.csv_download"),
        lambda: paths_csv(result.full_paths),  # made on the click, not held for every session's rerun
        file_name="optimizer_paths.csv",
        mime="text/csv",
        # No rerun on the click: a rerun registers the button's callable anew and drops the old one, and the
        # click's own request for the file could come after it ("Deferred file … not found"): no download,
        # and the button stayed disabled until the request timed out (13 clicks of 24, in runs of them).
        on_click="ignore",
    )


def paths_csv(full_paths) -> bytes:
    """Every step of every path as CSV, the optimizers named as the page names them."""
    return labelled(full_paths, OPTIMIZER_LABELS, "optimizer").to_csv(index=False).encode()
