"""The work budget of one rerun: what one student's request may cost the server before it starts.

A hosted demo is one small server shared by a class, and a shared link starts its work on open. So every
piece of heavy work (a race, a sweep, a basin map, a GIF, a training, a nudge profile, the depth
experiment) estimates its CPU time from its size before it starts (the cost models are beside the work:
ui/race/cost.py, ui/network/model.py and ui/network/experiments.py), and draws it from this rerun's
:class:`Work`. What does not fit is not started: the page says what it would cost and offers, or runs, the
largest setting that fits (fewer steps, fewer epochs) and says so.

The budget is ``PLAYGROUND_BUDGET_S``, CPU seconds of estimated work per rerun:

- unset (or garbage): ``HOSTING_SECONDS``, the safe default for a shared server;
- ``0``: no limit, for a laptop (``PLAYGROUND_BUDGET_S=0 streamlit run streamlit_app.py``);
- any other positive number: that many seconds.

The estimates err long (their constants are fitted on the 2-core development machine and then raised), so
with the default no rerun costs more than about 5 s of CPU there; tests/test_budget_worst_cases.py walks
the worst cases and measures it. Only work that really runs is drawn: a cached result costs nothing.

A slower server gets a smaller budget of estimated seconds, so that a rerun costs it the same CPU time:
the budget is divided by :func:`machine_slowness`, how many times slower than the development machine this
one runs a small reference training (measured once per process, at the server's start; at least 1). A CI
machine 2.5 times slower ran the worst cases in 5–6.5 s of CPU before this. ``PLAYGROUND_SLOWNESS`` sets
the factor instead of measuring it (tests set 1, so that they see the same work on every machine).
"""

from __future__ import annotations

import functools
import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ENVIRONMENT_VARIABLE = "PLAYGROUND_BUDGET_S"
HOSTING_SECONDS = 3.0  # estimated CPU seconds of work per rerun on a shared server
SLOWNESS_VARIABLE = "PLAYGROUND_SLOWNESS"
# The reference training's CPU time on the development machine (benchmarks/bench_slowness.py: the best of
# REFERENCE_RUNS, 13.6–14.5 ms; raised by a quarter so that a machine as fast keeps the whole budget), the
# runs measured (the first ones of a process run up to 1.8 times slower), and the most a budget shrinks.
REFERENCE_SECONDS = 0.018
REFERENCE_RUNS = 8
MOST_SLOWNESS = 10.0
# Memory: every cache (st.cache_data) holds at most its max_entries results, each bounded by this budget
# (a training of the epochs that fit, a race of the steps that fit), and drops each one after CACHE_SECONDS,
# so an idle server gives its memory back to the allocator.
CACHE_SECONDS = 3600


def budget_seconds(environ: Mapping[str, str] | None = None) -> float:
    """The budget per rerun in estimated CPU seconds: ``math.inf`` for no limit (``0``); the hosting default
    when the variable is unset, empty, not a number, negative or infinite (a typo never lifts the limit)."""
    raw = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE, "").strip()
    try:
        seconds = float(raw)
    except ValueError:
        return HOSTING_SECONDS
    if seconds == 0:
        return math.inf
    return seconds if math.isfinite(seconds) and seconds > 0 else HOSTING_SECONDS


def reference_cpu_seconds() -> float:
    """The CPU time of this thread for a small reference training like the lab's (numpy's per-call cost
    rules it, as it rules the lab's trainings and races): a 2-8-8-2 ReLU network, 30 epochs of 300 spiral
    points in minibatches of 50, with the test rows measured every epoch."""
    from engine import datasets, optimizers
    from engine.network import MLP, train

    data = datasets.make("spiral", n=300, noise=0.1, seed=0)
    net = MLP([data.n_features, 8, 8, data.n_classes], "relu", seed=0)
    start = time.thread_time()
    train(
        net, optimizers.sgd(0.05), data.X, data.y, 30, batch_size=50, X_test=data.X_test, y_test=data.y_test
    )
    return time.thread_time() - start


def slowness_from(raw: str | None, measure: Callable[[], float]) -> float:
    """The slowness ``raw`` sets (a number from 1 to MOST_SLOWNESS), or else ``measure()``'s: the best of
    REFERENCE_RUNS reference trainings over REFERENCE_SECONDS, clipped to 1..MOST_SLOWNESS."""
    try:
        given = float((raw or "").strip())
    except ValueError:
        given = math.nan
    if 1 <= given <= MOST_SLOWNESS:
        return given
    best = min(measure() for _ in range(REFERENCE_RUNS))
    return min(max(1.0, best / REFERENCE_SECONDS), MOST_SLOWNESS)


@functools.lru_cache(maxsize=1)
def machine_slowness() -> float:
    """How many times slower than the development machine this one computes (``PLAYGROUND_SLOWNESS`` if set,
    else measured once: about 0.15 s, at the server's start in ui/serving.py's lifespan); 1 at most as fast."""
    return slowness_from(os.environ.get(SLOWNESS_VARIABLE), reference_cpu_seconds)


