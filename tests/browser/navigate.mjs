// A reader opens the home page under a sub-path and clicks through a topic: topic → scenario →
// first question → next question, checking each page loads with its stylesheet.
import { run } from "./lib.mjs";

const start = process.argv[2];
await run(async (context) => {
  const page = await context.newPage();
  const failed = [];
  page.on("response", (r) => { if (r.status() >= 400) failed.push(r.url() + " " + r.status()); });
  await page.goto(start);
  const visited = [];
  const steps = [
    () => page.click(".topic h3 a"),
    () => page.click(".cards .card-title"),
    () => page.click(".cards .card-title"),
    () => page.click(".prev-next .next"),
  ];
  for (const step of steps) {
    await Promise.all([page.waitForLoadState("load"), step()]);
    await page.waitForLoadState("load");
    const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes("Pretendard"));
    visited.push({ url: page.url(), title: await page.title(), styled });
  }
  const inside = visited.every((v) => new URL(v.url).pathname.startsWith("/study/") && v.styled);
  return { ok: inside && failed.length === 0, visited, failed };
});
