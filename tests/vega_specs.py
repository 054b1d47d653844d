"""Reading Vega-Lite spec dicts in tests: every node inside one, and every font size it sets."""

from __future__ import annotations


def walk(spec):
    """Every dict inside a spec (layers, concats, encodings, legends, axes...)."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def font_sizes(spec: dict) -> list[float]:
    """Every font size a spec sets, in its config and on its marks, axes, legends and titles."""
    return [
        value
        for node in walk(spec)
        for key, value in node.items()
        if key.lower().endswith("fontsize") and isinstance(value, int | float)
    ]
