// Reading on a phone, round 2 (issue 30), at 390 and 1280 px, light and dark: the drawer opened
// mid-page is inside the viewport, keeps Tab inside and closes on Escape, a tap outside and ☰;
// back-to-top; every glossary term of every given question page shows its definition inside the
// layout viewport with a "용어집에서 보기" link and no page widening; tapping a figure opens the
// viewer fitted to the screen, and pinch zooms it; touch targets are 44 px; the phone header shows
// the whole title; the copy button is above the first code line; the contents mark the section
// being read and an empty one is hidden in 시험 모드; the theme toggle names its state; CLS on
// question pages; print with 시험 모드 on keeps every answer (PDF pages within 5% of off) and no
// printed label is over 20 px. Saves screenshots when given a folder.
//
// usage: node reading.mjs BASE_URL SHOT_DIR|- FIGURE_PAGE TALL_FIGURE_PAGE QUESTION_PAGE…
// (the first question page needs a code block, a table and headings inside the answer)
import { run, shifts } from "./lib.mjs";

const [base, shotDir, figurePage, tallFigurePage, ...questions] = process.argv.slice(2);
const shoot = (page, name) => shotDir && shotDir !== "-" ? page.screenshot({ path: `${shotDir}/${name}.png` }) : null;
const MIN_TARGET = 43.5;

await run(async (context) => {
  const page = await context.newPage();
  const checks = {};
  const problems = [];
  const measured = {};
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme, media: "screen" });
      const at = `${width}-${scheme}`;
      checks[`drawer-${at}`] = await drawer(page, base + questions[0], width, at, problems);
      checks[`backToTop-${at}`] = await backToTop(page, base + questions[0], problems, at);
      checks[`viewer-${at}`] = await viewer(page, base + figurePage, at, problems);
      checks[`theme-${at}`] = await theme(page, base + questions[0], width, scheme, problems, at);
    }
    checks[`targets-${width}`] = await targets(page, base + questions[0], width, problems);
    checks[`code-${width}`] = await codeLine(page, base + questions[0], problems, width);
    measured[`cls-${width}`] = await shifts(context, width, questions.map((q) => base + q));
    checks[`cls-${width}`] = measured[`cls-${width}`].worst < 0.02;
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "light", media: "screen" });
  measured.terms = await allTerms(page, questions.map((q) => base + q), problems);
  checks.terms = measured.terms.tapped >= 20 && measured.terms.outside === 0;
  await page.setViewportSize({ width: 1280, height: 844 });
  checks.readingPosition = await readingPosition(page, base + questions[0], problems);
  checks.examHidesEmptyContents = await emptyContents(page, base + questions[0], problems);
  measured.print = await print(context, base + questions[0]);
  checks.printKeepsAnswers = measured.print.withoutAnswers === 0 && Math.abs(measured.print.examOn - measured.print.examOff) <= Math.max(1, 0.05 * measured.print.examOff);
  measured.printLabels = await printedLabels(page, base + tallFigurePage);
  checks.printLabels = measured.printLabels.largest > 0 && measured.printLabels.largest <= 20;
  const ok = problems.length === 0 && Object.values(checks).every(Boolean);
  return { ok, problems, checks, measured };
}, 480000);

function inside(rect, view) {
  return rect.x >= -0.5 && rect.y >= -0.5 && rect.x + rect.width <= view.width + 0.5 && rect.y + rect.height <= view.height + 0.5;
}

