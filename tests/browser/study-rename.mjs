// A question graded under its old URL keeps its progress after the page is renamed: both
// versions of the book on one origin, the page with the same front matter `id`.
import { run } from "./lib.mjs";

const [oldUrl, newUrl, review] = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  await page.goto(oldUrl);
  await page.click(".grade-panel .grade[data-rating='3']");
  const next = await page.textContent(".grade-next");
  checks.graded = /다음 복습: \d{4}-\d\d-\d\d/.test(next);
  await page.goto(newUrl);
  checks.sameKey = (await page.getAttribute("article", "data-key")) === "net-tcp";
  const after = await page.textContent(".grade-next");
  checks.keepsItsSchedule = after === next;
  checks.keepsItsGrade = (await page.getAttribute(".grade[data-rating='3']", "aria-pressed")) === "true";
  await page.goto(review);
  const listed = await page.$$eval("#review-week [data-key] a", (as) => as.map((a) => a.getAttribute("href")));
  checks.reviewLinksTheNewPage = JSON.stringify(listed) === JSON.stringify(["../networking/tcp-handshake/"]);
  return { ok: Object.values(checks).every(Boolean), checks, next, after };
});
