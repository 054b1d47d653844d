"""The network lab's caches: bounded ``st.cache_data`` over the pure functions of ui/network/model.py and
ui/network/experiments.py.

Every argument that matters is hashable (the frozen setup, numbers, names); an argument named ``_run`` is
not hashed, because the setup, the activation and the epochs it trained fix it. A finished training (and a
finished depth experiment) is not computed in here: the page trains live, outside any cached function, so
that a progress bar can move, and then files the result with ``stored_training(setup, _fresh=result)``.
Streamlit's bounded caches are the only memory shared between runs and sessions.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from ui.budget import CACHE_SECONDS, Work, draw
from ui.network import charts as network_charts
from ui.network import experiments, inside_charts
from ui.network.model import DataChoice, NetSetup, Training
from ui.presentation_style import projector_chart

SHAPE_UNITS = 8  # the Maxout units the learned-shapes view draws


class NotTrainedYet(Exception):
    """This setup has no finished training in the cache."""


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def stored_training(setup: NetSetup, _fresh: Training | None = None) -> Training:
    """The finished training of ``setup``; the page trains live on a miss and files the result here."""
    if _fresh is None:
        raise NotTrainedYet
    return _fresh


@st.cache_data(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def stored_depth(setup: NetSetup, _fresh: pd.DataFrame | None = None) -> pd.DataFrame:
    """The finished depth experiment of ``setup`` (run on demand, with a progress bar, then filed here)."""
    if _fresh is None:
        raise NotTrainedYet
    return _fresh


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def live_layout(names: tuple[str, ...], epochs: int, lang: str, projector: bool) -> dict:
    """The live chart's Vega-Lite layout (``charts.live_layout``, no data), built once per activations,
    epochs, language and screen: a redraw while training adds only the curves so far."""
    spec = network_charts.live_layout(list(names), epochs, lang).to_dict(validate=False)
    return projector_chart(spec) if projector else spec


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def cached_data(choice: DataChoice):
    return choice.load()


def at_initialisation(setup: NetSetup) -> NetSetup:
    """The part of the setup that fixes the networks before training (the key of the init-time views)."""
    return dataclasses.replace(
        setup,
        optimizer="sgd",
        hyper=(),
        epochs=0,
        batch=None,
        weight_decay=0.0,
        l1=0.0,
        dropout=0.0,
        patience=0,
        target_loss=0.0,
    )


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def cached_speeds(setup: NetSetup, _work: Work | None = None) -> pd.DataFrame:
    draw(_work, experiments.speeds_seconds(setup, cached_data(setup.data)))
    return experiments.speeds(setup)


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def cached_nudges(
    setup: NetSetup,
    layer: int,
    delta: float,
    samples: int = experiments.NUDGE_SAMPLES,
    _work: Work | None = None,
):
    draw(_work, experiments.nudge_seconds(setup, cached_data(setup.data), samples))
    return experiments.nudges(setup, layer, delta, samples)


@st.cache_data(max_entries=48, ttl=CACHE_SECONDS, show_spinner=False)
def cached_boundary(setup: NetSetup, activation: str, epochs: int, _run, _work: Work | None = None) -> str:
    """The boundary picture of ``_run`` (fixed by the setup, the activation and the epochs it trained)."""
    data = cached_data(setup.data)
    draw(_work, experiments.boundary_seconds(setup, activation, data))
    net = _run.network(setup, data)
    return inside_charts.boundary_image(experiments.probabilities(net, experiments.domain(data)))


@st.cache_data(max_entries=64, ttl=CACHE_SECONDS, show_spinner=False)
def cached_thinned(setup: NetSetup, activation: str, point: int, epochs: int, _run):
    data = cached_data(setup.data)
    return experiments.thinned_network(_run.network(setup, data), data.X_test[point])


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def cached_shapes(setup: NetSetup, layer: int, a: int, b: int, epochs: int, _run) -> pd.DataFrame:
    data = cached_data(setup.data)
    net = _run.network(setup, data)
    return experiments.maxout_shapes(net, layer, data.X_test[a], data.X_test[b], SHAPE_UNITS)


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def cached_comparison(setup: NetSetup, kind: str, seeds=None, _work: Work | None = None):
    """The Overfitting tab's (and the lessons') side-by-side training: ``experiments.comparison``."""
    data = cached_data(setup.data)
    draw(_work, experiments.comparison_seconds(setup, kind, data, len(seeds) if seeds else 1))
    return experiments.comparison(setup, kind, seeds)


@st.cache_data(max_entries=1, ttl=CACHE_SECONDS, show_spinner=False)
def cached_gallery() -> pd.DataFrame:
    """Every activation's f and f′ (the network lab's gallery and the lessons draw it)."""
    return experiments.gallery()
