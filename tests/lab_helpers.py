"""What the optimizer lab's tests share: the columns of a race's results table."""

from __future__ import annotations

# The keys of a race's result rows (ui/race/model.py); the lab's results table shows them under the same
# names in English, beside a status column.
RESULT_COLUMNS = frozenset(
    {"optimizer", "final loss", "best loss", "steps to tolerance", "distance to nearest minimum"}
)
