import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { ADMIN, api, newProject, ready, signIn, taskInput } from "./helpers";

// Runs after the foundation story, whose campaign holds the tasks listed here.
test("the task list filters, sorts and exports CSV", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.locator(".project-link", { hasText: "Singles' Day 2026" }).click();
  await ready(page);
  await page.click("a.tab[href$='/list']");
  const titles = page.locator(".task-row .task-title");
  await expect(titles.first()).toBeVisible();

  // Sorting by title: ascending, then descending, then back to the tree.
  const title = page.getByRole("button", { name: "Title" });
  await title.click();
  await expect(page.locator("th[aria-sort=ascending]")).toHaveCount(1);
  await expect(titles.first()).toHaveText("Banner 1");
  await title.click();
  await expect(titles.first()).toHaveText("Poster for stores");
  await title.click();
  await expect(page.locator("th[aria-sort=ascending], th[aria-sort=descending]")).toHaveCount(0);

  // Filtering by status leaves only what matches.
  await page.selectOption("#filter-status", "review");
  await expect(titles).toHaveText(["Phone task"]);
  await page.selectOption("#filter-due", "no_date");
  await expect(titles).toHaveText(["Phone task"]);
  await page.selectOption("#filter-due", "overdue");
  await expect(page.locator(".task-row")).toHaveCount(0);
  await page.selectOption("#filter-due", "");

  // The export holds exactly the rows shown, headed in the reader's language.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toContain("Title,Owner,Status");
  expect(lines.slice(1)).toHaveLength(1);
  expect(lines[1]).toMatch(/^Phone task,.*,In review,/);
});

test("bulk edit of selected tasks in the list", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.locator(".project-link", { hasText: "Singles' Day 2026" }).click();
  await ready(page);
  await page.click("a.tab[href$='/list']");
  const row = (title: string) => page.locator(".task-row", { has: page.locator(".task-title", { hasText: new RegExp(`^${title}$`) }) });
  await row("Banner 1").locator(".select-task").check();
  await row("Banner 2").locator(".select-task").check();
  await expect(page.locator(".bulk-count")).toHaveText("2 selected");
  // Nothing chosen to change: a clear message, nothing changes.
  await page.click(".bulk-apply");
  await expect(page.locator(".alert-error").first()).toContainText("Choose what to change");
  await page.selectOption("#bulk-status", "review");
  await page.selectOption("#bulk-priority", "high");
  await page.click(".bulk-apply");
  await expect(page.locator(".bulk-done")).toHaveText("2 tasks updated");
  await expect(page.locator(".bulk-bar")).toHaveCount(0);
  for (const title of ["Banner 1", "Banner 2"]) {
    await expect(row(title).locator(".inline-status")).toHaveValue("review");
    await expect(row(title).locator(".inline-priority")).toHaveValue("high");
  }
  await expect(row("Banner 3").locator(".inline-status")).toHaveValue("todo");
  await page.reload();
  await ready(page);
  await expect(row("Banner 2").locator(".inline-status")).toHaveValue("review");

  // One cell edited in place is saved at once, without opening the task.
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/update_task"));
  await row("Banner 3").locator(".inline-priority").selectOption("urgent");
  expect((await saved).ok()).toBe(true);
  await expect(page.locator(".drawer")).toHaveCount(0);
  await page.reload();
  await ready(page);
  await expect(row("Banner 3").locator(".inline-priority")).toHaveValue("urgent");
  await expect(row("Banner 3").locator(".inline-status")).toHaveValue("todo");
});

test("dates and progress edited in the list move the dependent task and are saved", async ({ page }) => {
  await signIn(page, ADMIN);
  const day = (n: number) => {
    // The Monday after today, plus n days: working days in the future.
    const d = new Date();
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7) + n);
    return d.toISOString().slice(0, 10);
  };
  const project = await newProject(page, "List schedule", day(0), day(30));
  const research = await api(page, "create_task", { project_id: project, input: taskInput("Research", { start_date: day(0), due_date: day(1) }) });
  const copy = await api(page, "create_task", { project_id: project, input: taskInput("Copy", { start_date: day(2), due_date: day(3) }) });
  await api(page, "create_link", { input: { project_id: project, predecessor_id: research.id, successor_id: copy.id, kind: "finish_to_start", lag_days: 0 } });
  await page.goto(`/projects/${project}/list`);
  await ready(page);
  const row = (title: string) => page.locator(".task-row", { has: page.locator(".task-title", { hasText: new RegExp(`^${title}$`) }) });
  await expect(row("Copy").locator(".inline-start")).toHaveValue(day(2));

  // Research takes a day longer: Copy, which follows it, moves a day later at once.
  await row("Research").locator(".inline-due").fill(day(2));
  await expect(row("Copy").locator(".inline-start")).toHaveValue(day(3));
  await expect(row("Copy").locator(".inline-due")).toHaveValue(day(4));
  await expect(page.locator(".drawer")).toHaveCount(0);

  // Progress typed in its cell.
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/update_task"));
  await row("Research").locator(".inline-progress").fill("40");
  await row("Research").locator(".inline-progress").blur();
  expect((await saved).ok()).toBe(true);
  // A percentage over 100 is refused with a message, and the cell shows the saved value again.
  await row("Research").locator(".inline-progress").fill("150");
  await row("Research").locator(".inline-progress").blur();
  await expect(page.locator(".alert-error").first()).toContainText("Progress is a percentage from 0 to 100.");
  await expect(row("Research").locator(".inline-progress")).toHaveValue("40");

  // An end before the start is refused with a message, and the cell shows the saved date again.
  await row("Copy").locator(".inline-start").fill(day(8));
  await expect(page.locator(".alert-error").first()).toContainText("The end date is before the start date.");
  await expect(row("Copy").locator(".inline-start")).toHaveValue(day(3));

  await page.reload();
  await ready(page);
  await expect(row("Research").locator(".inline-due")).toHaveValue(day(2));
  await expect(row("Research").locator(".inline-progress")).toHaveValue("40");
  await expect(row("Copy").locator(".inline-start")).toHaveValue(day(3));
  await expect(row("Copy").locator(".inline-due")).toHaveValue(day(4));
});
