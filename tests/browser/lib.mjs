// Shared helpers for the browser scripts: launch Debian's Chromium headless with the flags this
// machine needs, and print one JSON result line that tests/it/browser.rs parses.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
