"""What a user's eye sees of the map: the plot area's share of the window, the legend on screen, marker overlaps.

Read from the real page: the geo subplot's frame (`.geo .bg`), the legend's box, and each category marker's box
(`.scattergeo path.point` of the category traces) as drawn."""

from __future__ import annotations

# Overlap of two markers' boxes, as a fraction of the smaller one's area, for every pair that touches.
PROBE = """() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const bg = document.querySelector('#map-graph .geo .bg');
  const frame = bg ? bg.getBoundingClientRect() : null;
  const graph = document.querySelector('#map-graph .js-plotly-plot');
  const names = (graph && graph.data || []).map(t => t.name);
  const boxes = [];
  document.querySelectorAll('#map-graph .trace.scattergeo').forEach((trace, index) => {
    const name = trace.__data__ && trace.__data__[0] && trace.__data__[0].trace ? trace.__data__[0].trace.name : null;
    if (!['mpdp', 'grsi', 'forum'].includes(name)) return;
    trace.querySelectorAll('path.point').forEach(point => {
      const r = point.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.right > frame.left && r.left < frame.right && r.bottom > frame.top
          && r.top < frame.bottom) {
        boxes.push({name, x: r.left, y: r.top, w: r.width, h: r.height});
      }
    });
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (w > 0.5 && h > 0.5) {
        overlaps.push((w * h) / Math.min(a.w * a.h, b.w * b.h));
      }
    }
  }
  const legend = document.querySelector('#map-legend');
  const lr = legend ? legend.getBoundingClientRect() : null;
  const body = parseFloat(getComputedStyle(document.querySelector('.summary') || document.body).fontSize);
  return {
    viewport: [vw, vh], frame: frame && [frame.left, frame.top, frame.width, frame.height],
    width_share: frame ? frame.width / vw : 0, height_share: frame ? frame.height / vh : 0,
    legend_on_screen: !!lr && lr.height > 0 && lr.top >= 0 && lr.bottom <= vh && lr.left >= 0 && lr.right <= vw
      && legend.scrollHeight <= legend.clientHeight + 1 && legend.scrollWidth <= legend.clientWidth + 1,
    legend: lr && [lr.left, lr.top, lr.width, lr.height],
    markers: boxes.length, overlapping_pairs: overlaps.length,
    over_half: overlaps.filter(f => f > 0.5).length, worst: overlaps.length ? Math.max(...overlaps) : 0,
    body_px: body, scroll_y: window.scrollY, names,
  };
}"""


def probe(page) -> dict:
    return page.evaluate(PROBE)