async function drawer(page, url, width, at, problems) {
  await page.goto(url);
  if (width > 800) {
    const hidden = await page.locator(".nav-toggle").isHidden();
    if (!hidden) problems.push({ at, why: "☰ shows on a wide screen" });
    return hidden;
  }
  await page.evaluate(() => window.scrollTo(0, 3000));
  const y = await page.evaluate(() => window.scrollY);
  await page.click(".nav-toggle");
  const state = await page.evaluate(() => {
    const s = document.getElementById("sidebar");
    const r = s.getBoundingClientRect();
    return {
      rect: { x: r.x, y: r.y, width: r.width, height: r.height },
      view: { width: document.documentElement.clientWidth, height: window.innerHeight },
      expanded: document.querySelector(".nav-toggle").getAttribute("aria-expanded"),
      background: getComputedStyle(s).backgroundColor,
      focusInside: s.contains(document.activeElement),
    };
  });
  await shoot(page, `drawer-${at}`);
  const opened = state.rect.height > 200 && inside(state.rect, state.view) && state.expanded === "true" && state.focusInside && state.background !== "rgba(0, 0, 0, 0)";
  if (!opened) problems.push({ at, why: "the drawer is not inside the viewport", y, state });
  // Tab and Shift+Tab never leave the drawer and ☰.
  let escaped = 0;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(i < 40 ? "Tab" : "Shift+Tab");
    escaped += await page.evaluate(() => {
      const el = document.activeElement;
      return document.getElementById("sidebar").contains(el) || el.classList.contains("nav-toggle") ? 0 : 1;
    });
  }
  if (escaped) problems.push({ at, why: `focus left the open drawer ${escaped} times` });
  await page.keyboard.press("Escape");
  const closedByEscape = await page.evaluate(() => document.getElementById("sidebar").getBoundingClientRect().height === 0 && document.activeElement.classList.contains("nav-toggle"));
  await page.click(".nav-toggle");
  await page.mouse.click(width - 10, 600);
  const closedByTapOutside = await page.locator("#sidebar").isHidden();
  await page.click(".nav-toggle");
  await page.click(".nav-toggle");
  const closedByButton = await page.locator("#sidebar").isHidden();
  const stayed = Math.abs((await page.evaluate(() => window.scrollY)) - y) < 2;
  if (!(closedByEscape && closedByTapOutside && closedByButton && stayed)) problems.push({ at, why: "the drawer does not close", closedByEscape, closedByTapOutside, closedByButton, stayed });
  return opened && !escaped && closedByEscape && closedByTapOutside && closedByButton && stayed;
}

async function backToTop(page, url, problems, at) {
  await page.goto(url);
  await page.evaluate(() => window.scrollTo(0, 3000));
  const link = page.locator(".back-to-top");
  await page.waitForFunction(() => document.querySelector(".back-to-top").classList.contains("floating"), null, { timeout: 3000 }).catch(() => {});
  const box = await link.boundingBox();
  const view = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: window.innerHeight }));
  const shown = !!box && inside(box, view) && box.height >= MIN_TARGET;
  await link.click();
  await page.waitForFunction(() => window.scrollY < 50, null, { timeout: 3000 }).catch(() => {});
  const top = await page.evaluate(() => window.scrollY < 50);
  if (!(shown && top)) problems.push({ at, why: "no back-to-top", box, top });
  return shown && top;
}

/** Every term of every page: the definition inside the layout viewport, the page no wider. */
async function allTerms(page, urls, problems) {
  let tapped = 0, outside = 0, noLink = 0;
  for (const url of urls) {
    await page.goto(url);
    const n = await page.locator("main .term-wrap a.term").count();
    for (let i = 0; i < n; i++) {
      const term = page.locator("main .term-wrap a.term").nth(i);
      if (!(await term.isVisible())) continue;
      await term.scrollIntoViewIfNeeded();
      const before = await page.evaluate(() => document.documentElement.scrollWidth);
      await term.click();
      const seen = await term.evaluate((link, before) => {
        const box = link.parentElement.querySelector(".term-def");
        const r = box.getBoundingClientRect();
        const width = document.documentElement.clientWidth;
        const more = box.querySelector("a.term-more");
        return {
          shown: r.height > 0, left: r.left, right: r.right, width,
          wider: document.documentElement.scrollWidth - before,
          link: !!more && more.href === link.href && more.href.includes("glossary/#"),
        };
      }, before);
      tapped++;
      if (!seen.shown || seen.left < 0 || seen.right > seen.width || seen.wider > 0) {
        outside++;
        problems.push({ url, term: await term.textContent(), why: "definition outside the screen", seen });
      }
      if (!seen.link) noLink++;
      if (tapped === 1) await shoot(page, "term-390");
      await page.keyboard.press("Escape");
    }
  }
  if (noLink) problems.push({ why: `${noLink} definitions without "용어집에서 보기"` });
  return { tapped, outside, noLink };
}

