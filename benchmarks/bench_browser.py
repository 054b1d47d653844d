"""What a student waits for, measured in Chromium with the server on this machine: a change to the redrawn chart.

    python benchmarks/bench_browser.py [--repeat 5] [--only open,lab,play,wifi] [--budget S] [--query explain=none]

The script serves the app itself (``streamlit run``, headless; ``--budget`` sets PLAYGROUND_BUDGET_S, unset:
the hosting default) and drives headless Chromium (the system's, through Playwright). Every kind of change is
made ``--repeat`` times, each to a setting not drawn before (so the server computes it, as for a student
exploring), and timed from the input (the click or key press) to the redrawn chart: the app idle again after
the rerun it started (no script run, no status widget, no stale element) and the chart's picture changed
and then unchanged for two polls 50 ms apart (as benchmarks/bench_class.py measures).

Each row splits that time three ways:
- server: the CPU seconds the server process spent meanwhile (/proc): the script's run, the engine, the
  specs, the websocket;
- kB: the bytes the page received over the websocket for that change (as the page reads them);
- wire kB: the bytes over the loopback meanwhile (/proc/net/dev), both ways and as sent (HTTP bodies
  gzipped, the websocket's frames): what would cross a real network;
- browser: the CPU seconds of Chromium's processes and Playwright's driver meanwhile (React, Vega's parse
  and render, and this script's own polling of the page). On two cores the server and the browser run at
  once and the browser is the busier: a websocket timeline would misplace the server's work (a busy
  browser timestamps the frames it receives late), so CPU is the split.

Rows:
- lab: surface, η, start click, optimizer set, steps (target ≤ 0.5 s each, issue 12);
- open: the first chart after opening ``/`` on a cold server (the first visitor after start) and a warm one
  (a second visitor; target ≤ 2.0 s and ≤ 1.5 s);
- play: playback's frames per second and the websocket bytes while playing (target ≥ 25 fps, 0 bytes);
- wifi: a new visitor's first chart over a class's shared Wi-Fi (Chrome's network emulation: 20 Mbit/s
  down, 5 up, 20 ms), and the bytes its browser fetched over HTTP.
The network lab and the depth experiment: benchmarks/bench_browser_network.py (the same measures).

Medians of the repeats; min–max beside. Run it on a quiet machine: the browser and the server share it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_class import BEFORE_JS, BENCH_JS, POLL_MS, SETTLED_JS, browsers_cpu_seconds, cpu_seconds  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, served_app  # noqa: E402
from ui.race.fields import surface_titles  # noqa: E402
from ui.vocab import OPTIMIZER_LABELS  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1000}
# The race view's pictures: the race chart's canvas (Vega's) and the linked panels' (ui/race/linked_panels.py)
RACE = ".st-key-race_chart_0_view .vega-embed canvas, .st-key-race_chart_0_view .op-linked"
NETWORK = "[data-testid=stMain] .vega-embed svg"
TIMEOUT_MS = 60_000


class Socket:
    """The websocket's frames as the browser's network stack saw them (Chrome DevTools Protocol: their
    timestamps are not delayed by a busy page, as a message event's would be)."""

    def __init__(self, page):
        self.frames: list[tuple[str, float, int]] = []  # (sent | received, monotonic s, bytes)
        session = page.context.new_cdp_session(page)
        session.on("Network.webSocketFrameSent", lambda e: self._add("sent", e))
        session.on("Network.webSocketFrameReceived", lambda e: self._add("received", e))
        session.send("Network.enable")

    def _add(self, kind: str, event: dict) -> None:
        frame = event["response"]
        size = len(frame["payloadData"]) * 3 // 4 if frame.get("opcode") == 2 else len(frame["payloadData"])
        self.frames.append((kind, event["timestamp"], size))

    def mark(self) -> int:
        return len(self.frames)


class Timing:
    """One change: the seconds to the settled picture, and how they split: the CPU the server and the
    browser (Chromium's processes and Playwright's driver) spent meanwhile, and the bytes received."""

    def __init__(self, started_ms: float, settled_ms: float, frames: list[tuple[str, float, int]], cpu):
        self.total = (settled_ms - started_ms) / 1000
        self.server, self.browser, wire = cpu  # CPU seconds, and the bytes over the loopback (Cpu.since)
        self.kb = sum(size for kind, _, size in frames if kind == "received") / 1000
        self.wire_kb = wire / 1000  # both ways, as sent: gzipped HTTP bodies, the websocket's frames


class Cpu:
    """CPU seconds of the server and of the browsers since ``start``: on two cores they overlap in time, so
    their CPU (from /proc) splits a change better than the websocket's timeline (a busy browser
    timestamps the server's frames late)."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def now(self) -> tuple[float, float, int]:
        return (
            cpu_seconds(self.server_pid),
            browsers_cpu_seconds(self.server_pid),
            loopback_bytes(),
        )

    def since(self, before: tuple[float, float, int]) -> tuple[float, float, int]:
        return tuple(now - then for now, then in zip(self.now(), before))


def loopback_bytes() -> int:
    """Bytes sent over the loopback interface so far (/proc/net/dev): the server and the browser talk over
    it, as the websocket's frames and HTTP bodies are sent (compressed or not); Playwright drives Chromium
    through a pipe, not a socket."""
    for line in Path("/proc/net/dev").read_text().splitlines():
        name, _, counters = line.partition(":")
        if name.strip() == "lo":
            return int(counters.split()[8])  # transmitted bytes
    return 0


def now_ms(page) -> float:
    return page.evaluate("Date.now()")


def timed(page, scope: str, trigger, rerun: bool = True, stable: bool = True) -> Timing:
    """Time ``trigger`` (the user's input) to the settled new picture of the charts under ``scope``."""
    before, runs = page.evaluate(BEFORE_JS, scope)
    socket, mark = page.socket, page.socket.mark()
    cpu = page.cpu.now()
    started = now_ms(page)
    trigger()
    wait = {"scope": scope, "before": before, "runs": runs, "rerun": rerun, "stable": stable}
    handle = page.wait_for_function(SETTLED_JS, arg=wait, polling=POLL_MS, timeout=TIMEOUT_MS)
    settled = handle.json_value()
    return Timing(started, settled, socket.frames[mark:], page.cpu.since(cpu))


def new_page(browser):
    """A fresh context's page with the in-page measures, its websocket log (``page.socket``) and the CPU
    meter of the server and browsers (``page.cpu``, from ``browser.cpu``: a Cpu set by main)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(BENCH_JS)
    page = context.new_page()
    page.socket, page.cpu = Socket(page), browser.cpu
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:200]))
    return context, page, errors


def opened(browser, url: str, scope: str, charts: int, emulate=None) -> tuple[Timing, object, object]:
    """Open ``url`` in a fresh context; time from the navigation to ``charts`` charts settled under scope.
    ``emulate(page)``, if given, is called first (e.g. a network's conditions)."""
    context, page, _ = new_page(browser)
    if emulate is not None:
        emulate(page)
    page.goto("about:blank")
    cpu = page.cpu.now()
    started = now_ms(page)
    mark = page.socket.mark()
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "([scope, n]) => window.__bench.idle() && document.querySelectorAll(scope).length >= n",
        arg=[scope, charts],
        polling=POLL_MS,
        timeout=TIMEOUT_MS * 2,
    )
    stable = page.wait_for_function(
        SETTLED_JS,
        arg={"scope": scope, "before": "", "runs": 0, "rerun": False, "stable": True},
        polling=POLL_MS,
        timeout=TIMEOUT_MS,
    )
    return Timing(started, stable.json_value(), page.socket.frames[mark:], page.cpu.since(cpu)), context, page


# ---------------------------------------------------------------- the optimizer lab's changes


def pick(page, key: str, option: str):
    """Open selectbox/multiselect ``key``'s list and type ``option`` (not timed: the browser alone does
    this); return the click on the option, the input that starts the change."""
    box = page.locator(f".st-key-{key} input").first
    box.click()
    box.fill(option)
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(timeout=10_000)
    return choice.click


def lab_changes(page, repeat: int):
    """(kind, prepare) pairs: each kind ``repeat`` times, each to a setting not drawn before. ``prepare()``
    does what comes before the input and returns the input itself (the trigger, timed): for a list, opening
    it and typing come first, and the click on the option is the input (issue 12: "from the click on the
    option to the race chart settled")."""
    surfaces_cycle = ["beale", "himmelblau", "saddle", "ravine", "plateau", "rosenbrock", "booth"]
    titles = surface_titles()
    for i in range(repeat):
        name = surfaces_cycle[i % len(surfaces_cycle)]
        yield "surface", lambda n=name: pick(page, "surface", titles[n])
    for _ in range(repeat):  # one notch down each time: every η new (the lab's default η is mid-range)
        yield "η", lambda: lr_notch(page, "ArrowLeft")
    for i in range(repeat):
        yield "start click", lambda i=i: lambda: click_surface(page, 0.3 + 0.1 * i, 0.3 + 0.08 * i)
    # Each a set not raced before: + Adam, + Nesterov, − SGD, − Adam, + SGD, …
    toggles = ["adam", "nesterov", "sgd", "adam", "sgd", "nesterov", "momentum", "momentum"]
    for i in range(repeat):
        yield "optimizer set", lambda name=toggles[i % len(toggles)]: toggle(page, name)
    for i in range(repeat):
        yield "steps", lambda i=i: set_steps(page, 150 + 50 * i)


def lr_notch(page, direction: str):
    """Tie η if the surface's suggested setup untied it, focus the slider; the input: one arrow key."""
    toggle = page.locator(".st-key-same_lr input[type=checkbox]").first
    if not toggle.is_checked():  # the surface's suggested setup gave each optimizer its own η: tie them
        toggle.click(force=True)
        page.wait_for_function("() => window.__bench.idle()", polling=POLL_MS, timeout=TIMEOUT_MS)
        page.wait_for_selector(".st-key-lr input[type=range]", timeout=TIMEOUT_MS)
    return slider_notch(page, "lr", direction)


def slider_notch(page, key: str, direction: str):
    """Focus slider ``key``; the input: one arrow key."""
    slider = page.locator(f".st-key-{key} input[type=range]").first
    slider.focus()
    return lambda: slider.press(direction)


def click_surface(page, fx: float, fy: float) -> None:
    box = page.locator(RACE).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def toggle(page, name: str):
    """The input that takes optimizer ``name`` out of the race if it is in (a click on its ×), else adds
    it (the click on it in the opened list, then Escape to close the list)."""
    label = OPTIMIZER_LABELS[name]
    remove = page.locator(f".st-key-opt button[aria-label='Remove {label}']")
    if remove.count():
        return remove.first.click
    choose = pick(page, "opt", label)

    def add() -> None:
        choose()
        page.keyboard.press("Escape")

    return add


def set_steps(page, steps: int):
    """Type ``steps`` into the box; the input: Enter."""
    box = page.locator(".st-key-steps input").first
    box.fill(str(steps))
    return lambda: box.press("Enter")


# ---------------------------------------------------------------- report


def row(name: str, timings: list[Timing], target: str = "") -> str:
    def cell(values):
        return f"{statistics.median(values):6.2f} ({min(values):.2f}–{max(values):.2f})"

    totals = [t.total for t in timings]
    return (
        f"{name:<22} {cell(totals):>20} {statistics.median(t.server for t in timings):8.2f}"
        f" {statistics.median(t.kb for t in timings):8.0f} {statistics.median(t.wire_kb for t in timings):8.0f}"
        f" {statistics.median(t.browser for t in timings):9.2f}  {len(timings):>2}  {target}"
    )


HEADER = f"{'what':<22} {'median s (min–max)':>20} {'server':>8} {'kB':>8} {'wire kB':>8} {'browser':>9}   n  target"


def bench_lab(browser, base: str, repeat: int, out) -> None:
    timing, context, page = opened(browser, base + "/", RACE, 2)
    by_kind: dict[str, list[Timing]] = {}
    for kind, prepare in lab_changes(page, repeat):
        by_kind.setdefault(kind, []).append(timed(page, RACE, prepare()))
        time.sleep(0.3)
    for kind, timings in by_kind.items():
        out(row(kind, timings, "≤ 0.5"))
    context.close()


def bench_open(browser, base: str, repeat: int, out) -> None:
    cold, context, _ = opened(browser, base + "/", RACE, 2)
    context.close()
    out(row("open / (cold server)", [cold], "≤ 2.0"))
    warm = []
    for _ in range(repeat):
        timing, context, _ = opened(browser, base + "/", RACE, 2)
        warm.append(timing)
        context.close()
    out(row("open / (warm server)", warm, "≤ 1.5"))


# A class's shared Wi-Fi as Chrome's network emulation sees it: what a new visitor fetches, and how long
# the first chart takes to arrive over it.
WIFI = {"offline": False, "latency": 20, "downloadThroughput": 20e6 / 8, "uploadThroughput": 5e6 / 8}


def fetched(page) -> dict[str, int]:
    """Put ``page`` under WIFI's emulation; returns the bytes as sent over the wire of each of its requests,
    filled in as they finish."""
    sizes: dict[str, int] = {}
    session = page.context.new_cdp_session(page)
    session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", WIFI)
    return sizes


def bench_wifi(browser, base: str, repeat: int, out) -> None:
    """The first chart for a new visitor (a fresh browser profile, warm server) over 20 Mbit/s down, 5 up,
    20 ms latency. The kB column is the websocket's, as in the other rows; what the browser fetched over
    HTTP (bodies as sent: compressed or not) is printed under the row."""
    opened(browser, base + "/", RACE, 2)[1].close()  # the server warm
    timings, wire = [], []
    for _ in range(repeat):
        sizes: list[dict[str, int]] = []  # the page's, filled in as its requests finish
        timing, context, _ = opened(
            browser, base + "/", RACE, 2, lambda page, sizes=sizes: sizes.append(fetched(page))
        )
        timings.append(timing)
        wire.append(sum(sizes[0].values()) / 1024)
        context.close()
    out(row("open / on a class Wi-Fi", timings))
    out(f"{'':<22} fetched over HTTP: {statistics.median(wire):.0f} kB (median)")


# While playing: how many animation frames redrew the race chart (a frame counts when Vega drew on the
# chart's canvas since the frame before: its context's save(), with which Vega starts each redraw, marks it;
# requestAnimationFrame reads the mark).
VIEW = RACE.split(" ")[0]
PLAY_JS = f"""(seconds) => new Promise((resolve) => {{
  const view = document.querySelector('{VIEW}');
  const context = view.querySelector('.vega-embed canvas').getContext('2d');
  let frames = 0, dirty = false, running = true;
  context.save = function () {{ dirty = true; return CanvasRenderingContext2D.prototype.save.apply(this, arguments); }};
  const tick = () => {{ if (dirty) {{ frames++; dirty = false; }} if (running) requestAnimationFrame(tick); }};
  requestAnimationFrame(tick);
  view.querySelector('button[data-act=play]').click();
  setTimeout(() => {{
    running = false;
    delete context.save;
    view.querySelector('button[data-act=play]').click();
    resolve(frames / seconds);
  }}, seconds * 1000);
}})"""


def bench_play(browser, base: str, repeat: int, out) -> None:
    """Playback: frames per second redrawn, and the websocket bytes received while playing (target ≥ 25 fps,
    0 bytes). A race of 5000 steps at 1×, so the player never reaches its end within the measurement."""
    _, context, page = opened(browser, base + "/?steps=5000", RACE, 2)
    rates, received = [], []
    for _ in range(repeat):
        page.locator(f"{VIEW} button[data-act=rewind]").click()
        time.sleep(0.3)
        mark = page.socket.mark()
        rates.append(page.evaluate(PLAY_JS, 3))
        received.append(sum(size for kind, _, size in page.socket.frames[mark:] if kind == "received"))
        time.sleep(0.3)
    out(
        f"{'play (fps, bytes)':<22} {statistics.median(rates):6.1f} fps ({min(rates):.1f}–{max(rates):.1f})"
        f"   {max(received)} bytes received at most   n {repeat}  ≥ 25 fps, 0 bytes"
    )
    context.close()


class Address(str):
    """The served app's address; a page's address made from it (``base + "/?steps=5000"``) gets ``query``
    too (``--query``: the same benchmark on a variant of every page)."""

    def __new__(cls, base: str, query: str = ""):
        address = super().__new__(cls, base)
        address.query = query
        return address

    def __add__(self, path: str) -> str:
        url = str.__add__(self, path)
        return url + ("&" if "?" in url else "?") + self.query if self.query else url


def run(doc: str, benches: dict) -> None:
    """The command line both browser benchmarks share: ``--repeat``, ``--only`` (names of ``benches``, all by
    default), ``--budget``; serve the app, launch Chromium, and run each chosen bench(browser, base, repeat,
    out) in order, printing its rows under HEADER."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=",".join(benches))
    parser.add_argument("--budget", default=None, help="PLAYGROUND_BUDGET_S for the server (unset: default)")
    parser.add_argument("--query", default="", help="URL parameters added to every page, e.g. explain=none")
    args = parser.parse_args()
    env = {} if args.budget is None else {"PLAYGROUND_BUDGET_S": args.budget}
    only = set(args.only.split(","))
    print(f"budget: {args.budget or 'default'}; query: {args.query or 'none'}; {HEADER}", flush=True)
    with served_app(env=env, with_process=True) as (served, process), sync_playwright() as playwright:
        base = Address(served, args.query)
        print(f"server pid {process.pid}", flush=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browser.cpu = Cpu(process.pid)
        with contextlib.closing(browser):
            for name, bench in benches.items():
                if name in only:
                    bench(browser, base, args.repeat, lambda line: print(line, flush=True))


def main() -> None:
    run(__doc__, {"open": bench_open, "lab": bench_lab, "play": bench_play, "wifi": bench_wifi})


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
