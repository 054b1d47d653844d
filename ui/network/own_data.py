"""Your own data: points drawn by clicking (or uploaded as CSV), kept as plain integers, in the URL as a
short text. Pure functions, testable without Streamlit; ui/network/own_view.py draws the editor.

A point is (ix, iy, label): the coordinates on a grid of STEP over the box [−BOX, BOX]², x = −BOX + ix·STEP
(ix in 0..CELLS), and its class 0..MAX_CLASSES − 1. The URL holds the classes' points one group after
another, separated by ".", each point as four characters of the URL-safe base-64 alphabet (two per
coordinate, 64·a + b): 300 points fit in 1203 characters. A garbled point is skipped (and counted, so
the page can say so); the rest are kept. At most MAX_POINTS points: a longer text is cut there.

Each point is a training or a test point by its own draw: ``default_rng([seed, ix, iy, label])``, test with
probability TEST_FRACTION, so adding a point never moves another one between the two sets.
"""

from __future__ import annotations

import csv
import io
import math
from typing import NamedTuple

import numpy as np

BOX = 2.0
STEP = 0.01
CELLS = 400  # grid steps per side: ix, iy in 0..CELLS
MAX_POINTS = 300
MAX_CLASSES = 4
TEST_FRACTION = 0.25
MIN_POINTS = 4  # fewer cannot be split into training and test points of both classes
MAX_CSV_BYTES = 64_000
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DIGIT = {c: i for i, c in enumerate(ALPHABET)}
ERASE_RADIUS = 0.2  # an erasing click removes the nearest point within this distance

Point = tuple[int, int, int]


class Decoded(NamedTuple):
    """The points read from a URL text, and how many of its points were garbled or beyond MAX_POINTS."""

    points: tuple[Point, ...]
    skipped: int


def canonical(points) -> tuple[Point, ...]:
    """The points grouped by class (0 first), in their order within a class: what the URL text keeps,
    so a point list and the same list read back from its URL are the same cache key."""
    return tuple(sorted(((int(a), int(b), int(c)) for a, b, c in points), key=lambda p: p[2]))


def index(value: float) -> int:
    """The grid index of a coordinate, clipped into the box."""
    return int(min(max(round((float(value) + BOX) / STEP), 0), CELLS))


def coordinate(i: int) -> float:
    return round(-BOX + i * STEP, 4)