async function viewer(page, url, at, problems) {
  await page.goto(url);
  const figure = page.locator("main figure.diagram").first();
  const enlarge = await figure.locator("a.diagram-open").boundingBox();
  await figure.locator(".diagram-scroll").scrollIntoViewIfNeeded();
  await figure.locator(".diagram-scroll").click();
  const dialog = page.locator("dialog.diagram-viewer");
  const opened = await dialog.isVisible().catch(() => false);
  if (!opened) { problems.push({ at, why: "a tap on the figure opens no viewer" }); return false; }
  const fit = await dialog.evaluate((d) => {
    const body = d.querySelector(".viewer-body").getBoundingClientRect();
    const svg = d.querySelector("svg").getBoundingClientRect();
    return { body: { x: body.x, y: body.y, w: body.width, h: body.height }, svg: { x: svg.x, y: svg.y, w: svg.width, h: svg.height } };
  });
  const fitted = fit.svg.x >= fit.body.x - 1 && fit.svg.y >= fit.body.y - 1 && fit.svg.x + fit.svg.w <= fit.body.x + fit.body.w + 1 && fit.svg.y + fit.svg.h <= fit.body.y + fit.body.h + 1;
  await shoot(page, `viewer-${at}`);
  // A pinch: two pointers moving apart.
  const zoomed = await dialog.evaluate(async (d) => {
    const body = d.querySelector(".viewer-body");
    const svg = d.querySelector("svg");
    const before = svg.getBoundingClientRect().width;
    const fire = (type, id, x) => body.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: 300, bubbles: true, pointerType: "touch" }));
    fire("pointerdown", 1, 150); fire("pointerdown", 2, 200);
    fire("pointermove", 1, 100); fire("pointermove", 2, 250);
    fire("pointerup", 1, 100); fire("pointerup", 2, 250);
    return svg.getBoundingClientRect().width / before;
  });
  await page.keyboard.press("Escape");
  const big = !!enlarge && enlarge.height >= MIN_TARGET;
  if (!(fitted && zoomed > 1.5 && big)) problems.push({ at, why: "the viewer is not fitted or does not pinch", fit, zoomed, enlarge });
  return fitted && zoomed > 1.5 && big;
}

/** The theme toggle says which of its three states is in force (in words, or in a notice on a phone). */
async function theme(page, url, width, scheme, problems, at) {
  await page.goto(url);
  const button = page.locator(".theme-toggle");
  const names = [];
  for (let i = 0; i < 3; i++) {
    names.push(await button.evaluate((b) => {
      const shown = [...b.querySelectorAll(".theme-state")].filter((s) => getComputedStyle(s).display !== "none");
      return shown.length === 1 ? shown[0].textContent.trim() : `${shown.length} states shown`;
    }));
    await button.click();
  }
  const notice = await page.locator(".theme-status").textContent();
  const box = await button.boundingBox();
  const ok = names[0].includes("시스템 설정 따름") && new Set(names).size === 3 && /화면 테마/.test(notice) && box.height >= MIN_TARGET;
  if (!ok) problems.push({ at, why: "the theme toggle does not name its state", names, notice });
  if (width < 800 && scheme === "dark") await shoot(page, `theme-${at}`);
  return ok;
}

