"""Capacity, measured: how many students one server core takes before a change waits more than a second.

    python benchmarks/bench_class.py [--students 1 5 10 20] [--seconds 60] [--sessions 100]
                                     [--server-cores 0] [--seed 0] [--port P] [--idle 130] [--quick]

The script serves the app itself (``streamlit run``, headless, no file watcher; with ``--server-cores 0``
pinned by ``taskset -c 0``, and the browsers then kept off that core) and plays a class in headless
Chromium: one browser, one context per student, so every student is a Streamlit session of its own.

1. A class of N students, for each N in ``--students``: each opens a different shared link (the optimizer
   lab mostly, with its own surface, start, optimizers, steps, η and language; a few the network lab with
   a small quick setup, or a lesson) and then, for ``--seconds``, acts with 1.5–4 s to think between
   actions (seeded by ``--seed``): Play, pick another surface, change η, click the surface to move the
   start (in the network lab: η, width or data set; in the lessons: Play, next or previous lesson).
2. ``--sessions`` one after another: open a link, wait for its chart, make one change, close the context;
   the server's RSS after every fifth of them (every 20 of 100), and after ``--idle`` seconds without a
   session (Streamlit keeps a closed session for ``server.disconnectedSessionTTL``, 120 s).

How a change is timed: from the input (the last key press or click) to the redrawn chart, which is when
the app is idle again (no script run, no ``stStatusWidget``, no stale element) after a rerun it started,
AND the chart's picture differs from the one before (a hash of its SVG lines, areas, bars, image and axis
labels; the invisible click grid left out) and stays the same for two polls 50 ms apart. Play starts no
rerun: it counts until the first new frame. A change that is not drawn within 30 s is a timeout; it
counts as 30 s in the median and p95, and as an error.

Reading the output, one table row per class size N:
- actions, median s, p95 s: every timed change; "p95 reruns" leaves out Play (the browser alone).
- errors: exception boxes after an action, page errors, console errors, timeouts, failed opens.
- leaks: checks (one after each action) where the address bar or the tag widget shows another student's
  tag (the optimizer lab's ``seed``, the network lab's ``data_seed``: a distinct value per student that
  no action changes); wrong: checks where the page does not show the student's own setup (its tag, or
  the surface, start, η, lesson … it set last) without showing another's.
- server CPU, browsers CPU: CPU time over the class's wall time, in % of one core, of the server and of
  this script's other descendants (Playwright's driver and Chromium). A p95 over 1 s with the server well
  under 100 % of its cores and the browsers near 100 % of theirs measures the browsers, not the server.
- RSS: the server's VmRSS (/proc/<pid>/status), MiB: the peak while the class acts, and 2 s after it left.
Then the same times per action, the first few error messages, the sessions' RSS with a verdict (flat:
the second half of the sessions grew it by at most max(8 MiB, 2 %)), and "students per core at ≤ 1 s
p95": the largest N whose p95 is at most 1 s, divided by the number of cores the server may use.
The browsers run on this machine too: on a busy browser core, rendering adds to every time. The lessons
carry no tag (only "wrong" is checked there).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Error as PlaywrightError  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

import surfaces  # noqa: E402
from engine import optimizers  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_healthy  # noqa: E402
from ui.vocab import DATASET_LABELS, OPTIMIZER_LABELS, SURFACE_LABELS  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1000}
THINK_S = (1.5, 4.0)
POLL_MS = 50
ACTION_TIMEOUT_S = 30.0
OPEN_TIMEOUT_S = 120.0
LAB_TAG, NETWORK_TAG = 90001, 1  # the students' tags: lab seed = 90001 + i, network data_seed = 1 + i % 999
ROUND_LRS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)  # on both labs' η grids
LAB_SURFACES = [n for n in surfaces.names() if n != "bowl"]  # bowl's suggested start follows its κ
NETWORK_DATA = ["moons", "circles", "xor", "blobs", "spiral"]
LESSONS = 8
# Streamlit's client looks for its server under the page's path first (/network/_stcore/health → 404),
# then at the root: the two 404s on every /network and /lessons load are its own, not the app's.
STREAMLIT_PROBES = ("/_stcore/health", "/_stcore/host-config")

# In every page before the app's scripts: count the script runs that start, and give the two measures
# (idle, and a hash of the picture drawn by the charts under a CSS selector).
BENCH_JS = """(() => {
  const bench = { runs: 0, sig: null, at: 0 };
  window.__bench = bench;
  new MutationObserver((records) => {
    for (const r of records) if (r.target.getAttribute('data-test-script-state') === 'running') bench.runs++;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-test-script-state'] });
  bench.idle = () => {
    const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.getAttribute('data-test-script-state') !== 'running'
      && !document.querySelector('[data-testid=stStatusWidget]')
      && !document.querySelector('[data-stale=true]');
  };
  const PARTS = 'g.mark-line path, g.mark-area path, g.mark-rect path, g.mark-rule line, '
    + 'g.mark-image image, .role-axis-label text, .role-title-text';
  // a chart Vega draws on a canvas (the race chart): every 7th of its pixels
  const pixels = (canvas) => {
    if (canvas.tagName !== 'CANVAS' || !canvas.width || !canvas.height) return '';
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 28) h = Math.imul(h ^ (data[i] | data[i + 1] << 8 | data[i + 2] << 16), 16777619);
    return 'px' + (h >>> 0);
  };
  bench.signature = (scope) => {
    let h = 2166136261, n = 0;
    // a canvas component (the linked panels) writes a hash of what it drew in data-drawn
    for (const chart of document.querySelectorAll(scope))
      for (const e of chart.dataset.drawn || chart.tagName === 'CANVAS' ? [chart] : chart.querySelectorAll(PARTS)) {
      const s = (e.dataset.drawn || pixels(e) || e.getAttribute('d') || e.getAttribute('href') || e.textContent || '')
        + (e.getAttribute('transform') || '') + (e.getAttribute('x2') || '') + (e.getAttribute('y2') || '') + '|';
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
      n += s.length;
    }
    return n ? n + ':' + (h >>> 0) : '';
  };
})();"""
BEFORE_JS = "(scope) => { const b = window.__bench; b.sig = null; return [b.signature(scope), b.runs]; }"
# The time (Date.now()) the new picture was first seen, once the action is over; false until then.
SETTLED_JS = """({ scope, before, runs, rerun, stable }) => {
  const b = window.__bench;
  const sig = (rerun && b.runs <= runs) || !b.idle() ? '' : b.signature(scope);
  if (!sig || sig === before) { b.sig = null; return false; }
  if (!stable) return Date.now();
  if (b.sig !== sig) { b.sig = sig; b.at = Date.now(); return false; }
  return b.at;
}"""
RERUN_DONE_JS = "(runs) => window.__bench.runs > runs && window.__bench.idle()"
READY_JS = "([scope, charts]) => window.__bench.idle() && document.querySelectorAll(scope).length >= charts"
SNAPSHOT_JS = """(tagWidget) => {
  const input = tagWidget && document.querySelector(tagWidget);
  return { href: location.href, tag: input ? (input.getAttribute('aria-valuetext') || input.value) : null,
    exceptions: [...document.querySelectorAll('[data-testid=stException]')]
      .map(e => e.innerText.split('\\n')[0].slice(0, 160)) };
}"""


@dataclasses.dataclass(frozen=True, eq=False)  # hashed by identity: a key of ACTIONS tables
class Kind:
    """A page a student can be on: which charts to watch, the tag it carries, what the student does."""

    name: str
    path: str
    scope: str  # CSS selector of the charts whose picture must change
    charts: int  # drawn charts before the page counts as open
    tag_param: str | None
    tag_widget: str | None
    actions: dict[str, float]  # action → weight


LAB = Kind(
    "lab",
    "/",
    ".st-key-race_chart_0_view .vega-embed canvas, .st-key-race_chart_0_view .vega-embed svg",
    2,
    "seed",
    ".st-key-seed input",
    {"play": 0.25, "surface": 0.2, "η": 0.35, "click": 0.2},
)
NETWORK = Kind(
    "network",
    "/network",
    "[data-testid=stMain] [role=tabpanel] .vega-embed svg",
    1,
    "data_seed",
    ".st-key-data_seed input",
    {"net η": 0.4, "width": 0.4, "data set": 0.2},
)
LESSON = Kind(
    "lessons",
    "/lessons",
    "[data-testid=stMain] .vega-embed canvas, [data-testid=stMain] .vega-embed svg",
    1,
    None,
    None,
    {"lesson": 0.6, "play": 0.4},
)
KIND_AT = {2: NETWORK, 5: LESSON, 8: NETWORK}  # by a student's place in the class (i % 10), else the lab


@dataclasses.dataclass
class Setup:
    kind: Kind
    params: list[tuple[str, str]]
    tag: str | None

    def path(self) -> str:
        return f"{self.kind.path}?{urlencode(self.params)}"

    def expected(self) -> dict[str, str]:
        """What the address bar must say for this setup (a list, such as ``opt``, is not checked)."""
        values = dict(self.params)
        return {k: v for k, v in values.items() if sum(1 for key, _ in self.params if key == k) == 1}


def round_lr(value: float) -> str:
    return f"{min(ROUND_LRS, key=lambda r: abs(math.log(r / value))):g}"


def lab_setup(index: int, rng: random.Random) -> Setup:
    """The optimizer lab: its own surface, start, optimizers, steps, η, noise and language."""
    name = LAB_SURFACES[index % len(LAB_SURFACES)]
    surface = surfaces.get(name)
    start = [round(rng.uniform(lo + 0.15 * (hi - lo), hi - 0.15 * (hi - lo)), 1) for lo, hi in surface.domain]
    names = optimizers.names()
    chosen = sorted(rng.sample(names, rng.randint(2, 4)), key=names.index)
    tag = str(LAB_TAG + index)
    params = [("surface", SURFACE_LABELS[name]), ("x0", f"{start[0]:g}"), ("y0", f"{start[1]:g}")]
    params += [("steps", str(rng.choice((100, 150, 200, 300, 400, 600))))]
    params += [("opt", OPTIMIZER_LABELS[n]) for n in chosen]
    lr = surface.suggested.lr_for(chosen[0]) * rng.choice((0.5, 1.0, 2.0))
    params += [("same_lr", "true"), ("lr", round_lr(lr)), ("noise", rng.choice(("0", "0", "0.3")))]
    params += [("seed", tag)] + ([("lang", "zh")] if index % 4 == 3 else [])
    return Setup(LAB, params, tag)


def network_setup(index: int, rng: random.Random) -> Setup:
    """The network lab with a small setup that trains in well under a second."""
    tag = str(NETWORK_TAG + index % 999)
    acts = rng.sample(["Sigmoid", "ReLU", "Maxout", "Tanh"], 2)
    optimizer = rng.choice(("SGD", "Adam"))
    eta = rng.choice(("0.05", "0.1", "0.2") if optimizer == "SGD" else ("0.005", "0.01", "0.02"))
    params = [("data", DATASET_LABELS[NETWORK_DATA[index % len(NETWORK_DATA)]])]
    params += [("n", str(rng.choice((100, 160, 200)))), ("data_seed", tag)]
    params += [("depth", str(rng.choice((2, 3)))), ("width", str(rng.choice((6, 8, 10))))]
    params += [("act", a) for a in acts] + [("optimizer", optimizer), ("eta", eta)]
    params += [("epochs", str(rng.choice((20, 30, 40))))] + ([("lang", "zh")] if index % 3 == 2 else [])
    return Setup(NETWORK, params, tag)


def lessons_setup(index: int, rng: random.Random) -> Setup:
    lesson = (4 + index) % LESSONS + 1  # the optimizer lessons (5–8) first
    return Setup(LESSON, [("lesson", str(lesson))] + ([("lang", "zh")] if index % 2 else []), None)


def student_setup(place: int, index: int, rng: random.Random) -> Setup:
    """The setup of the student at ``place`` in the class; ``index`` (unique over the run) varies it."""
    kind = KIND_AT.get(place % 10, LAB)
    return {LAB: lab_setup, NETWORK: network_setup, LESSON: lessons_setup}[kind](index, rng)


# ---------------------------------------------------------------- the server


@dataclasses.dataclass
class Server:
    pid: int
    base: str
    cores: int
    log: Path


@contextlib.contextmanager
def served_app(port: int, cores: str | None):
    """``streamlit run`` on ``port`` in its own process group (pinned to ``cores``); killed on exit."""
    log = Path(tempfile.mkstemp(prefix="bench_class_server_", suffix=".log")[1])
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    pinned = ["taskset", "-c", cores] if cores else []
    with log.open("wb") as out:
        process = subprocess.Popen(pinned + command, cwd=ROOT, stdout=out, stderr=out, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, 60.0, lambda: log.read_text()[-2000:])
        allowed = len(os.sched_getaffinity(process.pid))
        yield Server(process.pid, base, allowed, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def keep_browsers_off(cores: str) -> str:
    """Run this process (and the browsers it starts) on the cores the server does not use."""
    server = set()
    for part in cores.split(","):
        low, _, high = part.partition("-")
        server |= set(range(int(low), int(high or low) + 1))
    others = set(os.sched_getaffinity(0)) - server
    if others:
        os.sched_setaffinity(0, others)
    return ",".join(map(str, sorted(os.sched_getaffinity(0))))


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: [state, ppid, …]; utime and stime are [11] and [12]."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browsers_cpu_seconds(server_pid: int) -> float:
    """CPU time of this script's descendants but the server: Playwright's driver and Chromium."""
    parents = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError):
            if entry.name.isdigit():
                parents[int(entry.name)] = int(stat_fields(int(entry.name))[1])
    total = 0.0
    for pid in descendants(parents, os.getpid(), server_pid):
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def descendants(parents: dict[int, int], root: int, left_out: int) -> set[int]:
    """The processes under ``root`` ({pid: parent pid}), but ``left_out`` and those under it. Followed to
    a fixpoint, not in pid order: once the pids wrap round (at /proc/sys/kernel/pid_max, 32768 here), a
    new renderer's pid is below its browser's, and Chromium's later renderers went uncounted."""
    under, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in under and pid not in under and pid != left_out:
                under.add(pid)
                grown = True
    return under - {root}


async def sample_rss(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mib(pid))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


# ---------------------------------------------------------------- a student


def query(url: str) -> dict[str, str]:
    """The address's parameters, each with its last value."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def same(shown: str | None, wanted: str) -> bool:
    try:
        return shown is not None and abs(float(shown) - float(wanted)) < 1e-6
    except ValueError:
        return shown == wanted


class Student:
    """One browser context on one setup: opens it, plays its script, times and checks every change."""

    def __init__(self, setup: Setup, others: set[str], rng: random.Random):
        self.setup, self.kind, self.others, self.rng = setup, setup.kind, others, rng
        self.expected = setup.expected()
        self.times: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.leaks: list[str] = []
        self.wrong: list[str] = []
        self.open_seconds: float | None = None
        self.context = self.page = None
        self.closing = False

    async def open(self, browser, base: str) -> bool:
        self.context = await browser.new_context(viewport=VIEWPORT)
        await self.context.add_init_script(BENCH_JS)
        self.page = page = await self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"page error: {str(e)[:160]}"))
        page.on("console", self._console)
        started = time.monotonic()
        try:
            await page.goto(base + self.setup.path(), timeout=OPEN_TIMEOUT_S * 1000)
            ready = [self.kind.scope, self.kind.charts]
            await page.wait_for_function(READY_JS, arg=ready, polling=100, timeout=OPEN_TIMEOUT_S * 1000)
        except PlaywrightError as error:
            self.errors.append(f"open {self.setup.path()}: {str(error).splitlines()[0][:120]}")
            return False
        self.open_seconds = time.monotonic() - started
        await asyncio.sleep(0.5)
        await self.check()
        return True

    def _console(self, message) -> None:
        where = message.location.get("url", "")
        if message.type != "error" or self.closing or where.endswith(STREAMLIT_PROBES):
            return
        self.errors.append(f"console error: {message.text[:160]} ({where})")

    async def close(self) -> None:
        self.closing = True
        if self.context is not None:
            with contextlib.suppress(PlaywrightError):
                await self.context.close()

    async def mark(self) -> tuple[str, int]:
        """The picture now and the script runs so far: what a change is compared with."""
        return tuple(await self.page.evaluate(BEFORE_JS, self.kind.scope))

    async def redrawn(self, action: str, mark, started: float, rerun: bool = True, stable: bool = True):
        """Record the seconds from ``started`` (time.time()) to the redrawn chart, then check the page."""
        before, runs = mark
        wait = {"scope": self.kind.scope, "before": before, "runs": runs, "rerun": rerun, "stable": stable}
        try:
            handle = await self.page.wait_for_function(
                SETTLED_JS, arg=wait, polling=POLL_MS, timeout=ACTION_TIMEOUT_S * 1000
            )
            seconds = max(0.0, await handle.json_value() / 1000 - started)
        except PlaywrightTimeout:
            seconds = ACTION_TIMEOUT_S
            self.errors.append(f"timeout: {action} on {self.page.url}")
        self.times.append((action, seconds))
        await self.check()

    async def measure(self, action: str, trigger, rerun: bool = True, stable: bool = True) -> None:
        """Time ``trigger`` (the input) to the redrawn chart, then check what the page shows."""
        mark = await self.mark()
        started = time.time()
        await trigger()
        await self.redrawn(action, mark, started, rerun, stable)

    async def rerun_done(self, runs: int) -> None:
        """Wait until a script run after ``runs`` has ended."""
        await self.page.wait_for_function(
            RERUN_DONE_JS, arg=runs, polling=POLL_MS, timeout=ACTION_TIMEOUT_S * 1000
        )

    async def check(self) -> None:
        """The page shows this student's own tag and setup, never another student's tag."""
        shown = await self.page.evaluate(SNAPSHOT_JS, self.kind.tag_widget)
        self.errors += [f"exception box: {text}" for text in shown["exceptions"]]
        params = query(shown["href"])
        tags = [params.get(self.kind.tag_param), shown["tag"]] if self.kind.tag_param else []
        foreign = [t for t in tags if t in self.others]
        if foreign:
            self.leaks.append(f"{self.setup.tag} shows {foreign} on {shown['href']}")
            return
        off = [
            f"{k}={params.get(k)} (set {v})" for k, v in self.expected.items() if not same(params.get(k), v)
        ]
        if self.kind.tag_widget and not same(shown["tag"], self.setup.tag):
            off.append(f"tag widget {shown['tag']} (set {self.setup.tag})")
        if off:
            self.wrong.append(f"{', '.join(off)} on {shown['href']}")

    def param(self, key: str) -> str | None:
        return query(self.page.url).get(key)

    def params_all(self, key: str) -> list[str]:
        return parse_qs(urlsplit(self.page.url).query).get(key, [])

    async def act(self, deadline: float) -> None:
        """The student's script: think, act, until ``deadline`` (monotonic)."""
        while True:
            await asyncio.sleep(self.rng.uniform(*THINK_S))
            if time.monotonic() >= deadline:
                return
            await self.one_action()

    async def one_action(self, action: str | None = None) -> None:
        names = self.available()
        action = action or self.rng.choices(names, [self.kind.actions[n] for n in names])[0]
        try:
            await self.stop_playing()
            await ACTIONS[action](self)
        except Exception as error:  # a missing element, a closed page: note it, and the student goes on
            self.errors.append(f"{action}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")

    def available(self) -> list[str]:
        if self.kind is LESSON and int(self.expected["lesson"]) < 5:
            return ["lesson"]  # the network lessons have no player
        return list(self.kind.actions)

    async def stop_playing(self) -> None:
        playing = self.page.locator("button[data-act=play][aria-label=pause]")
        if await playing.count():
            await playing.first.click()


# ---------------------------------------------------------------- what a student does


async def play(s: Student) -> None:
    await s.measure("play", s.page.locator("button[data-act=play]").first.click, rerun=False, stable=False)


async def slider(s: Student, key: str):
    """Focus slider ``key``; returns the input: one notch (away from an end), noting the value chosen."""
    handle = s.page.locator(f".st-key-{key} input[type=range]").first
    value, low, high = [float(await handle.get_attribute(a)) for a in ("value", "min", "max")]
    direction = s.rng.choice(("ArrowLeft", "ArrowRight"))
    direction = "ArrowLeft" if value >= high else "ArrowRight" if value <= low else direction
    await handle.focus()

    async def press():
        await handle.press(direction)
        s.expected[key] = await handle.get_attribute("aria-valuetext")  # the address bar must say it

    return press


async def select(s: Student, key: str, option: str):
    """Open select box ``key`` and type ``option`` as a user does; returns the input: the click on it."""
    box = s.page.locator(f".st-key-{key} input").first
    await box.click()
    await box.fill(option)
    choice = s.page.get_by_role("option", name=option, exact=True)
    await choice.wait_for(timeout=10_000)
    s.expected[key] = option
    return choice.click


async def lab_surface(s: Student) -> None:
    """Another surface: it loads its suggested start and steps (and η, not checked: it may be per optimizer)."""
    name = s.rng.choice([n for n in LAB_SURFACES if SURFACE_LABELS[n] != s.param("surface")])
    click = await select(s, "surface", SURFACE_LABELS[name])
    suggested = surfaces.get(name).suggested
    for key in [k for k in s.expected if k in ("lr", "same_lr") or k.endswith("_lr")]:
        del s.expected[key]
    s.expected |= {
        "steps": f"{suggested.steps}",
        "x0": f"{suggested.start[0]:g}",
        "y0": f"{suggested.start[1]:g}",
    }
    await s.measure("surface", click)


async def lab_lr(s: Student) -> None:
    """η: the one for all, or (a surface's suggested setup may give each its own) the first optimizer's."""
    key = "lr"
    if s.param("same_lr") == "false":
        first = next(n for n, label in OPTIMIZER_LABELS.items() if label == s.params_all("opt")[0])
        key = f"{first}_lr"
        expander = s.page.locator(f"details:has(.st-key-{key})").first
        if await expander.get_attribute("open") is None:
            await expander.locator("summary").click()
    await s.measure("η", await slider(s, key))


async def lab_click(s: Student) -> None:
    """Click somewhere on the surface (inside the plot area): the start moves there."""
    box = await s.page.locator(s.kind.scope).first.bounding_box()
    x = box["x"] + box["width"] * s.rng.uniform(0.25, 0.75)
    y = box["y"] + box["height"] * s.rng.uniform(0.15, 0.8)
    before = [s.expected.pop("x0", None), s.expected.pop("y0", None)]
    await s.measure("click", lambda: s.page.mouse.click(x, y))
    s.expected |= {"x0": s.param("x0") or "", "y0": s.param("y0") or ""}
    if [s.expected["x0"], s.expected["y0"]] == before:
        s.wrong.append(f"the click did not move the start on {s.page.url}")


async def network_change(s: Student, action: str, change) -> None:
    """A change in the network lab waits for Train (unless its setup was trained before): from the input,
    or from the click on Train, to the redrawn curves."""
    mark = await s.mark()
    started = time.time()
    await change()
    await s.rerun_done(mark[1])
    train = s.page.locator(".st-key-train button")
    if await train.count():
        await s.measure(action, train.first.click)
    else:
        await s.redrawn(action, mark, started)


async def network_lr(s: Student) -> None:
    await network_change(s, "net η", await slider(s, "eta"))


async def network_width(s: Student) -> None:
    await network_change(s, "width", await slider(s, "width"))


async def network_data(s: Student) -> None:
    label = s.rng.choice([DATASET_LABELS[n] for n in NETWORK_DATA if DATASET_LABELS[n] != s.param("data")])
    await network_change(s, "data set", await select(s, "data", label))


async def lesson_move(s: Student) -> None:
    """Next lesson (or the previous one, from the last or now and then)."""
    lesson = int(s.expected["lesson"])
    forward = lesson == 1 or (lesson < LESSONS and s.rng.random() < 0.6)
    icon = "arrow_forward" if forward else "arrow_back"
    button = s.page.locator(
        f"[data-testid=stMain] button:has([data-testid=stIconMaterial]:text-is('{icon}'))"
    )
    s.expected["lesson"] = str(lesson + (1 if forward else -1))
    await s.measure("lesson", button.first.click)


ACTIONS = {
    "play": play,
    "surface": lab_surface,
    "η": lab_lr,
    "click": lab_click,
    "net η": network_lr,
    "width": network_width,
    "data set": network_data,
    "lesson": lesson_move,
}
ONE_CHANGE = {LAB: "η", NETWORK: "net η", LESSON: "lesson"}  # a session's one change


# ---------------------------------------------------------------- the two experiments


@dataclasses.dataclass
class ClassResult:
    n: int
    kinds: collections.Counter
    times: list[tuple[str, float]]
    errors: list[str]
    leaks: list[str]
    wrong: list[str]
    opens: list[float]
    cpu_percent: float
    browsers_percent: float
    rss_peak: float
    rss_after: float


def make_class(setups: list[Setup], rng_seed: str) -> list[Student]:
    """A student per setup; each one's foreign tags are the others' tags."""
    tags = {s.tag for s in setups if s.tag is not None}
    return [Student(s, tags - {s.tag}, random.Random(f"{rng_seed}-{i}")) for i, s in enumerate(setups)]


async def run_class(browser, server: Server, n: int, first_index: int, args) -> ClassResult:
    """N students open their links together, then act for ``--seconds``."""
    rng = random.Random(f"{args.seed}-class-{n}")
    setups = [student_setup(i, first_index + i, rng) for i in range(n)]
    samples: list[float] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(server.pid, samples, stop))
    students = make_class(setups, f"{args.seed}-{n}")
    try:
        await asyncio.gather(*(s.open(browser, server.base) for s in students))
        cpu = [cpu_seconds(server.pid), browsers_cpu_seconds(server.pid)]
        started = time.monotonic()
        opened = [s for s in students if s.open_seconds is not None]
        await asyncio.gather(*(s.act(started + args.seconds) for s in opened))
        used = [cpu_seconds(server.pid) - cpu[0], browsers_cpu_seconds(server.pid) - cpu[1]]
        cpu = [100 * seconds / (time.monotonic() - started) for seconds in used]
    finally:
        stop.set()
        await sampler
        await asyncio.gather(*(s.close() for s in students))
    await asyncio.sleep(2.0)
    return ClassResult(
        n,
        collections.Counter(s.kind.name for s in setups),
        [t for s in students for t in s.times],
        [e for s in students for e in s.errors],
        [m for s in students for m in s.leaks],
        [m for s in students for m in s.wrong],
        [s.open_seconds for s in students if s.open_seconds is not None],
        *cpu,
        max(samples),
        rss_mib(server.pid),
    )


