"""Every lesson's claim, checked by running its experiment through the engine."""

import math
from urllib.parse import parse_qsl

import numpy as np
import pytest

import surfaces
from ui import lessons
from ui.lab_controls import setup_params
from ui.race import run_race


def test_lessons_follow_the_lecture_order():
    assert [lesson.key for lesson in lessons.LESSONS] == [
        "vanishing", "relu", "leaky", "maxout", "adagrad", "rmsprop", "momentum", "adam",
    ]  # fmt: skip


def test_adagrad_beats_sgd_on_the_elongated_bowl_and_its_rate_only_shrinks():
    claim = lessons.race_claim("adagrad")
    assert claim["adagrad"] < 0.01 * claim["sgd"]
    assert lessons.rate_only_shrinks("adagrad")


def test_adagrad_would_be_too_fast_for_sgd():
    """SGD at Adagrad's η = 0.5 > 2/κ diverges on the κ = 20 bowl: why SGD's η is ten times smaller."""
    setup = lessons.RACES["adagrad"]
    fast = type(setup)(setup.surface, setup.start, setup.steps, (("sgd", (("lr", 0.5),)),))
    assert run_race(fast).table["diverged_at"].iloc[0] is not None


def test_rmsprop_crosses_the_plateau_where_adagrad_stalls():
    claim = lessons.race_claim("rmsprop")
    assert claim["rmsprop"] < 0.01 and claim["adagrad"] > 0.9
    assert claim["rmsprop"] < 0.01 * claim["adagrad"]


def test_momentum_rolls_through_the_local_minimum():
    claim = lessons.race_claim("momentum")
    local_x = surfaces.get("local_minimum").minima[1][0]
    assert abs(claim["sgd_x"] - local_x) < 0.01
    assert abs(claim["momentum_x"] - claim["global_x"]) < 0.01


def test_adam_survives_the_learning_rate_that_blows_up_sgd_and_momentum():
    claim = lessons.race_claim("adam")
    assert claim["sgd_step"] is not None and claim["momentum_step"] is not None
    assert claim["adam"] < 1e-3 and claim["adam"] < claim["rmsprop"]


@pytest.mark.parametrize("key", list(lessons.RACES))
def test_open_in_the_lab_link_restores_each_race(key):
    """The lesson's link names values the lab's widgets can hold (η and ε on their grids)."""
    from ui.lab_controls import EPS_CHOICES, LR_CHOICES

    params = dict(parse_qsl("&".join(f"{k}={v}" for k, v in setup_params(lessons.RACES[key]))))
    for name, hyper in lessons.RACES[key].optimizers:
        values = dict(hyper)
        assert float(params[f"{name}_lr"]) in LR_CHOICES and math.isclose(
            float(params[f"{name}_lr"]), values["lr"]
        )
        if "eps" in values:
            assert float(params[f"{name}_eps"]) in EPS_CHOICES
    assert params["same_lr"] == "false" and int(params["steps"]) == lessons.RACES[key].steps
    assert np.isclose(float(params["x0"]), lessons.RACES[key].start[0])
