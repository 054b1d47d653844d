"""The network lab's sidebar: the widgets, each keyed by its field in ui/network/fields.py (its URL word).

The sidebar's widgets take no values of their own: ``sidebar`` seeds session state from the link and the
defaults first and writes the address bar from it after the last widget, as the optimizer lab does. The
keys differ from the optimizer lab's, so the two pages never hand each other a value of the wrong kind.
The tabs' controls are seeded the same way (``seed_views``) and the page writes the whole address bar after
its last widget (``write_address_bar``).
"""

from __future__ import annotations

import streamlit as st

from engine import optimizers
from ui import url, widgets
from ui.i18n import current_language, t
from ui.network import fields
from ui.network.fields import ACTIVATIONS, BATCHES, BIAS_INITS, DATASETS, hyper_key, option_labels
from ui.network.model import OWN, NetSetup
from ui.vocab import ACTIVATION_LABELS, DATASET_LABELS, INIT_LABELS, OPTIMIZER_LABELS


def url_notes(query_params) -> list[str]:
    """Notes for this lab's URL fields that hold garbage (their widgets then fall back to their defaults)."""
    return url.url_notes(fields.fields(), query_params) + fields.points_notes(query_params)


def seed_from_url() -> None:
    """Before the sidebar: a link's usable values, then the defaults, into the widgets' state."""
    url.seed_state(fields.sidebar_fields(), st.query_params, st.session_state)
    fields.seed_points(st.query_params, st.session_state)
    for key, value in fields.defaults(st.session_state.get("optimizer", fields.DEFAULT.optimizer)).items():
        st.session_state.setdefault(key, value)


def seed_views() -> None:
    """Before the tabs: a link's usable values for the tabs' controls (their defaults depend on the setup:
    each view sets its own, inside the range the setup allows). The tab itself (``view``) stays bound by
    Streamlit: written by the page from the run a tab click starts, it was once seen reaching the address
    bar one click late (by hand; not reproduced in a test)."""
    url.seed_state(owned_fields(), st.query_params, st.session_state)


def owned_fields() -> list:
    """The fields this lab writes itself: all but the bound tab (``view``)."""
    return [f for f in fields.fields() if f.key != "view"]


def write_address_bar() -> None:
    """After the sidebar, and again after the page's last widget: the address bar holds the setup and the
    tabs' controls drawn in this run (``lang``, ``present`` and the bound ``view`` stay as they are)."""
    params = fields.sidebar_params(st.session_state) + fields.view_params(st.session_state)
    owned = owned_fields()
    keys = {f.key for f in owned}
    url.write_address_bar(owned, [(k, v) for k, v in params if k in keys], st.query_params, whole=False)
    points = dict(fields.points_params(st.session_state)).get(fields.POINTS)
    if points is None and fields.POINTS in st.query_params:
        del st.query_params[fields.POINTS]
    elif points is not None and st.query_params.get(fields.POINTS) != points:
        st.query_params[fields.POINTS] = points


def follow_optimizer(previous: str) -> None:
    """On a change of optimizer: its controls that still hold the previous optimizer's defaults take the new
    one's (Adagrad's ε is 1e-10, RMSProp's 1e-8); values someone set stay."""
    name = st.session_state["optimizer"]
    old = widgets.hyper_defaults(hyper_key, [previous])
    for key, value in widgets.hyper_defaults(hyper_key, [name]).items():
        if key not in old or st.session_state.get(key) == old[key]:
            st.session_state[key] = value


def data_controls() -> None:
    st.selectbox(
        t("net.ctl.data"),
        list(DATASETS),
        format_func={**DATASET_LABELS, OWN: t("net.own.label")}.get,
        key="data",
        help=t("net.ctl.data_help"),
    )
    own = st.session_state["data"] == OWN  # your points: no size or noise to choose
    st.slider(t("net.ctl.n"), 20, 2000, step=20, key="n", help=t("net.ctl.n_help"), disabled=own)
    st.slider(
        t("net.ctl.noise"), 0.0, 1.0, step=0.05, key="data_noise", help=t("net.ctl.noise_help"), disabled=own
    )
    st.slider(t("net.ctl.seed"), 0, fields.MAX_SEED, key="data_seed", help=t("net.ctl.seed_help"))
    st.slider(
        t("net.ctl.test_share"),
        10,
        90,
        step=5,
        key="test_share",
        help=t("net.ctl.test_share_help"),
        disabled=own,
    )


