"""The optimizer lab on a phone (390×844) in headless Chromium (issue 16): nothing widens the page, every
equation fits its box (or scrolls inside it), every tab stays on screen (chosen or not), the results table says
it scrolls sideways, and the sidebar drawer starts collapsed on every reload."""

from __future__ import annotations

import time

import pytest

from tests.browser import VEGA_DRAWN, chromium_page
from tests.test_browser_optimizer_lab import number_inputs, start_after

pytestmark = pytest.mark.browser

PHONE = (390, 844)
SIX = "opt=SGD&opt=Momentum&opt=Nesterov&opt=Adagrad&opt=RMSProp&opt=Adam"
LONG = "x%5E2%20%2B%203*sin(y)%20%2B%200.1*x*y%20%2B%20log(1%20%2B%20x%5E2%20%2B%20y%5E2)%20%2B%20exp(-x%5E2)"


def open_lab(page, url, timeout=40_000):
    page.goto(url)
    page.wait_for_selector(VEGA_DRAWN, timeout=timeout)
    time.sleep(2.0)


def equations(page) -> list[dict]:
    """Each display equation: its content width, its box, how it overflows and its parent's box."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.katex-display')].filter(k => k.offsetParent).map(k => {
            const box = k.getBoundingClientRect();
            const column = k.closest('[data-testid=stVerticalBlock]');  // the room it may take
            return {content: k.scrollWidth, width: k.clientWidth, column: column.clientWidth,
                    left: box.left, right: box.right, parent: column.getBoundingClientRect().right,
                    overflow: getComputedStyle(k).overflowX,
                    text: k.textContent.slice(0, 40)};
        })"""
    )


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def sidebar_right(page) -> float:
    return page.evaluate("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right")


def test_on_a_phone_every_equation_fits_and_the_page_does_not_widen(app_url):
    with chromium_page(*PHONE) as page:
        open_lab(page, f"{app_url}/?{SIX}")
        page.get_by_text("Gradient ∇L").first.click()  # the header's gradient, in its expander
        time.sleep(1.0)
        assert page_width(page) <= 394
        shown = equations(page)
        # L(x, y), ∇L and the six update rules (the Update rules tab is the open one)
        assert len(shown) >= 8, shown
        for equation in shown:
            assert equation["left"] >= 0 and equation["right"] <= 390 + 0.5, equation
            # (KaTeX's display box may hug its content and overhang it by a pixel or two: fits the column)
            assert equation["content"] <= equation["column"] + 1, f"cut off: {equation}"


def test_on_a_phone_a_long_formula_scrolls_inside_its_own_box(app_url):
    with chromium_page(*PHONE) as page:
        open_lab(page, f"{app_url}/?surface=Custom+formula&formula={LONG}")
        assert page_width(page) <= 394
        wide = [e for e in equations(page) if e["content"] > e["column"] + 1]
        assert wide, "the long formula should be wider than the phone"  # L(x, y) (and ∇L in its expander)
        for formula in wide:
            assert formula["overflow"] in ("auto", "scroll"), formula
            assert formula["right"] <= formula["parent"] + 0.5 <= 390.5, formula


def test_on_a_phone_each_tab_stays_in_view_when_chosen(app_url):
    with chromium_page(*PHONE) as page:
        open_lab(page, app_url)
        tabs = page.locator("[data-testid=stTab]")
        assert tabs.count() == 5
        for index in range(5):
            tabs.nth(index).click()
            time.sleep(0.8)
            assert tabs.nth(index).get_attribute("aria-selected") == "true"
            box = tabs.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (tabs.nth(index).inner_text(), box)
            # and none is hidden past the edge of a sideways-scrolling tab bar: the bar wraps instead
            for other in range(5):
                box = tabs.nth(other).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (tabs.nth(other).inner_text(), box)
            assert page_width(page) <= 394


def test_on_a_phone_the_results_table_says_it_scrolls(app_url):
    with chromium_page(*PHONE) as page:
        open_lab(page, app_url)
        hint = page.locator(".st-key-results_scroll_hint")
        assert hint.is_visible() and "sideways" in hint.inner_text()
        table = page.locator("[data-testid=stDataFrame]").first.bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= 390
    with chromium_page(1400, 1000) as page:  # wide enough for every column: no hint
        open_lab(page, app_url)
        assert not page.locator(".st-key-results_scroll_hint").is_visible()


def test_on_a_phone_the_sidebar_starts_collapsed_after_a_reload(app_url):
    with chromium_page(*PHONE) as page:
        open_lab(page, app_url)
        assert sidebar_right(page) <= 1
        page.get_by_test_id("stExpandSidebarButton").click()  # the student opens the drawer…
        page.wait_for_function(
            "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right > 200"
        )
        page.reload()  # …and reloads with it open
        page.wait_for_selector(VEGA_DRAWN, timeout=40_000)
        time.sleep(2.0)
        assert sidebar_right(page) <= 1, "the drawer reopened over the page"
        page.reload()
        page.wait_for_selector(VEGA_DRAWN, timeout=40_000)
        time.sleep(2.0)
        assert sidebar_right(page) <= 1


def test_on_a_touch_screen_each_tap_on_the_surface_moves_the_start(app_url):
    """A tap reaches Vega's canvas with no move over it first, and Vega then found nothing under it (only a
    page's first touch was looked up, vega/vega#4173): on a phone the start never moved."""
    with chromium_page(*PHONE, touch=True) as page:
        open_lab(page, app_url)
        chart = page.locator(".st-key-race_chart_0_view .vega-embed canvas").first
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        starts = [float(number_inputs(page)["start x"])]
        for fx, fy in [(0.3, 0.3), (0.4, 0.38), (0.5, 0.46)]:
            before = number_inputs(page)["start x"]
            page.touchscreen.tap(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            starts.append(start_after(page, before))
        assert starts == sorted(starts) and len(set(starts)) == 4, starts
