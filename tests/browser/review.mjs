// The study loop in a real browser, served under a sub-path: marking a question 복습 필요 puts it
// on the review page; 이해함 takes it off today's list and shows its next date; a passed interval
// brings it back; export then import restores the same marks. Also the concept map: labels at
// least 11 CSS px on a desktop, and the list instead of the circle at 390 px.
import { run } from "./lib.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [question, review, map, downloadDir] = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  const day = (offset) => page.evaluate((n) => window.studybookMarks.addDays(window.studybookMarks.today(), n), offset);
  const dueUrls = () => page.$$eval("#review-due [data-url]", (items) => items.map((li) => li.getAttribute("data-url")));
  const upcomingNext = () => page.$$eval("#review-upcoming time.review-next", (items) => items.map((t) => t.getAttribute("datetime")));
  const key = "networking/handshakes/q1-tcp/";

  await page.goto(review);
  checks.startsEmpty = (await dueUrls()).length === 0 && /아직 표시한 문제가 없습니다/.test(await page.textContent("#review-status"));
  checks.saysLocalOnly = /이 브라우저에만 저장됩니다/.test(await page.textContent(".review-local"));

  // 복습 필요 → due today.
  await page.goto(question);
  await page.click(".mark[data-mark='review']");
  await Promise.all([page.waitForURL(review), page.click(".review-link")]);
  checks.linkWorksUnderSubPath = page.url() === review;
  checks.reviewIsDue = JSON.stringify(await dueUrls()) === JSON.stringify([key]);
  const topicRow = await page.$$eval("#review-topics tbody tr", (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent.trim())));
  checks.countsPerTopic = JSON.stringify(topicRow) === JSON.stringify([["네트워크", "1", "1", "0", "2"]]);

  // 이해함 → off today's list; box 1 → 2, whose interval is 3 days.
  await page.goto(question);
  await page.click(".mark[data-mark='ok']");
  const next = await day(3);
  checks.questionPageShowsNext = (await page.textContent(".mark-next")).includes(next);
  await page.goto(review);
  checks.understoodLeavesToday = (await dueUrls()).length === 0;
  checks.showsNextDate = JSON.stringify(await upcomingNext()) === JSON.stringify([next]);

  // The interval passes: back on today's list; 이해함 there moves it up a box (7 days).
  await page.evaluate((k) => {
    const schedule = JSON.parse(localStorage.getItem("sb-schedule"));
    schedule[k].due = window.studybookMarks.addDays(window.studybookMarks.today(), -1);
    localStorage.setItem("sb-schedule", JSON.stringify(schedule));
  }, key);
  await page.reload();
  checks.passedIntervalIsDue = JSON.stringify(await dueUrls()) === JSON.stringify([key]);
  await page.click(`#review-due [data-url='${key}'] .review-mark[data-mark='ok']`);
  const box = await page.evaluate((k) => JSON.parse(localStorage.getItem("sb-schedule"))[k].box, key);
  checks.movesUpABox = box === 3 && JSON.stringify(await upcomingNext()) === JSON.stringify([await day(7)]);
  // On the question page a due 이해함 is not "pressed", so pressing it reviews instead of undoing.
  await page.goto(question);
  checks.notDueIsPressed = (await page.getAttribute(".mark[data-mark='ok']", "aria-pressed")) === "true";

  // Export, wipe, import: the same marks come back.
  await page.goto(review);
  const before = await page.evaluate(() => [localStorage.getItem("sb-progress"), localStorage.getItem("sb-schedule")]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#review-export")]);
  const file = join(downloadDir, download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, "utf8"));
  checks.exportHoldsMarks = exported.format === "studybook-marks" && exported.marks[key] === "ok" && exported.schedule[key].box === 3;
  await page.evaluate(() => { localStorage.removeItem("sb-progress"); localStorage.removeItem("sb-schedule"); });
  await page.reload();
  checks.wiped = (await upcomingNext()).length === 0;
  await page.setInputFiles("#review-import", file);
  await page.waitForFunction(() => document.getElementById("review-import-status").textContent !== "");
  const after = await page.evaluate(() => [localStorage.getItem("sb-progress"), localStorage.getItem("sb-schedule")]);
  checks.importRoundTrips = JSON.stringify(JSON.parse(after[0])) === JSON.stringify(JSON.parse(before[0]))
    && JSON.stringify(JSON.parse(after[1])) === JSON.stringify(JSON.parse(before[1]));
  checks.importedListShown = JSON.stringify(await upcomingNext()) === JSON.stringify([await day(7)]);
  await page.setInputFiles("#review-import", { name: "x.json", mimeType: "application/json", buffer: Buffer.from("{\"hello\": 1}") });
  await page.waitForFunction(() => /가져오지 못했습니다/.test(document.getElementById("review-import-status").textContent));
  checks.badFileKeepsMarks = (await page.evaluate(() => localStorage.getItem("sb-progress"))) === after[0];

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
