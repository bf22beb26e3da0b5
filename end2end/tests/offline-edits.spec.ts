import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, phoneContext, ready, signIn, taskInput } from "./helpers";

// Edits made offline: kept on the device and counted, sent when the connection returns, applied
// once; one that meets someone else's change of the same field shows both values to choose from;
// kept across a reload; gone from the device at sign-out. On a phone in Chinese: a card moved on
// the board, a comment and a check-in made offline reach the team once back online.
test.describe.configure({ mode: "serial" });

function card(page: Page, title: string) {
  return page.locator("[data-task-id]", { hasText: title });
}

async function editInDrawer(page: Page, title: string, change: (page: Page) => Promise<void>) {
  await card(page, title).click();
  const drawer = page.locator("aside.drawer[role=dialog]");
  await expect(drawer).toBeVisible();
  await change(page);
  await drawer.locator("button[type=submit]").first().click();
  await expect(drawer).toHaveCount(0);
}

async function tasksOf(page: Page, project: number) {
  const all = await api(page, "list_tasks", { project_id: project });
  return Object.fromEntries(all.map((t: any) => [t.input.title, t.input]));
}

test("offline edits wait, are sent once, and a clash is decided by the person", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Offline: 双十二 outdoor", orgDay(-2), orgDay(30));
  const colleague = (await api(page, "create_user", { input: { username: "xiaoyu", display_name: "Xiao Yu", email: "", role: "member", password: "xiaoyu's long password" } })).id;
  await api(page, "set_project_member", { input: { project_id: project, user_id: colleague, role: "manager" } });
  for (const title of ["Poster", "Copy"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title) });
  }
  await page.goto(`/projects/${project}/board`);
  await ready(page);

  // The connection drops: the top bar says so, and edits are kept.
  await page.context().setOffline(true);
  const badge = page.locator(".pending-badge");
  await expect(badge).toHaveAttribute("aria-label", "Offline");
  await editInDrawer(page, "Poster", async (p) => {
    await p.locator("#task-progress").fill("50");
  });
  await editInDrawer(page, "Copy", async (p) => {
    await p.fill("#task-title", "Copy for the mall screens");
  });
  await expect(badge).toHaveAttribute("aria-label", "Offline · 2 waiting to be sent");
  // The board shows them at once.
  await expect(card(page, "Copy for the mall screens")).toBeVisible();

  // Meanwhile Xiao Yu, on her phone, sets the poster's progress too.
  const phone = await personIn(browser, baseURL!, "xiaoyu", "xiaoyu's long password", true);
  const poster = (await api(phone, "list_tasks", { project_id: project })).find((t: any) => t.input.title === "Poster");
  await api(phone, "update_task", { task_id: poster.id, version: poster.version, input: { ...poster.input, progress: 30 } });

  // Back online: the title goes through; the progress meets Xiao Yu's and waits for a choice.
  await page.context().setOffline(false);
  await expect(badge).toHaveAttribute("aria-label", "1 to decide");
  await expect.poll(async () => (await tasksOf(phone, project))["Copy for the mall screens"]?.progress).toBe(0);
  expect((await tasksOf(phone, project))["Poster"].progress).toBe(30);
  await badge.click();
  const panel = page.locator("aside.pending-panel");
  await expect(panel.locator(".conflict-table tbody tr")).toHaveText(["Progress50%30%"]);
  await panel.locator(".keep-mine").click();
  await expect(badge).toHaveCount(0);
  await expect.poll(async () => (await tasksOf(phone, project))["Poster"].progress).toBe(50);
  await panel.getByRole("button", { name: "Close" }).click();

  // A save whose request never arrives is kept across a reload and sent once, when asked.
  await page.route("**/api/update_task", (route) => route.abort("internetdisconnected"));
  await editInDrawer(page, "Poster", async (p) => {
    await p.locator("#task-progress").fill("80");
  });
  await expect(badge).toHaveAttribute("aria-label", "1 waiting to be sent");
  await page.reload();
  await ready(page);
  await expect(badge).toHaveAttribute("aria-label", "1 waiting to be sent");
  await page.unroute("**/api/update_task");
  await badge.click();
  await page.locator("aside.pending-panel").getByRole("button", { name: "Send now" }).click();
  await expect(badge).toHaveCount(0);
  await expect(page.locator("aside.pending-panel")).toContainText("Nothing is waiting.");
  await page.locator("aside.pending-panel").getByRole("button", { name: "Close" }).click();
  await expect.poll(async () => (await tasksOf(phone, project))["Poster"].progress).toBe(80);

  // Signing out leaves nothing of the person's waiting edits on the device.
  await page.route("**/api/update_task", (route) => route.abort("internetdisconnected"));
  await editInDrawer(page, "Copy for the mall screens", async (p) => {
    await p.fill("#task-title", "Copy, second draft");
  });
  await expect(badge).toHaveAttribute("aria-label", "1 waiting to be sent");
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("marquee.pending.")).length)).toBe(1);
  await page.locator(".sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("marquee.pending.")))).toEqual([]);
  await phone.context().close();
});

test("signing out deletes the pages kept for reading offline", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: "allow" });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.goto("/my-tasks");
  await ready(page);
  const kept = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const paths: string[] = [];
      for (const name of names) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
  await expect.poll(kept).toContain("/my-tasks");
  await page.locator(".sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect.poll(async () => (await kept()).filter((p) => p === "/my-tasks" || p === "/")).toEqual([]);
  await context.close();
});

