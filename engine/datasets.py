"""Classification datasets: five 2D toys and the 8×8 handwritten digits, split and standardised.

    ds = datasets.make("spiral", n=300, noise=0.1, seed=0, arms=3, turns=1.5)
    ds.X, ds.y, ds.X_test, ds.y_test, ds.n_classes
    own = datasets.from_points(X, y, test)        # your own points, split as given, not standardised

Each generator returns raw inputs X (n, d) and labels y (n,) in 0..classes−1, with the classes as equal
in size as n allows; ``noise`` is the standard deviation of Gaussian jitter added to every input.
:func:`make` shuffles, splits off ``test_fraction`` of the rows as a test set, and standardises every input
feature with the training rows' mean and standard deviation: x ← (x − μ) / σ (σ = 0 is left as 1).
The digits (1797 images, 64 pixels, 10 classes) ship as engine/data/digits.npz (provenance and licence in
engine/data/DIGITS.md), read with numpy the first time they are chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np


class Dataset(NamedTuple):
    """Standardised training inputs X (n, d) and labels y (n,); the same for the test rows (possibly 0)."""

    name: str
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def n_features(self) -> int:
        return self.X.shape[1]


def _class_sizes(n: int, classes: int) -> np.ndarray:
    """n split into ``classes`` sizes differing by at most one."""
    return np.full(classes, n // classes) + (np.arange(classes) < n % classes)


def _labels(n: int, classes: int) -> np.ndarray:
    return np.repeat(np.arange(classes), _class_sizes(n, classes))


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: (cos t, sin t) and (1 − cos t, ½ − sin t), t ∈ [0, π]."""
    rng = np.random.default_rng(seed)
    y = _labels(n, 2)
    t = rng.uniform(0.0, np.pi, n)
    X = np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal((n, 2)), y


def circles(n: int = 200, noise: float = 0.1, seed: int = 0, factor: float = 0.5):
    """A circle of radius ``factor`` (class 1) inside the unit circle (class 0)."""
    rng = np.random.default_rng(seed)
    y = _labels(n, 2)
    t = rng.uniform(0.0, 2 * np.pi, n)
    r = np.where(y == 1, factor, 1.0)
    X = r[:, None] * np.c_[np.cos(t), np.sin(t)]
    return X + noise * rng.standard_normal((n, 2)), y


def spiral(n: int = 200, noise: float = 0.1, seed: int = 0, arms: int = 2, turns: float = 1.0):
    """``arms`` interleaved spirals, one class each: r = t, θ = 2π (turns·t + k/arms), t ∈ [0.05, 1]."""
    if arms < 2:
        raise ValueError(f"a spiral needs at least 2 arms, got {arms}")
    rng = np.random.default_rng(seed)
    y = _labels(n, arms)
    t = rng.uniform(0.05, 1.0, n)
    theta = 2 * np.pi * (turns * t + y / arms)
    X = t[:, None] * np.c_[np.cos(theta), np.sin(theta)]
    return X + noise * rng.standard_normal((n, 2)), y


