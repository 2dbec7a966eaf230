// A book published at an origin's root (https://owner.github.io/) shares the origin with every
// other site there (https://owner.github.io/other/). Its service worker must answer only for the
// book's own files: a request for /other/ goes to the network every time and is never kept, so
// offline it fails instead of showing a stale copy. And a page first opened offline shows its
// images, which the worker precached with the rest of the book.
//
// usage: node origin-root.mjs OUT_DIR PAGE_PATH (a page with an image, not yet visited)
import { run, sendFile } from "./lib.mjs";
import { createServer } from "node:http";

const [outDir, pagePath] = process.argv.slice(2);
let otherRequests = 0;

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  if (path.startsWith("/other/")) {
    otherRequests += 1;
    const type = path.endsWith(".json") ? "application/json" : "text/html; charset=utf-8";
    response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache" });
    response.end(type.startsWith("text/html") ? `<title>OTHER ${otherRequests}</title><p>OTHER SITE</p>` : `{"n": ${otherRequests}}`);
    return;
  }
  await sendFile(outDir, path, response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const root = `http://127.0.0.1:${server.address().port}/`;

await run(async (context) => {
  const page = await context.newPage();
  await page.goto(root);
  const scope = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    return registration.scope;
  });
  // The other site's data, fetched twice from a page the worker controls: both reach the server.
  const fetched = await page.evaluate(async () => {
    const first = await (await fetch("/other/data.json")).json();
    const second = await (await fetch("/other/data.json")).json();
    return [first.n, second.n];
  });
  const bothReachedTheServer = fetched[0] !== fetched[1];
  await page.goto(root + "other/page.html");
  const otherOnline = await page.title();

  await context.setOffline(true);
  let otherOffline = "(network error)";
  try {
    await page.goto(root + "other/page.html");
    otherOffline = await page.title();
  } catch { /* the worker left it to the network, which is off */ }
  // The server goes too: Chromium's offline mode does not cover a worker's own fetches.
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
  // A page of its own: the failed navigation above may still be settling on an error page.
  const reader = await context.newPage();
  await reader.goto(root + pagePath);
  const images = await reader.evaluate(async () => {
    const all = [...document.querySelectorAll("main img")];
    await Promise.all(all.map((img) => img.decode().catch(() => {})));
    return all.map((img) => ({ src: img.getAttribute("src"), width: img.naturalWidth }));
  });
  await context.setOffline(false);
  const imageShown = images.length > 0 && images.every((image) => image.width > 0);
  const ok = scope === root && bothReachedTheServer && otherOnline.startsWith("OTHER") && otherOffline === "(network error)" && imageShown;
  return { ok, scope, fetched, otherOnline, otherOffline, images };
}, 90000);
