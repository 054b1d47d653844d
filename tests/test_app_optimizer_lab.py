"""The optimizer lab in AppTest: every control, every view, shared and garbage URLs, click-to-start.

No JavaScript runs here: charts are checked through their Vega-Lite specs, the player through the data it is
mounted with. The page file is run directly (``ui/pages/optimizer_lab.py``); two tests run the entry point
(navigation and the language switch).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit import dataframe_util
from streamlit.components.v2.bidi_component.constants import ARROW_REF_KEY as ARROW_REF
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

import surfaces
from tests.lab_helpers import RESULT_COLUMNS, open_tab
from ui.i18n import text
from ui.race import charts, explain_charts, steps
from ui.vocab import UPDATE_RULES

ROOT = Path(__file__).resolve().parent.parent
LAB = ROOT / "ui" / "pages" / "optimizer_lab.py"
APP = ROOT / "streamlit_app.py"
TIMEOUT = 30
DEFAULT_LABELS = ["SGD", "Momentum", "Adagrad", "RMSProp"]
LOSS_COLUMNS = ["final loss", "best loss"]


# ---------------------------------------------------------------- helpers


def lab(**query) -> AppTest:
    """The lab page after its first run, opened with ``query`` as the URL's parameters."""
    at = AppTest.from_file(LAB, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def table(at: AppTest):
    assert len(at.dataframe) == 1, "expected exactly one results table"
    return at.dataframe[0].value


def row(at: AppTest, label: str):
    frame = table(at)
    matches = frame[frame.optimizer == label]
    assert len(matches) == 1, f"{label} not in {frame.optimizer.tolist()}"
    return matches.iloc[0]


def final_losses(at: AppTest) -> dict[str, float]:
    frame = table(at)
    return dict(zip(frame.optimizer, frame["final loss"]))


def race_chart(at: AppTest):
    charts = [c for c in at.get("vega_lite_chart") if (c.key or "").startswith("race_chart_")]
    assert len(charts) == 1
    return charts[0]


def race_spec(at: AppTest) -> dict:
    return json.loads(race_chart(at).proto.spec)


def components_data(at: AppTest, name: str) -> list[dict]:
    """The data each of the page's components ``name`` (optimizer_playground.<name>) received; a DataFrame
    in its first level came as Arrow (Streamlit's mixed data: the JSON holds a reference to its bytes)."""
    found = []
    for component in at.get("bidi_component"):
        if component.proto.component_name != f"optimizer_playground.{name}":
            continue
        if not component.proto.HasField("mixed"):
            found.append(json.loads(component.proto.json))
            continue
        blobs = component.proto.mixed.arrow_blobs
        data = json.loads(component.proto.mixed.json)
        found.append(
            {
                key: dataframe_util.convert_arrow_bytes_to_pandas_df(blobs[value[ARROW_REF]].data)
                if isinstance(value, dict) and ARROW_REF in value
                else value
                for key, value in data.items()
            }
        )
    return found


def component_data(at: AppTest, name: str) -> dict:
    """The data the page's one component ``name`` (optimizer_playground.<name>) received."""
    (data,) = components_data(at, name)
    return data


def linked_data(at: AppTest) -> dict:
    """What the linked panels draw (ui/race/linked_panels.py panels_data)."""
    return component_data(at, "linked_panels")


def named_data(chart, name: str):
    """One of the chart's named datasets as a DataFrame."""
    (data,) = [d for d in chart.proto.datasets if d.name == name]
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data.data.data)


def linked_steps(at: AppTest) -> int:
    """The last step of the linked panels' step axes."""
    return linked_data(at)["steps"]


def chart_data(chart) -> list:
    """The chart's named datasets as DataFrames (Streamlit ships them beside the spec, as Arrow)."""
    return [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]


def race_paths(at: AppTest):
    """The drawn paths the race chart received: optimizer, step, x, y, loss."""
    return named_data(race_chart(at), charts.RACE_PATHS)


def start_mark(at: AppTest) -> tuple[float, float]:
    marks = [d[d.what == text("chart.start")] for d in chart_data(race_chart(at)) if "what" in d.columns]
    (mark,) = [m for m in marks if len(m)]
    assert len(mark) == 1
    return float(mark.x.iloc[0]), float(mark.y.iloc[0])


def start_inputs(at: AppTest) -> tuple[float, float]:
    return at.number_input(key="x0").value, at.number_input(key="y0").value


def param(spec: dict, name: str) -> dict:
    return next(p for p in spec["params"] if p["name"] == name)


def player_data(at: AppTest) -> dict:
    return component_data(at, "player")


def tab(at: AppTest, label: str):
    return open_tab(at, label)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def url_note(at: AppTest) -> list[str]:
    return [text for text in texts(at.info) if text.startswith("The link had values")]


def header_title(at: AppTest) -> str:
    """The bold surface title in the header's first Markdown (escaped for Markdown, so compare loosely)."""
    return at.main.markdown[0].value.split("**")[1].replace("\\", "")


def share_text(at: AppTest) -> str:
    (code,) = tab(at, "Share & download").code
    return code.value


