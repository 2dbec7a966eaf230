// How full each page of a PDF that Chromium printed is: the vertical extent of what the page
// draws (text positions, path points, images), read from its content streams. Chromium (Skia)
// writes each page's marks in one or more Flate-compressed streams with q/Q/cm transforms;
// text is placed with Tm/Td and drawn with Tj/TJ, shapes with m/l/c/re (counted when painted),
// images and forms with Do. A page's fill is the share of the printed area's height from its top
// down to the page's lowest mark (`pageFills`).
import { inflateSync } from "node:zlib";

/** The objects of `pdf` (a Buffer): number → { dict: string, stream: Buffer|null }. */
function objects(pdf) {
  const text = pdf.toString("latin1");
  const found = new Map();
  const re = /(\d+) 0 obj\s*/g;
  let m;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endobj", start);
    const body = text.slice(start, end);
    const s = body.indexOf("stream");
    let dict = body, stream = null;
    if (s >= 0 && /^<</.test(body)) {
      dict = body.slice(0, s);
      let from = start + s + "stream".length;
      if (text[from] === "\r") from++;
      if (text[from] === "\n") from++;
      const length = Number((dict.match(/\/Length (\d+)/) || [])[1]);
      const raw = pdf.subarray(from, from + length);
      stream = /FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    found.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return found;
}

const mul = (a, b) => [
  a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
  a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
];

/** The lowest and highest y (PDF units, up is +) of the marks a content stream makes. */
function extent(content, objs, resources, ctm0, box) {
  const tokens = content.toString("latin1").match(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s\/\[\]()<>]+|[^\s\/\[\]()<>]+/g) || [];
  let ctm = ctm0, stack = [], tm = [1, 0, 0, 1, 0, 0], tlm = tm, fontSize = 0, leading = 0;
  const nums = [];
  let lastName = null;
  // A path counts once it is painted (a clip, `W n`, draws nothing).
  let path = [];
  const point = (x, y) => path.push([x, y, ctm]);
  const mark = (x, y, m) => {
    const py = x * m[1] + y * m[3] + m[5];
    box.low = Math.min(box.low, py);
    box.high = Math.max(box.high, py);
  };
  for (const t of tokens) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) { nums.push(Number(t)); continue; }
    if (t.startsWith("/")) { lastName = t.slice(1); continue; }
    if (t === "[" || t === "]" || t.startsWith("(") || t.startsWith("<")) continue;
    const n = nums.splice(0);
    switch (t) {
      case "q": stack.push(ctm); break;
      case "Q": ctm = stack.pop() || ctm0; break;
      case "cm": ctm = mul(n, ctm); break;
      case "BT": tm = tlm = [1, 0, 0, 1, 0, 0]; break;
      case "Tf": fontSize = n[0]; break;
      case "TL": leading = n[0]; break;
      case "Tm": tm = tlm = n; break;
      case "Td": tm = tlm = mul([1, 0, 0, 1, n[0], n[1]], tlm); break;
      case "TD": leading = -n[1]; tm = tlm = mul([1, 0, 0, 1, n[0], n[1]], tlm); break;
      case "T*": tm = tlm = mul([1, 0, 0, 1, 0, -leading], tlm); break;
      case "Tj": case "TJ": case "'": case "\"": {
        const m = mul(tm, ctm);
        mark(0, -0.25 * fontSize, m);
        mark(0, 0.9 * fontSize, m);
        break;
      }
      case "m": case "l": point(n[0], n[1]); break;
      case "c": point(n[4], n[5]); break;
      case "re": point(n[0], n[1]); point(n[0] + n[2], n[1] + n[3]); break;
      case "n": path = []; break;
      case "f": case "F": case "f*": case "S": case "s": case "B": case "B*": case "b": case "b*":
        for (const [x, y, m] of path) mark(x, y, m);
        path = [];
        break;
      case "Do": {
        const ref = resources && new RegExp("/" + lastName + " (\\d+) 0 R").exec(resources);
        const x = ref && objs.get(Number(ref[1]));
        if (x && /\/Subtype\s*\/Form/.test(x.dict) && x.stream) {
          const matrix = (x.dict.match(/\/Matrix \[([^\]]*)\]/) || [])[1];
          const fm = matrix ? matrix.trim().split(/\s+/).map(Number) : [1, 0, 0, 1, 0, 0];
          extent(x.stream, objs, resourcesOf(x.dict, objs), mul(fm, ctm), box);
        } else {
          mark(0, 0, ctm);
          mark(1, 1, ctm);
        }
        break;
      }
    }
  }
}

function resourcesOf(dict, objs) {
  const ref = dict.match(/\/Resources (\d+) 0 R/);
  let text = ref ? objs.get(Number(ref[1])).dict : dict;
  // XObject dictionaries may themselves be references.
  const xo = text.match(/\/XObject (\d+) 0 R/);
  if (xo) text += objs.get(Number(xo[1])).dict;
  return text;
}

/** Per page, in order: { low, high } in PDF units, and the page's height. */
export function pageExtents(pdf) {
  const objs = objects(pdf);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  const pages = [];
  const walk = (num) => {
    const o = objs.get(num);
    if (/\/Type\s*\/Pages/.test(o.dict)) {
      const kids = o.dict.match(/\/Kids \[([^\]]*)\]/)[1].match(/(\d+) 0 R/g).map((r) => Number(r.split(" ")[0]));
      kids.forEach(walk);
    } else pages.push(o);
  };
  walk(Number(catalog.dict.match(/\/Pages (\d+) 0 R/)[1]));
  return pages.map((page) => {
    const media = page.dict.match(/\/MediaBox \[([^\]]*)\]/)[1].trim().split(/\s+/).map(Number);
    const cm = page.dict.match(/\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/);
    const refs = (cm[1] ? cm[1].match(/(\d+) 0 R/g).map((r) => Number(r.split(" ")[0])) : [Number(cm[2])]);
    const box = { low: Infinity, high: -Infinity };
    const resources = resourcesOf(page.dict, objs);
    for (const r of refs) extent(objs.get(r).stream, objs, resources, [1, 0, 0, 1, 0, 0], box);
    return { low: box.low, high: box.high, height: media[3] - media[1] };
  });
}

/** Each page's fill (0–1), as described at the top of this file; the top and bottom of the
 * printed area are the median of the pages' highest marks and the tenth percentile of their lowest
 * (a mark bleeding past the margin on one page does not move them). */
export function pageFills(pdf) {
  const pages = pageExtents(pdf).filter((p) => p.low <= p.high);
  const sorted = (values) => values.slice().sort((a, b) => a - b);
  const top = sorted(pages.map((p) => p.high))[Math.floor(pages.length / 2)];
  const bottom = sorted(pages.map((p) => p.low))[Math.floor(pages.length / 10)];
  return pages.map((p) => Math.max(0, Math.min(1, Math.round(((top - p.low) / (top - bottom)) * 1000) / 1000)));
}
