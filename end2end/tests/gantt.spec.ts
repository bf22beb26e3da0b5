import { test, expect, Page, Locator } from "@playwright/test";
import { ADMIN, api, ready, signIn, taskInput } from "./helpers";

// Runs after the foundation story, which created the administrator.
test.describe.configure({ mode: "serial" });

const DAY = 36; // pixels per day at the "Day" zoom

function iso(d: Date) {
  return d.toISOString().slice(0, 10);
}

function plus(d: Date, days: number) {
  const c = new Date(d);
  c.setUTCDate(c.getUTCDate() + days);
  return c;
}

/// The Monday after today, so the chain is in the future and on working days.
function nextMonday() {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  const weekday = d.getUTCDay();
  return plus(d, ((8 - weekday) % 7) || 7);
}

const monday = nextMonday();
let projectId = 0;
const ids: Record<string, number> = {};

/// The chart's own bar of a task (not the first screen the server drew into the page).
function bar(page: Page, name: string): Locator {
  return page.locator(`.gantt-bar[data-gantt-task="${ids[name]}"]:not(.gantt-first *)`);
}

async function dates(page: Page, name: string) {
  const tasks = await api(page, "list_tasks", { project_id: projectId });
  const t = tasks.find((t: any) => t.id === ids[name]);
  return [t.input.start_date, t.input.due_date];
}

/// Drags from the middle of `from` by (dx, dy), onto the middle of `onto`, or to a point.
async function drag(
  page: Page,
  from: Locator,
  to: { dx: number; dy?: number } | { x: number; y: number } | Locator,
  during?: () => Promise<void>,
) {
  await from.hover();
  const a = await from.boundingBox();
  if (!a) throw new Error("nothing to drag");
  const start = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  let end: { x: number; y: number };
  if ("x" in to && "y" in to && !("boundingBox" in to)) {
    end = to as { x: number; y: number };
  } else if ("dx" in to) {
    end = { x: start.x + to.dx, y: start.y + (to.dy ?? 0) };
  } else {
    const b = await to.boundingBox();
    if (!b) throw new Error("no drop target");
    end = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + (end.x - start.x) / 3, start.y + (end.y - start.y) / 3, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 8 });
  if (during) await during();
  await page.mouse.up();
}

async function linkByDrag(page: Page, from: string, to: string) {
  await steady(bar(page, to));
  await steady(bar(page, from));
  await bar(page, from).hover();
  // Onto the part of the target bar that shows: a bar reaching back past the left edge of the
  // chart is partly under the task column.
  const target = (await bar(page, to).boundingBox())!;
  const column = (await page.locator(".gantt-corner").boundingBox())!;
  const left = Math.max(target.x, column.x + column.width);
  const handle = bar(page, from).locator(".gantt-link-handle");
  await drag(page, handle, { x: (left + target.x + target.width) / 2, y: target.y + target.height / 2 });
}

