/* studybook: the mock interview (모의 면접). The build embeds every question with its key points
   (#interview-data); this script draws some (the due ones, the new ones, a topic's or a round's),
   asks each with a timer, then shows the key points as a checklist. The ticks propose a grade,
   which the reader may change; the grade goes into the review history (study.js) like a grade
   given on the question page. Keys: Space or Enter shows the answer, 1–4 grade. */
(function () {
  "use strict";
  var api = window.studybook;
  var app = document.getElementById("interview-app");
  var dataElement = document.getElementById("interview-data");
  if (!api || !app || !dataElement || !api.fsrs()) return;
  var data = JSON.parse(dataElement.textContent);
  var strings = data.strings;
  var root = document.body.getAttribute("data-root") || "";
  var seconds = 60 * (parseInt(app.getAttribute("data-minutes"), 10) || 3);
  var GRADES = [null, strings.grade_again, strings.grade_hard, strings.grade_good, strings.grade_easy];
  var $ = function (id) { return document.getElementById(id); };
  var queue = [], at = 0, results = [], timer = null, started = 0, revealed = false;

  function options(select, pairs) {
    pairs.forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      select.appendChild(option);
    });
  }
  function distinct(field, label) {
    var seen = {}, pairs = [];
    data.questions.forEach(function (q) {
      if (q[field] && !seen[q[field]]) { seen[q[field]] = true; pairs.push([q[field], q[label] || q[field]]); }
    });
    return pairs;
  }
  options($("interview-topic"), distinct("topic", "topic"));
  options($("interview-session"), distinct("session", "session_title"));
  ["interview-topic", "interview-session"].forEach(function (id, i) {
    $(id).addEventListener("change", function () { app.querySelector("input[value=" + (i ? "session" : "topic") + "]").checked = true; });
  });

  // The questions to ask: due ones soonest-due first; new ones in book order; a topic's or a
  // round's with the due first, then the new, then the rest.
  function draw(from, count) {
    var log = api.load(), now = new Date();
    var all = data.questions.map(function (q) { return { q: q, card: api.card(api.entries(log, q.key, q.url)) }; });
    var rank = function (s) { return api.isDue(s.card, now) ? 0 : s.card ? 2 : 1; };
    var picked;
    if (from === "due") {
      picked = all.filter(function (s) { return api.isDue(s.card, now); }).sort(function (a, b) { return a.card.due - b.card.due; });
    } else if (from === "new") {
      picked = all.filter(function (s) { return !s.card; });
    } else {
      var value = $(from === "topic" ? "interview-topic" : "interview-session").value;
      picked = all.filter(function (s) { return s.q[from] === value; });
      picked.sort(function (a, b) { return rank(a) - rank(b); });
    }
    return picked.slice(0, count).map(function (s) { return s.q; });
  }

  function start(from) {
    queue = draw(from, parseInt($("interview-count").value, 10) || 5);
    if (!queue.length) { $("interview-setup-status").textContent = strings.interview_empty; return; }
    $("interview-setup-status").textContent = "";
    at = 0;
    results = [];
    $("interview-setup").hidden = true;
    $("interview-end").hidden = true;
    $("interview-card").hidden = false;
    ask();
  }

  function clock(left) {
    var s = Math.abs(left);
    return (left < 0 ? "+" : "") + Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  function tick() {
    var left = seconds - Math.floor((Date.now() - started) / 1000);
    var shown = $("interview-timer");
    shown.textContent = left > 0 ? clock(left) : strings.interview_time_up + " " + clock(left);
    shown.parentNode.classList.toggle("over", left <= 0);
  }

  function ask() {
    var q = queue[at];
    revealed = false;
    $("interview-position").textContent = (at + 1) + " / " + queue.length;
    $("interview-topic-name").textContent = q.topic + (q.number ? " · Q" + q.number : "");
    $("interview-question").textContent = q.question;
    $("interview-notes").value = "";
    $("interview-answer").hidden = true;
    $("interview-reveal").hidden = false;
    started = Date.now();
    tick();
    clearInterval(timer);
    timer = setInterval(tick, 250);
    $("interview-question").focus();
  }

  function reveal() {
    if (revealed) return;
    revealed = true;
    clearInterval(timer);
    tick();
    var q = queue[at], list = $("interview-points");
    list.textContent = "";
    q.points.forEach(function (point, i) {
      var li = document.createElement("li"), box = document.createElement("input"), label = document.createElement("label");
      box.type = "checkbox";
      box.id = "point-" + i;
      box.addEventListener("change", propose);
      label.htmlFor = box.id;
      label.textContent = point;
      li.appendChild(box);
      li.appendChild(label);
      list.appendChild(li);
    });
    $("interview-full").href = root + q.url;
    $("interview-reveal").hidden = true;
    $("interview-answer").hidden = false;
    propose();
    var first = list.querySelector("input") || app.querySelector("#interview-answer .grade.proposed");
    if (first) first.focus();
  }

  // The proposed grade from the share of key points ticked: under half Again, under 80% Hard,
  // all but some Good, all of them Easy (Good when the time ran out). No key points: Good.
  function proposal() {
    var boxes = app.querySelectorAll("#interview-points input"), ticked = 0;
    boxes.forEach(function (b) { if (b.checked) ticked++; });
    if (!boxes.length) return 3;
    var share = ticked / boxes.length, late = Date.now() - started > seconds * 1000;
    return share < 0.5 ? 1 : share < 0.8 ? 2 : share < 1 || late ? 3 : 4;
  }
  function propose() {
    var rating = proposal();
    $("interview-proposed").textContent = GRADES[rating];
    $("interview-proposed").setAttribute("data-rating", rating);
    app.querySelectorAll("#interview-answer .grade").forEach(function (b) {
      b.classList.toggle("proposed", +b.getAttribute("data-rating") === rating);
    });
  }

  function grade(rating) {
    var q = queue[at], c = api.rate(q.key, q.url, rating);
    results.push({ q: q, rating: rating, due: c.due });
    at++;
    if (at < queue.length) { ask(); return; }
    finish();
  }

  function finish() {
    clearInterval(timer);
    $("interview-card").hidden = true;
    $("interview-end").hidden = false;
    var list = $("interview-results");
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li"), link = document.createElement("a"), time = document.createElement("time");
      li.setAttribute("data-key", r.q.key);
      link.href = root + r.q.url;
      link.textContent = r.q.title;
      time.dateTime = api.dayString(r.due);
      time.textContent = api.isDue({ due: r.due }, new Date()) ? strings.next_review_today : api.dayString(r.due);
      li.appendChild(link);
      li.appendChild(document.createTextNode(" · " + GRADES[r.rating] + " · " + strings.review_next + ": "));
      li.appendChild(time);
      list.appendChild(li);
    });
    $("interview-end").querySelector("h2").focus();
  }

  $("interview-setup").addEventListener("submit", function (event) {
    event.preventDefault();
    start(app.querySelector("input[name=from]:checked").value);
  });
  $("interview-reveal").addEventListener("click", reveal);
  $("interview-restart").addEventListener("click", function () {
    $("interview-end").hidden = true;
    $("interview-setup").hidden = false;
  });
  app.querySelectorAll("#interview-answer .grade").forEach(function (b) {
    b.addEventListener("click", function () { grade(+b.getAttribute("data-rating")); });
  });
  document.addEventListener("keydown", function (event) {
    if ($("interview-card").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target, typing = target.closest && target.closest("textarea, input[type=text], select");
    if (typing) return;
    if (!revealed && (event.key === " " || event.key === "Enter") && !(target.closest && target.closest("button, a, input"))) {
      event.preventDefault();
      reveal();
    } else if (revealed && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      grade(+event.key);
    }
  });
  $("interview-end").querySelector("h2").tabIndex = -1;
  if (location.hash === "#due") start("due");
})();
