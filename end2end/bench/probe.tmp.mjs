import { chromium } from "playwright-core";
const [base, projectId, user, password] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(`${base}/login`);
await page.waitForSelector("body[data-hydrated]", { state: "attached" });
await page.fill("#login-username", user);
await page.fill("#login-password", password);
await page.click("button[type=submit]");
await page.waitForURL((u) => u.pathname === "/");
await page.goto(`${base}/projects/${projectId}/gantt`);
await page.waitForSelector(".gantt-bar", { timeout: 60000 });
const run = (label) => page.evaluate(() => new Promise((resolve) => {
  const el = document.querySelector(".gantt"); const times = []; let last = performance.now(); let n = 0;
  const step = (now) => { times.push(now - last); last = now; el.scrollTop += 400; if (++n < 60) requestAnimationFrame(step); else resolve(times.slice(1).sort((a,b)=>a-b)[29]); };
  requestAnimationFrame(step);
})).then((p50) => console.log(label, p50.toFixed(1)));
await run("as is");
// Script cost of one scroll event, synchronously and through the microtasks it schedules.
const cost = await page.evaluate(async () => {
  const el = document.querySelector(".gantt");
  const t0 = performance.now();
  el.scrollTop += 400; el.dispatchEvent(new Event("scroll"));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  return performance.now() - t0;
});
console.log("script per scroll event", cost.toFixed(1));
await page.addStyleTag({ content: ".gantt-chart{background-image:none!important}" });
await run("no row stripes");
await page.addStyleTag({ content: ".gantt-links{display:none!important}" });
await run("no arrows layer");
await browser.close();
