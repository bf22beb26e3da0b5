import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn } from "./helpers";

// The case library (案例库): a reviewed campaign published as a case is found at a desk in
// English by its filters and read; on a phone in Chinese, a contributor of a similar campaign is
// shown it first.
test.describe.configure({ mode: "serial" });

const PASSWORD = "cases passphrase 4";

test("a published case is filtered and read at a desk, and shown on a phone to a similar project's contributor", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const meiling = (await api(page, "create_user", { input: { username: "meiling", display_name: "美玲", email: "", role: "member", password: PASSWORD } })).id;
  const project = await newProject(page, "Cases: Qixi gift boxes", orgDay(-60), orgDay(-20), "holiday_promotion");
  await api(page, "save_budget_line", { input: { project_id: project, id: null, version: 0, name: "Douyin ads", channel: "douyin", category: "media", phase: "launch", planned: "30万" } });
  for (const to of ["pending_approval", "approved", "in_progress", "completed"]) {
    await api(page, "change_project_status", { request: { project_id: project, to, comment: "", flow_id: null } });
  }
  const retro = (await api(page, "get_retro", { project_id: project })).retro;
  await api(page, "approve_retro", { project_id: project, version: retro.version });
  await api(page, "publish_case", { input: { project_id: project, title: "Qixi: gift boxes through livestreams", industry: "beauty", lessons: "Book the hosts **six weeks** ahead.", files: [] } });
  // A similar campaign Meiling works on now.
  const next = await newProject(page, "Cases: Double 11", orgDay(10), orgDay(40), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: next, user_id: meiling, role: "contributor" } });

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

  const phone = await personIn(browser, baseURL!, "meiling", PASSWORD, true);
  await phone.goto("/cases");
  await ready(phone);
  const mine = phone.locator("[data-test=for-you] [data-test=case-card]").first();
  await expect(mine).toContainText("Qixi: gift boxes through livestreams");
  await expect(mine).toContainText("节日促销");
  await mine.tap();
  await phone.waitForURL(/\/cases\/\d+$/);
  await expect(phone.locator("[data-test=case]")).toContainText("经验教训");
  await expect(phone.locator("[data-test=withdraw-case]")).toHaveCount(0);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});