class OverBudget(Exception):
    """A piece of work that does not fit what is left of this rerun's budget: it was not started."""

    def __init__(self, seconds: float, left: float):
        super().__init__(f"needs about {seconds:.1f} s of work, {left:.1f} s left in this rerun")
        self.seconds, self.left = seconds, left


@dataclass
class Work:
    """One rerun's budget: ``total`` estimated CPU seconds, of which ``spent`` are drawn so far, on a machine
    ``slowness`` times slower than the one the estimates were fitted on (a budget of B seconds of this
    machine's CPU is B / slowness estimated seconds)."""

    total: float
    spent: float = 0.0
    slowness: float = 1.0

    @classmethod
    def for_rerun(cls) -> Work:
        seconds = budget_seconds()
        if not math.isfinite(seconds):
            return cls(seconds)
        slowness = machine_slowness()
        return cls(seconds / slowness, slowness=slowness)

    def on_this_machine(self, seconds: float) -> float:
        """An estimate in this machine's seconds: what the page tells the student."""
        return seconds * self.slowness

    @property
    def left(self) -> float:
        return self.total - self.spent

    @property
    def limited(self) -> bool:
        return math.isfinite(self.total)

    def fits(self, seconds: float) -> bool:
        return seconds <= self.left

    def spend(self, seconds: float) -> None:
        """Draw ``seconds`` before the work starts; OverBudget (and nothing drawn) if it does not fit."""
        if not self.fits(seconds):
            raise OverBudget(seconds, self.left)
        self.spent += seconds


def draw(work: Work | None, seconds: float) -> None:
    """In a cached function's body (it runs only on a cache miss): draw the work's estimated cost from this
    rerun's budget, or raise OverBudget before it starts (nothing is cached then). No budget: no limit."""
    if work is not None:
        work.spend(seconds)


def units_that_fit(per_unit: float, most: int, seconds: float) -> int:
    """How many units (epochs) of ``per_unit`` seconds each, at most ``most``, fit in ``seconds``; 0 if none."""
    if per_unit <= 0 or per_unit * most <= seconds:
        return most
    return min(most, int(seconds // per_unit))


def largest_fitting(cost: Callable[[int], float], low: int, high: int, seconds: float) -> int | None:
    """The largest size n in low..high whose ``cost(n)`` is at most ``seconds`` (cost grows with n), or None
    when even ``low`` does not fit. Bisection: about log2(high − low) calls of ``cost``."""
    if cost(high) <= seconds:
        return high
    if cost(low) > seconds:
        return None
    while high - low > 1:  # cost(low) fits, cost(high) does not
        middle = (low + high) // 2
        if cost(middle) <= seconds:
            low = middle
        else:
            high = middle
    return low


# ----- what the page says ----------------------------------------------------------------------------------
# These import Streamlit and the catalogue when called, not at the top: the cost models (ui/network/model.py
# and the others, pure and importable without Streamlit) use the arithmetic above.
def seconds_text(seconds: float) -> str:
    """A duration as people say it: "under a second", "about 12 s", "about 3 min"."""
    from ui.i18n import t

    if seconds < 1:
        return t("net.time.under_second")
    if seconds < 90:
        return t("net.time.seconds", seconds=max(1, round(seconds)))
    return t("net.time.minutes", minutes=max(2, round(seconds / 60)))


def limit_text(work: Work) -> str:
    return seconds_text(work.on_this_machine(work.total))


def budget_note(key: str, work: Work, seconds: float, warning: bool = False, **values) -> None:
    """The message ``key`` about work of ``seconds`` that does not fit ``work``: filled with its time, the
    limit and the variable that lifts it (and ``values``); an info box, or a warning when nothing runs."""
    import streamlit as st

    from ui.i18n import t

    message = t(
        key,
        time=seconds_text(work.on_this_machine(seconds)),
        limit=limit_text(work),
        variable=ENVIRONMENT_VARIABLE,
        **values,
    )
    (st.warning if warning else st.info)(message, icon=":material/speed:")


def clipped_note(what: str, fit: int, asked: int, seconds: float, work: Work) -> None:
    """Say that the server ran ``fit`` of the ``asked`` steps (or epochs: ``what`` is the locale key's
    word, "steps" or "epochs") because ``asked`` would cost ``seconds`` of work."""
    budget_note(f"budget.clipped_{what}", work, seconds, fit=fit, asked=asked)


def later_note(what: str, error: OverBudget, work: Work, key: str) -> None:
    """A piece of work that does not fit what this rerun has left: say so and offer to run it on its own
    (a button: its rerun starts with the whole budget, the work already done is cached by then)."""
    import streamlit as st

    from ui.i18n import t

    st.info(
        t("budget.later", what=t(what), time=seconds_text(work.on_this_machine(error.seconds))),
        icon=":material/speed:",
    )
    if error.seconds <= work.total:
        st.button(t("budget.compute", what=t(what)), key=key, icon=":material/play_arrow:")
