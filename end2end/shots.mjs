// Screenshots of the main pages at desktop and phone size, in Chinese and English.
import { chromium } from "playwright-core";
const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const [user, password, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
for (const [w, h] of [[1280, 800], [390, 844]]) {
  for (const locale of ["zh-CN", "en"]) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, locale });
    const page = await context.newPage();
    await page.goto(base + "/login");
    await page.waitForSelector("body[data-hydrated]", { state: "attached", timeout: 120000 });
    await page.fill("#login-username", user);
    await page.fill("#login-password", password);
    await page.click("button[type=submit]");
    await page.waitForURL((u) => u.pathname === "/");
    await page.waitForSelector(".project-row");
    await page.screenshot({ path: `${out}/portfolio-${w}-${locale}.png` });
    await page.click(".project-link");
    await page.waitForSelector(".project-title");
    await page.screenshot({ path: `${out}/overview-${w}-${locale}.png` });
    await page.click("a.tab[href$='/board']");
    await page.waitForSelector(".kanban");
    await page.screenshot({ path: `${out}/board-${w}-${locale}.png` });
    await page.selectOption(".lanes-select", "owner");
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${out}/board-lanes-${w}-${locale}.png`, fullPage: true });
    await page.click(".board-settings-open");
    await page.waitForSelector(".board-settings");
    await page.screenshot({ path: `${out}/board-settings-${w}-${locale}.png` });
    await page.click(".board-settings .drawer-head button");
    await page.click("a.tab[href$='/list']");
    await page.waitForSelector(".task-row");
    await page.screenshot({ path: `${out}/list-${w}-${locale}.png` });
    await page.click("a.tab[href$='/gantt']");
    await page.waitForSelector(".gantt-bar");
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/gantt-${w}-${locale}.png` });
    await page.click("a.tab[href$='/finance']");
    await page.waitForSelector(".kpi-row");
    await page.waitForSelector(".burn-chart svg");
    await page.screenshot({ path: `${out}/finance-${w}-${locale}.png`, fullPage: true });
    await page.click(".kpi-row .enter-figure");
    await page.waitForSelector(".finance-drawer");
    await page.screenshot({ path: `${out}/finance-figure-${w}-${locale}.png` });
    await page.click(".finance-drawer .drawer-head button");
    await page.click(".tabs a.tab >> nth=0");
    await page.waitForSelector(".finance-summary .kpi-glance li");
    await page.screenshot({ path: `${out}/overview-finance-${w}-${locale}.png`, fullPage: true });
    await page.goto(base + "/my-tasks");
    await page.waitForSelector("body[data-hydrated]", { state: "attached" });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/my-tasks-${w}-${locale}.png` });
    for (const [path, name] of [["/templates", "templates"], ["/approvals", "approvals"], ["/notifications", "notifications"]]) {
      await page.goto(base + path);
      await page.waitForSelector("body[data-hydrated]", { state: "attached" });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${name}-${w}-${locale}.png`, fullPage: true });
    }
    await page.goto(base + "/admin/audit");
    await page.waitForSelector(".audit-row");
    await page.screenshot({ path: `${out}/audit-${w}-${locale}.png` });
    await context.close();
  }
}
await browser.close();
