"""Datasets: shapes, balanced classes, the geometry of each toy, standardisation, split, seeds, digits."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import datasets

TOYS = ["moons", "circles", "spiral", "xor", "blobs"]


def test_names():
    assert datasets.names() == [*TOYS, "digits"]


@pytest.mark.parametrize("name", TOYS)
def test_toys_split_and_standardise(name):
    ds = datasets.make(name, n=200, noise=0.1, seed=3, test_fraction=0.25)
    assert ds.X.shape == (150, 2) and ds.X_test.shape == (50, 2) and ds.n_features == 2
    assert ds.y.shape == (150,) and ds.y_test.shape == (50,)
    assert ds.X.dtype == np.float64 and np.issubdtype(ds.y.dtype, np.integer)
    np.testing.assert_allclose(ds.X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(ds.X.std(axis=0), 1.0)
    labels = np.concatenate([ds.y, ds.y_test])
    assert set(labels) == set(range(ds.n_classes))


@pytest.mark.parametrize("name", TOYS)
def test_generators_balance_classes_and_follow_the_seed(name):
    X, y = datasets.REGISTRY[name](n=301, noise=0.1, seed=5)
    again, _ = datasets.REGISTRY[name](n=301, noise=0.1, seed=5)
    other, _ = datasets.REGISTRY[name](n=301, noise=0.1, seed=6)
    assert X.shape == (301, 2) and np.array_equal(X, again) and not np.array_equal(X, other)
    counts = np.bincount(y)
    if name != "xor":  # xor labels come from uniform points: balanced only on average
        assert counts.max() - counts.min() <= 1


def test_make_follows_the_seed():
    a, b, c = (datasets.make("moons", seed=s) for s in (1, 1, 2))
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X, c.X)


def test_noise_free_geometry():
    X, y = datasets.circles(n=100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X.T), np.where(y == 1, 0.3, 1.0))
    X, y = datasets.moons(n=100, noise=0.0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)
    X, y = datasets.xor(n=100, noise=0.0)
    np.testing.assert_array_equal(y, X[:, 0] * X[:, 1] > 0)


def test_spiral_arms_and_turns():
    ds = datasets.make("spiral", n=300, arms=3, turns=1.5)
    assert ds.n_classes == 3
    X, y = datasets.spiral(n=300, noise=0.0, arms=3, turns=1.5)
    r = np.hypot(*X.T)
    theta = np.arctan2(X[:, 1], X[:, 0])
    # θ = 2π(turns·r + k/arms) on each arm k, modulo 2π
    wrapped = np.angle(np.exp(1j * (theta - 2 * np.pi * (1.5 * r + y / 3))))
    np.testing.assert_allclose(wrapped, 0.0, atol=1e-9)
    with pytest.raises(ValueError):
        datasets.spiral(arms=1)


def test_blobs_centers():
    ds = datasets.make("blobs", n=120, centers=4)
    assert ds.n_classes == 4 and set(ds.y) == {0, 1, 2, 3}


def test_no_test_set():
    ds = datasets.make("xor", n=40, test_fraction=0.0)
    assert ds.X.shape == (40, 2) and ds.X_test.shape == (0, 2) and ds.y_test.shape == (0,)


def test_bad_arguments_are_refused():
    for kwargs in [
        {"name": "iris"},
        {"name": "moons", "test_fraction": 1.0},
        {"name": "moons", "noise": -1.0},
        {"name": "moons", "n": 1},
    ]:
        with pytest.raises(ValueError):
            datasets.make(**kwargs)


# ----- the 8×8 digits: engine/data/digits.npz, read with numpy alone -------------------------------------
DIGITS_FILE = Path(datasets.__file__).with_name("data") / "digits.npz"
DIGIT_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # per class, UCI's optdigits.tes


def test_the_shipped_digits_file():
    with np.load(DIGITS_FILE) as shipped:
        assert sorted(shipped.files) == ["labels", "pixels"]
        pixels, labels = shipped["pixels"], shipped["labels"]
    assert pixels.shape == (1797, 64) and labels.shape == (1797,)
    assert pixels.dtype == np.uint8 and labels.dtype == np.uint8
    assert pixels.min() == 0 and pixels.max() == 16
    assert np.bincount(labels, minlength=11).tolist() == [*DIGIT_COUNTS, 0]
    assert DIGITS_FILE.stat().st_size < 60_000


def test_digits_loader_gives_every_image_as_floats_and_fresh_copies():
    X, y = datasets.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.array_equal(X, np.round(X)) and X.min() == 0 and X.max() == 16
    assert np.bincount(y).tolist() == DIGIT_COUNTS
    X[:], y[:] = -1, -1  # a caller's changes never reach the cached arrays
    again, labels = datasets.digits()
    assert again.min() == 0 and np.bincount(labels).tolist() == DIGIT_COUNTS


def test_digits_draw_n_rows_in_file_order_then_add_noise():
    X_all, y_all = datasets.digits()
    X, y = datasets.digits(n=300, seed=7)
    keep = np.sort(np.random.default_rng(7).choice(1797, size=300, replace=False))
    np.testing.assert_array_equal(X, X_all[keep])
    np.testing.assert_array_equal(y, y_all[keep])
    for n in (1797, 5000):  # n ≥ 1797: all of them, no draw
        np.testing.assert_array_equal(datasets.digits(n=n)[0], X_all)
    noisy, _ = datasets.digits(noise=0.5, seed=1)
    np.testing.assert_allclose(
        noisy - X_all, 0.5 * np.random.default_rng(1).standard_normal(X_all.shape), atol=1e-12
    )


def test_digits():
    ds = datasets.make("digits", seed=0)
    assert ds.n_classes == 10 and ds.n_features == 64
    assert len(ds.X) + len(ds.X_test) == 1797
    assert len(ds.X_test) == round(0.25 * 1797)
    assert set(ds.y) == set(range(10))
    np.testing.assert_allclose(ds.X.mean(axis=0), 0.0, atol=1e-12)
    std = ds.X.std(axis=0)
    assert np.all((np.abs(std - 1) < 1e-9) | (std == 0))  # always-blank corner pixels stay 0
    small = datasets.make("digits", n=300, seed=0)
    assert len(small.X) + len(small.X_test) == 300
    again = datasets.make("digits", n=300, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(again[1:5], small[1:5]))


def _digits_from_scikit_learn(n=None, noise=0.0, seed=0):
    """The digits loader as it was before digits.npz (commit e2bb630): scikit-learn's load_digits."""
    from sklearn.datasets import load_digits

    images = load_digits()
    X, y = images.data.astype(float), images.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    if n is not None and n < len(X):
        keep = np.sort(rng.choice(len(X), size=n, replace=False))
        X, y = X[keep], y[keep]
    return X + noise * rng.standard_normal(X.shape), y


