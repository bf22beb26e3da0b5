import { test, expect, Browser } from "@playwright/test";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { ADMIN, newProject, ready, signIn } from "./helpers";

// A desktop browser as people have it: the headless one says so in its user agent, and the
// tracking leaves robots out.
const PERSON = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

let project = 0;

/// The campaign's own site: a page with the tracking snippet, served from another origin than
/// Marquee's (a port of its own on "localhost").
async function shopSite(base: string, site: string): Promise<{ url: string; close: () => void }> {
  const page = `<!doctype html><html><head><title>Shop</title>
    <script src="${base}/api/v1/track.js" data-site="${site}"></script></head>
    <body><h1>Double 11</h1><button id="buy">Buy</button></body></html>`;
  const server = http.createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(page);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://localhost:${port}/shop/landing`, close: () => server.close() };
}

/// Opens the shop as a visitor who came from `query`, and returns the page (its clock under the
/// test's control).
async function visit(browser: Browser, shop: string, query: string, userAgent = PERSON) {
  const context = await browser.newContext({ userAgent });
  const page = await context.newPage();
  await page.clock.install();
  const arrived = page.waitForRequest((r) => r.url().endsWith("/api/v1/collect"));
  await page.goto(`${shop}${query}`);
  await page.clock.runFor(1000);
  await arrived;
  return page;
}

