// The contents rule and the scroll cue, at 390 and 1280 px in both themes.
// - A page with no h2/h3 (home, tag, glossary) has no contents at all: no "이 페이지에서" box, no
//   inline contents, and no empty column beside the text (at 1280 px <main> reaches the layout's
//   right edge). A page with headings keeps its contents beside the text (1280) or above it (390).
// - The scroll cue's edge shadow stands out from the background in both themes: the shadow's
//   colour, composited over the region's background, has at least MIN_SHADOW_CONTRAST against it.
// Saves screenshots of each page when given a folder.
//
// usage: node layout.mjs BASE_URL SHOT_DIR|- HEADINGS_PAGE SCROLLING_PAGE NO_HEADINGS_PAGE…
// (SCROLLING_PAGE must have a figure or table wider than a 390 px screen)
import { run } from "./lib.mjs";

const [base, shotDir, withHeadings, scrolling, ...without] = process.argv.slice(2);
const MIN_SHADOW_CONTRAST = 2;

await run(async (context) => {
  const page = await context.newPage();
  const problems = [];
  const seen = {};
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme, media: "screen" });
      const at = `${width}-${scheme}`;
      for (const path of without) {
        await page.goto(base + path);
        const found = await page.evaluate(contents);
        seen[`${at} ${path}`] = found;
        if (found.nodes) problems.push({ at, path, why: "a page without headings shows contents", found });
        if (width >= 1280 && found.gapRight > 1) problems.push({ at, path, why: "an empty column beside the text", found });
        if (shotDir && shotDir !== "-") await page.screenshot({ path: `${shotDir}/${path.split("/").filter(Boolean).join("-") || "home"}-${at}.png` });
      }
      await page.goto(base + withHeadings);
      const found = await page.evaluate(contents);
      seen[`${at} ${withHeadings}`] = found;
      if (!(width >= 1280 ? found.beside : found.inline)) problems.push({ at, path: withHeadings, why: "a page with headings lost its contents", found });
      if (width === 390) {
        await page.goto(base + scrolling);
        await page.waitForSelector(".diagram-scroll.is-scrollable, .table-scroll.is-scrollable");
        const shadow = await page.evaluate(edgeShadow);
        seen[`${at} shadow`] = shadow;
        if (!(shadow.contrast >= MIN_SHADOW_CONTRAST)) problems.push({ at, path: scrolling, why: "the scroll cue's edge shadow is faint", shadow });
      }
    }
  }
  return { ok: problems.length === 0, problems, seen };
}, 180000);

/** Runs in the page: what contents it shows and how far <main> stops short of the layout's edge. */
function contents() {
  const shown = (el) => !!el && getComputedStyle(el).display !== "none" && el.getBoundingClientRect().height > 0;
  const layout = document.querySelector(".layout");
  const main = document.querySelector("main");
  const style = getComputedStyle(layout);
  const right = layout.getBoundingClientRect().right - parseFloat(style.paddingRight);
  return {
    nodes: document.querySelectorAll(".toc-column, .page-toc, .toc-inline").length,
    beside: shown(document.querySelector(".page-toc")) && document.querySelectorAll(".page-toc li").length > 0,
    inline: shown(document.querySelector(".toc-inline")) && document.querySelectorAll(".toc-inline li").length > 0,
    gapRight: style.display === "grid" ? Math.round(right - main.getBoundingClientRect().right) : 0,
    mainWidth: Math.round(main.getBoundingClientRect().width),
  };
}

/** Runs in the page: the first scroll cue's shadow colour over its background, and their contrast. */
function edgeShadow() {
  const region = document.querySelector(".diagram-scroll.is-scrollable, .table-scroll.is-scrollable");
  const style = getComputedStyle(region);
  const rgba = (text) => (text.match(/rgba?\([^)]*\)/) || ["rgba(0, 0, 0, 0)"])[0].match(/[\d.]+/g).map(Number);
  const [r, g, b, a = 1] = rgba(style.boxShadow);
  let bg = rgba(style.backgroundColor);
  for (let el = region; bg[3] === 0 && el.parentElement; el = el.parentElement) bg = rgba(getComputedStyle(el.parentElement).backgroundColor);
  const over = [r, g, b].map((c, i) => c * a + bg[i] * (1 - a));
  const luminance = (rgb) => {
    const [R, G, B] = rgb.map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [l1, l2] = [luminance(over), luminance(bg.slice(0, 3))].sort((x, y) => y - x);
  return { shadow: style.boxShadow, background: style.backgroundColor, contrast: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100 };
}
