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
    setupDrawer();
    setupBackToTop();
    setupExamMode();
    setupScrollCues();
    setupTerms();
    setupCopyButtons();
    setupDiagramViewer();
    setupPageKeys();
    setupReadingPosition();
    setupOffline();
  });


  // The sidebar on phones: ☰ opens it as a drawer over the page, under the sticky header (so ☰
  // stays there to close it), wherever the reader has scrolled to. Escape, a tap outside or ☰
  // close it; while open, Tab cycles through the drawer and ☰ only, and focus returns to ☰.
  function setupDrawer() {
    var button = document.querySelector(".nav-toggle");
    var sidebar = document.getElementById("sidebar");
    if (!button || !sidebar) return;
    var backdrop = document.createElement("div");
    backdrop.className = "nav-backdrop";
    backdrop.hidden = true;
    document.body.appendChild(backdrop);
    function isOpen() { return sidebar.classList.contains("open"); }
    function focusables() {
      var inside = Array.prototype.filter.call(sidebar.querySelectorAll("a[href], button, input, summary"), function (el) { return el.offsetParent !== null; });
      return [button].concat(inside);
    }
    function set(open, restoreFocus) {
      var header = document.querySelector(".site-header");
      doc.style.setProperty("--drawer-top", (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + "px");
      sidebar.classList.toggle("open", open);
      backdrop.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = focusables()[1]; if (first) first.focus(); }
      else if (restoreFocus) button.focus();
    }
    button.addEventListener("click", function () { set(!isOpen(), true); });
    document.addEventListener("click", function (event) {
      if (isOpen() && !sidebar.contains(event.target) && !button.contains(event.target)) set(false, true);
    });
    document.addEventListener("keydown", function (event) {
      if (!isOpen()) return;
      if (event.key === "Escape") { event.preventDefault(); set(false, true); return; }
      if (event.key !== "Tab") return;
      var list = focusables(), at = list.indexOf(document.activeElement);
      var next = at === -1 ? 0 : (at + (event.shiftKey ? list.length - 1 : 1)) % list.length;
      event.preventDefault();
      list[next].focus();
    });
    // Back on a wide screen the sidebar is a column again: no drawer left open behind it.
    window.matchMedia("(min-width: 50.01rem)").addEventListener("change", function (m) { if (m.matches && isOpen()) set(false, false); });
  }

  // "↑ 맨 위로": a plain link at the end of every page (no JavaScript needed); with JavaScript it
  // also floats in the corner once the reader is more than a screen down.
  function setupBackToTop() {
    var link = document.querySelector(".back-to-top");
    if (!link) return;
    var ticking = false;
    function update() { ticking = false; link.classList.toggle("floating", window.scrollY > window.innerHeight); }
    window.addEventListener("scroll", function () { if (!ticking) { ticking = true; requestAnimationFrame(update); } }, { passive: true });
    update();
  }

  // Theme: follows the system until the reader picks one; the button cycles through the two
  // themes and back to "follow the system" (the choice is kept, or forgotten, in localStorage).
  // The button names its state in words (its accessible name is that text, so no aria-label can
  // disagree with it); on a phone, where only the icon fits, a short notice says it after a press.
  function setupTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var names = { "": say("시스템 설정 따름", "as the system"), light: say("밝게", "light"), dark: say("어둡게", "dark") };
    var status = document.createElement("p");
    status.className = "theme-status";
    status.setAttribute("role", "status");
    status.hidden = true;
    document.body.appendChild(status);
    var timer = 0;
    // The template holds all three states and CSS shows the one in force; this keeps the title.
    function show() {
      button.title = say("화면 테마: ", "Theme: ") + names[doc.dataset.theme || ""] + say(" (눌러서 바꾸기)", " (press to change)");
    }
    button.addEventListener("click", function () {
      var current = doc.dataset.theme || "";
      var opposite = system.matches ? "light" : "dark";
      var next = current === "" ? opposite : current === opposite ? (opposite === "dark" ? "light" : "dark") : "";
      if (next) { doc.dataset.theme = next; store.set("sb-theme", next); }
      else { delete doc.dataset.theme; store.remove("sb-theme"); }
      show();
      status.textContent = say("화면 테마: ", "Theme: ") + names[next];
      status.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(function () { status.hidden = true; }, 2500);
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
    // Print always shows the answers (Chromium prints nothing of a closed <details>, whatever
    // the print style says about its children); the reader's open and closed ones come back after.
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.filter.call(answers, function (d) { return !d.open; });
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closed.forEach(function (d) { d.open = false; });
      closed = [];
    });
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
  // Escape or a tap elsewhere closes it. Since the tap no longer follows the link, the box ends
  // with "용어집에서 보기". It is moved to stay inside the screen, measured against the layout
  // viewport (clientWidth): innerWidth grows with any overflow, so it cannot tell the box is out.
  // Below 40rem CSS makes it a bottom sheet instead, which needs no placing.
  function setupTerms() {
    var open = null;
    function place(wrap) {
      var box = wrap.querySelector(".term-def");
      if (!box) return;
      box.style.left = "";
      if (getComputedStyle(box).position === "fixed") return;
      box.style.left = "0px";
      var rect = box.getBoundingClientRect();
      var width = doc.clientWidth, margin = 8, shift = 0;
      if (rect.right > width - margin) shift = width - margin - rect.right;
      if (rect.left + shift < margin) shift = margin - rect.left;
      box.style.left = shift + "px";
    }
    document.querySelectorAll(".term-wrap").forEach(function (wrap) {
      var link = wrap.querySelector("a.term"), box = wrap.querySelector(".term-def");
      if (!link || !box || box.querySelector(".term-more")) return;
      var more = document.createElement("a");
      more.className = "term-more";
      more.href = link.href;
      more.textContent = say("용어집에서 보기 →", "See in the glossary →");
      box.appendChild(document.createTextNode(" "));
      box.appendChild(more);
    });
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

  // "크게 보기", or a tap on the figure itself: the diagram full screen in a dialog, fitted to
  // the screen, zoomable with buttons, pinch and the wheel, movable by dragging. Without
  // JavaScript the link opens the standalone SVG file, where the browser's own zoom works.
  function setupDiagramViewer() {
    if (!window.HTMLDialogElement) return;
    document.querySelectorAll("figure.diagram").forEach(function (figure) {
      var link = figure.querySelector("a.diagram-open");
      var frame = figure.querySelector(".diagram-scroll");
      var svg = frame && frame.querySelector("svg");
      if (!link || !svg) return;
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        openViewer(figure, svg, link);
      });
      // A tap, not the end of a sideways scroll (that is no click), opens it too.
      frame.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a")) return;
        openViewer(figure, svg, frame);
      });
      frame.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); openViewer(figure, svg, frame); }
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
    var tall = parseFloat(box[3]) || svg.getBoundingClientRect().height;
    var zoom = 1, fit = 1;
    function apply(value) { zoom = Math.max(0.1, Math.min(6, value)); copy.style.width = Math.round(natural * zoom) + "px"; copy.style.maxWidth = "none"; }
    function button(text, label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    button("−", say("축소", "Zoom out"), function () { apply(zoom / 1.25); });
    button("+", say("확대", "Zoom in"), function () { apply(zoom * 1.25); });
    button("⤢", say("화면에 맞추기", "Fit to screen"), function () { apply(fit); });
    var closer = button("✕", say("닫기", "Close"), function () { dialog.close(); });
    body.appendChild(copy);
    dialog.appendChild(bar);
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () { dialog.remove(); opener.focus(); });
    dialog.showModal();
    // Fitted: the whole drawing on screen, never enlarged past its natural size to begin with.
    var room = body.getBoundingClientRect(), pad = 32;
    fit = Math.min(1, (room.width - pad) / natural, (room.height - pad) / tall);
    apply(fit);
    zoomByGesture(body, function () { return zoom; }, apply);
    closer.focus();
  }

  // One pointer drags the drawing around, two pinch it; the wheel with Ctrl (a trackpad's pinch)
  // zooms. CSS gives the viewer `touch-action: none`, so these gestures are ours, not the page's.
  function zoomByGesture(body, current, apply) {
    var pointers = {}, start = null;
    function spread() {
      var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
      return p.length < 2 ? 0 : Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
    }
    body.addEventListener("pointerdown", function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      try { body.setPointerCapture(e.pointerId); } catch (error) { /* not a live pointer */ }
      start = spread() ? { spread: spread(), zoom: current() } : null;
    });
    body.addEventListener("pointermove", function (e) {
      var last = pointers[e.pointerId];
      if (!last) return;
      var now = { x: e.clientX, y: e.clientY };
      pointers[e.pointerId] = now;
      if (start) { apply(start.zoom * spread() / start.spread); return; }
      body.scrollLeft -= now.x - last.x;
      body.scrollTop -= now.y - last.y;
    });
    function up(e) { delete pointers[e.pointerId]; start = null; }
    body.addEventListener("pointerup", up);
    body.addEventListener("pointercancel", up);
    body.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      apply(current() * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    }, { passive: false });
  }

  // The contents beside the text mark the section being read: the last heading that has passed
  // the top third of the screen. The observer only says when to look again.
  function setupReadingPosition() {
    var links = document.querySelectorAll(".page-toc a[href^='#']");
    if (!links.length || !window.IntersectionObserver) return;
    var entries = [];
    links.forEach(function (link) {
      var heading = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (heading) entries.push({ heading: heading, link: link });
    });
    function mark() {
      var current = null;
      entries.forEach(function (e) {
        if (e.heading.getClientRects().length && e.heading.getBoundingClientRect().top < window.innerHeight / 3) current = e;
      });
      entries.forEach(function (e) { if (e === current) e.link.setAttribute("aria-current", "location"); else e.link.removeAttribute("aria-current"); });
    }
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -66% 0px" });
    entries.forEach(function (e) { observer.observe(e.heading); });
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
