"""What a student waits for in the network lab, measured in Chromium with the server on this machine.

    python benchmarks/bench_browser_network.py [--repeat 5] [--only open,change,depth] [--budget S]

The script serves the app itself (``streamlit run``, headless; ``--budget`` sets PLAYGROUND_BUDGET_S, unset:
the hosting default) and drives headless Chromium (the system's, through Playwright), with the in-page
measures of benchmarks/bench_class.py: a change is over when the app is idle again (no script run, no
status widget, no stale element) and the charts' picture changed and then held for two polls 50 ms apart.

Rows (issue 12):
- open: from opening ``/network`` (the default setup; each repeat with its own ``data_seed``, so the server
  trains every time, as for a new class) to its three networks trained and their curves drawn; and the
  first live curve (the first picture drawn while training), which says how soon the student sees
  something move. Target ≤ 2 s.
- η, width, data set: a control change to the views updated (the new networks trained and drawn). Where the
  page asks for Train (before issue 12) the script presses it as soon as it appears: the time is then the
  machine's part only, not the student's reach for the button.
- depth: the depth experiment from its button to its chart complete, and to its first row (depth 1).
  Target ≤ 5 s, or progressive.

Each row splits the time as benchmarks/bench_browser.py does: server (its CPU seconds meanwhile), kB
received over the websocket, and browser (the CPU seconds of Chromium and Playwright's driver).
Medians of the repeats, min–max beside. Run it on a quiet machine: the browser and the server share it.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import Timing, new_page, now_ms, pick, row, run  # noqa: E402
from bench_class import BEFORE_JS, POLL_MS, SETTLED_JS  # noqa: E402

from ui.i18n import CATALOGUES  # noqa: E402
from ui.vocab import DATASET_LABELS  # noqa: E402

CHARTS = "[data-testid=stMain] [role=tabpanel] .vega-embed svg"  # the views' charts
ANY_CHART = "[data-testid=stMain] .vega-embed svg"  # the live curves are drawn above the tabs
TIMEOUT_MS = 120_000
EN = CATALOGUES["en"]
TRAIN = EN["net.train"].format(count=3)
TRAINED = EN["net.trained"].format(count=3)
DEPTH_BUTTON = EN["net.depth_button"].format(count=30)
# When the page first shows a script running (the app loaded, its websocket open, the first run started).
FIRST_RUN_JS = """(() => { new MutationObserver((records, observer) => {
  for (const r of records) if (r.target.getAttribute('data-test-script-state') === 'running') {
    window.__firstRun = Date.now(); observer.disconnect(); return; }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-test-script-state'] }); })();"""
# The first picture of a line chart under the tab panels while a script runs: the first live curve.
FIRST_CURVE_JS = """(scope) => !!document.querySelector(scope + ' g.mark-line path')"""


# The rerun a change started is over and the page shows its networks trained (one look: no race between the
# button's text and the app's state).
DONE_JS = """([runs, trained]) => window.__bench.runs > runs && window.__bench.idle()
  && [...document.querySelectorAll('.st-key-trained button')].some(b => b.offsetParent && b.innerText.includes(trained))"""
# What the page is at when a change did not settle (printed before the timeout's traceback).
STATE_JS = """(scope) => { const b = window.__bench; const app = document.querySelector('[data-testid=stApp]');
  return [b.runs, app.getAttribute('data-test-script-state'), !!document.querySelector('[data-testid=stStatusWidget]'),
  document.querySelectorAll('[data-stale=true]').length, b.signature(scope), document.querySelectorAll(scope).length] }"""


def settled(page, before: str, runs: int, rerun: bool = True) -> float:
    wait = {"scope": CHARTS, "before": before, "runs": runs, "rerun": rerun, "stable": True}
    handle = page.wait_for_function(SETTLED_JS, arg=wait, polling=POLL_MS, timeout=TIMEOUT_MS)
    return handle.json_value()


def time_open(browser, base: str, seed: int) -> tuple[Timing, float, float]:
    """Open the default setup (with ``seed``) in a fresh context: (to trained and drawn, to the first curve,
    to the first script run: the page's own load before the server has anything to do)."""
    context, page, _ = new_page(browser)
    context.add_init_script(FIRST_RUN_JS)
    page.goto("about:blank")
    mark, cpu = page.socket.mark(), page.cpu.now()
    started = now_ms(page)
    page.goto(f"{base}/network?data_seed={seed}")
    page.wait_for_function(FIRST_CURVE_JS, arg=ANY_CHART, polling=POLL_MS, timeout=TIMEOUT_MS)
    first = (now_ms(page) - started) / 1000
    page.get_by_role("button", name=TRAINED).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "([scope, n]) => window.__bench.idle() && document.querySelectorAll(scope).length >= n",
        arg=[CHARTS, 2],
        polling=POLL_MS,
        timeout=TIMEOUT_MS,
    )
    done = settled(page, "", 0, rerun=False)
    loaded = (page.evaluate("window.__firstRun") - started) / 1000
    context.close()
    return Timing(started, done, page.socket.frames[mark:], page.cpu.since(cpu)), first, loaded


def change(page, trigger) -> Timing:
    """Time ``trigger`` (a control change) to the views updated: the new networks trained and drawn. If the
    page asks for Train, press it at once (its wait is the student's, not the machine's)."""
    before, runs = page.evaluate(BEFORE_JS, CHARTS)
    socket, mark, cpu = page.socket, page.socket.mark(), page.cpu.now()
    started = now_ms(page)
    trigger()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        train = page.locator(".st-key-train button:visible", has_text=TRAIN)
        if train.count() and train.first.is_enabled():
            train.first.click()
            page.get_by_role("button", name=TRAINED).wait_for(timeout=TIMEOUT_MS)
            break
        if page.evaluate(DONE_JS, [runs, TRAINED]):
            break
        time.sleep(POLL_MS / 1000)
    try:
        done = settled(page, before, runs)
    except Exception:
        print("not settled: runs, script state, status widget, stale, picture, charts =", end=" ")
        print(page.evaluate(STATE_JS, CHARTS), "before:", before, runs, flush=True)
        raise
    return Timing(started, done, socket.frames[mark:], page.cpu.since(cpu))


def slider_key(page, key: str, press: str):
    def trigger():
        slider = page.locator(f".st-key-{key} input[type=range]").first
        slider.focus()
        slider.press(press)

    return trigger


def bench_open(browser, base: str, repeat: int, out) -> None:
    opens, firsts, loads = [], [], []
    for i in range(repeat):
        timing, first, loaded = time_open(browser, base, 100 + i)
        opens.append(timing)
        firsts.append(first)
        loads.append(loaded)
    out(row("open /network, trained", opens, "≤ 2.0"))
    out(spread("  first script run", loads))
    out(spread("  first live curve", firsts))


def spread(name: str, values: list[float]) -> str:
    return f"{name:<22} {statistics.median(values):6.2f} ({min(values):.2f}–{max(values):.2f})"


def bench_changes(browser, base: str, repeat: int, out) -> None:
    context, page, errors = new_page(browser)
    page.goto(f"{base}/network?data_seed=200")
    page.get_by_role("button", name=TRAINED).wait_for(timeout=TIMEOUT_MS)
    settled(page, "", 0, rerun=False)
    datasets = ["moons", "circles", "xor", "blobs", "spiral", "moons"]
    # Each a preparation (not timed) that returns the input: for a list, opening it and typing come first
    # and the click on the option is the input, as in bench_browser.py.
    kinds = {
        "η": [lambda: slider_key(page, "eta", "ArrowLeft")] * repeat,
        "width": [lambda: slider_key(page, "width", "ArrowRight")] * repeat,
        "data set": [
            (lambda name=name: pick(page, "data", DATASET_LABELS[name])) for name in datasets[:repeat]
        ],
    }
    for kind, preparations in kinds.items():
        timings = []
        for prepare in preparations:
            timings.append(change(page, prepare()))
            time.sleep(0.3)
        out(row(kind, timings, "trains on change"))
    if errors:
        out(f"page errors: {errors[:3]}")
    context.close()


def bench_depth(browser, base: str, repeat: int, out) -> None:
    totals, firsts = [], []
    for i in range(repeat):
        context, page, _ = new_page(browser)
        view = quote(EN["net.view.depth"])
        page.goto(f"{base}/network?view={view}&data_seed={300 + i}")
        page.get_by_role("button", name=DEPTH_BUTTON).wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function("() => window.__bench.idle()", polling=POLL_MS, timeout=TIMEOUT_MS)
        time.sleep(0.3)
        before, runs = page.evaluate(BEFORE_JS, CHARTS)
        mark, cpu = page.socket.mark(), page.cpu.now()
        started = now_ms(page)
        page.get_by_role("button", name=DEPTH_BUTTON).click()
        page.wait_for_function(
            "(scope) => !!document.querySelector(scope + ' g.mark-line path, ' + scope + ' g.mark-symbol path')",
            arg=CHARTS,
            polling=POLL_MS,
            timeout=TIMEOUT_MS,
        )
        firsts.append((now_ms(page) - started) / 1000)
        page.locator("button:disabled", has_text=DEPTH_BUTTON).wait_for(timeout=TIMEOUT_MS)
        done = settled(page, before, runs)
        totals.append(Timing(started, done, page.socket.frames[mark:], page.cpu.since(cpu)))
        context.close()
    out(row("depth experiment", totals, "≤ 5 or progressive"))
    out(
        f"{'  first row (depth 1)':<22} {statistics.median(firsts):6.2f} ({min(firsts):.2f}–{max(firsts):.2f})"
    )


def main() -> None:
    run(__doc__, {"open": bench_open, "change": bench_changes, "depth": bench_depth})


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
