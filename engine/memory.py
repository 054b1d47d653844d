"""Allocator tuning for training on glibc: an explicit call at program start, never an import side effect.

>>> from engine import keep_freed_memory
>>> keep_freed_memory()  # once, early; calling it again is free and changes nothing
True

It changes malloc's settings for the whole process, so the library leaves the choice to the program: the app
and the benchmarks that train call it once at start.
"""

from __future__ import annotations

import ctypes
import functools
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # from glibc's malloc.h
MMAP_THRESHOLD = 4 << 20  # blocks under 4 MB come from the heap
TRIM_THRESHOLD = 64 << 20  # up to 64 MB of free heap stays mapped


@functools.cache
def keep_freed_memory() -> bool:
    """Ask glibc's malloc to reuse freed memory rather than hand it back to the OS; True if it was asked.

    A training step allocates and frees a few hundred kB to a few MB of activations. By default glibc serves
    blocks ≥ 128 kB with fresh mmaps and returns free memory at the top of the heap to the OS, so every step
    starts again on new pages, each a page fault: 300–500 faults per step of the 2-16-16-16-16-2 benchmark,
    which made it 3× slower on the development VM. glibc raises both thresholds by itself after freeing a
    large block (up to 32 MB); this sets them up front:

        mallopt(M_MMAP_THRESHOLD, 4 MB)    blocks under 4 MB come from the heap
        mallopt(M_TRIM_THRESHOLD, 64 MB)   up to 64 MB of free heap stays mapped

    Elsewhere (macOS, musl, no libc.so.6) nothing happens and it returns False. Idempotent: only the first
    call talks to glibc (each mallopt also consolidates the heap under its lock); later calls return the
    first call's answer at once.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
