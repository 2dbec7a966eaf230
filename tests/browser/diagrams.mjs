// A diagram page in light and dark mode: the same inline SVG takes its colours from the theme's
// CSS variables, so text and lines change with the colour scheme. Saves screenshots when asked.
import { run } from "./lib.mjs";

const [url, shotPrefix] = process.argv.slice(2);
await run(async (context) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const colours = {};
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    const figure = page.locator("figure.diagram").first();
    await figure.scrollIntoViewIfNeeded();
    colours[scheme] = await page.evaluate(() => {
      const svg = document.querySelector("figure.diagram svg");
      const text = svg.querySelector("text");
      const line = svg.querySelector("path, line, polygon");
      return {
        text: getComputedStyle(text).fill,
        line: getComputedStyle(line).stroke,
        background: getComputedStyle(document.body).backgroundColor,
        ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      };
    });
    if (shotPrefix) await figure.screenshot({ path: `${shotPrefix}-${scheme}.png` });
  }
  const ids = colours.light.ids;
  const unique = new Set(ids).size === ids.length;
  delete colours.light.ids; delete colours.dark.ids;
  const restyled = colours.light.text !== colours.dark.text && colours.light.background !== colours.dark.background;
  return { ok: restyled && unique, colours, unique };
});
