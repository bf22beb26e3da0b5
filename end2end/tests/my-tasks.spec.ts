import { test, expect } from "@playwright/test";
import { ADMIN, ready, signIn } from "./helpers";

// Runs after the kanban story, whose tasks belong to the administrator.
test("my tasks across projects, grouped by due date, finished in place", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.click("a.nav-link[href='/my-tasks']");
  await ready(page);
  await expect(page.locator("h1")).toHaveText("My tasks");
  const item = page.locator(".my-task", { hasText: "Key visual" });
  await expect(item).toContainText("618 Mid-year sale");
  await expect(page.locator(".due-group[data-window='no_date']")).toContainText("Key visual");
  const count = page.locator(".due-group[data-window='no_date'] .count");
  const before = Number(await count.textContent());
  await item.locator(".my-task-status").selectOption("done");
  await expect(item).toBeHidden();
  await expect(count).toHaveText(String(before - 1));
  await page.check("#show-done");
  await expect(item.locator(".my-task-status")).toHaveValue("done");
  await expect(count).toHaveText(String(before));
  await page.uncheck("#show-done");
  await expect(item).toBeHidden();
});

test("my tasks on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto("/my-tasks");
  await ready(page);
  await expect(page.locator("h1")).toHaveText("我的任务");
  await expect(page.locator(".due-group[data-window='no_date'] h2")).toContainText("无截止日期");
  await expect(page.locator(".my-task", { hasText: "Landing page" })).toBeVisible();
  await context.close();
});
