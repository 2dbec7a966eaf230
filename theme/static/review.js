/* studybook: the review page. The build embeds the book's questions (#review-data); the review
   history lives in this browser (study.js, window.studybook) and is scheduled by FSRS (fsrs.js).
   This script lists what is due today and in the next 7 days, the predicted recall per topic and
   the questions most often graded Again; it exports and imports the history as a JSON file,
   makes and reads the progress link (#sync=…), and sends "다음 문제 →" (#next=key) on to the
   next due question. Every link is relative to the page, so a sub-path or file: URL works. */
(function () {
  "use strict";
  var api = window.studybook;
  var app = document.getElementById("review-app");
  var dataElement = document.getElementById("review-data");
  if (!api || !app || !dataElement || !api.fsrs()) return;
  var data = JSON.parse(dataElement.textContent);
  var strings = data.strings;
  var root = document.body.getAttribute("data-root") || "";
  var FORMAT = "studybook-marks";
  var GRADES = [null, strings.grade_again, strings.grade_hard, strings.grade_good, strings.grade_easy];

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // Reviews made before the page had an `id` move to the id, now that the mapping is known.
  function rekey() {
    var log = api.load(), moved = false;
    data.questions.forEach(function (q) {
      if (q.key !== q.url && log[q.url]) { log[q.key] = api.entries(log, q.key, q.url); delete log[q.url]; moved = true; }
    });
    if (moved) api.save(log);
  }

  // Every question with its history and FSRS card (null when never graded).
  function states() {
    var log = api.load();
    return data.questions.map(function (q) {
      var list = api.entries(log, q.key, q.url);
      return { q: q, list: list, card: api.card(list), again: list.filter(function (e) { return e[1] === 1; }).length };
    });
  }

  function item(state, showDate) {
    var q = state.q, li = element("li", "review-item");
    li.setAttribute("data-key", q.key);
    var link = element("a", "review-title", (q.number ? "Q" + q.number + " " : "") + q.title);
    link.href = root + q.url;
    li.appendChild(link);
    var last = state.list[state.list.length - 1];
    var detail = element("span", "review-meta muted", " " + [q.topic, strings.review_last_grade + ": " + GRADES[last[1]]].join(" · "));
    if (showDate) {
      detail.appendChild(document.createTextNode(" · " + strings.review_next + ": "));
      var time = element("time", "review-next", api.dayString(state.card.due));
      time.dateTime = api.dayString(state.card.due);
      detail.appendChild(time);
    }
    li.appendChild(detail);
    return li;
  }

  function fill(id, list, showDate) {
    var target = document.getElementById(id);
    target.textContent = "";
    list.forEach(function (s) { target.appendChild(item(s, showDate)); });
  }

  function render() {
    var all = states(), now = new Date(), weekEnd = api.endOfDay(now, 7);
    var graded = all.filter(function (s) { return s.card; });
    var byDue = graded.slice().sort(function (a, b) { return a.card.due - b.card.due; });
    var due = byDue.filter(function (s) { return api.isDue(s.card, now); });
    var week = byDue.filter(function (s) { return !api.isDue(s.card, now) && s.card.due.getTime() <= weekEnd; });
    var later = byDue.filter(function (s) { return s.card.due.getTime() > weekEnd; });
    fill("review-due", due, false);
    fill("review-week", week, true);
    fill("review-upcoming", later, true);
    document.getElementById("review-due-count").textContent = "(" + due.length + ")";
    document.getElementById("review-status").textContent = graded.length === 0 ? strings.review_nothing_marked : due.length === 0 ? strings.review_none_due : "";
    document.getElementById("review-week-status").textContent = week.length ? "" : strings.review_none_week;
    document.getElementById("review-upcoming-status").textContent = later.length || week.length ? "" : strings.review_none_upcoming;
    var interview = document.getElementById("review-interview");
    interview.hidden = due.length === 0;
    // Straight to the due questions (the plain link, without JavaScript, opens the page itself).
    interview.href = "interview/#due";
    var again = graded.filter(function (s) { return s.again > 0; })
      .sort(function (a, b) { return b.again - a.again; }).slice(0, 5);
    var list = document.getElementById("review-again");
    list.textContent = "";
    list.parentNode.hidden = again.length === 0;
    again.forEach(function (s) {
      var li = item(s, false);
      li.appendChild(element("span", "review-again-count", " " + strings.grade_again + " " + s.again + strings.review_times));
      list.appendChild(li);
    });
    renderTopics(all, now);
  }

  // Per topic: due today, studied, total, and the mean FSRS retrievability of its studied
  // questions now: the recall FSRS predicts if the reader were asked today.
  function renderTopics(all, now) {
    var topics = {}, order = [];
    all.forEach(function (s) {
      var name = s.q.topic;
      if (!topics[name]) { topics[name] = { due: 0, studied: 0, total: 0, recall: 0 }; order.push(name); }
      var t = topics[name];
      t.total++;
      if (!s.card) return;
      t.studied++;
      t.recall += api.retrievability(s.card, now);
      if (api.isDue(s.card, now)) t.due++;
    });
    // The rows are in the page already (one per topic, in book order): only the numbers change.
    var rows = document.querySelectorAll("#review-topics tbody tr");
    order.forEach(function (name, i) {
      var t = topics[name], cells = rows[i] ? rows[i].querySelectorAll("td") : [];
      var recall = t.studied ? Math.round(100 * t.recall / t.studied) + "%" : "—";
      [t.due, t.studied, t.total, recall].forEach(function (n, j) { if (cells[j]) cells[j].textContent = String(n); });
    });
  }

  // "다음 문제 →": the next due question after `from` in book order (wrapping round), else the
  // next one never graded; with neither, the reader stays here and sees the schedule.
  function nextQuestion(from) {
    var all = states(), now = new Date();
    var at = all.findIndex(function (s) { return s.q.key === from; });
    var ring = all.slice(at + 1).concat(all.slice(0, Math.max(at, 0)));
    var pick = ring.find(function (s) { return api.isDue(s.card, now); }) || ring.find(function (s) { return !s.card; });
    return pick ? pick.q : null;
  }

  function exportHistory() {
    var payload = { format: FORMAT, version: 2, exported: api.dayString(new Date()), reviews: api.load() };
    var blob = new Blob([JSON.stringify(payload, null, 1)], { type: "application/json" });
    var link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = "studybook-marks-" + api.dayString(new Date()) + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // A version 2 file holds the history; a version 1 file (before FSRS) the marks and Leitner
  // schedule, read the way study.js migrates them. Either is merged, never replaces.
  function importHistory(text) {
    var payload = JSON.parse(text);
    if (!payload || payload.format !== FORMAT) throw new Error("not an export");
    var log = payload.version === 2 ? payload.reviews
      : api.fromLegacy(payload.marks, payload.schedule, Date.now());
    if (!log || typeof log !== "object") throw new Error("not an export");
    api.merge(log);
    rekey();
    return Object.keys(api.sanitize(log)).length;
  }

  function makeLink() {
    var status = document.getElementById("review-sync-status");
    var field = document.getElementById("review-sync-link");
    api.encode(api.load()).then(function (packed) {
      field.value = location.href.split("#")[0] + "#sync=" + packed;
      field.hidden = false;
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { status.textContent = strings.review_sync_copied; }, function () { /* the field shows it */ });
      }
    });
  }

  function readLink(packed) {
    var status = document.getElementById("review-sync-status");
    history.replaceState(null, "", location.pathname + location.search);
    return api.decode(packed).then(function (log) {
      api.merge(log);
      rekey();
      status.textContent = strings.review_sync_merged.replace("{n}", Object.keys(log).length);
    }, function () { status.textContent = strings.review_sync_failed; });
  }

  function start() {
    rekey();
    var hash = location.hash;
    if (hash.indexOf("#next") === 0) {
      var next = nextQuestion(decodeURIComponent(hash.slice(6)));
      if (next) { location.replace(root + next.url); return; }
      history.replaceState(null, "", location.pathname + location.search);
    }
    var pending = hash.indexOf("#sync=") === 0 ? readLink(hash.slice(6)) : Promise.resolve();
    pending.then(render);
    render();
  }

  document.getElementById("review-export").addEventListener("click", exportHistory);
  document.getElementById("review-sync-make").addEventListener("click", makeLink);
  document.getElementById("review-import").addEventListener("change", function (event) {
    var file = event.target.files && event.target.files[0];
    var status = document.getElementById("review-import-status");
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        status.textContent = strings.review_imported.replace("{n}", importHistory(String(reader.result)));
      } catch (e) {
        status.textContent = strings.review_import_failed;
      }
      event.target.value = "";
      render();
    };
    reader.readAsText(file);
  });
  // Reviews made in another tab show up here without a reload; so does a link opened again.
  window.addEventListener("storage", render);
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("#sync=") === 0) readLink(location.hash.slice(6)).then(render);
  });
  start();
})();
