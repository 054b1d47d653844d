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
def chromium_page(width: int = 1400, height: int = 1000):
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def page_errors(page) -> list[str]:
    """The page's uncaught JavaScript errors, collected from now on (the list fills as they happen)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
