"""The explained optimizers' rules written with the numbers of the player's step: for each, a title (its name,
the step t → t + 1 it shows, the arrows' scale ×k, where it diverged) and its rule's lines with the step's
vectors and numbers (ui/race/explain_charts.py ``rule_data``). A few lines of HTML that follow the player in
the browser (a hidden ``.vega-bindings input[name=t]``, as every chart the player drives): each optimizer's
latest explained step ≤ t. It was a Vega-Lite chart of text layers that filtered every explained step on
each frame of the playback (and cost ~35 ms of every change and ~0.2 s of a first visit, interleaved).

Numbers are written as Vega wrote them, d3-format's ``.3~g`` (three significant digits, trailing zeros
dropped, a true minus sign); the arrows' scale as ``~g``.
"""

from __future__ import annotations

from ui.chart_kit import CASING
from ui.presentation_style import MIN_FONT
from ui.race.following import step_component
from ui.race.steps import STEP_INPUT_HTML

FONT_SIZE, LINE_HEIGHT = 13, 17  # px; on a projector MIN_FONT and its share of LINE_HEIGHT
HTML = f'<div class="op-rule-root"><div class="op-rule"></div>{STEP_INPUT_HTML}</div>'
CSS = f"""
.op-rule {{ font: {FONT_SIZE}px "Source Sans", sans-serif; color: #222; overflow-x: auto; }}
.op-rule .op-rule-block {{ margin: 0 0 {round(0.7 * LINE_HEIGHT)}px; }}
.op-rule .op-rule-line {{ white-space: pre; line-height: {LINE_HEIGHT}px; min-height: {LINE_HEIGHT}px; }}
.op-rule .op-rule-line:not(.op-rule-title) {{ padding-left: 8px; }}
.op-rule .op-rule-title {{ font-weight: 700; font-size: {FONT_SIZE + 0.5}px; }}
.op-rule .op-rule-dot {{ display: inline-block; width: 9px; height: 9px; border-radius: 50%;
  border: 0.8px solid {CASING}; margin: 0 6px 0 3px; }}
.op-rule.op-projector {{ font-size: {MIN_FONT}px; }}
.op-rule.op-projector .op-rule-line {{ line-height: {round(LINE_HEIGHT * MIN_FONT / FONT_SIZE)}px;
  min-height: {round(LINE_HEIGHT * MIN_FONT / FONT_SIZE)}px; }}
.op-rule.op-projector .op-rule-title {{ font-size: {MIN_FONT + 0.5}px; }}
.op-rule.op-projector .op-rule-dot {{ width: 14px; height: 14px; }}
.op-rule-root .vega-bindings {{ display: none !important; }}
"""
JS = """
// d3-format's ~g: toPrecision(p) of |v|, insignificant zeros dropped, then a true minus if it is negative.
function format(v, p) {
  if (Number.isNaN(v)) return 'NaN';
  let [mantissa, exponent] = Math.abs(v).toPrecision(p).split('e');
  if (mantissa.includes('.')) mantissa = mantissa.replace(/0+$/, '').replace(/\\.$/, '');
  const written = exponent === undefined ? mantissa : `${mantissa}e${exponent}`;
  return ((v < 0 || 1 / v < 0) && +written !== 0 ? '\\u2212' : '') + written;
}
const fill = (template, value) => template.replace(/\\{(\\w+)\\}/g, (_, name) => value(name));

export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector('.op-rule');
  root.classList.toggle('op-projector', !!data.projector);
  const table = data.steps;  // Arrow: one row per explained step, grouped by slot in order
  const column = (name) => (table.getChild(name) ? table.getChild(name).toArray() : null);
  const slot = column('slot') || [], step = column('step') || [], eta = column('eta'), k = column('k');
  const words = data.words;
  const blocks = data.blocks.map((block, index) => {
    let first = slot.indexOf(index), last = first;
    while (last + 1 < slot.length && slot[last + 1] === index) last += 1;
    const element = document.createElement('div');
    element.className = 'op-rule-block';
    const title = document.createElement('div'), dot = document.createElement('span');
    const heading = document.createElement('span');
    title.className = 'op-rule-line op-rule-title';
    dot.className = 'op-rule-dot';
    dot.style.background = block.colour;
    title.append(dot, heading);
    const lines = (block.last < 0 ? [] : block.lines).map(() => {
      const line = document.createElement('div');
      line.className = 'op-rule-line';
      return line;
    });
    element.append(title, ...lines);
    const vectors = Object.fromEntries(block.vectors.map((name) => [name, [column(`${name}_x`), column(`${name}_y`)]]));
    return { block, element, heading, lines, first, last: first < 0 ? -1 : last, vectors };
  });
  root.replaceChildren(...blocks.map((b) => b.element));

  function diverged(block) {
    return block.diverged >= 0 ? ` \\u00b7 ${fill(words.diverged, () => block.diverged)}` : '';
  }
  // Each block at its latest explained step <= t (its steps ascend).
  return followStep(parentElement, '__opRuleStop', (t) => {
    for (const { block, heading, lines, first, last, vectors } of blocks) {
      const at = first < 0 ? -1 : lastAtOrBefore(step, t, first, last);
      if (block.last < 0 || at < 0) {  // diverged at once: nothing to explain
        heading.textContent = block.last < 0 ? `${block.label}${diverged(block)}` : block.label;
        lines.forEach((line) => { line.textContent = ''; });
        continue;
      }
      const s = step[at];
      const value = (name) => {
        if (name in vectors) return `(${format(vectors[name][0][at], 3)}, ${format(vectors[name][1][at], 3)})`;
        if (name === 'lr') return format(eta[at], 3);
        return format(block.numbers[name], 3);
      };
      const named = { t: s, next: s + 1, k: format(k[at], 6) };
      heading.textContent = `${block.label} \\u00b7 ${fill(words.step, (n) => named[n])} \\u00b7 `
        + `${fill(words.arrows, (n) => named[n])}${diverged(block)}`;
      lines.forEach((line, i) => {
        const template = s === 0 && block.first && i >= 1 && i <= block.first.length ? block.first[i - 1] : block.lines[i];
        line.textContent = fill(template, value);
      });
    }
    root.dataset.t = String(t);
  });
}
"""

# Mount the rules of ``data`` (explain_charts.rule_data): explain_rule(data, key, container).
explain_rule = step_component("explain_rule", HTML, CSS, JS)
