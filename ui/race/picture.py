"""The surface background as data: a log-coloured PNG of f on a grid and log-spaced contour lines.

Pure functions of a Surface (numpy, Pillow, contourpy, pandas), testable without Streamlit.
"""

from __future__ import annotations

import base64
import io

import contourpy
import numpy as np
import pandas as pd
from PIL import Image

# Viridis-like ramp (dark = low loss), 9 stops; interpolated per pixel.
RAMP = np.array(
    [
        [68, 1, 84],
        [72, 40, 120],
        [62, 74, 137],
        [49, 104, 142],
        [38, 130, 142],
        [31, 158, 137],
        [53, 183, 121],
        [109, 205, 89],
        [253, 231, 37],
    ],
    dtype=float,
)
MASKED_RGB = (235, 235, 235)


def log_levels(values: np.ndarray) -> tuple[np.ndarray, float]:
    """log10(f − min f + δ) with δ a small fraction of the range: what the colours and contours follow."""
    finite = np.isfinite(values)
    if not finite.any():
        return np.full(values.shape, np.nan), 0.0
    low, high = values[finite].min(), values[finite].max()
    delta = max((high - low) * 1e-4, 1e-12)
    with np.errstate(all="ignore"):
        return np.where(finite, np.log10(values - low + delta), np.nan), float(low)


def colour(levels: np.ndarray) -> np.ndarray:
    """RGB uint8 (h, w, 3) from levels scaled to [0, 1] along RAMP; non-finite cells grey."""
    finite = np.isfinite(levels)
    rgb = np.empty((*levels.shape, 3), dtype=np.uint8)
    rgb[...] = MASKED_RGB
    if finite.any():
        lo, hi = np.nanmin(levels), np.nanmax(levels)
        u = (levels[finite] - lo) / (hi - lo) if hi > lo else np.zeros(finite.sum())
        pos = u * (len(RAMP) - 1)
        i = np.minimum(pos.astype(int), len(RAMP) - 2)
        frac = (pos - i)[:, None]
        rgb[finite] = np.round(RAMP[i] * (1 - frac) + RAMP[i + 1] * frac).astype(np.uint8)
    return rgb


def ramp_hex() -> list[str]:
    """The colour ramp as hex strings, low loss first (for a colour bar matching the picture)."""
    return ["#{:02X}{:02X}{:02X}".format(*(int(c) for c in stop)) for stop in RAMP]


def colour_key(values: np.ndarray) -> dict:
    """What the picture's colours mean: one value of L − min L + δ per RAMP stop (log-spaced, as coloured),
    the lowest finite L, and whether some cells are not finite (drawn grey)."""
    levels, low = log_levels(values)
    finite = levels[np.isfinite(levels)]
    masked = bool((~np.isfinite(values)).any())
    if finite.size == 0:
        return {"stops": [], "colours": [], "low": low, "masked": masked}
    lo, hi = float(finite.min()), float(finite.max())
    if hi <= lo:
        hi = lo + 1.0
    stops = [float(10**level) for level in np.linspace(lo, hi, len(RAMP))]
    return {"stops": stops, "colours": ramp_hex(), "low": low, "masked": masked}


