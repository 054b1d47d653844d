"""What both labs' charts share: names written as labels, numbers written into labels, the dark casing under
light colours, and the y range of a panel with its off-chart marks (↑ ↓ ✕). Pure: no Streamlit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ui.i18n import text

MINUS = "\u2212"  # a true minus sign for numbers written into labels (Vega's own formats use it already)
CASING = "#333333"  # the dark outline under lines whose colour is too light on white


def labelled(frame: pd.DataFrame, labels: dict[str, str], column: str) -> pd.DataFrame:
    """``frame`` with the registry names in ``column`` written as their labels (``labels``: a ui.vocab table;
    frames carry names, a chart shows labels)."""
    names = frame[column].unique()
    return frame.assign(**{column: frame[column].map(dict(zip(names, (labels[name] for name in names))))})


def signed(value: float, spec: str = ".2f") -> str:
    """``format(value, spec)`` with a true minus sign "−" instead of the hyphen."""
    return format(float(value), spec).replace("-", MINUS)


def loss_text(value: float, not_finite: str = "not finite") -> str:
    """A loss for a label or tooltip: 4 significant digits, a true minus, powers of ten as 1.2e+45."""
    value = float(value)
    return signed(value, ".4g") if math.isfinite(value) else not_finite


# ---------------------------------------------------------------- what the browser computes per mark


def without_mark_descriptions(spec: dict) -> dict:
    """``spec`` (a Vega-Lite dict) with its marks' ARIA descriptions off (``config.mark.aria``): Vega-Lite
    writes a screen-reader text for every item of every mark, each point of a line included (a few number
    formats each), and Streamlit's frontend evaluates it through Vega's expression interpreter on every data
    change. The axes, the legends and the chart's title keep theirs; the numbers are in the results table.
    Measured in Chromium on the lab's default race: an η change's Vega update of the linked charts 174 →
    112 ms, of the race 66 → 50 ms (Streamlit does the same itself for charts of over 5,000 rows)."""
    config = spec.get("config", {})
    return {**spec, "config": {**config, "mark": {**config.get("mark", {}), "aria": False}}}


def on_canvas(spec: dict) -> dict:
    """``spec`` drawn by Vega on a canvas instead of as SVG (Streamlit hands ``usermeta.embedOptions.renderer``
    to vega-embed; it does the same itself for charts of over 2,000 rows a mark). For the race chart, whose
    paths, heads and rules at t move on every frame of playback over a picture, contours and a click grid of
    1,600 cells that stand still: as SVG the browser restyled, laid out and repainted those elements on each
    frame and each change. Measured in Chromium, interleaved, each on its own server: playback 37.7 → 54.0
    fps; a surface pick of the same shape 0.80 → 0.68 s, a start click 0.48 → 0.40, η 0.38 → 0.36. Hover,
    click selections and zoom are Vega's own and work the same on either renderer."""
    usermeta = spec.get("usermeta", {})
    embed = {**usermeta.get("embedOptions", {}), "renderer": "canvas"}
    return {**spec, "usermeta": {**usermeta, "embedOptions": embed}}


# ---------------------------------------------------------------- light colours get a casing


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def light(colour: str) -> bool:
    """Too light on white (contrast below 3:1): a line in this colour gets a dark casing under it."""
    return contrast_on_white(colour) < 3.0


def one_of(field: str, labels: list[str]) -> str:
    """A Vega expression true for the rows whose ``field`` is one of ``labels`` (e.g. the cased series)."""
    return f"indexof([{', '.join(repr(label) for label in labels)}], datum[{field!r}]) >= 0"


# ---------------------------------------------------------------- a panel's range and what leaves it


def value_domain(values_by_series: list[np.ndarray], diverged: list[bool], log: bool) -> tuple[float, float]:
    """The y range a panel shows: that of the series that did not diverge (all of them if every one did,
    then their 2–98 % quantiles), finite values only (and > 0 on a log scale), padded a little."""
    kept = [v for v, bad in zip(values_by_series, diverged) if not bad] or values_by_series
    pooled = np.concatenate([np.asarray(v, dtype=float).ravel() for v in kept]) if kept else np.array([])
    pooled = pooled[np.isfinite(pooled) & ((pooled > 0) if log else True)]
    if pooled.size == 0:
        return (1e-12, 1.0) if log else (0.0, 1.0)
    if len(kept) < len(values_by_series) or not all(diverged):
        lo, hi = float(pooled.min()), float(pooled.max())
    else:
        lo, hi = (float(q) for q in np.quantile(pooled, [0.02, 0.98]))
    if log:
        lo, hi = (lo, hi) if hi > lo else (lo / 10, hi * 10)
        return lo / 1.5, hi * 1.5
    pad = (hi - lo) * 0.05 or max(abs(hi) * 0.05, 1e-9)
    return lo - pad, hi + pad


OFF_CHART_SYMBOLS = {"up": "↑", "down": "↓", "diverged": "✕"}
OFF_CHART_WORDS = {
    "up": "chart.off_chart_up",
    "down": "chart.off_chart_down",
    "diverged": "chart.diverged_mark",
}


def off_chart_marks(
    frame: pd.DataFrame,
    field: str,
    domain: tuple[float, float],
    diverged: set[str],
    lang: str = "en",
    series: str = "optimizer",
    step: str = "step",
) -> pd.DataFrame:
    """One mark per series that leaves the panel: ✕ for a diverged series (where it leaves the range, else
    at its last drawn step), ↑ or ↓ where any other series first goes above or below the range.

    Columns ``series`` (the optimizer, or an activation), ``step``, y (clamped to the range), symbol, what
    (the words: "↑ off the chart", "✕ diverged"), value (the true value there, formatted).
    """
    lo, hi = domain
    rows = []
    for label, rows_of_one in frame.groupby(series, sort=False):
        rows_of_one = rows_of_one.sort_values(step, kind="stable")
        values = rows_of_one[field].to_numpy(dtype=float)
        steps = rows_of_one[step].to_numpy()
        outside = np.nonzero(np.isfinite(values) & ((values > hi) | (values < lo)))[0]
        if label in diverged and len(values):
            i, kind = (outside[0] if len(outside) else len(values) - 1), "diverged"
        elif len(outside):
            i = outside[0]
            kind = "up" if values[i] > hi else "down"
        else:
            continue
        value = values[i]
        rows.append(
            {
                series: label,
                step: int(steps[i]),
                "y": float(np.clip(value, lo, hi)) if np.isfinite(value) else hi,
                "symbol": OFF_CHART_SYMBOLS[kind],
                "what": text(OFF_CHART_WORDS[kind], lang),
                "value": loss_text(value, text("chart.not_finite_value", lang)),
            }
        )
    return pd.DataFrame(rows, columns=[series, step, "y", "symbol", "what", "value"])
