import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// Edits made offline: kept on the device and counted, sent when the connection returns, applied
// once; one that meets someone else's change of the same field shows both values to choose from;
// kept across a reload; gone from the device at sign-out.
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
