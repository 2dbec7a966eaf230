// The study loop of issue 31 in a real browser, under a sub-path: today's marks migrate to the
// FSRS history; Again is due today and Good later, both exactly as ts-fsrs (imported here, the same
// pinned version as the bundle) schedules the same history; grades sit after the answer without
// shifting the page; "다음 문제 →" goes to the next due question; a mock interview of three due
// questions at 390 px by touch and at 1280 px by mouse and keyboard; the progress link restores the schedule in a fresh browser.
import { run, launch } from "./lib.mjs";
import { fsrs, generatorParameters, createEmptyCard } from "ts-fsrs";

const [root] = process.argv.slice(2);
const scheduler = fsrs(generatorParameters({ request_retention: 0.9, learning_steps: ["1m"] }));
function replay(list) {
  let card = createEmptyCard(new Date(list[0][0]));
  for (const [t, r] of list) card = scheduler.next(card, new Date(t), r).card;
  return card;
}
const noonDaysAgo = (n) => { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate() - n, 12).getTime(); };
const day = (ms) => { const d = new Date(ms); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; };
const endOfToday = () => { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() - 1; };
const log = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("sb-reviews") || "{\"log\":{}}").log);
const reset = (page, value) => page.evaluate((v) => {
  localStorage.clear();
  if (v) localStorage.setItem("sb-reviews", JSON.stringify({ v: 1, log: v }));
}, value);
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));

await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  await page.goto(root + "review/interview/");
  const questions = JSON.parse(await page.textContent("#interview-data")).questions;
  const [a, b, c] = questions;
  checks.threeQuestionsWithKeyPoints = questions.length >= 3 && questions.every((q) => q.points.length >= 1);
  checks.idsAndUrlFallback = a.key !== a.url && b.key === b.url;

  await migration(page, checks, a, b);
  await gradesOnTheQuestionPage(page, checks, a, b);
  // At 390 px on a touch screen (taps), at 1280 px with a mouse and keys.
  const phone = await launch({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 850 }, deviceScaleFactor: 2 });
  try {
    await interview(await phone.newPage(), checks, 390, [a, b, c], true);
  } finally {
    await phone.close();
  }
  await interview(page, checks, 1280, [a, b, c], false);
  await progressLink(page, checks, a, c);
  return { ok: Object.values(checks).every(Boolean), checks };
}, 120000);

// A reader with today's storage: 이해함 yesterday (Leitner box 2) and 복습 필요 today.
async function migration(page, checks, a, b) {
  const yesterday = day(noonDaysAgo(1)), today = day(Date.now());
  await page.evaluate(([a, b, yesterday, today]) => {
    localStorage.clear();
    localStorage.setItem("sb-progress", JSON.stringify({ [a.url]: "ok", [b.url]: "review" }));
    localStorage.setItem("sb-schedule", JSON.stringify({ [a.url]: { box: 2, due: today, seen: yesterday }, [b.url]: { box: 1, due: today, seen: today } }));
  }, [a, b, yesterday, today]);
  await page.goto(root + "review/");
  const stored = await log(page);
  const aList = stored[a.key], bList = stored[b.key];
  checks.migratedOkAsGoodWithItsDate = aList && aList.length === 1 && aList[0][1] === 3 && day(aList[0][0]) === yesterday;
  checks.migratedReviewAsAgain = bList && bList.length === 1 && bList[0][1] === 1 && day(bList[0][0]) === today;
  checks.movedToTheId = !stored[a.url];
  checks.legacyKeysKept = await page.evaluate(() => localStorage.getItem("sb-progress") !== null && localStorage.getItem("sb-schedule") !== null);
  const due = await page.$$eval("#review-due [data-key]", (els) => els.map((e) => e.getAttribute("data-key")));
  checks.migratedAgainIsDue = JSON.stringify(due) === JSON.stringify([b.key]);
  const week = await page.$$eval("#review-week [data-key] time", (els) => els.map((e) => e.getAttribute("datetime")));
  checks.migratedGoodScheduledLikeTsFsrs = week.length === 1 && week[0] === day(replay(aList).due.getTime());
  // A topic page counts the migrated marks.
  await page.goto(root + a.topic_url);
  checks.topicCounts = /학습함 1 \/ \d+ · 다시 1/.test(await page.textContent(".progress-count"));
}

