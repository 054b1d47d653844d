"""Shared helpers for the browser tests: serve the app on a free port and drive it in headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]


def require_browser():
    """Skip unless Playwright and a system Chromium are here; CI installs both, so it never skips there."""
    if os.environ.get("CI") != "true" and not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium here (apt-get install chromium)")
    return pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, timeout: float, output) -> None:
    """Poll ``base``'s /_stcore/health until it answers 200; RuntimeError with ``output()`` (the server's
    last words) if the process ends or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start: {output()}") from None
            time.sleep(0.3)


@contextlib.contextmanager
def served_app(
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    with_process: bool = False,
    script: str = "streamlit_app.py",
):
    """Run ``streamlit run <script>`` (the app, by default; a path from the repository's root, with its
    .streamlit config) on a free local port (``env``: extra environment variables); yield its base URL (and
    the server's Popen, if ``with_process``)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    environment = {**os.environ, **(env or {})}
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, timeout, lambda: process.stderr.read().decode()[-2000:])
        yield (base, process) if with_process else base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def chromium_page(width: int = 1400, height: int = 1000, touch: bool = False):
    """A page of a fresh headless Chromium, ``width`` × ``height``; with ``touch``, a phone's touch screen
    (taps are touches, not mouse clicks, and the page knows it is on a mobile device)."""
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = {"has_touch": True, "is_mobile": True, "device_scale_factor": 2} if touch else {}
        try:
            yield browser.new_page(viewport={"width": width, "height": height}, **phone)
        finally:
            browser.close()


def page_errors(page) -> list[str]:
    """The page's uncaught JavaScript errors, collected from now on (the list fills as they happen)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


# A Vega chart drawn, on either renderer (the race chart is on a canvas, the others are SVG).
VEGA_DRAWN = ".vega-embed canvas, .vega-embed svg"

# The race chart is drawn by Vega on a canvas (ui/chart_kit.on_canvas). To read what it drew, a test asks the
# chart's Vega view for the same scene written as SVG (view.toSVG(): Vega's own rendering of the scenegraph
# the canvas shows) and lays it, hidden, exactly over the canvas inside the chart's .vega-embed: after
# scene(page, scope), `{scope} svg.op-scene` holds the marks, texts and their boxes where the canvas has them.
# The view is found through React's hooks on the chart's element, where Streamlit's chart keeps it.
SCENE_JS = """async (scope) => {
  const embed = document.querySelector(scope + ' .vega-embed');
  const canvas = embed && embed.querySelector('canvas');
  if (!canvas) throw new Error('no Vega canvas in ' + scope);
  let view = null;
  for (let node = embed; node && !view; node = node.parentElement) {
    const key = Object.keys(node).find(k => k.startsWith('__reactFiber$'));
    for (let fiber = key && node[key], depth = 0; fiber && !view && depth < 40; fiber = fiber.return, depth++)
      for (let hook = fiber.memoizedState; hook && !view; hook = hook.next)
        for (const value of [hook.memoizedState, hook.memoizedState && hook.memoizedState.current])
          if (value && typeof value.toSVG === 'function' && typeof value.scenegraph === 'function') view = value;
  }
  if (!view) throw new Error('no Vega view behind ' + scope);
  const host = document.createElement('div');
  host.innerHTML = await view.toSVG();
  const svg = host.firstElementChild;
  svg.classList.add('op-scene');
  Object.assign(svg.style, { position: 'absolute', left: canvas.offsetLeft + 'px', top: canvas.offsetTop + 'px',
    visibility: 'hidden', pointerEvents: 'none' });
  embed.querySelectorAll('svg.op-scene').forEach(old => old.remove());
  embed.appendChild(svg);
  return svg.querySelectorAll('*').length;
}"""

# A hash of the pixels of the Vega canvases in a scope (every 7th pixel; '' while there is none): what the
# student sees of the race chart, to tell that a change or a frame drew a new picture.
CANVAS_PIXELS_JS = """(scope) => {
  let h = 2166136261, n = 0;
  for (const canvas of document.querySelectorAll(scope + ' .vega-embed canvas')) {
    if (!canvas.width || !canvas.height) continue;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 28) h = Math.imul(h ^ (pixels[i] | pixels[i + 1] << 8 | pixels[i + 2] << 16), 16777619);
    n++;
  }
  return n ? n + ':' + (h >>> 0) : '';
}"""


def scene(page, scope: str) -> int:
    """Lay the Vega scene of the canvas chart in ``scope`` (a CSS selector) over it as hidden SVG (SCENE_JS),
    replacing the one laid before; returns its number of elements."""
    return page.evaluate(SCENE_JS, scope)


def canvas_pixels(page, scope: str) -> str:
    """A hash of what the Vega canvases in ``scope`` show (CANVAS_PIXELS_JS)."""
    return page.evaluate(CANVAS_PIXELS_JS, scope)
