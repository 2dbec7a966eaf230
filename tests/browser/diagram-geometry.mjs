// Checks every diagram's drawing, as Chromium lays it out, for two defects a reader sees:
// (a) drawn content outside the SVG's viewBox, i.e. outside the figure's frame (every element's
//     painted box: its geometry's bounding box plus half its stroke), or off-centre in it (one
//     blank margin more than MAX_LOPSIDED wider than the opposite one), and
// (b) a line drawn through a label: a stroked element (a box's outline, an arrow, a dashed AZ
//     border) or an arrowhead whose outline passes through a text label's glyphs, unless something opaque is
//     painted over that spot after the line (a label's own background, as Mermaid draws under
//     edge labels).
// A label's box is measured per character (getExtentOfChar) and trimmed vertically to the
// glyphs (the extent is the font's whole line box, ~1.45 em for Noto Sans CJK; the ink is ~0.85
// em around its middle), so a label written just above or below its own line (Pikchr's `above`
// and `below`) is not a crossing, while one that a border runs through is. Outlines are sampled
// from the SVG's own geometry (getTotalLength/getPointAtLength), in the root's viewBox units.
//
// usage: node diagram-geometry.mjs BASE_URL PATH… (prints RESULT {ok, figures: [...], problems})
import { run } from "./lib.mjs";

const [base, ...paths] = process.argv.slice(2);
/** How much wider one blank margin may be than the opposite one, in viewBox units (~1 em). */
const MAX_LOPSIDED = 16;

await run(async (context) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const figures = [];
  const problems = [];
  for (const path of paths) {
    await page.goto(base + path);
    await page.evaluate(() => document.fonts.ready);
    for (const figure of await page.evaluate(inspect)) {
      figures.push({ path, ...figure });
      const { index, caption, overflow, crossings } = figure;
      if (Object.values(overflow).some((px) => px > 0.5)) problems.push({ path, index, caption, why: "drawn outside the frame", overflow });
      // A lopsided blank margin: the drawing is off-centre, one edge flush with the frame and
      // width wasted on the other (the figure scrolls sooner than it needs to).
      if (Math.abs(overflow.left - overflow.right) > MAX_LOPSIDED || Math.abs(overflow.top - overflow.bottom) > MAX_LOPSIDED) problems.push({ path, index, caption, why: "drawn off-centre in its frame", overflow });
      for (const crossing of crossings) problems.push({ path, index, caption, why: "a line runs through a label", ...crossing });
    }
  }
  return { ok: problems.length === 0 && figures.length > 0, problems, figures };
}, 240000);