async function gradesOnTheQuestionPage(page, checks, a, b) {
  await reset(page, null);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(root + a.url);
  await page.waitForTimeout(300);
  checks.noLayoutShift = (await page.evaluate(() => window.__cls)) < 0.02;
  for (const path of ["review/", "review/interview/"]) {
    await page.goto(root + path);
    await page.waitForTimeout(300);
    checks[`noLayoutShift ${path}`] = (await page.evaluate(() => window.__cls)) < 0.02;
  }
  await page.goto(root + a.url);
  checks.gradesAfterTheAnswer = await page.evaluate(() => {
    const answer = document.querySelector("details.answer").getBoundingClientRect();
    const panel = document.querySelector(".grade-panel").getBoundingClientRect();
    return panel.top >= answer.bottom && panel.height > 0 && !document.querySelector("header .grade");
  });
  checks.fourGrades = JSON.stringify(await texts(page, ".grade-panel .grade")) === JSON.stringify(["다시", "어려움", "알맞음", "쉬움"]);
  checks.touchTargets = (await page.$$eval(".grade-panel .grade, .next-due", (els) => els.map((e) => e.getBoundingClientRect().height))).every((h) => h >= 44);
  await page.click(".grade-panel .grade[data-rating='1']");
  const againList = (await log(page))[a.key];
  const again = replay(againList);
  checks.againDueToday = again.due.getTime() <= endOfToday() && (await page.textContent(".grade-next")).includes("오늘");
  checks.againMatchesTsFsrs = await page.evaluate(([k, u, due]) => {
    const s = window.studybook;
    return s.card(s.entries(s.load(), k, u)).due.getTime() === due;
  }, [a.key, a.url, again.due.getTime()]);
  checks.pressedThenUndo = (await page.getAttribute(".grade[data-rating='1']", "aria-pressed")) === "true";

  await page.goto(root + b.url);
  await page.click(".grade-panel .grade[data-rating='3']");
  const good = replay((await log(page))[b.key]);
  checks.goodDueLaterLikeTsFsrs = good.due.getTime() > endOfToday()
    && (await page.textContent(".grade-next")).includes(day(good.due.getTime()))
    && (await page.textContent(".mark-next")).includes(day(good.due.getTime()));
  // "다음 문제 →" from b: a is the one due.
  await Promise.all([page.waitForURL(root + a.url), page.click(".next-due")]);
  checks.nextGoesToTheDueQuestion = page.url() === root + a.url;
  await page.click(".grade[data-rating='1']");
  checks.pressingAgainUndoes = !(await log(page))[a.key] || (await log(page))[a.key].length === againList.length - 1;
}