def xor(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Points uniform in [−1, 1]², class 1 where x₁·x₂ > 0 (the XOR of their signs)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + noise * rng.standard_normal((n, 2)), y


def blobs(n: int = 200, noise: float = 0.1, seed: int = 0, centers: int = 3):
    """``centers`` Gaussian clusters (spread 0.3) on the unit circle, one class each."""
    if centers < 2:
        raise ValueError(f"blobs needs at least 2 centers, got {centers}")
    rng = np.random.default_rng(seed)
    y = _labels(n, centers)
    angle = 2 * np.pi * np.arange(centers) / centers
    X = np.c_[np.cos(angle), np.sin(angle)][y] + 0.3 * rng.standard_normal((n, 2))
    return X + noise * rng.standard_normal((n, 2)), y


DIGITS_FILE = Path(__file__).with_name("data") / "digits.npz"


@functools.cache
def _digit_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The shipped images, read once: read-only uint8 pixels (1797, 64) in 0..16 and labels (1797,)."""
    with np.load(DIGITS_FILE, allow_pickle=False) as archive:
        pixels, labels = archive["pixels"], archive["labels"]
    pixels.flags.writeable = labels.flags.writeable = False
    return pixels, labels


def digits(n: int | None = None, noise: float = 0.0, seed: int = 0):
    """The 8×8 handwritten digits (UCI optdigits test set, as in scikit-learn's load_digits: 1797 images,
    pixels 0..16): all of them, or n drawn at random and kept in file order."""
    pixels, labels = _digit_arrays()
    X, y = pixels.astype(np.float64), labels.astype(np.int64)
    rng = np.random.default_rng(seed)
    if n is not None and n < len(X):
        keep = np.sort(rng.choice(len(X), size=n, replace=False))
        X, y = X[keep], y[keep]
    return X + noise * rng.standard_normal(X.shape), y


REGISTRY: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "moons": moons,
    "circles": circles,
    "spiral": spiral,
    "xor": xor,
    "blobs": blobs,
    "digits": digits,
}
DEFAULT_N = 200


def from_points(X, y, test, n_classes: int | None = None, name: str = "own") -> Dataset:
    """Your own points as a Dataset, split as ``test`` (a boolean per row) says and not standardised
    (they were drawn where they are): X (n, 2) finite, y (n,) in 0..n_classes − 1 (default max(y) + 1,
    at least 2), at least one training row."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    test = np.asarray(test, dtype=bool)
    n = len(X)
    if X.ndim != 2 or y.shape != (n,) or test.shape != (n,) or not np.isfinite(X).all():
        raise ValueError(f"points must be finite X (n, d) with labels y (n,) and test (n,), got {X.shape}")
    if not np.issubdtype(y.dtype, np.integer) or (n and y.min() < 0):
        raise ValueError("labels must be integers ≥ 0")
    classes = max(2, int(y.max()) + 1 if n else 2) if n_classes is None else int(n_classes)
    if n and y.max() >= classes:
        raise ValueError(f"labels must be in 0..{classes - 1}, got {int(y.max())}")
    if not (~test).any():
        raise ValueError("at least one point must be a training point")
    return Dataset(name, X[~test], y[~test].astype(np.int64), X[test], y[test].astype(np.int64), classes)


def names() -> list[str]:
    """The dataset names: the 2D ones, then digits."""
    return list(REGISTRY)


def make(
    name: str,
    n: int | None = None,
    noise: float | None = None,
    seed: int = 0,
    test_fraction: float = 0.25,
    **options,
) -> Dataset:
    """The dataset ``name`` with n rows (default 200; all 1797 for digits) and its own options
    (``arms``, ``turns`` for spiral; ``factor`` for circles; ``centers`` for blobs), shuffled, split and
    standardised; ``noise`` defaults to 0.1 (0 for digits)."""
    if name not in REGISTRY:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(REGISTRY)}")
    if not 0 <= test_fraction < 1:
        raise ValueError(f"test_fraction must be in [0, 1), got {test_fraction!r}")
    if noise is not None and not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    if name == "digits":
        X, y = digits(n, 0.0 if noise is None else noise, seed, **options)
    else:
        n = DEFAULT_N if n is None else int(n)
        if n < 2:
            raise ValueError(f"n must be at least 2, got {n}")
        X, y = REGISTRY[name](n, 0.1 if noise is None else noise, seed, **options)
    order = np.random.default_rng([seed, 1]).permutation(len(X))  # its own stream: the split ≠ the noise
    n_test = min(int(round(test_fraction * len(X))), len(X) - 1)
    test, fit = order[:n_test], order[n_test:]
    mean, std = X[fit].mean(axis=0), X[fit].std(axis=0)
    std[std == 0] = 1.0
    n_classes = {"spiral": options.get("arms", 2), "blobs": options.get("centers", 3), "digits": 10}.get(
        name, 2
    )
    return Dataset(name, (X[fit] - mean) / std, y[fit], (X[test] - mean) / std, y[test], int(n_classes))
