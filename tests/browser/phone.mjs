// Reading on a phone (390 px) and a desktop (1280 px), light and dark: tables keep whole words
// and scroll in a focusable region with a cue, every page with headings has its contents (above
// the text on narrow screens; 시험 모드 hides the answer's headings from it), a tapped glossary
// term shows its definition inside the screen without navigating and closes on a second tap or
// Escape, print is black on white in dark mode, code blocks copy, ←/→ go to the previous and next
// page (not while typing), "크게 보기" opens a diagram full screen, the skip link stays hidden.
// Saves screenshots when given a folder.
//
// usage: node phone.mjs BASE_URL SHOT_DIR|- TABLE_PAGE… (the first page must have a glossary
// term, code, a diagram and a next page)
import { run } from "./lib.mjs";

const [base, shotDir, ...pages] = process.argv.slice(2);
/** No cell narrower than a short word: 4 Hangul syllables at the table's 15 px. */
const MIN_CELL_PX = 56;

await run(async (context) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(base).origin });
  const page = await context.newPage();
  const checks = {};
  const problems = [];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme, media: "screen" });
      const at = `${width}-${scheme}`;
      for (const path of pages) {
        await page.goto(base + path);
        const found = await page.evaluate(tablesAndToc);
        for (const table of found.tables) {
          if (table.narrowest < MIN_CELL_PX) problems.push({ at, path, why: `a cell is ${table.narrowest} px wide` });
          if (!table.focusable) problems.push({ at, path, why: "the table's scroll region is not focusable and named" });
          if (table.scrolls && !table.cue) problems.push({ at, path, why: "the table scrolls without a cue" });
        }
        if (!found.tables.length) problems.push({ at, path, why: "no table" });
        if (!found.tocShown) problems.push({ at, path, why: "no contents shown" });
        if (found.pageWider) problems.push({ at, path, why: "the page is wider than the screen" });
        if (found.skipVisible) problems.push({ at, path, why: "the skip link shows at rest" });
        if (shotDir && shotDir !== "-") {
          const name = path.split("/").filter(Boolean).pop();
          await page.mouse.move(0, 0);
          if (path === pages[0]) await page.screenshot({ path: `${shotDir}/page-${at}.png`, fullPage: false });
          await page.locator("main .table-scroll").first().screenshot({ path: `${shotDir}/table-${name}-${at}.png` });
          await page.locator("main figure.diagram").first().screenshot({ path: `${shotDir}/figure-${name}-${at}.png` });
        }
      }
      checks[`terms-${at}`] = await tappedTerm(page, base + pages[0], width);
      const print = await printsBlack(page, base + pages[0]);
      checks[`print-${at}`] = print.ok;
      if (!print.ok) problems.push({ at, why: "print is not black on white", colours: print.seen });
      await page.emulateMedia({ colorScheme: scheme, media: "screen" });
    }
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "light", media: "screen" });
  checks.examHidesAnswerHeadings = await examHidesToc(page, base + pages[0]);
  checks.copy = await copies(page, base + pages[0]);
  checks.keys = await keys(page, base + pages[0]);
  checks.viewer = await viewer(page, base + pages[0], shotDir);
  const ok = problems.length === 0 && Object.values(checks).every(Boolean);
  return { ok, problems, checks };
}, 240000);

