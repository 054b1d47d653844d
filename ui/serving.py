"""How ``streamlit run streamlit_app.py`` serves the app: an ASGI app (``st.App``) with two additions.

- **Compressed responses.** Streamlit's own server sends its JavaScript, CSS and fonts uncompressed: a new
  visitor's browser fetched 5.7 MB to open the optimizer lab (issue 12). Gzip (level 6, responses of
  1 kB or more) sends 1.9 MB; on a class's shared Wi-Fi that is the difference. The files are marked
  immutable, so a browser fetches each only once, and the server compresses each once (RememberedGzip).
- **Warm start.** The pages' modules (pandas, Altair, the engine, the views) are imported while the server
  starts, not by the first visitor's script: that cost the first student 0.9 s of the server's time.

``streamlit_app.py`` builds the app with :func:`middleware` and :func:`lifespan` when Streamlit imports it
to serve it, and is run as each session's script otherwise (``__name__ == "__main__"``).
"""

from __future__ import annotations

import contextlib
import importlib
from collections import OrderedDict

# What the pages import (their own modules run their page when imported, so they are not listed).
PAGE_MODULES = (
    "ui.race.views",
    "ui.race.controls",
    "ui.race.stability_view",
    "ui.race.cost",
    "ui.network.views",
    "ui.network.controls",
    "ui.network.training",
    "ui.network.experiments",
    "ui.network.inside",
    "ui.network.own_view",
    "ui.lessons",
)
GZIP_MIN_BYTES = 1024  # smaller responses gain little and cost a header
GZIP_LEVEL = 6  # zlib's default: 5.7 MB → 1.9 MB
KEPT_BYTES = 16 * 2**20  # compressed static files kept: all a visitor of every page fetches is ~2 MB


class RememberedGzip:
    """ASGI middleware: Starlette's gzip for every HTTP response, and its answers for Streamlit's static files
    kept: their names carry a hash of their content (served as immutable), so each is compressed once per
    server instead of once per visitor (0.1 s of CPU per new visitor here; a class opens a link at once).

    Kept only: GET of a path under ``/static/``, from a client that accepts gzip, without Range or
    conditional headers, answered 200 and gzipped. At most ``limit`` bytes are kept, the least recently
    sent dropped first.
    """

    def __init__(self, app, limit: int = KEPT_BYTES) -> None:
        from starlette.middleware.gzip import GZipMiddleware

        self.gzip = GZipMiddleware(app, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
        self.limit = limit
        self.kept: OrderedDict[str, list[dict]] = OrderedDict()
        self.size = 0

    async def __call__(self, scope, receive, send) -> None:
        if not keepable_request(scope):
            await self.gzip(scope, receive, send)
            return
        path = scope["path"]
        if path in self.kept:
            self.kept.move_to_end(path)
            for message in self.kept[path]:
                await send(dict(message))
            return
        answer: list[dict] = []

        async def send_and_keep(message) -> None:
            answer.append(dict(message))
            await send(message)

        await self.gzip(scope, receive, send_and_keep)
        self.keep(path, answer)

    def keep(self, path: str, answer: list[dict]) -> None:
        """Keep ``answer`` (the ASGI messages of a response) if it is a gzipped 200 that fits ``limit``."""
        start = answer[0] if answer else {}
        headers = {bytes(k).lower(): bytes(v) for k, v in start.get("headers", [])}
        if start.get("status") != 200 or headers.get(b"content-encoding") != b"gzip":
            return
        size = body_bytes(answer)
        if size > self.limit:
            return
        while self.kept and self.size + size > self.limit:
            _, dropped = self.kept.popitem(last=False)
            self.size -= body_bytes(dropped)
        self.kept[path] = answer
        self.size += size


def body_bytes(answer: list[dict]) -> int:
    """The bytes of a response's body (``answer``: its ASGI messages, the start first)."""
    return sum(len(message.get("body", b"")) for message in answer[1:])


def keepable_request(scope) -> bool:
    """A GET of a static file, from a client that accepts gzip, asking for the whole file unconditionally."""
    if scope.get("type") != "http" or scope.get("method") != "GET" or "/static/" not in scope.get("path", ""):
        return False
    headers = {bytes(k).lower(): bytes(v).lower() for k, v in scope.get("headers", [])}
    unconditional = not any(name in headers for name in (b"range", b"if-none-match", b"if-modified-since"))
    return b"gzip" in headers.get(b"accept-encoding", b"") and unconditional


def middleware() -> list:
    """Starlette middleware for ``st.App``: RememberedGzip (HTTP only: the websocket is left as it is)."""
    from starlette.middleware import Middleware

    return [Middleware(RememberedGzip)]


def import_page_modules() -> list[str]:
    """Import PAGE_MODULES (a no-op for those already imported); returns their names."""
    return [importlib.import_module(name).__name__ for name in PAGE_MODULES]


@contextlib.asynccontextmanager
async def lifespan(app):
    """``st.App``'s lifespan, before the first visitor arrives: the page modules imported, and this
    machine's speed measured for the work budget (ui/budget.py), with the engine's tuning for a shared
    server applied first, as every session's run applies it (streamlit_app.py)."""
    from engine import keep_freed_memory, one_blas_thread
    from ui.budget import machine_slowness

    import_page_modules()
    keep_freed_memory()
    one_blas_thread()
    machine_slowness()
    yield