async function targets(page, url, width, problems) {
  await page.goto(url);
  if (width < 800) await page.click(".nav-toggle");
  const small = await page.evaluate((min) => {
    const selectors = [".nav-toggle", ".theme-toggle", ".review-nav", ".search-form input", ".study-tools button", ".copy-code", "a.diagram-open"];
    if (window.innerWidth < 800) selectors.push(".breadcrumbs a", "#sidebar a");
    const found = [];
    for (const s of selectors) {
      for (const el of document.querySelectorAll(s)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.height < min) found.push(`${s} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    const title = document.querySelector(".site-title");
    if (title.scrollHeight > title.clientHeight + 1 || title.scrollWidth > title.clientWidth + 1) found.push("the book's title is cut short");
    return found;
  }, MIN_TARGET);
  if (small.length) problems.push({ width, why: "targets under 44 px", small: small.slice(0, 10) });
  return small.length === 0;
}

async function codeLine(page, url, problems, width) {
  await page.goto(url);
  const seen = await page.evaluate(() => {
    const wrap = document.querySelector("main .code-wrap");
    const code = wrap.querySelector("code");
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.textContent.trim()) text = walker.nextNode();
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const line = range.getBoundingClientRect();
    const button = wrap.querySelector(".copy-code").getBoundingClientRect();
    const pre = wrap.querySelector("pre");
    const label = getComputedStyle(pre, "::before");
    const labelBottom = pre.getBoundingClientRect().top + parseFloat(label.top) + parseFloat(label.height || label.lineHeight);
    return { lineTop: line.top, buttonBottom: button.bottom, labelBottom };
  });
  const ok = seen.lineTop >= seen.buttonBottom && seen.lineTop >= seen.labelBottom - 1;
  if (!ok) problems.push({ width, why: "the copy button or label covers the first line", seen });
  return ok;
}

async function readingPosition(page, url, problems) {
  await page.goto(url);
  const links = await page.locator(".page-toc a").count();
  const target = Math.min(3, links - 1);
  const id = await page.locator(".page-toc a").nth(target).evaluate((a) => decodeURIComponent(a.getAttribute("href").slice(1)));
  await page.evaluate((id) => { const h = document.getElementById(id); window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 100); }, id);
  await page.waitForTimeout(400);
  const current = await page.evaluate(() => [...document.querySelectorAll('.page-toc a[aria-current="location"]')].map((a) => decodeURIComponent(a.getAttribute("href").slice(1))));
  await shoot(page, "contents-1280");
  const ok = current.length === 1 && current[0] === id;
  if (!ok) problems.push({ why: "the contents do not mark the section being read", expected: id, current });
  return ok;
}

async function emptyContents(page, url, problems) {
  await page.goto(url);
  await page.evaluate(() => localStorage.setItem("sb-exam", "1"));
  await page.reload();
  const seen = await page.evaluate(() => {
    const column = document.querySelector(".toc-column");
    const onlyAnswer = ![...column.querySelectorAll("li")].some((li) => !li.classList.contains("toc-answer"));
    return { onlyAnswer, shown: getComputedStyle(column).display !== "none" && column.getBoundingClientRect().height > 0 };
  });
  await page.evaluate(() => localStorage.removeItem("sb-exam"));
  const ok = seen.onlyAnswer ? !seen.shown : seen.shown;
  if (!ok) problems.push({ why: "an empty contents box shows in 시험 모드", seen });
  return ok;
}

/** The question printed with 시험 모드 off and on: the same number of pages, every answer there. */
async function print(context, url) {
  const page = await context.newPage();
  const count = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  await page.goto(url);
  await page.evaluate(() => localStorage.removeItem("sb-exam"));
  await page.reload();
  const examOff = count(await page.pdf({ format: "A4" }));
  await page.evaluate(() => localStorage.setItem("sb-exam", "1"));
  await page.reload();
  const closed = await page.evaluate(() => document.querySelectorAll("details.answer:not([open])").length);
  const examOn = count(await page.pdf({ format: "A4" }));
  const reopened = await page.evaluate(() => document.querySelectorAll("details.answer:not([open])").length);
  // Without site.js's beforeprint (the no-JavaScript case), the style alone shows the answers.
  await page.emulateMedia({ media: "print" });
  const withoutAnswers = await page.evaluate(() => [...document.querySelectorAll("details.answer")].filter((d) => {
    const body = d.querySelector(".answer-body") || d.lastElementChild;
    return body.getBoundingClientRect().height === 0;
  }).length);
  await page.evaluate(() => localStorage.removeItem("sb-exam"));
  await page.close();
  return { examOff, examOn, closed, closedAfterPrint: reopened, withoutAnswers };
}

/** The largest label of the figures in print, in CSS px, laid out at A4's printable width. */
async function printedLabels(page, url) {
  await page.setViewportSize({ width: 718, height: 1000 });
  await page.goto(url);
  await page.emulateMedia({ media: "print" });
  const largest = await page.evaluate(() => {
    let largest = 0;
    for (const text of document.querySelectorAll("main figure.diagram svg text, main figure.diagram svg foreignObject div")) {
      const size = parseFloat(getComputedStyle(text).fontSize);
      const matrix = text.closest("svg").getScreenCTM();
      if (!size || !matrix || !text.getClientRects().length) continue;
      largest = Math.max(largest, size * matrix.a);
    }
    return Math.round(largest * 10) / 10;
  });
  await page.emulateMedia({ media: "screen" });
  return { largest };
}
