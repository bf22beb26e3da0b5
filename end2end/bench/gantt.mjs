// The Gantt chart of a large project in headless Chromium: time to the first bars on screen, and
// frame times while scrolling and while dragging a bar. Run by scripts/gantt-bench.sh.
import { percentile, scrollFrames, signedIn } from "./common.mjs";

// With "unthrottled" as the fifth argument: only the frame times, with frames not held to 60 Hz.
const [base, projectId, user, password, mode] = process.argv.slice(2);
const unthrottled = mode === "unthrottled";
const { browser, context, page } = await signedIn(base, user, password, { unthrottled });

const summary = (xs) =>
  `frames ${xs.length}, p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

// From the start of navigation to the first frame that shows the chart's own bars, and where the
// time goes: the schedule's request (sent, first byte, last byte) and its size. Measured three
// ways: right after a change of the board (the server reads and encodes the plan afresh), right
// after a task was added (the server brings the plan it kept up to date from the change's event
// and encodes it), and with nothing changed (the server sends the answer it kept for the
// project's revision); and with an empty browser cache. The figures vary with what the two
// cores are doing, hence several loads.
const post = async (name, data) => {
  const r = await page.request.post(`${base}/api/${name}`, { headers: { "content-type": "application/json", origin: base }, data });
  if (!r.ok()) throw new Error(`${name}: ${await r.text()}`);
};
const boardChange = (n) =>
  post("save_label", { input: { project_id: Number(projectId), id: null, name: `bench ${Date.now()} ${n}`, colour: "red" } });
const taskAdded = (n) =>
  post("create_task", {
    project_id: Number(projectId),
    input: { parent_id: null, title: `Added ${n}`, description: "", deliverable: "", owner_id: null, start_date: null, due_date: null, status: "todo", priority: "medium", progress: 0, milestone: false },
  });
// The first bars on screen may be those the server drew into the page; the chart itself (its
// code loaded, the schedule read) replaces them.
const LIVE_BAR = ".gantt-bar:not(.gantt-first *)";
const frameAfter = async (page, selector) => {
  await page.waitForSelector(selector, { timeout: 60000 });
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
};
const load = async () => {
  await page.goto(`${base}/projects/${projectId}/gantt`, { waitUntil: "commit" });
  await frameAfter(page, ".gantt-bar");
  const first = await frameAfter(page, LIVE_BAR);
  const phase = await page.evaluate(() => {
    const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/api/get_schedule"));
    return e ? [e.requestStart, e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize] : null;
  });
  return [first, phase];
};
if (!unthrottled) await load(); // the browser's caches (the app's code) warm up
const loads = unthrottled
  ? []
  : [["after a change of the board", boardChange], ["after a task was added", taskAdded], ["nothing changed", null]];
for (const [what, change] of loads) {
  const firsts = [];
  for (let run = 0; run < 5; run++) {
    if (change) await change(run);
    const [first, p] = await load();
    firsts.push(first);
    if (p) {
      console.log(
        `  ${what}: bars at ${first.toFixed(0)} ms; schedule request sent at ${p[0].toFixed(0)} ms, first byte ${p[1].toFixed(0)} ms, ` +
          `last byte ${p[2].toFixed(0)} ms; ${p[3]} bytes on the wire, ${p[4]} decoded`,
      );
    }
  }
  console.log(`first paint with bars, ${what}: median ${percentile(firsts, 50).toFixed(0)} ms`);
}
// With an empty browser cache: a new browser context for each load (signed in, nothing kept),
// so the page downloads and compiles the app's code — the main module and the Gantt chart's
// chunks — before it draws a bar.
if (!unthrottled) {
  const state = await context.storageState();
  const firsts = [];
  const lives = [];
  for (let run = 0; run < 5; run++) {
    const fresh = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 }, locale: "en", serviceWorkers: "block" });
    const cold = await fresh.newPage();
    await cold.goto(`${base}/projects/${projectId}/gantt`, { waitUntil: "commit" });
    const first = await frameAfter(cold, ".gantt-bar");
    const live = await frameAfter(cold, LIVE_BAR);
    lives.push(live);
    const code = await cold.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((r) => r.name.includes("/pkg/"))
        .reduce((sum, r) => [sum[0] + 1, sum[1] + r.transferSize], [0, 0]),
    );
    firsts.push(first);
    console.log(
      `  empty cache: bars at ${first.toFixed(0)} ms (drawn by the server), the chart working at ${live.toFixed(0)} ms; ` +
        `${code[0]} code files, ${code[1]} bytes on the wire`,
    );
    await fresh.close();
  }
  console.log(`first paint with bars, empty browser cache: median ${percentile(firsts, 50).toFixed(0)} ms`);
  console.log(`the chart itself working (code and schedule loaded), empty browser cache: median ${percentile(lives, 50).toFixed(0)} ms`);
}
if (unthrottled) {
  console.log("frames not held to 60 Hz:");
  await load();
}
const rows = await page.evaluate(() => document.querySelectorAll(".gantt-label").length);
console.log(`rows in the page: ${rows}`);

// Frame times while the chart scrolls down, at a brisk wheel's pace (100 px a frame) and at a
// fling's (400 px a frame), and where the main thread's time goes meanwhile (Chromium's own
// counters: script, style, layout, all tasks).
const cdp = await context.newCDPSession(page);
await cdp.send("Performance.enable");
const counters = async () =>
  Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
for (const px of [100, 400]) {
  await page.evaluate(() => (document.querySelector(".gantt").scrollTop = 0));
  await page.waitForTimeout(300);
  const before = await counters();
  const scrolling = await scrollFrames(page, ".gantt", px);
  console.log(`scrolling ${px} px a frame: ${summary(scrolling)}`);
  const after = await counters();
  const per = (name) => (((after[name] - before[name]) * 1000) / scrolling.length).toFixed(1);
  console.log(
    `  per frame: script ${per("ScriptDuration")} ms, style ${per("RecalcStyleDuration")} ms, ` +
      `layout ${per("LayoutDuration")} ms, all main-thread tasks ${per("TaskDuration")} ms`,
  );
}

// Frame times while a bar is dragged 20 days, a few pixels each frame.
await page.evaluate(() => (document.querySelector(".gantt").scrollTop = 0));
await page.getByRole("button", { name: "Day", exact: true }).click();
await page.waitForTimeout(300);
const bar = page.locator(".gantt-bar:not(.summary):not(.milestone)").first();
const box = await bar.boundingBox();
// Each pointer move is sent by the benchmark and answered after the browser's next frame, so
// the frames' pace is the input's; the main thread's time per move says what the drag costs,
// measured against the same moves of the pointer over the chart with nothing dragged.
const perMove = async (moves) => {
  const before = await counters();
  await moves();
  const after = await counters();
  const per = (name) => ((after[name] - before[name]) * 1000) / 120;
  return { script: per("ScriptDuration"), all: per("TaskDuration") };
};
const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
await page.mouse.move(x, y + 400);
const idle = await perMove(async () => {
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + i * 6, y + 400);
});
await page.mouse.move(x, y);
await page.evaluate(() => {
  window.__frames = [];
  let last = performance.now();
  const loop = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__frames.length < 10000 && !window.__stop) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
});
await page.mouse.down();
const drag = await perMove(async () => {
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + i * 6, y);
});
const dragging = await page.evaluate(() => {
  window.__stop = true;
  return window.__frames.slice(2);
});
await page.mouse.up();
console.log(`dragging: ${summary(dragging)}`);
console.log(
  `  main thread per pointer move: dragging ${drag.all.toFixed(2)} ms (script ${drag.script.toFixed(2)} ms), ` +
    `moving the pointer without a drag ${idle.all.toFixed(2)} ms (script ${idle.script.toFixed(2)} ms)`,
);
await browser.close();
