"""The network lab: Sigmoid vs ReLU vs Maxout trained side by side, with the vanishing gradient made visible.

Reads like the screen: controls → one cached training → views. The rooms it draws from: ui/network/controls.py
(the sidebar and its URL fields), ui/network/cache.py (bounded caches over ui/network/model.py),
ui/network/training.py (Train, live training, Stop, the Training view), ui/network/views.py (vanishing
gradient, nudge, depth) and ui/network/inside.py (boundaries, learned shapes, thinned network, gallery).

The views are tabs bound to the URL (``?view=``): only the open tab computes its charts; every tab's own
controls are drawn on every run, so their values (and the URL) survive a switch of tab.
"""

from __future__ import annotations

import streamlit as st

from ui.budget import Work
from ui.i18n import CATALOGUES, current_language, escape_markdown, t
from ui.network import controls as network_controls
from ui.network import fields as network_fields
from ui.network.cache import cached_data
from ui.network.inside import boundaries_view, gallery_view, shapes_view, thinned_view
from ui.network.model import OWN
from ui.network.own_view import editor
from ui.network.training import jobs, training_places, training_section, training_view
from ui.network.views import depth_view, nudge_view, overfitting_view, vanishing_view


def header(notes: list[str]) -> None:
    st.title(t("net.title"))
    st.markdown(t("net.intro"))
    st.caption(t("net.defaults_caption"))
    if notes:
        listed = "\n".join(f"- {escape_markdown(note)}" for note in notes)
        st.info(f"{t('net.url_notes')}\n{listed}", icon=":material/info:")


def view_tabs(lang: str):
    """The tabs, bound to ``?view=`` by Streamlit. A view named in another language (a switch of language,
    or a link shared from it) is carried over to the same view in this one."""
    labels = network_fields.view_labels(lang)
    wanted = st.session_state.get("view") or st.query_params.get("view")
    if wanted and wanted not in labels:
        for other in CATALOGUES:
            if wanted in network_fields.view_labels(other):
                st.session_state["view"] = labels[network_fields.view_labels(other).index(wanted)]
    return st.tabs(labels, key="view", bind="query-params")


def page() -> None:
    lang = current_language()
    work = Work.for_rerun()  # this rerun's budget of work (ui/budget.py)
    jobs()  # made now, in a run that ends normally, so that a stopped training can fill it in place
    notes = network_controls.url_notes(st.query_params)
    network_controls.seed_views()
    setup = network_controls.sidebar()
    with st.container():  # one element however many notes: the views below keep their place
        header(notes)
    if setup.data.name == OWN and editor(setup.data.seed, lang) is not None:
        network_controls.write_address_bar()
        return  # too few points, or one class only: the editor says so
    if not setup.activations:
        st.info(t("net.no_activation"))
        return
    try:
        cached_data(setup.data)
    except (ValueError, ImportError) as exc:
        st.error(t("net.cannot_run", error=escape_markdown(str(exc))), icon=":material/error:")
        return
    section = st.container()  # one element: while it trains, the last views stay drawn below it
    training_tab, vanishing, nudge, boundaries, shapes, thinned, gallery, depth, overfitting = view_tabs(lang)
    places = None
    if training_tab.open is not False:
        with training_tab:
            places = training_places()  # made first: the live curves are drawn in the loss chart's place
    with section:
        shown = training_section(setup, lang, work, live=places.loss if places else None)
    if places is not None:
        with training_tab:
            training_view(shown, lang, places)
    if vanishing.open is not False:
        with vanishing:
            vanishing_view(setup, shown, lang, work)
    with nudge:
        nudge_view(setup, nudge.open is not False, lang, work)
    if boundaries.open is not False:
        with boundaries:
            boundaries_view(setup, shown, lang, work)
    with shapes:
        shapes_view(setup, shown, shapes.open is not False, lang)
    with thinned:
        thinned_view(setup, shown, thinned.open is not False, lang, work)
    if gallery.open is not False:
        with gallery:
            gallery_view(lang)
    with depth:
        depth_view(setup, depth.open is not False, lang, work)
    with overfitting:
        overfitting_view(setup, overfitting.open is not False, lang, work)
    network_controls.write_address_bar()


page()
