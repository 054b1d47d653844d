"""The network lab in headless Chromium: loads cleanly at /network, a change trains by itself with live and
final curves, the depth experiment grows depth by depth and stops, a click on a test point changes the
thinned network, shared and garbage URLs."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from tests.browser import chromium_page, page_errors

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def settled(page) -> None:
    """Wait until the script run is over (no "running" status widget) and the browser has drawn it."""
    time.sleep(0.5)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=TIMEOUT
    )
    time.sleep(1.0)


def open_lab(page, url, trained: str = "networks trained"):
    """Go to ``url`` and wait until the page has trained (its button says ``trained``) and drawn."""
    page.goto(url)
    page.wait_for_selector("h1", timeout=TIMEOUT)
    page.wait_for_selector(f"button:has-text('{trained}')", timeout=TIMEOUT)
    page.wait_for_selector(".vega-embed svg", timeout=TIMEOUT)
    settled(page)


def main_text(page) -> str:
    return page.inner_text("[data-testid=stMain]")


def slider_value(page, key: str) -> str:
    """A slider's value: its range input (the widget's container has the class st-key-<key>)."""
    return page.locator(f".st-key-{key} input[type=range]").first.input_value()


def select_value(page, key: str) -> str:
    return page.locator(f".st-key-{key} input").first.input_value()


def network_drawing(page) -> str:
    """The SVG of the thinned network (the chart with the most rule marks): what changes with the input."""
    return page.evaluate(
        "[...document.querySelectorAll('.vega-embed svg')].map(s => s.innerHTML)"
        ".sort((a, b) => b.length - a.length)[0]"
    )


def test_loads_at_network_without_an_exception_box(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        open_lab(page, f"{app_url}/network")
        assert page.locator("[data-testid=stException]").count() == 0
        assert "Network lab" in page.inner_text("h1")
        assert "Sigmoid" in main_text(page) and "Maxout" in main_text(page)
        assert errors == []


def line_paths(page) -> str:
    return page.evaluate(
        "[...document.querySelectorAll('.vega-embed svg g.mark-line path')].map(p => p.getAttribute('d')).join('|')"
    )


def test_a_burst_of_changes_trains_once_for_the_last_value_with_live_curves(app_url):
    """Issue 12: no Train press; 150 key presses on the epochs slider end in one training of 1530 epochs,
    drawn live where the loss chart is, then the results."""
    with chromium_page() as page:
        open_lab(page, f"{app_url}/network?epochs=30&n=100")
        page.locator(".st-key-epochs input[type=range]").focus()
        for _ in range(150):  # 30 → 1530 epochs: long enough to watch
            page.keyboard.press("ArrowRight")
        page.wait_for_selector("[data-testid=stProgress]", timeout=TIMEOUT)
        assert page.locator(".st-key-train button:visible").count() == 0  # it trains by itself
        drawn = set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and page.locator("[data-testid=stProgress]").count():
            if paths := line_paths(page):
                drawn.add(paths)
            time.sleep(0.15)
        assert len(drawn) >= 3, "the live loss curves should have been redrawn while training"
        page.wait_for_selector("button:has-text('3 networks trained')", timeout=TIMEOUT)
        settled(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert "epochs=1530" in page.url
        assert "Stopped" not in main_text(page)
        ticks = page.evaluate(
            "[...document.querySelectorAll('.vega-embed svg .role-axis-label text')].map(t => t.textContent)"
        )
        assert any(int(tick.replace(",", "")) > 300 for tick in ticks if tick.replace(",", "").isdigit())


def test_a_change_trains_without_train_and_leaves_the_page_responsive(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        open_lab(page, f"{app_url}/network?epochs=60&n=200&data_seed=31")
        before = line_paths(page)
        slider = page.locator(".st-key-width input[type=range]").first
        slider.focus()
        slider.press("ArrowRight")  # 16 → 17 neurons: a setup not trained yet
        page.wait_for_function("location.href.includes('width=17')", timeout=TIMEOUT)
        page.wait_for_selector("button:has-text('3 networks trained')", timeout=TIMEOUT)
        settled(page)
        assert line_paths(page) != before  # new curves, without a press of Train
        assert "shown until" not in main_text(page)  # nothing stale
        page.get_by_role("tab", name="Vanishing gradient").click()  # still responsive
        page.wait_for_selector("text=Gradient size per layer during training", timeout=TIMEOUT)
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []


def test_the_depth_experiment_draws_each_depth_as_it_finishes_and_stop_ends_it(unlimited_app):
    """On a laptop (no budget) the 30 networks take about 20 s: the chart grows depth by depth, and Stop
    ends the run, keeping the depths finished in the chart, with the button to start it again."""
    base, _ = unlimited_app
    with chromium_page() as page:
        page.goto(f"{base}/network?view=Depth&data_seed=32")
        run = page.get_by_role("button", name="Run the depth experiment (30 networks)")
        run.wait_for(timeout=TIMEOUT)
        settled(page)
        run.click()
        page.wait_for_selector("[data-testid=stProgress]", timeout=TIMEOUT)
        seen = set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(seen) < 3:
            points = page.evaluate(
                "[...document.querySelectorAll('[role=tabpanel] .vega-embed svg g.mark-line path')]"
                ".map(p => p.getAttribute('d')).join('|')"
            )
            if points:
                seen.add(points)
            time.sleep(0.1)
        assert len(seen) >= 3, "the depth chart should grow as each depth finishes"
        page.get_by_role("button", name="Stop", exact=True).click()
        page.wait_for_selector("button:has-text('Run the depth experiment')", timeout=TIMEOUT)
        settled(page)
        assert page.locator("[data-testid=stProgress]").count() == 0
        assert page.get_by_role("button", name="Run the depth experiment (30 networks)").is_enabled()
        assert "Stopped after" in main_text(page) and "of 10 depths" in main_text(page)
        kept = page.locator("[role=tabpanel] .vega-embed svg g.mark-line path")
        assert kept.count() > 0  # the depths finished before Stop stay drawn
        assert page.locator("[data-testid=stException]").count() == 0


def test_clicking_a_test_point_changes_the_thinned_network(app_url):
    with chromium_page() as page:
        open_lab(page, f"{app_url}/network?view={quote('Thinned network')}")
        page.wait_for_selector(".st-key-thin_points svg.marks", timeout=TIMEOUT)
        time.sleep(1.0)
        assert slider_value(page, "point") == "0"
        before = network_drawing(page)
        box = page.locator(".st-key-thin_points svg.marks").first.bounding_box()
        for fx, fy in ((0.25, 0.75), (0.75, 0.3), (0.5, 0.5)):
            page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            try:
                page.wait_for_function(
                    "document.querySelector('.st-key-point input[type=range]').value !== '0'",
                    timeout=10_000,
                )
                break
            except Exception:  # the nearest test point was #0 itself: click elsewhere
                continue
        assert slider_value(page, "point") != "0"
        settled(page)
        assert network_drawing(page) != before
        assert "point=" in page.url
        assert page.locator("[data-testid=stException]").count() == 0


def test_a_shared_url_restores_the_setup(app_url):
    with chromium_page() as page:
        open_lab(
            page,
            f"{app_url}/network?data=Moons&depth=3&width=8&act=ReLU&act=Maxout&epochs=40&optimizer=Adam&eta=0.01",
            trained="2 networks trained",
        )
        assert (select_value(page, "data"), select_value(page, "optimizer")) == ("Moons", "Adam")
        chips = page.locator(".st-key-act").inner_text()
        assert "ReLU" in chips and "Maxout" in chips and "Sigmoid" not in chips
        assert (slider_value(page, "depth"), slider_value(page, "width"), slider_value(page, "epochs")) == (
            "3",
            "8",
            "40",
        )
        assert "2 networks trained" in main_text(page)


def test_a_garbage_url_loads_defaults_with_a_note(app_url):
    with chromium_page() as page:
        open_lab(page, f"{app_url}/network?data=__import__&depth=-7&act=Bogus&epochs=inf&eta=abc")
        assert page.locator("[data-testid=stException]").count() == 0
        text = main_text(page)
        assert "cannot use" in text and "depth" in text and "Bogus" in text
        assert "Sigmoid" in page.locator(".st-key-act").inner_text()
        assert slider_value(page, "depth") == "4"


# ---------------------------------------------------------------- issue 16: safe to poke

SIX = "&".join(f"act={quote(a)}" for a in ("Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "PReLU", "Maxout"))


def test_a_heavy_link_waits_for_train_and_stop_keeps_what_was_trained(unlimited_app):
    """On a laptop (no budget) a heavy link waits for Train; on a shared server it would train the epochs that
    fit at once (tests/test_app_network_lab.py)."""
    base, _ = unlimited_app
    with chromium_page() as page:
        page.goto(f"{base}/network?epochs=2000&data_seed=21")  # about 15 s by the estimate
        page.wait_for_selector("text=This setup takes", timeout=TIMEOUT)
        settled(page)
        assert "networks trained" not in main_text(page) and "Expected time: about" in main_text(page)
        page.get_by_role("button", name="Train 3 networks").click()
        page.wait_for_selector("text=(network 1 of 3)", timeout=TIMEOUT)
        time.sleep(1.5)
        page.get_by_role("button", name="Stop", exact=True).click()
        page.wait_for_selector("text=Stopped:", timeout=TIMEOUT)
        settled(page)
        text = main_text(page)
        assert "Stopped: 1 of 3 networks trained" in text or "Stopped: 2 of 3 networks trained" in text
        assert page.locator("[data-testid=stException]").count() == 0
        titles = page.evaluate(
            "[...document.querySelectorAll('.vega-embed svg .role-title-text')].map(t => t.textContent)"
        )
        assert "Training loss" in titles  # what was trained is shown
        assert page.get_by_role("button", name="Train again from the start").count() == 1


def test_with_six_activations_every_legend_shows_maxout_inside_its_chart(app_url):
    with chromium_page(width=1100) as page:
        open_lab(page, f"{app_url}/network?epochs=20&n=100&{SIX}")
        legends = page.evaluate(
            """[...document.querySelectorAll('.vega-embed svg')].map(svg => {
                const box = svg.getBoundingClientRect();
                const labels = [...svg.querySelectorAll('.role-legend-label text')];
                return {labels: labels.map(t => t.textContent), inside: labels.every(t => {
                    const r = t.getBoundingClientRect();
                    return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
                })};
            }).filter(l => l.labels.includes('Sigmoid'))"""
        )
        assert len(legends) == 2  # the loss and the accuracy chart
        for legend in legends:
            assert legend["labels"] == ["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "PReLU", "Maxout"]
            assert legend["inside"], legend


def test_a_depth_that_is_not_whole_loads_the_default_with_a_note(app_url):
    with chromium_page() as page:
        open_lab(page, f"{app_url}/network?depth=3.5&epochs=20&n=100")
        assert slider_value(page, "depth") == "4"
        assert "depth: not a whole number" in main_text(page)


def canvas_cells(page):
    """The bounding box of the data editor's click cells: the plot area, [−2, 2]² (x right, y up)."""
    page.wait_for_selector("[class*=st-key-own_canvas] svg.marks", timeout=TIMEOUT)
    return page.locator("[class*=st-key-own_canvas] svg.marks g.mark-symbol").first.bounding_box()


