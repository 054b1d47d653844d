"""The lessons in headless Chromium, in English and Chinese: each renders its experiment without an error."""

from __future__ import annotations

import pytest

from tests.browser import VEGA_DRAWN, chromium_page, page_errors
from ui import lessons
from ui.i18n import text

pytestmark = pytest.mark.browser


def open_lesson(page, url, lang="en"):
    """Open a lesson and wait until the whole page is there (its last element is the lab link)."""
    page.goto(url)
    page.get_by_text(text("lessons.open", lang)).first.wait_for(timeout=30_000)
    page.wait_for_selector(VEGA_DRAWN, timeout=30_000)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_renders_its_experiment(app_url, lang):
    with chromium_page() as page:
        errors = page_errors(page)
        for number, lesson in enumerate(lessons.LESSONS, start=1):
            open_lesson(page, f"{app_url}/lessons?lesson={number}&lang={lang}", lang)
            main = page.inner_text("[data-testid=stMain]")
            assert text(f"lesson.{lesson.key}.title", lang) in main
            assert text("lessons.open", lang) in main
            assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []


def test_next_button_and_play_in_a_lesson(app_url):
    with chromium_page() as page:
        open_lesson(page, f"{app_url}/lessons?lesson=5")
        page.get_by_role("button", name=text("lessons.next")).click()
        page.wait_for_function(
            f"document.querySelector('h2') && document.querySelector('h2').innerText.includes("
            f"{text('lesson.rmsprop.title')!r})",
            timeout=20_000,
        )
        page.wait_for_function("document.querySelectorAll('.vega-bindings input[name=t]').length >= 1")
        page.get_by_role("button", name="rewind").click()
        slider = page.locator(".vega-bindings input[name=t]").first
        assert slider.input_value() == "0"
        page.get_by_role("button", name="play").click()
        page.wait_for_function(
            "+document.querySelector('.vega-bindings input[name=t]').value > 0", timeout=5_000
        )


def test_open_in_the_lab_opens_the_lessons_setup(app_url):
    with chromium_page() as page:
        open_lesson(page, f"{app_url}/lessons?lesson=6")
        with page.expect_popup() as popup:
            page.get_by_text(text("lessons.open")).first.click()
        lab = popup.value
        lab.wait_for_selector(VEGA_DRAWN, timeout=30_000)
        lab.get_by_text("Reset zoom").first.wait_for(timeout=30_000)
        main = lab.inner_text("[data-testid=stMain]")
        assert "Plateau:" in main and "Page not found" not in lab.inner_text("body")
        chips = lab.locator("[data-testid=stMultiSelect]").first.inner_text()
        assert "Adagrad" in chips and "RMSProp" in chips and "SGD" not in chips


PHONE = (390, 844)
SLACK = 4  # px: KaTeX's gathered lines measure a pixel or two over their box


def test_on_a_phone_the_lessons_and_their_equations_fit_the_screen(app_url):
    """At 390 × 844 no lesson scrolls sideways, and every display equation is drawn whole, as a block that
    fits its box (in a paragraph, the lecture's long equations wrapped at any symbol; in one line they would
    not fit)."""
    with chromium_page(*PHONE) as page:
        for number, lesson in enumerate(lessons.LESSONS, start=1):
            page.goto(f"{app_url}/lessons?lesson={number}")
            page.locator("[data-testid=stLinkButton]").first.wait_for(
                timeout=30_000
            )  # the page's last element
            page.wait_for_selector(VEGA_DRAWN, timeout=30_000)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0] + SLACK, number
            boxes = page.evaluate(
                "[...document.querySelectorAll('[data-testid=stMain] .katex-display')]"
                ".map(d => [d.scrollWidth, d.clientWidth])"
            )
            equations = [
                p for kind, p in lessons.body_parts(text(f"lesson.{lesson.key}.body")) if kind == "equation"
            ]
            assert len(boxes) == len(equations), number
            assert all(scroll <= client + SLACK for scroll, client in boxes), (number, boxes)