/** Runs in the page. */
function tablesAndToc() {
  const visible = (el) => !!el && getComputedStyle(el).display !== "none" && el.getBoundingClientRect().height > 0;
  const tables = [...document.querySelectorAll("main table")].map((table) => {
    const region = table.closest(".table-scroll");
    const cells = [...table.querySelectorAll("th, td")];
    const narrowest = Math.round(Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
    const scrolls = !!region && region.scrollWidth > region.clientWidth + 1;
    const hint = region && region.nextElementSibling;
    return {
      narrowest,
      focusable: !!region && region.tabIndex === 0 && region.getAttribute("role") === "region" && !!region.getAttribute("aria-label"),
      scrolls,
      cue: region && region.classList.contains("is-scrollable") && hint && hint.classList.contains("scroll-hint") && visible(hint),
    };
  });
  const inline = document.querySelector(".toc-inline");
  const aside = document.querySelector(".page-toc");
  const tocShown = (visible(inline) && inline.querySelectorAll("li").length > 0) || (visible(aside) && aside.querySelectorAll("li").length > 0);
  const skip = document.querySelector(".skip-link").getBoundingClientRect();
  const skipVisible = skip.bottom > 0;
  return { tables, tocShown, pageWider: document.documentElement.scrollWidth > window.innerWidth + 1, skipVisible };
}

/** A tap shows the definition inside the screen, on the same page; a second tap and Escape close it. */
async function tappedTerm(page, url, width) {
  await page.goto(url);
  const wrap = page.locator("main .term-wrap").first();
  const term = wrap.locator("a.term");
  const definition = wrap.locator(".term-def");
  await term.scrollIntoViewIfNeeded();
  await term.click();
  const box = await definition.boundingBox();
  const opened = await definition.isVisible();
  const inside = !!box && box.x >= 0 && box.x + box.width <= width;
  const stayed = page.url() === url;
  const notWider = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await term.click();
  await page.mouse.move(0, 0);
  const closedByTap = !(await definition.isVisible());
  await term.click();
  await page.keyboard.press("Escape");
  const closedByEscape = !(await definition.isVisible());
  return opened && inside && stayed && notWider && closedByTap && closedByEscape;
}

/** Print emulation while the system (and the toggle) say dark: black text on white. */
async function printsBlack(page, url) {
  await page.goto(url);
  let ok = true;
  const seen = [];
  for (const theme of [null, "dark"]) {
    await page.evaluate((t) => { if (t) document.documentElement.dataset.theme = t; }, theme);
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const colours = await page.evaluate(() => {
      const p = document.querySelector("main .answer-body > p") || document.querySelector("main article p");
      return { text: getComputedStyle(p).color, body: getComputedStyle(document.body).backgroundColor, code: getComputedStyle(document.querySelector("pre.code code") || p).color };
    });
    seen.push(colours);
    ok = ok && colours.text === "rgb(0, 0, 0)" && (colours.body === "rgb(255, 255, 255)") && colours.code !== "rgb(230, 237, 243)";
  }
  return { ok, seen };
}

async function examHidesToc(page, url) {
  await page.goto(url);
  const answerEntries = () => page.$$eval(".toc-inline li.toc-answer", (l) => l.filter((li) => getComputedStyle(li).display !== "none").length);
  // The contents follow each answer's `toggle` event, which the browser fires in a task of its
  // own after `open` changes: read the count once it has settled on what is expected (2 s at
  // most), not at once.
  const settled = async (expected) => {
    const deadline = Date.now() + 2000;
    let count = await answerEntries();
    while (count !== expected && Date.now() < deadline) {
      await page.waitForTimeout(50);
      count = await answerEntries();
    }
    return count;
  };
  const before = await answerEntries();
  await page.click(".exam-toggle");
  const during = await settled(0);
  await page.click("details.answer > summary");
  const revealed = await settled(before);
  await page.click(".exam-toggle");
  return before > 0 && during === 0 && revealed === before;
}

async function copies(page, url) {
  await page.goto(url);
  const button = page.locator("main .code-wrap .copy-code").first();
  const code = await page.locator("main .code-wrap pre.code code").first().textContent();
  await button.click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  return copied === code && /복사함/.test(await button.textContent());
}

async function keys(page, url) {
  await page.goto(url);
  const next = await page.getAttribute(".prev-next a[rel=next]", "href");
  await page.focus("#search-input");
  await page.keyboard.press("ArrowRight");
  const stayedWhileTyping = page.url() === url;
  await page.evaluate(() => document.activeElement.blur());
  await Promise.all([page.waitForURL((u) => u.href !== url), page.keyboard.press("ArrowRight")]);
  const wentNext = page.url() === new URL(next, url).href;
  await Promise.all([page.waitForURL((u) => u.href === url), page.keyboard.press("ArrowLeft")]);
  return stayedWhileTyping && wentNext && page.url() === url;
}

async function viewer(page, url, shotDir) {
  await page.goto(url);
  const open = page.locator("figure.diagram a.diagram-open").first();
  const href = await open.getAttribute("href");
  await open.scrollIntoViewIfNeeded();
  await open.click();
  const dialog = page.locator("dialog.diagram-viewer");
  const shown = await dialog.isVisible() && (await dialog.locator("svg").count()) === 1;
  const before = await dialog.locator("svg").evaluate((s) => s.getBoundingClientRect().width);
  await dialog.locator("button", { hasText: "+" }).click();
  const after = await dialog.locator("svg").evaluate((s) => s.getBoundingClientRect().width);
  if (shotDir && shotDir !== "-") await page.screenshot({ path: `${shotDir}/viewer-390.png` });
  await page.keyboard.press("Escape");
  // The dialog is removed by its `close` event, which fires after the key press returns.
  const closed = await dialog.waitFor({ state: "detached", timeout: 5000 }).then(() => true, () => false);
  // Without JavaScript the same link opens the standalone SVG, which must be an image.
  const standalone = await page.request.get(new URL(href, url).href);
  const svgOk = standalone.ok() && (await standalone.text()).includes("<svg");
  return shown && after > before && closed && svgOk;
}