def click_data(page, x: float, y: float, shift: bool = False) -> None:
    """Click (``shift``: shift-click) the data editor at (x, y) of its coordinates; wait for the rerun."""
    box = canvas_cells(page)
    px = box["x"] + (x + 2) / 4 * box["width"]
    py = box["y"] + (2 - y) / 4 * box["height"]
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(px, py)
    if shift:
        page.keyboard.up("Shift")
    settled(page)


def open_own_data(page, url: str) -> None:
    """Open ``url`` (the network lab on your own data) and wait for its editor and for the page to settle."""
    page.goto(url)
    canvas_cells(page)
    settled(page)


def test_drawing_points_by_clicking_trains_on_them_and_a_shared_link_brings_them_back(app_url):
    """Clicks add class 0, shift-clicks class 1, the same cell clicked twice in erase mode removes a point;
    with four points of both classes the network trains; the address bar's link restores the points."""
    with chromium_page() as page:
        errors = page_errors(page)
        open_own_data(page, f"{app_url}/network?data=Own&act=ReLU&depth=2&width=8&epochs=50")
        assert "Add at least 4 points" in main_text(page)
        for x, y, shift in ((-1, 1, False), (1, -1, False), (-1, -1, True), (1, 1, True), (0, 1.5, True)):
            click_data(page, x, y, shift)
        assert "points=" in page.url
        assert "5 points: 2 of class 0, 3 of class 1." in main_text(page)
        page.get_by_text("erases").click()
        settled(page)
        click_data(page, 0, 1.5)
        assert "4 points: 2 of class 0, 2 of class 1." in main_text(page)
        page.wait_for_selector("button:has-text('Network trained')", timeout=TIMEOUT)
        shared = page.url
        assert page.locator("[data-testid=stException]").count() == 0 and not errors
    with chromium_page() as page:
        page.goto(shared)
        page.wait_for_selector("button:has-text('Network trained')", timeout=TIMEOUT)
        settled(page)
        assert "4 points: 2 of class 0, 2 of class 1." in main_text(page)
        assert (
            page.locator(
                "[class*=st-key-own_canvas] svg.marks path.mark-symbol, "
                "[class*=st-key-own_canvas] svg.marks g.mark-symbol path"
            ).count()
            > 0
        )


