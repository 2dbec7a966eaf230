// Measures every diagram's labels as drawn on screen, at 390 and 1280 px, light and dark: the
// smallest label's font size in CSS px (computed font size times the SVG's on-screen scale), and
// whether the figure scrolls sideways. The rule (ARCHITECTURE.md, "Diagrams on small screens"):
// every label ≥ 11 px at every width; a figure wider than its column scrolls with a visible cue
// and links to its standalone SVG ("크게 보기").
//
// usage: node diagram-labels.mjs BASE_URL PATH… (prints RESULT {ok, diagrams: [...]})
import { run } from "./lib.mjs";

export const MIN_LABEL_PX = 11;
const [base, ...paths] = process.argv.slice(2);

await run(async (context) => {
  const page = await context.newPage();
  const diagrams = [];
  const problems = [];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of paths) {
        await page.goto(base + path);
        const found = await page.evaluate(measure);
        for (const figure of found) {
          const row = { path, width, scheme, ...figure };
          diagrams.push(row);
          if (figure.smallest < MIN_LABEL_PX) problems.push({ path, width, scheme, index: figure.index, smallest: figure.smallest, why: "label under 11 px" });
          if (figure.scrolls && !figure.cue) problems.push({ path, width, scheme, index: figure.index, why: "scrolls without a visible cue" });
          if (figure.pageWider) problems.push({ path, width, scheme, index: figure.index, why: "the page is wider than the screen" });
        }
      }
    }
  }
  return { ok: problems.length === 0 && diagrams.length > 0, problems, diagrams };
}, 240000);

/** Runs in the page: one row per figure. */
function measure() {
  return [...document.querySelectorAll("figure.diagram")].map((figure, index) => {
    const svg = figure.querySelector("svg");
    let smallest = Infinity;
    let smallestText = "";
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      const ctm = text.getScreenCTM();
      if (!ctm) continue;
      const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < smallest) { smallest = px; smallestText = text.textContent.trim().slice(0, 30); }
    }
    const scroller = figure.querySelector(".diagram-scroll");
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    // The cue: site.js marks a figure that scrolls, which draws the edge shadow and shows the
    // "옆으로 밀어서 보기" hint.
    const hint = figure.querySelector(".scroll-hint");
    const cue = figure.classList.contains("is-scrollable") && !!hint && getComputedStyle(hint).display !== "none";
    return {
      index,
      caption: (figure.querySelector("figcaption")?.textContent || "").trim().slice(0, 40),
      smallest: Math.round(smallest * 10) / 10,
      smallestText,
      scrolls,
      cue,
      enlarge: !!figure.querySelector("a.diagram-open"),
      pageWider: document.documentElement.scrollWidth > window.innerWidth + 1,
    };
  });
}