def click_surface(at: AppTest, selection: dict) -> AppTest:
    """Rerun as if the browser reported ``selection`` for the race chart's click layer.

    AppTest has no interaction for Vega-Lite charts, so this sends the widget state the frontend sends for a
    chart with ``on_select``: the serialized selection under the chart's element id. Streamlit then runs the
    chart's ``on_select`` callback (the page's ``set_start_from_click``) before the script, as in a browser.
    Uses AppTest internals (``_tree``, ``_run``), the only way to deliver a chart selection.
    """
    states = at._tree.get_widget_states()
    states.widgets.append(
        WidgetState(id=race_chart(at).proto.id, string_value=json.dumps({"selection": selection}))
    )
    return at._run(states)


# ---------------------------------------------------------------- default load and entry point


def test_default_load_shows_the_four_optimizers_on_the_plateau():
    at = lab()
    assert_clean(at)
    assert texts(at.title) == ["Optimizer lab"]
    assert at.selectbox(key="surface").value == "plateau"
    assert header_title(at) == surfaces.get("plateau").title
    frame = table(at)
    assert frame.optimizer.tolist() == DEFAULT_LABELS
    assert RESULT_COLUMNS | {"status"} <= set(frame.columns)
    assert (frame.status == "ok").all()
    assert not at.error
    assert not at.warning
    assert not url_note(at)
    assert at.multiselect(key="opt").value == ["sgd", "momentum", "adagrad", "rmsprop"]
    assert start_inputs(at) == tuple(map(float, surfaces.get("plateau").start))
    assert start_mark(at) == start_inputs(at)
    paths = race_paths(at)
    assert paths.optimizer.unique().tolist() == DEFAULT_LABELS
    assert paths.step.max() == 300
    assert param(race_spec(at), "t")["value"] == steps.STEP_LIMIT  # the player moves it to the race's step
    assert linked_steps(at) == 300
    assert (player_data(at)["steps"], player_data(at)["start"]) == (300, 300)


def test_the_entry_point_navigates_to_the_lab():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert_clean(at)
    assert texts(at.title) == ["Optimizer lab"]
    assert table(at).optimizer.tolist() == DEFAULT_LABELS


def test_the_language_comes_from_the_url_and_the_switch():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.run()
    assert_clean(at)
    assert texts(at.title) == [text("lab.title", "zh")]
    frame = table(at)
    assert list(frame.columns)[0] == text("table.optimizer", "zh")
    assert frame[text("table.status", "zh")].tolist() == [text("table.ok", "zh")] * 4
    assert at.query_params["lang"] == "zh"
    at.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    assert texts(at.title) == ["Optimizer lab"]
    assert "lang" not in at.query_params
    at.segmented_control(key="lang").set_value("zh").run()
    assert texts(at.title) == [text("lab.title", "zh")]
    assert at.query_params["lang"] == "zh"


# ---------------------------------------------------------------- surface controls


@pytest.mark.parametrize("name", ["rosenbrock", "himmelblau", "ravine", "saddle"])
def test_switching_surface_moves_the_start_and_reruns(name):
    at = lab()
    before = final_losses(at)
    at.selectbox(key="surface").set_value(name).run()
    assert_clean(at)
    surface = surfaces.get(name)
    assert header_title(at) == surface.title
    assert start_inputs(at) == tuple(map(float, surface.start))
    assert start_mark(at) == start_inputs(at)
    assert final_losses(at) != before
    assert not at.error


def test_bowl_has_a_condition_number_that_changes_the_race():
    at = lab()
    assert not [w for w in at.number_input if w.key == "kappa"]
    at.selectbox(key="surface").set_value("bowl").run()
    assert_clean(at)
    kappa = at.number_input(key="kappa")
    assert kappa.value == 10.0
    before = final_losses(at)
    kappa.set_value(100.0).run()
    assert_clean(at)
    assert at.number_input(key="kappa").value == 100.0
    assert final_losses(at) != before


def test_custom_surface_shows_formula_and_span_and_runs_a_valid_formula():
    at = lab()
    assert not [w for w in at.text_input if w.key == "formula"]
    at.selectbox(key="surface").set_value("custom").run()
    assert_clean(at)
    assert at.text_input(key="formula").value
    assert at.number_input(key="span").value == 3.0
    assert not at.error
    at.text_input(key="formula").input("x^2 + 4*y^2").run()
    assert_clean(at)
    assert not at.error
    assert "x^2 + 4*y^2" in header_title(at)
    # a convex bowl: every default optimizer gets close to 0 from the default start
    assert max(final_losses(at).values()) < 1.0
    before = final_losses(at)
    at.number_input(key="span").set_value(5.0).run()
    assert_clean(at)
    assert at.number_input(key="span").value == 5.0
    # a new domain moves the start to its default, a tenth of the way in from the top-left corner
    assert start_inputs(at) == (-4.0, 4.0)
    assert table(at).optimizer.tolist() == DEFAULT_LABELS
    assert final_losses(at) != before


