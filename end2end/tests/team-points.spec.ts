import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import JSZip from "jszip";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// Points (积分) and performance (绩效): at a desk in English an admin sees tasks done on time pay
// their owner, adjusts a colleague's points with a reason and switches a deduction on; on a phone
// in Chinese that colleague reads her points line by line, nominates the month's star and leaves
// the public leaderboard, which the desk then no longer shows her on. An admin reads a project's
// people's performance and exports it; on a phone its person reads their own.
test.describe.configure({ mode: "serial" });

const PASSWORD = "points passphrase 5";

test("points are earned, adjusted and ranked at a desk, and read, nominated and hidden on a phone", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const dawei = (await api(page, "create_user", { input: { username: "dawei", display_name: "大伟", email: "", role: "member", password: PASSWORD } })).id;
  const xiaoyu = (await api(page, "create_user", { input: { username: "yuqing", display_name: "小雨", email: "", role: "member", password: PASSWORD } })).id;
  const project = await newProject(page, "Points: 双十二 livestream", orgDay(-10), orgDay(30), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: project, user_id: dawei, role: "manager" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: xiaoyu, role: "contributor" } });
  // The rules are read (and made) before the work is done: they pay from then on.
  await api(page, "get_points", { query: { month: null, project_id: null } });
  const kv = taskInput("Key visual", { owner_id: dawei, start_date: orgDay(-5), due_date: orgDay(5), deliverable: "Final PSD" });
  const task = await api(page, "create_task", { project_id: project, input: kv });
  await api(page, "update_task", { task_id: task.id, version: task.version, input: { ...kv, status: "done", progress: 100 } });

  await page.goto("/points");
  await ready(page);
  const board = page.locator("[data-test=leaderboard]");
  await expect(board.locator("[data-test=leader-row]", { hasText: "大伟" })).toContainText("15");
  // An adjustment needs a reason.
  const adjust = page.locator("[data-test=adjust-points]");
  await adjust.locator("#adjust-person").selectOption(String(xiaoyu));
  await adjust.locator("#adjust-points").fill("30");
  await adjust.getByRole("button", { name: "Adjust points" }).click();
  await expect(adjust.locator(".field-error")).toHaveText("This field is required.");
  await adjust.locator("#adjust-reason").fill("Covered the launch night");
  await adjust.getByRole("button", { name: "Adjust points" }).click();
  await expect(board.locator("[data-test=leader-row]", { hasText: "小雨" })).toContainText("30");
  // Ranked above him (whoever else has points this month).
  const names = await board.locator("[data-test=leader-row] td:nth-child(2)").allTextContents();
  expect(names.indexOf("小雨")).toBeLessThan(names.indexOf("大伟"));
  // Deductions are off until switched on.
  const late = page.locator("[data-rule=task_late]");
  await expect(late).toHaveClass(/inactive/);
  await late.locator("input[type=checkbox]").check();
  await late.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("[data-test=point-rules] .alert-success")).toBeVisible();
  await expect(page.locator("[data-rule=task_late]")).not.toHaveClass(/inactive/);

  const phone = await personIn(browser, baseURL!, "yuqing", PASSWORD, true);
  await phone.goto("/points");
  await ready(phone);
  const mine = phone.locator("[data-test=my-points]");
  await expect(mine.locator("[data-test=my-month]")).toHaveText("+30");
  await expect(mine.locator("[data-test=point-entry]")).toContainText("管理员调整");
  await expect(mine.locator("[data-test=point-entry]")).toContainText("Covered the launch night");
  // She nominates Dawei; the board shows his nomination.
  const stars = phone.locator("[data-test=stars]");
  await stars.locator("#nominee").selectOption(String(dawei));
  await stars.locator("#nominate-reason").fill("直播脚本写得好");
  await stars.locator("[data-test=nominate]").tap();
  await expect(stars.locator("[data-test=nominated]")).toContainText("大伟");
  await expect(phone.locator("[data-test=leader-row]", { hasText: "大伟" })).toContainText("★ 1");
  await expect(stars.locator("[data-test=leading]")).toContainText("本月暂列第一");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // She leaves the public board: still on her own, gone from the desk's.
  await mine.locator("[data-test=leave-leaderboard]").check();
  await expect(mine.locator(".hint")).toContainText("其他人在排行榜");
  await expect(phone.locator("[data-test=leader-row]", { hasText: "小雨" })).toHaveCount(1);
  await phone.context().close();

  await page.reload();
  await ready(page);
  await expect(board.locator("[data-test=leader-row]", { hasText: "大伟" })).toBeVisible();
  await expect(board.locator("[data-test=leader-row]", { hasText: "小雨" })).toHaveCount(0);
});

