/* studybook: the small amount of JavaScript a static study book needs. Everything here is an
   enhancement; the site reads fine without it. */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");
  var store = {
    get: function (key, fallback) { try { var v = localStorage.getItem(key); return v === null ? fallback : v; } catch (e) { return fallback; } },
    set: function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
    remove: function (key) { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };

  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });

    // Dark mode: follows the system until the reader picks one.
    var themeButton = document.querySelector(".theme-toggle");
    if (themeButton) {
      themeButton.addEventListener("click", function () {
        var dark = doc.dataset.theme ? doc.dataset.theme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
        doc.dataset.theme = dark ? "light" : "dark";
        store.set("sb-theme", doc.dataset.theme);
      });
    }

    // The sidebar on phones.
    var navButton = document.querySelector(".nav-toggle");
    var sidebar = document.getElementById("sidebar");
    if (navButton && sidebar) {
      navButton.addEventListener("click", function () {
        var open = sidebar.classList.toggle("open");
        navButton.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    setupExamMode();
    setupProgress();
  });

  // 시험 모드: answers start closed; each <details> opens on its own. Remembered across pages.
  function setupExamMode() {
    var button = document.querySelector(".exam-toggle");
    var answers = document.querySelectorAll("details.answer");
    function apply(on) {
      answers.forEach(function (d) { d.open = !on; });
      if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) doc.dataset.exam = "1"; else delete doc.dataset.exam;
    }
    apply(store.get("sb-exam", "0") === "1");
    if (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        store.set("sb-exam", on ? "1" : "0");
        apply(on);
      });
    }
  }

  // Progress marks ("이해함" / "복습 필요"), keyed by page URL, kept in this browser only.
  function loadMarks() { try { return JSON.parse(store.get("sb-progress", "{}")) || {}; } catch (e) { return {}; } }
  function saveMarks(marks) { store.set("sb-progress", JSON.stringify(marks)); }

  // The review schedule: Leitner boxes (see ARCHITECTURE.md). "이해함" moves a question up one
  // box, to a longer interval; "복습 필요" puts it back in box 1, due at once. `sb-schedule` maps
  // a page URL to {box, due, seen}; dates are the reader's local days, "YYYY-MM-DD".
  var INTERVALS = [1, 3, 7, 14, 30];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayString(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function today() { return dayString(new Date()); }
  function addDays(day, n) { var p = day.split("-"); return dayString(new Date(+p[0], +p[1] - 1, +p[2] + n)); }
  function loadSchedule() { try { return JSON.parse(store.get("sb-schedule", "{}")) || {}; } catch (e) { return {}; } }
  function saveSchedule(schedule) { store.set("sb-schedule", JSON.stringify(schedule)); }
  function grade(url, value) {
    var marks = loadMarks(), schedule = loadSchedule(), now = today();
    var box = value === "ok" ? Math.min(((schedule[url] && schedule[url].box) || 0) + 1, INTERVALS.length) : 1;
    schedule[url] = { box: box, due: value === "ok" ? addDays(now, INTERVALS[box - 1]) : now, seen: now };
    marks[url] = value;
    saveMarks(marks);
    saveSchedule(schedule);
  }
  function clearMark(url) {
    var marks = loadMarks(), schedule = loadSchedule();
    delete marks[url];
    delete schedule[url];
    saveMarks(marks);
    saveSchedule(schedule);
  }
  // Due today: marked "복습 필요", or "이해함" whose interval has passed (or was never recorded,
  // for marks made before the schedule existed).
  function isDue(url, marks, schedule, day) {
    if (marks[url] === "review") return true;
    if (marks[url] !== "ok") return false;
    return !schedule[url] || schedule[url].due <= day;
  }
  window.studybookMarks = {
    load: loadMarks, save: saveMarks, loadSchedule: loadSchedule, saveSchedule: saveSchedule,
    grade: grade, clear: clearMark, isDue: isDue, today: today, addDays: addDays, intervals: INTERVALS
  };

  function setupProgress() {
    var marks = loadMarks();
    var article = document.querySelector("article.question-page");
    if (article) {
      var key = article.getAttribute("data-page");
      var next = document.querySelector(".mark-next");
      var show = function () {
        var current = loadMarks(), schedule = loadSchedule();
        var due = isDue(key, current, schedule, today());
        document.querySelectorAll(".mark").forEach(function (b) {
          var value = b.getAttribute("data-mark");
          // A due "이해함" is not pressed: pressing it again is the review, not an undo.
          var on = current[key] === value && !(value === "ok" && due);
          b.setAttribute("aria-pressed", on ? "true" : "false");
        });
        if (next) {
          var ko = doc.lang !== "en";
          next.textContent = current[key] && schedule[key]
            ? (ko ? "다음 복습: " : "Next review: ") + (due ? (ko ? "오늘" : "today") : schedule[key].due)
            : "";
        }
      };
      document.querySelectorAll(".mark").forEach(function (button) {
        button.addEventListener("click", function () {
          if (button.getAttribute("aria-pressed") === "true") clearMark(key);
          else grade(key, button.getAttribute("data-mark"));
          show();
        });
      });
      show();
    }
    renderCounts(marks);
  }

  function renderCounts(marks) {
    document.querySelectorAll("[data-progress-item]").forEach(function (item) {
      var value = marks[item.getAttribute("data-progress-item")];
      item.classList.toggle("progress-ok", value === "ok");
      item.classList.toggle("progress-review", value === "review");
    });
    document.querySelectorAll("[data-progress-scope]").forEach(function (scope) {
      var counter = scope.querySelector(":scope > .progress-count, :scope > header > .progress-count");
      if (!counter) return;
      var items = scope.querySelectorAll("[data-progress-item]");
      if (!items.length) { counter.hidden = true; return; }
      var ok = 0, review = 0, seen = {};
      items.forEach(function (item) {
        var url = item.getAttribute("data-progress-item");
        if (seen[url]) return;
        seen[url] = true;
        if (marks[url] === "ok") ok++;
        if (marks[url] === "review") review++;
      });
      var total = Object.keys(seen).length;
      var ko = doc.lang !== "en";
      counter.hidden = false;
      counter.textContent = ko
        ? "이해함 " + ok + " / " + total + " · 복습 필요 " + review
        : "Understood " + ok + " / " + total + " · Review " + review;
      if (ok + review > 0) {
        var clear = document.createElement("button");
        clear.type = "button";
        clear.textContent = ko ? "표시 지우기" : "Clear marks";
        clear.addEventListener("click", function () {
          Object.keys(seen).forEach(clearMark);
          renderCounts(loadMarks());
        });
        counter.appendChild(clear);
      }
    });
  }
})();
