import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, ready, signIn, taskInput } from "./helpers";

// A team shapes its board: its own column with a WIP limit, cards dragged into it and reordered,
// labels, filters and swimlanes, on desktop with a mouse and on a phone by touch.
test.describe.configure({ mode: "serial" });

let boardUrl = "";

async function headId(page: Page, name: string): Promise<string> {
  const head = page.locator(".column-head", { hasText: name });
  await expect(head).toHaveCount(1);
  return (await head.getAttribute("data-column-head"))!;
}

async function cell(page: Page, name: string, lane = "all") {
  return page.locator(`section[data-column="${await headId(page, name)}"][data-lane="${lane}"]`);
}

function card(page: Page, title: string) {
  return page.locator("[data-task-id]", { hasText: title });
}

/// Drags a card with the mouse to the end of a cell, or onto the upper half of another card.
async function mouseDrag(page: Page, title: string, target: () => Promise<{ x: number; y: number }>) {
  await card(page, title).scrollIntoViewIfNeeded();
  const from = (await card(page, title).boundingBox())!;
  const to = await target();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  // Each move is saved at once; its answer re-renders the card, so wait for it.
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/move_task"));
  await page.mouse.up();
  expect((await saved).ok()).toBe(true);
  await expect(card(page, title)).toBeVisible();
}

function endOf(page: Page, name: string, lane = "all") {
  return async () => {
    const box = (await (await cell(page, name, lane)).locator(".cards").boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height - 6 };
  };
}

async function titlesIn(page: Page, name: string) {
  return (await cell(page, name)).locator(".task-title").allTextContents();
}

test("a custom column with a WIP limit, cards dragged into it and reordered", async ({ page }) => {
  await signIn(page, ADMIN);
  const me = (await api(page, "session_info", {})).user.id;
  const project = await api(page, "create_project", {
    input: {
      name: "618 Mid-year sale", kind: "holiday_promotion", background: "", objectives: "", expected_benefit: "",
      risks: [], owner_id: me, start_date: "2026-06-01", end_date: "2026-06-30",
    },
  });
  for (const title of ["Key visual", "Landing page", "Media buy"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title, { owner_id: me }) });
  }
  boardUrl = `/projects/${project}/board`;
  await page.goto(boardUrl);
  await ready(page);

  // The manager adds a "Design review" column that counts as "in review", limited to one card.
  await page.click(".board-settings-open");
  await page.fill("#new-column-name", "Design review");
  await page.selectOption("#new-column-status", "review");
  await page.fill("#new-column-wip", "1");
  await page.click(".add-column");
  await expect(page.locator(".column-head", { hasText: "Design review" })).toBeVisible();
  // A limit of 0 is refused with a message.
  const row = page.locator(".column-row").last();
  await expect(row.locator(".column-name")).toHaveValue("Design review");
  await row.locator(".column-wip").fill("0");
  await row.locator(".save-column").click();
  await expect(page.locator(".board-settings .alert-error")).toContainText("WIP limit");
  await page.click(".board-settings .drawer-head button");
  const head = page.locator(".column-head", { hasText: "Design review" });
  await expect(head.locator(".count")).toHaveText("0 / 1");

  await mouseDrag(page, "Key visual", endOf(page, "Design review"));
  await expect((await cell(page, "Design review")).locator("[data-task-id]")).toHaveCount(1);
  await expect(head).toHaveClass(/wip-full/);
  await mouseDrag(page, "Landing page", endOf(page, "Design review"));
  await expect(head.locator(".count")).toHaveText("2 / 1");
  await expect(head).toContainText("Over the WIP limit");

  // Reordering inside the column: "Landing page" goes above "Key visual".
  await mouseDrag(page, "Landing page", async () => {
    const target = (await card(page, "Key visual").boundingBox())!;
    return { x: target.x + target.width / 2, y: target.y + 6 };
  });
  await expect.poll(() => titlesIn(page, "Design review")).toEqual(["Landing page", "Key visual"]);

  // All of it was saved.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await ready(page);
  await expect.poll(() => titlesIn(page, "Design review")).toEqual(["Landing page", "Key visual"]);
  await expect(page.locator(".column-head", { hasText: "Design review" })).toContainText("Over the WIP limit");
});

