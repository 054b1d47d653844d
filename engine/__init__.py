"""The numpy engine: optimizers, path simulation, networks, their training and diagnostics.

>>> from engine import optimizers, simulate
>>> from engine.network import MLP, train
>>> from engine import keep_freed_memory  # optional, once at program start: faster training on glibc
>>> from engine import one_blas_thread  # optional, once at program start: a server shared by many sessions
"""

from engine import activations, datasets, optimizers, schedules, stability
from engine.diagnostics import active_paths, layer_speeds, nudge, unit_response
from engine.memory import keep_freed_memory
from engine.network import MLP, History, train
from engine.simulate import Path, simulate, sweep_learning_rates
from engine.threads import blas_threads, one_blas_thread

__all__ = [
    "MLP",
    "History",
    "Path",
    "activations",
    "active_paths",
    "blas_threads",
    "datasets",
    "keep_freed_memory",
    "layer_speeds",
    "nudge",
    "one_blas_thread",
    "optimizers",
    "schedules",
    "stability",
    "simulate",
    "sweep_learning_rates",
    "train",
    "unit_response",
]
