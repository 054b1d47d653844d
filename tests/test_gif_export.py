"""The race GIF: frame count, size, and paths that grow from the first frame to the last."""

import io

import numpy as np
import pandas as pd
from PIL import Image

from ui.race.gif import race_gif


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


def _colours_in(gif) -> set[tuple[int, int, int]]:
    seen = set()
    for k in range(gif.n_frames):
        gif.seek(k)
        seen |= {tuple(c) for c in np.asarray(gif.convert("RGB")).reshape(-1, 3).tolist()}
    return seen


def test_every_optimizer_colour_is_in_the_frames_exactly():
    """The palette is fixed and holds each path's colour: SGD's orange and RMSProp's vermillion stay
    themselves (a 128-colour palette from the last frame made them yellow-green and olive)."""
    from ui.vocab import OPTIMIZER_COLOURS

    domain = ((-2.0, 2.0), (-2.0, 2.0))
    xs = np.linspace(-2, 2, 150)
    values = np.add.outer(xs**2, 10 * xs**2) + np.sin(3 * xs)[:, None]  # a varied log-coloured backdrop
    t = np.linspace(0, 1, 101)[:, None]
    names = list(OPTIMIZER_COLOURS)
    paths = {
        name: np.hstack([-1.8 + 3.6 * t, np.full_like(t, -1.6 + 0.6 * i)]) for i, name in enumerate(names)
    }
    colours = {name: OPTIMIZER_COLOURS[name] for name in names}
    data = race_gif(values, pd.DataFrame({"line": [], "x": [], "y": []}), domain, paths, colours, frames=8)
    seen = _colours_in(Image.open(io.BytesIO(data)))
    for name, hex_colour in colours.items():
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in seen, (name, hex_colour)


def test_the_step_counter_follows_the_language():
    """The counter is drawn in the GIF's language: the Chinese and English frames differ where it is."""
    domain = ((-1.0, 1.0), (-1.0, 1.0))
    xs = np.linspace(-1, 1, 40)
    values = np.add.outer(xs**2, xs**2)
    paths = {"A": np.array([[-0.5, 0.0], [0.5, 0.0]])}
    empty = pd.DataFrame({"line": [], "x": [], "y": []})
    frames = {}
    for lang in ("en", "zh"):
        gif = Image.open(
            io.BytesIO(race_gif(values, empty, domain, paths, {"A": "#E69F00"}, 2, 240, lang=lang))
        )
        frames[lang] = np.asarray(gif.convert("RGB")).astype(int)
    corner = (slice(0, 30), slice(120, 240))  # the counter, top right
    assert np.abs(frames["en"][corner] - frames["zh"][corner]).sum() > 0
    assert np.abs(frames["en"][:, :110] - frames["zh"][:, :110]).sum() == 0  # the rest is the same


def test_the_step_counter_text_is_translated():
    from ui.i18n import text

    assert text("gif.step", "en", step=7) == "step 7"
    assert "步" in text("gif.step", "zh", step=7)