@pytest.mark.parametrize("formula", ["x^^2", "__import__('os')", "x +", "exp(x"])
def test_broken_formula_shows_an_error_and_falls_back_to_the_default_surface(formula):
    at = lab()
    at.selectbox(key="surface").set_value("custom").run()
    at.text_input(key="formula").input(formula).run()
    assert_clean(at)
    (error,) = at.error
    assert "Showing the default surface instead" in error.value
    assert header_title(at) == surfaces.get("plateau").title
    assert table(at).optimizer.tolist() == DEFAULT_LABELS


@pytest.mark.parametrize("formula", ["sqrt(x) + y^2", "log(x) + y^2"])
def test_a_start_where_the_formula_is_undefined_says_the_setup_cannot_run(formula):
    at = lab(surface="Custom formula", formula=formula)  # default start (-2.4, 2.4): x < 0
    assert_clean(at)
    (error,) = at.error
    assert error.value.startswith(text("lab.cannot_run", error="")), error.value
    assert not at.dataframe
    at.number_input(key="x0").set_value(1.0).run()  # a start where it is defined: the race runs
    assert_clean(at)
    assert not at.error
    assert table(at).optimizer.tolist() == DEFAULT_LABELS


def test_a_start_where_the_formula_is_undefined_still_shows_the_surface_to_click():
    """The error says "click the surface to move the start": the surface is there, and a click works."""
    at = lab(surface="Custom formula", formula="log(x)", x0="-1")
    assert_clean(at)
    (error,) = at.error
    assert error.value.startswith(text("lab.cannot_run", error="")), error.value
    assert not at.dataframe
    assert race_chart(at).key == "race_chart_0"  # the surface alone, with the race chart's click layer
    assert json.loads(race_chart(at).proto.spec)
    click_surface(at, {"pick": [{"x": 1.5, "y": 0.5}]})
    assert_clean(at)
    assert start_inputs(at) == (1.5, 0.5)
    assert not at.error
    assert table(at).optimizer.tolist() == DEFAULT_LABELS


def test_the_cannot_run_message_shows_plain_numbers():
    at = lab(surface="Custom formula", formula="sqrt(x) + y^2")
    (error,) = at.error
    assert "np" not in error.value.replace("\\", "")
    assert "-2.4, 2.4" in error.value.replace("\\", "")


# ---------------------------------------------------------------- start, steps, optimizers


@pytest.mark.parametrize(("key", "value"), [("x0", -3.0), ("y0", 0.5)])
def test_start_coordinates_change_the_final_losses(key, value):
    at = lab()
    before = final_losses(at)
    at.number_input(key=key).set_value(value).run()
    assert_clean(at)
    assert at.number_input(key=key).value == value
    assert final_losses(at) != before
    assert start_mark(at) == start_inputs(at)
    paths = race_paths(at)
    assert (paths[paths.step == 0][["x", "y"]].to_numpy() == start_inputs(at)).all()


def test_steps_sets_the_race_length():
    at = lab()
    at.number_input(key="steps").set_value(40).run()
    assert_clean(at)
    spec, linked = race_spec(at), linked_data(at)
    assert param(spec, "t")["bind"]["max"] == steps.STEP_LIMIT
    assert (player_data(at)["steps"], player_data(at)["start"]) == (40, 40)
    assert "steps=40" in share_text(at)
    assert race_paths(at).step.max() == 40
    assert linked_steps(at) == 40  # the linked panels' step axes end at 40
    short = final_losses(at)
    at.number_input(key="steps").set_value(1000).run()
    assert player_data(at)["steps"] == 1000
    assert linked_steps(at) == 1000
    # Only the data changed: the browser swaps the datasets into the race chart it has (no new chart); the
    # linked panels draw the new race.
    assert race_spec(at) == spec
    assert linked_data(at)["series"] != linked["series"]
    long = final_losses(at)
    assert long["Momentum"] < short["Momentum"]


def test_all_six_optimizers_race():
    at = lab()
    at.multiselect(key="opt").set_value(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]).run()
    assert_clean(at)
    assert table(at).optimizer.tolist() == ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]
    for key in ("nesterov_lambda", "adam_beta1", "adam_beta2", "adam_eps"):
        assert [w for w in [*at.slider, *at.select_slider] if w.key == key], key


def test_no_optimizer_asks_for_one():
    at = lab()
    at.multiselect(key="opt").set_value([]).run()
    assert_clean(at)
    assert any("Choose at least one optimizer" in message for message in texts(at.info))
    assert not at.dataframe
    assert not at.tabs


def test_one_eta_for_all_changes_every_row():
    at = lab()
    before = final_losses(at)
    at.select_slider(key="lr").set_value("0.01").run()
    assert_clean(at)
    after = final_losses(at)
    assert all(after[name] != before[name] for name in DEFAULT_LABELS)