def test_digits_equal_scikit_learns_load_digits():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    X, y = datasets.digits()
    images = sklearn_datasets.load_digits()
    np.testing.assert_array_equal(X, images.data, strict=True)
    np.testing.assert_array_equal(y, images.target.astype(np.int64), strict=True)


@pytest.mark.parametrize(
    "n, noise, seed, test_fraction",
    [
        (None, None, 0, 0.25),
        (300, None, 0, 0.25),
        (500, 0.3, 4, 0.2),
        (1797, 0.0, 1, 0.0),
        (2000, 0.1, 2, 0.25),
    ],
)
def test_digits_datasets_are_the_ones_scikit_learn_gave(monkeypatch, n, noise, seed, test_fraction):
    """Same rows for the same n and seed, same split, same standardisation: every array bit for bit."""
    pytest.importorskip("sklearn")
    now = datasets.make("digits", n=n, noise=noise, seed=seed, test_fraction=test_fraction)
    monkeypatch.setattr(datasets, "digits", _digits_from_scikit_learn)
    before = datasets.make("digits", n=n, noise=noise, seed=seed, test_fraction=test_fraction)
    assert (now.name, now.n_classes) == (before.name, before.n_classes)
    for field in ("X", "y", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(now, field), getattr(before, field), strict=True)


@pytest.mark.parametrize("block", [False, True])
def test_the_engine_never_imports_scikit_learn(block):
    """Not for the toys, not for the digits, not at import (nothing is read until digits are chosen);
    and the digits load where scikit-learn and scipy cannot be imported at all."""
    code = "\n".join(
        [
            "import sys",
            *(["sys.modules['sklearn'] = sys.modules['scipy'] = None"] if block else []),
            "import engine.datasets as d",
            "assert d._digit_arrays.cache_info().currsize == 0",
            "d.make('spiral'); d.make('digits', n=100)",
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy') and sys.modules[m]))",
        ]
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
