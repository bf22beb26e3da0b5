import { test, expect, Browser, Page } from "@playwright/test";
import { ADMIN, api, newProject, personIn, ready, signIn, taskInput } from "./helpers";

// Two people on the same board at once, one at a desk and one on a phone in Chinese: each sees the
// other's changes without reloading, both edits of one task survive when they touch different
// fields, the same field is a conflict with a message, and a phone that was offline catches up.
test.describe.configure({ mode: "serial" });

const PASSWORD = "live together passphrase";

function person(browser: Browser, baseURL: string, username: string, phone: boolean): Promise<Page> {
  return personIn(browser, baseURL, username, PASSWORD, phone);
}

function card(page: Page, title: string) {
  return page.locator("[data-task-id]", { hasText: title });
}

async function columnOf(page: Page, title: string) {
  return card(page, title).evaluate((el) => el.closest("section[data-column]")?.getAttribute("data-column"));
}

async function openTask(page: Page, title: string) {
  await card(page, title).scrollIntoViewIfNeeded();
  await card(page, title).locator(".task-title").click();
  await expect(page.locator("#task-title")).toHaveValue(title);
}

test("two people on one board see each other's changes at once", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: number[] = [];
  for (const [username, display_name] of [["lin", "Lin Na"], ["kai", "Kai Zhou"]]) {
    const user = await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } });
    ids.push(user.id);
  }
  const project = await newProject(page, "Double 11 livestream", "2026-11-01", "2026-11-30", "holiday_promotion");
  for (const user_id of ids) {
    await api(page, "set_project_member", { input: { project_id: project, user_id, role: "contributor" } });
  }
  for (const title of ["Key visual", "Media plan", "Host script"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title) });
  }
  const board = `/projects/${project}/board`;

  const lin = await person(browser, baseURL!, "lin", false);
  const kai = await person(browser, baseURL!, "kai", true);
  for (const p of [lin, kai]) {
    await p.goto(board);
    await ready(p);
  }
  // Each sees that the other is here.
  await expect(lin.locator('.presence .viewer[title="Kai Zhou"]')).toBeVisible();
  await expect(kai.locator('.presence .viewer[title="Lin Na"]')).toBeVisible();

  // Lin drags "Key visual" to In progress; Kai's phone shows it there without a reload.
  const todo = await columnOf(lin, "Key visual");
  const target = lin.locator(".column-head", { hasText: "In progress" });
  const inProgress = await target.getAttribute("data-column-head");
  const from = (await card(lin, "Key visual").boundingBox())!;
  const to = (await lin.locator(`section[data-column="${inProgress}"][data-lane="all"] .cards`).boundingBox())!;
  await lin.mouse.move(from.x + from.width / 2, from.y + 10);
  await lin.mouse.down();
  await lin.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 4 });
  await lin.mouse.move(to.x + to.width / 2, to.y + to.height - 6, { steps: 12 });
  const moved = lin.waitForResponse((r) => r.url().endsWith("/api/move_task"));
  await lin.mouse.up();
  expect((await moved).ok()).toBe(true);
  expect(todo).not.toBe(inProgress);
  await expect.poll(() => columnOf(kai, "Key visual")).toBe(inProgress);

  // Both open "Media plan". Lin sees Kai has it open.
  await openTask(kai, "Media plan");
  await expect(card(lin, "Media plan").locator(".watchers .viewer")).toBeVisible();
  await openTask(lin, "Media plan");
  // Lin renames it, Kai (who opened it before) sets its dates: both survive.
  await lin.fill("#task-title", "Media plan v2");
  await lin.click("form .btn-primary");
  await expect(lin.locator(".drawer")).toHaveCount(0);
  await kai.fill("#task-start", "2026-11-09");
  await kai.fill("#task-due", "2026-11-11");
  await kai.click("form .btn-primary");
  await expect(kai.locator(".drawer")).toHaveCount(0);
  await expect(card(kai, "Media plan v2")).toBeVisible();
  const tasks = await api(lin, "list_tasks", { project_id: project });
  const plan = tasks.find((t: any) => t.input.title === "Media plan v2");
  expect(plan.input.due_date).toBe("2026-11-11");
  // Lin's board shows Kai's dates without a reload (the card's due date).
  await expect(card(lin, "Media plan v2").locator(".due")).toContainText("11-11");

  // Both rename "Host script": the second is refused with a message and shows the first's title.
  await openTask(lin, "Host script");
  await openTask(kai, "Host script");
  await lin.fill("#task-title", "Host script (final)");
  await lin.click("form .btn-primary");
  await expect(lin.locator(".drawer")).toHaveCount(0);
  await kai.fill("#task-title", "主持稿");
  await kai.click("form .btn-primary");
  await expect(kai.locator(".drawer .alert-error")).toContainText("他人刚修改了任务名称");
  await expect(kai.locator("#task-title")).toHaveValue("Host script (final)");
  await kai.click(".drawer-head button");

  // Kai's phone loses its network: it says it is reconnecting; Lin keeps working.
  await kai.context().setOffline(true);
  await expect(kai.locator(".presence .live-state")).toContainText("正在重新连接");
  await api(lin, "create_task", { project_id: project, input: taskInput("Press release") });
  const keyVisual = tasks.find((t: any) => t.input.title === "Key visual");
  await api(lin, "delete_task", { task_id: keyVisual.id });
  // Back online, it catches up on what it missed, without a reload.
  await kai.context().setOffline(false);
  await expect(card(kai, "Press release")).toBeVisible();
  await expect(card(kai, "Key visual")).toHaveCount(0);
  await expect(kai.locator(".presence .live-state")).toHaveCount(0);

  await lin.context().close();
  await kai.context().close();
});
