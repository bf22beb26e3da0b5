import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// The weekly report (周报): a manager at a desk in English drafts the week's reports, finds the
// week's work and blockers in them, writes a summary, sends it and exports it; a contributor on
// a phone in Chinese is told, opens it from the notification, and sends his own.
test.describe.configure({ mode: "serial" });

const PASSWORD = "weekly passphrase 1";

test("a manager drafts, edits, sends and exports the weekly report; a contributor reads it on a phone", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: Record<string, number> = {};
  for (const [username, display_name] of [["meimei", "Mei Mei"], ["ajie", "阿杰"]]) {
    ids[username] = (await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } })).id;
  }
  const project = await newProject(page, "Reports: summer campaign", orgDay(-20), orgDay(40));
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.meimei, role: "manager" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.ajie, role: "contributor" } });
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  // Still a draft: reports are drafted on their own only for projects in progress, so this one
  // has none until its manager asks.
  await api(page, "create_task", { project_id: project, input: taskInput("Banner design", { owner_id: ids.ajie, status: "done", progress: 100, start_date: orgDay(-10), due_date: orgDay(0) }) });
  await api(page, "create_task", { project_id: project, input: taskInput("Launch video", { owner_id: ids.ajie, status: "in_progress", progress: 40, start_date: orgDay(-5), due_date: orgDay(-1) }) });

  const phone = await personIn(browser, baseURL!, "ajie", PASSWORD, true);
  await api(phone, "save_check_in", { input: { project_id: project, done: "横幅定稿", next: "", blockers: "等待视频素材", tasks: [] } });

  const desk = await personIn(browser, baseURL!, "meimei", PASSWORD, false);
  await desk.goto(`/projects/${project}/reports`);
  await ready(desk);
  await expect(desk.locator(".no-reports")).toHaveText("No reports yet: they are drafted on Friday at 17:00.");
  await desk.locator("[data-test=draft-reports]").click();
  const picks = desk.locator(".report-pick");
  // The project's report and her own: the others' drafts are theirs.
  await expect(picks).toHaveCount(2);
  await expect(picks.first()).toContainText("Project report");
  await expect(picks.first()).toContainText("Draft");
  const report = desk.locator("[data-test=weekly-report]");
  await expect(report.locator(".report-section", { hasText: "Finished this week" })).toContainText("Banner design");
  await expect(report.locator(".report-section", { hasText: "Overdue" })).toContainText("Launch video");
  await expect(report.locator(".report-section", { hasText: "Blockers from check-ins" })).toContainText("等待视频素材");

  await report.locator("[data-test=report-summary]").fill("Banner signed off; the launch video slips two days.");
  await report.getByRole("button", { name: "Save draft" }).click();
  await expect(report.locator(".alert-success")).toHaveText("Saved.");
  desk.once("dialog", (d) => d.accept());
  await report.locator("[data-test=send-report]").click();
  await expect(report.locator(".report-head .chip")).toHaveText("Sent");
  await expect(report).toContainText("Sent by Mei Mei");
  await expect(report.locator("[data-test=report-summary]")).toHaveCount(0);
  const [download] = await Promise.all([desk.waitForEvent("download"), report.locator("[data-test=export-report]").click()]);
  const text = readFileSync(await download.path(), "utf8");
  expect(text).toContain("# Weekly report — Reports: summer campaign");
  expect(text).toContain("Banner signed off; the launch video slips two days.");
  expect(text).toContain("- Banner design · 阿杰");

  // The contributor hears of it on his phone and opens it from the notification.
  await phone.goto("/notifications");
  await ready(phone);
  const told = phone.locator("li", { hasText: "Mei Mei 发送了“Reports: summer campaign”的周报。" });
  await expect(told).toHaveCount(1);
  await told.locator("a").first().tap();
  await phone.waitForURL(/\/reports\?report=/);
  await ready(phone);
  const read = phone.locator("[data-test=weekly-report]");
  await expect(read.locator("h2")).toHaveText("项目周报");
  await expect(read).toContainText("Banner signed off");
  await expect(read.locator(".report-head .chip")).toHaveText("已发送");
  // His own draft waits for him: he writes and sends it.
  await phone.locator(".report-pick", { hasText: "阿杰" }).tap();
  await expect(read.locator("h2")).toHaveText("周报 · 阿杰");
  await read.locator("[data-test=report-summary]").fill("横幅完成，视频等素材。");
  phone.once("dialog", (d) => d.accept());
  await read.locator("[data-test=send-report]").tap();
  await expect(read.locator(".report-head .chip")).toHaveText("已发送");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await desk.context().close();
  await phone.context().close();
});