def test_separate_learning_rates_appear_when_one_eta_is_off():
    at = lab()
    at.toggle(key="same_lr").set_value(False).run()
    assert_clean(at)
    keys = {w.key for w in at.select_slider}
    assert {"sgd_lr", "momentum_lr", "adagrad_lr", "rmsprop_lr"} <= keys
    assert "lr" not in keys
    before = final_losses(at)
    at.select_slider(key="sgd_lr").set_value("1").run()
    assert_clean(at)
    after = final_losses(at)
    assert after["SGD"] != before["SGD"]
    assert {k: v for k, v in after.items() if k != "SGD"} == {k: v for k, v in before.items() if k != "SGD"}


def changed_only(at: AppTest, key: str, value, label: str, kind: str) -> None:
    """Setting widget ``key`` changes ``label``'s row and leaves the others alone."""
    before = final_losses(at)
    getattr(at, kind)(key=key).set_value(value).run()
    assert_clean(at)
    assert getattr(at, kind)(key=key).value == value
    after = final_losses(at)
    assert after[label] != before[label], f"{key} did not change {label}"
    assert {k: v for k, v in after.items() if k != label} == {k: v for k, v in before.items() if k != label}


@pytest.mark.parametrize(
    ("key", "value", "label", "kind"),
    [
        ("momentum_lambda", 0.5, "Momentum", "slider"),
        ("rmsprop_alpha", 0.5, "RMSProp", "slider"),
        ("rmsprop_init", "zeros", "RMSProp", "radio"),
        ("rmsprop_eps", "0.01", "RMSProp", "select_slider"),
        ("adagrad_eps", "0.01", "Adagrad", "select_slider"),
    ],
)
def test_each_default_hyperparameter_changes_only_its_optimizer(key, value, label, kind):
    changed_only(lab(), key, value, label, kind)


@pytest.mark.parametrize(
    ("key", "value", "label", "kind"),
    [
        ("adam_beta1", 0.5, "Adam", "slider"),
        ("adam_beta2", 0.9, "Adam", "slider"),
        ("adam_eps", "0.01", "Adam", "select_slider"),
        ("nesterov_lambda", 0.5, "Nesterov", "slider"),
    ],
)
def test_adam_and_nesterov_hyperparameters_change_only_their_optimizer(key, value, label, kind):
    changed_only(lab(opt=["SGD", "Nesterov", "Adam"]), key, value, label, kind)


def test_gradient_noise_is_reproducible_by_seed():
    at = lab()
    clean = final_losses(at)
    at.number_input(key="noise").set_value(0.5).run()
    assert_clean(at)
    seed0 = final_losses(at)
    assert seed0 != clean
    at.number_input(key="seed").set_value(1).run()
    seed1 = final_losses(at)
    assert seed1 != seed0
    again = lab(noise="0.5", seed="1")
    assert final_losses(again) == seed1
    assert not url_note(again)


def test_seed_does_nothing_without_noise():
    at = lab()
    before = final_losses(at)
    at.number_input(key="seed").set_value(7).run()
    assert final_losses(at) == before


def test_a_newline_in_the_url_formula_keeps_the_header_title_on_one_line():
    at = lab(surface="Custom formula", formula="x^2\n+ y^2")
    assert_clean(at)
    header = at.main.markdown[0].value
    assert "\n" not in header and header.startswith("**") and header.count("**") == 2, header
    assert header_title(at) == text("surface.custom.title", formula="x^2 + y^2")
    assert table(at).optimizer.tolist() == DEFAULT_LABELS


def test_the_results_table_says_not_reached_prints_short_numbers_and_pins_the_optimizer():
    at = lab(surface="Rosenbrock", opt=["SGD", "Adam"], lr="10")
    assert_clean(at)
    frame = table(at)
    reached = frame["steps to tolerance"].tolist()
    assert reached == [text("table.not_reached")] * 2 == ["—", "—"], reached
    assert "None" not in frame.astype(str).to_numpy().ravel().tolist()
    config = json.loads(at.dataframe[0].proto.columns)
    for column in ("final loss", "best loss", "distance to nearest minimum"):
        assert config[column]["type_config"]["format"] == "%.4g", column
        assert config[column]["help"] == column and len(config[column]["label"]) <= 12
    assert "not reached" in config["steps to tolerance"]["help"]
    assert config["optimizer"]["pinned"] is True
    # on a phone the status sits beside the pinned optimizer; the columns further right scroll
    assert list(at.dataframe[0].proto.column_order)[:2] == ["optimizer", "status"]
    assert set(at.dataframe[0].proto.column_order) == set(frame.columns)
    # a run that gets there shows its step as a plain whole number
    steps = table(lab(surface="Bowl"))["steps to tolerance"].tolist()
    assert [step.isdigit() for step in steps] == [True, True, False, True], steps  # Adagrad is still out


def test_the_results_table_in_chinese_says_not_reached_too():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.query_params["surface"] = "Rosenbrock"
    at.query_params["lr"] = "10"
    at.run()
    assert_clean(at)
    column = table(at)[text("table.tolerance", "zh")]
    assert (column == text("table.not_reached", "zh")).all()
    config = json.loads(at.dataframe[0].proto.columns)
    assert config[text("table.tolerance", "zh")]["label"] == text("table.tolerance_short", "zh")


