// Runs axe-core on each URL at 390 and 1280 px, light and dark, and reports serious and critical
// violations; also checks that a keyboard user can reach the skip link first and that focus is
// visible. A search page with `?q=` is checked once its results are shown.
import { run } from "./lib.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const urls = process.argv.slice(2);

await run(async (context) => {
  const page = await context.newPage();
  const problems = [];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const url of urls) {
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(url);
        if (/\/search\/\?q=/.test(url)) await page.waitForSelector("#search-page-results a", { timeout: 20000 });
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
        for (const v of result.violations) {
          if (v.impact === "serious" || v.impact === "critical") {
            problems.push({ url, width, scheme, id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) });
          }
        }
      }
    }
  }
  // Keyboard: the first Tab reaches the skip link, and it is visible when focused.
  await page.goto(urls[0]);
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, visible: box.top >= 0 && box.height > 0, outline: getComputedStyle(el).outlineStyle };
  });
  const skipOk = skip.cls.includes("skip-link") && skip.visible;
  return { ok: problems.length === 0 && skipOk, problems, skip };
}, 720000);
