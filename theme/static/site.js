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

  function setupProgress() {
    var marks = loadMarks();
    var article = document.querySelector("article.question-page");
    if (article) {
      var key = article.getAttribute("data-page");
      document.querySelectorAll(".mark").forEach(function (button) {
        var value = button.getAttribute("data-mark");
        button.setAttribute("aria-pressed", marks[key] === value ? "true" : "false");
        button.addEventListener("click", function () {
          var current = loadMarks();
          if (current[key] === value) delete current[key]; else current[key] = value;
          saveMarks(current);
          document.querySelectorAll(".mark").forEach(function (b) {
            b.setAttribute("aria-pressed", current[key] === b.getAttribute("data-mark") ? "true" : "false");
          });
        });
      });
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
          var current = loadMarks();
          Object.keys(seen).forEach(function (url) { delete current[url]; });
          saveMarks(current);
          renderCounts(current);
        });
        counter.appendChild(clear);
      }
    });
  }
})();