# ---------------------------------------------------------------- divergence


@pytest.mark.parametrize(
    "query",
    [
        {"surface": "Rosenbrock", "opt": ["SGD", "Adam"], "lr": "10"},
        {"surface": "Bowl", "kappa": "1000", "opt": ["SGD", "Momentum"], "lr": "10"},
    ],
)
def test_a_diverging_optimizer_is_flagged_without_nan(query):
    at = lab(**query)
    assert_clean(at)
    assert not url_note(at)
    frame = table(at)
    sgd = row(at, "SGD")
    assert sgd.status.startswith("diverged at step ")
    step = int(sgd.status.rsplit(" ", 1)[1])
    assert 1 <= step <= 300
    assert frame[LOSS_COLUMNS].notna().all().all()
    assert all(math.isfinite(v) for v in frame[LOSS_COLUMNS].to_numpy().ravel())
    drawn = race_paths(at)
    assert drawn[drawn.optimizer == "SGD"].step.max() == step - 1
    assert drawn[["x", "y", "loss"]].notna().all().all()
    warnings = texts(at.warning)
    assert any(w.startswith(f"SGD diverged at step {step}") for w in warnings)
    assert len(warnings) == (frame.status != "ok").sum()


# ---------------------------------------------------------------- views


def test_update_rules_tab_has_one_formula_per_optimizer():
    at = lab(opt=["SGD", "RMSProp", "Adam"])
    rules = tab(at, "Update rules")
    (markdown,) = rules.markdown  # one element: twelve cost the browser ~0.5 s more to draw the page
    blocks = markdown.value.split("\n\n")
    shown = [block.strip("$\n") for block in blocks if block.startswith("$$")]
    # one relation a line (so RMSProp's and Adam's rules fit a phone): the same relations, stacked
    relations = [re.split(r",\\(?:quad|\ )\s*", UPDATE_RULES[name]) for name in ("sgd", "rmsprop", "adam")]
    assert shown[0] == UPDATE_RULES["sgd"]
    for latex, parts in zip(shown[1:], relations[1:]):
        assert latex.startswith(r"\begin{gathered}") and latex.endswith(r"\end{gathered}"), latex
        assert latex.removeprefix(r"\begin{gathered}").removesuffix(r"\end{gathered}").split(r",\\ ") == parts
    assert [block for block in blocks if block.startswith("**")] == ["**SGD**", "**RMSProp**", "**Adam**"]
    # each optimizer's explanation follows its rule
    assert blocks[blocks.index("**Adam**") + 2] == f":gray[{text('rule.adam')}]"


def test_sweep_tab_draws_final_loss_against_eta():
    at = lab(opt=["SGD", "Adam"])
    (chart,) = tab(at, "Learning-rate sweep").get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    # lines, divergence crosses, the η in use; SGD's bounds 2/λmax at the start and the minimum, and their labels
    assert len(spec["layer"]) == 5
    fields = {layer["encoding"]["x"]["field"] for layer in spec["layer"]}
    assert fields == {"lr"}
    assert len(chart.proto.datasets) == 4
    (labels,) = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"]
    assert labels["encoding"]["text"]["field"] == "label"


def test_basin_map_needs_two_minima():
    at = lab()
    basins = tab(at, "Basin map")
    assert any("fewer than two known minima" in text for text in texts(basins.info))
    assert not basins.get("vega_lite_chart")


def test_basin_map_on_himmelblau_for_the_chosen_optimizer():
    at = lab(surface="Himmelblau", opt=["SGD", "Adam"], lr="0.01", steps="100")
    assert_clean(at)
    basins = tab(at, "Basin map")
    assert not basins.info
    (chart,) = basins.get("vega_lite_chart")
    picker = at.selectbox(key="basin_opt")
    assert picker.options == ["SGD", "Adam"]
    assert picker.value == "sgd"
    spec_sgd = chart.proto.spec, [d.name for d in chart.proto.datasets]
    picker.set_value("adam").run()
    assert_clean(at)
    assert at.selectbox(key="basin_opt").value == "adam"
    (chart,) = tab(at, "Basin map").get("vega_lite_chart")
    assert (chart.proto.spec, [d.name for d in chart.proto.datasets]) != spec_sgd


def test_share_tab_holds_the_setup_and_a_download():
    at = lab(surface="Ravine", steps="120")
    share = tab(at, "Share & download")
    text = share_text(at)
    assert "surface=Ravine" in text
    assert "steps=120" in text
    assert "opt=SGD&opt=Momentum&opt=Adagrad&opt=RMSProp" in text
    (download,) = share.download_button
    assert download.label == "Download the paths (CSV)"
    assert download.proto.deferred_file_id and not download.proto.url  # made on the click, not held


