"""The player in headless Chromium while the race it drives is replaced: changing Steps, surface or
optimizers must never freeze the tab (an old player instance used to keep fighting the new one)."""

from __future__ import annotations

import contextlib
import signal

import pytest

from tests.browser import canvas_pixels, chromium_page
from tests.test_browser_optimizer_lab import open_lab

pytestmark = pytest.mark.browser

ANSWER_WITHIN_MS = 2_000
SETTLE_MS = 30_000


class FrozenTab(AssertionError):
    pass


@contextlib.contextmanager
def deadline(seconds: float, what: str):
    """Fail after ``seconds`` from Python: a renderer spinning in a script never runs Playwright's in-page
    timeouts, so without this a frozen tab hangs the test instead of failing it."""

    def give_up(*_):
        raise FrozenTab(f"the tab did not answer within {seconds:g} s: {what}")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def answers(page) -> None:
    """The renderer runs JavaScript again within 2 s (a frozen tab spins in a script and never does)."""
    with deadline(ANSWER_WITHIN_MS / 1000, "a trivial script"):
        page.evaluate("1 + 1")


def step_label(page) -> str:
    return page.locator(".op-label").first.inner_text()


def steps_input(page):
    return page.locator("[data-testid=stNumberInput]").filter(has_text="Steps")


def shown_steps(page) -> int:
    page.wait_for_timeout(1_000)
    return int(steps_input(page).locator("input").input_value())


def type_steps(page, value: int) -> None:
    box = steps_input(page).locator("input")
    box.fill(str(value))
    box.press("Enter")


def pick(page, label: str, option: str) -> None:
    """Choose in a select box the way a user types into it (its option list is virtualised)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def settled_at(page, steps: int) -> None:
    """The player shows the new count, every t slider of the race reaches it, and the page still answers."""
    with deadline(SETTLE_MS / 1000 + 5, f"settling at {steps} steps"):
        _wait_until_settled(page, steps)
    page.wait_for_timeout(1_500)  # a fight between two players shows up as a spinning renderer after this
    answers(page)
    assert step_label(page).endswith(f"/ {steps}")


def _wait_until_settled(page, steps: int) -> None:
    page.wait_for_function(
        f"""() => {{
          const label = document.querySelector('.op-label');
          const sliders = [...document.querySelectorAll('.st-key-race_chart_0_view .vega-bindings input[name=t]')];
          return label && label.textContent.endsWith('/ {steps}') && sliders.length >= 2
            && sliders.every(s => +s.value === {steps});
        }}""",
        timeout=SETTLE_MS,
        polling=250,
    )


def test_changing_steps_again_and_again_never_freezes_the_tab(app_url):
    with chromium_page() as page:
        open_lab(page, app_url)
        assert step_label(page).endswith("/ 300")
        steps_input(page).locator("button").last.click()  # "+": 300 -> 350, the reported freeze
        settled_at(page, 350)
        for steps in (400, 200):
            type_steps(page, steps)
            settled_at(page, steps)
        pick(page, "Surface", "Ravine")  # a surface may bring its own suggested step count
        page.wait_for_function("document.querySelector('.op-label').textContent.includes('/')")
        settled_at(page, shown_steps(page))
        type_steps(page, 1000)
        settled_at(page, 1000)
        page.get_by_role("button", name="Remove SGD").click()
        settled_at(page, 1000)
        pick(page, "Optimizers", "Adam")
        settled_at(page, 1000)
        steps_input(page).locator("button").first.click()  # "−": 1000 -> 950
        settled_at(page, 950)
        type_steps(page, 120)
        settled_at(page, 120)


@pytest.mark.parametrize("path, chart", [("/", "race_chart_0"), ("/lessons?lesson=5", "lesson_adagrad")])
def test_the_race_is_drawn_on_a_canvas_that_playback_redraws(app_url, path, chart):
    """Playback redraws the paths, heads and rules at t each frame; as SVG the browser also restyled and
    repainted the picture, the contours and the click grid's 1,600 cells under them (37.7 fps here, 54.0 on
    a canvas, ui/chart_kit.on_canvas)."""
    with chromium_page() as page:
        open_lab(page, app_url + path, timeout=60_000)
        race = f".st-key-{chart}_view"  # its only Vega canvas (the linked panels' are not Vega's)
        assert page.locator(f"{race} .vega-embed canvas").count() == 1
        # the race chart is the view's first Vega chart, and it has no SVG
        assert page.locator(f"{race} .vega-embed").first.locator("svg").count() == 0
        view = page.locator(race)
        view.get_by_role("button", name="rewind").click()
        page.wait_for_timeout(400)
        at_zero = canvas_pixels(page, race)
        view.get_by_role("button", name="play").click()
        page.wait_for_timeout(800)
        assert canvas_pixels(page, race) != at_zero