def png_data_url(rgb: np.ndarray) -> str:
    """A data: URL of a PNG; rgb rows go from the top (high y) down. zlib's default level, not PIL's
    ``optimize``: on the lab's 150 × 150 pictures that searched 26–39 ms a new surface for 1–5 % fewer bytes
    (4–6 ms at the default; Beale 13.9 → 14.1 kB, Himmelblau 15.0 → 15.4 kB)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def background(xs: np.ndarray, ys: np.ndarray, values: np.ndarray) -> str:
    """The log-coloured image of values[iy, ix] as a PNG data URL (y increasing upwards)."""
    levels, _ = log_levels(values)
    return png_data_url(colour(levels)[::-1])


# Contour vertices closer than this fraction of the plot's longer side to the line drawn without them are
# dropped: 0.35 px on the lab's 520-px plot, 0.4 px on a projector's 600 (an antialiased line is ~1 px wide).
CONTOUR_TOLERANCE = 1 / 1500


def simplified(line: np.ndarray, tolerance: float) -> np.ndarray:
    """The vertices of polyline ``line`` (n × 2) that Ramer–Douglas–Peucker keeps (``simplified_lines``)."""
    return simplified_lines([line], tolerance)[0]


def simplified_lines(lines: list[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Each polyline of ``lines`` (n_i × 2) with the vertices Ramer–Douglas–Peucker keeps: both ends, and,
    between two kept vertices a and b, the vertex farthest from segment ab (the first, if several) if it is
    farther than ``tolerance``; then each half in turn. Every vertex dropped lies within ``tolerance`` of the
    segment between the kept vertices around it. The distance to a segment: |p − a − s·(b − a)| with
    s = clamp((p − a)·(b − a) / |b − a|², 0, 1), so a closed line (a = b) measures its vertices from a.

    All lines at once, one level of the recursion at a time (a few dozen numpy calls for a surface's
    contours instead of a few per kept vertex: 1–3 ms instead of 20–30)."""
    lengths = np.array([len(line) for line in lines], dtype=int)
    if not len(lines) or lengths.min() == 0:
        return [np.asarray(line, dtype=float) for line in lines]
    points = np.concatenate([np.asarray(line, dtype=float) for line in lines])
    ends = np.cumsum(lengths) - 1
    firsts = ends - lengths + 1
    keep = np.zeros(len(points), dtype=bool)
    keep[firsts] = keep[ends] = True
    lo, hi = firsts, ends  # the pending stretches (lo, hi): their ends kept, their inside undecided
    while True:
        inside = hi - lo - 1
        lo, hi, inside = lo[inside > 0], hi[inside > 0], inside[inside > 0]
        if not len(lo):
            break
        owner = np.repeat(np.arange(len(lo)), inside)  # each inside vertex's stretch
        starts = np.cumsum(inside) - inside
        index = lo[owner] + 1 + np.arange(inside.sum()) - starts[owner]
        a = points[lo[owner]]
        d = points[hi[owner]] - a
        p = points[index] - a
        length2 = np.einsum("ij,ij->i", d, d)
        s = np.clip(np.einsum("ij,ij->i", p, d) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
        offset = p - s[:, None] * d
        distance = np.nan_to_num(np.hypot(offset[:, 0], offset[:, 1]), nan=np.inf)  # a NaN vertex stays
        farthest = np.maximum.reduceat(distance, starts)
        at_max = np.flatnonzero(distance == farthest[owner])
        _, first = np.unique(owner[at_max], return_index=True)  # the first farthest of each stretch
        far = index[at_max[first]]
        split = farthest > tolerance
        keep[far[split]] = True
        lo, hi = np.concatenate([lo[split], far[split]]), np.concatenate([far[split], hi[split]])
    return [points[a : b + 1][keep[a : b + 1]] for a, b in zip(firsts, ends)]


def contour_lines(
    xs: np.ndarray,
    ys: np.ndarray,
    values: np.ndarray,
    count: int = 14,
    max_vertices: int = 3000,
    tolerance: float = CONTOUR_TOLERANCE,
) -> pd.DataFrame:
    """Log-spaced contour lines: columns line, order, x, y (one row per vertex).

    Each line keeps the vertices ``simplified`` keeps within ``tolerance`` of the plot's longer side (the
    lab's surfaces: 1,600–6,800 vertices → 250–1,200, none moved by more than 0.35 px; Vega encodes and the
    canvas draws each vertex on every change and frame). If more than ``max_vertices`` remain in all, each
    line keeps every k-th of them (and its last), so the chart stays light in the browser.
    """
    levels, _ = log_levels(values)
    finite = levels[np.isfinite(levels)]
    columns = {"line": [], "order": [], "x": [], "y": []}
    if finite.size == 0 or finite.max() <= finite.min():
        return pd.DataFrame(columns)
    generator = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(levels), name="serial")
    tolerance *= max(xs[-1] - xs[0], ys[-1] - ys[0])
    segments = simplified_lines(
        [
            segment
            for level in np.linspace(finite.min(), finite.max(), count + 2)[1:-1]
            for segment in generator.lines(level)
            if len(segment) >= 2
        ],
        tolerance,
    )
    stride = max(1, int(np.ceil(sum(len(s) for s in segments) / max_vertices)))
    line_id = 0
    for segment in segments:
        if stride > 1:
            segment = np.vstack([segment[:-1:stride], segment[-1:]])
        n = len(segment)
        columns["line"].extend([line_id] * n)
        columns["order"].extend(range(n))
        columns["x"].extend(segment[:, 0])
        columns["y"].extend(segment[:, 1])
        line_id += 1
    return pd.DataFrame(columns)