def test_the_paths_csv_holds_every_step_of_every_path_under_the_pages_names():
    import io

    import pandas as pd

    from ui.race.model import RaceSetup, SurfaceChoice, run_race
    from ui.race.views import paths_csv

    setup = RaceSetup(
        SurfaceChoice("ravine"), (-2.0, 1.0), 120, (("sgd", (("lr", 0.01),)), ("adam", (("lr", 0.1),)))
    )
    frame = pd.read_csv(io.BytesIO(paths_csv(run_race(setup).full_paths)))
    assert frame.optimizer.tolist() == ["SGD"] * 121 + ["Adam"] * 121
    assert frame.groupby("optimizer").step.max().tolist() == [120, 120]


def test_the_gif_button_draws_the_race_until_the_setup_changes():
    at = lab(steps="60")
    assert not tab(at, "Share & download").image and len(at.download_button) == 1
    next(b for b in at.button if b.label == text("lab.gif_button")).click().run()
    assert_clean(at)
    share = tab(at, "Share & download")
    assert len(share.image) == 1
    labels = [d.label for d in share.download_button]
    assert len(labels) == 2 and labels[0].startswith("Download the GIF (") and labels[0].endswith(" MB)")
    next(b for b in at.button if b.label == "Reset zoom").click().run()  # same setup: the GIF stays
    assert len(tab(at, "Share & download").download_button) == 2
    at.number_input(key="steps").set_value(70).run()  # a new setup: the old GIF is gone
    assert_clean(at)
    assert [d.label for d in tab(at, "Share & download").download_button] == ["Download the paths (CSV)"]


def test_share_link_restores_the_same_race():
    at = lab()
    at.selectbox(key="surface").set_value("bowl").run()
    at.number_input(key="kappa").set_value(25.0).run()
    at.multiselect(key="opt").set_value(["momentum", "adam"]).run()
    at.slider(key="adam_beta1").set_value(0.8).run()
    at.number_input(key="noise").set_value(0.25).run()
    at.number_input(key="seed").set_value(3).run()
    at.number_input(key="x0").set_value(-2.5).run()
    assert_clean(at)
    query = parse_qs(urlsplit(share_text(at)).query)
    again = lab(**{k: v if len(v) > 1 else v[0] for k, v in query.items()})
    assert_clean(again)
    assert not url_note(again)
    assert again.selectbox(key="surface").value == "bowl"
    assert again.number_input(key="kappa").value == 25.0
    assert again.slider(key="adam_beta1").value == 0.8
    assert table(again).equals(table(at))


@pytest.mark.parametrize(("key", "value"), [("seed", 1234567), ("x0", 1234.567)])
def test_share_link_keeps_every_digit(key, value):
    at = lab(noise="0.5")
    at.number_input(key=key).set_value(value).run()
    assert_clean(at)
    query = parse_qs(urlsplit(share_text(at)).query)
    again = lab(**{k: v if len(v) > 1 else v[0] for k, v in query.items()})
    assert not url_note(again)
    assert again.number_input(key=key).value == value


# ---------------------------------------------------------------- URLs


def test_a_shared_url_restores_the_setup():
    at = lab(surface="Ravine", steps="120", opt=["Adam", "RMSProp"], x0="-3.5", rmsprop_init="zeros")
    assert_clean(at)
    assert not url_note(at)
    assert at.selectbox(key="surface").value == "ravine"
    assert at.number_input(key="steps").value == 120
    assert at.multiselect(key="opt").value == ["adam", "rmsprop"]
    assert at.number_input(key="x0").value == -3.5
    assert at.number_input(key="y0").value == float(surfaces.get("ravine").start[1])
    assert at.radio(key="rmsprop_init").value == "zeros"
    assert table(at).optimizer.tolist() == ["Adam", "RMSProp"]
    assert player_data(at)["steps"] == 120
    assert header_title(at) == surfaces.get("ravine").title
    # the URL keeps the values the widgets restored (AppTest reports repeated keys as lists)
    assert at.query_params["opt"] == ["Adam", "RMSProp"]
    assert at.query_params["surface"] == "Ravine"


def test_a_garbage_url_loads_the_defaults_with_one_note():
    at = lab(surface="__import__", steps="-7", x0="nan", opt="Bogus", lr="abc", rmsprop_init="evil")
    assert_clean(at)
    (note,) = url_note(at)
    for key in ("surface", "steps", "x0", "opt", "lr", "rmsprop"):
        assert f"- {key}" in note, key
    assert "Bogus" in note and "evil" in note
    assert "__import__" not in note  # escaped for Markdown
    assert not at.error
    assert at.selectbox(key="surface").value == "plateau"
    assert at.number_input(key="steps").value == 300
    assert at.number_input(key="x0").value == float(surfaces.get("plateau").start[0])
    assert at.multiselect(key="opt").value == ["sgd", "momentum", "adagrad", "rmsprop"]
    assert at.select_slider(key="lr").value == "0.1"
    assert at.radio(key="rmsprop_init").value == "lecture"
    assert table(at).optimizer.tolist() == DEFAULT_LABELS
    assert final_losses(at) == final_losses(lab())
    at.run()  # the bad values are gone from the address bar: the note does not come back
    assert not url_note(at)
    # the address bar holds the setup on screen: the defaults in place of the garbage
    written = {key: at.query_params[key] for key in ("surface", "steps", "x0", "opt", "lr", "rmsprop_init")}
    assert written == {
        "surface": "Plateau",
        "steps": "300",
        "x0": repr(float(surfaces.get("plateau").start[0])),
        "opt": DEFAULT_LABELS,
        "lr": "0.1",
        "rmsprop_init": "lecture",
    }


