/* studybook: the reader's review history and its FSRS schedule, kept in this browser only.
   The history is the source of truth: `sb-reviews` holds, per question, every grade with its time
   ({v: 1, log: {key: [[ms, rating], ...]}}, ratings 1 Again, 2 Hard, 3 Good, 4 Easy). A card's
   schedule is recomputed by replaying its history through ts-fsrs (static/fsrs.js, loaded only on
   pages that grade or schedule), so a changed `[study] retention` applies to past reviews, and two
   devices merge by pooling their reviews. A question's key is its front matter `id`, else its URL
   (what marks were keyed on before ids; such entries move to the id when the page is graded). */
(function () {
  "use strict";
  var KEY = "sb-reviews";
  var doc = document.documentElement;
  var ko = doc.lang !== "en";
  function say(korean, english) { return ko ? korean : english; }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  // Only well-formed entries are kept, from storage, a file or a link alike.
  function sanitize(log) {
    var clean = {};
    if (!log || typeof log !== "object") return clean;
    Object.keys(log).forEach(function (key) {
      if (!Array.isArray(log[key]) || key.length > 400) return;
      var entries = log[key].filter(function (e) {
        return Array.isArray(e) && isFinite(e[0]) && e[0] > 0 && [1, 2, 3, 4].indexOf(e[1]) >= 0;
      }).map(function (e) { return [Math.floor(e[0]), e[1]]; });
      if (entries.length) clean[key] = normalise(entries);
    });
    return clean;
  }
  // Time order, one entry per instant: the same review seen twice (after a merge) counts once.
  function normalise(entries) {
    entries.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return entries.filter(function (e, i) { return i === 0 || e[0] !== entries[i - 1][0]; });
  }

  // Before FSRS the marks were `sb-progress` ({url: "ok" | "review"}) and the Leitner schedule
  // `sb-schedule` ({url: {box, due, seen}}). Each mark becomes one review on the day it was made
  // (noon, so the day is the same in every time zone): 이해함 → Good, 복습 필요 → Again. A mark
  // from before the schedule has no date and counts from today. The old keys are left in place.
  function fromLegacy(marks, schedule, now) {
    var log = {};
    Object.keys(marks || {}).forEach(function (url) {
      var rating = marks[url] === "ok" ? 3 : marks[url] === "review" ? 1 : 0;
      if (!rating) return;
      var seen = schedule && schedule[url] && /^\d{4}-\d{2}-\d{2}$/.test(schedule[url].seen) ? schedule[url].seen : "";
      var p = seen.split("-");
      var when = seen ? new Date(+p[0], +p[1] - 1, +p[2], 12).getTime() : now;
      log[url] = [[Math.min(when, now), rating]];
    });
    return log;
  }

  function load() {
    var text = read(KEY);
    if (text === null) {
      var legacy = read("sb-progress");
      if (legacy === null) return {};
      var log = {};
      try { log = sanitize(fromLegacy(JSON.parse(legacy), JSON.parse(read("sb-schedule") || "{}"), Date.now())); } catch (e) { log = {}; }
      save(log);
      return log;
    }
    try { return sanitize(JSON.parse(text).log); } catch (e) { return {}; }
  }
  function save(log) { write(KEY, JSON.stringify({ v: 1, log: log })); }

  // A question's reviews: under its key, plus any still under its URL from before ids.
  function entries(log, key, url) {
    var list = (log[key] || []).slice();
    if (url && url !== key && log[url]) list = normalise(list.concat(log[url]));
    return list;
  }

  var scheduler = null;
  function fsrs() {
    if (!scheduler && window.FSRS) {
      var retention = parseFloat(document.body.getAttribute("data-retention")) || 0.9;
      // FSRS-6's default weights; one short learning step, so that Again comes back today and
      // Good on a first answer schedules days ahead, not ten minutes (see ARCHITECTURE.md).
      scheduler = window.FSRS.fsrs(window.FSRS.generatorParameters({ request_retention: retention, learning_steps: ["1m"] }));
    }
    return scheduler;
  }
  function card(list) {
    var f = fsrs();
    if (!f || !list.length) return null;
    var c = window.FSRS.createEmptyCard(new Date(list[0][0]));
    list.forEach(function (e) { c = f.next(c, new Date(e[0]), e[1]).card; });
    return c;
  }
  function retrievability(c, now) {
    var f = fsrs();
    return f && c ? f.get_retrievability(c, now, false) : null;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayString(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function endOfDay(date, plusDays) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1 + (plusDays || 0)).getTime() - 1; }
  // Due today: its due time falls before tonight's midnight (the reader plans in days).
  function isDue(c, now) { return !!c && c.due.getTime() <= endOfDay(now || new Date()); }

  function rate(key, url, rating, when) {
    var log = load();
    var list = entries(log, key, url);
    list.push([when || Date.now(), rating]);
    log[key] = normalise(list);
    if (url && url !== key) delete log[url];
    save(log);
    return card(log[key]);
  }
  // Undo: the last review goes, if it was made today.
  function undo(key, url) {
    var log = load();
    var list = entries(log, key, url);
    var last = list[list.length - 1];
    if (!last || last[0] < endOfDay(new Date(), -1)) return;
    list.pop();
    if (list.length) log[key] = list; else delete log[key];
    if (url && url !== key) delete log[url];
    save(log);
  }
  function clear(keys) {
    var log = load();
    keys.forEach(function (key) { delete log[key]; });
    save(log);
  }

  // Pools another device's reviews into this one's; returns how many questions changed.
  function merge(other) {
    var log = load(), changed = 0;
    other = sanitize(other);
    Object.keys(other).forEach(function (key) {
      var before = JSON.stringify(log[key] || []);
      log[key] = normalise((log[key] || []).concat(other[key]));
      if (JSON.stringify(log[key]) !== before) changed++;
    });
    save(log);
    return changed;
  }

  // The progress link: the history as JSON, deflate-raw compressed, base64url, after the `#`.
  function pipe(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
  }
  function encode(log) {
    var json = new TextEncoder().encode(JSON.stringify({ v: 1, log: log }));
    return pipe(json, new CompressionStream("deflate-raw")).then(function (buffer) {
      var bytes = new Uint8Array(buffer), text = "";
      for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
      return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    });
  }
  function decode(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return pipe(bytes, new DecompressionStream("deflate-raw")).then(function (buffer) {
      return sanitize(JSON.parse(new TextDecoder().decode(buffer)).log);
    });
  }

  var api = {
    load: load, save: save, entries: entries, card: card, rate: rate, undo: undo, clear: clear,
    merge: merge, encode: encode, decode: decode, sanitize: sanitize, fromLegacy: fromLegacy,
    isDue: isDue, retrievability: retrievability, dayString: dayString, endOfDay: endOfDay, fsrs: fsrs
  };
  window.studybook = api;

  // After every deferred script, fsrs.js (at the end of the page) among them, has run.
  function ready(fn) { if (document.readyState === "complete") fn(); else document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    setupQuestion();
    renderCounts();
  });

  // The question page: the four grades after the answer, the next review date at the top and
  // beside the grades, and "다음 문제 →" to the next due question (chosen by the review page,
  // which knows every question).
  function setupQuestion() {
    var article = document.querySelector("article.question-page[data-key]");
    if (!article) return;
    var key = article.getAttribute("data-key"), url = article.getAttribute("data-page");
    var root = document.body.getAttribute("data-root") || "";
    var next = document.querySelector(".next-due");
    if (next) next.href = root + "review/#next=" + encodeURIComponent(key);
    function show() {
      var list = entries(load(), key, url), c = card(list), now = new Date();
      var last = list[list.length - 1];
      var today = last && last[0] > endOfDay(now, -1) ? last[1] : 0;
      document.querySelectorAll(".grade-panel .grade").forEach(function (b) {
        b.setAttribute("aria-pressed", +b.getAttribute("data-rating") === today ? "true" : "false");
      });
      var text = c ? say("다음 복습: ", "Next review: ") + (isDue(c, now) ? say("오늘", "today") : dayString(c.due)) : "";
      document.querySelectorAll(".mark-next, .grade-next").forEach(function (el) { el.textContent = text; });
    }
    document.querySelectorAll(".grade-panel .grade").forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-pressed") === "true") undo(key, url);
        else rate(key, url, +button.getAttribute("data-rating"));
        show();
      });
    });
    show();
  }

  // Topic and home pages: how many of each group's questions were studied, and how many were
  // last graded Again. Needs no scheduler, only the last grade.
  function renderCounts() {
    var log = load();
    function last(key) { var l = log[key]; return l && l.length ? l[l.length - 1][1] : 0; }
    document.querySelectorAll("[data-progress-item]").forEach(function (item) {
      var grade = last(item.getAttribute("data-progress-item"));
      item.classList.toggle("progress-ok", grade >= 2);
      item.classList.toggle("progress-review", grade === 1);
    });
    document.querySelectorAll("[data-progress-scope]").forEach(function (scope) {
      var counter = scope.querySelector(":scope > .progress-count, :scope > header > .progress-count");
      if (!counter) return;
      var items = scope.querySelectorAll("[data-progress-item]");
      if (!items.length) { counter.hidden = true; return; }
      var studied = 0, again = 0, seen = {};
      items.forEach(function (item) {
        var key = item.getAttribute("data-progress-item");
        if (seen[key]) return;
        seen[key] = true;
        var grade = last(key);
        if (grade >= 2) studied++;
        if (grade === 1) again++;
      });
      var total = Object.keys(seen).length;
      counter.hidden = false;
      counter.textContent = say("학습함 " + studied + " / " + total + " · 다시 " + again, "Studied " + studied + " / " + total + " · Again " + again);
      if (studied + again > 0) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = say("기록 지우기", "Clear history");
        button.addEventListener("click", function () { clear(Object.keys(seen)); renderCounts(); });
        counter.appendChild(button);
      }
    });
  }
})();
