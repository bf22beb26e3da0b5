import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, ready, signIn, taskInput } from "./helpers";

const day = orgDay;

test("overdue work and an overrun budget raise alerts in the notification centre", async ({ page }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Alerts: Mid-autumn gifts", day(-30), day(30), "holiday_promotion");
  await api(page, "create_task", { project_id: project, input: taskInput("Gift box artwork", { start_date: day(-9), due_date: day(-5), status: "in_progress" }) });
  const finance = await api(page, "save_budget_line", {
    input: { project_id: project, id: null, version: 0, name: "Gift boxes", channel: null, category: "creative", phase: "preparation", planned: "1万" },
  });
  await api(page, "save_expense", {
    input: { project_id: project, id: null, version: 0, line_id: finance.lines[0].id, day: day(0), vendor: "Printer", amount: "12,000", state: "paid", note: "" },
  });

  // The server looks every few seconds here (a look may fall between the task and the
  // expense, so the two alerts can come in different looks); the bell shows there is something
  // unread.
  const overdue = page.locator(".notification[data-kind=overdue_task]", { hasText: "Gift box artwork" });
  const overrun = page.locator(".notification[data-kind=budget_overrun]", { hasText: "Gift boxes" });
  await expect
    .poll(async () => {
      await page.goto("/");
      await ready(page);
      await page.click(".bell");
      await page.waitForURL("**/notifications");
      await ready(page);
      return [await overdue.count(), await overrun.count()];
    }, { timeout: 20_000 })
    .toEqual([1, 1]);
  await expect(page.locator(".bell-count")).toBeVisible();
  await expect(overdue).toContainText("“Gift box artwork” is 5 days overdue");
  await expect(overdue).toHaveClass(/unread/);
  await expect(overrun).toContainText("Budget line “Gift boxes” is over by ¥2,000.00");

  // Opening one marks it read and goes to its task.
  await overdue.locator("a").click();
  await page.waitForURL(new RegExp(`/projects/${project}/board\\?task=\\d+$`));
  await page.goto("/notifications");
  await ready(page);
  await expect(overdue).not.toHaveClass(/unread/);
  await expect(overrun).toHaveClass(/unread/);
  await page.click(".mark-all-read");
  await expect(page.locator(".notification.unread")).toHaveCount(0);
  await page.reload();
  await ready(page);
  await expect(page.locator(".bell-count")).toHaveCount(0);
});

test("notifications on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto("/notifications");
  await ready(page);
  await expect(page.locator(".notification[data-kind=overdue_task]", { hasText: "Gift box artwork" })).toContainText("任务“Gift box artwork”已逾期 5 天");
  await expect(page.locator(".notification[data-kind=budget_overrun]", { hasText: "Gift boxes" })).toContainText("预算科目“Gift boxes”已超支 ¥2,000.00");
  await expect(page.locator(".bell")).toBeVisible();
  await context.close();
});
