"""The loss surface as a chart: its picture, contour lines and minima on x/y scales spanning the domain,
the colour bar, the invisible click grid (L on hover), the start, and the basin map drawn over it.

Pure builders, testable without Streamlit; the race chart (ui/race/charts.py) draws the paths over these.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_kit import loss_text, signed
from ui.i18n import text

SURFACE_SIZE = 520
START = "race_start"  # the named dataset of the start point (the page's own data, not the surface's)
# The surface's datasets in the surface chart. Its layout reads them by name and takes its x and y ranges
# from FRAME, so one layout serves every surface of the same shape: a new surface's data is swapped into
# the chart the browser has (ui/race/charts.py does the same for the race).
FRAME, CONTOURS, MINIMA, GRID, KEY = (
    "surface_frame",
    "surface_contours",
    "surface_minima",
    "surface_grid",
    "surface_key",
)
GRID_SIZE = 40  # the click grid's points per side
MASKED_HEX = "#EBEBEB"  # surface cells where L is not finite (ui.race.picture.MASKED_RGB)
BASIN_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


def point_tooltip() -> list:
    """What a marked point (the start, a minimum) says on hover: its name and coordinates, 4 digits."""
    return ["what:N", alt.Tooltip("x:Q", format=".4~g"), alt.Tooltip("y:Q", format=".4~g")]


def plot_size(domain, size: int) -> tuple[int, int]:
    """Width and height for a plot of ``domain``: ``size`` along the longer side, true aspect (clamped ½–2)."""
    (x0, x1), (y0, y1) = domain
    ratio = min(2.0, max(0.5, (y1 - y0) / (x1 - x0)))
    return (size, round(size * ratio)) if ratio <= 1 else (round(size / ratio), size)


def axes(domain):
    (x0, x1), (y0, y1) = domain
    x = alt.Scale(domain=[x0, x1], nice=False, zero=False)
    y = alt.Scale(domain=[y0, y1], nice=False, zero=False)
    return x, y


def frame_axes():
    """x and y scales spanning the domain in FRAME (its picture's corners: x to x2, y2 to y)."""
    row = f"data('{FRAME}')[0]"
    x = alt.Scale(domain=alt.ExprRef(f"[{row}.x, {row}.x2]"), nice=False, zero=False)
    y = alt.Scale(domain=alt.ExprRef(f"[{row}.y2, {row}.y]"), nice=False, zero=False)
    return x, y


def picture_frame(domain, image_url: str) -> pd.DataFrame:
    """The picture's one row: its corners (x, x2, y high, y2 low) and its PNG data URL."""
    (x0, x1), (y0, y1) = domain
    return pd.DataFrame({"x": [x0], "x2": [x1], "y": [y1], "y2": [y0], "url": [image_url]})


def minima_frame(minima, lang: str = "en") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x": [float(m[0]) for m in minima],
            "y": [float(m[1]) for m in minima],
            "what": text("chart.minimum", lang),
        },
        columns=["x", "y", "what"],
    )


def _picture_layers(image, contours, minima, xs, ys) -> list:
    """Image + contour lines + minima (white crosses) from three sources (frames or named datasets)."""
    return [
        alt.Chart(image)
        .mark_image(aspect=False, clip=True)
        .encode(
            x=alt.X("x:Q", scale=xs, title="x"),
            x2="x2",
            y=alt.Y("y:Q", scale=ys, title="y"),
            y2="y2",
            url="url:N",
        ),
        alt.Chart(contours)
        .mark_line(strokeWidth=0.7, opacity=0.55, color="white", clip=True, aria=False)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), detail="line:N", order="order:Q"),
        alt.Chart(minima)
        .mark_point(
            shape="cross", size=120, filled=True, color="white", stroke="black", strokeWidth=0.6, clip=True
        )
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=point_tooltip()),
    ]


def surface_layers(
    domain, image_url: str, contours: pd.DataFrame, minima, size: int = SURFACE_SIZE, lang: str = "en"
) -> alt.LayerChart:
    """Image + contour lines + minima (white crosses), on quantitative x/y scales spanning the domain."""
    image, contour_lines, crosses = _picture_layers(
        picture_frame(domain, image_url), contours, minima_frame(minima, lang), *axes(domain)
    )
    layers = [image] + ([contour_lines] if len(contours) else []) + ([crosses] if len(minima) else [])
    width, height = plot_size(domain, size)
    return alt.layer(*layers).properties(width=width, height=height)


def click_grid(domain, n: int = 40) -> pd.DataFrame:
    """An n × n grid of invisible points; a click on one sets the start."""
    (x0, x1), (y0, y1) = domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return pd.DataFrame({"x": gx.ravel().round(4), "y": gy.ravel().round(4)})


def hover_grid(domain, f, n: int = 40, lang: str = "en") -> pd.DataFrame:
    """The click grid with L(x, y) written out for the hover tooltip (column ``L``: text, "not finite"
    where f overflows or is undefined). ``f`` maps (..., 2) points to values, like ``Surface.f``."""
    grid = click_grid(domain, n)
    with np.errstate(all="ignore"):
        values = np.asarray(f(grid[["x", "y"]].to_numpy(dtype=float)), dtype=float)
    missing = text("chart.not_finite_value", lang)
    return grid.assign(L=[loss_text(v, missing) for v in values])


