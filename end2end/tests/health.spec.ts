import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, ready, signIn, taskInput } from "./helpers";

const day = orgDay;

test("the portfolio shows each project's health with its reasons, filtered and sorted by it", async ({ page }) => {
  await signIn(page, ADMIN);
  const late = await newProject(page, "Health: late posters", day(-20), day(20));
  await api(page, "create_task", { project_id: late, input: taskInput("Posters", { start_date: day(-10), due_date: day(-5) }) });
  const fine = await newProject(page, "Health: on time", day(1), day(30));
  await api(page, "create_task", { project_id: fine, input: taskInput("Launch", { start_date: day(5), due_date: day(9) }) });
  await page.goto("/");
  await ready(page);
  const row = (name: string) => page.locator(".project-row", { hasText: name });
  await expect(row("Health: late posters").locator(".health .badge")).toHaveText("At risk 50");
  await expect(row("Health: late posters").locator(".health-reasons")).toContainText("Progress 100 pts behind schedule");
  await expect(row("Health: late posters").locator(".health-reasons")).toContainText("Overdue tasks: 1");
  await expect(row("Health: on time").locator(".health .badge")).toHaveText("On track 100");

  // Only the projects at risk.
  await page.selectOption(".health-filter", "red");
  await expect(row("Health: late posters")).toBeVisible();
  await expect(row("Health: on time")).toHaveCount(0);
  // Worst first: the project at risk heads the list.
  await page.selectOption(".health-filter", "");
  await page.check(".sort-health");
  await expect(page.locator(".project-row").first().locator(".health")).toHaveAttribute("data-health", "red");

  // The project's overview shows it too.
  await page.goto(`/projects/${late}`);
  await ready(page);
  await expect(page.locator(".stat-health .badge")).toHaveText("At risk 50");
  await expect(page.locator(".stat-health .health-reasons")).toContainText("Overdue tasks: 1");
});

test("health on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  const row = page.locator(".project-row", { hasText: "Health: late posters" });
  await expect(row.locator(".health .badge")).toHaveText("有风险 50");
  await expect(row.locator(".health-reasons")).toContainText("1 个任务已逾期");
  await expect(row.locator(".health")).toBeVisible();
  await context.close();
});
