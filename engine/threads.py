"""One BLAS thread per computation: an explicit call at program start for a server shared by many sessions.

>>> from engine import one_blas_thread
>>> one_blas_thread()  # once, early; True if numpy's OpenBLAS now uses a single thread
True

numpy's bundled OpenBLAS starts a thread per core for every matrix product and lets idle threads spin while
they wait for the next one. The lab's matrices are small (at most 64 × 384 per layer), so the extra threads
add no speed and burn CPU: one epoch of the largest Maxout network (2000 points, 10 × 64 units, 6 pieces,
batches of 8) cost 2.3 s of CPU for 1.25 s of wall time with OpenBLAS's threads and 0.85 s for 0.86 s with
one (2-core development machine, best of 3). On a shared server the sessions are the parallelism: each
session's thread is one computation, and a spinning BLAS thread takes the core another student waits for.

It changes the whole process (the environment variable OPENBLAS_NUM_THREADS=1 does the same if set before
numpy is imported, which a Streamlit script is too late for), so the library leaves the choice to the
program. Elsewhere (another BLAS, no OpenBLAS found) nothing happens and it returns False.
"""

from __future__ import annotations

import ctypes
import functools
import re
from pathlib import Path

import numpy  # noqa: F401  (loads numpy's OpenBLAS, which the functions below look for)

# numpy's wheels rename OpenBLAS's symbols with a scipy_ prefix and a 64 suffix (64-bit integers); a
# system OpenBLAS keeps the plain name.
SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads")
GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads", "openblas_get_num_threads")


def _loaded_openblas() -> list[str]:
    """The OpenBLAS libraries mapped into this process (numpy's own first), from /proc/self/maps."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    found = dict.fromkeys(re.findall(r"(/\S*openblas\S*\.so[\w.]*)", maps))
    return sorted(found, key=lambda path: "numpy" not in path)


def _symbol(library: ctypes.CDLL, names: tuple[str, ...]):
    for name in names:
        function = getattr(library, name, None)
        if function is not None:
            return function
    return None


def blas_threads() -> int | None:
    """How many threads numpy's OpenBLAS uses now (None: no OpenBLAS found)."""
    for path in _loaded_openblas():
        getter = _symbol(ctypes.CDLL(path), GETTERS)
        if getter is not None:
            return int(getter())
    return None


@functools.cache
def one_blas_thread() -> bool:
    """Ask numpy's OpenBLAS to use one thread; True if it was asked and now reports one thread.

    Idempotent: only the first call talks to OpenBLAS; later calls return its answer at once.
    """
    done = False
    for path in _loaded_openblas():
        library = ctypes.CDLL(path)
        setter = _symbol(library, SETTERS)
        if setter is not None:
            setter(1)
            done = True
    return done and blas_threads() == 1