test("performance figures are read and exported at a desk, and read on a phone by the person they are of", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const jun = (await api(page, "create_user", { input: { username: "jun", display_name: "小军", email: "", role: "member", password: PASSWORD } })).id;
  const project = await newProject(page, "Performance: 年货节", orgDay(-10), orgDay(30), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: project, user_id: jun, role: "contributor" } });
  const brief = taskInput("Agency brief", { owner_id: jun, start_date: orgDay(0), due_date: orgDay(5) });
  const task = await api(page, "create_task", { project_id: project, input: brief });
  await api(page, "update_task", { task_id: task.id, version: task.version, input: { ...brief, status: "done", progress: 100 } });
  await api(page, "create_task", { project_id: project, input: taskInput("Landing page", { owner_id: jun, start_date: orgDay(0), due_date: orgDay(8) }) });

  await page.goto("/performance");
  await ready(page);
  // The project's people, for its work: his one task done, on time.
  await page.locator("#perf-scope").selectOption(String(project));
  const row = page.locator("[data-test=perf-row]", { hasText: "小军" });
  await expect(row.locator("td").nth(1)).toHaveText("1");
  await expect(row.locator("td").nth(2)).toHaveText("100%");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-test=export-performance]")]);
  expect(download.suggestedFilename()).toMatch(/^performance-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
  expect(strings).toContain("小军");
  expect(strings).toContain("On time");

  const phone = await personIn(browser, baseURL!, "jun", PASSWORD, true);
  await phone.goto("/performance");
  await ready(phone);
  const mine = phone.locator("[data-test=perf-row]");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("小军");
  await expect(mine.locator("td[data-label=\"按时率\"]")).toHaveText("100%");
  // Not a manager: no project's people to choose.
  await expect(phone.locator("#perf-scope option")).toHaveCount(1);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});

test("the PMO dashboard shows the organisation's months at a desk and on a viewer's phone, down to a month's projects", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  await api(page, "create_user", { input: { username: "boss", display_name: "陈总", email: "", role: "viewer", password: PASSWORD } });
  const project = await newProject(page, "PMO: 元旦快闪", orgDay(-20), orgDay(0), "holiday_promotion");
  await api(page, "create_task", { project_id: project, input: taskInput("Pop-up store booking", { start_date: orgDay(-3), due_date: orgDay(-1) }) });
  for (const to of ["pending_approval", "approved", "in_progress", "completed"]) {
    await api(page, "change_project_status", { request: { project_id: project, to, comment: "", flow_id: null } });
  }
  const month = orgDay(0).slice(0, 7);

  await page.goto("/pmo");
  await ready(page);
  await expect(page.locator("[data-test=pmo-trend]")).toHaveCount(5);
  await expect(page.locator("[data-test=pmo-trend] svg").first()).toBeVisible();
  const row = page.locator(`[data-test=pmo-month][data-month="${month}"]`);
  await expect(row.locator("td").nth(1)).not.toHaveText("0");
  await row.getByRole("button", { name: month }).click();
  const projects = page.locator("[data-test=pmo-projects]");
  await expect(projects.locator("h2")).toHaveText(`Projects completed in ${month}`);
  await projects.getByRole("link", { name: "PMO: 元旦快闪" }).click();
  await page.waitForURL(new RegExp(`/projects/${project}/retro$`));

  const phone = await personIn(browser, baseURL!, "boss", PASSWORD, true);
  await phone.goto("/pmo");
  await ready(phone);
  await expect(phone.locator("h1")).toHaveText("PMO 看板");
  // The task slipped in the month it was due (yesterday's, which on the 1st is the last one).
  const dueMonth = orgDay(-1).slice(0, 7);
  await expect(phone.locator(`[data-test=pmo-month][data-month="${dueMonth}"] td[data-label="任务逾期率"]`)).not.toHaveText("—");
  await expect(phone.locator("[data-test=pmo-project]", { hasText: "PMO: 元旦快闪" })).toBeVisible();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});
