"""The benchmarks' own arithmetic: what they count must not depend on how the machine numbers processes."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_class import descendants  # noqa: E402


def test_descendants_follow_the_tree_when_the_pids_have_wrapped_round():
    # this script 30000 → driver 30001 → Chromium 30002 → renderers 120 and 30005 (120: after the wrap),
    # and the server 30003 with a child of its own; 500 is someone else's
    parents = {30001: 30000, 30002: 30001, 120: 30002, 30005: 30002, 30003: 30000, 30004: 30003, 500: 1}
    assert descendants(parents, 30000, left_out=30003) == {30001, 30002, 120, 30005}


def test_descendants_of_a_process_without_children_are_none():
    assert descendants({2: 1, 3: 1}, 7, left_out=2) == set()
