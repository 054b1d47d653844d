"""The learning-rate workbench on the page: the η_t chart under a schedule control, the Stability tab
(the numbers at the start and at each minimum; on a quadratic bowl the optimal η and momentum with their
measured rates), and the readout at the player's step under the race. Builders: ui/race/stability_charts.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import stability
from ui import presentation
from ui.budget import CACHE_SECONDS
from ui.i18n import t
from ui.race import stability_charts as sc
from ui.race import step_readout as readout
from ui.race.model import RaceSetup, SurfaceChoice
from ui.vocab import OPTIMIZER_LABELS

SCHEDULE_HEIGHT = 150  # px, axes included (Streamlit would give the chart its title's height alone)


@st.cache_data(max_entries=64, ttl=CACHE_SECONDS, show_spinner=False)
def schedule_spec(runs: tuple, steps: int, lang: str) -> dict:
    """The small η_t chart of ``runs`` ((name, hyper items) pairs) over ``steps`` steps."""
    return sc.schedule_chart(sc.schedule_frame(dict(runs), steps), lang).to_dict(validate=False)


def schedule_chart(runs: tuple, steps: int, lang: str) -> None:
    """η_t = η·s(t) under a schedule control (nothing for a constant η)."""
    if all(dict(hyper).get("schedule") is None for _, hyper in runs):
        return
    st.vega_lite_chart(schedule_spec(runs, steps, lang), width="stretch", height=SCHEDULE_HEIGHT)


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def panel_data(choice: SurfaceChoice, start: tuple, beta: float) -> tuple[list[dict], dict | None]:
    surface = choice.build()
    return sc.stability_rows(surface, start, beta), sc.quadratic_summary(surface, start)


def _beta(setup: RaceSetup) -> float:
    """The β of the heavy-ball bound: the first racing momentum method's λ, else the default."""
    for name, hyper in setup.optimizers:
        if name in ("momentum", "nesterov"):
            return sc.beta_of(hyper)
    return sc.DEFAULT_BETA


def panel_table(rows: list[dict], beta: float) -> pd.DataFrame:
    """The panel's rows as the table shows them."""
    b = f"{beta:g}"
    return pd.DataFrame(
        [
            {
                t("stab.col.where"): t(f"stab.at_{row['kind']}"),
                t("stab.col.point"): f"({sc.num(row['x'])}, {sc.num(row['y'])})",
                "λ₁": sc.num(row["numbers"].l1),
                "λ₂": sc.num(row["numbers"].l2),
                "κ": sc.num(row["numbers"].kappa),
                "2/λmax": sc.num(row["numbers"].gd_bound),
                f"(2+2·{b})/λmax": sc.num(row["numbers"].heavy_ball_bound),
            }
            for row in rows
        ]
    )


def stability_tab(setup: RaceSetup, surface) -> None:
    """The Stability tab: the table, each racing run's η against its bound at the start, and on a quadratic
    bowl Distill's optimal values beside what runs of them measured."""
    beta = _beta(setup)
    rows, bowl = panel_data(setup.surface, tuple(map(float, setup.start)), beta)
    st.markdown(t("stab.intro"))
    st.dataframe(panel_table(rows, beta), hide_index=True)
    st.caption(t("stab.table_caption", beta=f"{beta:g}"))
    for name, hyper in setup.optimizers:
        if rows[0]["numbers"].bound(name) is None:
            continue
        lr = float(dict(hyper)["lr"])
        factor = stability.bound_factor(name, sc.beta_of(hyper))
        said = []
        for row in rows:
            product = lr * row["numbers"].l2
            verdict = t("stab.stable" if product < factor else "stab.unstable")
            where = t(f"stab.at_{row['kind']}")
            said.append(
                t(
                    "stab.run_place",
                    where=where,
                    product=sc.num(product),
                    bound=sc.num(factor),
                    verdict=verdict,
                )
            )
        st.markdown(t("stab.run", optimizer=OPTIMIZER_LABELS[name], lr=f"{lr:g}", places="; ".join(said)))
    if bowl is None:
        st.caption(t("stab.not_bowl"))
        return
    s = bowl["numbers"]
    st.markdown(t("stab.bowl_title"))
    st.markdown(
        t(
            "stab.bowl_gd",
            lr=sc.num(s.optimal_lr),
            rate=sc.num(s.optimal_rate),
            kappa=sc.num(s.kappa),
            measured=sc.num(bowl["gd_measured"]),
        )
    )
    st.markdown(
        t(
            "stab.bowl_momentum",
            lr=sc.num(s.momentum_lr),
            beta=sc.num(s.momentum_beta),
            rate=sc.num(s.momentum_rate),
            measured=sc.num(bowl["momentum_measured"]),
        )
    )
    st.caption(t("stab.bowl_caption", steps=sc.MEASURE_STEPS))


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def readout_data(setup: RaceSetup, lang: str) -> dict:
    """The step readout of the race of ``setup`` (its cached result): each run's lines at its drawn steps."""
    from ui.race.cache import cached_race

    result = cached_race(setup)
    frame = sc.step_frame(setup.surface.build(), result.paths, dict(setup.optimizers), setup.steps, lang)
    return sc.readout_data(frame, lang)


def step_readout(setup: RaceSetup, lang: str, container, key: str = "race_chart_readout") -> None:
    """Under the linked panels (inside the player's container, so the player drives it): λ and η_t·λmax
    at the step the player shows, for each run. Not on a projector, whose race view shows the race alone."""
    if presentation.presenting():
        return
    readout.step_readout(readout_data(setup, lang), key, container)
