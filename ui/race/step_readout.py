"""The step readout under the linked panels: for each run, the curvature λ where it is at the player's step t
and η_t·λmax against its bound (ui/race/stability_charts.py ``step_frame`` writes the lines). A few lines of
HTML that follow the player in the browser (a hidden ``.vega-bindings input[name=t]``, as every chart the
player drives): the last drawn step ≤ t of each run. It was a Vega-Lite chart of twelve text layers, each
filtering every drawn step on each frame of the playback and each change.
"""

from __future__ import annotations

from ui.race.following import step_component
from ui.race.steps import STEP_INPUT_HTML

HTML = f"""<div class="op-readout"><div class="op-readout-title"></div><table></table>
{STEP_INPUT_HTML}</div>"""
CSS = """
.op-readout { font: 12px "Source Sans", sans-serif; color: #31333F; }
.op-readout .op-readout-title { font-size: 16px; font-weight: 600; color: #2F2D2B; margin: 0 0 6px; }
.op-readout table { border-collapse: collapse; }
.op-readout td { padding: 1px 10px 1px 0; white-space: nowrap; line-height: 17px; }
.op-readout td:first-child { font-weight: 700; }
.op-readout .vega-bindings { display: none !important; }
"""
JS = """
export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector('.op-readout');
  root.querySelector('.op-readout-title').textContent = data.title;
  const table = root.querySelector('table');
  table.replaceChildren(...data.rows.map((row) => {
    const tr = document.createElement('tr'), name = document.createElement('td'), line = document.createElement('td');
    name.textContent = row.label; name.style.color = row.colour;
    tr.append(name, line);
    return tr;
  }));
  // The last drawn step <= t of each run.
  return followStep(parentElement, '__opReadoutStop', (t) => {
    data.rows.forEach((row, i) => {
      const at = lastAtOrBefore(row.step, t);
      table.rows[i].cells[1].textContent = at < 0 ? '' : row.line[at];
    });
    root.dataset.t = String(t);
  });
}
"""

# Mount the readout of ``data`` (stability_charts.readout_data): step_readout(data, key, container).
step_readout = step_component("step_readout", HTML, CSS, JS)
