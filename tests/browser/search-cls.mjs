// Layout shift of the search page while its results for `?q=` arrive (issue 30: 0.23), at 390
// and 1280 px, light and dark: must stay under 0.02, as on question pages.
//
// usage: node search-cls.mjs SEARCH_URL_WITH_QUERY
import { run, shifts } from "./lib.mjs";

const [url] = process.argv.slice(2);

await run(async (context) => {
  const measured = {};
  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"]) {
      measured[`${width}-${scheme}`] = await shifts(context, width, [url], "#search-page-results a", scheme);
    }
  }
  const worst = Math.max(...Object.values(measured).map((m) => m.worst));
  return { ok: worst < 0.02, worst, measured };
}, 120000);
