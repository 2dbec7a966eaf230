import { chromium } from "playwright-core";
const base = process.argv[2];
const queries = JSON.parse(process.argv[3]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });
const page = await browser.newPage();
await page.goto(base);
for (const q of queries) {
  await page.locator("#search-input").fill(q);
  await page.waitForFunction((q) => document.getElementById("search-results").getAttribute("data-query") === q, q, { timeout: 20000 });
  const rows = await page.$$eval("#search-results [role=option]", (l) => l.map((a) => decodeURI(new URL(a.href).pathname.replace(/^\//, "") + new URL(a.href).hash) + " | " + a.querySelector(".result-snippet")?.innerHTML.slice(0, 90)));
  console.log("## " + q); rows.slice(0, 5).forEach((r) => console.log("  " + r));
}
await browser.close();
