"""A Streamlit component beside the race that follows the player (the step readout, the explained rule): HTML
with the hidden step input the player moves (steps.STEP_INPUT_HTML), and the JavaScript they share."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

# What a component that follows the player shares (ui/race/step_readout.py, explain_rule.py): the last of
# ascending ``steps[lo..hi]`` at or before t (-1: none), and show() called now and on each move of the
# hidden step input, until the teardown the component returns (Streamlit calls the component again per
# race: the previous race's listener, kept in ``parentElement[stop]``, is stopped first).
FOLLOW_JS = """
function lastAtOrBefore(steps, t, lo = 0, hi = steps.length - 1) {
  let at = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (steps[mid] <= t) { at = mid; lo = mid + 1; } else hi = mid - 1; }
  return at;
}
function followStep(parentElement, stop, show) {
  parentElement[stop]?.();  // the previous race's listener
  const input = parentElement.querySelector('.vega-bindings input[name="t"]');
  const listener = () => show(+input.value);
  input.addEventListener('input', listener);
  listener();
  const teardown = () => input.removeEventListener('input', listener);
  parentElement[stop] = teardown;
  return teardown;
}
"""


def step_component(name: str, html: str, css: str, js: str) -> Callable[[dict, str, object], None]:
    """A Streamlit component ``optimizer_playground.<name>`` that follows the player (its ``js`` may call
    FOLLOW_JS's functions); returns mount(data, key, container)."""
    component = st.components.v2.component(
        f"optimizer_playground.{name}", html=html, css=css, js=FOLLOW_JS + js, isolate_styles=False
    )

    def mount(data: dict, key: str, container) -> None:
        with container:
            component(key=key, data=data, height="content")

    return mount