test("on a phone, a card moved, a comment and a check-in made offline reach the team", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const PASSWORD = "offline on the road 1";
  const zhou = (await api(page, "create_user", { input: { username: "xiaozhou", display_name: "小周", email: "", role: "member", password: PASSWORD } })).id;
  const project = await newProject(page, "离线执行：商场快闪", orgDay(-3), orgDay(20));
  await api(page, "set_project_member", { input: { project_id: project, user_id: zhou, role: "contributor" } });
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  for (const title of ["快闪海报", "物料清单"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title, { owner_id: zhou }) });
  }
  // A phone in China: its calendar is the organisation's, which a check-in sent later keeps.
  const context = await phoneContext(browser, baseURL!, { timezoneId: "Asia/Shanghai" });
  const phone = await context.newPage();
  await signIn(phone, { username: "xiaozhou", password: PASSWORD });
  await phone.goto(`/projects/${project}/board`);
  await ready(phone);
  await phone.context().setOffline(true);
  const badge = phone.locator(".pending-badge");
  await expect(badge).toHaveAttribute("aria-label", "离线");

  // The poster card goes to "in progress" with the keyboard; it stays there, waiting.
  await card(phone, "快闪海报").focus();
  await phone.keyboard.press("Space");
  await phone.keyboard.press("ArrowRight");
  await phone.keyboard.press("Space");
  await expect(badge).toHaveAttribute("aria-label", "离线 · 1 项待发送");
  await expect(phone.locator(`section[data-category="in_progress"] .task-title`)).toHaveText(["快闪海报"]);

  // A comment on the materials list waits under the thread.
  await card(phone, "物料清单").click();
  const drawer = phone.locator("aside.drawer[role=dialog]");
  await drawer.locator(".comment-composer textarea").fill("物料已到店，明早布置");
  await drawer.locator(".comment-composer button[type=submit]").click();
  await expect(drawer.locator(".waiting-comment")).toContainText("等待发送：联网后自动发布。");
  await expect(drawer.locator(".waiting-comment .comment-body")).toHaveText("物料已到店，明早布置");
  await expect(badge).toHaveAttribute("aria-label", "离线 · 2 项待发送");
  // What needs the server says it needs a connection, not that the server is down.
  await expect(drawer.locator(".alert-error").first()).toContainText("当前离线：此处需要联网，请联网后重试。");
  await expect(drawer.getByText("无法连接服务器")).toHaveCount(0);
  await phone.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await badge.click();
  const panel = phone.locator("aside.pending-panel");
  await expect(panel.locator(".pending-item strong")).toHaveText(["快闪海报", "评论：物料清单"]);
  await panel.getByRole("button", { name: "关闭" }).click();
  await card(phone, "物料清单").click();
  await expect(drawer.locator(".waiting-comment")).toHaveCount(1);

  // Back online: both reach the team once, and the comment shows as posted.
  await phone.context().setOffline(false);
  await expect(badge).toHaveCount(0);
  await expect(drawer.locator(".waiting-comment")).toHaveCount(0);
  await expect(drawer.locator(".comment .comment-body")).toHaveText(["物料已到店，明早布置"]);
  await phone.keyboard.press("Escape");
  const tasks = await tasksOf(page, project);
  expect(tasks["快闪海报"].status).toBe("in_progress");
  const materials = (await api(page, "list_tasks", { project_id: project })).find((t: any) => t.input.title === "物料清单");
  const thread = await api(page, "list_comments", { thread: { project_id: project, task_id: materials.id } });
  expect(thread.map((c: any) => c.body)).toEqual(["物料已到店，明早布置"]);

  // The check-in, written offline: the materials at 50 %, which the admin meanwhile set to 30 %.
  await phone.goto(`/projects/${project}/check-in`);
  await ready(phone);
  await phone.context().setOffline(true);
  const form = phone.locator(".my-check-in");
  await form.locator(".check-in-task", { hasText: "物料清单" }).locator("input[type=range]").fill("50");
  await form.locator("#check-in-done").fill("确认了物料清单");
  await form.locator("button[type=submit]").click();
  await expect(phone.locator(".check-in-kept")).toHaveText("已保存在本设备，联网后自动发送。");
  await expect(badge).toHaveAttribute("aria-label", "离线 · 1 项待发送");
  await api(page, "update_task", { task_id: materials.id, version: materials.version, input: { ...materials.input, progress: 30 } });
  await phone.context().setOffline(false);
  // Sent: the check-in counts, and she is told the progress stayed as the admin set it.
  await expect(badge).toHaveAttribute("aria-label", "1 条待查看");
  await expect(form.locator("button[type=submit]")).toHaveText("更新打卡");
  await badge.click();
  await expect(panel.locator(".pending-item .warning")).toHaveText("已保存。物料清单 (30%) 的进度期间已被他人修改，保留了他们的设置。");
  await panel.locator(".seen").click();
  await expect(badge).toHaveCount(0);
  const day = await api(page, "get_check_ins", { project_id: project, day: null });
  const hers = day.people.find((s: any) => s.user.id === zhou);
  expect(hers.check_in.done).toBe("确认了物料清单");
  expect((await tasksOf(page, project))["物料清单"].progress).toBe(30);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.context().close();
});
