// Runs theme/static/search.js on the shared search case table (cases.json) in Node, without a
// browser: the script is evaluated in a `vm` context whose `document` has no elements (so it sets
// up no UI) and whose `fetch` reads the index files the Rust test wrote for each ranking.
// Usage: node cases.mjs <cases.json> <search.js> <folder holding rank-<n>/search/…>
// Prints {"failures": [...]}; tests/it/search_cases.rs runs it and asserts there are none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const [table, source, sites] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(table, "utf8"));
const code = readFileSync(source, "utf8");
const failures = [];
/** JSON with object keys sorted, so that key order never matters. */
const canon = (v) => JSON.stringify(v, (_, x) => x && typeof x === "object" && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x);
const check = (got, expected, what) => {
  if (canon(got) !== canon(expected)) failures.push(`${what}: search.js ${canon(got)}, table ${canon(expected)}`);
};

/** search.js's test functions (`window.studybookSearch`), its index read from `site`. */
function load(site) {
  const window = {};
  const document = { readyState: "loading", addEventListener() {}, body: { getAttribute: () => null } };
  const fetch = async (url) => {
    try {
      const text = readFileSync(join(site || ".", url.split("?")[0]), "utf8");
      return { ok: true, status: 200, json: async () => JSON.parse(text) };
    } catch (error) {
      return { ok: false, status: 404, json: async () => { throw error; } };
    }
  };
  vm.runInContext(code, vm.createContext({ window, document, fetch, TextEncoder }));
  return window.studybookSearch;
}

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

const search = load(null);
const KINDS = { 1: "hangul", 2: "jamo", 3: "other" };
// The query parser drops jamo words that are not a 초성 query (query.rs `is_choseong_query`).
const isChoseongQuery = (w) => w[0] !== "jamo" || (Array.from(w[1]).length >= 3 && Array.from(w[1]).every((c) => c >= "ㄱ" && c <= "ㅎ"));
for (const c of cases.texts) {
  const words = search.parseQuery(c.text, []).slots.map((s) => {
    const word = s.alternatives[0].terms[0].word;
    return [KINDS[word.kind], word.chars.join(""), word.joined];
  });
  check(words, c.words.filter(isChoseongQuery), `words of ${JSON.stringify(c.text)}`);
}
for (const c of cases.queries) {
  check(strip(search.parseQuery(c.q, c.groups || [])), c.parsed, `query ${JSON.stringify(c.q)}`);
}
for (const [key, hash] of Object.entries(cases.hashes)) {
  check(search.hash(key), hash, `hash of ${JSON.stringify(key)}`);
}
for (const [n, ranking] of cases.rankings.entries()) {
  const ranked = load(join(sites, `rank-${n}`));
  for (const c of ranking.queries) {
    const { hits } = await ranked.search(c.q);
    check(hits.map((hit) => ranking.docs[hit.doc].title), c.order, `ranking ${n}, query ${JSON.stringify(c.q)}`);
  }
}
process.stdout.write(JSON.stringify({ failures }) + "\n");
