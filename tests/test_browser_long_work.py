"""Long work that yields, in headless Chromium against the served app: a race that takes seconds shows its
progress and a Stop button; Stop (or a student who leaves) ends the computing at once, on the server.

The server runs with no budget (``PLAYGROUND_BUDGET_S=0``, a laptop), so that a shared link can ask for a
race of tens of seconds; what the server spends is read from its process's CPU time (/proc)."""

from __future__ import annotations

import os
import time
from urllib.parse import urlencode

import pytest

from tests.browser import chromium_page, page_errors

pytestmark = pytest.mark.browser

# six optimizers × 5000 steps on a 27-factor product: about 40 s of CPU when nothing stops it
LONG_RACE = urlencode(
    {
        "surface": "Custom formula",
        "formula": "*".join(["tanh(x-y)"] * 27),
        "steps": "5000",
        "opt": ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"],
    },
    doseq=True,
)


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time, from /proc/<pid>/stat (fields 14 and 15, in clock ticks)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_for(pid: int, seconds: float = 2.0) -> float:
    """The server's CPU seconds over the next ``seconds`` of wall time."""
    start = cpu_seconds(pid)
    time.sleep(seconds)
    return cpu_seconds(pid) - start


def test_a_long_race_shows_progress_and_stop_ends_the_computing(unlimited_app):
    base, server = unlimited_app
    with chromium_page() as page:
        errors = page_errors(page)
        page.goto(f"{base}/?{LONG_RACE}")
        bar = page.locator("[data-testid=stProgress]")
        bar.wait_for(timeout=30_000)
        page.wait_for_function(
            "[...document.querySelectorAll('[data-testid=stProgress]')].some(e => /Racing: [1-9]/.test(e.innerText))",
            timeout=30_000,
        )
        computing = busy_for(server.pid, 2.0)
        assert computing > 0.4  # it is computing (a core's worth on a quiet machine)
        page.get_by_role("button", name="Stop", exact=True).click()
        page.get_by_text("Stopped before the race was finished").wait_for(timeout=10_000)
        time.sleep(1.0)  # the stopped run ends at its next progress update (every 0.2 s)
        assert busy_for(server.pid, 2.0) < min(0.2, computing / 3)  # and nothing keeps computing
        assert page.get_by_role("button", name="Run the race").is_visible()
        assert not page.locator("[data-testid=stException]").count() and not errors


def test_a_student_who_leaves_during_a_long_race_frees_the_server(unlimited_app):
    base, server = unlimited_app
    with chromium_page() as page:
        page.goto(f"{base}/?{LONG_RACE}&seed=1")  # not cached by the test above
        page.wait_for_function(
            "[...document.querySelectorAll('[data-testid=stProgress]')].some(e => /Racing: [1-9]/.test(e.innerText))",
            timeout=30_000,
        )
        computing = busy_for(server.pid, 2.0)
        assert computing > 0.4
    # the browser is closed: the student left
    time.sleep(1.5)
    assert busy_for(server.pid, 2.0) < min(0.2, computing / 3)
