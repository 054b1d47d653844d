"""What the optimizer lab's tests share: the columns of a race's results table, and opening a tab."""

from __future__ import annotations

# The keys of a race's result rows (ui/race/model.py); the lab's results table shows them under the same
# names in English, beside a status column.
RESULT_COLUMNS = frozenset(
    {"optimizer", "final loss", "best loss", "steps to tolerance", "distance to nearest minimum"}
)


def open_tab(at, label: str):
    """The optimizer lab's tab ``label``, opened (only the open tab computes: a tab's click reruns the page,
    so this sets the tabs' state and reruns when another tab is open)."""
    current = at.session_state["lab_tab"] if "lab_tab" in at.session_state else at.tabs[0].label
    if current != label:
        at.session_state["lab_tab"] = label
        at.run()
    return next(t for t in at.tabs if t.label == label)
