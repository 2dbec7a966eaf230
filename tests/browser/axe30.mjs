import { run } from "./lib.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const urls = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  const out = [];
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of urls) {
    const t = Date.now();
    await page.goto(url);
    if (/\/search\/\?q=/.test(url)) await page.waitForSelector("#search-page-results a", { timeout: 20000 });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    out.push({ url, ms: Date.now() - t, v: result.violations.map((v) => [v.id, v.impact, v.nodes.length, v.nodes.slice(0, 2).map((n) => n.target.join(" "))]) });
  }
  return { ok: true, out };
}, 590000);
