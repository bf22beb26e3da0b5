// A mid-range phone on a mobile network, emulated in headless Chromium: the CPU slowed 4× and
// Lighthouse's "Slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up), 390×844, in
// Chinese, every load with an empty cache. Measures "my tasks" (content on screen, interactive,
// a tap answered) and the Gantt chart of a 1,000-task project. Run by scripts/phone-bench.sh.
import { chromium } from "playwright-core";
import { percentile } from "./common.mjs";

const [base, user, password, projectId, runs = "5"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const login = await browser.newContext();
const signed = await login.request.post(`${base}/api/login`, {
  headers: { "content-type": "application/json", origin: base },
  data: { username: user, password },
});
if (!signed.ok()) throw new Error(`sign-in: ${await signed.text()}`);
const cookies = await login.cookies();
await login.close();

// A fresh phone: empty cache, throttled CPU and network.
async function phone() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", serviceWorkers: "block",
  });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  return { context, page };
}

// The time since navigation began of the frame after `selector` appears.
const frameAfter = (page, selector, state = "visible") =>
  page.waitForSelector(selector, { state, timeout: 120000 }).then(() =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))))
  );

const shown = [], interactive = [], taps = [], gantt = [], ganttLive = [];
for (let run = 0; run < Number(runs); run++) {
  const { context, page } = await phone();
  await page.goto(`${base}/my-tasks`, { waitUntil: "commit" });
  shown.push(await frameAfter(page, ".my-task"));
  interactive.push(await frameAfter(page, "body[data-hydrated]", "attached"));
  // A tap: from the finger to the next frame that shows its effect (the Event Timing API).
  await page.evaluate(() => {
    window.__events = [];
    new PerformanceObserver((list) => window.__events.push(...list.getEntries().map((e) => [e.name, e.duration])))
      .observe({ type: "event", durationThreshold: 16, buffered: false });
  });
  await page.tap("label.checkbox");
  await page.waitForTimeout(1000);
  const events = await page.evaluate(() => window.__events);
  taps.push(Math.max(0, ...events.filter(([n]) => ["pointerdown", "pointerup", "click", "change"].includes(n)).map(([, d]) => d)));
  await context.close();

  const second = await phone();
  await second.page.goto(`${base}/projects/${projectId}/gantt`, { waitUntil: "commit" });
  gantt.push(await frameAfter(second.page, ".gantt-bar"));
  // The chart itself (not the first screen the server drew), its code and schedule loaded.
  ganttLive.push(await frameAfter(second.page, ".gantt-bar:not(.gantt-first *)"));
  await second.context.close();
}
const line = (xs) => `${xs.map((t) => t.toFixed(0)).join(", ")} ms (median ${percentile(xs, 50).toFixed(0)} ms)`;
console.log(`my tasks, content on screen: ${line(shown)}`);
console.log(`my tasks, interactive (hydrated): ${line(interactive)}`);
console.log(`my tasks, a tap answered (event to next frame; under 16 ms counts 0): ${line(taps)}`);
console.log(`Gantt of ${projectId === undefined ? "?" : "the"} 1,000-task project, first bars on screen: ${line(gantt)}`);
console.log(`Gantt of the 1,000-task project, the chart itself working: ${line(ganttLive)}`);
await browser.close();
