"""The linked panels (ui/race/linked_panels.py, a canvas) and the step readout under them
(ui/race/step_readout.py) in headless Chromium: the panels draw the race's lines, their rule and the readout
follow the player step by step with nothing sent to the server, a new race is drawn in place, and a hover
names the nearest point."""

from __future__ import annotations

import pytest

from tests.browser import chromium_page
from tests.test_browser_optimizer_lab import open_lab

pytestmark = pytest.mark.browser

PANELS = ".st-key-race_chart_0_view .op-linked"
READOUT = ".st-key-race_chart_0_view .op-readout"

# Where the overlay (the rule at t, the marks reached) has paint, as columns of the first panel's band, and
# how many of the lines' pixels are each series' colour.
OVERLAY_COLUMNS_JS = """(scope) => {
  const root = document.querySelector(scope), over = root.querySelector('canvas.op-over');
  const { data: pixels, width } = over.getContext('2d').getImageData(0, 0, over.width, 60);
  const columns = new Set();
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) columns.add(((i - 3) / 4) % width);
  return [...columns].sort((a, b) => a - b);
}"""
COLOUR_PIXELS_JS = """([scope, hex]) => {
  const lines = document.querySelector(scope).querySelector('canvas.op-lines');
  const { data: pixels } = lines.getContext('2d').getImageData(0, 0, lines.width, lines.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4)
    if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 30 && pixels[i + 3] > 200) n++;
  return n;
}"""


def state(page) -> dict:
    return page.evaluate(
        "(scope) => { const r = document.querySelector(scope); return {drawn: r.dataset.drawn, t: r.dataset.t,"
        " width: r.getBoundingClientRect().width}; }",
        PANELS,
    )


def readout_lines(page) -> list[str]:
    """The step readout's line of each run (its λ at the player's step, and η_t·λmax for some)."""
    return page.evaluate(
        "(scope) => [...document.querySelector(scope).querySelectorAll('tr')].map((r) => r.cells[1].textContent)",
        READOUT,
    )


def rule_column(page, steps: int, t: int) -> float:
    """Where the rule at step t is drawn (the JS's fx: 0.5 + t / steps · (width − 1.5), on a whole pixel)."""
    width = state(page)["width"]
    return round(0.5 + t / steps * (width - 1.5)) + 0.5


def test_the_panels_draw_the_race_follow_the_player_and_redraw_a_new_race(app_url):
    with chromium_page(1400, 1000) as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_lab(page, app_url)
        page.wait_for_function("(s) => document.querySelector(s)?.dataset.drawn", arg=PANELS, timeout=20_000)
        first = state(page)
        assert first["t"] == "300"  # the whole race, before the player moves
        # every racing optimizer's colour is drawn (RMSProp's orange, Momentum's blue)
        for colour in ("#D55E00", "#56B4E9"):
            assert page.evaluate(COLOUR_PIXELS_JS, [PANELS, colour]) > 200, colour

        at_the_end = readout_lines(page)
        assert len(at_the_end) == 4 and all(line.startswith("λ = ") for line in at_the_end), at_the_end

        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
        page.locator(".op-player button[data-act=rewind]").click()
        page.wait_for_function(
            "(s) => document.querySelector(s).dataset.t === '0'", arg=PANELS, timeout=5_000
        )
        for _ in range(3):
            page.locator(".op-player button[data-act=forward]").click()
        page.wait_for_function(
            "(s) => document.querySelector(s).dataset.t === '3'", arg=PANELS, timeout=5_000
        )
        columns = page.evaluate(OVERLAY_COLUMNS_JS, PANELS)
        assert columns and max(abs(c + 0.5 - rule_column(page, 300, 3)) for c in columns) <= 1.5, columns
        page.locator(".op-player .op-scrub").fill("150")
        page.wait_for_function(
            "(s) => document.querySelector(s).dataset.t === '150'", arg=PANELS, timeout=5_000
        )
        columns = page.evaluate(OVERLAY_COLUMNS_JS, PANELS)
        assert max(abs(c + 0.5 - rule_column(page, 300, 150)) for c in columns) <= 1.5, columns
        assert not sent, "moving the player sent something to the server"
        assert state(page)["drawn"] == first["drawn"]  # the lines stay; only the rule moved

        slider = page.locator(".st-key-lr input[type=range]").first  # a new η: a new race, drawn in place
        slider.focus()
        slider.press("ArrowLeft")
        page.wait_for_function(
            "([s, before]) => document.querySelector(s).dataset.drawn !== before",
            arg=[PANELS, first["drawn"]],
            timeout=20_000,
        )
        assert page.locator(PANELS).count() == 1
        assert not errors, errors


def test_hovering_a_line_names_the_optimizer_its_step_and_value(app_url):
    with chromium_page(1400, 1000) as page:
        open_lab(page, app_url)
        page.wait_for_function("(s) => document.querySelector(s)?.dataset.drawn", arg=PANELS, timeout=20_000)
        box = page.locator(f"{PANELS} canvas.op-over").bounding_box()
        tip = page.locator(f"{PANELS} .op-tip")
        found = None
        for dy in range(30, 150, 3):  # down the first panel, a third of the way along, until a line is near
            page.mouse.move(box["x"] + box["width"] / 3, box["y"] + dy)
            if tip.is_visible():
                found = tip.inner_text()
                break
        assert found is not None, "no line answered a hover"
        assert any(name in found for name in ("SGD", "Momentum", "Adagrad", "RMSProp")), found
        assert "step" in found and "L − L*" in found, found
        page.mouse.move(box["x"] - 40, box["y"] - 40)
        tip.wait_for(state="hidden", timeout=2_000)


def test_the_panels_open_full_screen_and_come_back(app_url):
    """Vega's chart toolbar had a full-screen button; the canvas has its own: the panels fill the screen, taller,
    with the rule still following the player, and leave it again."""
    with chromium_page(1400, 1000) as page:
        open_lab(page, app_url)
        page.wait_for_function("(s) => document.querySelector(s)?.dataset.drawn", arg=PANELS, timeout=20_000)
        small = page.locator(f"{PANELS} canvas.op-lines").bounding_box()
        page.locator(PANELS).hover()
        button = page.locator(f"{PANELS} button.op-full")
        assert button.get_attribute("aria-label") == "full screen"
        button.click()
        page.wait_for_function("(s) => document.querySelector(s).dataset.fullscreen === 'true'", arg=PANELS)
        page.wait_for_timeout(300)
        big = page.locator(f"{PANELS} canvas.op-lines").bounding_box()
        assert big["width"] > small["width"] * 2 and big["height"] > small["height"] * 1.5, (small, big)
        assert button.get_attribute("aria-label") == "exit full screen"
        page.evaluate(  # what the player does to every t slider in its scope
            "(s) => { const i = document.querySelector(s + ' .vega-bindings input');"
            " i.value = 42; i.dispatchEvent(new Event('input')); }",
            PANELS,
        )
        page.wait_for_function(
            "(s) => document.querySelector(s).dataset.t === '42'", arg=PANELS, timeout=5_000
        )
        button.click()
        page.wait_for_function("(s) => document.querySelector(s).dataset.fullscreen === 'false'", arg=PANELS)
        page.wait_for_timeout(300)
        back = page.locator(f"{PANELS} canvas.op-lines").bounding_box()
        assert abs(back["width"] - small["width"]) <= 1 and abs(back["height"] - small["height"]) <= 1, (
            small,
            back,
        )