test("conversions: a token and the snippet, visits through the funnel, CRM orders credited to channels", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  project = await newProject(page, "Conversions: Double 11", "2026-10-20", "2026-12-31");
  await page.goto(`/projects/${project}/conversions`);
  await ready(page);
  await expect(page.locator(".tabs .tab.active")).toHaveText("Conversions");
  await expect(page.locator(".funnel-card .empty-state")).toContainText("No website events");

  // A token for the CRM: its secret shown once, listed by its first characters only.
  await page.fill("[data-test=token-name]", "CRM");
  await page.click("[data-test=create-token]");
  const secret = (await page.locator("[data-test=token-secret]").textContent())!.trim();
  expect(secret).toMatch(/^mq_[0-9a-f]{64}$/);
  const tokens = page.locator("[data-test=tokens] tbody tr");
  await expect(tokens).toHaveCount(1);
  // The list has reloaded with the new token, and the secret is still there to copy.
  await expect(page.locator("[data-test=token-secret]")).toHaveText(secret);
  await expect(tokens.first()).toContainText("CRM");
  await expect(tokens.first()).toContainText("Daily channel metrics · CRM conversions");
  await expect(page.locator("[data-test=tokens]")).not.toContainText(secret);
  // A token needs a name.
  await page.click("[data-test=create-token]");
  await expect(page.locator(".token-form .field-error")).toHaveText("This field is required.");

  // The snippet for the site.
  await page.click("[data-test=show-snippet]");
  const snippet = page.locator("[data-test=snippet]");
  await expect(snippet).toContainText("/api/v1/track.js");
  const site = (await snippet.textContent())!.match(/data-site="([^"]+)"/)![1];
  const shop = await shopSite(baseURL!, site);

  // Two visitors: one from Douyin clicks, stays, adds to the cart and orders; one from
  // Xiaohongshu only looks. A robot's visit is left out.
  const buyer = await visit(browser, shop.url, "?utm_source=douyin&utm_campaign=d11");
  await buyer.click("#buy");
  await buyer.clock.fastForward(12_000);
  await buyer.evaluate(() => (window as any).marquee("cart"));
  const ordered = buyer.waitForRequest((r) => r.url().endsWith("/api/v1/collect"));
  await buyer.evaluate(() => (window as any).marquee("order", { value: "299.00" }));
  await buyer.clock.runFor(1000);
  await ordered;
  const visitorId = await buyer.evaluate(() => localStorage.getItem("marquee_visitor"));
  expect(visitorId).toMatch(/^[0-9a-f]{32}$/);
  const looker = await visit(browser, shop.url, "?utm_source=xhs");
  const robot = await visit(browser, shop.url, "?utm_source=douyin", "Mozilla/5.0 HeadlessChrome/156.0");

  // The CRM reports the buyer's order and another from Kuaishou.
  const crm = await page.request.post(`/api/v1/projects/${project}/conversions`, {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      conversions: [
        { kind: "order", id: "SO-1", occurred_at: new Date().toISOString(), value: "1,299.00", visitor_id: visitorId },
        { kind: "order", id: "SO-2", occurred_at: new Date().toISOString(), value: 500, channel: "快手" },
        { kind: "lead", id: "", occurred_at: "soon" },
      ],
    },
  });
  expect(crm.status()).toBe(200);
  const written = await crm.json();
  expect(written.added).toBe(2);
  expect(written.rejected[0].index).toBe(2);

  const funnel = page.locator("[data-test=funnel] tbody tr");
  // The shop's page sends its events as beacons, which reach the server on their own time: the
  // funnel is read again until the two visitors and the order are in.
  await expect(async () => {
    await page.reload();
    await ready(page);
    await expect(funnel.nth(0).locator("td").first()).toHaveText("2", { timeout: 2_000 });
    await expect(funnel.nth(4).locator("td").first()).toHaveText("1", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator("[data-test=funnel] thead")).toContainText("Visitors");
  await expect(funnel.nth(1).locator("td").first()).toHaveText("1");
  await expect(funnel.nth(1).locator("td").nth(1)).toHaveText("50.0%");
  await expect(funnel.nth(4)).toContainText("Ordered");
  await expect(funnel.nth(4).locator("td").first()).toHaveText("1");
  await expect(page.locator(".funnel-svg svg")).toContainText("Viewed");
  await expect(page.locator("[data-test=conversions-order]")).toContainText("2");
  await expect(page.locator("[data-test=conversions-order]")).toContainText("¥1,799.00");
  // The order the shop's page reported is shown apart, unconfirmed, and not in the CRM's sum.
  await expect(page.locator("[data-test=browser-orders]")).toContainText("¥299.00");
  await expect(page.locator("[data-test=browser-orders]")).toContainText("unconfirmed");

  // Credit by first touch: the buyer's order to Douyin, the other to Kuaishou.
  const credits = page.locator("[data-test=attribution] tbody");
  await page.selectOption("[data-test=attribution-model]", "first_touch");
  await expect(credits.locator("tr")).toHaveCount(2);
  await expect(credits).toContainText("Douyin");
  await expect(credits).toContainText("Kuaishou");
  await expect(credits).toContainText("¥1,299.00");
  await expect(page.locator(".attribution-card .report-svg svg")).toContainText("Douyin");

  // Revoked, the token is refused.
  await page.click("[data-test=revoke-token]");
  await expect(tokens.first()).toContainText("Revoked");
  const refused = await page.request.post(`/api/v1/projects/${project}/conversions`, {
    headers: { authorization: `Bearer ${secret}` },
    data: { conversions: [{ kind: "order", id: "SO-3", occurred_at: "2026-11-11" }] },
  });
  expect(refused.status()).toBe(401);
  for (const p of [buyer, looker, robot]) await p.context().close();
  shop.close();
});

test("conversions on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/projects/${project}/conversions`);
  await ready(page);
  await expect(page.locator(".tabs .tab.active")).toHaveText("转化分析");
  const funnel = page.locator("[data-test=funnel] tbody tr");
  await expect(funnel.nth(0)).toContainText("浏览");
  await expect(page.locator("[data-test=funnel] thead")).toContainText("访客");
  await expect(funnel.nth(0).locator("td").first()).toHaveText("2");
  await page.selectOption("[data-test=attribution-model]", "linear");
  await expect(page.locator("[data-test=attribution] tbody")).toContainText("抖音");
  await expect(page.locator("[data-test=tokens] tbody tr").first()).toContainText("已吊销");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