def encode(points) -> str:
    """The URL text of ``points`` (see the module doc); "" for none."""
    points = canonical(points)
    if not points:
        return ""
    last = max(p[2] for p in points)
    groups = []
    for label in range(last + 1):
        chars = []
        for ix, iy, c in points:
            if c == label:
                chars += [ALPHABET[ix // 64], ALPHABET[ix % 64], ALPHABET[iy // 64], ALPHABET[iy % 64]]
        groups.append("".join(chars))
    return ".".join(groups)


def decode(text: str) -> Decoded:
    """The points of a URL text; garbled points (a character outside the alphabet, a coordinate beyond the
    grid, a short tail, a group beyond MAX_CLASSES) and points beyond MAX_POINTS are skipped and counted."""
    text = str(text)[: 4 * MAX_POINTS + MAX_CLASSES * 2 + 64]  # bounded work whatever the link holds
    points, skipped = [], 0
    for label, group in enumerate(text.split(".")):
        chunks = [group[i : i + 4] for i in range(0, len(group), 4)]
        if label >= MAX_CLASSES:
            skipped += len(chunks)
            continue
        for chunk in chunks:
            digits = [DIGIT.get(c) for c in chunk]
            if len(chunk) != 4 or None in digits:
                skipped += 1
                continue
            ix, iy = 64 * digits[0] + digits[1], 64 * digits[2] + digits[3]
            if ix > CELLS or iy > CELLS or len(points) >= MAX_POINTS:
                skipped += 1
                continue
            points.append((ix, iy, label))
    return Decoded(canonical(points), skipped)


def is_test(points, seed: int) -> np.ndarray:
    """Which points are test points: each by its own draw from ``default_rng([seed, ix, iy, label])``."""
    return np.array(
        [np.random.default_rng([seed, ix, iy, c]).random() < TEST_FRACTION for ix, iy, c in points],
        dtype=bool,
    )


def arrays(points) -> tuple[np.ndarray, np.ndarray]:
    """X (n, 2) in the box's coordinates and the labels y (n,)."""
    X = np.array([[coordinate(ix), coordinate(iy)] for ix, iy, _ in points], dtype=float).reshape(-1, 2)
    return X, np.array([c for *_, c in points], dtype=np.int64)


def problem(points, seed: int) -> str | None:
    """Why these points cannot be trained on yet (a catalogue key), or None."""
    if len(points) < MIN_POINTS:
        return "net.own.too_few"
    if len({c for *_, c in points}) < 2:
        return "net.own.one_class"
    if is_test(points, seed).all():
        return "net.own.no_training"
    return None


def add(points, x: float, y: float, label: int) -> tuple[Point, ...]:
    """``points`` with a point of class ``label`` at (x, y) (one already there takes the new class); at most
    MAX_POINTS: beyond that nothing is added."""
    ix, iy = index(x), index(y)
    kept = [p for p in points if (p[0], p[1]) != (ix, iy)]
    if len(kept) >= MAX_POINTS:
        return canonical(points)
    return canonical([*kept, (ix, iy, int(label))])


def erase(points, x: float, y: float) -> tuple[Point, ...]:
    """``points`` without the one nearest (x, y), if it is within ERASE_RADIUS."""
    if not points:
        return ()
    X, _ = arrays(points)
    distance = np.hypot(X[:, 0] - x, X[:, 1] - y)
    nearest = int(distance.argmin())
    if distance[nearest] > ERASE_RADIUS:
        return canonical(points)
    return canonical(p for i, p in enumerate(points) if i != nearest)


def from_arrays(X, y) -> tuple[Point, ...]:
    """Points from arrays (a built-in dataset's standardised points): at most MAX_POINTS (the first),
    classes beyond MAX_CLASSES dropped, scaled into the box as a CSV's are (``fit_box``)."""
    keep = [i for i, c in enumerate(y) if c < MAX_CLASSES][:MAX_POINTS]
    X = fit_box(np.asarray(X, dtype=float)[keep, :2])[0]
    return canonical((index(a), index(b), int(y[i])) for (a, b), i in zip(X, keep))


def fit_box(X: np.ndarray) -> tuple[np.ndarray, bool]:
    """X as it is when it lies in the box; else scaled (one factor for both axes, so shapes stay) and
    centred into 90 % of it. Returns (X, whether it was scaled)."""
    if not len(X) or np.abs(X).max() <= BOX:
        return X, False
    centre = (X.max(axis=0) + X.min(axis=0)) / 2
    half = float((X.max(axis=0) - X.min(axis=0)).max() / 2) or 1.0
    return (X - centre) / half * 0.9 * BOX, True


class CsvError(ValueError):
    """A CSV that cannot be read: ``key`` names its catalogue text, ``params`` its values."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class CsvPoints(NamedTuple):
    points: tuple[Point, ...]
    rescaled: bool  # the file's coordinates did not fit the box: they were scaled into it
    dropped: int  # rows beyond MAX_POINTS


def read_csv(raw: bytes) -> CsvPoints:
    """Points from a CSV of rows x, y, label (a header row is allowed; label 0 or 1, or −1 and 1 as in
    TensorFlow Playground, or any whole number 0..MAX_CLASSES − 1). Only float() reads its cells: nothing in
    the file is run. Coordinates beyond the box are scaled into it (the same factor for x and y). Raises
    CsvError for anything else, so the points already drawn are kept."""
    if len(raw) > MAX_CSV_BYTES:
        raise CsvError("net.csv.too_big", size=len(raw) // 1000, limit=MAX_CSV_BYTES // 1000)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("net.csv.not_text") from None
    rows = [row for row in csv.reader(io.StringIO(content)) if any(cell.strip() for cell in row)]
    if rows and not _numeric(rows[0][:1]):
        rows = rows[1:]  # a header
    if not rows:
        raise CsvError("net.csv.empty")
    values = []
    for number, row in enumerate(rows, start=1):
        if len(row) != 3 or not _numeric(row):
            raise CsvError("net.csv.bad_row", row=number, text=",".join(row)[:60])
        x, y, label = (float(cell) for cell in row)
        if label == -1:
            label = 0
        if label != int(label) or not 0 <= label < MAX_CLASSES:
            raise CsvError("net.csv.bad_label", row=number, label=row[2].strip()[:20], top=MAX_CLASSES - 1)
        values.append((x, y, int(label)))
    dropped = max(0, len(values) - MAX_POINTS)
    values = values[:MAX_POINTS]
    X, rescaled = fit_box(np.array([(x, y) for x, y, _ in values]))
    points = [(index(a), index(b), c) for (a, b), (_, _, c) in zip(X, values)]
    return CsvPoints(canonical(points), rescaled, dropped)


def _numeric(cells) -> bool:
    """Whether every cell is a finite number (float() alone: no eval)."""
    try:
        return bool(cells) and all(math.isfinite(float(cell)) for cell in cells)
    except ValueError:
        return False


def to_csv(points) -> str:
    """The points as the CSV ``read_csv`` reads: x,y,label with a header."""
    lines = ["x,y,label"] + [f"{coordinate(ix):g},{coordinate(iy):g},{c}" for ix, iy, c in points]
    return "\n".join(lines) + "\n"
