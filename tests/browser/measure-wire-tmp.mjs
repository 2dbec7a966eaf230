// Bytes fetched from search/ for a query typed from a cold cache (no gzip: python http.server).
import { chromium } from "/work/wt-search/tests/browser/node_modules/playwright-core/index.mjs";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
const base = process.argv[2], root = process.argv[3];
const queries = JSON.parse(process.argv[4]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });
const rows = [];
for (const { q, mode } of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = new Set();
  page.on("requestfinished", (r) => { const u = new URL(r.url()); if (u.pathname.includes("/search/")) files.add(u.pathname); });
  await page.goto(base + "database/");
  const input = page.locator("#search-input");
  await input.click();
  if (mode === "type") await input.pressSequentially(q, { delay: 120 }); else await input.fill(q);
  await page.waitForFunction((q) => document.getElementById("search-results").getAttribute("data-query") === q, q, { timeout: 20000 });
  await page.waitForTimeout(300);
  const n = await page.$$eval("#search-results [role=option]", (l) => l.length);
  const top = await page.$$eval("#search-results .result-title", (l) => l.slice(0, 3).map((x) => x.textContent));
  let raw = 0, gz = 0, shards = 0, docs = 0;
  for (const f of files) {
    const path = root + decodeURIComponent(f); const bytes = readFileSync(path);
    raw += bytes.length; gz += gzipSync(bytes).length;
    if (f.includes("/s/")) shards++; if (f.includes("/d/")) docs++;
  }
  rows.push({ q, mode, files: files.size, shards, docs, raw_kb: +(raw / 1024).toFixed(1), gzip_kb: +(gz / 1024).toFixed(1), shown: n, top });
  await context.close();
}
await browser.close();
for (const r of rows) console.log(JSON.stringify(r));
