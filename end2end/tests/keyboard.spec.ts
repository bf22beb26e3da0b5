import { test, expect, Page } from "@playwright/test";
import { ADMIN, api, newProject, orgDay, phoneContext, ready, signIn, taskInput } from "./helpers";

// Keyboard only: a kanban card picked up with Space, moved with the arrow keys and dropped with
// Space, every step said in the live region; Escape puts it back; dialogs keep Tab inside and
// give focus back; the install card on a browser that offers it and on an iPhone.
test.describe.configure({ mode: "serial" });

function card(page: Page, title: string) {
  return page.locator("[data-task-id]", { hasText: title });
}

async function titlesIn(page: Page, category: string) {
  return page.locator(`section[data-category="${category}"] .task-title`).allTextContents();
}

test("a card moved with the keyboard, each step read out, saved for everyone", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const project = await newProject(page, "Keyboard board", orgDay(-2), orgDay(30));
  for (const title of ["Key visual", "Landing page", "Media buy"]) {
    await api(page, "create_task", { project_id: project, input: taskInput(title) });
  }
  await page.goto(`/projects/${project}/board`);
  await ready(page);
  expect(await titlesIn(page, "todo")).toEqual(["Key visual", "Landing page", "Media buy"]);

  const said = page.locator(".kanban-said");
  await card(page, "Media buy").focus();
  await page.keyboard.press("Space");
  await expect(said).toContainText("Picked up Media buy: To do, place 3 of 3");
  await expect(card(page, "Media buy")).toHaveClass(/held/);
  await page.keyboard.press("ArrowUp");
  await expect(said).toHaveText("Media buy: To do, place 2 of 3");
  await page.keyboard.press("ArrowRight");
  await expect(said).toHaveText("Media buy: In progress, place 1 of 1");
  // Nothing is saved before the drop.
  expect(await titlesIn(page, "todo")).toEqual(["Key visual", "Landing page", "Media buy"]);
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/move_task"));
  await page.keyboard.press("Space");
  expect((await saved).ok()).toBe(true);
  await expect(said).toHaveText("Dropped Media buy: In progress, place 1 of 1.");
  await expect.poll(() => titlesIn(page, "in_progress")).toEqual(["Media buy"]);
  // Focus stays on the card in its new place, so the next move goes on from there.
  await expect(card(page, "Media buy")).toBeFocused();
  await expect(card(page, "Media buy")).not.toHaveClass(/held/);

  // Escape puts a held card back where it was.
  await card(page, "Key visual").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Escape");
  await expect(said).toHaveText("Put back Key visual: To do, place 1 of 2.");
  expect(await titlesIn(page, "todo")).toEqual(["Key visual", "Landing page"]);

  // Someone else sees the move (it was saved, not only shown).
  const other = await browser.newContext({ baseURL, serviceWorkers: "block", locale: "zh-CN" });
  const second = await other.newPage();
  await signIn(second, ADMIN);
  await second.goto(`/projects/${project}/board`);
  await ready(second);
  await expect.poll(() => titlesIn(second, "in_progress")).toEqual(["Media buy"]);
  // In Chinese, the same move is said in Chinese.
  await card(second, "Landing page").focus();
  await second.keyboard.press("Space");
  await expect(second.locator(".kanban-said")).toContainText("已拿起 Landing page：待办，第 2 位，共 2 位");
  await second.keyboard.press("Escape");
  await other.close();

  // A dialog keeps Tab inside and gives focus back to the card that opened it.
  await card(page, "Landing page").focus();
  await page.keyboard.press("Enter");
  const dialog = page.locator("aside.drawer[role=dialog]");
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeFocused();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("aside.drawer"))).toBe(true);
  }
  await page.keyboard.press("Shift+Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("aside.drawer"))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(card(page, "Landing page")).toBeFocused();
});

test("installing: the browser's offer behind a button, the steps on an iPhone", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  await page.goto("/account");
  await ready(page);
  const install = page.locator(".install-card");
  // Headless Chromium makes no offer: the menu is pointed to.
  await expect(install).toHaveAttribute("data-install", "menu");
  // The browser offers (as Chromium does once the app is installable): the button, which opens
  // the browser's own dialog; accepted, the card says it is installed.
  await page.evaluate(() => {
    const offer = new Event("beforeinstallprompt", { cancelable: true }) as any;
    (window as any).prompted = 0;
    offer.prompt = () => {
      (window as any).prompted += 1;
      return Promise.resolve();
    };
    offer.userChoice = Promise.resolve({ outcome: "accepted", platform: "web" });
    window.dispatchEvent(offer);
  });
  await expect(install).toHaveAttribute("data-install", "offered");
  await install.getByRole("button", { name: "Install Marquee" }).click();
  await expect(install).toHaveAttribute("data-install", "installed");
  await expect(install).toContainText("Marquee is installed on this device.");
  expect(await page.evaluate(() => (window as any).prompted)).toBe(1);

  const iphone = await phoneContext(browser, baseURL!, {
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  });
  const phone = await iphone.newPage();
  await signIn(phone, ADMIN);
  await phone.goto("/account");
  await ready(phone);
  const card = phone.locator(".install-card");
  await expect(card).toHaveAttribute("data-install", "ios");
  await expect(card.locator(".install-steps li")).toHaveText([
    "在 Safari 中点按“分享”按钮（带箭头的方框）。",
    "选择“添加到主屏幕”，再点“添加”。",
    "从主屏幕上的图标打开 Marquee。",
  ]);
  await iphone.close();
});
