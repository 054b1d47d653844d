"""The optimizer race as an animated GIF, drawn with Pillow on the server (for slides).

Pure: arrays in, bytes out. Frame k shows every path up to step ⌊k · steps / (frames − 1)⌋.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from ui.surface_render import colour, log_levels


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()


def _to_pixels(xy: np.ndarray, domain, width: int, height: int) -> np.ndarray:
    """Data coordinates → pixel coordinates (y up)."""
    (x0, x1), (y0, y1) = domain
    px = (xy[..., 0] - x0) / (x1 - x0) * (width - 1)
    py = (1 - (xy[..., 1] - y0) / (y1 - y0)) * (height - 1)
    return np.stack([px, py], axis=-1)


def _backdrop(values: np.ndarray, contours: pd.DataFrame, domain, width: int, height: int) -> Image.Image:
    """The log-coloured surface, resized to width × height, with its contour lines."""
    levels, _ = log_levels(values)
    image = Image.fromarray(colour(levels)[::-1]).resize((width, height), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    for _, line in contours.groupby("line"):
        points = _to_pixels(line[["x", "y"]].to_numpy(), domain, width, height)
        draw.line([tuple(p) for p in points], fill=(255, 255, 255), width=1)
    return image


def race_gif(
    values: np.ndarray,
    contours: pd.DataFrame,
    domain,
    paths: dict[str, np.ndarray],
    colours: dict[str, str],
    frames: int = 200,
    width: int = 480,
    duration_ms: int = 40,
    line_width: int = 3,
) -> bytes:
    """An animated GIF of the race: surface, contours, growing paths with heads, legend and step counter.

    ``values`` is f on the grid (rows from low y), ``paths`` maps a label to its points (steps + 1, 2)
    (a diverged path may be shorter: it stops where it diverged), ``colours`` maps a label to "#rrggbb".
    """
    (x0, x1), (y0, y1) = domain
    height = int(round(width * min(2.0, max(0.5, (y1 - y0) / (x1 - x0)))))
    backdrop = _backdrop(values, contours, domain, width, height)
    steps = max(len(p) for p in paths.values()) - 1
    pixels = {
        label: _to_pixels(np.asarray(p, dtype=float), domain, width, height) for label, p in paths.items()
    }
    font, small = _font(16), _font(13)
    # One palette for every frame (taken from the last, fullest frame) so that frames differ only where
    # the paths grew, and the GIF stores just those small rectangles.
    palette = None
    images = []
    for k in reversed(range(max(frames, 2))):
        step = int(round(k * steps / (max(frames, 2) - 1)))
        image = backdrop.copy()
        draw = ImageDraw.Draw(image)
        for label, points in pixels.items():
            shown = points[: step + 1]
            if len(shown) > 1:
                draw.line([tuple(p) for p in shown], fill=colours[label], width=line_width, joint="curve")
            hx, hy = shown[-1]
            r = line_width + 3
            draw.ellipse((hx - r, hy - r, hx + r, hy + r), fill=colours[label], outline=(0, 0, 0))
        _legend(draw, list(pixels), colours, small)
        draw.text(
            (width - 8, 8),
            f"step {step}",
            fill=(255, 255, 255),
            font=font,
            anchor="ra",
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
        if palette is None:
            palette = image.quantize(colors=128, dither=Image.Dither.NONE)
        images.append(image.quantize(palette=palette, dither=Image.Dither.NONE))
    images.reverse()
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=duration_ms,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return buffer.getvalue()


def _legend(draw: ImageDraw.ImageDraw, labels: list[str], colours: dict[str, str], font) -> None:
    x, y = 8, 8
    for label in labels:
        draw.rectangle((x, y + 3, x + 14, y + 13), fill=colours[label], outline=(0, 0, 0))
        draw.text((x + 20, y), label, fill=(255, 255, 255), font=font, stroke_width=2, stroke_fill=(0, 0, 0))
        y += 18
