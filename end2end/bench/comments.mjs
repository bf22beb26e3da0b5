// A task with a long discussion in headless Chromium: time from asking for the task's page to
// the drawer with every comment drawn, and frame times while the drawer scrolls through them.
// Run by scripts/comments-bench.sh.
import { percentile, scrollFrames, signedIn } from "./common.mjs";

const [base, projectId, taskId, user, password, count] = process.argv.slice(2);
const { browser, page } = await signedIn(base, user, password);

const opens = [];
for (let run = 0; run < 5; run++) {
  await page.goto(`${base}/projects/${projectId}/board?task=${taskId}`, { waitUntil: "commit" });
  await page.waitForFunction((n) => document.querySelectorAll(".comment").length >= n, Number(count), { timeout: 120000, polling: "raf" });
  opens.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
}
console.log(`task with ${count} comments, page asked for → every comment drawn: ${opens.map((t) => t.toFixed(0)).join(", ")} ms (median ${percentile(opens, 50).toFixed(0)} ms)`);

await page.waitForTimeout(300);
for (const px of [100, 400]) {
  await page.evaluate(() => { document.querySelector(".drawer").scrollTop = 0; });
  const frames = await scrollFrames(page, ".drawer", px);
  console.log(
    `scrolling the drawer ${px} px a frame: frames ${frames.length}, p50 ${percentile(frames, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
  );
}
await browser.close();
