// Marquee service worker: keeps the app shell (the code, styles, icons, last pages seen) so the
// app opens without a network. Pages are asked of the network first, so a new release is picked
// up at once; the code and styles are in a folder named by their content (`/pkg/<hash>/…`), so a
// copy once kept is used as it is, and a new release is a new folder. The last answers of the reads
// a person needs on the road (my tasks, projects, boards, lists, Gantt charts) are kept per person
// in IndexedDB and answered from there when the network is gone, with the time they were current.
const CACHE = "marquee-shell-v4";
const SHELL = ["/", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"];
// The code and styles of a build: never changed under their name.
const BUILT = /^\/pkg\/[0-9a-f]{16}\/[\w.-]+\.(js|wasm|css|json)$/;
// The server functions whose last answers are kept for reading offline.
const KEPT_READS = /^\/api\/(session_info|list_projects|get_project|list_tasks|my_tasks|get_board|get_schedule|get_check_ins|my_check_ins|list_comments|list_attachments|get_org_settings)$/;
// How many answers and pages a device keeps: the most recently used go on being kept.
const KEEP_ANSWERS = 300;
const KEEP_PAGES = 60;

// Once a build's file is kept, the files of other builds go: a phone keeps one release.
const buildOf = (path) => path.split("/")[2];
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

// What a device keeps of a person, beside their pages: { key, person, at, type, data } in
// "answers", and who is signed in ({ name: "person", user, locale }) in "about".
function database() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("marquee-offline", 1);
    opening.onupgradeneeded = () => {
      const answers = opening.result.createObjectStore("answers", { keyPath: "key" });
      answers.createIndex("at", "at");
      opening.result.createObjectStore("about", { keyPath: "name" });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

// One transaction over `store`: `work(store)` returns a request whose result is the answer.
function withStore(store, mode, work) {
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = work(tx.objectStore(store));
        tx.oncomplete = () => resolve(request && request.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      })
  );
}

const signedIn = () => withStore("about", "readonly", (s) => s.get("person")).catch(() => undefined);

// A person signs in on this device: what another person left here goes.
function remember(user, locale) {
  return signedIn().then((before) =>
    withStore("about", "readwrite", (s) => s.put({ name: "person", user, locale })).then(() =>
      before && before.user !== user ? withStore("answers", "readwrite", (s) => s.clear()) : undefined
    )
  );
}

// Keeps the newest answers only.
function trimAnswers() {
  return withStore("answers", "readwrite", (s) => {
    const counting = s.count();
    counting.onsuccess = () => {
      let extra = counting.result - KEEP_ANSWERS;
      if (extra <= 0) return;
      s.index("at").openCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (cursor && extra-- > 0) {
          cursor.delete();
          cursor.continue();
        }
      };
    };
    return counting;
  });
}

// Tells the page an answer it got was kept on the device, and when it was current.
function tellKept(clientId, at) {
  if (!clientId) return;
  self.clients.get(clientId).then((client) => client && client.postMessage({ type: "kept", at }));
}

// A read asked of the network; its answer kept for the signed-in person, or, with no network,
// the answer kept last time.
async function keptRead(event) {
  const request = event.request;
  const body = await request.clone().text();
  const person = await signedIn();
  const key = person && `${person.user}|${new URL(request.url).pathname}|${body}`;
  try {
    const response = await fetch(request);
    if (response.ok && key) {
      const type = response.headers.get("content-type") || "application/json";
      event.waitUntil(
        response
          .clone()
          .arrayBuffer()
          .then((data) => withStore("answers", "readwrite", (s) => s.put({ key, person: person.user, at: Date.now(), type, data })))
          .then(trimAnswers)
          .catch(() => undefined)
      );
    }
    return response;
  } catch (failure) {
    const kept = key && (await withStore("answers", "readonly", (s) => s.get(key)).catch(() => undefined));
    if (!kept) throw failure;
    tellKept(event.clientId, kept.at);
    return new Response(kept.data, { status: 200, headers: { "content-type": kept.type, "x-marquee-kept-at": String(kept.at) } });
  }
}

// The page kept of a path: its time is its answer's `Date`.
const keptAt = (response) => {
  const date = response && Date.parse(response.headers.get("date") || "");
  return Number.isFinite(date) ? date : undefined;
};

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
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && KEPT_READS.test(url.pathname)) {
    event.respondWith(keptRead(event));
    return;
  }
  // Otherwise only reads; never the API, whose answers must be live.
  if (request.method !== "GET" || url.pathname.startsWith("/api/")) return;
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
          event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(request).then(() => cache.put(request, copy)).then(() => trimPages(cache))));
        }
        return response;
      })
      .catch(() =>
        caches.match(request).then((hit) => hit || (request.mode === "navigate" ? notKeptPage(url.pathname) : undefined))
      )
  );
});

