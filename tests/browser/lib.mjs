// Shared helpers for the browser scripts: launch Debian's Chromium headless with the flags this
// machine needs, and print one JSON result line that tests/it/browser.rs parses.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import { readFile, stat } from "node:fs/promises";

export async function launch(options = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "studybook-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    ...options,
  });
  return context;
}

/** Prints the result for the Rust side and exits non-zero when `ok` is false. */
export function report(result) {
  process.stdout.write("RESULT " + JSON.stringify(result) + "\n");
  process.exitCode = result.ok ? 0 : 1;
}

/** Runs `body(context)` with a timeout, always reporting. */
export async function run(body, timeoutMs = 60000) {
  const context = await launch();
  const timer = setTimeout(() => { report({ ok: false, error: "timed out" }); process.exit(1); }, timeoutMs);
  try {
    const result = await body(context);
    report(result);
  } catch (error) {
    report({ ok: false, error: String(error && error.stack || error) });
  } finally {
    clearTimeout(timer);
    await context.close();
  }
}

/** Cumulative layout shift while each page loads (until `ready`, a selector, shows and 600 ms
 * more), the largest of them, and the shifted elements. */
export async function shifts(context, width, urls, ready, scheme = "light") {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 844 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.addInitScript(() => {
    window.__cls = 0;
    window.__why = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__cls += e.value;
        window.__why.push(Math.round(e.startTime) + "ms " + e.sources.map((s) => {
          const el = s.node && (s.node.nodeType === 3 ? s.node.parentElement : s.node);
          const path = [];
          for (let x = el; x && path.length < 3; x = x.parentElement) path.push(x.tagName.toLowerCase() + (typeof x.className === "string" && x.className ? "." + x.className.split(" ")[0] : ""));
          const r = (q) => [q.x, q.y, q.width, q.height].map(Math.round).join(",");
          return `${path.join("<")} ${r(s.previousRect)}→${r(s.currentRect)}`;
        }).join("; "));
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  const each = {}, why = {};
  for (const url of urls) {
    await page.goto(url, { waitUntil: "load" });
    if (ready) await page.waitForSelector(ready, { timeout: 20000 });
    await page.waitForTimeout(600);
    const cls = Math.round((await page.evaluate(() => window.__cls)) * 10000) / 10000;
    each[new URL(url).pathname] = cls;
    if (cls > 0) why[new URL(url).pathname] = await page.evaluate(() => window.__why);
  }
  await page.close();
  return { worst: Math.max(...Object.values(each)), each, why };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json", ".png": "image/png" };

/** Answers `response` with the file `rel` of the built site in `outDir` (a folder's index.html), or 404. */
export async function sendFile(outDir, rel, response) {
  let file = join(outDir, rel.split("/").filter((p) => p && p !== "..").join("/"));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    response.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Cache-Control": "no-cache" });
    response.end(body);
  } catch {
    response.writeHead(404, { "Content-Type": "text/html" });
    response.end("not found");
  }
}
