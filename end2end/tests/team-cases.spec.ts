import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// The case library (案例库): at a desk in English, a reviewed campaign is published as a case
// from its retrospective with a file, found by its filters, read, and a new project started from
// it on a budget of its own; on a phone in Chinese, a contributor of a similar campaign is shown
// it on her project and first in the library, and opens its file.
test.describe.configure({ mode: "serial" });

const PASSWORD = "cases passphrase 4";

test("a reviewed campaign is published from its retrospective, filtered, read and started from at a desk, and shown on a phone to a similar project's contributor", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const meiling = (await api(page, "create_user", { input: { username: "meiling", display_name: "美玲", email: "", role: "member", password: PASSWORD } })).id;
  const project = await newProject(page, "Cases: Qixi gift boxes", orgDay(-60), orgDay(-20), "holiday_promotion");
  for (const title of ["Book livestream hosts", "Ship gift boxes"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title) });
  }
  await api(page, "save_budget_line", { input: { project_id: project, id: null, version: 0, name: "Douyin ads", channel: "douyin", category: "media", phase: "launch", planned: "30万" } });
  const upload = await page.request.post(`/api/upload/files/${project}?place=project&name=host-brief.txt`, {
    headers: { origin: new URL(page.url()).origin, "content-type": "text/plain" },
    data: Buffer.from("Hosts: book six weeks ahead.\n"),
  });
  expect(upload.ok(), await upload.text()).toBe(true);
  for (const to of ["pending_approval", "approved", "in_progress", "completed"]) {
    await api(page, "change_project_status", { request: { project_id: project, to, comment: "", flow_id: null } });
  }
  const retro = (await api(page, "get_retro", { project_id: project })).retro;
  await api(page, "approve_retro", { project_id: project, version: retro.version });
  // A similar campaign Meiling works on now.
  const next = await newProject(page, "Cases: Double 11", orgDay(10), orgDay(40), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: next, user_id: meiling, role: "contributor" } });

  // Published from the retrospective page, with a file of the project.
  await page.goto(`/projects/${project}/retro`);
  await ready(page);
  const form = page.locator("[data-test=case-publish]");
  await expect(form.locator("#case-title")).toHaveValue("Cases: Qixi gift boxes");
  await form.locator("#case-title").fill("Qixi: gift boxes through livestreams");
  await form.locator("#case-industry-pick").selectOption("beauty");
  await form.locator("#case-lessons").fill("Book the hosts **six weeks** ahead.");
  await form.getByLabel("host-brief.txt").check();
  await form.locator("[data-test=publish-case]").click();
  await expect(form.locator("[data-test=open-case]")).toBeVisible();
  await expect(form.locator("[data-test=publish-case]")).toHaveText("Update the case");

  await page.goto("/cases");
  await ready(page);
  const card = page.locator("[data-test=cases] [data-test=case-card]", { hasText: "Qixi: gift boxes through livestreams" });
  await expect(card).toContainText("Holiday promotion");
  await expect(card).toContainText("Douyin");
  await page.selectOption("#case-channel", "weibo");
  await expect(card).toHaveCount(0);
  await page.selectOption("#case-channel", "douyin");
  await page.selectOption("#case-industry", "beauty");
  await expect(card).toHaveCount(1);
  await card.click();
  await page.waitForURL(/\/cases\/\d+$/);
  const doc = page.locator("[data-test=case]");
  await expect(doc.locator("h1")).toHaveText("Qixi: gift boxes through livestreams");
  await expect(doc.locator(".markdown strong")).toHaveText("six weeks");
  await expect(doc).toContainText("read 1 times by 1 people");
  await expect(doc.locator("[data-test=case-file]")).toHaveText("host-brief.txt");

  // Started from: the case's plan, and its budget planned over a new total.
  const start = doc.locator("[data-test=case-start]");
  await expect(start).toContainText("2 tasks");
  await start.getByRole("link").click();
  await page.waitForURL(/\/projects\/new\?template=c:\d+$/);
  await ready(page);
  await expect(page.locator("#project-template option:checked")).toContainText("Qixi: gift boxes through livestreams");
  await expect(page.locator("#project-budget")).toHaveValue("¥300,000.00");
  await page.fill("#project-name", "Cases: Qixi next year");
  await page.fill("#project-budget", "-1");
  await page.click("form.project-form button[type=submit]");
  await expect(page.locator(".field-error")).toHaveText("Must not be below zero.");
  await page.fill("#project-budget", "15万");
  await page.click("form.project-form button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  const started = Number(new URL(page.url()).pathname.split("/").pop());
  const finance = await api(page, "get_finance", { project_id: started });
  expect(finance.totals.planned).toBe(15_000_000);
  const tasks = await api(page, "list_tasks", { project_id: started });
  expect(tasks.map((t: { input: { title: string } }) => t.input.title).sort()).toEqual(["Book livestream hosts", "Ship gift boxes"]);

  const phone = await personIn(browser, baseURL!, "meiling", PASSWORD, true);
  // Her project's overview names the case like it.
  await phone.goto(`/projects/${next}`);
  await ready(phone);
  await expect(phone.locator("[data-test=cases-like]")).toContainText("Qixi: gift boxes through livestreams");
  await phone.goto("/cases");
  await ready(phone);
  // (Among the cases like her project, whichever others the library holds.)
  const mine = phone.locator("[data-test=for-you] [data-test=case-card]", { hasText: "Qixi: gift boxes through livestreams" });
  await expect(mine).toBeVisible();
  await expect(mine).toContainText("节日促销");
  await expect(phone.locator("[data-test=case-usage]")).toContainText("1 个项目以案例为起点");
  await mine.tap();
  await phone.waitForURL(/\/cases\/\d+$/);
  await expect(phone.locator("[data-test=case]")).toContainText("经验教训");
  await expect(phone.locator("[data-test=withdraw-case]")).toHaveCount(0);
  // Not a manager of projects: nothing to start; the case's file opens for her although she is
  // not on its project.
  await expect(phone.locator("[data-test=case-start]")).toHaveCount(0);
  const href = await phone.locator("[data-test=case-file]").getAttribute("href");
  const file = await phone.request.get(href!);
  expect(file.status()).toBe(200);
  expect(await file.text()).toContain("six weeks ahead");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});
