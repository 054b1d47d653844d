// The linked panels (ui/race/linked_panels.py): three panels of lines against the step, on a canvas; the rule at
// the player's step and the off-chart marks reached by then on a second canvas above it, redrawn alone while
// playing. Data: panels_data (Python), which decides every range and mark; this only draws.
export default function (component) {
  const { data, parentElement } = component;
  // Streamlit calls this again on the same element for each new race: stop the previous instance's listeners.
  parentElement.__opLinkedStop?.();
  const root = parentElement.querySelector('.op-linked');
  const lines = root.querySelector('canvas.op-lines');
  const over = root.querySelector('canvas.op-over');
  const tip = root.querySelector('.op-tip');
  const input = root.querySelector('.vega-bindings input[name="t"]');
  const size = data.size, steps = data.steps;
  const button = root.querySelector('button.op-full');
  const titleH = size.title + 8, labelsH = size.label + 8, gap = 10, count = data.panels.length;
  const INSET = 24;  // the padding around the panels in full screen (CSS .op-linked:fullscreen)
  const full = () => document.fullscreenElement === root;
  let plotH = size.height, panelH = 0, height = 0;
  // The panels' heights: as the page sets them, or in full screen sharing the screen's height.
  function layout() {
    const fixed = count * (titleH + labelsH) + (count - 1) * gap + size.axis_title + 6;
    plotH = full() ? Math.max(size.height, Math.floor((root.clientHeight - 2 * INSET - fixed) / count)) : size.height;
    panelH = titleH + plotH + labelsH;
    height = count * panelH + (count - 1) * gap + size.axis_title + 6;
  }
  layout();
  const font = (px, bold) => (bold ? '600 ' : '') + px + 'px "Source Sans", sans-serif';
  lines.setAttribute('aria-label', data.panels.map((p) => p.title).join(' · '));
  let width = 0;

  // ---------------------------------------------------------------- numbers, as Vega's "~g" writes them
  function fmt(v, digits = 6) {
    if (v === 0) return '0';
    if (!isFinite(v)) return String(v);
    const e = Math.floor(Math.log10(Math.abs(v)));
    if (e < -6 || e >= 21) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
    return String(+v.toPrecision(digits));
  }
  const power = (k) => Number('1e' + k);
  function niceStep(span, count) {
    const raw = span / Math.max(count, 1), p = power(Math.floor(Math.log10(raw))), m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  function linearTicks(lo, hi, count) {
    if (!(hi > lo)) return [lo];
    const step = niceStep(hi - lo, count), ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
    return ticks;
  }
  const transforms = {
    log: (v) => Math.log10(v),
    symlog: (v) => Math.sign(v) * Math.log1p(Math.abs(v)),
  };
  function yTicks(panel, count) {
    const { lo, hi } = panel;
    if (panel.scale === 'log') {
      const a = Math.ceil(Math.log10(lo) - 1e-9), b = Math.floor(Math.log10(hi) + 1e-9);
      if (b - a + 1 >= 2) {
        const every = Math.ceil((b - a + 1) / count), ticks = [];
        for (let k = b; k >= a; k -= every) ticks.unshift(power(k));
        return ticks;
      }
      const ticks = [];
      for (let k = a - 1; k <= b; k++) for (const m of [1, 2, 5]) {
        const v = m * power(k);
        if (v >= lo && v <= hi) ticks.push(+v.toPrecision(12));
      }
      return ticks.length >= 2 ? ticks : linearTicks(lo, hi, count).filter((v) => v > 0);
    }
    const T = transforms.symlog, span = T(hi) - T(lo), ticks = [];
    const candidates = [0];
    for (let k = -3; k <= 300; k++) candidates.push(power(k), -power(k));
    candidates.sort((p, q) => p - q);
    for (const v of candidates) {
      if (v < lo || v > hi) continue;
      if (!ticks.length || T(v) - T(ticks[ticks.length - 1]) >= span / (count + 1)) ticks.push(v);
    }
    return ticks.length >= 2 ? ticks : linearTicks(lo, hi, count);
  }

  // ---------------------------------------------------------------- geometry
  const top = (k) => k * (panelH + gap) + titleH;  // a panel's plot's top edge
  const right = () => width - 1;
  const fx = (step) => 0.5 + (step / steps) * (right() - 0.5);
  function fy(panel, k) {
    const T = transforms[panel.scale], lo = T(panel.lo), hi = T(panel.hi), y0 = top(k) + plotH;
    return (v) => {
      if (v === null || Number.isNaN(v)) return null;
      const clamped = Math.min(panel.hi, Math.max(panel.lo, v));  // clamped: drawn at the edge
      return y0 - ((T(clamped) - lo) / (hi - lo || 1)) * plotH;
    };
  }
  function canvas(element) {
    const dpr = window.devicePixelRatio || 1;
    if (element.width !== Math.round(width * dpr) || element.height !== Math.round(height * dpr)) {
      element.width = Math.round(width * dpr);
      element.height = Math.round(height * dpr);
      element.style.width = width + 'px';
      element.style.height = height + 'px';
    }
    const g = element.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    return g;
  }
  const dashOf = (column) => (column === 'rate_y' ? [4 * size.rule, 2.5 * size.rule] : []);

  // ---------------------------------------------------------------- the lines, grid and labels
  function drawLines() {
    const g = canvas(lines);
    const xTicks = linearTicks(0, steps, 6).filter((v) => Number.isInteger(v));
    data.panels.forEach((panel, k) => {
      const y = fy(panel, k), y0 = top(k);
      g.save();
      g.strokeStyle = data.colours.grid; g.lineWidth = 1;
      g.beginPath();
      for (const v of xTicks) { const x = Math.round(fx(v)) + 0.5; g.moveTo(x, y0); g.lineTo(x, y0 + plotH); }
      const ticks = yTicks(panel, 4);
      for (const v of ticks) { const yy = Math.round(y(v)) + 0.5; g.moveTo(0, yy); g.lineTo(right(), yy); }
      g.stroke();
      g.beginPath(); g.rect(0, y0, right(), plotH); g.clip();  // the lines stay in their plot
      g.lineJoin = 'round'; g.lineCap = 'round';
      for (const cased of [true, false]) for (const s of data.series) {
        if (cased && !s.cased) continue;
        for (const column of panel.columns) {
          g.setLineDash(dashOf(column));
          g.strokeStyle = cased ? size.casing : s.colour;
          g.globalAlpha = cased ? 0.75 : 1;
          g.lineWidth = cased ? size.line + 1.4 : size.line;
          g.beginPath();
          let open = false;
          const values = s[column];
          for (let i = 0; i < s.step.length; i++) {
            if (s.step[i] < panel.first) continue;
            const yy = y(values[i]);
            if (yy === null) { open = false; continue; }
            const xx = fx(s.step[i]);
            open ? g.lineTo(xx, yy) : g.moveTo(xx, yy);
            open = true;
          }
          g.stroke();
        }
      }
      g.restore();
      // y labels inside the plot, on their grid line, on a white halo over the lines
      g.font = font(size.label); g.textAlign = 'left'; g.textBaseline = 'bottom';
      g.lineWidth = 3; g.strokeStyle = 'rgba(255,255,255,.85)'; g.fillStyle = data.colours.labels;
      for (const v of ticks) {
        const yy = Math.round(y(v)) - 1;
        if (yy - size.label < y0) continue;  // no label above the plot
        g.strokeText(fmt(v), 2, yy); g.fillText(fmt(v), 2, yy);
      }
      // x labels under the plot, the first and last flush with its edges, none overlapping
      g.textBaseline = 'top'; g.fillStyle = data.colours.labels;
      let end = -Infinity;
      xTicks.forEach((v, i) => {
        const words = fmt(v), w = g.measureText(words).width, x = fx(v);
        const left = i === 0 ? Math.max(0, x) : Math.min(x - w / 2, right() - w);
        if (left < end + 6) return;
        g.textAlign = 'left'; g.fillText(words, left, y0 + plotH + 4);
        end = left + w;
      });
      g.font = font(size.title, true); g.fillStyle = data.colours.title; g.textBaseline = 'bottom';
      g.fillText(panel.title, 0, y0 - 4);
    });
    g.font = font(size.axis_title); g.textAlign = 'center'; g.textBaseline = 'bottom';
    g.fillStyle = data.colours.axis_title;
    g.fillText(data.words.step, width / 2, height - 1);
    root.dataset.drawn = signature();
    root.dataset.fonts = JSON.stringify([size.label, size.title, size.axis_title]);  // px: what the text was drawn in
  }
  function signature() {
    const text = JSON.stringify([data.panels, data.series, width]);
    let hash = 2166136261;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    return String(hash >>> 0);
  }

  // ---------------------------------------------------------------- the rule at t and the marks reached
  const shown = () => Math.max(0, Math.min(steps, Math.round(+input.value)));
  function drawOver() {
    const g = canvas(over), t = shown(), x = Math.round(fx(t)) + 0.5;
    g.strokeStyle = data.colours.rule; g.lineWidth = size.rule; g.setLineDash([3, 3]);
    g.beginPath();
    data.panels.forEach((_, k) => { g.moveTo(x, top(k)); g.lineTo(x, top(k) + plotH); });
    g.stroke();
    g.setLineDash([]);
    g.font = font(size.mark, true); g.textAlign = 'center'; g.textBaseline = 'middle';
    g.lineWidth = 0.4; g.strokeStyle = size.casing;
    for (const mark of data.marks) {
      if (mark.step > t) continue;
      const half = g.measureText(mark.symbol).width / 2 + 1;  // a mark at step 0 or the last stays whole
      const xx = Math.min(Math.max(fx(mark.step), half), width - half);
      const yy = fy(data.panels[mark.panel], mark.panel)(mark.y);
      g.fillStyle = mark.colour;
      g.fillText(mark.symbol, xx, yy); g.strokeText(mark.symbol, xx, yy);
    }
    root.dataset.t = String(t);
  }

  // ---------------------------------------------------------------- hover: the nearest point's values
  function nearest(px, py) {
    const k = data.panels.findIndex((_, i) => py >= top(i) && py <= top(i) + plotH);
    if (k < 0) return null;
    const panel = data.panels[k], y = fy(panel, k), t = shown();
    let best = null, reach = 12;
    for (const mark of data.marks) {
      if (mark.panel !== k || mark.step > t) continue;
      const d = Math.hypot(fx(mark.step) - px, y(mark.y) - py);
      if (d < reach) { reach = d; best = { mark, label: mark.label, colour: mark.colour }; }
    }
    if (best) return best;
    const step = (px / right()) * steps;
    for (const s of data.series) {
      let a = 0, b = s.step.length - 1;
      while (a < b) { const m = (a + b) >> 1; s.step[m] < step ? (a = m + 1) : (b = m); }
      for (let i = Math.max(0, a - 4); i <= Math.min(s.step.length - 1, a + 4); i++) {
        if (s.step[i] < panel.first) continue;
        for (const column of panel.columns) {
          const v = s[column][i], yy = y(v);
          if (yy === null) continue;
          const d = Math.hypot(fx(s.step[i]) - px, yy - py);
          if (d < reach) { reach = d; best = { label: s.label, colour: s.colour, step: s.step[i], column, v, panel }; }
        }
      }
    }
    return best;
  }
  const escape = (words) => String(words).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  function hover(event) {
    const box = over.getBoundingClientRect(), px = event.clientX - box.left, py = event.clientY - box.top;
    const found = nearest(px, py);
    if (!found) { tip.hidden = true; return; }
    const rows = found.mark
      ? [[data.words.step, found.mark.step], ['', found.mark.what], [data.words.value, found.mark.value]]
      : [[data.words.step, found.step],
         [found.panel.title + (found.column.startsWith('rate_') ? ' (' + found.column.slice(5) + ')' : ''), fmt(found.v, 3)]];
    tip.innerHTML = '<b style="color:' + escape(found.colour) + '">● </b><b>' + escape(found.label) + '</b><table>'
      + rows.map(([name, value]) => '<tr><td>' + escape(name) + '</td><td>' + escape(value) + '</td></tr>').join('') + '</table>';
    tip.hidden = false;
    const w = tip.offsetWidth;
    const inset = full() ? INSET : 0;  // the tip is placed in the panels' box, the canvas inside its padding
    tip.style.left = inset + Math.max(0, Math.min(px + 12, width - w)) + 'px';
    tip.style.top = inset + py + 14 + 'px';
  }
  const leave = () => { tip.hidden = true; };

  function resize(force = false) {
    const now = Math.floor(root.clientWidth - (full() ? 2 * INSET : 0));
    if (now > 0 && (force || now !== width)) { width = now; layout(); drawLines(); drawOver(); }
  }
  function labelButton() {
    const words = full() ? data.words.exit_fullscreen : data.words.fullscreen;
    button.title = words;
    button.setAttribute('aria-label', words);
    root.dataset.fullscreen = String(full());
  }
  const toggle = () => (full() ? document.exitFullscreen() : root.requestFullscreen()).catch(() => {});
  const changed = () => { labelButton(); resize(true); };
  labelButton();
  const observer = new ResizeObserver(() => resize());
  observer.observe(root);
  input.addEventListener('input', drawOver);
  over.addEventListener('pointermove', hover);
  over.addEventListener('pointerleave', leave);
  button.addEventListener('click', toggle);
  root.addEventListener('fullscreenchange', changed);
  width = 0;
  resize();
  const teardown = () => {
    observer.disconnect();
    input.removeEventListener('input', drawOver);
    over.removeEventListener('pointermove', hover);
    over.removeEventListener('pointerleave', leave);
    button.removeEventListener('click', toggle);
    root.removeEventListener('fullscreenchange', changed);
  };
  parentElement.__opLinkedStop = teardown;
  return teardown;
}
