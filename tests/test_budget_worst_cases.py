"""With the default budget, no link and no click costs more than 5 s of CPU per rerun (issue: a whole class on
one small shared server). Each case opens the page with every control of that case at its maximum, on an
empty cache (the worst case: everything computed), and measures the CPU time of the rerun in AppTest (the
script runs in a thread of this process, so the process's CPU time is the rerun's). The budget's estimates
err long (ui/budget.py), and a slower machine gets a smaller budget of them (its measured slowness), so the
measured time stays well under the bound; the bound has margin for the page's own work (charts, tables),
which is not estimated.
"""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import budget

ROOT = Path(__file__).resolve().parent.parent
OPTIMIZER_LAB = ROOT / "ui" / "pages" / "optimizer_lab.py"
NETWORK_LAB = ROOT / "ui" / "pages" / "network_lab.py"
LESSONS = ROOT / "ui" / "pages" / "lessons.py"
BOUND_SECONDS = 5.0
EVERY_OPTIMIZER = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]
# the dearest gradient the formula limits allow that we know of: 454 numpy operations a call
HEAVY_FORMULA = "*".join(["tanh(x-y)"] * 27)
# every network control at its maximum (n, depth, width, pieces, every activation), the smallest batch
BIGGEST_NET = {
    "data": "Spiral",
    "n": "2000",
    "depth": "10",
    "width": "64",
    "act": ["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "PReLU", "Maxout"],
    "pieces": "6",
    "eta": "0.0001",
    "epochs": "2000",
    "batch": "8",
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(at: AppTest, action=None) -> float:
    """The CPU seconds of one rerun (``action`` clicks something first), on an empty cache, with the machine's
    slowness measured just before (a shared CI machine's speed changes from minute to minute; a server
    measures it at its start)."""
    st.cache_data.clear()
    budget.machine_slowness.cache_clear()
    slowness = budget.machine_slowness()
    start = cpu_seconds()
    (action(at) if action else at).run()
    spent = cpu_seconds() - start
    assert not at.exception, [e.message for e in at.exception]
    print(f"rerun: {spent:.2f} s of CPU at slowness {slowness:.2f}")  # pytest -s shows the margin
    return spent


def opened(page: Path, query: dict) -> AppTest:
    at = AppTest.from_file(page, default_timeout=300)
    for key, value in query.items():
        at.query_params[key] = value
    return at


@pytest.fixture(scope="module", autouse=True)
def warm_imports():
    """This machine's slowness measured, as a server measures it at its start (tests/conftest.py sets 1 for
    the other tests), then one light run of each page: importing Altair, pandas and the pages is not a
    rerun's work."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(budget.SLOWNESS_VARIABLE, raising=False)
        budget.machine_slowness.cache_clear()
        print(f"this machine's slowness: {budget.machine_slowness():.2f}")
        for page in (OPTIMIZER_LAB, NETWORK_LAB, LESSONS):
            AppTest.from_file(page, default_timeout=300).run()
        yield
    budget.machine_slowness.cache_clear()  # the next call reads the restored environment


@pytest.fixture(autouse=True)
def hosting_budget(monkeypatch):
    monkeypatch.delenv("PLAYGROUND_BUDGET_S", raising=False)  # the default: the hosting budget


RACES = {
    "heavy formula, every optimizer, 5000 steps": {
        "surface": "Custom formula",
        "formula": HEAVY_FORMULA,
        "steps": "5000",
        "opt": EVERY_OPTIMIZER,
    },
    "two minima (basins), every optimizer, 5000 steps, noise": {
        "surface": "Himmelblau",
        "steps": "5000",
        "opt": EVERY_OPTIMIZER,
        "noise": "100",
    },
    "every optimizer diverges (safe-η searches), heavy formula": {
        "surface": "Custom formula",
        "formula": "x^4+y^4+" + HEAVY_FORMULA,
        "steps": "5000",
        "opt": EVERY_OPTIMIZER,
        "lr": "10",
    },
}


@pytest.mark.parametrize("case", list(RACES), ids=list(RACES))
def test_an_optimizer_lab_link_at_its_maximum_stays_within_the_bound(case):
    at = opened(OPTIMIZER_LAB, RACES[case])
    assert measured(at) <= BOUND_SECONDS
    assert at.session_state["steps"] == 5000  # the student's setting is kept; the server runs fewer steps
    for label in [b.label for b in at.button if b.label.startswith("Compute")]:
        assert measured(
            at, lambda at, label=label: next(b for b in at.button if b.label == label).click()
        ) <= (BOUND_SECONDS)


def test_the_gif_of_the_largest_race_stays_within_the_bound():
    at = opened(OPTIMIZER_LAB, {"steps": "5000", "opt": EVERY_OPTIMIZER})
    at.session_state["lab_tab"] = "Share & download"
    at.run()
    gif = next(b for b in at.button if b.label.startswith("Make an animated GIF"))
    assert measured(at, lambda at: gif.click()) <= BOUND_SECONDS
    assert [i for i in at.image] or [b for b in at.button if b.label.startswith("Compute the GIF")]


VIEWS = [
    "Training",
    "Vanishing gradient",
    "Nudge a weight",
    "Decision boundaries",
    "Learned shapes",
    "Thinned network",
    "Activation gallery",
    "Depth",
    "Overfitting",
]


@pytest.mark.parametrize("view", VIEWS)
def test_a_network_lab_link_at_its_maximum_stays_within_the_bound(view):
    at = opened(NETWORK_LAB, BIGGEST_NET | {"view": view})
    assert measured(at) <= BOUND_SECONDS
    assert at.session_state["epochs"] == 2000  # kept; the server trains the epochs that fit


def test_the_biggest_digits_network_and_its_depth_experiment_stay_within_the_bound():
    query = BIGGEST_NET | {"data": "Digits", "n": "2000", "view": "Depth"}
    at = opened(NETWORK_LAB, query)
    assert measured(at) <= BOUND_SECONDS
    offered = [b for b in at.button if b.label.startswith("Run the depth")]
    if offered:  # the epochs that fit
        assert measured(at, lambda at: offered[0].click()) <= BOUND_SECONDS
    else:  # not even one epoch fits: said so, nothing started
        assert [w for w in at.warning if w.value.startswith("Even one epoch of the depth experiment")]


def test_train_again_and_every_compute_button_stay_within_the_bound():
    at = opened(NETWORK_LAB, BIGGEST_NET | {"view": "Nudge a weight"})
    at.run()
    for _ in range(2):  # the buttons a student may press after the first run
        labels = [b.label for b in at.button if b.label.startswith(("Compute", "Train"))]
        for label in labels:
            found = [b for b in at.button if b.label == label and not b.disabled]
            if found:
                assert measured(at, lambda at, b=found[0]: b.click()) <= BOUND_SECONDS


@pytest.mark.parametrize("lesson", ["1", "9", "10"])
def test_the_lessons_stay_within_the_bound(lesson):
    assert measured(opened(LESSONS, {"lesson": lesson})) <= BOUND_SECONDS


def test_a_shared_link_holds_the_hosting_budget_not_the_laptops(monkeypatch):
    """The same link on a laptop (no limit) runs every step: the bound above is the budget's doing."""
    link = RACES["heavy formula, every optimizer, 5000 steps"] | {"steps": "1000", "opt": ["SGD", "Adam"]}

    def clipped() -> bool:
        at = opened(OPTIMIZER_LAB, link).run()
        return any(i.value.startswith("This server runs") for i in at.info)

    monkeypatch.setenv("PLAYGROUND_BUDGET_S", "0")
    assert not clipped()
    monkeypatch.delenv("PLAYGROUND_BUDGET_S")
    assert clipped()
