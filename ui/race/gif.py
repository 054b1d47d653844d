"""The optimizer race as an animated GIF, drawn with Pillow on the server (for slides).

Pure: arrays in, bytes out. Frame k shows every path up to step ⌊k · steps / (frames − 1)⌋.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from ui.i18n import text
from ui.race.picture import colour, log_levels
from ui.vocab import OPTIMIZER_LABELS

# Fonts with Chinese glyphs, where a system has one (Pillow's own default font has none).
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
PALETTE_SIZE = 128  # colours per frame (a GIF allows 256; 128 keeps the file small)


def _font(size: int, cjk: bool = False):
    if cjk:
        for path in CJK_FONTS:
            if Path(path).exists():
                try:
                    return ImageFont.truetype(path, size)
                except OSError:
                    continue
        return None
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))


def fixed_palette(backdrop: Image.Image, exact: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """One palette for every frame: the ``exact`` colours first (each path's colour, black, white), then the
    backdrop quantized to the rest. Returns (palette (P, 3) uint8, the backdrop's indices (h, w))."""
    exact = list(dict.fromkeys(exact))
    rest = backdrop.quantize(colors=PALETTE_SIZE - len(exact), dither=Image.Dither.NONE)
    used = len(rest.getcolors(PALETTE_SIZE))
    backdrop_colours = np.array(rest.getpalette()[: 3 * used], dtype=np.uint8).reshape(-1, 3)
    palette = np.vstack([np.array(exact, dtype=np.uint8).reshape(-1, 3), backdrop_colours])
    return palette, (np.asarray(rest) + len(exact)).astype(np.uint8)


def _packed(pixels: np.ndarray) -> np.ndarray:
    """(h, w, 3) uint8 → (h, w) int32 0xRRGGBB, for fast comparisons."""
    pixels = pixels.astype(np.int32)
    return (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]


def to_palette(
    image: Image.Image, backdrop: np.ndarray, base: np.ndarray, palette: np.ndarray
) -> Image.Image:
    """``image`` (RGB) as palette indices: unchanged backdrop pixels (``backdrop``: the packed backdrop) keep
    their index ``base``, the drawn ones take the nearest palette colour (exactly their own where they are
    a path's colour)."""
    pixels = _packed(np.asarray(image))
    drawn = pixels != backdrop
    indices = base.copy()
    if drawn.any():  # a few distinct colours (paths, outlines, text edges): the nearest of each, once
        wanted, inverse = np.unique(pixels[drawn], return_inverse=True)
        rgb = np.stack([(wanted >> 16) & 255, (wanted >> 8) & 255, wanted & 255], axis=-1)
        distance = ((rgb[:, None, :] - palette[None, :, :].astype(np.int32)) ** 2).sum(axis=-1)
        indices[drawn] = distance.argmin(axis=1)[inverse.reshape(-1)]
    frame = Image.fromarray(indices, mode="P")
    frame.putpalette(palette.reshape(-1).tolist())
    return frame


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
    lang: str | None = None,
) -> bytes:
    """An animated GIF of the race: surface, contours, growing paths with heads, legend and step counter.

    ``values`` is f on the grid (rows from low y), ``paths`` maps an optimizer's name to its points
    (steps + 1, 2) (a diverged path may be shorter: it stops where it diverged), ``colours`` maps a name to
    "#rrggbb"; the legend writes each name's label (ui/vocab.py).
    Every frame uses one fixed palette that holds each path's colour exactly. ``lang``: the language of the
    step counter (None: the session's language).
    """
    if lang is None:
        from ui.i18n import current_language

        lang = current_language()
    (x0, x1), (y0, y1) = domain
    height = int(round(width * min(2.0, max(0.5, (y1 - y0) / (x1 - x0)))))
    backdrop = _backdrop(values, contours, domain, width, height)
    steps = max(len(p) for p in paths.values()) - 1
    pixels = {
        name: _to_pixels(np.asarray(p, dtype=float), domain, width, height) for name, p in paths.items()
    }
    font, small = _font(16), _font(13)
    counter = "gif.step"
    if lang == "zh":  # Chinese glyphs need a font that has them; without one the counter says "t = N"
        cjk = _font(16, cjk=True)
        font, counter = (cjk, "gif.step") if cjk is not None else (font, "gif.step_plain")
    # One fixed palette for every frame, so that frames differ only where the paths grew (the GIF stores
    # just those small rectangles), and each path keeps its exact colour.
    exact = [_rgb(colours[name]) for name in paths] + [(0, 0, 0), (255, 255, 255)]
    palette, base = fixed_palette(backdrop, exact)
    backdrop_pixels = _packed(np.asarray(backdrop))
    images = []
    for k in reversed(range(max(frames, 2))):
        step = int(round(k * steps / (max(frames, 2) - 1)))
        image = backdrop.copy()
        draw = ImageDraw.Draw(image)
        for name, points in pixels.items():
            shown = points[: step + 1]
            if len(shown) > 1:
                draw.line([tuple(p) for p in shown], fill=colours[name], width=line_width, joint="curve")
            hx, hy = shown[-1]
            r = line_width + 3
            draw.ellipse((hx - r, hy - r, hx + r, hy + r), fill=colours[name], outline=(0, 0, 0))
        _legend(draw, list(pixels), colours, small)
        draw.text(
            (width - 8, 8),
            text(counter, lang, step=step),
            fill=(255, 255, 255),
            font=font,
            anchor="ra",
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
        images.append(to_palette(image, backdrop_pixels, base, palette))
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


def _legend(draw: ImageDraw.ImageDraw, names: list[str], colours: dict[str, str], font) -> None:
    x, y = 8, 8
    for name in names:
        draw.rectangle((x, y + 3, x + 14, y + 13), fill=colours[name], outline=(0, 0, 0))
        label = OPTIMIZER_LABELS[name]
        draw.text((x + 20, y), label, fill=(255, 255, 255), font=font, stroke_width=2, stroke_fill=(0, 0, 0))
        y += 18
