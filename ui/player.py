"""The player: Play/Pause, step back/forward, rewind, speed and a scrub slider, all in the browser.

It drives every Vega-Lite range input named ``t`` on the page (the charts' shared step parameter, whose own
sliders are hidden), with requestAnimationFrame. Nothing is sent to the server while it plays.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import text

HTML = """
<div class="op-player" role="group" aria-label="playback">
  <button data-act="rewind" title="Rewind to step 0" aria-label="rewind">«</button>
  <button data-act="back" title="One step back" aria-label="step back">‹</button>
  <button data-act="play" class="op-play" title="Play / pause" aria-label="play">▶ Play</button>
  <button data-act="forward" title="One step forward" aria-label="step forward">›</button>
  <input class="op-scrub" type="range" min="0" max="100" step="1" value="0" aria-label="step">
  <span class="op-label">step 0</span>
  <select class="op-speed" aria-label="speed" title="Steps per second">
    <option value="0.25">¼×</option><option value="0.5">½×</option><option value="1" selected>1×</option>
    <option value="2">2×</option><option value="4">4×</option><option value="10">10×</option>
  </select>
</div>
"""

CSS = """
.op-player { display: flex; align-items: center; gap: .4rem; flex-wrap: wrap; font-size: .95rem; }
.op-player button { border: 1px solid rgba(128,128,128,.45); background: var(--st-secondary-background-color);
  color: var(--st-text-color); border-radius: .4rem; padding: .25rem .6rem; cursor: pointer; min-width: 2.4rem; }
.op-player button.op-play { min-width: 5.5rem; font-weight: 600; }
.op-player .op-scrub { flex: 1 1 10rem; min-width: 8rem; accent-color: var(--st-primary-color); }
.op-player .op-label { min-width: 6.5rem; font-variant-numeric: tabular-nums; }
.op-player select { border-radius: .4rem; padding: .2rem; background: var(--st-secondary-background-color);
  color: var(--st-text-color); }
