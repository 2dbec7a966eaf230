// Study features in a real browser: 시험 모드 (remembered across pages, keyboard reveal),
// grades with counts and clearing, the glossary tooltip on focus and hover, dark mode.
import { run } from "./lib.mjs";

const [q1, q2, scenario] = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  await page.goto(q1);
  const openCount = () => page.$$eval("details.answer", (ds) => ds.filter((d) => d.open).length);
  checks.answersOpenByDefault = (await openCount()) === 1;

  // 시험 모드 hides the answer, and the choice follows the reader to the next page.
  await page.click(".exam-toggle");
  checks.examHides = (await openCount()) === 0;
  await page.goto(q2);
  checks.examRemembered = (await openCount()) === 0 && (await page.getAttribute(".exam-toggle", "aria-pressed")) === "true";
  await page.focus("details.answer > summary");
  await page.keyboard.press("Enter");
  checks.keyboardReveals = (await openCount()) === 1;
  await page.click(".exam-toggle");
  checks.examOff = (await openCount()) === 1;

  // Grades: Q2 graded Good, counted on the scenario page, then cleared there.
  await page.click(".grade-panel .grade[data-rating='3']");
  checks.markPressed = (await page.getAttribute(".grade-panel .grade[data-rating='3']", "aria-pressed")) === "true";
  await page.goto(scenario);
  const counter = () => page.textContent("article.section > header .progress-count");
  checks.counted = /학습함 1 \/ 2/.test(await counter());
  checks.itemMarked = (await page.$$("[data-progress-item].progress-ok")).length >= 1;
  await page.click("article.section > header .progress-count button");
  checks.cleared = /학습함 0 \/ 2/.test(await counter());

  // Glossary: the definition shows on keyboard focus and on hover (CSS only); it describes the
  // term (aria-describedby) instead of being part of the link's name.
  await page.goto(q1);
  const wrap = page.locator(".term-wrap").first();
  const term = wrap.locator("a.term");
  const definition = wrap.locator(".term-def");
  const shown = () => definition.evaluate((el) => getComputedStyle(el).display);
  checks.termHiddenAtRest = (await shown()) === "none";
  checks.termDescribed = (await term.getAttribute("aria-describedby")) === (await definition.getAttribute("id"));
  checks.termNameIsTheTerm = (await term.evaluate((el) => el.textContent)) === (await term.innerText());
  await term.focus();
  checks.termOnFocus = (await shown()) === "block";
  await page.mouse.move(0, 0);
  await page.focus("body");
  await term.hover();
  checks.termOnHover = (await shown()) === "block";

  // Dark mode toggle, remembered.
  await page.click(".theme-toggle");
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const before = await theme();
  await page.reload();
  checks.themeRemembered = before && (await theme()) === before;

  const ok = Object.values(checks).every(Boolean);
  return { ok, checks };
});
