// The print edition (issue 30): printed to an A4 PDF by headless Chromium, how full each page is
// (pdf-fill.mjs: the lowest mark each page's content stream draws), and the contents' numbers
// as a study book prints them (a topic 1, its sections 1.1, a question its own Q1) with no
// running list number beside them.
//
// usage: node print.mjs EDITION_URL [PDF_FILE]
// prints RESULT {ok, pages, underQuarter, fills, toc, checks}
import { run } from "./lib.mjs";
import { writeFileSync } from "node:fs";
import { pageFills } from "./pdf-fill.mjs";

const [url, pdfFile] = process.argv.slice(2);
// Pages under a quarter full that a book may have: one before a figure too tall for what is
// left of a page.
const ALLOWED_UNDER_QUARTER = 2;

await run(async (context) => {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const pdf = await page.pdf({ format: "A4" });
  if (pdfFile) writeFileSync(pdfFile, pdf);
  const fills = pageFills(pdf);
  const underQuarter = fills.map((fill, i) => ({ page: i + 1, fill })).filter((p) => p.fill < 0.25);
  await page.emulateMedia({ media: "print" });
  const toc = await page.evaluate(() => [...document.querySelectorAll(".print-toc li")].map((li) => ({
    depth: Number(li.className.replace(/\D/g, "")),
    number: li.querySelector(".print-num")?.textContent.trim() ?? "",
    text: li.textContent.trim(),
    marker: getComputedStyle(li).listStyleType,
  })));
  const headings = await page.evaluate(() => [...document.querySelectorAll("article.print-page")].map((a) => a.querySelector("h2, h3").textContent.trim()));
  // Topics count 1, 2, 3…; a section is its topic's number and its own; a question is Q and its
  // own number; every article's heading starts with the number its contents entry shows.
  let topic = 0, section = 0;
  const wrong = [];
  toc.forEach((entry, i) => {
    let expected;
    if (entry.depth === 0) { topic++; section = 0; expected = String(topic); }
    else if (/^Q\d+$/.test(entry.number)) expected = entry.number;
    else if (entry.depth === 1) { section++; expected = `${topic}.${section}`; }
    else expected = entry.number.startsWith(`${topic}.${section}.`) ? entry.number : `${topic}.${section}.…`;
    if (entry.number !== expected || entry.marker !== "none" || !headings[i]?.startsWith(entry.number + " ")) wrong.push({ entry, expected, heading: headings[i] });
  });
  const kubernetesQ1 = toc.find((e) => e.text.includes("Kubernetes 도입이 필연적인 이유"));
  const checks = {
    numbering: toc.length > 0 && wrong.length === 0,
    kubernetesQ1: !url.includes("/print/") || !kubernetesQ1 || kubernetesQ1.number === "Q1",
    nearEmpty: underQuarter.length <= ALLOWED_UNDER_QUARTER,
  };
  return { ok: Object.values(checks).every(Boolean), checks, pages: fills.length, underQuarter, wrong: wrong.slice(0, 5), toc: toc.slice(0, 6), fills };
}, 120000);
