"""The race view's shared current step: one Vega-Lite parameter ``t`` in every chart that follows the player
(race, linked charts, the explained step), each bound to a hidden range input that ui/player.py moves."""

from __future__ import annotations

import altair as alt

STEP_PARAM = "t"
STEP_LIMIT = 5000  # the most steps a race has (the steps control's maximum): the step slider's fixed range
# The hidden step slider of a component beside the race (the linked panels, the step readout): the player
# moves every ``.vega-bindings input[name=t]`` in its scope, these as Vega's own.
STEP_INPUT_HTML = (
    f'<div class="vega-bindings"><input type="range" name="t" min="0" max="{STEP_LIMIT}" step="1" '
    f'value="{STEP_LIMIT}"></div>'
)


def step_param() -> alt.Parameter:
    """The shared current-step parameter, bound to a range input the player drives. Its range is fixed
    (0 to STEP_LIMIT, all of a race shown at first), so that it is part of no race: the player moves it to
    the race's own step."""
    return alt.param(
        name=STEP_PARAM,
        value=STEP_LIMIT,
        bind=alt.binding_range(min=0, max=STEP_LIMIT, step=1, name="step "),
    )