/// Where `bar` is once the chart has stopped moving (after a scroll to a date, say).
async function steady(bar: Locator) {
  let last = "";
  await expect
    .poll(async () => {
      const now = JSON.stringify(await bar.boundingBox());
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

test("a chain on the Gantt chart: link by drag, move, undo, and a loop refused", async ({ page }) => {
  await signIn(page, ADMIN);
  projectId = await api(page, "create_project", {
    input: {
      name: "Gantt launch", kind: "product_launch", background: "", objectives: "", expected_benefit: "", risks: [],
      owner_id: 1, start_date: iso(monday), end_date: iso(plus(monday, 30)),
    },
  });
  for (const [name, from, to] of [["Brief", 0, 4], ["Key visual", 7, 9], ["Media buy", 10, 11]] as const) {
    const t = await api(page, "create_task", {
      project_id: projectId,
      input: taskInput(name, { start_date: iso(plus(monday, from)), due_date: iso(plus(monday, to)) }),
    });
    ids[name] = t.id;
  }
  await page.goto(`/projects/${projectId}/gantt`);
  await ready(page);
  await page.getByRole("button", { name: "Day", exact: true }).click();
  await expect(bar(page, "Brief")).toBeVisible();

  // Link Brief → Key visual → Media buy by dragging from each bar's end dot.
  await linkByDrag(page, "Brief", "Key visual");
  await expect(page.locator(".gantt-link")).toHaveCount(1);
  await linkByDrag(page, "Key visual", "Media buy");
  await expect(page.locator(".gantt-link")).toHaveCount(2);

  // Where a bar sits on the time axis, measured from the today line (scrolling moves both).
  const position = async (name: string) => {
    const b = (await bar(page, name).boundingBox())!;
    const t = (await page.locator(".gantt-today").boundingBox())!;
    return b.x - t.x;
  };
  // Drag Brief two days later: while dragging, its dependents already move; on release it is saved.
  const before = await position("Key visual");
  await drag(page, bar(page, "Brief"), { dx: 2 * DAY }, async () => {
    expect((await position("Key visual")) - before).toBeCloseTo(2 * DAY, 0);
  });
  await expect.poll(() => dates(page, "Key visual")).toEqual([iso(plus(monday, 9)), iso(plus(monday, 11))]);
  // Media buy waits for Key visual (now ending Friday): next Monday.
  expect(await dates(page, "Media buy")).toEqual([iso(plus(monday, 14)), iso(plus(monday, 15))]);
  await page.reload();
  await ready(page);
  await page.getByRole("button", { name: "Day", exact: true }).click();
  expect((await position("Key visual")) - before).toBeCloseTo(2 * DAY, 0);

  // Undo puts all three back.
  await drag(page, bar(page, "Media buy"), { dx: 3 * DAY });
  await expect.poll(() => dates(page, "Media buy")).toEqual([iso(plus(monday, 17)), iso(plus(monday, 18))]);
  await page.getByRole("button", { name: /Undo/ }).click();
  await expect.poll(() => dates(page, "Media buy")).toEqual([iso(plus(monday, 14)), iso(plus(monday, 15))]);

  // A link back to the start of the chain would be a loop: refused, with the loop named.
  // The chain in view, its start just right of the task column.
  const column = (await page.locator(".gantt-corner").boundingBox())!;
  const start = (await bar(page, "Brief").boundingBox())!;
  await page.locator(".gantt").evaluate((el, dx) => (el.scrollLeft += dx), start.x - (column.x + column.width + DAY));
  await linkByDrag(page, "Media buy", "Brief");
  await expect(page.locator(".alert-error")).toContainText("Media buy → Brief → Key visual → Media buy");
  await expect(page.locator(".gantt-link")).toHaveCount(2);

  // The critical path is marked, in the tree as well as in colour.
  await expect(page.locator(".gantt-label.critical")).toHaveCount(3);

  // Without dragging: the task's drawer lists its dependencies and edits them from the keyboard.
  await page.locator(".gantt-label", { hasText: "Media buy" }).getByRole("button", { name: "Media buy" }).click();
  const deps = page.locator(".drawer .dependencies");
  await expect(deps.locator(".dependency")).toHaveCount(1);
  await expect(deps.locator(".dependency")).toContainText("Key visual");
  await deps.getByRole("button", { name: "Remove dependency" }).click();
  await expect(deps.locator(".dependency")).toHaveCount(0);
  await expect(page.locator(".gantt-link")).toHaveCount(1);
  await deps.locator("#link-predecessor").selectOption({ label: "Key visual" });
  await deps.locator("#link-kind").selectOption("start_to_start");
  await deps.locator("#link-lag").fill("1");
  await deps.getByRole("button", { name: "Add dependency" }).click();
  await expect(deps.locator(".dependency")).toContainText("Start to start");
  await expect(page.locator(".gantt-link")).toHaveCount(2);
  // A loop typed in is refused the same way.
  await page.locator(".drawer-backdrop").click();
  await page.locator(".gantt-label", { hasText: "Brief" }).getByRole("button", { name: "Brief" }).click();
  await deps.locator("#link-predecessor").selectOption({ label: "Media buy" });
  await deps.getByRole("button", { name: "Add dependency" }).click();
  await expect(deps.locator(".alert-error")).toContainText("dependency loop");
  await page.locator(".drawer-backdrop").click();

  // The working calendar: a new holiday is shaded on the chart and kept.
  const holiday = iso(plus(monday, 21));
  const shaded = await page.locator(".gantt-off").count();
  await page.getByRole("button", { name: "Working calendar" }).click();
  await page.fill("#calendar-holiday", holiday);
  await page.locator(".calendar-editor").getByRole("button", { name: "Add", exact: true }).first().click();
  await expect(page.locator(".calendar-editor .date-chip", { hasText: holiday })).toBeVisible();
  await page.locator(".calendar-editor button[type=submit]").click();
  await expect(page.locator(".calendar-editor")).toHaveCount(0);
  await expect.poll(() => page.locator(".gantt-off").count()).toBeGreaterThan(shaded);
  await page.reload();
  await ready(page);
  await page.getByRole("button", { name: "Working calendar" }).click();
  await expect(page.locator(".calendar-editor .date-chip", { hasText: holiday })).toBeVisible();
});

// A page load brings the chart's first screen drawn by the server, so the bars show before the
// app's code has arrived; the chart itself then takes its place exactly where it stands.
for (const look of [
  { name: "at a desk, in English", locale: "en", width: 1280, height: 800, phone: false, task: "Task" },
  { name: "on a phone, in Chinese", locale: "zh-CN", width: 390, height: 844, phone: true, task: "任务" },
]) {
  test(`the chart's first screen comes drawn with the page, ${look.name}`, async ({ browser }) => {
    const context = await browser.newContext({
      locale: look.locale, viewport: { width: look.width, height: look.height }, isMobile: look.phone, hasTouch: look.phone,
    });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    // The app's code (not its styles) is held back until the first screen has been looked at.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/*.wasm", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/projects/${projectId}/gantt`, { waitUntil: "commit" });
    const first = page.locator(".gantt-first");
    await expect(first.locator(".gantt-label", { hasText: "Brief" })).toBeVisible();
    await expect(first.locator(".gantt-corner")).toHaveText(look.task);
    await expect(first.locator(".gantt-bar")).toHaveCount(3);
    await expect(first.locator(".gantt-link")).toHaveCount(2);
    // Not a control yet: the page cannot act on it before its code has arrived.
    expect(await page.locator("body[data-hydrated]").count()).toBe(0);
    const boxes = async (bars: Locator) =>
      Promise.all(["Brief", "Key visual", "Media buy"].map((n) => bars.and(page.locator(`[data-gantt-task="${ids[n]}"]`)).boundingBox()));
    const drawn = await boxes(first.locator(".gantt-bar"));
    for (const box of drawn) expect(box!.width).toBeGreaterThan(4);

    release();
    await ready(page);
    await expect(first).toHaveCount(0);
    await steady(bar(page, "Media buy"));
    const live = await boxes(page.locator(".gantt-bar:not(.gantt-first *)"));
    for (const [k, box] of live.entries()) {
      expect(Math.abs(box!.x - drawn[k]!.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(box!.y - drawn[k]!.y)).toBeLessThanOrEqual(1);
      expect(Math.abs(box!.width - drawn[k]!.width)).toBeLessThanOrEqual(1);
    }
    await context.close();
  });
}

test("the Gantt chart on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/projects/${projectId}/gantt`);
  await ready(page);
  await expect(page.getByText("关键路径").first()).toBeVisible();
  await page.getByRole("button", { name: "日", exact: true }).click();
  // The chart scrolls sideways under the fixed task names.
  const gantt = page.locator(".gantt");
  await gantt.evaluate((el) => (el.scrollLeft += 300));
  await expect(page.locator(".gantt-label", { hasText: "Brief" })).toBeVisible();
  // Tapping a bar opens the task; a new due date there reschedules its dependents too: Brief now
  // ends on Wednesday, so Key visual (three working days) runs Thursday to Monday.
  await page.evaluate((id) => {
    const el = document.querySelector(`.gantt-bar[data-gantt-task="${id}"]`) as HTMLElement;
    (document.querySelector(".gantt") as HTMLElement).scrollLeft = el.offsetLeft - 20;
  }, ids["Brief"]);
  await bar(page, "Brief").tap();
  await expect(page.locator(".drawer")).toBeVisible();
  await page.fill("#task-due", iso(plus(monday, 9)));
  await page.click(".drawer button[type=submit]");
  await expect(page.locator(".drawer")).toHaveCount(0);
  await expect.poll(() => dates(page, "Key visual")).toEqual([iso(plus(monday, 10)), iso(plus(monday, 14))]);
  // The chart shows the pushed task where the server put it.
  const left = async (name: string) =>
    Number(/left:([\d.]+)px/.exec((await bar(page, name).getAttribute("style")) ?? "")?.[1]);
  await expect.poll(async () => (await left("Key visual")) - (await left("Brief"))).toBe(8 * DAY);

  // Fingers: a long press, then a drag, moves a bar; a swipe scrolls the chart and moves nothing.
  const cdp = await context.newCDPSession(page);
  const touch = async (type: string, x: number, y: number) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x, y }],
    });
  await page.evaluate((id) => {
    const el = document.querySelector(`.gantt-bar[data-gantt-task="${id}"]`) as HTMLElement;
    (document.querySelector(".gantt") as HTMLElement).scrollLeft = el.offsetLeft - 40;
  }, ids["Media buy"]);
  const media = (await bar(page, "Media buy").boundingBox())!;
  const y = media.y + media.height / 2;
  const x = media.x + 10;
  await touch("touchStart", x, y);
  await page.waitForTimeout(700);
  for (let i = 1; i <= 6; i++) await touch("touchMove", x + i * 6, y);
  await touch("touchEnd", x + DAY, y);
  await expect.poll(() => dates(page, "Media buy")).toEqual([iso(plus(monday, 15)), iso(plus(monday, 16))]);
  const scrolled = await gantt.evaluate((el) => el.scrollLeft);
  await touch("touchStart", x, y);
  for (let i = 1; i <= 5; i++) await touch("touchMove", x - i * 20, y);
  await touch("touchEnd", x - 100, y);
  await expect.poll(() => gantt.evaluate((el) => el.scrollLeft)).toBeGreaterThan(scrolled + 50);
  expect(await dates(page, "Media buy")).toEqual([iso(plus(monday, 15)), iso(plus(monday, 16))]);

  // The task names' column is narrow on a phone: dragging its edge widens it, names and all, and
  // it stays that wide after a reload.
  const corner = page.locator(".gantt-corner");
  const narrow = (await corner.boundingBox())!.width;
  const grip = (await page.locator(".gantt-resize").boundingBox())!;
  const [gx, gy] = [grip.x + grip.width / 2, grip.y + grip.height / 2];
  await touch("touchStart", gx, gy);
  for (let i = 1; i <= 5; i++) await touch("touchMove", gx + i * 20, gy);
  await touch("touchEnd", gx + 100, gy);
  const labelWidth = async () => (await page.locator(".gantt-label").first().boundingBox())!.width;
  await expect.poll(labelWidth).toBeGreaterThan(narrow + 90);
  // The server draws the chart's first screen with the width this phone chose.
  const html = await (await page.request.get(page.url())).text();
  const drawn = html.match(/--gantt-label-w:(\d+)px/);
  expect(Number(drawn?.[1])).toBeGreaterThan(narrow + 90);
  await page.reload();
  await ready(page);
  await expect.poll(async () => (await corner.boundingBox())!.width).toBeGreaterThan(narrow + 90);
  await context.close();
});