// Pages a person opened, kept for reading offline; the last opened go on being kept.
const personal = (path) => !BUILT.test(path) && !path.startsWith("/icons/") && path !== "/manifest.webmanifest";
function trimPages(cache) {
  return cache.keys().then((requests) => {
    const pages = requests.filter((r) => personal(new URL(r.url).pathname));
    return Promise.all(pages.slice(0, Math.max(0, pages.length - KEEP_PAGES)).map((r) => cache.delete(r)));
  });
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const WORDS = {
  en: {
    title: "Not kept on this device",
    lead: "You are offline, and this page has not been opened on this device before, so there is nothing of it to show.",
    kept: "Pages you can read offline",
    none: "No pages are kept yet: open My tasks and your projects while online and they will be kept.",
    retry: "Try again",
    tabs: { board: "Board", list: "List", gantt: "Gantt", "check-in": "Check-ins", files: "Files", activity: "Activity" },
  },
  zh: {
    title: "本机没有保存此页面",
    lead: "当前处于离线状态，而此页面从未在本机打开过，暂时无法显示。",
    kept: "可离线阅读的页面",
    none: "本机还没有保存任何页面：联网时打开“我的任务”和你的项目，即可离线阅读。",
    retry: "重试",
    tabs: { board: "看板", list: "列表", gantt: "甘特图", "check-in": "打卡", files: "文件", activity: "动态" },
  },
};

// What a navigation to a page never kept shows offline: the pages that are kept, to go on with.
async function notKeptPage(path) {
  const person = await signedIn();
  const lang = (person && person.locale) || (self.navigator.language || "en");
  const zh = lang.toLowerCase().startsWith("zh");
  const w = zh ? WORDS.zh : WORDS.en;
  const cache = await caches.open(CACHE);
  const links = [];
  for (const request of await cache.keys()) {
    const at = new URL(request.url).pathname;
    if (!personal(at) || at === path) continue;
    const response = await cache.match(request);
    if (!response || !(response.headers.get("content-type") || "").includes("text/html")) continue;
    // Named by the page's heading (a project's name), and the tab it shows.
    const html = await response.text();
    const heading = (html.match(/<h1[^>]*>([^<]+)</) || html.match(/<title>([^<]*)<\/title>/) || [])[1] || at;
    const tab = w.tabs[(at.match(/^\/projects\/\d+\/([\w-]+)$/) || [])[1]];
    links.push(`<li><a href="${escape(at)}">${heading}${tab ? ` · ${escape(tab)}` : ""}</a> <span>${escape(at)}</span></li>`);
  }
  const list = links.length ? `<ul>${links.reverse().join("")}</ul>` : `<p>${escape(w.none)}</p>`;
  const html = `<!doctype html><html lang="${zh ? "zh-CN" : "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${escape(w.title)} · Marquee</title>
<style>body{font:14px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:24px 16px;color-scheme:light dark;
background:light-dark(#f5f5f5,#141414);color:light-dark(rgba(0,0,0,.88),rgba(255,255,255,.85))}main{max-width:640px;margin:0 auto}
h1{font-size:20px;margin:0 0 8px}ul{padding:0;list-style:none}li{padding:8px 12px;margin:0 0 8px;border-radius:8px;
background:light-dark(#fff,#1f1f1f);border:1px solid light-dark(#e5e5e5,#303030)}a{color:light-dark(#1668dc,#3c89e8);font-weight:600}
li span{display:block;font-size:12px;opacity:.65;overflow-wrap:anywhere}button{font:inherit;padding:4px 15px;border-radius:6px;
border:1px solid light-dark(#d9d9d9,#424242);background:light-dark(#fff,#1f1f1f);color:inherit}</style></head>
<body><main class="not-kept"><h1>${escape(w.title)}</h1><p>${escape(w.lead)}</p>
<form method="get" action="${escape(path)}"><button type="submit">${escape(w.retry)}</button></form>
<h2>${escape(w.kept)}</h2>${list}</main></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "person" && typeof data.user === "number") {
    event.waitUntil(remember(data.user, data.locale).catch(() => undefined));
  } else if (data.type === "page-kept" && event.ports && event.ports[0]) {
    // When the page a window shows was current, if it came from the device.
    const port = event.ports[0];
    event.waitUntil(caches.match(data.path).then((kept) => port.postMessage({ at: keptAt(kept) })));
  } else if (data.type === "forget") {
    // Signing out: what was kept of the person who used this browser goes (it holds what that
    // person may see); the app's code, styles and icons stay.
    event.waitUntil(
      Promise.all([
        caches
          .open(CACHE)
          .then((cache) => cache.keys().then((requests) => Promise.all(requests.filter((r) => personal(new URL(r.url).pathname)).map((r) => cache.delete(r))))),
        withStore("answers", "readwrite", (s) => s.clear()).catch(() => undefined),
        withStore("about", "readwrite", (s) => s.clear()).catch(() => undefined),
      ])
    );
  }
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
