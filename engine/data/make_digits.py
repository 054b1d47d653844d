"""Write ``digits.npz`` next to this file from scikit-learn's copy of the 8×8 digits (a dev tool, run once).

    pip install scikit-learn
    python engine/data/make_digits.py            # (re)writes engine/data/digits.npz
    python engine/data/make_digits.py --check    # compares the shipped file with load_digits(); writes nothing

The engine never imports this script (it needs scikit-learn; the engine reads the .npz with numpy alone).
The file holds two arrays, in scikit-learn's row order: ``pixels`` uint8 (1797, 64), 0..16, row-major 8×8,
and ``labels`` uint8 (1797,), 0..9. It is a zip of two .npy members with fixed timestamps, so the same
scikit-learn data and zlib give the same bytes. Provenance and licence: DIGITS.md beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

TARGET = Path(__file__).with_name("digits.npz")


def from_scikit_learn() -> tuple[np.ndarray, np.ndarray]:
    """load_digits() as uint8 pixels and labels, refusing anything that would not survive the cast."""
    from sklearn.datasets import load_digits

    images = load_digits()
    data, target = images.data, images.target
    pixels, labels = data.astype(np.uint8), target.astype(np.uint8)
    if data.shape != (1797, 64) or not (np.array_equal(pixels, data) and np.array_equal(labels, target)):
        raise SystemExit("load_digits() is not 1797 integer images of 64 pixels any more: not writing")
    if pixels.max() > 16 or labels.max() > 9:
        raise SystemExit("pixels beyond 16 or labels beyond 9: not writing")
    return pixels, labels


def write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz (what np.load reads) with fixed member timestamps, deflated at level 9."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue(), compresslevel=9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the shipped file; write nothing")
    args = parser.parse_args(argv)
    import sklearn

    pixels, labels = from_scikit_learn()
    if args.check:
        with np.load(TARGET) as shipped:
            same = (
                shipped["pixels"].dtype == np.uint8
                and shipped["labels"].dtype == np.uint8
                and np.array_equal(shipped["pixels"], pixels)
                and np.array_equal(shipped["labels"], labels)
            )
        print(f"{TARGET.name} {'equals' if same else 'DIFFERS FROM'} scikit-learn {sklearn.__version__}")
        return 0 if same else 1
    write(TARGET, {"pixels": pixels, "labels": labels})
    digest = hashlib.sha256(TARGET.read_bytes()).hexdigest()
    size = TARGET.stat().st_size
    print(f"wrote {TARGET.name}: {size} bytes, sha256 {digest}, from scikit-learn {sklearn.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