def key_frame(domain, key: dict | None) -> pd.DataFrame:
    """The colour bar's stops (column ``level``: one value of L − min L + δ per colour, see
    ui.race.picture.colour_key), on invisible points at the domain's corner."""
    (x0, _), (y0, _) = domain
    stops = (key or {}).get("stops") or []
    return pd.DataFrame(
        {"x": float(x0), "y": float(y0), "level": [float(v) for v in stops]}, columns=["x", "y", "level"]
    )


def _surface_keys(xs, ys, colours, masked: bool, lang: str) -> list:
    """A colour bar for the picture's log-scaled colours (``colours``: the ramp, none: no bar; its stops from KEY)
    and, where L is not finite somewhere, a grey swatch.

    Both are legends of invisible marks (``fill`` and ``shape`` channels, so the optimizers keep ``color``).
    """
    if not colours:
        return []
    stops = alt.ExprRef(f"pluck(data('{KEY}'), 'level')")
    layers = [
        alt.Chart(alt.NamedData(KEY))
        .mark_point(opacity=0, size=0, filled=True)
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            fill=alt.Fill(
                "level:Q",
                scale=alt.Scale(type="log", domain=stops, range=list(colours), nice=False, zero=False),
                legend=alt.Legend(
                    title=text("chart.colour_key", lang),
                    orient="bottom",
                    direction="horizontal",
                    format="~g",
                    gradientLength=200,
                    gradientThickness=10,
                    tickCount=4,
                    titleOrient="left",
                    titleAnchor="middle",
                ),
            ),
        )
    ]
    if masked:
        layers.append(
            alt.Chart(alt.NamedData(FRAME))
            .transform_calculate(what=repr(text("chart.not_finite", lang)))
            .mark_point(opacity=0, size=0)
            .encode(
                x=alt.X("x:Q", scale=xs),
                y=alt.Y("y:Q", scale=ys),
                shape=alt.Shape(
                    "what:N",
                    scale=alt.Scale(range=["square"]),
                    legend=alt.Legend(
                        title=None,
                        orient="bottom",
                        symbolFillColor=MASKED_HEX,
                        symbolStrokeColor="#888888",
                        symbolOpacity=1,
                        symbolSize=180,
                        labelLimit=400,
                    ),
                ),
            )
        )
    return layers


def _pick_layers(xs, ys, plot: tuple[int, int], hover: bool, lang: str = "en"):
    """The invisible click grid (GRID; selection ``pick``, wheel ``zoom``); with ``hover``, a tooltip x, y, L."""
    # With ``hover`` the squares tile the plot, so a click always lands on one; the bare grid's small squares
    # need ``nearest`` (a Voronoi layer of 1600 cells more for the browser to build and draw).
    pick = alt.selection_point(
        name="pick", fields=["x", "y"], on="click", nearest=not hover, clear=False, empty=False
    )
    # Wheel zoom only (no drag-pan), so that a click always means "start here".
    zoom = alt.selection_interval(name="zoom", bind="scales", zoom="wheel!", translate=False, clear=False)
    encoding = {"x": alt.X("x:Q", scale=xs), "y": alt.Y("y:Q", scale=ys)}
    if hover:
        encoding["tooltip"] = [
            alt.Tooltip("x:Q", format=".3f"),
            alt.Tooltip("y:Q", format=".3f"),
            alt.Tooltip("L:N", title=text("chart.surface_value", lang)),
        ]
    cell = _cell_area(plot, GRID_SIZE) if hover else 60
    # No ARIA label per square: 1600 labels of invisible cells say nothing, and formatting them cost the
    # browser ~35 ms a redraw (the tooltip still reads x, y and L).
    return (
        alt.Chart(alt.NamedData(GRID))
        .mark_square(opacity=0, size=cell, aria=False)
        .encode(**encoding)
        .add_params(pick, zoom)
    )


def start_frame(start, lang: str = "en") -> pd.DataFrame:
    """The start point as the START dataset's one row: x, y and its name."""
    return pd.DataFrame({"x": [float(start[0])], "y": [float(start[1])], "what": [text("chart.start", lang)]})


def _start_layer(xs, ys):
    return (
        alt.Chart(alt.NamedData(START))
        .mark_point(shape="circle", size=140, filled=False, color="white", strokeWidth=2.5, clip=True)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=point_tooltip())
    )


def surface_data(
    domain,
    image_url: str,
    contours: pd.DataFrame,
    minima,
    hover: pd.DataFrame | None = None,
    key: dict | None = None,
    lang: str = "en",
) -> dict[str, pd.DataFrame]:
    """The surface chart's datasets of one surface: picture, contour lines, minima, click grid, key stops."""
    return {
        FRAME: picture_frame(domain, image_url),
        CONTOURS: pd.DataFrame(contours, columns=["line", "order", "x", "y"]),
        MINIMA: minima_frame(minima, lang),
        GRID: click_grid(domain, GRID_SIZE) if hover is None else hover,
        KEY: key_frame(domain, key),
    }