.vega-bindings { display: none !important; }
#vg-tooltip-element { pointer-events: none; }
"""

JS = """
export default function (component) {
  const { data, parentElement } = component;
  // Streamlit calls this function again, on the same element, whenever the data changes (e.g. a new step
  // count), but runs the returned cleanup only on unmount. Stop the previous instance here, or its
  // observer keeps aligning the new race's sliders to the old step count and the two fight forever.
  parentElement.__opPlayerStop?.();
  const root = parentElement.querySelector('.op-player');
  const scrub = root.querySelector('.op-scrub');
  const label = root.querySelector('.op-label');
  const play = root.querySelector('.op-play');
  const speed = root.querySelector('.op-speed');
  const steps = Math.max(1, data.steps | 0);
  const words = data.labels;
  for (const button of root.querySelectorAll('button[data-act]')) button.title = words[button.dataset.act];
  speed.title = words.speed;
  play.textContent = '▶ ' + words.play;
  // Base rate: the whole race in about 6 s at 1×, at least 10 steps per second.
  const baseRate = Math.max(10, steps / 6);
  scrub.max = steps;
  let current = Math.min(steps, data.start | 0);
  let playing = false, last = null, raf = null, position = current;

  // Only the charts in this player's own container: two races on one page (or the old and the new one
  // during a rerun) must not drive each other's sliders.
  const scope = () => document.querySelector('.st-key-' + CSS.escape(data.scope)) || parentElement;
  const sliders = () => scope().querySelectorAll('.vega-bindings input[type="range"][name="t"]');
  function show(value, push = true) {
    current = Math.max(0, Math.min(steps, Math.round(value)));
    scrub.value = current;
    label.textContent = words.step + ' ' + current + ' / ' + steps;
    if (push) for (const input of sliders()) align(input);
  }
  // Move one chart's slider to the current step (as far as its own range allows: the charts' step range is
  // fixed, ui/race/steps.py STEP_LIMIT, and a chart of another page's making may have a shorter one).
  function align(input) {
    const target = Math.min(current, +input.max);
    if (+input.value !== target) {
      input.value = target;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  function frame(now) {
    if (!playing) return;
    if (last !== null) position += (now - last) / 1000 * baseRate * parseFloat(speed.value);
    last = now;
    if (position >= steps) { position = steps; show(position); stop(); return; }
    if (Math.round(position) !== current) show(position);
    raf = requestAnimationFrame(frame);
  }
  function start() {
    if (current >= steps) { position = 0; show(0); } else { position = current; }
    playing = true; last = null; play.textContent = '❚❚ ' + words.pause; play.setAttribute('aria-label', 'pause');
    raf = requestAnimationFrame(frame);
  }
  function stop() {
    playing = false; play.textContent = '▶ ' + words.play; play.setAttribute('aria-label', 'play');
    if (raf !== null) cancelAnimationFrame(raf);
    raf = null;
  }
  root.onclick = (event) => {
    const act = event.target.closest('button')?.dataset.act;
    if (!act) return;
    if (act === 'play') { playing ? stop() : start(); return; }
    stop();
    if (act === 'rewind') show(0);
    if (act === 'back') show(current - 1);
    if (act === 'forward') show(current + 1);
    position = current;
  };
  scrub.oninput = () => { stop(); show(+scrub.value); position = current; };
  // Vega's canvas finds the item under the pointer when the pointer moves over it, and after a touch only
  // for a page's first (vega/vega#4173): a tap on the race chart reached Vega with nothing under it, and the
  // start did not move. Before Vega hears a press on a Vega canvas in this player's scope, it hears the
  // pointer move there; and again at the press's place before the mouse press and the click that follow
  // a tap (a touch's pointer has left when they come, and their coordinates are rounded to whole pixels,
  // which may be in the neighbouring cell of the click grid). The tooltip lets the pointer through: a tap
  // or click next to the last one landed on it, not on the chart.
  let pressed = null;
  const pointAt = (event) => {
    const canvas = event.target;
    if (!event.isTrusted || canvas.tagName !== 'CANVAS' || !canvas.closest('.vega-embed')) return;
    if (!scope().contains(canvas)) return;
    if (event.type === 'pointerdown') pressed = event;
    const at = pressed || event;
    canvas.dispatchEvent(new PointerEvent('pointermove', {
      bubbles: true, clientX: at.clientX, clientY: at.clientY, isPrimary: true,
      pointerId: at.pointerId ?? 1, pointerType: at.pointerType || 'mouse',
    }));
    if (event.type === 'click') pressed = null;
  };
  const pressEvents = ['pointerdown', 'mousedown', 'click'];
  for (const type of pressEvents) document.addEventListener(type, pointAt, true);
  // Charts mount after the player: align them once they appear, then whenever they are re-created.
  const observer = new MutationObserver(() => { for (const input of sliders()) align(input); });
  observer.observe(document.body, { childList: true, subtree: true });
  show(current);
  const teardown = () => {
    stop();
    observer.disconnect();
    for (const type of pressEvents) document.removeEventListener(type, pointAt, true);
  };
  parentElement.__opPlayerStop = teardown;
  return teardown;
}
"""

_player = st.components.v2.component(
    "optimizer_playground.player", html=HTML, css=CSS, js=JS, isolate_styles=False
)


def player(steps: int, start: int, key: str, scope: str, lang: str = "en") -> None:
    """Mount the player for a race of ``steps`` steps, showing step ``start`` first; it drives the charts
    inside the container whose key is ``scope``."""
    words = {
        word: text(f"player.{word}", lang)
        for word in ("play", "pause", "rewind", "back", "forward", "speed", "step")
    }
    data = {"steps": int(steps), "start": int(start), "labels": words, "scope": scope}
    _player(key=key, data=data, height="content")
