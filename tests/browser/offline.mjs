// Offline reading: a built site served under a sub-path (/study/, as on GitHub Pages) installs
// its service worker on the first visit, which precaches every page; with the network off (the
// browser offline and the server stopped) a page never opened still shows. A republished site
// (new files, new worker version) replaces the cached pages. Offline, search still finds pages.
//
// usage: node offline.mjs OUT_DIR PAGE_PATH [SEARCH_QUERY] (PAGE_PATH relative to the site root, not
// yet visited; with SEARCH_QUERY, a search for it must find pages offline)
import { run, sendFile } from "./lib.mjs";
import { createServer } from "node:http";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const [outDir, pagePath, searchQuery] = process.argv.slice(2);
const PREFIX = "/study/";

/** A tiny static server for OUT_DIR under PREFIX; `close()` takes the network away for real. */
async function serve(port = 0) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (!path.startsWith(PREFIX)) { response.writeHead(404); response.end(); return; }
    await sendFile(outDir, path.slice(PREFIX.length), response);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

await run(async (context) => {
  let server = await serve();
  const port = server.address().port;
  const root = `http://127.0.0.1:${port}${PREFIX}`;
  const page = await context.newPage();
  await page.goto(root);
  // The worker installs (precaching everything) and takes control of the page.
  const installed = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.includes(registration.scope)));
    return { scope: registration.scope, cached: (await cache.keys()).length, manifest: !!document.querySelector("link[rel=manifest]") };
  });
  const underSubPath = installed.scope === root;
  const expected = await page.evaluate(async () => (await (await fetch("sw.js")).text()).match(/var PRECACHE = (\[.*\]);/)[1]);
  const precached = JSON.parse(expected).length;

  // The network goes away: the browser is offline and the server is gone.
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
  await context.setOffline(true);
  await page.goto(root + pagePath);
  const offlineTitle = await page.title();
  const offlineHasAnswer = (await page.locator("main article h1").count()) === 1;
  const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes("Pretendard"));
  // The mock interview runs from the cache too: its questions are in the page, fsrs.js precached.
  let interviewRuns = true;
  if (await page.locator("#interview-app").count()) {
    await page.click("input[value=new]");
    await page.click("#interview-start");
    interviewRuns = (await page.textContent("#interview-position")).startsWith("1 / ");
  }
  // Search works offline too (issue 30): the index is precached, so a query finds pages.
  // (Only when the caller names a query the book's text holds.)
  let offlineSearch = null;
  if (searchQuery) {
    await page.goto(root + "search/?q=" + encodeURIComponent(searchQuery));
    offlineSearch = await page.waitForSelector("#search-page-results a", { timeout: 20000 }).then(
      async () => await page.locator("#search-page-results a").count(),
      () => 0,
    );
    await page.goto(root + pagePath);
  }

  // Republish: the page and the worker change; back online, the reader gets the new page.
  await context.setOffline(false);
  const pageFile = join(outDir, pagePath, "index.html");
  const html = await readFile(pageFile, "utf8");
  await writeFile(pageFile, html.replace("</h1>", " (개정)</h1>"));
  const sw = await readFile(join(outDir, "sw.js"), "utf8");
  await writeFile(join(outDir, "sw.js"), sw.replace(/var VERSION = "([0-9a-f]+)"/, 'var VERSION = "republished"'));
  // The same port again: the worker's scope names it.
  server = await serve(port);
  const updated = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    await registration.update();
    await Promise.race([changed, new Promise((r) => setTimeout(r, 15000))]);
    // The new worker drops the old cache as it activates, which may finish a moment later.
    let keys = await caches.keys();
    for (let tries = 0; tries < 50 && keys.length > 1; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      keys = await caches.keys();
    }
    return { keys, ok: keys.some((k) => k.endsWith(" republished")) && keys.length === 1 };
  });
  await page.reload();
  const fresh = (await page.locator("main article h1").textContent()).includes("(개정)");
  await new Promise((resolve) => server.close(resolve));
  const ok = underSubPath && installed.manifest && installed.cached >= precached && precached > 10 && offlineHasAnswer && styled && interviewRuns && (offlineSearch === null || offlineSearch > 0) && updated.ok && fresh;
  return { ok, installed, precached, underSubPath, offlineTitle, offlineHasAnswer, styled, interviewRuns, offlineSearch, updated, fresh };
}, 120000);
