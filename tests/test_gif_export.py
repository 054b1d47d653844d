"""The race GIF: frame count, size, and paths that grow from the first frame to the last."""

import io

import numpy as np
import pandas as pd
from PIL import Image

from ui.gif_export import race_gif


def test_race_gif_frames_grow_and_keep_their_size():
    domain = ((-1.0, 1.0), (-1.0, 1.0))
    xs = np.linspace(-1, 1, 40)
    values = np.add.outer(xs**2, xs**2)  # x² + y²
    t = np.linspace(0, 1, 51)[:, None]
    paths = {"A": np.hstack([-0.8 + 0.8 * t, 0.6 - 0.6 * t]), "B": np.hstack([0.7 - 0.7 * t, -0.5 + 0.5 * t])}
    data = race_gif(
        values,
        pd.DataFrame({"line": [], "x": [], "y": []}),
        domain,
        paths,
        {"A": "#E69F00", "B": "#56B4E9"},
        frames=12,
        width=120,
    )
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames == 12 and gif.size == (120, 120)
    first = np.asarray(gif.convert("RGB"))
    gif.seek(11)
    last = np.asarray(gif.convert("RGB"))
    # the last frame has both heads at the centre; the first has them at their starts
    assert np.abs(first.astype(int) - last.astype(int)).sum() > 0
    centre = last[55:65, 55:65].reshape(-1, 3)
    assert any(tuple(px) != tuple(first[55:65, 55:65].reshape(-1, 3)[i]) for i, px in enumerate(centre))
