// studybook's service worker: the book readable offline. Written by `studybook build` only
// (never by `serve`, whose live reload must not come from a cache). The version is a hash of
// every file of the build, so a republished site installs a new worker, which fetches the pages
// afresh and drops the old cache. URLs are relative to the worker's scope, so a book under a
// sub-path (GitHub Pages' /repo/) works the same.
"use strict";
var VERSION = "__VERSION__";
var PRECACHE = __PRECACHE__;
// Every file of the build, as a path from the scope. A book published at an origin's root
// (https://owner.github.io/) shares its scope with every other site there; the worker answers
// only for the book's own files and leaves the rest to the network.
var PUBLISHED = new Set(__PUBLISHED__);
var SCOPE = self.registration.scope;
var SCOPE_PATH = new URL(SCOPE).pathname;
var PREFIX = "studybook " + SCOPE + " ";
var CACHE = PREFIX + VERSION;
// On a slow connection a page comes from the cache if the network has not answered by then.
var NETWORK_WAIT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(new URL(url, SCOPE), { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf(PREFIX) === 0 && key !== CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0 || !published(request.url)) return;
  event.respondWith(request.mode === "navigate" ? page(request) : asset(request));
});

// Whether `url` is a file of the book: the path after the scope, decoded (Hangul paths arrive
// percent-encoded), names a published file or a folder with a published index.html.
function published(url) {
  var path;
  try { path = decodeURIComponent(new URL(url).pathname); } catch (e) { return false; }
  if (path.indexOf(SCOPE_PATH) !== 0) return false;
  path = path.slice(SCOPE_PATH.length);
  return PUBLISHED.has(path) || ((path === "" || path.slice(-1) === "/") && PUBLISHED.has(path + "index.html"));
}

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

function cached(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) { return hit || cache.match(request, { ignoreSearch: true }); });
  });
}

// Pages: the network first (a republished page shows at once), the cache when offline or slow.
function page(request) {
  var network = fetch(request).then(function (response) { return keep(request, response); });
  var slow = new Promise(function (resolve) { setTimeout(resolve, NETWORK_WAIT_MS); }).then(function () { return cached(request); });
  var fallback = function () {
    return cached(request).then(function (hit) { return hit || cached(new Request(new URL("404.html", SCOPE))); })
      .then(function (hit) { return hit || Response.error(); });
  };
  return Promise.race([network.catch(fallback), slow.then(function (hit) { return hit || network.catch(fallback); })]);
}

// Assets (styles, scripts, search shards, figures): the cache first, then the network.
function asset(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request); }).then(function (hit) {
    return hit || fetch(request).then(function (response) { return keep(request, response); })
      .catch(function () { return cached(request).then(function (stale) { return stale || Response.error(); }); });
  });
}
