"""The benchmarks' own arithmetic: what they count must not depend on how the machine numbers processes; and
the floor's canvas sketch draws the race the lab draws."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import json  # noqa: E402

import numpy as np  # noqa: E402
from bench_class import descendants  # noqa: E402
from floor_canvas import PANELS, sketch_data  # noqa: E402

from ui.race import fields  # noqa: E402
from ui.race.cache import cached_race  # noqa: E402
from ui.race.model import RaceSetup, SurfaceChoice  # noqa: E402


def test_descendants_follow_the_tree_when_the_pids_have_wrapped_round():
    # this script 30000 → driver 30001 → Chromium 30002 → renderers 120 and 30005 (120: after the wrap),
    # and the server 30003 with a child of its own; 500 is someone else's
    parents = {30001: 30000, 30002: 30001, 120: 30002, 30005: 30002, 30003: 30000, 30004: 30003, 500: 1}
    assert descendants(parents, 30000, left_out=30003) == {30001, 30002, 120, 30005}


def test_descendants_of_a_process_without_children_are_none():
    assert descendants({2: 1, 3: 1}, 7, left_out=2) == set()


def test_the_canvas_sketch_draws_the_labs_default_race_and_its_linked_panels():
    surface = SurfaceChoice(fields.DEFAULT_SURFACE)
    racing = tuple((name, (("lr", 0.05),)) for name in fields.DEFAULT_OPTIMIZERS)
    setup = RaceSetup(surface, tuple(surface.build().start), fields.DEFAULT_STEPS, racing)
    data = json.loads(json.dumps(sketch_data(setup, with_linked=True)))  # what the component receives
    paths = cached_race(setup).paths
    assert list(data["paths"]) == list(fields.DEFAULT_OPTIMIZERS)
    for name, drawn in data["paths"].items():
        own = paths[paths.optimizer == name]
        assert len(drawn["x"]) == len(own) == fields.DEFAULT_STEPS + 1
        np.testing.assert_allclose(drawn["x"], own.x, atol=1e-5)
        np.testing.assert_allclose(drawn["y"], own.y, atol=1e-5)
    assert data["start"] == list(setup.start) and data["image"].startswith("data:image/png;base64,")
    # every panel's values are positive (the sketch draws them on log scales), one per step
    for series in data["linked"].values():
        assert [len(series[panel]) for panel in PANELS] == [fields.DEFAULT_STEPS + 1] * len(PANELS)
        assert min(min(series[panel]) for panel in PANELS) > 0
    assert sketch_data(setup, with_linked=False)["linked"] == {}
