import { test, expect, Page, BrowserContext } from "@playwright/test";
import { ADMIN, ready, signIn, taskInput } from "./helpers";

// One story, in order: the first admin sets Marquee up, plans a campaign on desktop and on a
// phone, switches language, and a viewer finds the project read-only (in the page and on the server).
test.describe.configure({ mode: "serial" });

const VIEWER = { username: "viewer1", name: "Viewer Li", password: "viewer passphrase 1" };
let projectUrl = "";

function column(page: Page, status: string) {
  return page.locator(`section[data-category="${status}"]`);
}

/// Drags a card by its grip onto a column, with real pointer events.
async function dragCard(page: Page, title: string, status: string) {
  const grip = page.locator("[data-task-id]", { hasText: title }).locator(".grip");
  const from = await grip.boundingBox();
  const to = await column(page, status).locator(".cards").boundingBox();
  if (!from || !to) throw new Error("card or column not visible");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 10, { steps: 10 });
  await page.mouse.up();
}

async function addCard(page: Page, status: string, title: string) {
  const input = column(page, status).locator(".quick-add");
  await input.fill(title);
  await input.press("Enter");
  await expect(column(page, status).locator("[data-task-id]", { hasText: title })).toBeVisible();
}

test("first start asks for an administrator, then plans a campaign on the board", async ({ page }) => {
  await page.goto("/");
  await page.waitForURL("**/setup");
  await ready(page);
  // A weak password is refused with a clear message and nothing is created.
  await page.fill("#setup-username", ADMIN.username);
  await page.fill("#setup-display-name", ADMIN.name);
  await page.fill("#setup-password", "short");
  await page.uncheck("#setup-demo");
  await page.click("button[type=submit]");
  await expect(page.locator(".field-error")).toContainText("At least 10 characters");
  await page.fill("#setup-password", ADMIN.password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname === "/");
  await ready(page);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.name);

  await page.click("a[href='/projects/new']");
  await ready(page);
  await page.fill("#project-name", "");
  await page.click("button[type=submit]");
  await expect(page.locator(".field-error").first()).toContainText("required");
  await page.fill("#project-name", "Singles' Day 2026");
  await page.fill("#project-objectives", "GMV +30%");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  await expect(page.locator(".project-title")).toHaveText("Singles' Day 2026");
  projectUrl = new URL(page.url()).pathname;

  await page.click(`a[href='${projectUrl}/board']`);
  await addCard(page, "todo", "Key visual");
  await addCard(page, "todo", "Media plan");

  // A subtask, from the card's drawer.
  await column(page, "todo").locator("[data-task-id]", { hasText: "Key visual" }).click();
  await page.click("text=Add subtask");
  await page.fill("#task-title", "Poster for stores");
  await page.click(".drawer button[type=submit]");
  await expect(page.locator(".drawer")).toHaveCount(0);
  await expect(column(page, "todo").locator("[data-task-id]", { hasText: "Poster for stores" })).toBeVisible();

  await dragCard(page, "Media plan", "in_progress");
  await expect(column(page, "in_progress").locator("[data-task-id]", { hasText: "Media plan" })).toBeVisible();
  // Let the save land, then reload: the card stays where it was put.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await ready(page);
  await expect(column(page, "in_progress").locator("[data-task-id]", { hasText: "Media plan" })).toBeVisible();
  await expect(column(page, "todo").locator("[data-task-id]", { hasText: "Media plan" })).toHaveCount(0);

  // The list shows the tree: the subtask sits under its parent.
  await page.click(`a[href='${projectUrl}/list']`);
  await expect(page.locator(".task-row .task-title", { hasText: "Poster for stores" })).toBeVisible();
  const titles = await page.locator(".task-row .task-title").allTextContents();
  expect(titles.indexOf("Poster for stores")).toBe(titles.indexOf("Key visual") + 1);
});

