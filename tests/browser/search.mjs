// Types Korean and English queries into a built site and checks the results, the keyboard, the
// search page and its filters, and that search.js parses queries exactly as src/search does.
// Usage: node search.mjs <site base URL> <spec.json>
// spec: { page, queries: [{q, expect}], nav: q, searchPage: {q, expect, topic},
//         groups, parse: [{q, expected}], rank: [{q, expected: [doc]}], hashes: {key: hash} }
import { readFileSync } from "node:fs";
import { run } from "./lib.mjs";

const base = process.argv[2];
const spec = JSON.parse(readFileSync(process.argv[3], "utf8"));
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
/** JSON with object keys sorted, so that Rust's and JavaScript's key orders compare equal. */
const canon = (v) => JSON.stringify(v, (_, x) => x && typeof x === "object" && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x);

async function waitFor(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 10000, polling: 50 });
  } catch (error) {
    const state = await page.evaluate(() => {
      const box = document.getElementById("search-results");
      return { query: box.getAttribute("data-query"), error: box.getAttribute("data-error"), hidden: box.hidden,
        value: document.getElementById("search-input").value, html: box.innerHTML.slice(0, 300) };
    });
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
  }
}

/** Types `q` into the header box and returns the hrefs of the results shown. */
async function query(page, q, { type = false } = {}) {
  const input = page.locator("#search-input");
  await input.fill("");
  if (type) await input.pressSequentially(q, { delay: 15 });
  else await input.fill(q);
  await waitFor(page, (q) => {
    const box = document.getElementById("search-results");
    return box && !box.hidden && box.getAttribute("data-query") === q;
  }, q, `results for ${q}`);
  return page.$$eval("#search-results [role=option]", (links) => links.map((a) => a.href));
}

await run(async (context) => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(base + spec.page);

  // Tokenizer and parser agree with Rust.
  const parsed = await page.evaluate((spec) => {
    const strip = (q) => ({
      slots: q.slots.map((s) => ({
        width: s.width,
        alternatives: s.alternatives.map((a) => ({
          terms: a.terms.map((t) => ({ keys: t.keys, required: t.required })),
          bonus: a.bonus,
        })),
      })),
      bonus: q.bonus,
    });
    return {
      parse: spec.parse.map((c) => strip(window.studybookSearch.parseQuery(c.q, spec.groups))),
      hashes: Object.fromEntries(Object.keys(spec.hashes).map((k) => [k, window.studybookSearch.hash(k)])),
    };
  }, spec);
  spec.parse.forEach((c, i) => {
    check(canon(parsed.parse[i]) === canon(c.expected),
      `parse ${c.q}: js ${canon(parsed.parse[i])} != rust ${canon(c.expected)}`);
  });
  // Ranking agrees with Rust, document for document.
  const ranked = await page.evaluate(async (cases) => {
    const out = [];
    for (const c of cases) out.push((await window.studybookSearch.search(c.q)).hits.map((h) => h.doc));
    return out;
  }, spec.rank);
  spec.rank.forEach((c, i) => {
    check(JSON.stringify(ranked[i]) === JSON.stringify(c.expected), `rank ${c.q}: js ${ranked[i]} != rust ${c.expected}`);
  });
  for (const [key, hash] of Object.entries(spec.hashes)) {
    check(parsed.hashes[key] === hash, `hash ${key}: js ${parsed.hashes[key]} != rust ${hash}`);
  }

  // `/` focuses the box; Ctrl-K too.
  await page.locator("main").click();
  await page.keyboard.press("/");
  const slashFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(slashFocus === "search-input", `"/" focused ${slashFocus}`);
  const slashTyped = await page.locator("#search-input").inputValue();
  check(slashTyped === "", `"/" was typed into the box: ${JSON.stringify(slashTyped)}`);
  await page.locator("main").click();
  await page.keyboard.press("Control+k");
  const ctrlFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(ctrlFocus === "search-input", `Ctrl-K focused ${ctrlFocus}`);

  // Queries: the expected page is among the first five.
  const found = {};
  for (const { q, expect, type } of spec.queries) {
    const hrefs = await query(page, q, { type });
    found[q] = hrefs.slice(0, 5).map((h) => decodeURI(new URL(h).pathname + new URL(h).hash));
    check(hrefs.slice(0, 5).some((h) => decodeURI(h).includes(expect)), `${q}: ${expect} not in ${found[q].join(", ")}`);
  }
  const marked = await page.$$eval("#search-results mark", (marks) => marks.map((m) => m.textContent));
  check(marked.length > 0, "no <mark> in the last results");

  // Escape closes; arrows + Enter navigate to the second result.
  await page.keyboard.press("Escape");
  check(await page.locator("#search-results").isHidden(), "Escape did not close the results");
  const hrefs = await query(page, spec.nav, { type: true });
  check(hrefs.length >= 2, `${spec.nav}: fewer than two results`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const selected = await page.$$eval("#search-results [role=option]", (links) =>
    links.map((a) => a.getAttribute("aria-selected")));
  check(selected[1] === "true" && selected.filter((s) => s === "true").length === 1, `selection: ${selected}`);
  const active = await page.locator("#search-input").getAttribute("aria-activedescendant");
  check(active === "search-result-1", `aria-activedescendant ${active}`);
  await Promise.all([page.waitForURL((url) => url.href === hrefs[1], { timeout: 10000 }), page.keyboard.press("Enter")]);
  check(page.url() === hrefs[1], `Enter went to ${page.url()}, not ${hrefs[1]}`);

  // The search page: ?q=, full results, the topic filter.
  const sp = spec.searchPage;
  await page.goto(base + "search/?q=" + encodeURIComponent(sp.q));
  await waitFor(page, (q) => document.getElementById("search-page-results").getAttribute("data-query") === q, sp.q, "search page results");
  const pageHrefs = await page.$$eval("#search-page-results a", (links) => links.map((a) => decodeURI(a.href)));
  check(pageHrefs.slice(0, 5).some((h) => h.includes(sp.expect)), `search page ${sp.q}: ${sp.expect} not in ${pageHrefs}`);
  check(await page.locator("#search-page-input").inputValue() === sp.q, "search page input does not show ?q=");
  const beforeFilter = pageHrefs.length;
  await page.selectOption("#search-topic", sp.topic);
  await waitFor(page, ([q, topic]) => new URLSearchParams(location.search).get("topic") === topic &&
    document.getElementById("search-page-results").getAttribute("data-query") === q, [sp.q, sp.topic], "topic filter");
  const filtered = await page.$$eval("#search-page-results a", (links) => links.map((a) => decodeURI(a.href)));
  check(filtered.length > 0 && filtered.length < beforeFilter, `filter ${sp.topic}: ${filtered.length} of ${beforeFilter}`);
  check(filtered.every((h) => h.includes("/" + sp.topic) || h.includes("/glossary/")), `filter ${sp.topic} let through ${filtered}`);

  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  return { ok: failures.length === 0, failures, found, filtered };
});