def test_hovering_the_loss_chart_lists_every_network_at_that_epoch(app_url):
    with chromium_page() as page:
        open_lab(page, f"{app_url}/network?epochs=50&n=200")
        chart = page.locator("[data-testid=stVegaLiteChart]").filter(has_text="Training loss").first
        box = chart.locator("svg.marks").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4)
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=10_000)
        words = tooltip.inner_text()
        assert "epoch" in words and all(name in words for name in ("Sigmoid", "ReLU", "Maxout")), words


def test_a_csv_adds_points_and_a_bad_one_says_why_and_keeps_them(app_url, tmp_path):
    good = tmp_path / "points.csv"
    good.write_text("x,y,label\n0.5,0.5,0\n-0.5,-0.5,1\n1,-1,0\n-1,1,1\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n0.5,0.5,cat\n")
    with chromium_page() as page:
        errors = page_errors(page)
        open_own_data(page, f"{app_url}/network?data=Own&act=ReLU&depth=2&width=8&epochs=30&points=AAGQ.GQAA")
        assert "2 points: 1 of class 0, 1 of class 1." in main_text(page)
        page.locator(".st-key-own_csv input[type=file]").set_input_files(str(good))
        page.wait_for_selector("text=4 points added.", timeout=TIMEOUT)
        settled(page)
        assert "6 points: 3 of class 0, 3 of class 1." in main_text(page)
        page.locator(".st-key-own_csv input[type=file]").set_input_files(str(bad))
        page.wait_for_selector("text=Row 1 is not three numbers", timeout=TIMEOUT)
        settled(page)
        assert "6 points: 3 of class 0, 3 of class 1." in main_text(page)  # nothing lost
        assert page.locator("[data-testid=stException]").count() == 0 and not errors
