// Live collaboration under load, against running servers (run with node --experimental-websocket):
//
//   node bench/live.mjs latency <bases,comma-separated> <clients> <changes> <user> <password>
//     CLIENTS live connections on one project, spread over the servers in turn; one person makes
//     CHANGES task edits through the first server, one after the other; for every connection, the
//     time from sending the edit to the event arriving (and being decoded) there.
//
//   node bench/live.mjs screen <bases,comma-separated> <clients> <changes> <user> <password>
//     The same, with one of the connections a board in headless Chromium on the last server: the
//     time from sending the edit to the card showing the new title there (one clock: the epoch
//     time of both processes).
//
//   node bench/live.mjs idle <base> <connections> <server pid> <user> <password>
//     CONNECTIONS idle connections on one server; its resident memory before and after, and the
//     time one change takes to reach all of them.
import { percentile, signedIn } from "./common.mjs";

const epoch = () => performance.timeOrigin + performance.now();

const [mode, ...args] = process.argv.slice(2);

async function signIn(base, user, password) {
  const response = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ username: user, password }),
  });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("marquee_session="));
  return cookie.split(";")[0];
}

async function call(base, cookie, name, body) {
  const response = await fetch(`${base}/api/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${name}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function projectWithTask(base, cookie, name) {
  const me = (await call(base, cookie, "session_info", {})).user.id;
  const project = await call(base, cookie, "create_project", {
    input: { name, kind: "product_launch", background: "", objectives: "", expected_benefit: "", risks: [], owner_id: me, start_date: "2026-11-01", end_date: "2026-12-31" },
  });
  const task = await call(base, cookie, "create_task", {
    project_id: project,
    input: { parent_id: null, title: "Key visual", description: "", deliverable: "", owner_id: null, start_date: null, due_date: null, status: "todo", priority: "medium", progress: 0, milestone: false },
  });
  return { project, task };
}

/// A live connection; `arrivals` maps event numbers to when they arrived.
function connect(base, cookie, project) {
  return new Promise((resolve, reject) => {
    const url = `${base.replace(/^http/, "ws")}/api/live/${project}`;
    const socket = new WebSocket(url, { headers: { cookie, origin: base } });
    const client = { socket, arrivals: new Map(), waiting: new Map() };
    socket.onmessage = (m) => {
      const at = performance.now();
      const message = JSON.parse(m.data);
      if (message.hello) resolve(client);
      if (message.event) {
        client.arrivals.set(message.event.seq, at);
        client.waiting.get(message.event.seq)?.();
      }
    };
    socket.onerror = (e) => reject(new Error(`connection: ${e.message ?? e.type}`));
  });
}

function arrived(client, seq, ms = 10_000) {
  if (client.arrivals.has(seq)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`event ${seq} did not arrive`)), ms);
    client.waiting.set(seq, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const fmt = (x) => x.toFixed(1);

/// Edits the task `changes` times through `base`; resolves to the latencies of all clients, and
/// leaves `task` as saved last.
async function edits(base, cookie, project, task, clients, changes) {
  const detail = await call(base, cookie, "get_project", { id: project });
  let seq = detail.revision;
  const latencies = [];
  let current = task;
  for (let i = 0; i < changes; i++) {
    const input = { ...current.input, title: `Key visual ${i}` };
    const sent = performance.now();
    current = await call(base, cookie, "update_task", { task_id: current.id, version: current.version, input, base: current.input });
    Object.assign(task, current);
    seq += 1;
    await Promise.all(clients.map((c) => arrived(c, seq)));
    for (const c of clients) latencies.push(c.arrivals.get(seq) - sent);
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies;
}

if (mode === "latency") {
  const [bases, count, changes, user, password] = args;
  const servers = bases.split(",");
  const cookie = await signIn(servers[0], user, password);
  const { project, task } = await projectWithTask(servers[0], cookie, `Live bench ${Date.now()}`);
  const clients = [];
  for (let i = 0; i < Number(count); i++) {
    const base = servers[i % servers.length];
    clients.push(await connect(base, await signIn(base, user, password), project));
  }
  await edits(servers[0], cookie, project, task, clients, 10); // warm-up
  const latencies = await edits(servers[0], cookie, project, task, clients, Number(changes));
  console.log(
    `${servers.length} server(s), ${count} connections, ${changes} changes: change to event ` +
      `p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms, ` +
      `p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(Math.max(...latencies))} ms`,
  );
  clients.forEach((c) => c.socket.close());
} else if (mode === "screen") {
  const [bases, count, changes, user, password] = args;
  const servers = bases.split(",");
  const cookie = await signIn(servers[0], user, password);
  const { project, task } = await projectWithTask(servers[0], cookie, `Screen bench ${Date.now()}`);
  const clients = [];
  for (let i = 0; i < Number(count) - 1; i++) {
    const base = servers[i % servers.length];
    clients.push(await connect(base, await signIn(base, user, password), project));
  }
  const { browser, page } = await signedIn(servers[servers.length - 1], user, password);
  await page.goto(`${servers[servers.length - 1]}/projects/${project}/board`);
  await page.waitForSelector(".presence[data-live='live']");
  const title = `[data-task-id="${task.id}"] .task-title`;
  const shown = [];
  let current = task;
  for (let i = 0; i < Number(changes) + 10; i++) {
    const text = `Key visual ${i}`;
    const seen = page.evaluate(
      ([selector, text]) =>
        new Promise((resolve) => {
          const check = () => document.querySelector(selector)?.textContent === text;
          const observer = new MutationObserver(() => {
            if (check()) {
              observer.disconnect();
              resolve(performance.timeOrigin + performance.now());
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        }),
      [title, text],
    );
    await new Promise((r) => setTimeout(r, 30));
    const sent = epoch();
    current = await call(servers[0], cookie, "update_task", { task_id: current.id, version: current.version, input: { ...current.input, title: text }, base: current.input });
    const at = await seen;
    if (i >= 10) shown.push(at - sent); // the first ten warm up
  }
  console.log(
    `${servers.length} server(s), ${count} connections (one a browser on the board), ${changes} changes: ` +
      `change to screen p50 ${fmt(percentile(shown, 50))} ms, p95 ${fmt(percentile(shown, 95))} ms, ` +
      `p99 ${fmt(percentile(shown, 99))} ms, max ${fmt(Math.max(...shown))} ms`,
  );
  clients.forEach((c) => c.socket.close());
  await browser.close();
} else if (mode === "idle") {
  const [base, count, pid, user, password] = args;
  const { readFileSync } = await import("node:fs");
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
  const cookie = await signIn(base, user, password);
  const { project, task } = await projectWithTask(base, cookie, `Idle bench ${Date.now()}`);
  // One warm connection first, so the project's channel and the server's buffers exist.
  const clients = [await connect(base, cookie, project)];
  await new Promise((r) => setTimeout(r, 500));
  const before = rss();
  const started = performance.now();
  for (let i = 1; i < Number(count); i++) {
    clients.push(await connect(base, cookie, project));
  }
  const opened = performance.now() - started;
  await new Promise((r) => setTimeout(r, 2000));
  const after = rss();
  const latencies = await edits(base, cookie, project, task, clients, 5);
  const perChange = [];
  for (let i = 0; i < 5; i++) perChange.push(Math.max(...latencies.slice(i * clients.length, (i + 1) * clients.length)));
  console.log(
    `${clients.length} idle connections open in ${fmt(opened / 1000)} s; server memory ` +
      `${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB, ` +
      `${((after - before) / (clients.length - 1) / 1024).toFixed(1)} KiB per connection; ` +
      `one change reaches all of them in ${fmt(percentile(perChange, 50))} ms (median of 5)`,
  );
  clients.forEach((c) => c.socket.close());
} else {
  console.error("usage: live.mjs latency|idle …");
  process.exit(2);
}
process.exit(0);
