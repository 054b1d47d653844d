"""Where the floor is: the same η change (one arrow key on the η slider) on three pages, in Chromium with the
server on this machine, so that the lab's time splits into Streamlit's, its charts' and the rest of its page.

    python benchmarks/bench_floor.py [--repeat 5]

Pages (all but the lab are a small script this benchmark writes and serves with the app's own config):
- minimal: the η slider and two small line charts (4 lines × 300 points) that follow it: what any Streamlit
  page with Vega-Lite charts costs here, the floor of a change and of a first chart;
- race chart: the η slider and the race chart alone (the surface with the paths, as ui/race/cache.race_specs
  makes it, no step explained), in the lab's column;
- + linked: the same with the linked charts beside it;
- race view: the η slider and the lab's race view alone (ui/race/views.race_view on the lab's default
  surface, optimizers, steps and explained optimizer: the race, the linked charts, the player, the explained
  rule, momentum's memory and the step readout), nothing else of the page;
- lab: the optimizer lab itself (``/``), as benchmarks/bench_browser.py measures it;
- canvas race, canvas view: a sketch, not the app (benchmarks/floor_canvas.py): the race chart's picture, and
  then the linked charts' too, drawn by hand on canvases in one Streamlit component from the same race, with
  no Vega: what a change and a first chart would cost if the lab drew its race view itself.

Each row: a fresh visitor's first chart (open → the charts settled) and an η change (the key press → the
charts settled and the app idle), medians of ``--repeat`` with min–max, and the CPU seconds of the server
and of the browser (Chromium and Playwright's driver) meanwhile (benchmarks/bench_browser.py measures the
same way). lab − race view is the rest of the lab's page (controls, header, table, tabs); race view −
minimal is what the lab's charts cost beyond any chart, split by the two rows between: the race chart, the
linked charts (+ linked − race chart), and the player, explained rule, memory and readout (race view −
+ linked); minimal is Streamlit's and Vega's own floor; the canvas rows, what is left of it without Vega.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import RACE, Cpu, lr_notch, opened, slider_notch, timed  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, served_app  # noqa: E402

MAIN = "[data-testid=stMain] .vega-embed svg, [data-testid=stMain] .vega-embed canvas"
CANVAS = ".st-key-race_chart_0_view svg.canvas-sig"  # benchmarks/floor_canvas.py's picture signature

# A page per ?page=: the same slider as the lab's η (its words and key), then what the page draws.
FLOOR_SCRIPT = """
import sys

sys.path.insert(0, {root!r})

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from engine import optimizers
from ui.race import controls, fields, linked_panels, stability_view, views
from ui.race.cache import race_specs
from ui.race.model import RaceSetup, SurfaceChoice

st.set_page_config(layout="wide")
lr = float(st.select_slider("η", list(controls.LR_WORDS), value=f"{{fields.DEFAULT_LR:g}}", key="lr"))
if st.query_params.get("page") == "minimal":
    steps = np.arange(300)
    frame = pd.DataFrame(
        [{{"line": k, "step": s, "value": float(np.exp(-lr * (k + 1) * s / 30))}} for k in range(4) for s in steps]
    )
    line = alt.Chart(frame).mark_line().encode(x="step:Q", y="value:Q", color="line:N")
    left, right = st.columns(2)
    left.altair_chart(line, width="stretch")
    right.altair_chart(line.encode(y=alt.Y("value:Q", scale=alt.Scale(type="log"))), width="stretch")
else:
    surface = SurfaceChoice(fields.DEFAULT_SURFACE)
    racing = tuple((name, (("lr", lr),)) for name in fields.DEFAULT_OPTIMIZERS)
    setup = RaceSetup(surface, tuple(surface.build().start), fields.DEFAULT_STEPS, racing)
    names = [name for name, _ in racing]
if st.query_params.get("page") in ("race_chart", "race_linked"):
    race, linked, _ = race_specs(setup, "en", False)
    with st.container(key="race_chart_0_view"):
        left, right = st.columns([1.45, 1], gap="small")
    left.vega_lite_chart(race, key="race_chart_0", width="stretch")
    if st.query_params.get("page") == "race_linked":
        linked_panels.linked_panels(linked, "race_chart_0_linked", right)
elif st.query_params.get("page") == "race":
    views.race_view(
        setup,
        "en",
        "race_chart_0",
        explain=fields.explained(fields.DEFAULT_EXPLAIN, names),
        under_linked=lambda column: stability_view.step_readout(setup, "en", column),
    )
"""


class Row:
    """One page's opens and η changes (bench_browser.Timing each)."""

    def __init__(self, name: str):
        self.name, self.opens, self.changes = name, [], []

    def lines(self) -> list[str]:
        def cell(timings, attribute):
            values = [getattr(t, attribute) for t in timings]
            return f"{statistics.median(values):5.2f} ({min(values):.2f}–{max(values):.2f})"

        return [
            f"{self.name:11s} {what:7s} {cell(timings, 'total')}  server {cell(timings, 'server')}"
            f"  browser {cell(timings, 'browser')}  kB {statistics.median(t.kb for t in timings):5.0f}"
            for what, timings in (("open", self.opens), ("η", self.changes))
        ]


def measure(browser, url: str, scope: str, charts: int, notch, repeat: int, row: Row) -> Row:
    """``repeat`` fresh visitors open ``url``; the last one makes ``repeat`` η changes (``notch(page)``:
    the prepared input, one notch down each time, so every η is new to the server)."""
    opened(browser, url, scope, charts)[1].close()  # the server's first visitor: its imports and caches
    page = None
    for _ in range(repeat):
        timing, context, page = opened(browser, url, scope, charts)
        row.opens.append(timing)
        if len(row.opens) < repeat:
            context.close()
    for _ in range(repeat):
        row.changes.append(timed(page, scope, notch(page)))
    page.context.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with contextlib.closing(browser):
            script = Path(folder) / "floor_app.py"
            script.write_text(FLOOR_SCRIPT.format(root=str(ROOT)))
            notch = lambda page: slider_notch(page, "lr", "ArrowLeft")  # noqa: E731
            # A server each: the pages race the same setups, and a race cached by one page's changes
            # would make the next page's server look idle.
            sketch = str(ROOT / "benchmarks" / "floor_canvas.py")
            for page, name, scope, charts, served in (
                ("minimal", "minimal", MAIN, 2, script),
                ("race_chart", "race chart", RACE, 1, script),
                ("race_linked", "+ linked", RACE, 2, script),
                ("race", "race view", RACE, 2, script),
                ("canvas_race", "canvas race", CANVAS, 1, sketch),
                ("canvas_view", "canvas view", CANVAS, 1, sketch),
            ):
                with served_app(with_process=True, script=str(served)) as (base, process):
                    browser.cpu = Cpu(process.pid)
                    url = f"{base}/?page={page}"
                    rows.append(measure(browser, url, scope, charts, notch, args.repeat, Row(name)))
            with served_app(with_process=True) as (base, process):
                browser.cpu = Cpu(process.pid)
                notch = lambda page: lr_notch(page, "ArrowLeft")  # noqa: E731
                rows.append(measure(browser, f"{base}/", RACE, 2, notch, args.repeat, Row("lab")))
    print("page        what    median s (min–max)    CPU s: server, browser (Chromium + driver); kB received")
    for row in rows:
        print("\n".join(row.lines()), flush=True)


if __name__ == "__main__":
    main()
