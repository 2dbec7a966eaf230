/* studybook: the review page. The build embeds the book's questions (#review-data); the marks and
   the Leitner schedule live in this browser (site.js, window.studybookMarks). This script joins
   them into today's list, the coming reviews and per-topic counts, and exports and imports the
   marks as a JSON file. Every link is relative to the page, so a sub-path or file: URL works. */
(function () {
  "use strict";
  var api = window.studybookMarks;
  var app = document.getElementById("review-app");
  var dataElement = document.getElementById("review-data");
  if (!api || !app || !dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var strings = data.strings;
  var root = document.body.getAttribute("data-root") || "";
  var FORMAT = "studybook-marks";

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function item(question, marks, schedule, due) {
    var li = element("li", "review-item review-" + marks[question.url]);
    li.setAttribute("data-url", question.url);
    var link = element("a", "review-title", (question.number ? "Q" + question.number + " " : "") + question.title);
    link.href = root + question.url;
    li.appendChild(link);
    var entry = schedule[question.url];
    var meta = [question.topic, marks[question.url] === "ok" ? strings.understood : strings.review];
    if (entry) meta.push(strings.review_box + " " + entry.box);
    var detail = element("span", "review-meta muted", " " + meta.join(" · "));
    if (!due && entry) {
      detail.appendChild(document.createTextNode(" · " + strings.review_next + ": "));
      var time = element("time", "review-next", entry.due);
      time.dateTime = entry.due;
      detail.appendChild(time);
    }
    li.appendChild(detail);
    if (due) {
      var buttons = element("span", "review-grade");
      [["ok", "✓ " + strings.understood], ["review", "↻ " + strings.review]].forEach(function (pair) {
        var button = element("button", "review-mark", pair[1]);
        button.type = "button";
        button.setAttribute("data-mark", pair[0]);
        button.addEventListener("click", function () { api.grade(question.url, pair[0]); render(); });
        buttons.appendChild(button);
      });
      li.appendChild(buttons);
    }
    return li;
  }

  function render() {
    var marks = api.load(), schedule = api.loadSchedule(), today = api.today();
    var dueList = document.getElementById("review-due");
    var upcoming = document.getElementById("review-upcoming");
    var topics = {}, topicOrder = [], nDue = 0, nMarked = 0;
    dueList.textContent = "";
    upcoming.textContent = "";
    var later = [];
    data.questions.forEach(function (question) {
      if (!topics[question.topic]) { topics[question.topic] = { question: question, due: 0, review: 0, ok: 0, total: 0 }; topicOrder.push(question.topic); }
      var counts = topics[question.topic];
      counts.total++;
      var mark = marks[question.url];
      if (!mark) return;
      nMarked++;
      counts[mark === "ok" ? "ok" : "review"]++;
      if (api.isDue(question.url, marks, schedule, today)) {
        counts.due++;
        nDue++;
        dueList.appendChild(item(question, marks, schedule, true));
      } else {
        later.push(question);
      }
    });
    later.sort(function (a, b) { return schedule[a.url].due < schedule[b.url].due ? -1 : schedule[a.url].due > schedule[b.url].due ? 1 : 0; });
    later.forEach(function (question) { upcoming.appendChild(item(question, marks, schedule, false)); });
    document.getElementById("review-upcoming-status").textContent = later.length ? "" : strings.review_none_upcoming;
    document.getElementById("review-due-count").textContent = "(" + nDue + ")";
    document.getElementById("review-status").textContent = nMarked === 0 ? strings.review_nothing_marked : nDue === 0 ? strings.review_none_due : "";
    var body = document.querySelector("#review-topics tbody");
    body.textContent = "";
    topicOrder.forEach(function (name) {
      var counts = topics[name], row = element("tr");
      var head = element("th");
      head.scope = "row";
      var link = element("a", "", name || "—");
      link.href = root + counts.question.topic_url;
      head.appendChild(link);
      row.appendChild(head);
      [counts.due, counts.review, counts.ok, counts.total].forEach(function (n) { row.appendChild(element("td", "", String(n))); });
      body.appendChild(row);
    });
  }

  function exportMarks() {
    var payload = { format: FORMAT, version: 1, exported: api.today(), marks: api.load(), schedule: api.loadSchedule() };
    var blob = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
    var link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = "studybook-marks-" + api.today() + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // Only what an export holds is taken: known mark values and well-formed schedule entries.
  function importMarks(text) {
    var payload = JSON.parse(text);
    if (!payload || payload.format !== FORMAT || typeof payload.marks !== "object") throw new Error("not an export");
    var marks = {}, schedule = {};
    Object.keys(payload.marks).forEach(function (url) {
      if (payload.marks[url] === "ok" || payload.marks[url] === "review") marks[url] = payload.marks[url];
    });
    Object.keys(payload.schedule || {}).forEach(function (url) {
      var entry = payload.schedule[url];
      if (marks[url] && entry && /^\d{4}-\d{2}-\d{2}$/.test(entry.due) && entry.box >= 1 && entry.box <= api.intervals.length) {
        schedule[url] = { box: Math.floor(entry.box), due: entry.due, seen: String(entry.seen || "") };
      }
    });
    api.save(marks);
    api.saveSchedule(schedule);
    return Object.keys(marks).length;
  }

  document.getElementById("review-export").addEventListener("click", exportMarks);
  document.getElementById("review-import").addEventListener("change", function (event) {
    var file = event.target.files && event.target.files[0];
    var status = document.getElementById("review-import-status");
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        status.textContent = strings.review_imported.replace("{n}", importMarks(String(reader.result)));
      } catch (e) {
        status.textContent = strings.review_import_failed;
      }
      event.target.value = "";
      render();
    };
    reader.readAsText(file);
  });
  // Marks made in another tab show up here without a reload.
  window.addEventListener("storage", render);
  render();
})();
