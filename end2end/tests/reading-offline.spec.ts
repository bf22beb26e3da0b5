import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, personIn, phoneContext, ready, signIn, taskInput } from "./helpers";

// Reading offline on a phone: the pages and answers a person saw are kept on the device and shown
// without a network, saying since when they are current; a page never opened says so and lists
// what can be read; an edit made offline survives a reload offline and reaches a colleague when
// the connection returns; signing out leaves nothing of the person on the device.
test.describe.configure({ mode: "serial" });

const keptAnswers = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const opening = indexedDB.open("marquee-offline");
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains("answers")) return resolve(0);
          const counting = db.transaction("answers").objectStore("answers").count();
          counting.onsuccess = () => resolve(counting.result);
        };
        opening.onerror = () => resolve(-1);
      })
  );

test("a phone reads its tasks and boards offline and its edits reach the team", async ({ browser, baseURL }) => {
  const context = await phoneContext(browser, baseURL!, { serviceWorkers: "allow" });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  const me = (await api(page, "session_info", {})).user.id;
  const project = await newProject(page, "离线阅读：商场快闪", orgDay(-1), orgDay(20));
  for (const title of ["快闪海报", "现场物料清单"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title, { owner_id: me }) });
  }
  // The service worker takes the page over; from then on it keeps what the person reads.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await page.goto(`/projects/${project}/board`);
  await ready(page);
  await expect(page.locator("[data-task-id]", { hasText: "快闪海报" })).toBeVisible();
  // My tasks, reached inside the app: its answer is kept.
  await page.locator('a[href="/my-tasks"]').first().click();
  await page.waitForURL((url) => url.pathname === "/my-tasks");
  await expect(page.getByText("现场物料清单")).toBeVisible();
  await expect.poll(() => keptAnswers(page)).toBeGreaterThan(0);
  await expect(page.locator(".offline-notice")).toHaveCount(0);

  // The network goes. The board opens from the device, saying since when it is current.
  await context.setOffline(true);
  await page.goto(`/projects/${project}/board`);
  await ready(page);
  const notice = page.locator(".offline-notice");
  await expect(notice).toContainText(/离线 — 显示的是 \d\d:\d\d 时的内容。/);
  await expect(notice).toContainText("其他操作需要联网");
  await expect(page.locator("[data-task-id]", { hasText: "快闪海报" })).toBeVisible();
  // My tasks, inside the app, answered from the device.
  await page.locator('a[href="/my-tasks"]').first().click();
  await page.waitForURL((url) => url.pathname === "/my-tasks");
  await expect(page.getByText("现场物料清单")).toBeVisible();
  await expect(page.getByText("快闪海报")).toBeVisible();
  await expect(notice).toBeVisible();

  // A page never opened here says so, and lists the ones that can be read.
  await page.goto(`/projects/${project}/finance`);
  await expect(page.locator("h1")).toHaveText("本机没有保存此页面");
  const keptLinks = page.locator(".not-kept li a");
  await expect(keptLinks.filter({ hasText: /./ }).first()).toBeVisible();
  await expect(page.locator(".not-kept")).toContainText("离线阅读：商场快闪 · 看板");
  expect(await keptLinks.evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toContain(`/projects/${project}/board`);

  // An edit made offline survives a reload offline and is sent when the network returns.
  await page.goto(`/projects/${project}/board`);
  await ready(page);
  await page.locator("[data-task-id]", { hasText: "快闪海报" }).click();
  const drawer = page.locator("aside.drawer[role=dialog]");
  await drawer.locator("#task-progress").fill("40");
  await drawer.locator("button[type=submit]").first().click();
  await expect(drawer).toHaveCount(0);
  const badge = page.locator(".pending-badge");
  await expect(badge).toHaveAttribute("aria-label", "离线 · 1 项待发送");
  await page.reload();
  await ready(page);
  await expect(badge).toHaveAttribute("aria-label", "离线 · 1 项待发送");
  await context.setOffline(false);
  await expect(badge).toHaveCount(0);
  await expect(notice).toHaveCount(0);
  const desk = await personIn(browser, baseURL!, ADMIN.username, ADMIN.password, false);
  await expect
    .poll(async () => (await api(desk, "list_tasks", { project_id: project })).find((t: any) => t.input.title === "快闪海报").input.progress)
    .toBe(40);
  await desk.context().close();

  // Signing out empties what the device kept of the person.
  await page.locator(".sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect.poll(() => keptAnswers(page)).toBe(0);
  await context.close();
});
