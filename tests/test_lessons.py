"""Every lesson's claim, checked by running its experiment through the engine."""

import dataclasses
import math
from urllib.parse import parse_qsl

import numpy as np
import pytest

import surfaces
from ui import lessons
from ui.i18n import text
from ui.network import experiments as ex
from ui.race.fields import setup_params
from ui.race.model import run_race


def test_lessons_follow_the_lecture_order():
    assert [lesson.key for lesson in lessons.LESSONS] == [
        "vanishing", "relu", "leaky", "maxout", "adagrad", "rmsprop", "momentum", "adam", "eta", "overfitting",
        "dropout",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (1, None)),
        (["3"], (3, None)),
        (["08"], (8, None)),
        (["2", "5"], (5, None)),  # a repeated parameter: the last one counts
        (["²"], (1, "²")),  # str.isdigit() says yes, int() says no
        (["①"], (1, "①")),
        (["٣"], (1, "٣")),  # an Arabic-Indic three: no lesson number either
        (["9" * 5000], (1, "9" * 5000)),  # int() refuses more than 4300 digits
        (["99"], (1, "99")),
        (["0"], (1, "0")),
        (["-2"], (1, "-2")),
        (["2.0"], (1, "2.0")),
        ([""], (1, "")),
    ],
)
def test_a_lesson_number_from_the_url(values, expected):
    assert lessons.lesson_from_url(values) == expected


def test_a_body_splits_into_text_and_its_display_equations():
    body = "Before:\n\n$$a = 1,\\quad b = 2.$$\n\n\n\n$$c = 3$$\n\nAfter."
    assert lessons.body_parts(body) == [
        ("text", "Before:"),
        ("equation", r"a = 1,\quad b = 2."),
        ("equation", "c = 3"),
        ("text", "After."),
    ]


def test_equations_are_stacked_one_relation_a_line():
    assert (
        lessons.stacked(r"a = 1,\quad b = 2,\quad c = 3.")
        == r"\begin{gathered}a = 1,\\ b = 2,\\ c = 3.\end{gathered}"
    )
    assert lessons.stacked(r"w = \frac{\eta}{\sigma}") == r"w = \frac{\eta}{\sigma}"
    assert lessons.stacked(r"x\quad y") == r"\begin{gathered}x,\\ y\end{gathered}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_equation_has_at_most_two_relations_a_line(lang):
    """A phone fits about 330 px of display maths: one or two relations a line, never the lecture's three."""
    for lesson in lessons.LESSONS:
        for kind, part in lessons.body_parts(text(f"lesson.{lesson.key}.body", lang)):
            if kind == "equation":
                for line in lessons.stacked(part).split(r"\\"):
                    assert line.count("=") <= 2, line


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
    from ui.race.fields import LR_CHOICES
    from ui.widgets import EPS_CHOICES

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


def test_vanishing_gradient_first_layer_learns_about_a_hundred_times_slower_with_sigmoid():
    frame, claim = lessons.vanishing_experiment()
    assert claim["ratio"] < 0.05  # Nielsen: 0.003 / 0.285 ≈ 0.01 with 4 hidden layers on MNIST
    assert claim["relu_ratio"] > 5 * claim["ratio"]
    sigmoid = frame[frame.activation == "sigmoid"].sort_values("layer").speed.to_numpy()
    assert np.all(np.diff(sigmoid) > 0)  # every layer slower than the one above it


def test_relu_thinned_network_is_exactly_the_network_for_that_input():
    nodes, edges, claim = lessons.relu_experiment()
    assert 0 < claim["active"] < claim["total"]
    assert claim["error"] < 1e-9
    hidden = nodes[(nodes.layer > 0) & (nodes.layer < nodes.layer.max())]
    assert int(hidden.active.sum()) == claim["active"]


def test_prelu_slopes_are_learned():
    frame, claim = lessons.leaky_experiment()
    assert np.all(frame[frame.epoch == 0].a == 0.25)
    assert np.max(np.abs(claim["means"] - 0.25)) > 0.05
    assert len(claim["slopes"].split(", ")) == lessons.NETS["leaky"].depth


def test_learned_maxout_units_are_convex_and_have_corners():
    frame, claim = lessons.maxout_experiment()
    assert claim["raw_curvature"] > -1e-9 and claim["curvature"] == 0.0
    outputs = frame[frame.piece == 0]
    corners = outputs.groupby("unit").winner.nunique()
    assert (corners >= 2).all()  # every unit shown bends at least once: a learned shape, not a line


@pytest.mark.parametrize("key", list(lessons.NETS))
def test_network_lesson_links_name_values_the_network_lab_accepts(key):
    from ui.network import fields as network_fields
    from ui.url import field_problem

    fields = {field.key: field for field in network_fields.fields()}
    view = network_fields.view_labels("en")[0]
    params = network_fields.setup_params(lessons.NETS[key], view)
    for name, value in params:
        assert field_problem(fields[name], [value]) is None, (name, value)


