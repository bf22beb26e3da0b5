import { test, expect } from "@playwright/test";
import { ADMIN, ready, signIn } from "./helpers";

test("a project from the product launch template comes planned", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/projects/new");
  await ready(page);
  await page.fill("#project-name", "Autumn headphones launch");
  await page.selectOption("#project-template", "product_launch");
  // The template sets the project's type.
  await expect(page.locator("#project-kind")).toHaveValue("product_launch");
  await expect(page.locator("#project-template option[value='product_launch']")).toHaveText(
    "New product launch: 19 tasks, planned from the start date",
  );
  // The project ends when the template's plan does: 34 working days from Tuesday 1 September.
  await page.fill("#project-start", "2026-09-01");
  await expect(page.locator("#project-end")).toHaveValue("2026-10-16");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  await expect(page.locator(".project-head .muted")).toContainText("2026-09-01 → 2026-10-16");
  const projectUrl = new URL(page.url()).pathname;

  // Every task of the breakdown, dated: research starts on the first day.
  await page.goto(`${projectUrl}/list`);
  await ready(page);
  await expect(page.locator(".task-row")).toHaveCount(19);
  const research = page.locator(".task-row", { hasText: "Market and audience research" });
  await expect(research.locator(".inline-start")).toHaveValue("2026-09-01");

  // On the Gantt chart, with the launch event as a milestone after the work it waits for.
  await page.goto(`${projectUrl}/gantt`);
  await ready(page);
  await expect(page.locator(".gantt-label", { hasText: "Launch event" })).toBeVisible();
  await expect(page.locator(".gantt-bar.milestone")).toHaveCount(1);
  await expect(page.locator(".gantt-link").first()).toBeAttached();
});

test("a holiday promotion from its template on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto("/projects/new");
  await ready(page);
  await page.fill("#project-name", "国庆大促");
  await expect(page.locator("#project-template option[value='holiday_promotion']")).toHaveText(
    "节日促销：16 个任务，从开始日期排期",
  );
  await page.selectOption("#project-template", "holiday_promotion");
  await page.fill("#project-start", "2026-09-01");
  await page.fill("#project-end", "2026-10-15");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  await page.goto(`${new URL(page.url()).pathname}/board`);
  await ready(page);
  await expect(page.locator("[data-task-id]", { hasText: "促销策略与目标" })).toBeVisible();
  await expect(page.locator("[data-task-id]", { hasText: "大促开售" })).toBeAttached();
  await context.close();
});