def surface_layout(
    plot: tuple[int, int],
    lang: str = "en",
    hover: bool = True,
    colours=(),
    masked: bool = False,
    over: list | tuple = (),
    params: list | tuple = (),
) -> alt.LayerChart:
    """The surface chart without its data: picture, contours, minima, colour bar (``colours``: the ramp;
    none: no bar) and grey swatch (``masked``), the click layer, the layers ``over`` it and the start, on
    ``frame_axes``, in a plot of ``plot`` (width, height) pixels."""
    xs, ys = frame_axes()
    layers = [
        *_picture_layers(alt.NamedData(FRAME), alt.NamedData(CONTOURS), alt.NamedData(MINIMA), xs, ys),
        *_surface_keys(xs, ys, colours, masked, lang),
        _pick_layers(xs, ys, plot, hover, lang),
        *over,
        _start_layer(xs, ys),
    ]
    # One constructor call: every chained Altair method deep-copies all layers (~10 ms each here).
    return alt.LayerChart(
        layer=layers,
        params=list(params),
        width="container",
        height=plot[1],
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 5, "top": 5, "right": 5, "bottom": 0},
        # Legends under the plot stack (optimizers, colour bar, the grey swatch), so none widens the chart.
        config=alt.Config(
            view=alt.ViewConfig(strokeWidth=0),
            legend=alt.LegendConfig(
                layout={"expr": "{bottom: {anchor: 'middle', direction: 'vertical', margin: 6}}"}
            ),
        ),
    )


def layout_key(domain, key: dict | None, size: int) -> tuple:
    """What of a surface its chart's layout depends on: the plot's size, the colour bar's ramp (if any) and
    whether some of it is grey (L not finite). Surfaces alike in these share one layout."""
    key = key or {}
    colours = tuple(key.get("colours") or ()) if key.get("stops") else ()
    return plot_size(domain, size), colours, bool(key.get("masked"))


def surface_chart(
    domain,
    image_url: str,
    contours: pd.DataFrame,
    minima,
    start,
    hover: pd.DataFrame | None = None,
    key: dict | None = None,
    size: int = SURFACE_SIZE,
    lang: str = "en",
    over: list | tuple = (),
    params: list | tuple = (),
) -> alt.LayerChart:
    """The surface: picture (grey where L is not finite), colour bar, the click layer (selection ``pick``,
    L(x, y) on hover with ``hover``), the layers ``over`` it (the race's paths) and the start on top.

    The layout (``surface_layout``) with this surface's data (``surface_data``) and the start (None: left
    to the caller, the race chart's data). Alone (no ``over``), it is what the lab shows for a start where
    the race cannot run.
    """
    plot, colours, masked = layout_key(domain, key, size)
    chart = surface_layout(plot, lang, hover is not None, colours, masked, over, params)
    data = surface_data(domain, image_url, contours, minima, hover, key, lang)
    if start is not None:
        data[START] = start_frame(start, lang)
    chart.datasets = {name: frame.to_dict("records") for name, frame in data.items()}
    return chart


def _cell_area(plot: tuple[int, int], n: int) -> float:
    """Area in px² of one of an n × n grid's squares over a plot of ``plot`` pixels, so neighbours touch."""
    width, height = plot
    side = max(width / (n - 1), height / (n - 1))
    return side * side * 1.05


def basin_chart(domain, image_url: str, basins: pd.DataFrame, minima, size: int = 420, lang: str = "en"):
    """Starts coloured by the minimum they end in (``basins.basin``: a minimum's index, −1 elsewhere, −2
    diverged), over the surface picture, minima marked."""
    xs, ys = axes(domain)
    names = {
        i: text("chart.basin_minimum_at", lang, index=i + 1, x=signed(m[0]), y=signed(m[1]))
        for i, m in enumerate(minima)
    }
    names |= {-1: text("chart.basin_elsewhere", lang), -2: text("chart.basin_diverged", lang)}
    labels = [names[i] for i in range(len(minima))] + [names[-1], names[-2]]
    colours = BASIN_COLOURS[: len(minima)] + ["#BBBBBB", "#000000"]
    cells = (
        alt.Chart(basins.assign(ends=basins.basin.map(names)))
        .mark_square(size=_cell_area(plot_size(domain, size), GRID_SIZE), opacity=0.72)
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            color=alt.Color(
                "ends:N",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(
                    title=text("chart.ends_in", lang), orient="bottom", columns=2, labelLimit=260
                ),
            ),
            tooltip=[alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".2f"), "ends:N"],
        )
    )
    picture = surface_layers(domain, image_url, pd.DataFrame(), minima, size, lang)
    return alt.layer(picture.layer[0], cells, *picture.layer[1:]).properties(
        width=picture.width, height=picture.height, autosize=alt.AutoSizeParams(type="pad")
    )
