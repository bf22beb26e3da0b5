// Marquee service worker: keeps the app shell (the code, styles, icons, last pages seen) so the
// app opens without a network. Pages are asked of the network first, so a new release is picked
// up at once; the code and styles are named by their content (`/pkg/marquee.<hash>.wasm`), so a
// copy once kept is used as it is, and a new release is new names.
const CACHE = "marquee-shell-v2";
const SHELL = ["/", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"];
// The code and styles of a build: never changed under their name.
const BUILT = /^\/pkg\/[\w-]+\.[0-9a-f]{16}\.(js|wasm|css)$/;

// Once a build's file is kept, the files of other builds go: a phone keeps one release.
const buildOf = (path) => path.split(".").slice(-2, -1)[0];
function forgetOtherBuilds(cache, kept) {
  return cache.keys().then((requests) =>
    Promise.all(
      requests
        .map((r) => new URL(r.url).pathname)
        .filter((path) => BUILT.test(path) && buildOf(path) !== buildOf(kept))
        .map((path) => cache.delete(path))
    )
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL).catch(() => undefined)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim())
  );
});

// What identifies a version of a response: its ETag, else its modification time.
const stamp = (response) => response && (response.headers.get("etag") || response.headers.get("last-modified"));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only same-origin reads; never the API, whose answers must be live.
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (BUILT.test(url.pathname)) {
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy).then(() => forgetOtherBuilds(cache, url.pathname)));
            }
            return response;
          })
      )
    );
    return;
  }
  event.respondWith(
    Promise.all([fetch(request), caches.match(request)])
      .then(([response, kept]) => {
        // Stored again only when it changed: the app's code is megabytes, and copying it into
        // the cache on every page load would cost each load that much work.
        if (response.ok && (!stamp(response) || stamp(response) !== stamp(kept))) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((hit) => hit || (request.mode === "navigate" ? caches.match("/") : undefined)))
  );
});

// Signing out: the pages kept of the person who used this browser go (they hold what that
// person may see); the app's code, styles and icons stay.
const personal = (path) => !BUILT.test(path) && !path.startsWith("/icons/") && path !== "/manifest.webmanifest";
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "forget") return;
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.keys().then((requests) => Promise.all(requests.filter((r) => personal(new URL(r.url).pathname)).map((r) => cache.delete(r)))))
  );
});

// A push from Marquee: the notification it carries ({title, body, url, tag}), shown at once.
self.addEventListener("push", (event) => {
  let note = {};
  try {
    note = event.data ? event.data.json() : {};
  } catch (_) {
    note = { body: event.data ? event.data.text() : "" };
  }
  const url = typeof note.url === "string" && note.url.startsWith("/") ? note.url : "/";
  event.waitUntil(
    self.registration.showNotification(note.title || "Marquee", {
      body: note.body || "",
      tag: note.tag || undefined,
      renotify: Boolean(note.tag),
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url },
    })
  );
});

// Tapping it opens what it is about: in a window of the app already open, else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(self.location.origin) && "focus" in w);
      if (open) return open.navigate(url).then((w) => (w || open).focus());
      return self.clients.openWindow(url);
    })
  );
});