def test_a_partly_bad_url_keeps_the_good_fields():
    at = lab(surface="Himmelblau", steps="99999", same_lr="maybe", noise="-1", kappa="0")
    assert_clean(at)
    (note,) = url_note(at)
    assert "- steps" in note and "- same\\_lr" in note and "- noise" in note and "- kappa" in note
    assert "- surface" not in note
    assert at.selectbox(key="surface").value == "himmelblau"
    assert at.number_input(key="steps").value == 300
    assert at.toggle(key="same_lr").value is True
    assert at.number_input(key="noise").value == 0.0


def test_comma_separated_optimizers_are_used_or_reported():
    at = lab(opt="Adam,RMSProp")
    assert_clean(at)
    used = at.multiselect(key="opt").value == ["adam", "rmsprop"]
    reported = any("- opt" in note for note in url_note(at))
    assert used or reported


def test_a_note_only_names_fields_that_really_show_their_default():
    at = lab(steps="120.0")
    assert_clean(at)
    noted = any("- steps" in note for note in url_note(at))
    assert noted == (at.number_input(key="steps").value == 300)


# ---------------------------------------------------------------- click to start, zoom


def test_clicking_the_surface_sets_the_start():
    at = lab()
    before = final_losses(at)
    click_surface(at, {"pick": [{"x": 1.23456, "y": -2.0}]})
    assert_clean(at)
    assert start_inputs(at) == (1.235, -2.0)  # rounded to the inputs' 3 decimals
    assert start_mark(at) == (1.235, -2.0)
    assert final_losses(at) != before


@pytest.mark.parametrize("selection", [{"pick": []}, {}], ids=["nothing picked", "no pick param"])
def test_an_empty_selection_leaves_the_start_alone(selection):
    at = lab()
    start = start_inputs(at)
    click_surface(at, selection)
    assert_clean(at)
    assert start_inputs(at) == start


def test_reset_zoom_remounts_the_race_chart():
    at = lab()
    assert race_chart(at).key == "race_chart_0"
    next(b for b in at.button if b.label == "Reset zoom").click().run()
    assert_clean(at)
    assert race_chart(at).key == "race_chart_1"
    # the click layer still works on the remounted chart
    click_surface(at, {"pick": [{"x": 0.5, "y": 0.5}]})
    assert start_inputs(at) == (0.5, 0.5)


def test_share_links_write_whole_numbers_without_a_decimal_point():
    query = parse_qs(urlsplit(share_text(lab())).query)
    assert query["steps"] == ["300"] and query["seed"] == ["0"]


def test_refused_url_values_leave_the_address_bar_after_the_first_load():
    at = lab(seed="1.5", rmsprop_init="bad", steps="120.5")
    assert_clean(at)
    (note,) = url_note(at)
    assert "- seed" in note and "- rmsprop" in note and "- steps" in note
    assert (at.query_params["seed"], at.query_params["rmsprop_init"], at.query_params["steps"]) == (
        "0",
        "lecture",
        "300",
    )
    assert at.number_input(key="steps").value == 300  # the note says default, and the default is used


def test_the_address_bar_and_the_share_link_say_the_same():
    at = lab()
    at.multiselect(key="opt").set_value(["sgd", "rmsprop", "adam"]).run()
    at.toggle(key="same_lr").set_value(False).run()
    at.slider(key="rmsprop_alpha").set_value(0.905).run()
    at.radio(key="rmsprop_init").set_value("zeros").run()
    assert_clean(at)
    shared = parse_qs(urlsplit(share_text(at)).query)
    address = {key: v if isinstance(v, list) else [v] for key, v in at.query_params.items()}
    assert shared == address
    assert address["rmsprop_alpha"] == ["0.905"] and address["rmsprop_init"] == ["zeros"]


# ---------------------------------------------------------------- explain this step


def explain_charts_of(at: AppTest) -> dict[str, object]:
    """Momentum's memory chart by the dataset it carries (explain_memory), if the page has it."""
    found = {}
    for chart in at.get("vega_lite_chart"):
        if any(d.name == explain_charts.EXPLAIN_MEMORY for d in chart.proto.datasets):
            found[explain_charts.EXPLAIN_MEMORY] = chart
    return found


def rule_blocks(at: AppTest) -> list[dict]:
    """The explained rules' blocks (ui/race/explain_charts.py rule_data), none if nobody is explained."""
    rules = components_data(at, "explain_rule")
    return rules[0]["blocks"] if rules else []


def explained_labels(at: AppTest) -> list[str]:
    return [block["label"] for block in rule_blocks(at)]