test("labels, filters and swimlanes", async ({ page }) => {
  // Tall enough to see four lanes at once.
  await page.setViewportSize({ width: 1280, height: 1100 });
  await signIn(page, ADMIN);
  await page.goto(boardUrl);
  await ready(page);

  await page.click(".board-settings-open");
  await page.fill("#new-label-name", "KOL");
  await page.click(".add-label");
  await expect(page.locator(".board-settings .label-row input.label-name")).toHaveValue("KOL");
  await page.click(".board-settings .drawer-head button");

  // Put the label on a card from its drawer.
  await card(page, "Media buy").click();
  await page.click(".label-picker button:has-text('KOL')");
  await expect(page.locator(".label-picker button:has-text('KOL')")).toHaveAttribute("aria-pressed", "true");
  await page.click(".drawer button[type=submit]");
  await expect(page.locator(".drawer")).toHaveCount(0);
  await expect(card(page, "Media buy").locator(".label-chip")).toHaveText("KOL");

  // Filtering by the label hides the other cards and says how many.
  await page.getByLabel("Label").selectOption({ label: "KOL" });
  await expect(page.locator("[data-task-id]")).toHaveCount(1);
  await expect(page.locator(".filtered-out")).toHaveText("2 cards hidden by filters");
  await page.click(".clear-filters");
  await expect(page.locator("[data-task-id]")).toHaveCount(3);

  // Swimlanes by priority: dropping a card in the "Urgent" lane makes it urgent.
  await page.getByLabel("Swimlanes").selectOption("priority");
  const urgent = page.locator(".lane[data-lane='priority-urgent'] .lane-head");
  await expect(urgent.locator("span").first()).toHaveText("Urgent");
  await expect(urgent.locator(".count")).toHaveText("0");
  await mouseDrag(page, "Media buy", endOf(page, "To do", "priority-urgent"));
  await expect(page.locator(".lane[data-lane='priority-urgent'] [data-task-id]")).toHaveText(/Media buy/);
  await expect(urgent.locator(".count")).toHaveText("1");
  await expect(card(page, "Media buy").locator(".chip.priority-urgent")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.reload();
  await ready(page);
  await expect(card(page, "Media buy").locator(".chip.priority-urgent")).toHaveText("Urgent");
});

test("on a phone, in Chinese, a card is dragged by touch to another column", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(boardUrl);
  await ready(page);
  await expect(page.locator(".column-head", { hasText: "Design review" })).toContainText("超出在制品上限");
  await expect(page.locator(".column-head").first()).toContainText("待办");

  // Touch drags start from the grip; the board scrolls sideways when the finger nears the edge.
  await page.evaluate(() => document.fonts.ready);
  const client = await context.newCDPSession(page);
  const grip = (await card(page, "Media buy").locator(".grip").boundingBox())!;
  const start = { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 };
  await client.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [start] });
  for (let i = 1; i <= 10; i++) {
    await client.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: start.x + i * 3, y: start.y + i * 4 }] });
  }
  await expect(page.locator(".task-card.ghost")).toBeVisible();
  // Hold near the right edge (a finger is never quite still) until the next column is in reach.
  const doing = await headId(page, "进行中");
  for (let i = 0; i < 80; i++) {
    await client.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: 377 + (i % 2) * 3, y: start.y + 40 }] });
    const box = await page.locator(`section[data-column="${doing}"]`).boundingBox();
    if (box && box.x < 200) break;
  }
  const box = (await page.locator(`section[data-column="${doing}"] .cards`).boundingBox())!;
  const drop = { x: box.x + 40, y: box.y + 20 };
  await client.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [drop] });
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/move_task"));
  await client.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  expect((await saved).ok()).toBe(true);
  await expect(page.locator(`section[data-column="${doing}"] [data-task-id]`, { hasText: "Media buy" })).toHaveCount(1);
  await page.waitForLoadState("networkidle");
  await page.reload();
  await ready(page);
  await expect(page.locator(`section[data-column="${doing}"] [data-task-id]`, { hasText: "Media buy" })).toHaveCount(1);
  await context.close();
});

test("a long column draws more cards as it is scrolled", async ({ page }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Always-on content", "2026-01-01", "2026-12-31", "brand_campaign");
  for (let i = 1; i <= 120; i++) {
    await api(page, "create_task", { project_id: project, input: taskInput(`Post ${i}`) });
  }
  await page.goto(`/projects/${project}/board`);
  await ready(page);
  const todo = await cell(page, "To do");
  const cards = todo.locator(".task-card");
  await expect(page.locator(".column-head", { hasText: "To do" }).locator(".count")).toHaveText("120");
  // The first cards only, at first.
  await expect(cards).toHaveCount(50);
  // Scrolling down to the end of the column draws the next cards without a click, and on to the last.
  for (const expected of [100, 120]) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(cards).toHaveCount(expected);
  }
  await expect(todo.locator(".show-more")).toHaveCount(0);
  await expect(cards.last()).toContainText("Post 120");
});
