// studybook serve: live reload, stylesheet swaps and the error overlay. `serve` injects this
// script into the HTML it serves; `build` output never contains it.
//
// Every message is the whole state: {build, since, changed, errors}. A tab showing `since`
// applies `changed`: it reloads when its page or a script or image it uses changed, swaps
// stylesheets in place when only those changed, and otherwise just moves on to `build`. A tab
// that missed a build, or shows a 404, reloads. The scroll position survives the reload.
(() => {
  "use strict";
  const me = document.currentScript;
  let current = (me && me.dataset.build) || "";
  const notFound = !!(me && me.hasAttribute("data-not-found"));
  const scrollKey = "studybook-scroll:" + location.pathname;
  let overlay = null;
  let dismissed = "";
  // The overlay speaks the book's language (the diagnostics themselves are the generator's).
  const ko = document.documentElement.lang !== "en";
  const SEVERITY = { error: "오류", warning: "경고" };

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
      sessionStorage.removeItem(scrollKey);
    } catch (error) { /* storage may be disabled */ }
    if (!saved) return;
    const apply = () => window.scrollTo(saved.x, saved.y);
    apply();
    if (document.readyState !== "complete") window.addEventListener("load", apply, { once: true });
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (error) { /* storage may be disabled */ }
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    location.reload();
  }

  /** The output path a URL of this site is served from: `a/` → `a/index.html`. */
  function outputPath(url) {
    let path = new URL(url, location.href).pathname;
    try { path = decodeURIComponent(path); } catch (error) { /* keep it encoded */ }
    path = path.replace(/^\/+/, "");
    return path === "" || path.endsWith("/") ? path + "index.html" : path;
  }

  function swapStylesheet(link, build) {
    const next = link.cloneNode();
    const url = new URL(link.href, location.href);
    url.searchParams.set("studybook", build);
    next.href = url.href;
    const done = () => link.remove();
    next.addEventListener("load", done, { once: true });
    next.addEventListener("error", done, { once: true });
    link.after(next);
  }

  function apply(state) {
    showErrors(state.errors || [], state.build);
    if (!state.build || state.build === current) return;
    if (notFound || !current || state.since !== current) return reload();
    const changed = new Set(state.changed || []);
    if (changed.has(outputPath(location.href))) return reload();
    const sheets = [];
    for (const element of document.querySelectorAll("[src], link[href], object[data]")) {
      const url = element.getAttribute("src") || element.getAttribute("href") || element.getAttribute("data");
      if (!url || !changed.has(outputPath(url))) continue;
      const isSheet = element.localName === "link" && /\bstylesheet\b/i.test(element.rel);
      if (!isSheet) return reload();
      sheets.push(element);
    }
    for (const link of sheets) swapStylesheet(link, state.build);
    current = state.build;
  }

  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; inset: auto 0 0 0; max-height: 70vh; overflow: auto; z-index: 2147483647;
      background: #1e1e1e; color: #f0f0f0; border-top: 4px solid #e5484d; box-shadow: 0 -4px 24px #0008;
      font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: 12px 16px; }
    header { display: flex; gap: 1em; align-items: baseline; font-weight: bold; margin-bottom: 8px; }
    header span { flex: 1; }
    button { font: inherit; background: #333; color: inherit; border: 1px solid #555; border-radius: 4px; cursor: pointer; }
    section { border-top: 1px solid #333; padding: 8px 0; }
    .message { color: #ff8d8d; font-weight: bold; margin: 0; }
    .location { color: #8ec7ff; margin: 0; }
    pre { margin: 4px 0; padding: 6px 8px; background: #111; border-radius: 4px; white-space: pre; overflow-x: auto; }
    .caret { color: #ff8d8d; }
    .help { color: #b9e4a5; margin: 0; }`;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showErrors(errors, build) {
    const key = JSON.stringify(errors);
    if (!errors.length || key === dismissed) {
      if (overlay) overlay.remove();
      overlay = null;
      if (!errors.length) dismissed = "";
      return;
    }
    if (!overlay) overlay = document.createElement("studybook-overlay");
    const root = overlay.shadowRoot || overlay.attachShadow({ mode: "open" });
    root.replaceChildren();
    root.append(element("style", "", STYLE));
    const panel = element("div", "panel");
    panel.setAttribute("role", "alert");
    const header = element("header");
    const count = errors.length;
    const shown = build
      ? (ko ? "화면은 마지막으로 성공한 빌드입니다" : "the page shows the last good build")
      : (ko ? "아직 보여 줄 성공한 빌드가 없습니다" : "there is no good build to show yet");
    header.append(element("span", "", ko
      ? `studybook: 책에 오류가 ${count}개 있습니다. ${shown}. 고쳐서 저장하면 저절로 사라집니다.`
      : `studybook: the book has ${count === 1 ? "1 error" : count + " errors"}; ${shown}. Fix and save: this clears by itself.`));
    const close = element("button", "", "×");
    close.title = ko ? "오류가 바뀔 때까지 숨기기" : "hide until the errors change";
    close.setAttribute("aria-label", close.title);
    close.addEventListener("click", () => { dismissed = key; overlay.remove(); overlay = null; });
    header.append(close);
    panel.append(header);
    for (const error of errors) {
      const section = element("section");
      const severity = ko ? (SEVERITY[error.severity] || error.severity) : error.severity;
      section.append(element("p", "message", `${severity}: ${error.message}`));
      if (error.location) section.append(element("p", "location", `--> ${error.location}`));
      if (error.line !== null && error.line !== undefined) {
        const pre = element("pre", "", error.line + "\n");
        if (error.col) pre.append(element("span", "caret", " ".repeat(error.col - 1) + "^"));
        section.append(pre);
      }
      if (error.help) section.append(element("p", "help", `${ko ? "도움말" : "help"}: ${error.help}`));
      panel.append(section);
    }
    root.append(panel);
    if (!overlay.isConnected) document.documentElement.append(overlay);
  }

  function receive(text) {
    let state;
    try { state = JSON.parse(text); } catch (error) { return; }
    if (me) me.dataset.connected = "";
    apply(state);
  }

  function connect() {
    if (typeof SharedWorker === "function") {
      try {
        const worker = new SharedWorker("/__studybook/worker.js", { name: "studybook-live" });
        worker.port.onmessage = (event) => receive(event.data);
        window.addEventListener("pagehide", () => worker.port.postMessage("bye"));
        return;
      } catch (error) { /* fall back to a stream of our own */ }
    }
    const source = new EventSource("/__studybook/events");
    source.onmessage = (event) => receive(event.data);
  }

  // A worker left by a static preview of a built site on this origin would answer from its
  // cache and hide every reload: `serve` never has one.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => r.unregister())).catch(() => {});
  }
  restoreScroll();
  connect();
  // A page restored from the back-forward cache has said goodbye to the worker: start afresh.
  window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });
})();
