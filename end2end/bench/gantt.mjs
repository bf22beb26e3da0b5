// The Gantt chart of a large project in headless Chromium: time to the first bars on screen, and
// frame times while scrolling and while dragging a bar. Run by scripts/gantt-bench.sh.
import { percentile, scrollFrames, signedIn } from "./common.mjs";

const [base, projectId, user, password] = process.argv.slice(2);
const { browser, context, page } = await signedIn(base, user, password);

const summary = (xs) =>
  `frames ${xs.length}, p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

// First paint, from the start of navigation to the first frame that shows bars, and where the
// time goes: the schedule's request (sent, first byte, last byte) and its size. Measured twice:
// right after a change to the project (the server reads and encodes the plan) and again with
// nothing changed (the server sends the answer it kept for the project's revision). The figures
// vary with what the two cores are doing, hence several loads each.
const touch = async (n) => {
  const r = await page.request.post(`${base}/api/save_label`, {
    headers: { "content-type": "application/json", origin: base },
    data: { input: { project_id: Number(projectId), id: null, name: `bench ${Date.now()} ${n}`, colour: "red" } },
  });
  if (!r.ok()) throw new Error(`save_label: ${await r.text()}`);
};
const load = async () => {
  await page.goto(`${base}/projects/${projectId}/gantt`, { waitUntil: "commit" });
  await page.waitForSelector(".gantt-bar", { timeout: 60000 });
  const first = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  const phase = await page.evaluate(() => {
    const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/api/get_schedule"));
    return e ? [e.requestStart, e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize] : null;
  });
  return [first, phase];
};
await load(); // the browser's caches (the app's code) warm up
for (const [what, change] of [["after a change", true], ["nothing changed", false]]) {
  const firsts = [];
  for (let run = 0; run < 5; run++) {
    if (change) await touch(run);
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
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
await page.mouse.down();
for (let i = 1; i <= 120; i++) {
  await page.mouse.move(box.x + box.width / 2 + i * 6, box.y + box.height / 2);
}
const dragging = await page.evaluate(() => {
  window.__stop = true;
  return window.__frames.slice(2);
});
await page.mouse.up();
console.log(`dragging: ${summary(dragging)}`);
await browser.close();
