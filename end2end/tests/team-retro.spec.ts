import { test, expect } from "@playwright/test";
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// The retrospective (复盘): a manager at a desk in English completes a campaign and finds its
// retrospective drafted from the records; a contributor on a phone in Chinese adds what went
// well and an action item carried into the next campaign; the manager approves it (the project
// becomes reviewed, the action item a task of the next campaign) and exports it as Word.
test.describe.configure({ mode: "serial" });

const PASSWORD = "retro passphrase 3";

test("a completed campaign's retrospective is drafted, written on a phone, approved and exported", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: Record<string, number> = {};
  for (const [username, display_name] of [["mingyu", "Ming Yu"], ["xiaolan", "小兰"]]) {
    ids[username] = (await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } })).id;
  }
  const project = await newProject(page, "Retro: Mid-autumn gifts", orgDay(-40), orgDay(-5), "brand_campaign");
  const next = await newProject(page, "Retro: New year", orgDay(10), orgDay(60), "brand_campaign");
  for (const p of [project, next]) {
    await api(page, "set_project_member", { input: { project_id: p, user_id: ids.mingyu, role: "manager" } });
    await api(page, "set_project_member", { input: { project_id: p, user_id: ids.xiaolan, role: "contributor" } });
  }
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  await api(page, "create_task", { project_id: project, input: taskInput("Gift box design", { owner_id: ids.xiaolan, status: "done", progress: 100, start_date: orgDay(-38), due_date: orgDay(0) }) });
  await api(page, "create_task", { project_id: project, input: taskInput("Livestream script", { owner_id: ids.xiaolan, start_date: orgDay(-20), due_date: orgDay(-10) }) });
  const kpis = await api(page, "save_kpi", { input: { project_id: project, id: null, version: 0, metric: "revenue", name: "GMV", unit: "", target: "100,000", phasing: { kind: "linear" }, splits: [] } });
  await api(page, "record_kpi_actual", { input: { kpi_id: kpis.kpis[0].id, day: orgDay(-8), channel: null, value: "40,000" } });
  for (const to of ["pending_approval", "approved", "in_progress"]) {
    await api(page, "change_project_status", { request: { project_id: project, to, comment: "", flow_id: null } });
  }

  // The manager completes it: the retrospective is drafted from the records.
  const desk = await personIn(browser, baseURL!, "mingyu", PASSWORD, false);
  await desk.goto(`/projects/${project}`);
  await ready(desk);
  await desk.click("button[data-to=completed]");
  await expect(desk.locator(".project-head .badge[data-status]")).toHaveText("Completed");
  await expect(desk.locator("button[data-to=reviewed]")).toHaveCount(0);
  await desk.locator("[data-test=to-retro]").click();
  await desk.waitForURL(/\/retro$/);
  const retro = desk.locator("[data-test=retro]");
  await expect(retro.locator(".retro-head .chip")).toHaveText("Draft");
  const goals = retro.locator(".retro-goals tbody tr", { hasText: "GMV" });
  await expect(goals).toContainText("¥100,000.00");
  await expect(goals).toContainText("¥40,000.00");
  await expect(goals).toContainText("40%");
  await expect(goals).toContainText("Missed");
  await expect(goals.locator("a")).toHaveAttribute("href", `/projects/${project}/finance`);
  const slipped = retro.locator(".retro-schedule .retro-late-tasks li", { hasText: "Livestream script" });
  await expect(slipped).toContainText("days late");
  await expect(retro.locator("[data-test=retro-late]")).toContainText("Late: 1 of 2 tasks (50%), 10 days late on average");
  await expect(retro.locator("[data-test=retro-suggestions]")).toContainText("“GMV” reached 40% of its target");
  await expect(retro.locator("[data-test=retro-suggestions]")).toContainText("50% of tasks finished late");
  await retro.locator("[data-test=retro-summary]").fill("Gift boxes **on time**; the livestream slipped.");
  await retro.locator("[data-test=save-retro]").click();
  await expect(desk.locator(".retro-page .alert-success")).toHaveText("Saved.");

  // The contributor, on her phone in Chinese, adds what went well and an action item.
  const phone = await personIn(browser, baseURL!, "xiaolan", PASSWORD, true);
  await phone.goto(`/projects/${project}/retro`);
  await ready(phone);
  const mine = phone.locator("[data-test=retro]");
  await expect(mine.locator("h2")).toContainText("复盘");
  await expect(mine.locator(".retro-goals")).toContainText("未达成");
  await expect(mine.locator("[data-test=retro-suggestions]")).toContainText("“GMV”仅达成目标的 40%");
  await expect(mine.locator("[data-test=approve-retro]")).toHaveCount(0);
  await mine.locator("[data-test=retro-wentwell]").fill("- 礼盒提前完成");
  await mine.locator("[data-test=add-action]").tap();
  const action = mine.locator("[data-test=retro-action]").first();
  await action.locator("[data-test=action-text]").fill("提前锁定主播档期");
  await action.locator("[data-test=action-owner]").selectOption(String(ids.xiaolan));
  await action.locator("[data-test=action-due]").fill(orgDay(20));
  await action.locator("[data-test=action-target]").selectOption(String(next));
  await mine.locator("[data-test=save-retro]").tap();
  await expect(phone.locator(".retro-page .alert-success")).toHaveText("已保存。");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The manager approves it: reviewed, and the action item is a task of the next campaign.
  await desk.reload();
  await ready(desk);
  await expect(retro.locator("[data-test=action-text]")).toHaveValue("提前锁定主播档期");
  desk.once("dialog", (d) => d.accept());
  await retro.locator("[data-test=approve-retro]").click();
  await expect(retro.locator(".retro-head .chip")).toHaveText("Approved");
  await expect(retro.locator("[data-test=retro-approved]")).toContainText("Approved by Ming Yu");
  await expect(retro.locator("[data-test=retro-summary]")).toContainText("Gift boxes on time");
  await expect(retro.locator("[data-test=retro-summary] strong")).toHaveText("on time");
  const carried = retro.locator("[data-test=carried]");
  await expect(carried).toHaveText("A task in Retro: New year");
  await expect(desk.locator(".project-head .badge[data-status]")).toHaveText("Reviewed");
  const tasks = await api(phone, "list_tasks", { project_id: next });
  const task = tasks.find((t: { input: { title: string } }) => t.input.title === "提前锁定主播档期");
  expect(task.input.owner_id).toBe(ids.xiaolan);
  expect(task.input.due_date).toBe(orgDay(20));

  // Exported as a Word document.
  const [download] = await Promise.all([desk.waitForEvent("download"), retro.locator("[data-test=export-retro]").click()]);
  expect(download.suggestedFilename()).toMatch(/Mid-autumn gifts-Retrospective\.docx$/);
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const doc = await zip.file("word/document.xml")!.async("string");
  expect(doc).toContain("Retrospective · Retro: Mid-autumn gifts");
  expect(doc).toContain("提前锁定主播档期");
  expect(doc).toContain("Livestream script");
  await desk.context().close();
  await phone.context().close();
});