test("the same work on a phone-sized screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  // The styles of the pages that come later are fetched when one is first opened, not before.
  const sheets: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/later.css")) sheets.push(r.url());
  });
  await signIn(page, ADMIN);
  await expect(page.locator(".nav")).toBeVisible();
  expect(sheets).toEqual([]);
  await page.click(".project-link");
  await ready(page);
  await page.click(`a[href='${projectUrl}/board']`);
  // The board has its phone layout: one column to a screen, snapping.
  await expect(page.locator(".kanban")).toHaveCSS("scroll-snap-type", "x mandatory");
  expect(sheets).toHaveLength(1);
  // Opened directly, a later page asks for its styles and its code from its head.
  const head = await (await page.request.get(`${projectUrl}/board`)).text();
  expect(head).toMatch(/<link rel="stylesheet" id="later-styles" href="\/pkg\/[0-9a-f]{16}\/later\.css"/);
  expect(head).toMatch(/<link rel="preload" href="\/pkg\/[0-9a-f]{16}\/[\w.-]+\.wasm" type="application\/wasm"/);
  const portfolio = await (await page.request.get("/")).text();
  expect(portfolio).not.toContain("later.css");
  await addCard(page, "todo", "Phone task");
  // Open the card and move it by editing its status.
  await column(page, "todo").locator("[data-task-id]", { hasText: "Phone task" }).click();
  await page.selectOption("#task-status", "review");
  await page.click(".drawer button[type=submit]");
  await expect(column(page, "review").locator("[data-task-id]", { hasText: "Phone task" })).toHaveCount(1);
  await page.reload();
  await ready(page);
  await expect(column(page, "review").locator("[data-task-id]", { hasText: "Phone task" })).toHaveCount(1);
  await context.close();
});

test("the interface speaks Chinese and English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  // The texts come as a file per language, and only the page's language is fetched.
  const fetched = new Set<string>();
  page.on("request", (r) => {
    const file = r.url().match(/\/catalogue-([\w-]+)\.json$/);
    if (file) fetched.add(file[1]);
  });
  await signIn(page, ADMIN);
  await expect(page.locator("h1")).toHaveText("项目总览");
  await expect(page.locator(".nav-link.active")).toHaveText(/项目/);
  expect([...fetched]).toEqual(["zh-CN"]);
  // Offline, the other language's texts cannot come: the page says so and stays as it is.
  await context.setOffline(true);
  await page.selectOption(".lang-switch", "en");
  await expect(page.locator(".lang-unavailable")).toHaveText("离线时无法加载另一种语言，请联网后再试。");
  await expect(page.locator(".lang-switch")).toHaveValue("zh-CN");
  await expect(page.locator("h1")).toHaveText("项目总览");
  await context.setOffline(false);
  await page.selectOption(".lang-switch", "en");
  await expect(page.locator(".lang-unavailable")).toBeHidden();
  await expect(page.locator("h1")).toHaveText("Campaign portfolio");
  await expect(page.locator(".nav-link.active")).toHaveText(/Projects/);
  expect([...fetched].sort()).toEqual(["en", "zh-CN"]);
  // The choice is remembered.
  await page.reload();
  await ready(page);
  await expect(page.locator("h1")).toHaveText("Campaign portfolio");
  await context.close();
});

test("a viewer can read a project but not change it", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/users");
  await ready(page);
  await page.click("text=New person");
  await page.fill("#new-username", VIEWER.username);
  await page.fill("#new-display-name", VIEWER.name);
  await page.selectOption("#new-role", "viewer");
  await page.fill("#new-password", VIEWER.password);
  await page.click("form button[type=submit]");
  await expect(page.locator(`tr[data-username='${VIEWER.username}']`)).toBeVisible();

  const context: BrowserContext = await browser.newContext();
  const viewer = await context.newPage();
  await signIn(viewer, VIEWER);
  await expect(viewer.locator("a[href='/projects/new']")).toHaveCount(0);
  await viewer.goto(`${projectUrl}/board`);
  await ready(viewer);
  await expect(viewer.locator(".alert-info")).toBeVisible();
  await expect(viewer.locator("[data-task-id]", { hasText: "Key visual" })).toBeVisible();
  await expect(viewer.locator(".quick-add")).toHaveCount(0);
  await expect(viewer.locator(".grip")).toHaveCount(0);

  // Even a hand-made request is refused by the server, and nothing changes.
  const projectId = Number(projectUrl.split("/").pop());
  const response = await viewer.request.post("/api/create_task", {
    headers: { "content-type": "application/json", origin: new URL(viewer.url()).origin },
    data: { project_id: projectId, input: taskInput("sneaky") },
  });
  expect(response.ok()).toBe(false);
  expect(await response.text()).toContain("Forbidden");
  await viewer.reload();
  await ready(viewer);
  await expect(viewer.locator("[data-task-id]", { hasText: "sneaky" })).toHaveCount(0);
  await context.close();
});

