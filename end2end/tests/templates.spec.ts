import { test, expect } from "@playwright/test";
import { ADMIN, api, ready, signIn } from "./helpers";

test("a project from the product launch template comes planned", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/projects/new");
  await ready(page);
  await page.fill("#project-name", "Autumn headphones launch");
  await page.selectOption("#project-template", "b:product_launch");
  // The template sets the project's type.
  await expect(page.locator("#project-kind")).toHaveValue("product_launch");
  await expect(page.locator("#project-template option[value='b:product_launch']")).toHaveText(
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
  await expect(page.locator("#project-template option[value='b:holiday_promotion']")).toHaveText(
    "节日促销：16 个任务，从开始日期排期",
  );
  await page.selectOption("#project-template", "b:holiday_promotion");
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

test("a project saved as a template starts the next one; admins rename and delete it", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  const me = (await api(page, "session_info", {})).user.id;
  const source = await api(page, "create_project", {
    input: {
      name: "Spring earbuds launch", kind: "product_launch", background: "", objectives: "", expected_benefit: "", risks: [],
      owner_id: me, start_date: "2026-03-02", end_date: "2026-05-29",
    },
    template: "product_launch",
  });

  // Saved from its overview, with its KPIs but without its budget.
  await page.goto(`/projects/${source}`);
  await ready(page);
  await page.click(".save-as-template");
  await page.fill("#template-name", "Earbuds launch playbook");
  await page.fill("#template-description", "As run for the spring earbuds");
  await page.uncheck("#template-budget");
  await page.click(".save-template-submit");
  await expect(page.locator(".template-saved")).toBeVisible();

  // On the templates page beside the built-in ones, with what it lays out and where it came from.
  await page.click(".template-saved a");
  await page.waitForURL("**/templates");
  await ready(page);
  await expect(page.locator(".built-in-templates .template-card")).toHaveCount(3);
  const card = page.locator(".saved-templates .template-card", { hasText: "Earbuds launch playbook" });
  await expect(card).toContainText("19 tasks · 4 KPIs · 0 budget lines · 34 working days");
  await expect(card).toContainText("Spring earbuds launch");
  await expect(card).toContainText("Saved by Admin Wang");

  // A new project from it: chosen in the form, its end fitted to the plan, its tasks dated.
  await card.locator(".new-from-template").click();
  await page.waitForURL(/\/projects\/new\?template=s:\d+/);
  await ready(page);
  const chosen = await page.locator("#project-template").inputValue();
  expect(chosen).toMatch(/^s:\d+$/);
  await expect(page.locator("#project-kind")).toHaveValue("product_launch");
  await page.fill("#project-name", "Autumn earbuds launch");
  await page.fill("#project-start", "2026-09-01");
  await expect(page.locator("#project-end")).toHaveValue("2026-10-16");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  const autumn = new URL(page.url()).pathname;
  await page.goto(`${autumn}/list`);
  await ready(page);
  await expect(page.locator(".task-row")).toHaveCount(19);
  await expect(page.locator(".task-row", { hasText: "Market and audience research" }).locator(".inline-start")).toHaveValue("2026-09-01");
  await page.goto(`${autumn}/finance`);
  await ready(page);
  await expect(page.locator(".kpi-row")).toHaveCount(4);
  await expect(page.locator(".budget-row")).toHaveCount(0);

  // The admin renames it on a phone, in Chinese, then deletes it.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await signIn(phone, ADMIN);
  await phone.goto("/templates");
  await ready(phone);
  const mine = phone.locator(".saved-templates .template-card", { hasText: "Earbuds launch playbook" });
  await expect(mine).toContainText("19 个任务 · 4 个 KPI · 0 个预算科目 · 34 个工作日");
  await mine.locator(".edit-template").click();
  await phone.fill("#edit-template-name", "");
  await phone.click(".save-template-edit");
  await expect(phone.locator(".template-drawer .field-error")).toContainText("必填");
  await phone.fill("#edit-template-name", "耳机新品发布打法");
  await phone.click(".save-template-edit");
  const renamed = phone.locator(".saved-templates .template-card", { hasText: "耳机新品发布打法" });
  await expect(renamed).toBeVisible();
  phone.on("dialog", (d) => d.accept());
  await renamed.locator(".delete-template").click();
  await expect(phone.locator(".no-saved-templates")).toBeVisible();
  await context.close();
});
