// Rebuilds theme/static/fsrs.js: ts-fsrs (pinned in package.json and package-lock.json) as one
// minified IIFE that defines `window.FSRS`, and copies its MIT licence beside it. The output is
// committed, so building the book needs neither Node nor npm; run this only to change versions.
import { build } from "esbuild";
import { copyFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "theme", "static");
const version = JSON.parse(readFileSync(join(here, "node_modules", "ts-fsrs", "package.json"), "utf8")).version;
await build({
  entryPoints: [join(here, "entry.js")],
  outfile: join(out, "fsrs.js"),
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "FSRS",
  target: "es2018",
  legalComments: "none",
  banner: { js: `/* ts-fsrs ${version} (MIT, see fsrs.LICENSE.txt): https://github.com/open-spaced-repetition/ts-fsrs */` },
});
copyFileSync(join(here, "node_modules", "ts-fsrs", "LICENSE"), join(out, "fsrs.LICENSE.txt"));
