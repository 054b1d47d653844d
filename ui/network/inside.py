"""The network lab's views of what the trained networks compute: their decision boundaries, the learned
shapes (Maxout's pieces, PReLU's slopes), the thinned network of one input, and the gallery of activations.

As in ui/network/views.py, each view draws its own controls on every run and its charts only while its tab
is open (``open_``).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine import activations as act
from ui import presentation
from ui.budget import OverBudget, Work, later_note
from ui.i18n import t
from ui.network import experiments, inside_charts
from ui.network import model as network_data
from ui.network.cache import cached_boundary, cached_data, cached_gallery, cached_shapes, cached_thinned
from ui.network.model import NetSetup
from ui.network.training import Shown, needs_training, results_note, usable
from ui.network.views import clamp_state, layer_slider
from ui.vocab import ACTIVATION_EQUATIONS, ACTIVATION_LABELS, GALLERY_EQUATIONS

# The thinned network's caption for each kind of gate a hidden unit has (engine.activations.GATES).
THINNED_CAPTIONS = {act.GATE_PIECE: "maxout", act.GATE_ON_OFF: "relu", act.GATE_SMOOTH: "smooth"}


def grid(count: int, per_row: int) -> list:
    """``count`` cells, ``per_row`` columns a row, one st.columns call per row: on a phone the columns stack,
    and cells stacked row by row keep their order (one st.columns for all would read down each column)."""
    cells = []
    for start in range(0, count, per_row):
        cells += st.columns(per_row)[: min(per_row, count - start)]
    return cells


def boundaries_view(setup: NetSetup, shown: Shown | None, lang: str, work: Work | None = None) -> None:
    data = cached_data(setup.data)
    if data.n_features != 2:
        st.info(t("net.digits_no_boundary"))
        return
    points = experiments.points(data)
    box = experiments.domain(data)
    shown = usable(shown, setup)
    if shown is None:  # before training: the data itself
        needs_training()
        presentation.draw_chart(
            st, inside_charts.boundary_chart(None, box, points, t("net.data_title"), lang), width="content"
        )
        st.caption(t("net.data_caption"))
        return
    results_note(shown)
    runs = shown.training.runs
    for cell, run in zip(grid(len(runs), min(3, len(runs))), runs):
        with cell:
            try:
                image = cached_boundary(shown.setup, run.activation, len(run.loss), run, _work=work)
            except OverBudget as error:
                later_note("budget.what.boundary", error, work, key=f"budget_boundary_{run.activation}")
                continue
            presentation.draw_chart(
                st,
                inside_charts.boundary_chart(image, box, points, boundary_title(run), lang),
                width="content",
            )
    st.caption(t("net.boundary_caption"))


def boundary_title(run) -> str:
    label = ACTIVATION_LABELS[run.activation]
    accuracy = run.test_acc[-1] if run.test_acc else float("nan")
    return t("net.boundary_title", activation=label, accuracy=100 * accuracy)


def add_activation(name: str) -> None:
    """Button callback: put ``name`` into the activation picker (before the widget is drawn again)."""
    chosen = list(st.session_state.get("act", []))
    st.session_state["net_train_now"] = True
    st.session_state.pop("net_stop", None)
    if name not in chosen:
        st.session_state["act"] = [a for a in ACTIVATION_LABELS if a in chosen or a == name]


def missing_activation(name: str) -> None:
    label = ACTIVATION_LABELS[name]
    st.info(t("net.add_activation_note", activation=label))
    st.button(
        t("net.add_activation", activation=label), on_click=add_activation, args=(name,), key=f"add_{name}"
    )


def test_point_input(label: str, key: str, n_test: int, default: int, help: str | None = None) -> int:
    """A slider over the test points (a slider: the point is picked by dragging, and a link's value is checked by the field table)."""
    if n_test < 2:
        return 0
    clamp_state(key, 0, n_test - 1, min(default, n_test - 1))
    return int(st.slider(label, 0, n_test - 1, key=key, help=help))


def line_ends(data) -> tuple[int, int]:
    """Default ends of the line through input space: the first test points of two different classes."""
    first = int(np.flatnonzero(data.y_test == data.y_test[0])[0])
    others = np.flatnonzero(data.y_test != data.y_test[0])
    return first, int(others[0]) if len(others) else min(1, len(data.y_test) - 1)


def has_run(shown: Shown | None, activation: str) -> bool:
    return shown is not None and any(r.activation == activation for r in shown.training.runs)


def shapes_view(setup: NetSetup, shown: Shown | None, open_: bool, lang: str) -> None:
    data = cached_data(setup.data)
    shown = usable(shown, setup)
    st.markdown(f"**{t('net.maxout_title')}**")
    st.latex(ACTIVATION_EQUATIONS["maxout"])
    if "maxout" not in setup.activations:
        missing_activation("maxout")
    else:
        st.markdown(t("net.maxout_intro"))
        a_default, b_default = line_ends(data)
        c1, c2, c3 = st.columns(3)
        with c1:
            layer = layer_slider(t("net.shape_layer"), "shape_layer", setup.depth)
        with c2:
            a = test_point_input(t("net.line_a"), "line_a", len(data.y_test), a_default, t("net.line_help"))
        with c3:
            b = test_point_input(t("net.line_b"), "line_b", len(data.y_test), b_default, t("net.line_help"))
        if open_ and data.n_features == 2:  # where A and B are, and the line through them
            presentation.draw_chart(
                st,
                inside_charts.boundary_chart(
                    None,
                    experiments.domain(data),
                    experiments.points(data),
                    t("net.line_title"),
                    lang,
                    marks={"A": a, "B": b},
                    size=inside_charts.SMALL_SIZE,
                ),
                width="content",
            )
        if open_ and not has_run(shown, "maxout"):
            needs_training()
        elif open_:
            results_note(shown)
            run = shown.training.run("maxout")
            layer = min(layer, shown.setup.depth)
            frame = cached_shapes(shown.setup, layer, a, b, len(run.loss), run)
            units = sorted(frame.unit.unique())
            for cell, unit in zip(grid(len(units), 4), units):
                with cell:
                    presentation.draw_chart(
                        st, inside_charts.maxout_unit_chart(frame, unit, lang), width="stretch"
                    )
            st.caption(t("net.maxout_caption", units=len(units), layer=layer))
    st.markdown(f"**{t('net.prelu_title')}**")
    st.latex(ACTIVATION_EQUATIONS["prelu"])
    if "prelu" not in setup.activations:
        missing_activation("prelu")
    elif open_ and not has_run(shown, "prelu"):
        needs_training()
    elif open_:
        results_note(shown)
        frame = experiments.prelu_frame(shown.training.run("prelu"))
        if frame.empty:
            st.info(t("net.nothing_recorded"))
        else:
            presentation.draw_chart(st, inside_charts.prelu_chart(frame, lang), width="stretch")
            st.caption(t("net.prelu_caption"))


def pick_point(chart_key: str) -> None:
    """The click on a test point → the point input (runs before the rerun, so the widget can be set)."""
    event = st.session_state.get(chart_key) or {}
    picked = (event.get("selection") or {}).get("pick") or []
    if picked and "index" in picked[0]:
        st.session_state["point"] = int(picked[0]["index"])


def thinned_view(
    setup: NetSetup, shown: Shown | None, open_: bool, lang: str, work: Work | None = None
) -> None:
    data = cached_data(setup.data)
    shown = usable(shown, setup)
    st.markdown(t("net.thinned_intro"))
    default = next(
        (a for a in ("relu", "maxout", "leaky_relu", "prelu") if a in setup.activations), setup.activations[0]
    )
    options = list(setup.activations)
    if st.session_state.get("thin_act") not in options:
        st.session_state["thin_act"] = default
    left, right = st.columns(2)
    with left:
        activation = st.selectbox(
            t("net.thin_act"),
            options,
            format_func=ACTIVATION_LABELS.__getitem__,
            key="thin_act",
        )
    with right:
        point = test_point_input(t("net.point"), "point", len(data.y_test), 0, t("net.point_help"))
    if not open_:
        return
    if not has_run(shown, activation):
        needs_training()
        return
    results_note(shown)
    run = shown.training.run(activation)
    trained = shown.setup
    picture, drawing = st.columns([1, 1.6])
    with picture:
        image = None
        if data.n_features == 2:
            try:
                image = cached_boundary(trained, activation, len(run.loss), run, _work=work)
            except OverBudget as error:
                later_note("budget.what.boundary", error, work, key="budget_thin_boundary")
        if image is not None:
            chart_key = "thin_points"
            presentation.draw_chart(
                st,
                inside_charts.boundary_chart(
                    image,
                    experiments.domain(data),
                    experiments.points(data),
                    boundary_title(run),
                    lang,
                    clickable=True,
                    chosen=point,
                ),
                key=chart_key,
                on_select=lambda: pick_point(chart_key),
                selection_mode="pick",
                width="content",
            )
            st.caption(t("net.click_caption"))
        elif data.n_features != 2:
            st.image(inside_charts.digit_image(data.X_test[point]), width=128)
            st.caption(t("net.digit_caption", label=int(data.y_test[point])))
    with drawing:
        nodes, edges, counts = cached_thinned(trained, activation, point, len(run.loss), run)
        presentation.draw_chart(
            st,
            inside_charts.network_chart(nodes, edges, act.get(activation).has_pieces, lang),
            width="stretch",
        )
        predicted = int(nodes[nodes.layer == nodes.layer.max()].sort_values("value").unit.iloc[-1])
        st.markdown(
            t(
                "net.thinned_summary",
                counts=", ".join(f"{c}/{trained.width}" for c in counts),
                label=int(data.y_test[point]),
                predicted=predicted,
            )
        )
        st.caption(t(f"net.thinned_caption.{thinned_kind(activation)}"))


def thinned_kind(activation: str) -> str:
    """Which caption explains the thinned network of ``activation``: the engine says what its gate is."""
    return THINNED_CAPTIONS[act.get(activation).gate]


def gallery_view(lang: str) -> None:
    st.markdown(t("net.gallery_intro"))
    frame = cached_gallery()
    for cell, name in zip(grid(len(network_data.ACTIVATIONS), 3), network_data.ACTIVATIONS):
        with cell:
            presentation.draw_chart(st, inside_charts.gallery_chart(frame, name, lang), width="stretch")
            st.latex(GALLERY_EQUATIONS[name].replace("HERE", t("net.eq.here")))
    st.caption(t("net.gallery_caption"))
