// Opens a page and reports its title and <html lang>: proves the browser harness works.
import { run } from "./lib.mjs";

const url = process.argv[2];
await run(async (context) => {
  const page = await context.newPage();
  await page.goto(url);
  const lang = await page.evaluate(() => document.documentElement.lang);
  const title = await page.title();
  const js = await page.evaluate(() => document.documentElement.classList.contains("js"));
  return { ok: lang === "ko" && js, lang, title, js };
});
