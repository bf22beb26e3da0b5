// The kanban board of a project with thousands of cards in headless Chromium: time to the first
// frame with cards, and frame times while a card is dragged across the board. Run by
// scripts/gantt-bench.sh after the Gantt figures.
import { percentile, scrollFrames, signedIn } from "./common.mjs";

const [base, projectId, user, password] = process.argv.slice(2);
const { browser, context, page } = await signedIn(base, user, password);

const firsts = [];
for (let run = 0; run < 5; run++) {
  await page.goto(`${base}/projects/${projectId}/board`, { waitUntil: "commit" });
  await page.waitForSelector("body[data-hydrated] [data-task-id]", { timeout: 60000 });
  firsts.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
}
const counts = await page.evaluate(() => [...document.querySelectorAll(".column-head .count")].map((e) => e.textContent).join(" / "));
console.log(`board first paint (hydrated, cards drawn): ${firsts.map((t) => t.toFixed(0)).join(", ")} ms (median ${percentile(firsts, 50).toFixed(0)} ms)`);
console.log(`cards per column: ${counts}; cards in the page: ${await page.locator("[data-task-id]").count()}`);

// Frame times while a card travels from the first column to the last.
const card = (await page.locator("[data-task-id]").first().boundingBox());
const last = (await page.locator("section[data-lane='all']").last().boundingBox());
await page.evaluate(() => {
  window.__frames = [];
  let before = performance.now();
  const loop = (now) => {
    window.__frames.push(now - before);
    before = now;
    if (!window.__stop) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
});
await page.mouse.move(card.x + card.width / 2, card.y + 10);
await page.mouse.down();
const steps = 120;
for (let i = 1; i <= steps; i++) {
  await page.mouse.move(card.x + card.width / 2 + ((last.x + 40 - card.x) * i) / steps, card.y + 10 + i);
}
const frames = await page.evaluate(() => { window.__stop = true; return window.__frames.slice(2); });
await page.mouse.up();
const dragLine = `dragging a card across the board: frames ${frames.length}, p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`;
console.log(dragLine);

// Frame times while the page scrolls down the board at a brisk wheel's pace (100 px a frame);
// the columns draw their next cards on the way.
await page.goto(`${base}/projects/${projectId}/board`);
await page.waitForSelector("body[data-hydrated] [data-task-id]");
await page.waitForTimeout(300);
const scrolling = await scrollFrames(page, null, 100);
console.log(
  `scrolling the board 100 px a frame: frames ${scrolling.length}, p50 ${percentile(scrolling, 50).toFixed(1)} ms, ` +
    `p95 ${percentile(scrolling, 95).toFixed(1)} ms, max ${Math.max(...scrolling).toFixed(1)} ms; ` +
    `cards in the page afterwards: ${await page.locator("[data-task-id]").count()}`,
);
await browser.close();
