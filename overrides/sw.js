// The site's service worker: after a first visit the whole site keeps working offline.
// Network first (mkdocs serve and a fresh deploy are never stale), the cache when the network is gone.
// sw-files.js, written by hooks/offline.py at build time, sets self.SITE = {version, files}; a new
// build changes it, and the browser's update check on imported scripts installs the new version.
importScripts("sw-files.js");

const { version: VERSION, files: FILES } = self.SITE;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          caches.open(VERSION).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request, { ignoreSearch: true }).then(
          (hit) => hit || caches.match("404.html").then((page) => page || Response.error()),
        ),
      ),
  );
});