def test_on_the_shelf_rmsprops_sigma_box_shrinks_and_adagrads_only_grows():
    """The RMSProp lesson's "what to try": its σ (the box) falls to under a tenth of its early size by step
    100, on the shelf, while Adagrad's √Σg² never falls."""
    sizes = lessons.sigma_on_the_shelf("rmsprop")
    early, shelf = sizes["rmsprop"]
    assert shelf < 0.1 * early
    early, shelf = sizes["adagrad"]
    assert shelf >= early


def test_choosing_eta_claim_the_cliff_is_at_the_bound_and_the_schedule_settles_under_noise():
    sweep, runs, claim = lessons.eta_experiment()
    # the κ = 10 bowl: λmax = 10, 2/λmax = 0.2; the sweep's last finite and first diverged η bracket it
    assert claim["bound"] == pytest.approx(0.2)
    assert claim["below"] < 0.2 < claim["above"] and claim["above"] / claim["below"] < 1.4
    assert not sweep[sweep.lr < 0.2].diverged.any() and sweep[sweep.lr > 0.2].diverged.all()
    # under noise σ = 1 the constant η sits on its floor ≈ ησ²/(2(2 − ηλ)) summed over λ = 1, 10: ≈ 0.5
    floor = sum(0.18 / (2 * (2 - 0.18 * lam)) for lam in (1.0, 10.0))
    assert claim["constant"] == pytest.approx(floor, rel=0.2)
    assert claim["scheduled"] < claim["constant"] / 20  # the schedule settles far lower
    assert claim["scheduled_early"] < claim["small_early"] / 10  # and starts as fast as the large η
    assert claim["scheduled"] < claim["small_end"]
    assert set(runs.run) == {"constant", "schedule", "small"}


def test_choosing_eta_opens_the_lab_with_its_schedule_and_noise():
    params = dict(setup_params(lessons.ETA_SETUP))
    assert params["sgd_sched"] == "inverse_sqrt" and params["sgd_lr"] == "0.18" and params["noise"] == "1.0"


# ---------------------------------------------------------------- the second half (lessons 10 and 11)


@pytest.fixture(scope="module")
def overfitting():
    return lessons.overfitting_experiment()


@pytest.fixture(scope="module")
def dropout():
    return lessons.dropout_experiment()


def test_the_big_network_is_good_on_training_and_bad_on_testing(overfitting):
    """Every seed: all training points right, at least 10 points fewer on the test set."""
    _, rows, claim = overfitting
    plain = rows[rows.variant == "none"]
    assert len(plain) == len(lessons.SEEDS) == 3
    assert (plain.train_acc >= 0.99).all()
    assert (plain.gap >= 0.10).all()
    assert claim["train"] >= 99 and claim["gap"] >= 15


def test_l2_beats_no_help_on_the_test_set_in_every_seed_and_halves_the_gap(overfitting):
    _, rows, claim = overfitting
    by = rows.set_index(["variant", "seed"])
    for seed in lessons.SEEDS:
        assert by.test_acc["l2", seed] > by.test_acc["none", seed]
    assert claim["l2_test"] >= claim["test"] + 3
    assert claim["l2_gap"] <= 0.6 * claim["gap"]


def test_early_stopping_goes_back_to_an_early_epoch_and_narrows_the_gap(overfitting):
    _, rows, claim = overfitting
    early = rows[rows.variant == "early"]
    assert (early.epoch < 200).all() and early.stopped_at.notna().all()
    assert (early.stopped_at == early.epoch + ex.DEFAULT_PATIENCE).all()
    assert claim["early_gap"] <= 0.7 * claim["gap"]


def test_dropout_beats_no_dropout_on_the_test_set_and_narrows_the_gap(dropout):
    """Over the three seeds: at least 3 points more test accuracy on average, never fewer, and a gap at
    least 5 points smaller."""
    _, rows, claim = dropout
    by = rows.set_index(["variant", "seed"])
    for seed in lessons.SEEDS:
        assert by.test_acc["dropout", seed] >= by.test_acc["none", seed]
    assert claim["gain"] >= 3
    assert claim["dropout_gap"] <= claim["gap"] - 5


def test_the_comparisons_differ_only_in_their_remedy():
    variants = dict(ex.comparison_variants(lessons.NETS["overfitting"], "regularise"))
    assert variants["early"] == dataclasses.replace(variants["none"], patience=ex.DEFAULT_PATIENCE)
    assert variants["l2"] == dataclasses.replace(variants["none"], weight_decay=ex.DEFAULT_LAMBDA)
    drop = dict(ex.comparison_variants(lessons.NETS["dropout"], "dropout"))
    assert drop["dropout"] == dataclasses.replace(drop["none"], dropout=0.5)
