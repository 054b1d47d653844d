"""How `streamlit run streamlit_app.py` serves the app (ui/serving.py): gzip, and the page modules imported
while the server starts instead of by the first visitor.

Before: Streamlit sent its 5.7 MB of JavaScript, CSS and fonts uncompressed to every new visitor, and the
first visitor's script run imported pandas, Altair and the engine (0.9 s of the server's time).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import subprocess
import sys
import urllib.request

from tests.browser import ROOT, served_app
from ui import budget, serving

# A fresh interpreter imports streamlit_app as `streamlit run` does to serve it (a module, not __main__),
# then runs the app's lifespan hook: which modules were imported before, and after.
LIFESPAN_PROBE = """
import asyncio, json, sys
import streamlit as st
import streamlit_app
from ui import budget, serving
before = {name: name in sys.modules for name in ("altair", "pandas", "ui.race.views", "ui.network.views")}
from ui import budget
runs = []
measure = budget.reference_cpu_seconds
budget.reference_cpu_seconds = lambda: runs.append(1) or measure()
async def start():
    async with serving.lifespan(streamlit_app.app):
        return {name: name in sys.modules for name in before}
after = asyncio.run(start())
print(json.dumps({"is_app": isinstance(streamlit_app.app, st.App), "before": before, "after": after,
                  "reference_runs": len(runs), "slowness": budget.machine_slowness()}))
"""


def fetch(url: str, gzip_ok: bool) -> tuple[bytes, str | None]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.read(), response.headers.get("Content-Encoding")


def test_the_served_app_gzips_its_javascript_for_a_browser_that_accepts_it():
    with served_app() as base:
        index, _ = fetch(base + "/", gzip_ok=False)
        (script,) = re.findall(rb'src="\./(static/js/index\.[\w-]+\.js)"', index)[:1]
        plain, plain_encoding = fetch(f"{base}/{script.decode()}", gzip_ok=False)
        packed, encoding = fetch(f"{base}/{script.decode()}", gzip_ok=True)
    assert plain_encoding is None  # a client that does not ask gets the file as it is
    assert encoding == "gzip"
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain) / 2.5, (len(packed), len(plain))


def test_streamlit_run_finds_an_app_whose_start_imports_the_pages_modules_and_times_the_machine():
    environment = {k: v for k, v in os.environ.items() if k != budget.SLOWNESS_VARIABLE}  # as a server
    probe = subprocess.run(
        [sys.executable, "-c", LIFESPAN_PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["is_app"]
    assert not any(found["before"].values()), found["before"]  # importing streamlit_app imports none of them
    assert all(found["after"].values()), found["after"]
    # the work budget's slowness, measured before the first visitor (ui/budget.py): no visitor waits for it
    assert found["reference_runs"] == budget.REFERENCE_RUNS and 1 <= found["slowness"] <= budget.MOST_SLOWNESS


def test_streamlit_run_discovers_the_app_in_streamlit_app_py():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "streamlit_app.py")
    assert found.is_asgi_app and found.import_string == "streamlit_app:app"


# ---------------------------------------------------------------- RememberedGzip, with a stand-in app


class StaticFiles:
    """A stand-in ASGI app: every path is a 20 kB script; counts the requests it answered."""

    def __init__(self):
        self.answered = 0

    async def __call__(self, scope, receive, send):
        self.answered += 1
        body = (f"/* {scope['path']} */ " + "let x = 1;\n" * 2000).encode()
        headers = [(b"content-type", b"application/javascript"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})


def get(middleware, path: str, **headers) -> tuple[int, dict, bytes]:
    """GET ``path`` through ``middleware``: (status, headers, body as sent)."""
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(middleware(scope, receive, send))
    start, bodies = sent[0], sent[1:]
    return (
        start["status"],
        {k.decode(): v.decode() for k, v in start["headers"]},
        b"".join(b["body"] for b in bodies),
    )


def test_a_static_file_is_compressed_once_and_sent_compressed_to_every_visitor():
    files = StaticFiles()
    served = serving.RememberedGzip(files)
    answers = [get(served, "/static/js/index.abc.js", accept_encoding="gzip, br") for _ in range(3)]
    assert files.answered == 1
    for status, headers, body in answers:
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert gzip.decompress(body).startswith(b"/* /static/js/index.abc.js */ let x = 1;")
    assert len(answers[0][2]) < 2000  # 20 kB of a repeated line


def test_only_whole_unconditional_static_gzip_requests_are_answered_from_memory():
    files = StaticFiles()
    served = serving.RememberedGzip(files)
    _, headers, body = get(served, "/static/js/a.js")  # a client that does not accept gzip
    assert "content-encoding" not in headers and body.startswith(b"/* /static/js/a.js */")
    get(served, "/static/js/a.js", accept_encoding="gzip")  # compressed: kept from now on
    get(served, "/static/js/a.js", accept_encoding="gzip", range="bytes=0-99")
    get(served, "/static/js/a.js", accept_encoding="gzip", if_none_match='"etag"')
    get(served, "/_stcore/health", accept_encoding="gzip")
    get(served, "/_stcore/health", accept_encoding="gzip")
    assert files.answered == 6
    get(served, "/static/js/a.js", accept_encoding="gzip")
    assert files.answered == 6
    assert list(served.kept) == ["/static/js/a.js"]


def test_the_files_kept_stay_within_their_byte_limit_the_least_recent_dropped_first():
    files = StaticFiles()
    one = len(get(serving.RememberedGzip(files), "/static/js/0.js", accept_encoding="gzip")[2])
    served = serving.RememberedGzip(files, limit=int(2.5 * one))
    for name in ("0", "1", "0", "2"):  # 0 is sent again before 2 arrives: 1 is the least recent
        get(served, f"/static/js/{name}.js", accept_encoding="gzip")
    assert list(served.kept) == ["/static/js/0.js", "/static/js/2.js"]
    assert served.size <= served.limit
