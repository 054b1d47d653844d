"""The 2D loss-surface library.

>>> import surfaces
>>> s = surfaces.get("rosenbrock")
>>> float(s.f(np.array([1.0, 1.0])))
0.0
>>> s.suggested.lr_for("momentum"), s.suggested.steps   # the setup under which s.teaches holds
(0.002, 500)
"""

from __future__ import annotations

from collections.abc import Callable

from surfaces.classic import CLASSIC
from surfaces.formula import FormulaError, parse
from surfaces.surface import Suggested, Surface
from surfaces.teaching import TEACHING

REGISTRY: dict[str, Callable[..., Surface]] = {**CLASSIC, **TEACHING}

__all__ = ["FormulaError", "Suggested", "Surface", "get", "names", "parse", "REGISTRY"]


def names() -> list[str]:
    """The registered surface names, in display order."""
    return list(REGISTRY)


def get(name: str, **params: float) -> Surface:
    """The surface called ``name``, built with its parameters (e.g. ``get("bowl", condition=20)``)."""
    if name not in REGISTRY:
        raise ValueError(f"unknown surface {name!r}; choose one of: {', '.join(REGISTRY)}")
    return REGISTRY[name](**params)
