// The review page in a real browser, served under a sub-path: grading a question Again puts it
// on today's list; Good takes it off and shows its next date; export, wipe and import restores
// the same history, and an import merges with what is there. Also the concept map: labels at
// least 11 CSS px on a desktop, and the list instead of the circle at 390 px. (The FSRS schedule
// itself, the interview and the progress link: study-loop.mjs.)
import { run } from "./lib.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [question, review, map, downloadDir] = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  const dueKeys = () => page.$$eval("#review-due [data-key]", (items) => items.map((li) => li.getAttribute("data-key")));
  const weekDates = () => page.$$eval("#review-week time.review-next", (items) => items.map((t) => t.getAttribute("datetime")));
  const history = () => page.evaluate(() => localStorage.getItem("sb-reviews"));
  const key = "networking/handshakes/q1-tcp/";

  await page.goto(review);
  checks.startsEmpty = (await dueKeys()).length === 0 && /아직 평가한 문제가 없습니다/.test(await page.textContent("#review-status"));
  checks.saysLocalOnly = /이 브라우저에만 저장됩니다/.test(await page.textContent(".review-local"));

  // Again → due today.
  await page.goto(question);
  await page.click(".grade-panel .grade[data-rating='1']");
  await Promise.all([page.waitForURL(review), page.click(".review-link")]);
  checks.linkWorksUnderSubPath = page.url() === review;
  checks.againIsDue = JSON.stringify(await dueKeys()) === JSON.stringify([key]);
  const topicRow = await page.$$eval("#review-topics tbody tr", (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent.trim())));
  checks.countsPerTopic = topicRow.length === 1 && JSON.stringify(topicRow[0].slice(0, 4)) === JSON.stringify(["네트워크", "1", "1", "2"]) && /^\d+%$/.test(topicRow[0][4]);
  checks.mostAgain = /다시 1회/.test(await page.textContent("#review-again"));

  // Good (after the one-minute step) → off today's list, with its date in the next 7 days.
  await page.evaluate((k) => {
    const data = JSON.parse(localStorage.getItem("sb-reviews"));
    data.log[k][0][0] -= 10 * 60 * 1000;
    localStorage.setItem("sb-reviews", JSON.stringify(data));
  }, key);
  await page.goto(question);
  await page.click(".grade-panel .grade[data-rating='3']");
  const next = (await page.textContent(".grade-next")).replace("다음 복습: ", "");
  await page.goto(review);
  checks.goodLeavesToday = (await dueKeys()).length === 0;
  checks.showsNextDate = JSON.stringify(await weekDates()) === JSON.stringify([next]);

  // Export, wipe, import: the same history comes back; a second import changes nothing.
  const before = await history();
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#review-export")]);
  const file = join(downloadDir, download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, "utf8"));
  checks.exportHoldsHistory = exported.format === "studybook-marks" && exported.version === 2 && exported.reviews[key].length === 2;
  await page.evaluate(() => localStorage.removeItem("sb-reviews"));
  await page.reload();
  checks.wiped = (await weekDates()).length === 0;
  await page.setInputFiles("#review-import", file);
  await page.waitForFunction(() => document.getElementById("review-import-status").textContent !== "");
  checks.importRoundTrips = (await history()) === before;
  await page.setInputFiles("#review-import", file);
  await page.waitForTimeout(300);
  checks.importMergesWithoutDoubling = (await history()) === before;
  checks.importedListShown = JSON.stringify(await weekDates()) === JSON.stringify([next]);
  // A file from before FSRS (version 1) still imports.
  const v1 = { format: "studybook-marks", version: 1, marks: { "networking/handshakes/q2-quic/": "review" }, schedule: {} };
  await page.setInputFiles("#review-import", { name: "v1.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(v1)) });
  await page.waitForFunction(() => /1개/.test(document.getElementById("review-import-status").textContent));
  checks.version1Imports = JSON.stringify(await dueKeys()) === JSON.stringify(["networking/handshakes/q2-quic/"]);
  const after = await history();
  await page.setInputFiles("#review-import", { name: "x.json", mimeType: "application/json", buffer: Buffer.from("{\"hello\": 1}") });
  await page.waitForFunction(() => /가져오지 못했습니다/.test(document.getElementById("review-import-status").textContent));
  checks.badFileKeepsHistory = (await history()) === after;

  // Concept map: on a desktop every label is drawn at 11 px or more; at 390 px, the list.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(map);
  const sizes = await page.$$eval("svg.concept-map text", (texts) => texts.map((t) => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  }));
  checks.labelsAtLeast11px = sizes.length > 0 && sizes.every((px) => px >= 11);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.reload();
  checks.phoneShowsList = await page.$eval(".cm-list", (el) => getComputedStyle(el).display !== "none" && el.querySelectorAll("a").length >= 2);
  checks.phoneHidesCircle = await page.$eval(".cm-wide", (el) => getComputedStyle(el).display === "none");
  checks.phoneNoSideways = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  const ok = Object.values(checks).every(Boolean);
  return { ok, checks, sizes: sizes.slice(0, 3) };
});
