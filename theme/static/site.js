/* studybook: the small amount of JavaScript a static study book needs. Everything here is an
   enhancement; the site reads fine without it. */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");
  var ko = doc.lang !== "en";
  function say(korean, english) { return ko ? korean : english; }
  var store = {
    get: function (key, fallback) { try { var v = localStorage.getItem(key); return v === null ? fallback : v; } catch (e) { return fallback; } },
    set: function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
    remove: function (key) { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };

  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });

    setupTheme();
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
    setupScrollCues();
    setupTerms();
    setupCopyButtons();
    setupDiagramViewer();
    setupPageKeys();
    setupOffline();
  });


  // Theme: follows the system until the reader picks one; the button cycles through the two
  // themes and back to "follow the system" (the choice is kept, or forgotten, in localStorage).
  function setupTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var names = { "": say("시스템 설정", "system"), light: say("밝게", "light"), dark: say("어둡게", "dark") };
    function show() {
      var current = doc.dataset.theme || "";
      button.textContent = current === "dark" ? "☾" : current === "light" ? "☀" : "◐";
      var label = say("화면 테마: ", "Theme: ") + names[current] + say(" (눌러서 바꾸기)", " (press to change)");
      button.setAttribute("aria-label", label);
      button.title = label;
    }
    button.addEventListener("click", function () {
      var current = doc.dataset.theme || "";
      var opposite = system.matches ? "light" : "dark";
      var next = current === "" ? opposite : current === opposite ? (opposite === "dark" ? "light" : "dark") : "";
      if (next) { doc.dataset.theme = next; store.set("sb-theme", next); }
      else { delete doc.dataset.theme; store.remove("sb-theme"); }
      show();
    });
    show();
  }

  // 시험 모드: answers start closed; each <details> opens on its own. Remembered across pages.
  function setupExamMode() {
    var button = document.querySelector(".exam-toggle");
    var answers = document.querySelectorAll("details.answer");
    function apply(on) {
      answers.forEach(function (d) { d.open = !on; });
      if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) doc.dataset.exam = "1"; else delete doc.dataset.exam;
    }
    // The contents list the answer's headings only while the answer is shown.
    answers.forEach(function (d) {
      d.addEventListener("toggle", function () {
        var shown = Array.prototype.some.call(answers, function (a) { return a.open; });
        if (shown) doc.dataset.answerShown = "1"; else delete doc.dataset.answerShown;
      });
    });
    apply(store.get("sb-exam", "0") === "1");
    if (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        store.set("sb-exam", on ? "1" : "0");
        apply(on);
      });
    }
  }

  // Progress and the review schedule live in study.js.

  // Figures and tables wider than the column: a class that draws the edge shadow and shows the
  // "옆으로 밀어서 보기" hint, kept up to date as the window changes.
  function setupScrollCues() {
    document.querySelectorAll(".table-scroll").forEach(function (region) {
      var hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = say("← 옆으로 밀어서 보기 →", "← scroll sideways →");
      region.parentNode.insertBefore(hint, region.nextSibling);
    });
    var regions = document.querySelectorAll(".diagram-scroll, .table-scroll");
    function update(region) {
      var wide = region.scrollWidth > region.clientWidth + 1;
      region.classList.toggle("is-scrollable", wide);
      region.classList.toggle("at-end", wide && region.scrollLeft + region.clientWidth >= region.scrollWidth - 2);
      var figure = region.closest("figure");
      if (figure) figure.classList.toggle("is-scrollable", wide);
    }
    regions.forEach(function (region) {
      update(region);
      region.addEventListener("scroll", function () { update(region); }, { passive: true });
    });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) { entries.forEach(function (e) { update(e.target); }); });
      regions.forEach(function (region) { observer.observe(region); });
    }
  }

  // Glossary terms: a tap (or click) shows the definition without leaving the page; a second tap,
  // Escape or a tap elsewhere closes it. The box is moved to stay inside the screen.
  function setupTerms() {
    var open = null;
    function place(wrap) {
      var box = wrap.querySelector(".term-def");
      if (!box) return;
      box.style.left = "0px";
      var rect = box.getBoundingClientRect();
      var margin = 8;
      var shift = 0;
      if (rect.right > window.innerWidth - margin) shift = window.innerWidth - margin - rect.right;
      if (rect.left + shift < margin) shift = margin - rect.left;
      box.style.left = shift + "px";
    }
    function close() {
      if (open) { open.classList.remove("open"); open.querySelector("a.term").setAttribute("aria-expanded", "false"); }
      open = null;
    }
    document.querySelectorAll(".term-wrap").forEach(function (wrap) {
      var link = wrap.querySelector("a.term");
      if (!link) return;
      link.setAttribute("aria-expanded", "false");
      wrap.addEventListener("mouseenter", function () { wrap.classList.remove("dismissed"); place(wrap); });
      link.addEventListener("focus", function () { wrap.classList.remove("dismissed"); place(wrap); });
      link.addEventListener("blur", function () { wrap.classList.remove("dismissed"); });
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        var wasOpen = open === wrap;
        close();
        if (wasOpen) { wrap.classList.add("dismissed"); return; }
        wrap.classList.remove("dismissed");
        wrap.classList.add("open");
        link.setAttribute("aria-expanded", "true");
        open = wrap;
        place(wrap);
      });
    });
    document.addEventListener("click", function (event) {
      if (open && !open.contains(event.target)) close();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".term-wrap");
      if (open || focused) {
        (open || focused).classList.add("dismissed");
        close();
      }
    });
  }

  // A copy button on every code block.
  function setupCopyButtons() {
    document.querySelectorAll("pre.code").forEach(function (pre) {
      var wrap = document.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = say("복사", "Copy");
      button.setAttribute("aria-label", say("코드 복사", "Copy the code"));
      wrap.appendChild(button);
      button.addEventListener("click", function () {
        var text = pre.querySelector("code") ? pre.querySelector("code").textContent : pre.textContent;
        copyText(text).then(function () {
          button.textContent = say("복사함 ✓", "Copied ✓");
        }, function () {
          button.textContent = say("복사 못 함", "Copy failed");
        }).then(function () {
          setTimeout(function () { button.textContent = say("복사", "Copy"); }, 2000);
        });
      });
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy"));
    });
  }

  // "크게 보기": the diagram full screen in a dialog, zoomable with buttons and pinch; without
  // JavaScript the same link opens the standalone SVG file.
  function setupDiagramViewer() {
    document.querySelectorAll("figure.diagram a.diagram-open").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var figure = link.closest("figure");
        var svg = figure && figure.querySelector(".diagram-scroll svg");
        if (!svg || !window.HTMLDialogElement || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        openViewer(figure, svg, link);
      });
    });
  }

  function openViewer(figure, svg, opener) {
    var dialog = document.createElement("dialog");
    dialog.className = "diagram-viewer " + (figure.classList.contains("diagram-pikchr") ? "diagram-pikchr" : "diagram-mermaid");
    var caption = figure.querySelector("figcaption span");
    dialog.setAttribute("aria-label", caption ? caption.textContent : say("다이어그램", "Diagram"));
    var bar = document.createElement("div");
    bar.className = "viewer-bar";
    var body = document.createElement("div");
    body.className = "viewer-body";
    var copy = svg.cloneNode(true);
    copy.removeAttribute("style");
    var box = (copy.getAttribute("viewBox") || "").split(/[\s,]+/);
    var natural = parseFloat(box[2]) || svg.getBoundingClientRect().width;
    var zoom = 1;
    function apply() { copy.style.width = Math.round(natural * zoom) + "px"; copy.style.maxWidth = "none"; }
    function button(text, label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    button("−", say("축소", "Zoom out"), function () { zoom = Math.max(0.25, zoom / 1.25); apply(); });
    button("+", say("확대", "Zoom in"), function () { zoom = Math.min(6, zoom * 1.25); apply(); });
    var closer = button("✕", say("닫기", "Close"), function () { dialog.close(); });
    body.appendChild(copy);
    dialog.appendChild(bar);
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    apply();
    dialog.addEventListener("close", function () { dialog.remove(); opener.focus(); });
    dialog.showModal();
    closer.focus();
  }

  // ← and → go to the previous and next page, except while typing or scrolling a wide figure.
  function setupPageKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      var target = event.target;
      if (target && target.closest && target.closest("input, textarea, select, [contenteditable], .diagram-scroll, .table-scroll, dialog, pre, math")) return;
      var link = document.querySelector(event.key === "ArrowLeft" ? ".prev-next a[rel=prev]" : ".prev-next a[rel=next]");
      if (link) { event.preventDefault(); window.location.href = link.href; }
    });
  }

  // Offline reading: the service worker of a built site, and its manifest. `studybook serve`
  // writes neither, and its pages (which carry the live-reload script) never register it.
  function setupOffline() {
    if (!("serviceWorker" in navigator) || document.querySelector("script[data-build]")) return;
    if (location.protocol !== "http:" && location.protocol !== "https:") return;
    var root = document.body.getAttribute("data-root") || "";
    var manifest = document.createElement("link");
    manifest.rel = "manifest";
    manifest.href = root + "manifest.webmanifest";
    document.head.appendChild(manifest);
    navigator.serviceWorker.register(root + "sw.js").catch(function () { /* not a built site */ });
  }
})();