// Three questions graded Again yesterday: all due. The interview asks them, times them, shows
// their key points, proposes grades from the ticks, and stores each grade with its schedule.
async function interview(page, checks, width, three, touch) {
  const tag = `at${width}`;
  const press = (selector) => (touch ? page.tap(selector) : page.click(selector));
  if (!touch) await page.setViewportSize({ width, height: 850 });
  await page.goto(root + "review/");
  const seeded = Object.fromEntries(three.map((q) => [q.key, [[noonDaysAgo(1), 1]]]));
  await reset(page, seeded);
  await page.goto(root + "review/");
  checks[`${tag}ThreeDue`] = (await page.$$("#review-due [data-key]")).length === 3;
  await Promise.all([page.waitForURL(/interview\/#due$/), press("#review-interview")]);
  await page.waitForSelector("#interview-card:not([hidden])");
  checks[`${tag}Position`] = (await page.textContent("#interview-position")) === "1 / 3";
  const first = await page.textContent("#interview-timer");
  await page.waitForTimeout(1300);
  const second = await page.textContent("#interview-timer");
  checks[`${tag}TimerRuns`] = /^[23]:\d\d$/.test(first) && first !== second;
  const asked = [];
  const plan = [
    { how: "key", ticks: "all", grade: "key3" },
    { how: "click", ticks: "none", grade: "proposed" },
    { how: "click", ticks: "half", grade: "proposed" },
  ];
  for (const step of plan) {
    const question = await page.textContent("#interview-question");
    const q = three.find((x) => x.question === question);
    asked.push(q);
    if (step.how === "key" && !touch) await page.keyboard.press("Space"); else await press("#interview-reveal");
    const boxes = await page.$$("#interview-points input");
    const shown = await texts(page, "#interview-points label");
    checks[`${tag}KeyPoints${asked.length}`] = JSON.stringify(shown) === JSON.stringify(q.points);
    checks[`${tag}StartsAtAgain${asked.length}`] = (await page.textContent("#interview-proposed")) === "다시";
    if (asked.length === 1) checks[`${tag}GradeTargets44px`] = await page.$$eval("#interview-answer .grade", (els) => els.every((e) => e.getBoundingClientRect().height >= 44));
    const n = step.ticks === "all" ? boxes.length : step.ticks === "half" ? Math.floor(boxes.length / 2) : 0;
    for (const box of boxes.slice(0, n)) await (touch ? box.tap() : box.click());
    const proposed = await page.getAttribute("#interview-proposed", "data-rating");
    if (step.ticks === "all") checks[`${tag}AllTickedIsEasy`] = proposed === "4";
    step.rating = step.grade === "key3" ? 3 : +proposed;
    if (step.grade === "key3" && !touch) await page.keyboard.press("3");
    else if (step.grade === "key3") await press("#interview-answer .grade[data-rating='3']");
    else await press("#interview-answer .grade.proposed");
  }
  await page.waitForSelector("#interview-end:not([hidden])");
  const stored = await log(page);
  const results = await page.$$eval("#interview-results li", (els) => els.map((li) => [li.getAttribute("data-key"), li.querySelector("time").getAttribute("datetime")]));
  checks[`${tag}AllThreeAsked`] = new Set(asked.map((q) => q.key)).size === 3 && results.length === 3;
  checks[`${tag}GradesStoredAndScheduledLikeTsFsrs`] = plan.every((step, i) => {
    const list = stored[asked[i].key];
    return list.length === 2 && list[1][1] === step.rating
      && results[i][0] === asked[i].key && results[i][1] === day(replay(list).due.getTime());
  });
  checks[`${tag}NoSideways`] = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

// The link made on one device, opened in a fresh browser that has a review of its own: both
// survive, and the schedule is the same.
async function progressLink(page, checks, a, c) {
  await reset(page, { [a.key]: [[noonDaysAgo(3), 3], [noonDaysAgo(1), 1]] });
  await page.goto(root + "review/");
  await page.click("#review-sync-make");
  await page.waitForFunction(() => document.getElementById("review-sync-link").value.includes("#sync="));
  const link = await page.inputValue("#review-sync-link");
  checks.linkIsShort = link.length < 400 && link.startsWith(root + "review/#sync=");
  const mine = await log(page);
  const other = await launch();
  try {
    const fresh = await other.newPage();
    await fresh.goto(root + "review/");
    await reset(fresh, { [c.key]: [[noonDaysAgo(1), 3]] });
    await fresh.goto(link);
    await fresh.waitForFunction(() => /합쳤습니다/.test(document.getElementById("review-sync-status").textContent));
    const merged = await log(fresh);
    checks.linkRestores = JSON.stringify(merged[a.key]) === JSON.stringify(mine[a.key]);
    checks.linkMergesWithWhatWasThere = merged[c.key] && merged[c.key].length === 1;
    checks.linkLeavesTheAddressBar = !fresh.url().includes("#sync=");
    const due = await fresh.$$eval("#review-due [data-key]", (els) => els.map((e) => e.getAttribute("data-key")));
    checks.restoredScheduleDue = JSON.stringify(due) === JSON.stringify([a.key]);
  } finally {
    await other.close();
  }
}