/** Runs in the page: one row per figure. */
function inspect() {
  const SKIP = "defs, marker, clipPath, mask, pattern, symbol, title, desc, style";
  const SHAPES = "path, rect, line, polyline, polygon, circle, ellipse";

  /** The element's transform into the root SVG's user space (viewBox units). */
  function toRoot(svg, el) {
    return svg.getCTM().inverse().multiply(el.getCTM());
  }
  function point(m, x, y) {
    return { x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f };
  }
  function boxOf(m, b) {
    const corners = [point(m, b.x, b.y), point(m, b.x + b.width, b.y), point(m, b.x, b.y + b.height), point(m, b.x + b.width, b.y + b.height)];
    const xs = corners.map((p) => p.x), ys = corners.map((p) => p.y);
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  }
  function strokeOf(el, m) {
    const style = getComputedStyle(el);
    const width = parseFloat(style.strokeWidth) || 0;
    const visible = style.stroke !== "none" && width > 0 && parseFloat(style.strokeOpacity) > 0 && style.visibility !== "hidden";
    return { visible, half: (width * Math.hypot(m.a, m.b)) / 2, dashed: style.strokeDasharray !== "none" };
  }
  function opaqueFill(el) {
    const style = getComputedStyle(el);
    if (style.fill === "none" || parseFloat(style.fillOpacity) < 0.9 || parseFloat(style.opacity) < 0.9) return false;
    const rgba = style.fill.match(/rgba?\(([^)]+)\)/);
    return !rgba || rgba[1].split(",").length < 4 || parseFloat(rgba[1].split(",")[3]) >= 0.9;
  }
  /** The outline as points in root units. */
  function outline(el, m) {
    if (el.tagName === "rect") {
      const b = el.getBBox();
      const c = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height], [b.x, b.y]];
      return [c.map(([x, y]) => point(m, x, y))];
    }
    const length = el.getTotalLength();
    if (!(length > 0)) return [];
    const steps = Math.min(2000, Math.max(8, Math.ceil(length / 2)));
    const points = [];
    for (let i = 0; i <= steps; i++) {
      const p = el.getPointAtLength((length * i) / steps);
      points.push(point(m, p.x, p.y));
    }
    return [points];
  }
  /** Each label's glyph boxes, merged per run of characters on one line. */
  function labelBoxes(svg, text) {
    const m = toRoot(svg, text);
    const em = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
    const content = text.textContent;
    const boxes = [];
    const n = text.getNumberOfChars();
    for (let i = 0; i < n; i++) {
      if (!content[i] || !content[i].trim()) continue;
      const r = boxOf(m, text.getExtentOfChar(i));
      if (r.x1 - r.x0 <= 0) continue;
      const mid = (r.y0 + r.y1) / 2;
      const glyph = { x0: r.x0, x1: r.x1, y0: mid - 0.42 * em, y1: mid + 0.42 * em };
      const last = boxes[boxes.length - 1];
      if (last && Math.abs(last.y0 - glyph.y0) < 0.5 && glyph.x0 - last.x1 < 0.6 * em) {
        last.x0 = Math.min(last.x0, glyph.x0); last.x1 = Math.max(last.x1, glyph.x1);
      } else boxes.push(glyph);
    }
    return boxes;
  }
  /** Whether segment p–q meets the box (Liang–Barsky clipping). */
  function meets(p, q, b) {
    let t0 = 0, t1 = 1;
    const dx = q.x - p.x, dy = q.y - p.y;
    for (const [num, den] of [[p.x - b.x0, -dx], [b.x1 - p.x, dx], [p.y - b.y0, -dy], [b.y1 - p.y, dy]]) {
      if (den === 0) { if (num < 0) return false; continue; }
      const t = num / den;
      if (den < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
    return true;
  }
  function grow(b, by) {
    return { x0: b.x0 - by, y0: b.y0 - by, x1: b.x1 + by, y1: b.y1 + by };
  }
  function covers(outer, inner) {
    return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
  }
  const round = (v) => Math.round(v * 10) / 10;

  return [...document.querySelectorAll("figure.diagram")].map((figure, index) => {
    const svg = figure.querySelector("svg");
    const caption = (figure.querySelector("figcaption span")?.textContent || "").trim().slice(0, 40);
    const vb = svg.viewBox.baseVal;
    const drawn = [...svg.querySelectorAll(SHAPES + ", text, image, use")].filter((el) => !el.closest(SKIP));
    // (a) The painted extent of everything drawn.
    const ink = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const shapes = [];
    for (const el of drawn) {
      if (getComputedStyle(el).display === "none") continue;
      const m = toRoot(svg, el);
      const bbox = el.getBBox();
      if (bbox.width === 0 && bbox.height === 0) continue;
      const stroke = el.tagName === "text" ? { visible: false, half: 0 } : strokeOf(el, m);
      const painted = grow(boxOf(m, bbox), stroke.visible ? stroke.half : 0);
      ink.x0 = Math.min(ink.x0, painted.x0); ink.y0 = Math.min(ink.y0, painted.y0);
      ink.x1 = Math.max(ink.x1, painted.x1); ink.y1 = Math.max(ink.y1, painted.y1);
      if (el.tagName !== "text") shapes.push({ el, m, stroke, painted, opaque: opaqueFill(el) });
    }
    const overflow = {
      left: round(vb.x - ink.x0), top: round(vb.y - ink.y0),
      right: round(ink.x1 - (vb.x + vb.width)), bottom: round(ink.y1 - (vb.y + vb.height)),
    };
    // (b) Lines through labels.
    const crossings = [];
    const texts = drawn.filter((el) => el.tagName === "text" && el.textContent.trim());
    const labels = texts.map((text) => ({ text, boxes: labelBoxes(svg, text) }));
    for (const shape of shapes) {
      // Outlines are what crosses a label: stroked shapes, and arrowheads (small filled polygons).
      const head = !shape.stroke.visible && shape.opaque && shape.el.tagName === "polygon"
        && shape.painted.x1 - shape.painted.x0 < 30 && shape.painted.y1 - shape.painted.y0 < 30;
      if (!shape.stroke.visible && !head) continue;
      let lines = null;
      for (const { text, boxes } of labels) {
        for (const box of boxes) {
          const hit = grow(box, shape.stroke.half);
          if (shape.painted.x1 < hit.x0 || shape.painted.x0 > hit.x1 || shape.painted.y1 < hit.y0 || shape.painted.y0 > hit.y1) continue;
          lines = lines || outline(shape.el, shape.m);
          const crosses = lines.some((pts) => pts.some((p, i) => i > 0 && meets(pts[i - 1], p, hit)));
          if (!crosses) continue;
          // Hidden when something opaque is painted over this label after the line.
          const masked = shapes.some((other) => other.opaque && other !== shape
            && (shape.el.compareDocumentPosition(other.el) & Node.DOCUMENT_POSITION_FOLLOWING)
            && covers(other.painted, box));
          if (masked) continue;
          crossings.push({
            label: text.textContent.trim().slice(0, 30),
            line: shape.el.tagName + (shape.stroke.dashed ? " (dashed)" : ""),
            at: [round(box.x0), round(box.y0), round(box.x1), round(box.y1)],
          });
        }
      }
    }
    return {
      index, caption,
      viewBox: [vb.x, vb.y, vb.width, vb.height].map(round),
      ink: [ink.x0, ink.y0, ink.x1, ink.y1].map(round),
      overflow, crossings,
    };
  });
}
