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


def test_digits():
    pytest.importorskip("sklearn")
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


def test_scikit_learn_is_imported_only_for_digits():
    code = "import sys, engine.datasets as d; d.make('spiral'); print('sklearn' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"
