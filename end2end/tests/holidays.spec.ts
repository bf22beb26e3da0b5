import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, personIn, ready, signIn, taskInput } from "./helpers";

// A plan that reaches a year whose official holidays are not known says so on the Gantt; an
// administrator enters the year under Settings (told which line is wrong), and the plan takes it
// in from the Gantt. On a phone, in Chinese, the year is listed and can be looked at.
test("a plan reaching an unknown year says so, and takes the year once it is entered", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Holidays: Spring Festival 2027", "2026-12-01", "2027-03-01", "holiday_promotion");
  // On an official calendar (it has holidays), with work in February 2027.
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [5, 6], holidays: ["2026-10-01"], working_weekends: [] } });
  await api(page, "create_task", { project_id: project, input: taskInput("Red envelope campaign", { start_date: "2027-02-04", due_date: "2027-02-09" }) });

  await page.goto(`/projects/${project}/gantt`);
  await ready(page);
  const gap = page.locator(".holiday-gap[data-year='2027']");
  await expect(gap).toContainText("This plan reaches 2027, which has no official holidays in its calendar");
  await expect(gap).toContainText("An administrator can enter it under Settings.");

  // Entered under Settings: a line that is not understood is named.
  await page.goto("/admin/settings");
  await ready(page);
  const card = page.locator(".holidays");
  await expect(card.locator(".holiday-year[data-year='2026']")).toContainText("built in");
  await card.locator("#holiday-year").fill("2027");
  await card.locator("#holiday-text").fill("2027-01-01 off\nthe week of spring festival\n2027-02-14 work");
  await card.locator("button[type=submit]").click();
  await expect(card.locator(".field-error")).toContainText("Line 2: write a date or two dates with ~ between them");
  await card.locator("#holiday-text").fill("2027-01-01 off\n2027-02-06 ~ 2027-02-13 off\n2027-02-14 work");
  await card.locator("button[type=submit]").click();
  await expect(card.locator(".alert-success")).toHaveText("Saved.");
  await expect(card.locator(".holiday-year[data-year='2027']")).toContainText("9 days off, 1 worked · entered here");

  // Back on the Gantt, the year is offered; taken in, the notice goes.
  await page.goto(`/projects/${project}/gantt`);
  await ready(page);
  await page.getByRole("button", { name: "Use the official 2027 schedule" }).click();
  await expect(page.locator(".holiday-gap")).toHaveCount(0);
  // The calendar editor's official holidays include the year entered.
  await page.getByRole("button", { name: "Working calendar" }).click();
  const editor = page.locator(".calendar-editor");
  await editor.getByRole("button", { name: "China's official holidays" }).click();
  await expect(editor.locator(".date-chip", { hasText: "2027-02-08" })).toHaveCount(1);
  await expect(editor.locator(".date-chip", { hasText: "2026-02-16" })).toHaveCount(1);
  await editor.getByRole("button", { name: "Cancel" }).last().click();

  // On a phone, in Chinese: the years listed; a year's days shown to be checked.
  const phone = await personIn(browser, baseURL!, ADMIN.username, ADMIN.password, true);
  await phone.goto("/admin/settings");
  await ready(phone);
  const list = phone.locator(".holidays");
  await expect(list.locator("h3")).toHaveText("法定节假日");
  await expect(list.locator(".holiday-year[data-year='2027']")).toContainText("放假 9 天，调休上班 1 天 · 本组织录入");
  await list.locator(".holiday-year[data-year='2026']").getByRole("button", { name: "编辑" }).click();
  await expect(list.locator("#holiday-text")).toHaveValue(/2026-02-15 ~ 2026-02-23 off/);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});
