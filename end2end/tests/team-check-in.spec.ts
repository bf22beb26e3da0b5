import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// The daily check-in (每日打卡), from a phone in Chinese: a contributor ticks her task done and
// says what she did and what blocks her; the board shows the task finished, and the manager at a
// desk in English sees who has checked in today and who has not, live.
test.describe.configure({ mode: "serial" });

const PASSWORD = "check in passphrase 1";

test("a contributor checks in from a phone and the manager sees the team's day", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: Record<string, number> = {};
  for (const [username, display_name] of [["xiaomei", "小美"], ["daming", "Daming Li"], ["ahua", "阿华"]]) {
    ids[username] = (await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } })).id;
  }
  const project = await newProject(page, "Check-ins: 618 sale", orgDay(-5), orgDay(25), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.daming, role: "manager" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.xiaomei, role: "contributor" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.ahua, role: "contributor" } });
  // Every day is a working day on this campaign, whatever day the test runs.
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  await api(page, "create_task", { project_id: project, input: taskInput("KOL brief", { owner_id: ids.xiaomei }) });
  await api(page, "create_task", { project_id: project, input: taskInput("Live-stream script", { owner_id: ids.xiaomei }) });

  const daming = await personIn(browser, baseURL!, "daming", PASSWORD, false);
  await daming.goto(`/projects/${project}/check-in`);
  await ready(daming);
  const team = daming.locator(".team-check-ins");
  await expect(team.locator(".check-in-count")).toHaveText("0 of 4 checked in");
  await expect(team.locator(".team-person", { hasText: "小美" }).locator(".chip")).toHaveText("Not yet");

  const xiaomei = await personIn(browser, baseURL!, "xiaomei", PASSWORD, true);
  await xiaomei.goto(`/projects/${project}/check-in`);
  await ready(xiaomei);
  const form = xiaomei.locator(".my-check-in");
  await expect(form.locator("h3")).toContainText("今日打卡");
  // An empty check-in is refused with a reason.
  await form.locator("button[type=submit]").click();
  await expect(form.locator(".field-error")).toHaveText("请填写今日完成的工作，或更新任务进度。");
  // She ticks the brief done and sets the script to 30%.
  await form.locator(".check-in-task", { hasText: "KOL brief" }).locator(".tick").tap();
  await expect(form.locator(".check-in-task", { hasText: "KOL brief" }).locator(".task-percent")).toHaveText("100%");
  await form.locator(".check-in-task", { hasText: "Live-stream script" }).locator("input[type=range]").fill("30");
  await form.locator("#check-in-done").fill("达人简报已发出");
  await form.locator("#check-in-blockers").fill("等待品牌方确认报价");
  await form.locator("button[type=submit]").click();
  await expect(xiaomei.locator(".alert-success")).toHaveText("打卡成功！");

  // The manager's page takes it in without a reload.
  const her = team.locator(".team-person", { hasText: "小美" });
  await expect(her.locator(".chip")).toHaveText("Checked in");
  await expect(her.locator(".streak")).toHaveText("1-day streak");
  await expect(her.locator("dd.blocker")).toHaveText("等待品牌方确认报价");
  await expect(her).toContainText("KOL brief 100%");
  await expect(team.locator(".check-in-count")).toHaveText("1 of 4 checked in");

  // The brief is done on the board; the script shows its progress.
  await daming.goto(`/projects/${project}/list`);
  await ready(daming);
  await expect(daming.locator("tr", { hasText: "KOL brief" })).toContainText("Done");
  await xiaomei.goto(`/projects/${project}/check-in`);
  await ready(xiaomei);
  // A finished task is no longer offered; the form says it is an update now.
  await expect(form.locator(".check-in-task", { hasText: "KOL brief" })).toHaveCount(0);
  await expect(form.locator(".check-in-task", { hasText: "Live-stream script" }).locator(".task-percent")).toHaveText("30%");
  await expect(form.locator("button[type=submit]")).toHaveText("更新打卡");
  const overflow = await xiaomei.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await daming.context().close();
  await xiaomei.context().close();
});

// The check-in shortcut (the app's icon, and "Check-in" in the menu): every project where I
// check in, whether I have today, one tap from the form.
test("the check-in shortcut lists where I check in today, on a phone and at a desk", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const lan = (await api(page, "create_user", { input: { username: "lanlan", display_name: "兰兰", email: "", role: "member", password: PASSWORD } })).id;
  const first = await newProject(page, "Shortcut: spring tea", orgDay(-5), orgDay(25));
  const second = await newProject(page, "Shortcut: autumn gifts", orgDay(-5), orgDay(25));
  const watched = await newProject(page, "Shortcut: watched only", orgDay(-5), orgDay(25));
  for (const p of [first, second]) {
    await api(page, "set_project_member", { input: { project_id: p, user_id: lan, role: "contributor" } });
    await api(page, "set_calendar", { project_id: p, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  }
  await api(page, "set_project_member", { input: { project_id: watched, user_id: lan, role: "observer" } });

  const phone = await personIn(browser, baseURL!, "lanlan", PASSWORD, true);
  await phone.goto("/check-in");
  await ready(phone);
  await expect(phone.locator("h1")).toHaveText("今日打卡");
  const rows = phone.locator(".check-in-project");
  // Observers do not check in: two projects, by name, neither done yet.
  await expect(rows).toHaveCount(2);
  await expect(rows.locator(".check-in-project-name")).toHaveText(["Shortcut: autumn gifts", "Shortcut: spring tea"]);
  await expect(rows.locator(".chip")).toHaveText(["未打卡", "未打卡"]);
  await rows.filter({ hasText: "spring tea" }).getByRole("link", { name: "打卡" }).tap();
  await expect(phone).toHaveURL(new RegExp(`/projects/${first}/check-in$`));
  await ready(phone);
  await phone.locator("#check-in-done").fill("新品试饮活动场地已确认");
  await phone.locator(".my-check-in button[type=submit]").click();
  await expect(phone.locator(".alert-success")).toHaveText("打卡成功！");
  await phone.goto("/check-in");
  await ready(phone);
  await expect(rows.filter({ hasText: "spring tea" }).locator(".chip")).toHaveText("已打卡");
  await expect(rows.filter({ hasText: "autumn gifts" }).locator(".chip")).toHaveText("未打卡");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // At a desk, in English, from the menu.
  const desk = await personIn(browser, baseURL!, "lanlan", PASSWORD, false);
  await desk.locator("nav.nav").getByRole("link", { name: "Check-in" }).click();
  await expect(desk).toHaveURL(/\/check-in$/);
  await ready(desk);
  await expect(desk.locator("h1")).toHaveText("Today's check-in");
  await expect(desk.locator(".check-in-project").filter({ hasText: "spring tea" }).locator(".chip")).toHaveText("Checked in");
  // Someone who checks in nowhere is told so.
  await api(page, "create_user", { input: { username: "kongkong", display_name: "Kong", email: "", role: "member", password: PASSWORD } });
  const nobody = await personIn(browser, baseURL!, "kongkong", PASSWORD, false);
  await nobody.goto("/check-in");
  await ready(nobody);
  await expect(nobody.locator(".empty")).toHaveText("You check in on no project under way.");
});
