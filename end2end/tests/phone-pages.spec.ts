import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, ready, signIn, taskInput } from "./helpers";

// The pages that had no phone test, on the narrowest common phone (360×740) in Chinese: each
// shows what it is for, and none scrolls sideways.
test.describe.configure({ mode: "serial" });

async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

test("the task list, people, approval flows, webhooks, account and project form on a 360 px phone", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Phone pages: 双十二 campaign with a rather long name", orgDay(-3), orgDay(40));
  for (const title of ["小红书达人种草内容与投放排期确认", "Landing page copy"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title, { start_date: orgDay(0), due_date: orgDay(5) }) });
  }
  const context = await browser.newContext({ baseURL, locale: "zh-CN", viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const phone = await context.newPage();
  await signIn(phone, ADMIN);

  await phone.goto(`/projects/${project}/list`);
  await ready(phone);
  await expect(phone.getByText("小红书达人种草内容与投放排期确认")).toBeVisible();
  await fitsThePhone(phone);

  await phone.goto("/admin/users");
  await ready(phone);
  await expect(phone.locator("h1")).toBeVisible();
  await expect(phone.locator("main").getByText(ADMIN.name)).toBeVisible();
  await fitsThePhone(phone);

  await phone.goto("/approvals");
  await ready(phone);
  await expect(phone.locator(".flows-admin")).toBeVisible();
  await expect(phone.locator(".webhooks-admin")).toBeVisible();
  await fitsThePhone(phone);

  await phone.goto("/account");
  await ready(phone);
  await expect(phone.locator(".notify-prefs")).toBeVisible();
  await fitsThePhone(phone);

  await phone.goto("/projects/new");
  await ready(phone);
  await expect(phone.locator("form")).toBeVisible();
  await fitsThePhone(phone);

  await phone.goto(`/projects/${project}/edit`);
  await ready(phone);
  await expect(phone.locator("form")).toBeVisible();
  await fitsThePhone(phone);
  await context.close();
});
