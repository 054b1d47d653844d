"""The editor of your own data (the dataset "Own"): click on the plot to add a point of the chosen class,
shift-click for the other class (or pick the class, or "erase", above the plot: a phone has no shift key),
clear, start from a built-in dataset, add points from a CSV file, download them as CSV.

The points live in session state (``fields.POINTS_STATE``) and, through the page, in the URL. A click is
read in the chart's ``on_select`` callback, before the rerun, so the setup the sidebar returns already has
the new point. Each handled click gives the chart a new key: a point selection reports nothing when the
same cell is clicked twice, and erasing the point just added is exactly that.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import presentation
from ui.i18n import escape_markdown, t
from ui.network import inside_charts, own_data
from ui.network.fields import POINTS_STATE
from ui.network.model import DataChoice
from ui.vocab import DATASET_LABELS

MODES = ("0", "1", "erase")
STARTS = ("moons", "circles", "spiral", "xor", "blobs")  # the 2D datasets


def points() -> tuple:
    return st.session_state.get(POINTS_STATE, ())


def set_points(new) -> None:
    st.session_state[POINTS_STATE] = own_data.canonical(new)


def canvas_key() -> str:
    return f"own_canvas_{st.session_state.get('own_clicks', 0)}"


def clicked(key: str) -> None:
    """The chart's callback: a click adds a point of the chosen class (a shift-click, of the other one) or,
    in "erase" mode, removes the nearest point."""
    event = st.session_state.get(key) or {}
    selection = event.get("selection") or {}
    mode = st.session_state.get("own_mode", "0")
    for name, other in ((inside_charts.ADD, False), (inside_charts.ADD_OTHER, True)):
        cells = selection.get(name) or []
        if not cells or not {"x", "y"} <= set(cells[0]):
            continue
        try:
            x, y = float(cells[0]["x"]), float(cells[0]["y"])
        except (TypeError, ValueError):
            continue
        if mode == "erase":
            set_points(own_data.erase(points(), x, y))
        else:
            label = int(mode) if not other else 1 - int(mode)
            set_points(own_data.add(points(), x, y, label))
        st.session_state["own_clicks"] = st.session_state.get("own_clicks", 0) + 1
        return


def clear() -> None:
    set_points(())


def start_from(seed: int) -> None:
    name = st.session_state.get("own_start", STARTS[0])
    data = DataChoice(name, 100, 0.2, seed).load()
    set_points(own_data.from_arrays(data.X, data.y))


def uploaded() -> None:
    """A CSV's points are added to the ones drawn; a file that cannot be read changes nothing and says why."""
    file = st.session_state.get("own_csv")
    st.session_state.pop("own_csv_message", None)
    if file is None:
        return
    try:
        read = own_data.read_csv(file.getvalue())
    except own_data.CsvError as error:
        st.session_state["own_csv_message"] = ("error", [(error.key, error.params)])
        return
    before = points()
    merged = before
    for ix, iy, c in read.points:
        merged = own_data.add(merged, own_data.coordinate(ix), own_data.coordinate(iy), c)
    set_points(merged)
    notes = [("net.csv.added", {"count": len(merged) - len(before)})]
    if read.rescaled:
        notes.append(("net.csv.rescaled", {}))
    if read.dropped or len(before) + len(read.points) > own_data.MAX_POINTS:
        notes.append(("net.csv.limit", {"limit": own_data.MAX_POINTS}))
    st.session_state["own_csv_message"] = ("info", notes)  # worded when drawn: in the page's language


def frame(pts, seed: int, lang: str) -> pd.DataFrame:
    X, y = own_data.arrays(pts)
    test = own_data.is_test(pts, seed)
    return pd.DataFrame(
        {
            "x": X[:, 0],
            "y": X[:, 1],
            "label": y.astype(str),
            "split": ["test" if s else "train" for s in test],
        }
    )


def editor(seed: int, lang: str) -> str | None:
    """The editor; returns why the points cannot be trained on yet (already said on the page), or None."""
    st.subheader(t("net.own.title"))
    st.markdown(t("net.own.intro", limit=own_data.MAX_POINTS))
    st.radio(
        t("net.own.mode"),
        MODES,
        format_func={
            m: t("net.own.erase") if m == "erase" else t("net.own.class", label=m) for m in MODES
        }.get,
        key="own_mode",
        horizontal=True,
    )
    pts = points()
    chart, side = st.columns([1.3, 1])
    with chart:
        key = canvas_key()
        presentation.draw_chart(
            st,
            inside_charts.own_chart(frame(pts, seed, lang), own_data.BOX, lang),
            key=key,
            on_select=lambda: clicked(key),
            selection_mode=[inside_charts.ADD, inside_charts.ADD_OTHER],
            width="content",
        )
        counts = [sum(1 for p in pts if p[2] == c) for c in range(2)]
        test = int(own_data.is_test(pts, seed).sum()) if pts else 0
        st.caption(t("net.own.caption", count=len(pts), zero=counts[0], one=counts[1], test=test))
    with side:
        st.button(
            t("net.own.clear"), on_click=clear, key="own_clear", icon=":material/delete:", disabled=not pts
        )
        st.selectbox(t("net.own.start_from"), STARTS, format_func=DATASET_LABELS.get, key="own_start")
        st.button(t("net.own.start"), on_click=start_from, args=(seed,), key="own_start_button")
        st.file_uploader(
            t("net.own.csv"),
            type=["csv", "txt"],
            key="own_csv",
            on_change=uploaded,
            help=t("net.own.csv_help"),
        )
        message = st.session_state.get("own_csv_message")
        if message is not None:
            kind, notes = message
            words = " ".join(t(key, **params) for key, params in notes)
            (st.error if kind == "error" else st.info)(escape_markdown(words))
        st.download_button(
            t("net.own.download"),
            own_data.to_csv(pts),
            file_name="points.csv",
            mime="text/csv",
            key="own_download",
            disabled=not pts,
            on_click="ignore",  # a download changes nothing on the page: no rerun
        )
    problem = own_data.problem(pts, seed)
    if problem is not None:
        st.info(t(problem, count=own_data.MIN_POINTS), icon=":material/touch_app:")
    return problem
