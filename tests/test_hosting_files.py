"""The hosting files (docs/hosting.md): what could quietly break a class on a shared server.

Error details stay hidden from visitors; the image installs requirements.txt and serves streamlit_app.py as
a non-root user; the proxy keeps each student on one replica, hides /_stcore/metrics and sends a CSP that
still lets the app run (the hashes of its inline scripts); and HAProxy accepts its config where it is
installed (CI does not install it: skipped there).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
PORT = "8501"


def haproxy_sections() -> dict[str, list[str]]:
    """``{"frontend web": [directive lines], ...}``: each section's lines, comments and blanks dropped."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in HAPROXY_CFG.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not raw[0].isspace():
            current = line
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def one_section(kind: str) -> list[str]:
    matches = [lines for name, lines in haproxy_sections().items() if name.split()[0] == kind]
    assert len(matches) == 1, f"expected one {kind} section in {HAPROXY_CFG.name}"
    return matches[0]


def csp() -> dict[str, list[str]]:
    headers = [line for line in one_section("frontend") if "Content-Security-Policy" in line]
    assert len(headers) == 1, "the proxy sets no Content-Security-Policy"
    value = shlex.split(headers[0])[-1]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in value.split(";")) if d}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)


def app_inline_scripts() -> dict[str, str]:
    """Every inline <script> in a string constant of streamlit_app.py or ui/: what st.html runs."""
    found = {}
    for path in [ROOT / "streamlit_app.py", *sorted((ROOT / "ui").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for i, script in enumerate(inline_scripts(node.value)):
                    found[f"{path.relative_to(ROOT)}:{node.lineno}#{i}"] = script
    return found


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_visitors_see_no_error_details():
    """ "full" (the default) or the legacy true show the message and traceback to every visitor."""
    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["client"]
    assert client.get("showErrorDetails") in {"none", "type", "stacktrace", False}
    assert client.get("toolbarMode") == "minimal"


def test_the_image_installs_the_requirements_and_serves_the_app_as_a_non_root_user():
    steps = dockerfile_instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    assert any(kind == "RUN" and "pip install -r requirements.txt" in args for kind, args in steps)
    command = [args for kind, args in steps if kind == "CMD"]
    assert len(command) == 1
    argv = ast.literal_eval(command[0])
    assert argv[:3] == ["streamlit", "run", "streamlit_app.py"]
    flags = dict(zip(argv[3::2], argv[4::2]))
    assert flags["--server.headless"] == "true" and flags["--server.address"] == "0.0.0.0"
    assert flags.get("--server.port", PORT) == PORT
    users = [args for kind, args in steps if kind == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert [kind for kind, _ in steps].index("USER") < [kind for kind, _ in steps].index("CMD")
    assert any(kind == "HEALTHCHECK" and f"127.0.0.1:{PORT}/_stcore/health" in args for kind, args in steps)


def test_the_image_keeps_what_the_app_runs_on():
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    needed = {"streamlit_app.py", "requirements.txt", ".streamlit", ".streamlit/config.toml", "ui", "engine"}
    assert not ignored & (needed | {"surfaces", "engine/data", "*", "**"})


def test_compose_builds_this_image_and_mounts_the_shipped_proxy_config():
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    assert re.search(r"^\s+context: \.\.$", compose, re.M) and "dockerfile: Dockerfile" in compose
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in compose
    assert re.search(r"^\s+replicas: \d+$", compose, re.M)
    assert re.search(rf'^\s+- "{PORT}"$', compose, re.M), "the app's port is not exposed to the proxy"
    assert not re.search(r"PLAYGROUND_BUDGET_S: \"?0\"?$", compose, re.M), "no limit is for a laptop"


def test_the_proxy_keeps_a_student_on_one_replica():
    backend = one_section("backend")
    cookie = [line.split() for line in backend if line.startswith("cookie ")]
    assert cookie and "insert" in cookie[0], "no sticky cookie: reconnects and /media/ reach other replicas"
    assert any(line.startswith("dynamic-cookie-key ") for line in backend) or "dynamic" not in cookie[0]
    servers = [line for line in backend if line.startswith(("server ", "server-template "))]
    assert servers and all(f":{PORT} " in line and " check" in line for line in servers)
    assert "http-check send meth GET uri /_stcore/health" in backend
    tunnel = [line.split()[-1] for line in one_section("defaults") if line.startswith("timeout tunnel")]
    assert tunnel, "no timeout tunnel: an open websocket is cut after timeout client/server"
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", tunnel[0]).groups()
    seconds = int(number) * {"ms": 0.001, None: 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    assert seconds >= 600, "Streamlit pings each websocket every 30 s: leave a wide margin above that"


def test_the_proxy_hides_the_metrics_and_sends_security_headers():
    frontend = one_section("frontend")
    assert "http-request deny deny_status 404 if { path,url_dec -m beg /_stcore/metrics }" in frontend
    headers = {line.split()[2]: line for line in frontend if line.startswith("http-response set-header")}
    assert {"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} <= set(headers)
    policy = csp()
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_the_csp_allows_every_inline_script_the_app_runs():
    """A script whose hash is missing is blocked: the browser console says so and its feature is gone."""
    streamlit = pytest.importorskip("streamlit")
    allowed = set(csp()["script-src"])
    index = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = {f"streamlit/static/index.html#{i}": s for i, s in enumerate(inline_scripts(index.read_text()))}
    scripts |= app_inline_scripts()
    missing = {where: sha256_source(s) for where, s in scripts.items() if sha256_source(s) not in allowed}
    assert not missing, f"add these hashes to script-src in {HAPROXY_CFG.name}: {missing}"


def test_haproxy_accepts_the_config():
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    result = subprocess.run(
        [haproxy, "-c", "-f", str(HAPROXY_CFG)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stdout + result.stderr