@dataclasses.dataclass
class SessionsResult:
    checkpoints: list[tuple[int, float]]  # (sessions so far, RSS MiB)
    opens: list[float]
    times: list[tuple[str, float]]
    errors: list[str]
    idle: tuple[float, float] | None  # (seconds waited, RSS MiB)


async def run_sessions(browser, server: Server, count: int, first_index: int, args) -> SessionsResult:
    """``count`` sessions one after another: open, one change, close."""
    every = max(1, min(20, count // 5))
    rng = random.Random(f"{args.seed}-sessions")
    result = SessionsResult([(0, rss_mib(server.pid))], [], [], [], None)
    earlier: set[str] = set()  # the tags of the closed sessions: a new one must show none of them
    for i in range(count):
        setup = student_setup(i, first_index + i, rng)
        student = Student(setup, set(earlier), random.Random(f"{args.seed}-session-{i}"))
        earlier |= {setup.tag} if setup.tag else set()
        try:
            if await student.open(browser, server.base):
                await student.one_action(ONE_CHANGE[setup.kind])
        finally:
            await student.close()
        result.opens += [student.open_seconds] if student.open_seconds is not None else []
        result.times += student.times
        result.errors += student.errors + student.leaks + student.wrong
        if (i + 1) % every == 0 or i + 1 == count:
            result.checkpoints.append((i + 1, rss_mib(server.pid)))
            print(f"  {i + 1} sessions: RSS {result.checkpoints[-1][1]:.0f} MiB", flush=True)
    if args.idle > 0:
        await asyncio.sleep(args.idle)
        result.idle = (args.idle, rss_mib(server.pid))
    return result


# ---------------------------------------------------------------- the report


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else math.nan


def seconds_text(values: list[float]) -> tuple[str, str]:
    return (f"{statistics.median(values):.2f}", f"{p95(values):.2f}") if values else ("–", "–")


def class_table(results: list[ClassResult]) -> str:
    rows = [
        "| students | lab / network / lessons | open s (median) | actions | median s | p95 s | p95 reruns s "
        "| errors | leaks | wrong | server CPU % | browsers CPU % | RSS MiB peak | RSS MiB after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        everything = [t for _, t in r.times]
        median, high = seconds_text(everything)
        reruns = seconds_text([t for a, t in r.times if a != "play"])[1]
        kinds = " / ".join(str(r.kinds[k]) for k in ("lab", "network", "lessons"))
        opened = f"{statistics.median(r.opens):.1f}" if r.opens else "–"
        rows.append(
            f"| {r.n} | {kinds} | {opened} | {len(everything)} | {median} | {high} | {reruns} | {len(r.errors)} "
            f"| {len(r.leaks)} | {len(r.wrong)} | {r.cpu_percent:.0f} | {r.browsers_percent:.0f} "
            f"| {r.rss_peak:.0f} | {r.rss_after:.0f} |"
        )
    return "\n".join(rows)


def action_table(results: list[ClassResult]) -> str:
    """Median / p95 s (count) per action and class size."""
    actions = sorted({a for r in results for a, _ in r.times})
    rows = ["| action | " + " | ".join(f"N = {r.n}" for r in results) + " |"]
    rows.append("|---|" + "---|" * len(results))
    for action in actions:
        cells = []
        for r in results:
            times = [t for a, t in r.times if a == action]
            median, high = seconds_text(times)
            cells.append(f"{median} / {high} ({len(times)})" if times else "–")
        rows.append(f"| {action} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def messages(title: str, lines: list[str], limit: int = 5) -> list[str]:
    counted = collections.Counter(lines)
    return [f"  {title}: {count} × {line}" for line, count in counted.most_common(limit)]


def sessions_report(result: SessionsResult) -> str:
    rows = ["| sessions | RSS MiB | Δ MiB |", "|---|---|---|"]
    previous = result.checkpoints[0][1]
    for done, rss in result.checkpoints:
        rows.append(f"| {done} | {rss:.0f} | {rss - previous:+.0f} |")
        previous = rss
    if result.idle:
        rows.append(
            f"| after {result.idle[0]:.0f} s idle | {result.idle[1]:.0f} | {result.idle[1] - previous:+.0f} |"
        )
    middle, last = result.checkpoints[len(result.checkpoints) // 2][1], result.checkpoints[-1][1]
    growth = last - middle
    flat = growth <= max(8.0, 0.02 * middle)
    median, high = seconds_text([t for _, t in result.times])
    rows.append("")
    rows.append(
        f"RSS over the second half of the sessions: {growth:+.0f} MiB: {'flat' if flat else 'GROWING'}"
    )
    opened = f"{statistics.median(result.opens):.1f} s" if result.opens else "–"
    rows.append(f"open (median) {opened}; the one change: median {median} s, p95 {high} s")
    rows.append(f"errors, leaks and wrong pages: {len(result.errors)}")
    return "\n".join(rows + messages("error", result.errors))


def capacity_line(results: list[ClassResult], cores: int) -> str:
    def best(key) -> int:
        return max((r.n for r in results if p95(key(r)) <= 1.0), default=0)

    everything = best(lambda r: [t for _, t in r.times])
    reruns = best(lambda r: [t for a, t in r.times if a != "play"])
    return (
        f"students per core at ≤ 1 s p95: {everything / cores:g}"
        f"   (reruns only: {reruns / cores:g}; {cores} server core{'s' * (cores != 1)})"
    )


# ---------------------------------------------------------------- main


async def bench(server: Server, args) -> None:
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results, index = [], 0
            for n in args.students:
                print(f"class of {n} for {args.seconds:g} s …", flush=True)
                results.append(await run_class(browser, server, n, index, args))
                index += n
            print(
                f"\n{len(args.students)} class sizes, {args.seconds:g} s each, think {THINK_S[0]}–{THINK_S[1]} s\n"
            )
            print(class_table(results) + "\n\n" + action_table(results) + "\n")
            for r in results:
                lines = messages("error", r.errors) + messages("leak", r.leaks) + messages("wrong", r.wrong)
                print(
                    "\n".join([f"N = {r.n}:"] + lines)
                    if lines
                    else f"N = {r.n}: no errors, leaks or wrong pages"
                )
            if args.sessions:
                print(f"\n{args.sessions} sessions one after another …", flush=True)
                sessions = await run_sessions(browser, server, args.sessions, index, args)
                print("\n" + sessions_report(sessions))
            print("\n" + capacity_line(results, server.cores))
        finally:
            await browser.close()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1, 5, 10, 20], help="class sizes")
    parser.add_argument("--sessions", type=int, default=100, help="sequential sessions (0: none)")
    parser.add_argument("--seconds", type=float, default=None, help="how long each class acts (60)")
    parser.add_argument("--seed", type=int, default=0, help="seeds the setups, actions and think times")
    parser.add_argument("--port", type=int, default=None, help="the app's port (default: a free one)")
    parser.add_argument("--server-cores", default=None, help="taskset CPU list for the server, e.g. 0")
    parser.add_argument("--idle", type=float, default=None, help="seconds idle after the sessions (130)")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 1 2, 10 sessions, 20 s, no idle")
    args = parser.parse_args()
    if args.quick:
        args.students, args.sessions = [1, 2], 10
    args.seconds = args.seconds if args.seconds is not None else 20.0 if args.quick else 60.0
    args.idle = args.idle if args.idle is not None else 0.0 if args.quick else 130.0
    return args


def main() -> None:
    args = parse_args()
    with served_app(args.port or free_port(), args.server_cores) as server:
        browsers = keep_browsers_off(args.server_cores) if args.server_cores else "any"
        pinned = f"pinned to CPU {args.server_cores}" if args.server_cores else "not pinned"
        cores = f"{server.cores} core{'s' * (server.cores != 1)}"
        print(f"server pid {server.pid} at {server.base}, {pinned} ({cores}); browsers on {browsers}")
        print(f"server log: {server.log}", flush=True)
        try:
            asyncio.run(bench(server, args))
        except (KeyboardInterrupt, asyncio.CancelledError):
            print("\ninterrupted: closing the browsers and the server", file=sys.stderr)


if __name__ == "__main__":
    main()
