"""A sketch for benchmarks/bench_floor.py, not part of the app: the race view's pictures drawn by hand on
canvases in one Streamlit component (st.components.v2), to measure what a change costs without Vega.

    streamlit run benchmarks/floor_canvas.py   # ?page=canvas_race (the surface with the paths) or
                                               # ?page=canvas_view (and the three linked panels beside it)

It draws what the lab's race chart and linked charts draw for the same race, from the same cached data
(ui/race/cache.py): the surface's picture, its contour lines, the paths (light colours on a dark casing),
the start, tick labels; three log-scaled panels of every optimizer's gap, effective η and step length. It has
none of their interaction (hover, zoom, click, the player), which costs nothing until used. When a picture
is drawn it writes a hash of its data into a hidden SVG path (``svg.canvas-sig``), so that the benchmark's
picture signature (benchmarks/bench_class.BENCH_JS) sees a new picture the same way as on Vega's SVG.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import streamlit as st  # noqa: E402

from ui.race import controls, fields  # noqa: E402
from ui.race.cache import cached_race, surface_picture  # noqa: E402
from ui.race.model import RaceSetup, SurfaceChoice  # noqa: E402
from ui.vocab import OPTIMIZER_COLOURS  # noqa: E402

PANELS = ("gap", "rate_x", "step_length")

HTML = '<div class="op-canvas"><canvas class="surface"></canvas><canvas class="linked"></canvas></div>'
CSS = ".op-canvas { display: flex; gap: 8px; } .op-canvas canvas { display: block; }"
JS = """
export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector('.op-canvas');
  const W = 520, H = 400, dpr = window.devicePixelRatio || 1;
  const [[x0, x1], [y0, y1]] = data.domain;
  const px = (x) => 40 + (x - x0) / (x1 - x0) * (W - 60), py = (y) => 10 + (y1 - y) / (y1 - y0) * (H - 40);
  function context(canvas, w, h) {
    if (canvas.width !== w * dpr) {
      canvas.width = w * dpr; canvas.height = h * dpr; canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    }
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    return g;
  }
  function line(g, xs, ys, fx, fy) {
    g.beginPath();
    for (let i = 0; i < xs.length; i++) { const a = fx(xs[i]), b = fy(ys[i]); i ? g.lineTo(a, b) : g.moveTo(a, b); }
    g.stroke();
  }
  function drawSurface(picture) {
    const g = context(root.querySelector('canvas.surface'), W, H);
    g.drawImage(picture, px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
    const c = data.contours;
    g.strokeStyle = 'rgba(255,255,255,.6)'; g.lineWidth = 0.8; g.beginPath();
    for (let i = 0; i < c.x.length; i++) {
      if (i === 0 || c.line[i] !== c.line[i - 1]) g.moveTo(px(c.x[i]), py(c.y[i])); else g.lineTo(px(c.x[i]), py(c.y[i]));
    }
    g.stroke();
    g.fillStyle = '#333'; g.font = '11px sans-serif';
    for (let k = 0; k <= 5; k++) {
      const x = x0 + (x1 - x0) * k / 5, y = y0 + (y1 - y0) * k / 5;
      g.fillText(x.toFixed(1), px(x) - 8, H - 14); g.fillText(y.toFixed(1), 4, py(y) + 4);
    }
    for (const [name, p] of Object.entries(data.paths)) {
      g.lineWidth = 3; g.strokeStyle = '#222'; line(g, p.x, p.y, px, py);
      g.lineWidth = 2; g.strokeStyle = data.colours[name]; line(g, p.x, p.y, px, py);
    }
    g.fillStyle = '#fff'; g.beginPath(); g.arc(px(data.start[0]), py(data.start[1]), 5, 0, 7); g.fill();
  }
  function drawLinked() {
    const w = 270, h = 118, g = context(root.querySelector('canvas.linked'), w, 3 * (h + 24));
    data.panels.forEach((panel, k) => {
      const top = k * (h + 24) + 12;
      let lo = Infinity, hi = -Infinity;
      for (const s of Object.values(data.linked)) for (const v of s[panel]) {
        if (v > 0 && isFinite(v)) { lo = Math.min(lo, Math.log(v)); hi = Math.max(hi, Math.log(v)); }
      }
      const fy = (v) => top + h - (Math.log(Math.max(v, 1e-300)) - lo) / (hi - lo || 1) * h;
      const fx = (i) => 30 + i / data.steps * (w - 40);
      g.strokeStyle = '#ccc'; g.lineWidth = 1; g.strokeRect(30, top, w - 40, h);
      for (const [name, s] of Object.entries(data.linked)) {
        g.strokeStyle = data.colours[name]; g.lineWidth = 1.5; line(g, s[panel].map((_, i) => i), s[panel], fx, fy);
      }
      g.fillStyle = '#333'; g.font = '11px sans-serif'; g.fillText(panel, 34, top + 12);
    });
  }
  function sign() {  // after the frame that shows the new picture
    let svg = root.querySelector('svg.canvas-sig');
    if (!svg) {
      svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('class', 'canvas-sig'); svg.style.display = 'none';
      svg.innerHTML = '<g class="mark-line"><path d=""></path></g>'; root.appendChild(svg);
    }
    const text = JSON.stringify([data.paths, data.linked]);
    let hash = 2166136261;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    svg.querySelector('path').setAttribute('d', String(hash >>> 0));
  }
  const draw = (picture) => { drawSurface(picture); drawLinked(); requestAnimationFrame(sign); };
  if (parentElement.__pictureSource !== data.image) {  // a new surface: decode its picture first
    parentElement.__pictureSource = data.image;
    const picture = new Image();
    picture.onload = () => { parentElement.__picture = picture; draw(picture); };
    picture.src = data.image;
  } else if (parentElement.__picture) draw(parentElement.__picture);
}
"""


def significant(values: np.ndarray, digits: int = 6) -> list[float]:
    """``values`` to ``digits`` significant digits (a gap of 1e-12 stays 1e-12, not 0)."""
    return [float(f"{value:.{digits}g}") for value in values]


def sketch_data(setup: RaceSetup, with_linked: bool) -> dict:
    """What the canvases draw of ``setup``'s race: JSON, coordinates to 5 decimals, the panels' values to 6 digits."""
    result = cached_race(setup)
    image, contours, _ = surface_picture(setup.surface)
    paths = {
        name: {"x": group.x.round(5).tolist(), "y": group.y.round(5).tolist()}
        for name, group in result.paths.groupby("optimizer", sort=False)
    }
    linked = {
        name: {panel: significant(np.nan_to_num(group[panel].to_numpy(), nan=1e-12)) for panel in PANELS}
        for name, group in result.series.groupby("optimizer", sort=False)
    }
    return {
        "image": image,
        "domain": [list(side) for side in setup.surface.build().domain],
        "contours": {column: contours[column].round(4).tolist() for column in ("x", "y", "line")},
        "paths": paths,
        "start": list(setup.start),
        "colours": dict(OPTIMIZER_COLOURS),
        "linked": linked if with_linked else {},
        "panels": list(PANELS) if with_linked else [],
        "steps": setup.steps,
    }


def main() -> None:
    st.set_page_config(layout="wide")
    # The same slider as the lab's η (its words and key) and the lab's default race, as bench_floor's pages.
    lr = float(st.select_slider("η", list(controls.LR_WORDS), value=f"{fields.DEFAULT_LR:g}", key="lr"))
    surface = SurfaceChoice(fields.DEFAULT_SURFACE)
    racing = tuple((name, (("lr", lr),)) for name in fields.DEFAULT_OPTIMIZERS)
    setup = RaceSetup(surface, tuple(surface.build().start), fields.DEFAULT_STEPS, racing)
    canvases = st.components.v2.component(
        "bench.floor_canvas", html=HTML, css=CSS, js=JS, isolate_styles=False
    )
    with st.container(key="race_chart_0_view"):
        canvases(
            key="race_canvas",
            data=sketch_data(setup, st.query_params.get("page") == "canvas_view"),
            height="content",
        )


if __name__ == "__main__":
    main()
