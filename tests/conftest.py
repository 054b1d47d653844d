import os

import numpy as np
import pytest

from engine import keep_freed_memory, one_blas_thread
from surfaces.surface import Surface, split, stack
from ui.budget import SLOWNESS_VARIABLE, machine_slowness


@pytest.fixture
def bowl():
    """½(x² + 4y²), built here so engine tests do not depend on the surface library."""
    return Surface(
        "test_bowl",
        "bowl",
        lambda xy: 0.5 * (split(xy)[0] ** 2 + 4 * split(xy)[1] ** 2),
        lambda xy: stack(split(xy)[0], 4 * split(xy)[1]),
        ((-3, 3), (-3, 3)),
        ((0.0, 0.0),),
        (2.0, 1.5),
        "",
        "",
    )


@pytest.fixture
def rosenbrock():
    """(1 − x)² + 100(y − x²)²."""

    def f(xy):
        x, y = split(xy)
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2

    def grad(xy):
        x, y = split(xy)
        return stack(-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2))

    return Surface(
        "test_rosenbrock", "rosenbrock", f, grad, ((-2, 2), (-1, 3)), ((1.0, 1.0),), (-1.2, 1.0), "", ""
    )


@pytest.fixture
def server_slowness(monkeypatch):
    """Call with a factor: for this test, the machine is that many times slower than the development
    machine (ui/budget.py's machine_slowness; every other test sees 1, set in pytest_configure)."""

    def set_to(factor: float) -> None:
        monkeypatch.setenv(SLOWNESS_VARIABLE, str(factor))
        machine_slowness.cache_clear()

    yield set_to
    machine_slowness.cache_clear()  # the next call reads the environment monkeypatch restores


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture(scope="module")
def app_url():
    """The app served on a free local port, one server per browser-test module (skips without Chromium)."""
    from tests.browser import require_browser, served_app

    require_browser()
    with served_app() as base:
        yield base


@pytest.fixture(scope="module")
def unlimited_app():
    """(base URL, server process) of the app served with no work budget (``PLAYGROUND_BUDGET_S=0``, as on a
    laptop): a link may then ask for work of tens of seconds."""
    from tests.browser import require_browser, served_app

    require_browser()
    with served_app(env={"PLAYGROUND_BUDGET_S": "0"}, with_process=True) as served:
        yield served


def pytest_configure(config):
    """Compute as the app does: with the allocator tuning and the single BLAS thread the app asks for at its
    start (engine/memory.py, engine/threads.py)."""
    keep_freed_memory()
    one_blas_thread()
    # The estimates as fitted, on every machine: a slow CI machine would otherwise get a smaller budget and
    # clip the work tests expect in full (tests/test_budget_worst_cases.py measures this machine instead).
    os.environ[SLOWNESS_VARIABLE] = "1"
    # Visitors see no error details (.streamlit/config.toml); a failing test should show them.
    import streamlit.config

    streamlit.config.set_option("client.showErrorDetails", "full")
