"""Every kind of change in the optimizer lab, in headless Chromium: each gives a new picture, the page keeps
answering, and a change of the race alone (η, start, steps, optimizers) is swapped into the charts the
browser has instead of building new ones (what made a change take seconds to redraw). Not timed: the times
are measured by benchmarks/bench_browser.py."""

from __future__ import annotations

import pytest

from tests.browser import CANVAS_PIXELS_JS, chromium_page, page_errors, scene
from tests.test_browser_optimizer_lab import open_lab
from tests.test_browser_player import answers, pick

pytestmark = pytest.mark.browser

VIEW = ".st-key-race_chart_0_view"
SETTLE_MS = 30_000
# A hash of what the race view draws: the race chart's canvas (its pixels), the other charts' lines, points,
# rules, axis labels, legend labels, and the linked panels' canvas (the hash of what it drew,
# ui/race/linked_panels.js).
PICTURE_JS = f"""() => {{
  let text = ({CANVAS_PIXELS_JS})('{VIEW}') + '|';
  text += [...document.querySelectorAll('{VIEW} .op-linked')].map(e => e.dataset.drawn || '').join('|');
  for (const svg of document.querySelectorAll('{VIEW} .vega-embed svg:not(.op-scene)'))
    for (const e of svg.querySelectorAll('g.mark-line path, g.mark-symbol path, g.mark-rule line, '
        + '.role-axis-label text, .role-legend-label text'))
      text += (e.getAttribute('d') || e.getAttribute('transform') || e.textContent || '') + '|';
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return text.length + ':' + (h >>> 0);
}}"""
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') !== 'running'
    && !document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]');
}"""
# Mark the charts' canvas and SVG elements and the panels' canvas now, to tell later whether the same ones are still there.
RACE_CANVAS = f"{VIEW} .vega-embed canvas"
CHARTS = f"{RACE_CANVAS}, {VIEW} .vega-embed svg:not(.op-scene), {VIEW} .op-linked canvas.op-lines"
MARK_JS = f"() => {{ window.__charts = [...document.querySelectorAll('{CHARTS}')]; }}"
SAME_JS = f"""() => {{
  const now = [...document.querySelectorAll('{CHARTS}')];
  return now.length === window.__charts.length && now.every((svg, i) => svg === window.__charts[i]);
}}"""


def changed(page, change) -> bool:
    """Make ``change``; wait until the app is idle with a new picture; the page still answers. Returns
    whether the charts are the same elements as before (the new race swapped into them)."""
    before = page.evaluate(PICTURE_JS)
    page.evaluate(MARK_JS)
    change()
    page.wait_for_function(
        f"([before]) => ({IDLE_JS})() && ({PICTURE_JS})() !== before",
        arg=[before],
        polling=100,
        timeout=SETTLE_MS,
    )
    answers(page)
    assert page.locator("[data-testid=stException]").count() == 0
    return page.evaluate(SAME_JS)


def x_labels(page) -> list[float]:
    """The race chart's x-axis labels, as numbers (read from its scene)."""
    scene(page, VIEW)
    labels = page.evaluate(
        f"[...document.querySelector('{VIEW} svg.op-scene').querySelectorAll('.role-axis')]"
        ".filter(a => (a.getAttribute('aria-label') || '').startsWith('X-axis'))"
        ".flatMap(a => [...a.querySelectorAll('.role-axis-label text')].map(t => t.textContent))"
    )
    return [float(label.replace("\u2212", "-")) for label in labels]


def lr_notch(page) -> None:
    slider = page.locator(".st-key-lr input[type=range]").first
    slider.focus()
    slider.press("ArrowLeft")


def click_surface(page, fx: float, fy: float) -> None:
    box = page.locator(RACE_CANVAS).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def set_steps(page, steps: int) -> None:
    box = page.locator(".st-key-steps input").first
    box.fill(str(steps))
    box.press("Enter")


def test_every_change_redraws_and_a_new_race_is_swapped_into_the_charts(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        open_lab(page, app_url)
        # Each change twice in a row (the second goes into the same charts too), each to a new value.
        race_only = {
            "η": [lambda: lr_notch(page)] * 2,
            "start": [lambda: click_surface(page, 0.7, 0.3), lambda: click_surface(page, 0.3, 0.6)],
            "steps": [lambda: set_steps(page, 180), lambda: set_steps(page, 240)],
            "optimizers": [
                lambda: page.get_by_role("button", name="Remove SGD").click(),
                lambda: pick(page, "Optimizers", "Adam"),
            ],
        }
        for what, changes in race_only.items():
            for change in changes:
                assert changed(page, change), f"{what}: the browser built new charts for a new race"
            page.keyboard.press("Escape")
        for surface in ("Himmelblau", "Ravine"):  # another surface: another picture, scales, legend
            changed(page, lambda s=surface: pick(page, "Surface", s))
            assert surface in page.inner_text("[data-testid=stMain]")
        # A surface of the same shape goes into the same surface chart, and a zoom does not outlive it.
        changed(page, lambda: pick(page, "Surface", "Himmelblau"))
        box = page.locator(RACE_CANVAS).first.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4)
        page.mouse.wheel(0, -600)
        page.wait_for_timeout(500)
        assert max(x_labels(page)) < 5, "the wheel did not zoom in"
        page.evaluate(MARK_JS)
        changed(page, lambda: pick(page, "Surface", "Booth"))
        assert page.evaluate(f"() => document.querySelector('{RACE_CANVAS}') === window.__charts[0]")
        assert min(x_labels(page)) <= -8 and max(x_labels(page)) >= 8, "Booth's domain is −10 to 10"
        scene(page, VIEW)
        legend = page.evaluate(
            f"[...document.querySelectorAll('{VIEW} svg.op-scene .role-legend-label text')]"
            ".map(e => e.textContent)"
        )
        assert "Adam" in legend and "SGD" not in legend
        assert errors == []
