"""The optimizer lab's layout in headless Chromium (issue 16): presentation mode at 1920×1080, the chart
toolbar and Reset zoom at 1400×1000, a phone at 390×844, and L(x, y) on hover over the surface."""

from __future__ import annotations

import time

import pytest

from tests.browser import chromium_page, scene
from tests.test_browser_optimizer_lab import open_lab as the_lab

pytestmark = pytest.mark.browser

RACE = ".st-key-race_chart_0"
SIX = "opt=SGD&opt=Momentum&opt=Nesterov&opt=Adagrad&opt=RMSProp&opt=Adam"


def open_lab(page, url):
    the_lab(page, url, timeout=40_000)
    time.sleep(0.5)


def boxes(page) -> list[dict]:
    """The race chart's and the linked panels' boxes, and every text size in them (the text of the scene the
    race's canvas shows, the sizes the panels' canvas drew its text in)."""
    scene(page, RACE)
    return page.evaluate(
        """() => [document.querySelector('.vega-embed'), document.querySelector('.op-linked')].map(e => {
            const r = e.getBoundingClientRect();
            const sizes = e.dataset.fonts ? JSON.parse(e.dataset.fonts)
                : [...e.querySelectorAll('svg.op-scene text')].filter(t => t.textContent.trim())
                    .map(t => parseFloat(getComputedStyle(t).fontSize));
            const column = e.closest('[data-testid=stColumn]').getBoundingClientRect();
            return {x: r.x, right: r.right, width: r.width, column: column.width, sizes};
        })"""
    )


def overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_presentation_mode_charts_fill_the_width_with_large_text(app_url):
    with chromium_page(1920, 1080) as page:
        open_lab(page, f"{app_url}/?present=1")
        race, linked = boxes(page)
        for chart in (race, linked):
            assert chart["width"] >= 0.45 * 1920, chart
            assert chart["width"] >= 0.97 * chart["column"], "a chart does not fill its column"
            assert chart["sizes"] and min(chart["sizes"]) >= 20, sorted(set(chart["sizes"]))


def test_the_chart_toolbars_leave_the_player_free(app_url):
    with chromium_page(1400, 1000) as page:
        open_lab(page, app_url)
        player = [page.locator(sel).first.bounding_box() for sel in (".op-label", ".op-speed")]
        box = page.locator(".vega-embed").first.bounding_box()  # the race chart, right under the player
        page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.3)
        toolbar = page.locator("[data-testid=stElementToolbar]").first
        toolbar.wait_for(state="visible", timeout=5_000)
        time.sleep(0.3)
        bar = toolbar.bounding_box()
        assert all(not overlaps(bar, item) for item in player), (bar, player)


def test_reset_zoom_sits_right_under_the_legend(app_url):
    with chromium_page(1400, 1000) as page:
        open_lab(page, app_url)
        scene(page, RACE)
        legend_bottom = page.evaluate(
            """() => Math.max(...[...document.querySelector('.vega-embed svg.op-scene').querySelectorAll('.role-legend')]
                .map(l => l.getBoundingClientRect().bottom))"""
        )
        button = page.get_by_role("button", name="Reset zoom").bounding_box()
        assert 0 <= button["y"] - legend_bottom <= 24, (legend_bottom, button)


def test_on_a_phone_nothing_overflows_and_the_race_fits(app_url):
    with chromium_page(390, 844) as page:
        open_lab(page, f"{app_url}/?{SIX}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 395
        race, linked = boxes(page)
        for chart in (race, linked):
            assert chart["x"] >= 0 and chart["right"] <= 390, chart
        # the race's legend (six optimizers and the colour bar) stays inside the chart
        scene(page, RACE)
        right = page.evaluate(
            """() => Math.max(...[...document.querySelector('.vega-embed svg.op-scene').querySelectorAll('.role-legend')]
                .map(l => l.getBoundingClientRect().right))"""
        )
        assert right <= race["right"] + 1


def test_hovering_the_surface_shows_l_of_x_y(app_url):
    with chromium_page(1400, 1000) as page:
        open_lab(page, app_url)
        box = page.locator(".vega-embed").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.12)
        tooltip = page.locator("#vg-tooltip-element.visible")
        tooltip.wait_for(timeout=5_000)
        words = tooltip.inner_text()
        assert "L(x, y)" in words and "x" in words and "y" in words
