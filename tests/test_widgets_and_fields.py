"""What both labs share: the vocabulary's fallbacks, the hyperparameter controls driven by the engine's
registry (ui/widgets.py), and the labs' field tables (ui/race/fields.py, ui/network/fields.py).

The last tests register a new optimizer in the engine only and check that both labs offer it, with its
controls, URL fields and defaults, without a change anywhere in ui/."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import optimizers
from ui import widgets
from ui.network import fields as network_fields
from ui.race import fields as race_fields
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS, SPARE_COLOURS

ROOT = Path(__file__).resolve().parent.parent
RACE = str(ROOT / "ui" / "pages" / "optimizer_lab.py")
NETWORK = str(ROOT / "ui" / "pages" / "network_lab.py")
SMALL = {"epochs": "10", "n": "100", "depth": "2", "width": "4", "act": "ReLU"}


def test_an_unknown_name_gets_a_readable_label_and_a_steady_colour():
    assert OPTIMIZER_LABELS["rmsprop"] == "RMSProp"
    assert OPTIMIZER_LABELS["lion_v2"] == "Lion v2" == OPTIMIZER_LABELS.get("lion_v2")
    assert OPTIMIZER_COLOURS["lion_v2"] in SPARE_COLOURS
    assert OPTIMIZER_COLOURS["lion_v2"] == OPTIMIZER_COLOURS["lion_v2"]


def test_each_optimizer_gets_the_controls_of_its_engine_hyperparameters():
    hypers = {name: [c.hyper for c in widgets.controls_of(name)] for name in optimizers.names()}
    assert hypers == {
        "sgd": [],
        "momentum": ["momentum"],
        "nesterov": ["momentum"],
        "adagrad": ["eps"],
        "rmsprop": ["alpha", "init", "eps"],
        "adam": ["beta1", "beta2", "eps"],
    }


def test_the_race_labs_hyperparameter_fields_keep_their_url_words_and_defaults():
    """The URL words and defaults the lab had when they were written by hand (links in the wild use them)."""
    keys = [f.key for f in widgets.hyper_fields(race_fields.hyper_key)]
    assert keys == [
        "momentum_lambda",
        "nesterov_lambda",
        "rmsprop_alpha",
        "rmsprop_init",
        "adam_beta1",
        "adam_beta2",
        "adagrad_eps",
        "rmsprop_eps",
        "adam_eps",
    ]
    defaults = race_fields.defaults()
    assert {k: defaults[k] for k in keys} == {
        "momentum_lambda": 0.9,
        "nesterov_lambda": 0.9,
        "rmsprop_alpha": 0.9,
        "rmsprop_init": "lecture",
        "adam_beta1": 0.9,
        "adam_beta2": 0.999,
        "adagrad_eps": "1e-10",
        "rmsprop_eps": "1e-08",
        "adam_eps": "1e-08",
    }


def test_the_network_labs_controls_share_one_key_per_kind():
    keys = [f.key for f in network_fields.sidebar_fields("en")]
    assert [k for k in keys if k in ("lambda", "alpha", "sigma0", "beta1", "beta2", "eps")] == [
        "lambda",
        "alpha",
        "sigma0",
        "beta1",
        "beta2",
        "eps",
    ]
    assert network_fields.defaults("adagrad")["eps"] == "1e-10"
    assert network_fields.defaults("rmsprop")["eps"] == "1e-08"


def test_a_lesson_link_reads_back_as_its_setup():
    setup = network_fields.DEFAULT
    params = network_fields.setup_params(setup, network_fields.view_labels("en")[1])
    state = {}
    query = _Query(params)
    from ui import url

    url.seed_state(network_fields.sidebar_fields("en"), query, state)
    assert network_fields.setup_from_state(network_fields.defaults() | state) == setup


class _Query:
    """The part of st.query_params that the field table reads."""

    def __init__(self, params):
        self.params = params

    def __contains__(self, key):
        return any(k == key for k, _ in self.params)

    def get_all(self, key):
        return [v for k, v in self.params if k == key]


def test_the_network_labs_eps_follows_the_optimizer_unless_it_was_set():
    at = AppTest.from_file(NETWORK, default_timeout=60)
    for key, value in {**SMALL, "optimizer": "Adagrad"}.items():
        at.query_params[key] = value
    at.run()
    assert at.select_slider(key="eps").value == "1e-10"
    at.selectbox(key="optimizer").set_value("rmsprop").run()
    assert at.select_slider(key="eps").value == "1e-08"  # RMSProp's own default
    at.select_slider(key="eps").set_value("1e-05").run()
    at.selectbox(key="optimizer").set_value("adam").run()
    assert at.select_slider(key="eps").value == "1e-05"  # set by hand: it stays
    assert at.query_params["eps"] == "1e-05" and at.query_params["optimizer"] == "Adam"
    assert not at.exception


def test_a_chinese_link_keeps_its_words_for_sigma0():
    at = AppTest.from_file(NETWORK, default_timeout=60)
    zeros = network_fields.option_label("sigma0", "zeros", "zh")
    for key, value in {**SMALL, "lang": "zh", "optimizer": "RMSProp", "sigma0": zeros}.items():
        at.query_params[key] = value
    at.session_state["lang"] = "zh"
    at.run()
    assert at.radio(key="sigma0").value == "zeros"
    assert at.query_params["sigma0"] == zeros
    assert not at.exception


def lion(lr: float = 1e-4, beta1: float = 0.9, beta2: float = 0.99) -> optimizers.Optimizer:
    """A stand-in for an optimizer added to the engine (Lion's update, Chen et al. 2023)."""
    import numpy as np

    def step(params, grads, state):
        direction = np.sign(beta1 * state.velocity + (1 - beta1) * grads)
        return params - lr * direction, optimizers.VelocityState(beta2 * state.velocity + (1 - beta2) * grads)

    def init(params):
        return optimizers.VelocityState(np.zeros_like(params, dtype=float))

    return optimizers.Optimizer("lion", {"lr": lr, "beta1": beta1, "beta2": beta2}, init, step, lambda s: lr)


@pytest.fixture
def with_lion(monkeypatch):
    monkeypatch.setitem(optimizers.REGISTRY, "lion", lion)


def test_a_new_engine_optimizer_gets_its_fields_in_both_labs(with_lion):
    race = {f.key for f in race_fields.fields()}
    assert {"lion_lr", "lion_beta1", "lion_beta2"} <= race
    opt = next(f for f in race_fields.fields() if f.key == "opt")
    assert "Lion" in opt.options
    network = next(f for f in network_fields.sidebar_fields("en") if f.key == "optimizer")
    assert "Lion" in network.options
    assert race_fields.defaults()["lion_beta2"] == 0.99


def test_a_new_engine_optimizer_races_with_its_controls(with_lion):
    at = AppTest.from_file(RACE, default_timeout=60)
    for key, value in {
        "opt": ["SGD", "Lion"],
        "same_lr": "false",
        "lion_lr": "0.01",
        "lion_beta2": "0.95",
    }.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.slider(key="lion_beta2").value == 0.95
    table = at.dataframe[0].value
    assert "Lion" in table.optimizer.tolist()