test("an administrator reads, filters and pages the audit log", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  // Enough changes for a second page of the log.
  const projectId = Number(projectUrl.split("/").pop());
  const origin = new URL(page.url()).origin;
  for (let i = 1; i <= 55; i++) {
    const response = await page.request.post("/api/create_task", {
      headers: { "content-type": "application/json", origin },
      data: { project_id: projectId, input: taskInput(`Banner ${i}`) },
    });
    expect(response.ok()).toBe(true);
  }
  await page.goto("/admin/audit");
  await ready(page);
  const rows = page.locator(".audit-row");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("Task");
  await expect(rows.first().locator(".chip")).toHaveText("Created");
  await expect(page.locator(".pager span")).toHaveText(/^1 \/ [2-9]$/);
  await page.click(".pager button:has-text('Next')");
  await expect(page.locator(".pager span")).toHaveText(/^2 \/ /);
  await expect(page.locator(".pager button:has-text('Previous')")).toBeEnabled();

  // Filtering starts again at the first page and shows only what matches: the one card moved by drag.
  await page.getByLabel("Action").selectOption("move");
  await expect(rows).toHaveCount(1);
  await expect(page.locator(".pager span")).toHaveText("1 / 1");
  await expect(page.locator(".pager button:has-text('Next')")).toBeDisabled();
  await rows.first().locator("summary").click();
  await expect(rows.first()).toContainText("in_progress");

  // The same log in Chinese, on a phone.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await signIn(phone, ADMIN);
  await phone.goto("/admin/audit");
  await ready(phone);
  // Signing in is the latest entry; the tasks created above follow it.
  await expect(phone.locator(".audit-row").first().locator(".chip")).toHaveText("登录");
  await expect(phone.locator(".audit-row .chip", { hasText: "创建" }).first()).toBeVisible();
  await phone.getByLabel("对象").selectOption("user");
  await expect(phone.locator(".audit-row")).toHaveCount(2);
  await context.close();
});

test("the app's code comes under its content's hash, compressed, and a second visit downloads none of it", async ({ page }) => {
  await signIn(page, ADMIN);
  // The page names the build's files by their content.
  const html = await (await page.request.get("/")).text();
  const wasm = html.match(/\/pkg\/[0-9a-f]{16}\/marquee\.wasm/)?.[0];
  const js = html.match(/\/pkg\/[0-9a-f]{16}\/marquee\.js/)?.[0];
  const css = html.match(/\/pkg\/[0-9a-f]{16}\/marquee\.css/)?.[0];
  expect(wasm && js && css, html.slice(0, 2000)).toBeTruthy();
  // Compressed once the server has done it (it starts at boot), kept by browsers for good.
  await expect
    .poll(async () => (await page.request.get(wasm!, { headers: { "accept-encoding": "br" } })).headers()["content-encoding"], { timeout: 60_000 })
    .toBe("br");
  const answer = await page.request.get(css!, { headers: { "accept-encoding": "gzip" } });
  expect(answer.headers()["content-encoding"]).toBe("gzip");
  expect(answer.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(answer.headers()["content-type"]).toContain("text/css");

  // A second visit: the code and styles come from the browser's cache, not the network.
  await page.goto("/");
  await ready(page);
  const sizes = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\/pkg\/[0-9a-f]{16}\/[\w.-]+\.(js|wasm|css)$/.test(e.name))
      .map((e) => ({ name: e.name, transferred: (e as PerformanceResourceTiming).transferSize }))
  );
  expect(sizes.length).toBeGreaterThanOrEqual(2);
  for (const s of sizes) expect(s.transferred, s.name).toBe(0);
});

test("less motion, when the system asks for it", async ({ browser, baseURL }) => {
  for (const reducedMotion of ["no-preference", "reduce"] as const) {
    const context = await browser.newContext({ baseURL, reducedMotion });
    const page = await context.newPage();
    await page.goto("/login");
    await ready(page);
    const duration = await page.locator("button[type=submit]").evaluate((b) => parseFloat(getComputedStyle(b).transitionDuration));
    if (reducedMotion === "reduce") expect(duration).toBeLessThan(0.001);
    else expect(duration).toBeGreaterThan(0.1);
    await context.close();
  }
});