def network_controls() -> None:
    st.slider(t("net.ctl.depth"), 1, 10, key="depth")
    st.slider(t("net.ctl.width"), 2, 64, key="width")
    st.multiselect(t("net.ctl.activations"), list(ACTIVATIONS), format_func=ACTIVATION_LABELS.get, key="act")
    st.slider(
        t("net.ctl.pieces"),
        1,
        6,
        key="pieces",
        disabled="maxout" not in st.session_state["act"],
        help=t("net.ctl.pieces_help"),
    )
    lang = current_language()
    st.selectbox(
        t("net.ctl.init"),
        list(INIT_LABELS),
        format_func=option_labels("init", INIT_LABELS, lang).get,
        key="init",
        help=t("net.ctl.init_help"),
    )
    st.radio(
        t("net.ctl.bias"),
        list(BIAS_INITS),
        format_func=option_labels("bias", BIAS_INITS, lang).get,
        key="bias",
        horizontal=True,
        help=t("net.ctl.bias_help"),
    )


def optimizer_controls() -> None:
    """The optimizer and its hyperparameters, with the lecture's names (the same controls as the other lab)."""
    st.selectbox(
        t("net.ctl.optimizer"),
        optimizers.names(),
        format_func=OPTIMIZER_LABELS.get,
        key="optimizer",
        on_change=follow_optimizer,
        args=(st.session_state["optimizer"],),
    )
    st.select_slider(t("net.ctl.lr"), list(fields.LR_CHOICES), key="eta", help=t("net.ctl.lr_help"))
    widgets.schedule_controls(fields.SCHEDULE, int(st.session_state["epochs"]), unit="epoch")
    widgets.hyper_controls(st.session_state["optimizer"], hyper_key)


def training_controls() -> None:
    st.slider(t("net.ctl.epochs"), 10, 2000, step=10, key="epochs")
    st.select_slider(
        t("net.ctl.batch"),
        list(BATCHES),
        format_func=option_labels("batch", BATCHES, current_language()).get,
        key="batch",
        help=t("net.ctl.batch_help"),
    )


def off_labels(choices) -> dict[str, str]:
    """A penalty's or target's choices as the slider shows them: "off" for 0 (worded when drawn)."""
    return {value: t("net.opt.off") if float(value) == 0 else value for value in choices}


def overfitting_controls() -> None:
    """The lecture's second half: L2 and L1 penalties, dropout, early stopping, a target loss."""
    for key in ("l2", "l1"):
        st.select_slider(
            t(f"net.ctl.{key}"),
            list(fields.PENALTY_CHOICES),
            format_func=off_labels(fields.PENALTY_CHOICES).get,
            key=key,
            help=t(f"net.ctl.{key}_help"),
        )
    st.slider(
        t("net.ctl.dropout"),
        0.0,
        fields.MAX_DROPOUT,
        step=0.05,
        key="dropout",
        help=t("net.ctl.dropout_help"),
    )
    st.slider(t("net.ctl.patience"), 0, fields.MAX_PATIENCE, key="patience", help=t("net.ctl.patience_help"))
    st.select_slider(
        t("net.ctl.target"),
        list(fields.TARGET_CHOICES),
        format_func=off_labels(fields.TARGET_CHOICES).get,
        key="target",
        help=t("net.ctl.target_help"),
    )


def sidebar() -> NetSetup:
    """All the lab's setup controls, in the sidebar. Returns the frozen setup (the cache key)."""
    seed_from_url()
    with st.sidebar:
        st.subheader(t("net.ctl.data_header"))
        data_controls()
        st.subheader(t("net.ctl.network_header"))
        network_controls()
        st.subheader(t("net.ctl.optimizer_header"))
        optimizer_controls()
        st.subheader(t("net.ctl.training_header"))
        training_controls()
        st.subheader(t("net.ctl.overfitting_header"))
        overfitting_controls()
        st.caption(t("net.ctl.share"))
    write_address_bar()
    return fields.setup_from_state(st.session_state)
