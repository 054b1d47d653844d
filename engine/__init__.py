"""The numpy engine: optimizers, path simulation, networks and their training.

>>> from engine import optimizers, simulate
"""

from engine import optimizers
from engine.simulate import Path, simulate, sweep_learning_rates

__all__ = ["optimizers", "simulate", "sweep_learning_rates", "Path"]
