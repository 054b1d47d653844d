"""The lab's pure parts without Streamlit: race data (ui/race/model.py), chart specs (ui/chart_kit.py,
ui/race/charts.py, ui/race/surface_charts.py), Markdown escaping (ui/i18n.py) and the URL field checks and
η grid of the lab's URL table."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import altair as alt
import numpy as np
import pandas as pd
import pytest

import surfaces
from engine import optimizers
from tests.lab_helpers import RESULT_COLUMNS
from tests.vega_specs import font_sizes, walk
from ui import chart_kit
from ui.i18n import escape_markdown, text
from ui.race import charts, linked_panels, steps, surface_charts
from ui.race import fields as race_fields
from ui.race.model import (
    DIVERGED,
    ELSEWHERE,
    MAX_DRAWN_ROWS,
    RaceSetup,
    SurfaceChoice,
    basin_map,
    learning_rate_sweep,
    run_race,
    thin,
)
from ui.url import field_problem
from ui.vocab import OPTIMIZER_COLOURS, OPTIMIZER_LABELS

BOWL = SurfaceChoice("bowl", (("condition", 10.0),))
BOWL_START = (-2.5, 1.5)


def race(*optimizers, steps=200, choice=BOWL, start=BOWL_START, **kwargs):
    return run_race(
        RaceSetup(choice, start, steps, tuple((n, tuple(sorted(h.items()))) for n, h in optimizers), **kwargs)
    )


def divergence_step(result, name: str):
    """The step the table says optimizer ``name`` diverged at, or None."""
    value = result.table.set_index("optimizer").loc[name, "diverged_at"]
    return None if value is None or pd.isna(value) else int(value)


# ---------------------------------------------------------------- thin


@pytest.mark.parametrize("steps", [0, 1, 10, 599, 600, 601, 1000, 1001, 5000, 100_000])
def test_thin_keeps_both_ends_in_order_within_the_limit(steps):
    keep = thin(steps)
    assert keep[0] == 0
    assert keep[-1] == steps
    assert np.all(np.diff(keep) > 0)
    assert len(keep) <= MAX_DRAWN_ROWS + 1
    if steps + 1 <= MAX_DRAWN_ROWS:
        assert keep.tolist() == list(range(steps + 1))


def test_thin_takes_every_kth_step_plus_the_last():
    assert thin(1001, limit=600).tolist() == [*range(0, 1001, 2), 1001]
    assert thin(10, limit=4).tolist() == [0, 3, 6, 9, 10]


# ---------------------------------------------------------------- run_race


def test_race_tables_one_row_per_optimizer_in_order():
    result = race(("sgd", {"lr": 0.1}), ("momentum", {"lr": 0.05, "momentum": 0.9}), ("adam", {"lr": 0.3}))
    assert result.table.optimizer.tolist() == ["sgd", "momentum", "adam"]  # frames carry registry names
    assert RESULT_COLUMNS <= set(result.table.columns)
    assert list(result.paths.columns) == ["optimizer", "step", "x", "y", "loss"]
    assert list(result.series.columns) == [
        "optimizer",
        "step",
        "gap",
        "rate_x",
        "rate_y",
        "step_length",
        "loss",
    ]
    assert list(result.full_paths.columns) == ["optimizer", "step", "x", "y", "loss"]
    assert len(result.full_paths) == 3 * 201
    assert result.reference_loss == 0.0
    assert result.has_minimum
    assert all(divergence_step(result, name) is None for name in ("sgd", "momentum", "adam"))
    for _, frame in result.paths.groupby("optimizer"):
        assert frame.step.tolist() == list(range(201))
        assert frame.iloc[0][["x", "y"]].tolist() == list(BOWL_START)


def test_steps_to_tolerance_matches_the_hand_computed_sgd_path():
    # ½(x² + 10y²), η = 0.1: y vanishes after one step, x shrinks by 0.9 a step, so
    # L_t = ½(2.5·0.9^t)² for t ≥ 1 and the first t with L_t ≤ 1e-3 is 39.
    result = race(("sgd", {"lr": 0.1}), steps=100)
    first = next(t for t in range(1, 101) if 0.5 * (2.5 * 0.9**t) ** 2 <= 1e-3)
    assert first == 39
    row = result.table.iloc[0]
    assert row["steps to tolerance"] == first
    assert row["final loss"] == pytest.approx(0.5 * (2.5 * 0.9**100) ** 2, rel=1e-9)
    assert row["best loss"] == pytest.approx(row["final loss"])
    assert row["distance to nearest minimum"] == pytest.approx(2.5 * 0.9**100, rel=1e-9)


def test_steps_to_tolerance_is_missing_when_never_reached():
    result = race(("sgd", {"lr": 1e-4}), steps=50)
    assert pd.isna(result.table.iloc[0]["steps to tolerance"])


def test_a_diverging_path_is_drawn_up_to_the_step_before_and_has_no_nan():
    # η = 0.25 makes y flip and grow by 1.5 a step: L = 5·(1.5^(t+1))² first exceeds 1e6 at t = 15.
    result = race(("sgd", {"lr": 0.25}), ("momentum", {"lr": 0.01, "momentum": 0.9}), steps=1000)
    diverged_at = divergence_step(result, "sgd")
    assert diverged_at == 15
    assert divergence_step(result, "momentum") is None
    sgd_paths = result.paths[result.paths.optimizer == "sgd"]
    sgd_series = result.series[result.series.optimizer == "sgd"]
    sgd_full = result.full_paths[result.full_paths.optimizer == "sgd"]
    for frame in (sgd_paths, sgd_series, sgd_full):
        assert frame.step.max() == diverged_at - 1
    assert sgd_full.step.tolist() == list(range(diverged_at))
    assert not result.paths[["x", "y", "loss"]].isna().any().any()
    assert np.isfinite(result.paths[["x", "y", "loss"]].to_numpy()).all()
    assert not result.full_paths[["x", "y", "loss"]].isna().any().any()
    assert np.isfinite(result.series[["gap", "step_length"]].to_numpy()).all()
    row = result.table.set_index("optimizer").loc["sgd"]
    assert math.isfinite(row["final loss"]) and math.isfinite(row["best loss"])
    assert row["final loss"] == pytest.approx(sgd_full.loss.iloc[-1])
    # the other path is still drawn in full (thinned)
    assert result.paths[result.paths.optimizer == "momentum"].step.max() == 1000


def test_long_races_are_thinned_for_drawing_but_downloaded_in_full():
    result = race(("sgd", {"lr": 0.01}), steps=3000)
    assert result.paths.step.tolist() == thin(3000).tolist()
    assert len(result.full_paths) == 3001


def test_noise_is_reproducible_by_seed():
    def final(seed, noise=0.5):
        return race(("sgd", {"lr": 0.05}), steps=50, noise=noise, seed=seed).table["final loss"].iloc[0]

    assert final(1) == final(1)
    assert final(1) != final(2)
    assert final(1, noise=0.0) == final(2, noise=0.0)


def test_gap_is_floored_for_log_scales():
    result = race(("momentum", {"lr": 0.1, "momentum": 0.5}), steps=2000)
    assert (result.series.gap >= 1e-12).all()
    assert (result.series.step_length >= 1e-12).all()
    assert result.series.rate_x.iloc[0] != result.series.rate_x.iloc[0]  # NaN: no rate before step 1


def test_a_surface_without_minima_uses_the_lowest_loss_seen_as_reference():
    result = race(
        ("sgd", {"lr": 0.01}), choice=SurfaceChoice("custom", formula="x + y"), start=(0, 0), steps=20
    )
    assert not result.has_minimum
    assert result.reference_loss == pytest.approx(result.full_paths.loss.min())
    assert pd.isna(result.table.iloc[0]["distance to nearest minimum"])


# ---------------------------------------------------------------- learning-rate sweep


def test_sweep_has_forty_rates_per_optimizer_and_flags_divergence():
    data = learning_rate_sweep(BOWL, ["sgd", "adam"], [(("lr", 0.1),), (("lr", 0.1),)], BOWL_START, steps=200)
    assert list(data.columns) == ["optimizer", "lr", "final_loss", "diverged"]
    assert len(data) == 80
    assert data.groupby("optimizer").size().to_dict() == {"sgd": 40, "adam": 40}
    sgd = data[data.optimizer == "sgd"]
    assert sgd.lr.iloc[0] == pytest.approx(1e-4) and sgd.lr.iloc[-1] == pytest.approx(10.0)
    assert np.allclose(np.diff(np.log10(sgd.lr)), 5 / 39)
    # SGD on ½(x² + 10y²) is stable exactly for η < 0.2 (|1 − 10η| < 1)
    assert sgd.diverged.tolist() == (sgd.lr > 0.2).tolist()
    assert np.isfinite(data.final_loss).all()
    stable = sgd[~sgd.diverged]
    assert stable.final_loss.iloc[-1] < stable.final_loss.iloc[0]  # larger η, further downhill


def test_sweep_keeps_the_other_hyperparameters():
    plain = learning_rate_sweep(BOWL, ["momentum"], [(("lr", 0.1), ("momentum", 0.0))], BOWL_START, 100)
    heavy = learning_rate_sweep(BOWL, ["momentum"], [(("lr", 0.1), ("momentum", 0.9))], BOWL_START, 100)
    assert not np.allclose(plain.final_loss, heavy.final_loss)


# ---------------------------------------------------------------- basin map


def test_basin_map_sends_starts_near_each_himmelblau_minimum_to_it():
    choice = SurfaceChoice("himmelblau")
    minima = np.array(surfaces.get("himmelblau").minima)
    data = basin_map(choice, "sgd", (("lr", 0.005),), 500)
    assert list(data.columns) == ["x", "y", "basin"]
    assert len(data) == 40 * 40
    starts = data[["x", "y"]].to_numpy()
    for index, minimum in enumerate(minima):
        near = np.linalg.norm(starts - minimum, axis=1) < 0.6
        assert near.sum() >= 2, f"no grid start near minimum {index}"
        assert set(data.basin[near]) == {index}
    assert set(data.basin) <= {*range(len(minima)), ELSEWHERE, DIVERGED}
    # far corners of the domain end somewhere too, in one of the four basins (SGD, small η, 500 steps)
    assert set(data.basin) >= set(range(len(minima)))


def test_basin_map_marks_divergence_and_elsewhere():
    diverging = basin_map(SurfaceChoice("himmelblau"), "sgd", (("lr", 1.0),), 50, n=10)
    assert len(diverging) == 100
    assert (diverging.basin == DIVERGED).any()
    too_short = basin_map(SurfaceChoice("himmelblau"), "sgd", (("lr", 1e-4),), 10, n=10)
    assert (too_short.basin == ELSEWHERE).all()  # 10 tiny steps end near no minimum


# ---------------------------------------------------------------- charts


@pytest.fixture(scope="module")
def bowl_race():
    return race(("sgd", {"lr": 0.1}), ("adam", {"lr": 0.3}), steps=120)


def params_by_name(spec: dict) -> dict:
    return {p["name"]: p for p in spec.get("params", [])}


def test_race_chart_has_the_step_slider_and_the_click_selection(bowl_race):
    surface = BOWL.build()
    contours = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0], "line": [0, 0], "order": [0, 1]})
    chart = charts.race_chart(
        surface.domain,
        "data:image/png;base64,",
        contours,
        surface.minima,
        bowl_race.paths,
        BOWL_START,
        ["sgd", "adam"],
        120,
    )
    spec = chart.to_dict()
    params = params_by_name(spec)
    t = params[steps.STEP_PARAM]
    assert t["value"] == steps.STEP_LIMIT  # all of the race at first; the player moves it to its step
    assert t["bind"]["input"] == "range"
    assert (t["bind"]["min"], t["bind"]["max"], t["bind"]["step"]) == (0, steps.STEP_LIMIT, 1)
    paths = spec["datasets"][charts.RACE_PATHS]
    assert len(paths) == len(bowl_race.paths) and max(row["step"] for row in paths) == 120
    pick = params["pick"]
    assert pick["select"]["type"] == "point"
    assert pick["select"]["on"] == "click"
    assert pick["select"]["fields"] == ["x", "y"]
    filters = [
        step["filter"]
        for layer in spec["layer"]
        for step in layer.get("transform", [])
        if isinstance(step.get("filter"), str)
    ]
    assert "datum.step <= t" in filters
    colours = [
        layer["encoding"]["color"]["scale"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {}) and "scale" in layer["encoding"]["color"]
    ]
    registry = optimizers.names()  # every optimizer keeps its colour whichever race: one layout for all
    assert colours and all(c["domain"] == [OPTIMIZER_LABELS[n] for n in registry] for c in colours)
    assert all(c["range"] == [OPTIMIZER_COLOURS[n] for n in registry] for c in colours)
    # The legend lists the optimizers racing, in order, from the race's own dataset.
    assert spec["datasets"][charts.RACE_NAMES] == [{"optimizer": "SGD"}, {"optimizer": "Adam"}]
    legends = [
        n["legend"] for n in walk(spec) if isinstance(n.get("legend"), dict) and "values" in n["legend"]
    ]
    assert legends and all(
        legend["values"] == {"expr": f"pluck(data('{charts.RACE_NAMES}'), 'optimizer')"} for legend in legends
    )


def test_the_linked_panels_follow_the_players_step_and_draw_every_panels_range(bowl_race):
    data = linked_panels.panels_data(bowl_race.series, 120, True)
    assert data["steps"] == 120
    assert [p["scale"] for p in data["panels"]] == ["log", "log", "log"]
    assert [p["columns"] for p in data["panels"]] == [["gap"], ["rate_x", "rate_y"], ["step_length"]]
    assert [p["first"] for p in data["panels"]] == [0, 1, 1]
    assert [p["title"] for p in data["panels"]] == [
        text("chart.gap"),
        text("chart.rate"),
        text("chart.step_length"),
    ]
    for panel in data["panels"]:
        assert 0 < panel["lo"] < panel["hi"]
    assert [s["label"] for s in data["series"]] == ["SGD", "Adam"]
    sgd = bowl_race.series[bowl_race.series.optimizer == "sgd"]
    assert data["series"][0]["step"] == sgd.step.tolist()
    assert data["series"][0]["gap"] == pytest.approx(sgd.gap.tolist(), rel=1e-4)
    # no known minimum: L itself, on a symlog axis
    assert linked_panels.panels_data(bowl_race.series, 120, False)["panels"][0]["scale"] == "symlog"
    # the player moves every hidden Vega slider named t in its scope: the panels have one, over every step
    assert re.search(
        rf'class="vega-bindings"><input type="range" name="t" min="0" max="{steps.STEP_LIMIT}"',
        linked_panels.HTML,
    )


def test_panel_values_keep_five_significant_digits_and_break_where_not_finite():
    assert linked_panels.significant([1.23456789e-12, -948062.5727, 0.0, math.inf, math.nan]) == [
        1.2346e-12,
        -948060.0,
        0.0,
        None,
        None,
    ]


def test_sweep_chart_marks_divergence_and_the_eta_in_use():
    data = learning_rate_sweep(BOWL, ["sgd"], [(("lr", 0.1),)], BOWL_START, steps=100)
    chart = charts.sweep_chart(data, {"sgd": 0.1}, ["sgd"])
    cased_lines, crosses, rules = chart.layer  # the lines and their dark casing are one nested layer
    lines = cased_lines.layer[1]
    lines_data = cased_lines.data if lines.data is alt.Undefined else lines.data
    assert len(lines_data) == (~data.diverged).sum() and not lines_data.diverged.any()
    assert len(crosses.data) == data.diverged.sum() > 0
    assert rules.data.to_dict("records") == [{"optimizer": "SGD", "lr": 0.1}]
    assert (lines_data.gap > 0).all()  # log scale
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


def test_basin_chart_names_every_basin_in_the_legend():
    himmelblau = surfaces.get("himmelblau")
    basins = basin_map(SurfaceChoice("himmelblau"), "sgd", (("lr", 0.005),), 100, n=40)
    chart = surface_charts.basin_chart(himmelblau.domain, "data:image/png;base64,", basins, himmelblau.minima)
    spec = chart.to_dict()
    cells = spec["layer"][1]
    assert cells["mark"]["type"] == "square"
    scale = cells["encoding"]["color"]["scale"]
    minima = [
        text("chart.basin_minimum_at", index=i + 1, x=chart_kit.signed(m[0]), y=chart_kit.signed(m[1]))
        for i, m in enumerate(himmelblau.minima)
    ]
    assert minima[0] == "minimum 1 at (3.00, 2.00)"
    assert scale["domain"] == [*minima, text("chart.basin_elsewhere"), text("chart.basin_diverged")]
    assert len(scale["range"]) == len(scale["domain"]) == 6
    shown = {row["ends"] for row in spec["datasets"][cells["data"]["name"]]}
    assert minima[0] in shown and shown <= set(scale["domain"])


@pytest.mark.parametrize(
    "domain",
    [((-3, 3), (-3, 3)), ((-2, 2), (-1, 3)), ((0, 10), (0, 1)), ((0, 1), (0, 10)), ((-5, 5), (-2, 2))],
)
@pytest.mark.parametrize("size", [300, 520])
def test_plot_size_keeps_the_aspect_within_clamps(domain, size):
    (x0, x1), (y0, y1) = domain
    width, height = surface_charts.plot_size(domain, size)
    assert max(width, height) == size
    true_ratio = (y1 - y0) / (x1 - x0)
    assert height / width == pytest.approx(min(2.0, max(0.5, true_ratio)), abs=2 / size)
    assert 0.5 <= height / width <= 2.0


# ---------------------------------------------------------------- text and URL fields


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("__import__", r"\_\_import\_\_"),
        ("![x](http://a)", r"\!\[x\]\(http\://a\)"),
        ("**bold** `code` $x$", r"\*\*bold\*\* \`code\` \$x\$"),
        ("plain text", "plain text"),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


FIELDS = {field.key: field for field in race_fields.fields()}


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("surface", ["Ravine"]),
        ("surface", ["Custom formula"]),
        ("opt", ["Adam", "RMSProp"]),
        ("opt", ["SGD"]),
        ("lr", ["0.1"]),
        ("lr", ["10"]),
        ("rmsprop_init", ["zeros"]),
        ("adagrad_eps", ["1e-10"]),
        ("same_lr", ["true"]),
        ("same_lr", ["False"]),
        ("kappa", ["1"]),
        ("kappa", ["1000"]),
        ("x0", ["-3.5"]),
        ("x0", ["1e3"]),
        ("noise", ["0"]),
        ("steps", ["10"]),
        ("steps", ["5000"]),
        ("seed", ["2147483647"]),
        ("formula", ["x^2 + y^2"]),
        ("formula", ["x" * 300]),
        ("steps", ["abc", "120"]),  # the last value counts, as in st.query_params
    ],
)
def test_field_problem_accepts_good_values(key, values):
    assert field_problem(FIELDS[key], values) is None


@pytest.mark.parametrize(
    ("key", "values", "says"),
    [
        ("surface", ["__import__"], "unknown value '__import__'"),
        ("surface", ["ravine"], "unknown value"),  # the URL holds labels, not names
        ("opt", ["Adam", "Bogus"], "unknown 'Bogus'"),
        ("lr", ["abc"], "unknown value 'abc'"),
        ("lr", ["0.10"], "unknown value"),
        ("rmsprop_init", ["evil"], "unknown value 'evil'"),
        ("same_lr", ["maybe"], "not true/false"),
        ("same_lr", [""], "not true/false"),
        ("kappa", ["0.5"], "outside 1 … 1000"),
        ("x0", ["nan"], "outside"),
        ("x0", ["inf"], "outside"),
        ("x0", ["1e5"], "outside"),
        ("noise", ["-1"], "outside"),
        ("steps", ["-7"], "outside 10 … 5000"),
        ("steps", ["3.5"], "not a whole number"),
        ("seed", ["x"], "not a number: 'x'"),
    ],
)
def test_field_problem_reports_bad_values(key, values, says):
    problem = field_problem(FIELDS[key], values)
    assert problem is not None
    assert says in problem


def test_field_problem_quotes_at_most_forty_characters():
    problem = field_problem(FIELDS["surface"], ["y" * 500])
    assert "y" * 40 in problem and "y" * 41 not in problem


def test_every_url_field_is_known_once():
    keys = [field.key for field in race_fields.fields()]
    assert len(keys) == len(set(keys))
    assert {"surface", "x0", "y0", "steps", "opt", "lr", "noise", "seed", "rmsprop_init"} <= set(keys)
    assert {f"{name}_lr" for name in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")} <= set(
        keys
    )


def test_log_grid_gives_sorted_two_digit_log_spaced_learning_rates():
    grid = race_fields.log_grid(1e-4, 10.0, 20)
    assert grid == race_fields.LR_CHOICES
    assert grid == sorted(set(grid))
    assert len(grid) == 101
    assert grid[0] == 1e-4 and grid[-1] == 10.0
    assert 0.1 in grid and 1.0 in grid and 0.01 in grid
    assert all(float(f"{v:.2g}") == v for v in grid)
    assert {0.05, 0.2, 0.25, 0.5, 2.0, 5.0} <= set(grid)
    ratios = np.diff(np.log10(grid))
    assert np.all((ratios > 0.03) & (ratios < 0.08))  # 1/20 of a decade, give or take the rounding
    assert race_fields.DEFAULT_LR in grid


def test_log_grid_other_ranges():
    assert race_fields.log_grid(1.0, 100.0, 1) == [1.0, 10.0, 100.0]
    assert race_fields.log_grid(0.5, 0.5, 10) == [0.5]
    grid = race_fields.log_grid(1e-3, 1.0, 3)
    assert grid == [0.001, 0.0022, 0.0046, 0.01, 0.022, 0.046, 0.1, 0.22, 0.46, 1.0]


# ---------------------------------------------------------------- issue 16: safe to poke


def bowl_race_chart(bowl_race, **kwargs):
    surface = BOWL.build()
    return charts.race_chart(
        surface.domain,
        "data:image/png;base64,",
        pd.DataFrame(columns=["x", "y", "line", "order"]),
        surface.minima,
        bowl_race.paths,
        BOWL_START,
        ["sgd", "adam"],
        120,
        **kwargs,
    )


def test_presentation_mode_text_is_at_least_20px_on_every_lab_chart(bowl_race):
    from ui.presentation_style import MIN_FONT, projector_spec, projector_style

    assert MIN_FONT >= 20
    data = learning_rate_sweep(BOWL, ["sgd"], [(("lr", 0.1),)], BOWL_START, steps=50)
    himmelblau = surfaces.get("himmelblau")
    basins = basin_map(SurfaceChoice("himmelblau"), "sgd", (("lr", 0.005),), 20, n=10)
    built = [
        bowl_race_chart(bowl_race, line_scale=2.0),
        charts.sweep_chart(data, {"sgd": 0.1}, ["sgd"]),
        surface_charts.basin_chart(himmelblau.domain, "data:image/png;base64,", basins, himmelblau.minima),
    ]
    for chart in built:
        spec = projector_style(chart).to_dict(validate=False)
        config = spec["config"]
        assert config["axis"]["labelFontSize"] >= 20 and config["axis"]["titleFontSize"] >= 20
        assert config["legend"]["labelFontSize"] >= 20 and config["legend"]["titleFontSize"] >= 20
        assert config["title"]["fontSize"] >= 20 and config["text"]["fontSize"] >= 20
        assert min(font_sizes(spec)) >= 20, "a chart sets a font size below 20 px on a projector"
    # the linked panels (a canvas) take their sizes from their data
    sizes = linked_panels.panels_data(bowl_race.series, 120, projector=True)["size"]
    assert min(sizes["label"], sizes["title"], sizes["axis_title"], sizes["mark"]) >= 20
    # the same for a plain Vega-Lite dict (the network lab's charts), without touching the original
    plain = {"mark": "line", "config": {"axis": {"labelFontSize": 11, "grid": False}}}
    styled = projector_spec(plain)
    assert styled["config"]["axis"] == {**styled["config"]["axis"], "grid": False}
    assert styled["config"]["axis"]["labelFontSize"] >= 20 and plain["config"]["axis"]["labelFontSize"] == 11


def test_linked_panels_are_taller_and_thicker_on_a_projector(bowl_race):
    plain = linked_panels.panels_data(bowl_race.series, 120)["size"]
    projected = linked_panels.panels_data(bowl_race.series, 120, projector=True)["size"]
    assert (plain["height"], projected["height"]) == (charts.SMALL_HEIGHT, 150)
    assert projected["line"] >= 3.2 and projected["line"] == 2 * plain["line"]
    assert projected["rule"] == 2 * plain["rule"]


def saddle_race(name="saddle"):
    surface = surfaces.get(name)
    return race(
        *[(n, {"lr": 0.1}) for n in ("sgd", "momentum", "adagrad", "rmsprop")],
        steps=300,
        choice=SurfaceChoice(name),
        start=surface.start,
    )


@pytest.mark.parametrize("name", ["saddle", "monkey_saddle"])
def test_loss_axes_follow_the_runs_that_did_not_diverge(name):
    result = saddle_race(name)
    assert set(result.diverged) == {"sgd", "momentum"}  # they run off to L ≈ −1e6
    data = linked_panels.panels_data(result.series, 300, result.has_minimum, diverged=result.diverged)
    loss_panel = data["panels"][0]
    # no minimum: L itself on a symlog axis, not a gap to the lowest L seen
    assert (loss_panel["columns"], loss_panel["scale"]) == (["loss"], "symlog")
    lo, hi = loss_panel["lo"], loss_panel["hi"]
    kept = result.series[~result.series.optimizer.isin(result.diverged)].loss
    assert lo <= kept.min() and hi >= kept.max()
    assert hi - lo < 1.2 * (kept.max() - kept.min()) + 1, "the axis is stretched beyond the runs that matter"
    assert abs(lo) < 1e5  # not −1e6: the diverged runs do not set the range
    marks = [mark for mark in data["marks"] if mark["panel"] == 0 and mark["label"] in ("SGD", "Momentum")]
    assert {mark["symbol"] for mark in marks} == {"✕"}
    assert {mark["what"] for mark in marks} == {text("chart.diverged_mark")}
    for mark in marks:
        assert lo <= mark["y"] <= hi
        assert mark["colour"] == OPTIMIZER_COLOURS[mark["label"].lower()]


def test_a_runaway_series_is_clamped_and_marked_off_the_chart():
    frame = pd.DataFrame(
        {
            "optimizer": ["A"] * 4 + ["B"] * 4,
            "step": [0, 1, 2, 3] * 2,
            "gap": [1.0, 0.5, 0.25, 0.1, 1.0, 10.0, 1e30, 6.488320461585995e45],
        }
    )
    lo, hi = chart_kit.value_domain(
        [frame.gap[:4].to_numpy(), frame.gap[4:].to_numpy()], [False, True], log=True
    )
    assert lo <= 0.1 and hi < 10  # only A's values
    marks = chart_kit.off_chart_marks(frame, "gap", (lo, hi), {"B"})
    (row,) = marks.to_dict("records")
    assert (row["optimizer"], row["step"], row["symbol"], row["y"]) == ("B", 1, "✕", hi)
    up = chart_kit.off_chart_marks(frame, "gap", (lo, hi), set())
    assert up.to_dict("records")[0]["what"] == text("chart.off_chart_up")


@pytest.mark.parametrize(
    "value, shown",
    [
        (6.488320461585995e45, "6.488e+45"),
        (-2.5, "−2.5"),
        (-948062.5727430121, "−9.481e+05"),
        (0.0012345678, "0.001235"),
        (math.inf, "not finite"),
        (math.nan, "not finite"),
    ],
)
def test_loss_text_is_short_with_a_true_minus(value, shown):
    assert chart_kit.loss_text(value) == shown


def test_the_surface_alone_is_drawn_with_the_click_layer_grey_where_not_finite():
    from ui.race.picture import MASKED_RGB, background, colour_key

    choice = SurfaceChoice("custom", formula="log(x) + y^2", domain=((-3.0, 3.0), (-3.0, 3.0)))
    surface = choice.build()
    with pytest.raises(ValueError):  # the race cannot start at x < 0, where log x is undefined
        run_race(RaceSetup(choice, (-1.0, 1.0), 10, (("sgd", (("lr", 0.1),)),)))
    xs, ys, values = surface.grid(60)
    key = colour_key(values)
    assert key["masked"] and len(key["stops"]) == len(key["colours"]) == 9
    hover = surface_charts.hover_grid(surface.domain, surface.f)
    chart = surface_charts.surface_chart(
        surface.domain, background(xs, ys, values), pd.DataFrame(), surface.minima, (-1.0, 1.0), hover, key
    )
    spec = chart.to_dict()
    pick = params_by_name(spec)["pick"]
    assert pick["select"]["type"] == "point" and pick["select"]["fields"] == ["x", "y"]
    legends = [n for n in walk(spec) if n.get("symbolFillColor") == surface_charts.MASKED_HEX]
    assert len(legends) == 1
    swatch = "#{:02X}{:02X}{:02X}".format(*MASKED_RGB)
    assert surface_charts.MASKED_HEX == swatch
    labels = [row["what"] for rows in spec["datasets"].values() for row in rows if "what" in row]
    labels += [node["calculate"] for node in walk(spec) if node.get("as") == "what"]
    assert repr(text("chart.not_finite")) in labels and text("chart.start") in labels
    assert "not finite" in set(hover.L) and hover.L.str.contains("−").any()


def test_the_race_has_a_log_colour_bar_and_shows_l_on_hover(bowl_race):
    from ui.race.picture import RAMP, colour_key

    surface = BOWL.build()
    _, _, values = surface.grid(60)
    key = colour_key(values)
    assert not key["masked"]
    hover = surface_charts.hover_grid(surface.domain, surface.f)
    spec = bowl_race_chart(bowl_race, hover=hover, key=key).to_dict()
    (bar,) = [layer for layer in spec["layer"] if "fill" in layer.get("encoding", {})]
    fill = bar["encoding"]["fill"]
    assert fill["scale"]["type"] == "log"
    assert fill["scale"]["domain"] == {"expr": f"pluck(data('{surface_charts.KEY}'), 'level')"}
    assert [row["level"] for row in spec["datasets"][surface_charts.KEY]] == key["stops"]
    assert len(fill["scale"]["range"]) == len(RAMP)
    assert fill["legend"]["title"] == text("chart.colour_key")
    assert np.all(np.diff(key["stops"]) > 0)
    (grid,) = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "square"]
    assert params_by_name(spec)["pick"]["views"] == [grid["name"]]
    tips = {tip["field"]: tip for tip in grid["encoding"]["tooltip"]}
    assert set(tips) == {"x", "y", "L"} and tips["L"]["title"] == "L(x, y)"
    rows = spec["datasets"][grid["data"]["name"]]
    assert len(rows) == 1600
    at_origin = min(rows, key=lambda r: abs(r["x"]) + abs(r["y"]))
    assert float(at_origin["L"].replace("−", "-")) == pytest.approx(
        float(surface.f(np.array([at_origin["x"], at_origin["y"]]))), rel=1e-3, abs=1e-6
    )
    grey = [n for n in walk(spec) if n.get("symbolFillColor") == surface_charts.MASKED_HEX]
    assert not grey  # nothing grey here


def test_light_optimizer_colours_are_cased_in_every_lab_chart(bowl_race):
    assert chart_kit.contrast_on_white(OPTIMIZER_COLOURS["adagrad"]) < 1.5
    assert {"adagrad", "sgd", "momentum"} <= charts.CASED
    assert all(
        chart_kit.contrast_on_white(OPTIMIZER_COLOURS[n]) >= 3.0
        for n in set(OPTIMIZER_COLOURS) - charts.CASED
    )
    names = ["sgd", "adagrad", "rmsprop"]
    result = race(*[(n, {"lr": 0.1}) for n in names], steps=60)
    linked = linked_panels.panels_data(result.series, 60)
    assert {s["label"]: s["cased"] for s in linked["series"]} == {
        "SGD": True,
        "Adagrad": True,
        "RMSProp": False,
    }
    assert {s["label"]: s["colour"] for s in linked["series"]} == {
        OPTIMIZER_LABELS[n]: OPTIMIZER_COLOURS[n] for n in names
    }
    assert linked["size"]["casing"] == chart_kit.CASING
    data = learning_rate_sweep(BOWL, names, [(("lr", 0.1),)] * 3, BOWL_START, steps=50)
    sweep = charts.sweep_chart(data, {"sgd": 0.1}, names).to_dict()
    casing, lines = sweep["layer"][0]["layer"]
    assert casing["mark"]["color"] == chart_kit.CASING
    assert lines["mark"]["point"]["stroke"] == chart_kit.CASING
    legend = lines["encoding"]["color"]["legend"]
    assert legend["symbolStrokeColor"] == chart_kit.CASING


def test_negative_numbers_in_labels_use_a_true_minus():
    himmelblau = surfaces.get("himmelblau")
    basins = basin_map(SurfaceChoice("himmelblau"), "sgd", (("lr", 0.005),), 20, n=10)
    spec = surface_charts.basin_chart(
        himmelblau.domain, "data:image/png;base64,", basins, himmelblau.minima
    ).to_dict()
    labels = spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert "minimum 2 at (−2.81, 3.13)" in labels
    assert not any("-" in label for label in labels)
    assert chart_kit.signed(-0.5, ".1f") == "−0.5" and chart_kit.signed(2.0) == "2.00"
    zh = surface_charts.basin_chart(himmelblau.domain, "", basins, himmelblau.minima, lang="zh").to_dict()
    assert not any("-" in label for label in zh["layer"][1]["encoding"]["color"]["scale"]["domain"])


def test_a_projector_chart_has_thicker_lines_larger_symbols_and_sizes_without_touching_the_original():
    from ui.presentation_style import projector_chart

    plain = {
        "width": 250,
        "height": 250,
        "layer": [
            {"mark": "line", "encoding": {}},
            {"mark": {"type": "line", "strokeWidth": 3}},
            {"mark": {"type": "point"}},
            {"mark": {"type": "rect"}},
            {"mark": {"type": "text", "fontSize": 11}, "encoding": {"x": {"axis": {"labelFontSize": 9}}}},
        ],
    }
    styled = projector_chart(plain, line_scale=2.0, size_scale=1.6)
    line, thick, point, rect, words = (layer["mark"] for layer in styled["layer"])
    assert words["fontSize"] == 20 and styled["layer"][-1]["encoding"]["x"]["axis"]["labelFontSize"] == 20
    assert line == {"type": "line", "strokeWidth": 4.0} and thick["strokeWidth"] == 6.0
    assert point["size"] == 120.0 and "strokeWidth" not in rect
    assert (styled["width"], styled["height"]) == (400, 400)
    assert styled["config"]["axis"]["labelFontSize"] >= 20
    assert plain["layer"][0]["mark"] == "line" and plain["width"] == 250


def test_frames_carry_names_and_the_charts_write_labels(bowl_race):
    assert set(bowl_race.paths.optimizer) == set(bowl_race.series.optimizer) == {"sgd", "adam"}
    spec = bowl_race_chart(bowl_race).to_dict()
    drawn = {row["optimizer"] for rows in spec["datasets"].values() for row in rows if "optimizer" in row}
    assert drawn == {"SGD", "Adam"}
    frame = pd.DataFrame({"optimizer": ["sgd", "lion", "sgd"], "step": [0, 0, 1]})
    shown = chart_kit.labelled(frame, OPTIMIZER_LABELS, "optimizer")
    assert shown.optimizer.tolist() == ["SGD", "Lion", "SGD"]  # a name the vocabulary lacks reads as itself
    assert frame.optimizer.tolist() == ["sgd", "lion", "sgd"]  # the frame itself is left alone


def test_an_optimizer_new_to_the_vocabulary_is_cased_when_its_spare_colour_is_light():
    assert "lion" not in OPTIMIZER_COLOURS and chart_kit.light(OPTIMIZER_COLOURS["lion"])
    assert charts.cased_labels(["lion", "rmsprop"]) == ["Lion"]
    assert charts.casing_filter(["lion"]) == "indexof(['Lion'], datum['optimizer']) >= 0"


def test_without_mark_descriptions_turns_off_the_marks_aria_only_and_leaves_the_spec_alone():
    spec = {"mark": "line", "config": {"mark": {"color": "red"}, "axis": {"labelFontSize": 20}}}
    quiet = chart_kit.without_mark_descriptions(spec)
    assert quiet["config"] == {"mark": {"color": "red", "aria": False}, "axis": {"labelFontSize": 20}}
    assert spec["config"]["mark"] == {"color": "red"}  # a copy: the cached layout is not changed
    assert chart_kit.without_mark_descriptions({"mark": "line"})["config"] == {"mark": {"aria": False}}


def test_on_canvas_asks_vega_embed_for_its_canvas_renderer_and_keeps_the_other_options():
    spec = {"mark": "line", "usermeta": {"embedOptions": {"padding": 4}, "note": "kept"}}
    drawn = chart_kit.on_canvas(spec)
    assert drawn["usermeta"] == {"embedOptions": {"padding": 4, "renderer": "canvas"}, "note": "kept"}
    assert spec["usermeta"]["embedOptions"] == {"padding": 4}  # a copy: the cached layout is not changed
    assert chart_kit.on_canvas({"mark": "line"})["usermeta"] == {"embedOptions": {"renderer": "canvas"}}


@pytest.mark.parametrize("projector", [False, True])
def test_the_race_views_charts_have_no_per_mark_descriptions_but_keep_their_axes_and_projector_style(
    projector,
):
    """Vega-Lite writes a screen-reader text for every point of every line, which the browser evaluates
    (through Vega's interpreter) on each change: the race and momentum's memory go without them; their axes
    keep their descriptions. The explained rule is HTML (ui/race/explain_rule.py), told of the projector."""
    from ui.race import cache

    setup = RaceSetup(
        SurfaceChoice("bowl"),
        (1.0, 1.0),
        60,
        (("sgd", (("lr", 0.1),)), ("momentum", (("lr", 0.05), ("momentum", 0.9)))),
    )
    race, _, _ = cache.race_specs(setup, "en", projector, ("momentum",))
    rules, memory = cache.explain_specs(setup, ("momentum",), "en", projector)
    assert rules["projector"] is projector and [b["label"] for b in rules["blocks"]] == ["Momentum"]
    specs = [race, memory]
    for spec in specs:
        assert spec["config"]["mark"]["aria"] is False
        assert spec["config"].get("aria", True) is not False  # not the whole chart: its axes keep theirs
        if projector:
            assert spec["config"]["axis"]["labelFontSize"] >= 20  # the projector's style is kept
    # the race, whose paths move over a still picture on every frame, is drawn on a canvas; the bars as SVG
    assert [spec.get("usermeta", {}).get("embedOptions", {}).get("renderer") for spec in specs] == [
        "canvas",
        None,
    ]


def test_a_new_race_on_the_same_surface_changes_only_the_race_datasets():
    """η, start, steps, noise, seed and the optimizer set change the race's datasets and nothing else in the race
    chart's spec, so the browser swaps the datasets into the chart it has (Streamlit rebuilds a chart whose
    spec changed); the linked panels (a canvas) draw the new race."""
    import dataclasses

    from ui.race import cache

    def optimizers(lr):
        return (("sgd", (("lr", lr),)), ("momentum", (("lr", lr), ("momentum", 0.9))))

    base = RaceSetup(SurfaceChoice("saddle"), (-1.5, 0.05), 200, optimizers(0.05))
    race, linked, _ = cache.race_specs(base, "en", False)
    # every dataset is the surface's or the race's, read by name
    assert "datasets" not in cache.race_layout((520, 520), (), False, "en", True)
    variants = [
        dataclasses.replace(base, optimizers=optimizers(0.3)),  # both diverge: the ranges move, marks appear
        dataclasses.replace(base, start=(1.0, -0.5)),
        dataclasses.replace(base, steps=120),
        dataclasses.replace(base, noise=0.5, seed=3),
        dataclasses.replace(base, optimizers=optimizers(0.05)[:1]),  # another optimizer set
    ]
    own = {charts.RACE_PATHS, charts.RACE_START, charts.RACE_NAMES}
    for variant in variants:
        other, other_linked, _ = cache.race_specs(variant, "en", False)
        assert {k: v for k, v in other.items() if k != "datasets"} == {
            k: v for k, v in race.items() if k != "datasets"
        }
        assert set(other["datasets"]) == set(race["datasets"])
        changed = {n for n in other["datasets"] if other["datasets"][n] != race["datasets"][n]}
        assert changed <= own, variant
        assert changed or other_linked["steps"] != linked["steps"], variant  # both runs left before step 120
        assert other_linked != linked, variant
    # Another surface of the same shape has the same layout, its own data; one twice as wide has another.
    himmelblau = dataclasses.replace(base, surface=SurfaceChoice("himmelblau"), start=(0.0, 0.0))
    other = cache.race_specs(himmelblau, "en", False)[0]
    assert {k: v for k, v in other.items() if k != "datasets"} == {
        k: v for k, v in race.items() if k != "datasets"
    }
    assert other["datasets"][surface_charts.FRAME] != race["datasets"][surface_charts.FRAME]
    ravine = dataclasses.replace(base, surface=SurfaceChoice("ravine"), start=(-4.0, 1.0))
    assert cache.race_specs(ravine, "en", False)[0]["height"] == race["height"] // 2


# ---------------------------------------------------------------- each optimizer's run, reused


def assert_same_race(one, other):
    for field in ("paths", "series", "table", "full_paths", "explain"):
        pd.testing.assert_frame_equal(getattr(one, field), getattr(other, field), check_exact=True)
    assert one.reference_loss == other.reference_loss


def test_a_race_built_from_runs_simulated_before_is_the_race_simulated_at_once():
    from ui.race import model

    two = RaceSetup(BOWL, BOWL_START, 250, (("sgd", (("lr", 0.1),)), ("momentum", (("lr", 0.05),))))
    three = RaceSetup(BOWL, BOWL_START, 250, (*two.optimizers, ("adam", (("lr", 0.3),))))
    known = model.simulate_runs(two)
    heard, ran = [], []
    runs = model.simulate_runs(
        three, lambda done, total: heard.append((done, total)), known, lambda o, run: ran.append(o)
    )
    assert all(runs[o] is known[o] for o in two.optimizers)  # reused, not simulated again
    # a run keeps what the race view draws, not the gradients and state only its explained steps read
    assert all(run.path.gradients is None and run.path.trace == {} for run in runs.values())
    assert all(len(run.explained) == 250 for run in runs.values())
    assert ran == [("adam", (("lr", 0.3),))]
    assert heard == [(100, 250), (200, 250)]  # every 100th step of the only run to do, Adam's 250
    assert_same_race(model.race_result(three, runs), run_race(three))
    # the reference loss (the lowest of every run) is the three's, not the two's
    assert model.race_result(three, runs).reference_loss <= model.race_result(two, known).reference_loss


def test_the_lab_simulates_only_the_optimizer_added_to_a_race_it_has_run(monkeypatch):
    from ui.race import cache, model

    simulated, real = [], model.simulate

    def counted(surface, opt, *args, **kwargs):
        simulated.append(opt.name)
        return real(surface, opt, *args, **kwargs)

    monkeypatch.setattr(model, "simulate", counted)
    racing = (("sgd", (("lr", 0.07),)), ("rmsprop", (("lr", 0.07),)))
    first = RaceSetup(SurfaceChoice("saddle"), (-1.5, 0.05), 120, racing)
    cache.cached_race(first)
    assert sorted(simulated) == ["rmsprop", "sgd"]
    simulated.clear()
    more = replace(first, optimizers=(*racing, ("adagrad", (("lr", 0.07),))))
    reused = cache.cached_race(more)
    assert simulated == ["adagrad"]
    assert_same_race(reused, run_race(more))
    simulated.clear()
    fewer = replace(first, optimizers=racing[1:])
    cache.cached_race(fewer)
    assert simulated == []  # RMSProp's run was kept
    retuned = replace(first, optimizers=(racing[0], ("rmsprop", (("lr", 0.05),))))
    cache.cached_race(retuned)
    assert simulated == ["rmsprop"]