def test_the_lab_explains_rmsprops_step_at_first_with_every_step_sent_once():
    at = lab()
    assert_clean(at)
    assert explained_labels(at) == ["RMSProp"]
    arrows = named_data(race_chart(at), explain_charts.EXPLAIN_ARROWS)
    assert set(arrows.optimizer) == {"RMSProp"} and arrows.step.tolist() == list(range(300))
    assert explain_charts.EXPLAIN_MEMORY not in explain_charts_of(at)  # RMSProp has no momentum
    assert at.selectbox(key="explain").value == "rmsprop"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("all", ["SGD", "Momentum", "Adagrad", "RMSProp"]),
        ("Momentum", ["Momentum"]),
        ("Adam", ["RMSProp"]),  # not racing: the last optimizer racing
        ("none", []),
    ],
)
def test_the_explain_word_in_the_url_picks_who_is_explained(word, expected):
    at = lab(explain=word)
    assert_clean(at)
    assert explained_labels(at) == expected
    arrows = named_data(race_chart(at), explain_charts.EXPLAIN_ARROWS)
    assert sorted(set(arrows.optimizer)) == sorted(expected)
    has_memory = explain_charts.EXPLAIN_MEMORY in explain_charts_of(at)
    assert has_memory == ("Momentum" in expected)


def test_a_garbage_explain_word_gets_a_note_and_the_default():
    at = lab(explain="<script>")
    assert_clean(at)
    assert any("- explain" in note for note in url_note(at))
    assert explained_labels(at) == ["RMSProp"]


def test_changing_the_explain_control_writes_the_address_bar():
    at = lab()
    at.selectbox(key="explain").set_value("momentum").run()
    assert_clean(at)
    assert explained_labels(at) == ["Momentum"] and at.query_params["explain"] == "Momentum"


def test_a_diverged_explained_run_is_explained_up_to_its_last_good_step():
    at = lab(explain="SGD", lr="10", opt="SGD")  # diverges on the plateau within a few steps
    assert_clean(at)
    step = int(re.search(r"diverged at step (\d+)", str(row(at, "SGD").status)).group(1))
    (block,) = rule_blocks(at)
    assert block["diverged"] == step and block["last"] == step - 2
    (steps,) = [data["steps"] for data in components_data(at, "explain_rule")]
    assert steps.step.max() == step - 2
    arrows = named_data(race_chart(at), explain_charts.EXPLAIN_ARROWS)
    assert arrows.step.max() == step - 2 and arrows[["ux", "uy"]].notna().all().all()


def test_with_gradient_noise_the_rule_says_the_gradient_is_noisy():
    (noisy,) = rule_blocks(lab(noise="0.5"))
    (plain,) = rule_blocks(lab())
    assert noisy["lines"][0] == explain_charts.NOISY and "σ ξᵗ" in noisy["lines"][0]
    assert plain["lines"][0] == explain_charts.COMMON[0]


# ---------------------------------------------------------------- the learning-rate workbench


def app_page(**query) -> AppTest:
    """The whole app (its language switch included) after its first run, opened with ``query``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_stability_tab_on_booth_shows_the_hand_numbers_in_both_languages():
    for lang, title in (("zh", "稳定性"), ("en", "Stability")):
        at = app_page(
            surface="Booth", opt=["SGD", "Momentum"], lr="0.1", **({"lang": lang} if lang != "en" else {})
        )
        assert not at.exception
        panel = open_tab(at, title)
        (frame,) = [d.value for d in panel.dataframe]
        assert frame["λ₂"].tolist() == ["18", "18"] and frame["2/λmax"].tolist() == ["0.111", "0.111"]
        words = " ".join(m.value for m in panel.markdown)
        assert "0.125" in words and "0.25" in words and "0.518" in words  # the momentum pair, measured rate
        assert "η* = 2/(λ₁ + λ₂) = 0.1" in words


def test_a_schedule_from_the_link_runs_and_stays_in_the_address_bar():
    at = app_page(sched="step", sched_gamma="0.5", sched_every="50", lr="0.1")
    assert not at.exception
    assert at.query_params["sched"] == "step" and at.query_params["sched_every"] == "50"
    assert at.session_state["sched"] == "step"
    # its η_t chart is in the sidebar, and the linked charts' effective η of SGD halves at step 50
    specs = [json.loads(c.proto.spec) for c in at.sidebar.get("vega_lite_chart")]
    assert [s["encoding"]["y"]["title"] for s in specs] == ["η_t"]


def test_an_untied_eta_has_a_schedule_per_optimizer():
    at = app_page(
        surface="Booth", opt=["SGD", "Adam"], same_lr="false", sgd_lr="0.1", adam_lr="0.1",
        sgd_sched="step", sgd_sched_gamma="0.5", sgd_sched_every="10", steps="30",
    )  # fmt: skip
    assert not at.exception
    assert at.query_params["sgd_sched"] == "step" and "adam_sched" not in at.query_params
    # SGD's η halves every 10 steps; Adam's is its own constant η
    specs = [json.loads(c.proto.spec) for c in at.sidebar.get("vega_lite_chart")]
    assert len(specs) == 1  # only SGD's schedule has an η_t chart
