// Live reload in a real browser, against `studybook serve` started by tests/it/serve.rs:
// an edit reloads the page by itself with its scroll position kept; a broken edit shows the
// error overlay and a fix clears it; a stylesheet-only change is swapped without a reload; and
// a dozen open tabs (one shared reload stream) do not starve page loads.
//
// Usage: node reload.mjs PAGE_URL BOOK_ROOT PAGE_FILE
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "./lib.mjs";

const [url, root, pageFile] = process.argv.slice(2);
const file = join(root, pageFile);
const original = readFileSync(file, "utf8");
const steps = {};

await run(async (context) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 400 });
  await page.goto(url);
  // Wait until the reload stream is up (the script received its first state).
  await page.waitForSelector("script[data-connected]", { state: "attached", timeout: 15000 });

  // 1. An edit reloads the page by itself, keeping the scroll position.
  const target = await page.evaluate(() => {
    const y = Math.floor((document.documentElement.scrollHeight - innerHeight) / 2);
    window.scrollTo(0, y);
    window.__notReloaded = true;
    return window.scrollY;
  });
  writeFileSync(file, original + "\n\n브라우저에서 고친 문단 RELOAD-MARK\n");
  await page.waitForFunction(() => document.body && document.body.textContent.includes("RELOAD-MARK"), null, { timeout: 15000 });
  // The position is put back when the reloaded page has loaded (`live.js` applies it again on
  // `load`). `waitForLoadState` can answer from the old document's state just after the reload
  // commits, so wait in the new one: until it is complete and the position is back, or 5 s
  // (then the measurement below fails the test).
  await page.waitForFunction((y) => document.readyState === "complete" && Math.abs(window.scrollY - y) <= 2,
    target, { timeout: 5000 }).catch(() => {});
  const after = await page.evaluate(() => ({ y: window.scrollY, marker: window.__notReloaded === true }));
  steps.reload = { target, after: after.y, reloaded: !after.marker };
  const scrollKept = target > 50 && Math.abs(after.y - target) <= 2 && !after.marker;

  // 2. A broken edit shows the overlay with file:line:col and the line; a fix clears it.
  writeFileSync(file, original + "\n[깨진 링크](nowhere.md)\n");
  await page.waitForFunction(() => {
    const overlay = document.querySelector("studybook-overlay");
    return overlay && overlay.shadowRoot && overlay.shadowRoot.textContent.includes("nowhere.md");
  }, null, { timeout: 15000 });
  const overlayText = await page.evaluate(() => document.querySelector("studybook-overlay").shadowRoot.textContent);
  const lineNo = original.split("\n").length + 1;
  const overlayOk = overlayText.includes(`${pageFile}:${lineNo}:1`) && overlayText.includes("[깨진 링크](nowhere.md)");
  steps.overlay = { overlayOk, lineNo, overlayText: overlayText.slice(0, 400) };
  writeFileSync(file, original + "\n\n고친 뒤 FIXED-MARK\n");
  await page.waitForFunction(() => !document.querySelector("studybook-overlay") && document.body.textContent.includes("FIXED-MARK"), null, { timeout: 15000 });

  // 3. A stylesheet-only change is swapped in place, without a reload.
  await page.evaluate(() => { window.__notReloaded = true; });
  const css = await (await fetch(new URL("/static/style.css", url))).text();
  mkdirSync(join(root, "theme/static"), { recursive: true });
  writeFileSync(join(root, "theme/static/style.css"), css + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, { timeout: 15000 });
  const swappedWithoutReload = await page.evaluate(() => window.__notReloaded === true);
  steps.css = { swappedWithoutReload };

  // 4. Many tabs share one stream, so a new page still loads at once.
  const tabs = [];
  for (let i = 0; i < 12; i++) {
    const tab = await context.newPage();
    await tab.goto(url);
    tabs.push(tab);
  }
  const started = Date.now();
  const extra = await context.newPage();
  await extra.goto(new URL("/", url).href, { timeout: 5000 });
  const loadMs = Date.now() - started;
  steps.tabs = { loadMs };

  return { ok: scrollKept && overlayOk && swappedWithoutReload && loadMs < 5000, steps };
});
