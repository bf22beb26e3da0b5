// The Gantt chart of a large project in headless Chromium: time to the first bars on screen, and
// frame times while scrolling and while dragging a bar. Run by scripts/gantt-bench.sh.
import { chromium } from "playwright-core";

const [base, projectId, user, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en" });
const page = await context.newPage();
await page.goto(`${base}/login`);
await page.waitForSelector("body[data-hydrated]", { state: "attached" });
await page.fill("#login-username", user);
await page.fill("#login-password", password);
await page.click("button[type=submit]");
await page.waitForURL((u) => u.pathname === "/");

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (xs) =>
  `frames ${xs.length}, p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

// First paint, from the start of navigation to the first frame that shows bars, seven times (the
// figures vary with what the two cores are doing), and where the time goes: the schedule's request (sent, first byte, last byte) and its size.
const firsts = [];
const phases = [];
for (let run = 0; run < 7; run++) {
  await page.goto(`${base}/projects/${projectId}/gantt`, { waitUntil: "commit" });
  await page.waitForSelector(".gantt-bar", { timeout: 60000 });
  firsts.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
  phases.push(
    await page.evaluate(() => {
      const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/api/get_schedule"));
      return e ? [e.requestStart, e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize] : null;
    }),
  );
}
console.log(`first paint with bars: ${firsts.map((t) => t.toFixed(0)).join(", ")} ms (median ${percentile(firsts, 50).toFixed(0)} ms)`);
for (const p of phases.filter(Boolean)) {
  console.log(
    `  schedule request sent at ${p[0].toFixed(0)} ms, first byte ${p[1].toFixed(0)} ms, last byte ${p[2].toFixed(0)} ms; ` +
      `${p[3]} bytes on the wire, ${p[4]} decoded`,
  );
}
const rows = await page.evaluate(() => document.querySelectorAll(".gantt-label").length);
console.log(`rows in the page: ${rows}`);

// Frame times while the chart scrolls 12,000 rows down, 400 px a frame, and where the main
// thread's time goes meanwhile (Chromium's own counters: script, style, layout, all tasks).
const cdp = await context.newCDPSession(page);
await cdp.send("Performance.enable");
const counters = async () =>
  Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
const before = await counters();
const scrolling = await page.evaluate(
  () =>
    new Promise((resolve) => {
      const el = document.querySelector(".gantt");
      const times = [];
      let last = performance.now();
      let frames = 0;
      const step = (now) => {
        times.push(now - last);
        last = now;
        el.scrollTop += 400;
        if (++frames < 300) requestAnimationFrame(step);
        else resolve(times.slice(1));
      };
      requestAnimationFrame(step);
    }),
);
console.log(`scrolling: ${summary(scrolling)}`);
const after = await counters();
const per = (name) => (((after[name] - before[name]) * 1000) / scrolling.length).toFixed(1);
console.log(
  `  per frame: script ${per("ScriptDuration")} ms, style ${per("RecalcStyleDuration")} ms, ` +
    `layout ${per("LayoutDuration")} ms, all main-thread tasks ${per("TaskDuration")} ms`,
);

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
