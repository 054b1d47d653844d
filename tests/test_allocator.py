"""The allocator tuning is an explicit call (the app makes it at start), never a side effect of an import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine import keep_freed_memory

ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_engine_does_not_touch_the_c_library():
    script = textwrap.dedent(
        """
        import ctypes
        opened = []
        real = ctypes.CDLL
        ctypes.CDLL = lambda name, *a, **k: opened.append(name) or real(name, *a, **k)
        import engine, engine.network, engine.train, engine.simulate, surfaces
        print(opened)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux only")
def test_the_explicit_call_tunes_glibc():
    assert keep_freed_memory() is True
