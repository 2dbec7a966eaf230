/* studybook search: reads the index that src/search/ writes under search/ and ports its
   tokenizer (tokens.rs), query parser (query.rs) and ranking (rank.rs) line for line; the browser
   test checks that both give the same keys. Files: search/meta.json first, then only the shards
   holding the query's keys, then one small file per result shown (for the snippet and the
   heading link). No dependencies. */
(function () {
  "use strict";

  // ---- Tokenizer (src/search/tokens.rs) ----
  var HANGUL = 1, JAMO = 2, OTHER = 3;
  var CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  var ALNUM = /[\p{Alphabetic}\p{N}]/u, SPACE = /\p{White_Space}/u;
  var limits = { prefixMin: 3, prefixMax: 12, choseongMin: 3, choseongMax: 4 };
  var SYNONYM = 0.9; // rank.rs: what a word found through a synonym weighs against the word as typed

  function normalize(text) { return text.normalize("NFC").toLowerCase(); }
  function chars(text) { return Array.from(normalize(text)); }
  function kindOf(c) {
    var code = c.codePointAt(0);
    if (code >= 0xAC00 && code <= 0xD7A3) return HANGUL;
    if (code >= 0x3131 && code <= 0x318E) return JAMO;
    return ALNUM.test(c) ? OTHER : 0;
  }

  /** Splits normalised characters into words {kind, chars, joined}. */
  function words(cs) {
    var out = [], current = null, previous = 0, gap = "other";
    for (var i = 0; i < cs.length; i++) {
      var kind = kindOf(cs[i]);
      if (current) {
        if (kind === current.kind) continue;
        out.push({ kind: current.kind, chars: cs.slice(current.start, i), joined: current.joined });
        previous = current.kind; gap = "nothing"; current = null;
      }
      if (kind) current = { kind: kind, start: i, joined: kind === HANGUL && previous === HANGUL && gap === "spaces" };
      else if (SPACE.test(cs[i]) && gap !== "other") gap = "spaces";
      else gap = "other";
    }
    if (current) out.push({ kind: current.kind, chars: cs.slice(current.start), joined: current.joined });
    return out;
  }

  /** FNV-1a (32-bit) over UTF-8: the shard of a key. */
  function hash(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  // ---- Queries (src/search/query.rs) ----
  function squash(ws) { return ws.map(function (w) { return w.chars.join(""); }).join(""); }

  function synonymsFrom(groups) {
    var bySpelling = new Map(), longest = 0;
    (groups || []).forEach(function (group, groupIdx) {
      group.forEach(function (spelling) {
        var ws = words(chars(spelling)), key = squash(ws);
        if (!key) return;
        longest = Math.max(longest, ws.length);
        var list = bySpelling.get(key);
        if (!list) bySpelling.set(key, list = []);
        if (list.indexOf(groupIdx) < 0) list.push(groupIdx);
      });
    });
    return { groups: groups || [], bySpelling: bySpelling, longest: longest };
  }

  function isChoseongQuery(cs) {
    return cs.length >= limits.choseongMin && cs.every(function (c) { return c >= "ㄱ" && c <= "ㅎ"; });
  }

  function term(word, open) {
    var keys = [], cs = word.chars;
    if (word.kind === HANGUL && cs.length === 1) keys.push(cs[0]);
    else if (word.kind === HANGUL) {
      for (var i = 0; i + 1 < cs.length; i++) { var k = cs[i] + cs[i + 1]; if (keys.indexOf(k) < 0) keys.push(k); }
    } else if (word.kind === JAMO) keys.push(cs.slice(0, limits.choseongMax).join(""));
    else if (open && cs.length >= limits.prefixMin) keys.push(cs.slice(0, limits.prefixMax).join("") + "*");
    else keys.push(cs.join(""));
    return { keys: keys, required: keys.length >= 3 ? keys.length - 1 : keys.length, word: word, open: open };
  }

  function alternative(ws, openLast) {
    var result = { terms: [], bonus: [] };
    ws.forEach(function (word, idx) {
      result.terms.push(term(word, openLast && idx + 1 === ws.length));
      if (word.joined && idx > 0) result.bonus.push(ws[idx - 1].chars[ws[idx - 1].chars.length - 1] + word.chars[0]);
    });
    return result;
  }

  function sameAlternative(a, b) {
    return JSON.stringify([a.terms.map(function (t) { return [t.keys, t.required]; }), a.bonus]) ===
      JSON.stringify([b.terms.map(function (t) { return [t.keys, t.required]; }), b.bonus]);
  }

  /** Parses what the reader typed; the last word is open unless the query ends with a space. */
  function parseQuery(query, synonyms) {
    var cs = chars(query);
    var openLast = cs.length > 0 && !SPACE.test(cs[cs.length - 1]);
    var ws = words(cs).filter(function (w) { return w.kind !== JAMO || isChoseongQuery(w.chars); });
    var parsed = { slots: [], bonus: [] };
    var start = 0;
    while (start < ws.length) {
      var width = 1, groups = null;
      for (var w = Math.min(synonyms.longest, ws.length - start); w >= 1; w--) {
        var found = synonyms.bySpelling.get(squash(ws.slice(start, start + w)));
        if (found) { width = w; groups = found; break; }
      }
      var end = start + width;
      var alternatives = [alternative(ws.slice(start, end), openLast && end === ws.length)];
      (groups || []).forEach(function (groupIdx) {
        synonyms.groups[groupIdx].forEach(function (spelling) {
          var candidate = alternative(words(chars(spelling)), false);
          if (candidate.terms.length && !alternatives.some(function (a) { return sameAlternative(a, candidate); })) alternatives.push(candidate);
        });
      });
      if (start > 0 && ws[start].joined) {
        var before = ws[start - 1].chars;
        parsed.bonus.push(before[before.length - 1] + ws[start].chars[0]);
      }
      if (alternatives[0].terms.length) parsed.slots.push({ width: width, alternatives: alternatives });
      start = end;
    }
    return parsed;
  }

  function allKeys(parsed) {
    var keys = [];
    function add(k) { if (keys.indexOf(k) < 0) keys.push(k); }
    parsed.slots.forEach(function (slot) {
      slot.alternatives.forEach(function (a) {
        a.terms.forEach(function (t) { t.keys.forEach(add); });
        a.bonus.forEach(add);
      });
    });
    parsed.bonus.forEach(add);
    return keys;
  }

  // ---- Ranking (src/search/rank.rs); postings: Map key → Map doc → weight ----
  function rank(parsed, postings) {
    function weight(key, doc) { var m = postings.get(key); return m ? m.get(doc) : undefined; }
    function bonus(keys, doc) {
      var sum = 0;
      keys.forEach(function (k) { var w = weight(k, doc); if (w !== undefined) sum += w / 2; });
      return sum;
    }
    function evalAlternative(a, doc) {
      var o = { matched: 0, complete: 0, score: 0 };
      a.terms.forEach(function (t) {
        var present = 0, sum = 0;
        t.keys.forEach(function (k) { var w = weight(k, doc); if (w !== undefined) { present++; sum += w; } });
        if (present >= t.required) { o.matched++; if (present === t.keys.length) o.complete++; o.score += sum / t.keys.length; }
      });
      o.score += bonus(a.bonus, doc);
      return o;
    }
    function better(a, b) {
      if (a.matched !== b.matched) return a.matched > b.matched;
      if (a.complete !== b.complete) return a.complete > b.complete;
      return a.score > b.score;
    }
    var candidates = new Set();
    parsed.slots.forEach(function (slot) {
      slot.alternatives.forEach(function (a) {
        a.terms.forEach(function (t) {
          t.keys.forEach(function (k) { var m = postings.get(k); if (m) m.forEach(function (_, doc) { candidates.add(doc); }); });
        });
      });
    });
    var hits = [];
    candidates.forEach(function (doc) {
      var total = { matched: 0, complete: 0, score: 0 };
      parsed.slots.forEach(function (slot) {
        var best = evalAlternative(slot.alternatives[0], doc);
        slot.alternatives.slice(1).forEach(function (a) {
          if (!a.bonus.every(function (k) { return weight(k, doc) !== undefined; })) return;
          var o = evalAlternative(a, doc), n = a.terms.length;
          if (o.matched < n) return;
          var scaled = { matched: slot.width, complete: o.complete === n ? slot.width : 0,
            score: (o.score - bonus(a.bonus, doc)) * slot.width / n * SYNONYM };
          if (better(scaled, best)) best = scaled;
        });
        total.matched += best.matched; total.complete += best.complete; total.score += best.score;
      });
      total.score += bonus(parsed.bonus, doc);
      if (total.matched > 0) hits.push({ doc: doc, matched: total.matched, complete: total.complete, score: total.score });
    });
    hits.sort(function (a, b) {
      return (b.matched - a.matched) || (b.complete - a.complete) || (b.score - a.score) || (a.doc - b.doc);
    });
    return hits;
  }

  // ---- Loading the index ----
  var root = (document.body && document.body.getAttribute("data-root")) || "";
  var base = root + "search/";
  var metaPromise = null, synonyms = null;
  var shards = new Map(), decoded = new Map(), fragments = new Map();

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = getJSON(base + "meta.json", { cache: "no-cache" }).then(function (meta) {
        if (meta.format !== 2) throw new Error("search index format " + meta.format + ", this script reads 2");
        limits = { prefixMin: meta.prefix[0], prefixMax: meta.prefix[1], choseongMin: meta.choseong[0], choseongMax: meta.choseong[1] };
        synonyms = synonymsFrom(meta.synonyms);
        return meta;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  function loadShard(meta, n) {
    if (!shards.has(n)) {
      var p = getJSON(base + "s/" + n + ".json?v=" + meta.version);
      p.catch(function () { shards.delete(n); });
      shards.set(n, p);
    }
    return shards.get(n);
  }

  /** The postings of `keys`: Map key → Map doc → weight. */
  function postingsFor(meta, keys) {
    var needed = [];
    keys.forEach(function (k) { var n = hash(k) % meta.shards; if (needed.indexOf(n) < 0) needed.push(n); });
    return Promise.all(needed.map(function (n) { return loadShard(meta, n); })).then(function () {
      var result = new Map();
      return Promise.all(keys.map(function (k) {
        return loadShard(meta, hash(k) % meta.shards).then(function (shard) {
          if (!decoded.has(k)) {
            // Own keys only: a word like "constructor" must not find Object.prototype's.
            var list = Object.prototype.hasOwnProperty.call(shard, k) ? shard[k] : null, m = new Map(), doc = 0;
            // Each posting is Δdoc << 5 | weight (files.rs).
            if (list) for (var i = 0; i < list.length; i++) { doc += Math.floor(list[i] / 32); m.set(doc, list[i] % 32); }
            decoded.set(k, m);
          }
          result.set(k, decoded.get(k));
        });
      })).then(function () { return result; });
    });
  }

  /** The file under d/ holding `doc`: the last whose first document (meta.docFiles) is ≤ doc. */
  function docFile(meta, doc) {
    var firsts = meta.docFiles, low = 0, high = firsts.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (firsts[mid] <= doc) low = mid; else high = mid - 1;
    }
    return low;
  }

  /** One document's title, URL and sections; its file holds consecutive documents (files.rs). */
  function loadFragment(meta, doc) {
    var n = docFile(meta, doc);
    if (!fragments.has(n)) {
      var p = getJSON(base + "d/" + n + ".json?v=" + meta.version);
      p.catch(function () { fragments.delete(n); });
      fragments.set(n, p);
    }
    return fragments.get(n).then(function (docs) { return docs[doc - meta.docFiles[n]]; });
  }

  /** Runs a query: {parsed, hits} with every matching document, best first. */
  function search(query) {
    return loadMeta().then(function (meta) {
      var parsed = parseQuery(query, synonyms);
      var keys = allKeys(parsed);
      if (!keys.length) return { meta: meta, parsed: parsed, hits: [] };
      return postingsFor(meta, keys).then(function (postings) {
        return { meta: meta, parsed: parsed, hits: rank(parsed, postings) };
      });
    });
  }

  // ---- Snippets: the section where the words are, with them marked ----
  var OTHER_CHAR = "(?:(?![\\uAC00-\\uD7A3\\u3131-\\u318E])[\\p{Alphabetic}\\p{N}])";

  // Safari before 16.4 has no lookbehind; there a word may also be marked inside a longer one.
  var LOOKBEHIND = (function () { try { return new RegExp("(?<!a)b").test("b"); } catch (e) { return false; } })();

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]; });
  }
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function syllablesOf(jamo) {
    var idx = CHOSEONG.indexOf(jamo);
    if (idx < 0) return escapeRegExp(jamo);
    var first = 0xAC00 + idx * 588;
    return "[" + String.fromCharCode(first) + "-" + String.fromCharCode(first + 587) + "]";
  }

  /** A pattern for a term as written in text: spaces may sit between syllables, 초성 stand for
      syllables, Latin words start (and, once typed, end) at a word boundary. */
  function termPattern(t) {
    var cs = t.word.chars, between = "\\s*";
    if (t.word.kind === HANGUL) {
      var full = cs.join(between);
      return cs.length >= 3 ? full + "|" + cs.slice(0, -1).join(between) : full;
    }
    if (t.word.kind === JAMO) return cs.slice(0, limits.choseongMax).map(syllablesOf).join(between);
    return (LOOKBEHIND ? "(?<!" + OTHER_CHAR + ")" : "") + escapeRegExp(cs.join("")) + (t.open ? "" : "(?!" + OTHER_CHAR + ")");
  }

  /** Patterns to find the query in text: the words as typed one by one, synonyms only whole.
      `slots` holds, for each query slot, the patterns that show it. */
  function matcherFor(parsed) {
    var patterns = [], slots = [];
    parsed.slots.forEach(function (slot) {
      var mine = [];
      slot.alternatives.forEach(function (a, idx) {
        var own = a.terms.map(termPattern);
        var list = idx === 0 ? own : ["(?:" + own.join(")[\\s\\-_]*(?:") + ")"];
        list.forEach(function (p) {
          if (patterns.indexOf(p) < 0) patterns.push(p);
          mine.push(new RegExp(p, "iu"));
        });
      });
      slots.push(mine);
    });
    patterns.sort(function (a, b) { return b.length - a.length; });
    return {
      slots: slots,
      all: patterns.length ? new RegExp(patterns.map(function (p) { return "(?:" + p + ")"; }).join("|"), "giu") : null
    };
  }

  function highlight(text, matcher) {
    if (!matcher.all) return escapeHtml(text);
    var out = "", last = 0, m, re = matcher.all;
    re.lastIndex = 0;
    while ((m = re.exec(text))) {
      if (!m[0].length) { re.lastIndex++; continue; }
      out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }

  /** The section that shows the most query slots (in its heading counts more), else the first. */
  function bestSection(fragment, matcher) {
    var best = null;
    fragment.s.forEach(function (section) {
      var heading = section[1].normalize("NFC"), text = section[2].normalize("NFC"), score = 0;
      matcher.slots.forEach(function (res) {
        var inHeading = res.some(function (re) { return re.test(heading); });
        var inText = inHeading || res.some(function (re) { return re.test(text); });
        score += inHeading ? 1.5 : inText ? 1 : 0;
      });
      if (!best || score > best.score || (!best.text && text && score === best.score)) {
        best = { score: score, anchor: section[0], heading: heading, text: text };
      }
    });
    return best || { score: 0, anchor: "", heading: "", text: "" };
  }

  function snippet(text, matcher, size) {
    var start = 0, re = matcher.all, m = null;
    if (re) { re.lastIndex = 0; m = re.exec(text); }
    if (m && m.index > 40) {
      start = m.index - 40;
      var space = text.lastIndexOf(" ", start);
      if (space >= 0 && start - space < 15) start = space + 1;
    }
    var end = Math.min(text.length, start + size);
    return (start > 0 ? "…" : "") + highlight(text.slice(start, end), matcher) + (end < text.length ? "…" : "");
  }

  /** One result as a link to the heading where the words are. */
  function resultElement(meta, hit, fragment, matcher, options) {
    var section = bestSection(fragment, matcher);
    var link = document.createElement("a");
    var anchor = section.score > 0 && section.anchor ? "#" + section.anchor : "";
    link.href = root + fragment.u + anchor;
    link.className = "search-result";
    var topicIdx = meta.docTopic[hit.doc], sessionIdx = meta.docSession[hit.doc];
    var where = [];
    if (topicIdx >= 0 && meta.topics[topicIdx]) where.push(meta.topics[topicIdx][0]);
    if (section.score > 0 && section.heading) where.push(section.heading);
    if (options.session && sessionIdx >= 0 && meta.sessions[sessionIdx]) where.push(meta.sessions[sessionIdx][1]);
    link.innerHTML = '<span class="result-title">' + highlight(fragment.t.normalize("NFC"), matcher) + "</span>" +
      (where.length ? '<span class="result-meta">' + escapeHtml(where.join(" › ")) + "</span>" : "") +
      (section.text ? '<span class="result-snippet">' + snippet(section.text, matcher, options.snippet) + "</span>" : "");
    return link;
  }

  function withFragments(result, hits) {
    return Promise.all(hits.map(function (hit) { return loadFragment(result.meta, hit.doc); }));
  }

  function isEditable(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // ---- The box in the header: results while typing ----
  function setupBox() {
    var input = document.getElementById("search-input");
    var box = document.getElementById("search-results");
    var form = input && input.form;
    if (!input || !box || !form) return;
    var selected = -1, sequence = 0, timer = 0;

    function options() { return box.querySelectorAll("[role=option]"); }
    function close() {
      box.hidden = true; selected = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function open() { box.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function select(idx) {
      var items = options();
      selected = idx;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === idx ? "true" : "false"); });
      if (items[idx]) { input.setAttribute("aria-activedescendant", items[idx].id); items[idx].scrollIntoView({ block: "nearest" }); }
    }
    function message(text) {
      box.innerHTML = "";
      var p = document.createElement("p");
      p.className = "search-empty";
      p.textContent = text;
      box.appendChild(p);
      open();
    }
    function update() {
      var query = input.value, mine = ++sequence;
      if (!query.trim()) { close(); return; }
      search(query).then(function (result) {
        var top = result.hits.slice(0, 6);
        return withFragments(result, top).then(function (fragments) {
          if (mine !== sequence) return;
          var matcher = matcherFor(result.parsed);
          box.innerHTML = "";
          box.setAttribute("data-query", query);
          if (!top.length) { message(box.getAttribute("data-empty") || ""); return; }
          top.forEach(function (hit, i) {
            var link = resultElement(result.meta, hit, fragments[i], matcher, { snippet: 120 });
            link.id = "search-result-" + i;
            link.setAttribute("role", "option");
            link.setAttribute("aria-selected", "false");
            link.tabIndex = -1;
            box.appendChild(link);
          });
          var all = document.createElement("a");
          all.className = "search-see-all";
          all.href = root + "search/?q=" + encodeURIComponent(query);
          all.textContent = (box.getAttribute("data-see-all") || "") + " (" + result.hits.length + ")";
          box.appendChild(all);
          selected = -1;
          box.setAttribute("data-query", query);
          open();
        });
      }).catch(function (error) {
        if (mine !== sequence) return;
        message(box.getAttribute("data-failed") || "");
        box.setAttribute("data-query", query);
        box.setAttribute("data-error", String(error));
      });
    }

    input.addEventListener("focus", function () { loadMeta().catch(function () {}); if (box.childNodes.length && input.value.trim()) open(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229) return; // the IME is still composing Hangul
      var items = box.hidden ? [] : options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        select(selected < 0 ? (step > 0 ? 0 : items.length - 1) : (selected + step + items.length) % items.length);
      } else if (event.key === "Enter" && selected >= 0 && items[selected]) {
        event.preventDefault();
        window.location.href = items[selected].href;
      } else if (event.key === "Escape") {
        if (!box.hidden) { event.preventDefault(); close(); } else input.blur();
      }
    });
    form.addEventListener("submit", function (event) { if (!input.value.trim()) event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    document.addEventListener("keydown", function (event) {
      var k = event.key;
      var ctrlK = (k === "k" || k === "K") && (event.ctrlKey || event.metaKey) && !event.altKey;
      var slash = k === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(event.target);
      if (ctrlK || slash) { event.preventDefault(); input.focus(); input.select(); }
    });
  }

  // ---- The search page: ?q=, filters by topic and session, more results ----
  function setupPage() {
    var form = document.getElementById("search-page-form");
    var input = document.getElementById("search-page-input");
    var topic = document.getElementById("search-topic");
    var session = document.getElementById("search-session");
    var status = document.getElementById("search-page-status");
    var list = document.getElementById("search-page-results");
    var more = document.getElementById("search-more");
    if (!form || !input || !list) return;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var sequence = 0, timer = 0, hits = [], shown = 0, current = null;

    function addOptions(select, entries, wanted) {
      if (!select) return;
      entries.forEach(function (entry) {
        var option = document.createElement("option");
        option.value = entry[0]; option.textContent = entry[1];
        if (entry[0] === wanted) option.selected = true;
        select.appendChild(option);
      });
      select.hidden = !entries.length;
    }
    function showMore() {
      var batch = hits.slice(shown, shown + 20), mine = sequence;
      shown += batch.length;
      return withFragments(current, batch).then(function (fragments) {
        if (mine !== sequence) return;
        var matcher = matcherFor(current.parsed);
        batch.forEach(function (hit, i) {
          list.appendChild(resultElement(current.meta, hit, fragments[i], matcher, { snippet: 220, session: true }));
        });
        if (more) more.hidden = shown >= hits.length;
        list.setAttribute("data-query", current.query);
      });
    }
    function run() {
      var mine = ++sequence, query = input.value;
      list.removeAttribute("data-query");
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      if (topic && topic.value) next.set("topic", topic.value);
      if (session && session.value) next.set("session", session.value);
      var qs = next.toString();
      window.history.replaceState(null, "", qs ? "?" + qs : window.location.pathname);
      if (!query.trim()) { list.innerHTML = ""; status.textContent = ""; if (more) more.hidden = true; return; }
      search(query).then(function (result) {
        if (mine !== sequence) return;
        var topicIdx = topic && topic.value ? result.meta.topics.findIndex(function (t) { return t[1] === topic.value; }) : -1;
        var sessionIdx = session && session.value ? result.meta.sessions.findIndex(function (s) { return s[0] === session.value; }) : -1;
        current = result;
        current.query = query;
        hits = result.hits.filter(function (hit) {
          return (topicIdx < 0 || result.meta.docTopic[hit.doc] === topicIdx) &&
            (sessionIdx < 0 || result.meta.docSession[hit.doc] === sessionIdx);
        });
        shown = 0;
        list.innerHTML = "";
        status.textContent = hits.length ? (form.getAttribute("data-count") || "{n}").replace("{n}", hits.length) : (form.getAttribute("data-empty") || "");
        return showMore();
      }).catch(function () {
        if (mine === sequence) status.textContent = form.getAttribute("data-failed") || "";
      });
    }

    loadMeta().then(function (meta) {
      addOptions(topic, meta.topics.map(function (t) { return [t[1], t[0]]; }), params.get("topic"));
      addOptions(session, meta.sessions.map(function (s) { return [s[0], s[1]]; }), params.get("session"));
      run();
    }).catch(function () { status.textContent = form.getAttribute("data-failed") || ""; });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    if (topic) topic.addEventListener("change", run);
    if (session) session.addEventListener("change", run);
    if (more) more.addEventListener("click", function () { showMore(); });
    if (!input.value) input.focus();
  }

  /** For tests: the same functions the page uses. */
  window.studybookSearch = {
    parseQuery: function (query, groups) { return parseQuery(query, synonymsFrom(groups)); },
    hash: hash,
    search: search
  };

  function start() {
    setupBox();
    if (document.body.getAttribute("data-kind") === "search") setupPage();
  }
  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
