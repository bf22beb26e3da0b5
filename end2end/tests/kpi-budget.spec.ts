import { test, expect } from "@playwright/test";
import { ADMIN, newProject, orgDay, ready, signIn } from "./helpers";

const day = orgDay;

let project = 0;

test("KPIs and a budget: attainment, an overrun that turns health red, the ROI formula", async ({ page }) => {
  await signIn(page, ADMIN);
  project = await newProject(page, "Budget: Spring launch", day(-9), day(10));
  await page.goto(`/projects/${project}/finance`);
  await ready(page);
  await expect(page.locator(".kpi-table")).toContainText("No KPIs yet.");

  // A leads target, evenly over the campaign.
  await page.click(".add-kpi");
  await page.selectOption("#kpi-metric", "leads");
  await page.fill("#kpi-target", "2,000");
  await page.click(".finance-drawer button[type=submit]");
  const leads = page.locator(".kpi-row[data-metric=leads]");
  await expect(leads.locator("td").nth(1)).toHaveText("2,000");

  // 300 leads so far, where the plan expects about half: behind.
  await leads.locator(".enter-figure").click();
  await page.fill("#figure-value", "abc");
  await page.click(".finance-drawer button[type=submit]");
  await expect(page.locator(".finance-drawer .field-error")).toContainText("Not a number");
  await page.fill("#figure-value", "300");
  await page.click(".finance-drawer button[type=submit]");
  await expect(page.locator(".finance-drawer")).toHaveCount(0);
  await expect(leads.locator(".kpi-actual")).toHaveText("300");
  await expect(leads.locator(".kpi-behind")).toHaveText("▼ Behind plan");
  await expect(leads.locator(".attainment-target")).toHaveText("15% of target");

  // A budget line typed the Chinese way, then an expense that overruns it.
  await page.click(".add-line");
  await page.fill("#line-name", "Douyin feed ads");
  await page.fill("#line-planned", "abc");
  await page.click(".finance-drawer button[type=submit]");
  await expect(page.locator(".finance-drawer .field-error")).toContainText("Not a number");
  await page.fill("#line-planned", "5万");
  await page.click(".finance-drawer button[type=submit]");
  const line = page.locator(".budget-row", { hasText: "Douyin feed ads" });
  await expect(line.locator("td").nth(4)).toHaveText("¥50,000.00");
  await expect(page.locator(".burn-chart svg")).toHaveCount(1);

  await page.click(".record-expense");
  await page.fill("#expense-vendor", "Ocean Engine agency");
  await page.fill("#expense-amount", "60,000");
  await page.selectOption("#expense-state", "paid");
  await page.click(".finance-drawer button[type=submit]");
  await expect(page.locator(".expense-row", { hasText: "Ocean Engine agency" })).toContainText("¥60,000.00");
  await expect(line.locator(".line-remaining")).toContainText("-¥10,000.00");
  await expect(line.locator(".line-remaining .chip-error")).toHaveText("▲ Overrun");
  await expect(page.locator(".stat-remaining .stat-value")).toHaveText("-¥10,000.00");
  // The chart draws the money left: it now goes below zero, and zero is marked in red.
  await expect
    .poll(async () => (await page.locator(".burn-chart").innerHTML()).toUpperCase())
    .toContain("#FF4D4F");

  // Revenue makes an ROI forecast, its formula written out.
  await page.click(".add-kpi");
  await page.selectOption("#kpi-metric", "revenue");
  await page.fill("#kpi-target", "200,000");
  await page.click(".finance-drawer button[type=submit]");
  await expect(page.locator(".roi-formula")).toHaveText(
    "ROI = (expected revenue ¥200,000.00 − cost ¥60,000.00) ÷ cost ¥60,000.00 = 233.33%",
  );

  // The overview's health names the overrun and the KPI behind its plan.
  await page.click(".tabs >> text=Overview");
  await expect(page.locator(".stat-health .badge")).toContainText("At risk");
  await expect(page.locator(".stat-health .health-reasons")).toContainText("20% over budget");
  await expect(page.locator(".stat-health .health-reasons")).toContainText("Leads at 30% of plan");

  // Amounts survive a reload.
  await page.goto(`/projects/${project}/finance`);
  await ready(page);
  await expect(page.locator(".stat-remaining .stat-value")).toHaveText("-¥10,000.00");
});

test("KPIs and budget on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/projects/${project}/finance`);
  await ready(page);
  await expect(page.locator(".tabs .tab.active")).toHaveText("指标与预算");
  const leads = page.locator(".kpi-row[data-metric=leads]");
  await expect(leads.locator(".kpi-behind")).toHaveText("▼ 落后计划");
  await expect(page.locator(".budget-row .chip-error")).toHaveText("▲ 超支");
  // Tables become cards: each value carries its label.
  await expect(leads.locator("td").nth(3)).toHaveAttribute("data-label", "实际值");
  await expect(leads.locator("td").nth(3)).toBeVisible();

  // Another 200 leads from Xiaohongshu yesterday, entered in the drawer.
  await leads.locator(".enter-figure").tap();
  await page.fill("#figure-day", day(-1));
  await page.selectOption("#figure-channel", "xiaohongshu");
  await page.fill("#figure-value", "-5");
  await page.locator(".finance-drawer button[type=submit]").tap();
  await expect(page.locator(".finance-drawer .field-error")).toHaveText("不能为负数。");
  await page.fill("#figure-value", "200");
  await page.locator(".finance-drawer button[type=submit]").tap();
  await expect(leads.locator(".kpi-actual")).toHaveText("500");
  // The chart is drawn at the phone's width.
  await expect(page.locator(".burn-chart svg")).toBeVisible();
  const box = await page.locator(".burn-chart").boundingBox();
  expect(box && box.width > 200 && box.width <= 390).toBe(true);
  await context.close();
});
