import { test, expect } from "@playwright/test";
import { ADMIN, orgDay, ready, signIn } from "./helpers";

// The organisation's time zone: Asia/Shanghai at first; an admin chooses another from the list
// (a name that is not a time zone is refused), at a desk in English and on a phone in Chinese.
test("an administrator sets the organisation's time zone", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL("**/admin/settings");
  await ready(page);
  const zone = page.locator("#org-time-zone");
  await expect(zone).toHaveValue("Asia/Shanghai");
  await expect(page.locator(".org-settings")).toContainText(`Today there is ${orgDay()}.`);

  await zone.fill("Mars/Olympus_Mons");
  await page.click(".org-settings button[type=submit]");
  await expect(page.locator(".org-settings .field-error")).toHaveText("Choose a time zone from the list.");

  await zone.fill("Europe/London");
  await page.click(".org-settings button[type=submit]");
  await expect(page.locator(".org-settings .alert-success")).toHaveText("Saved.");
  const london = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  await expect(page.locator(".org-settings")).toContainText(`Today there is ${london}.`);

  // On a phone, in Chinese: the same setting, and it goes back to Shanghai for the others.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await signIn(phone, ADMIN);
  // The phone's bar leaves administration out; the account page leads to it.
  await expect(phone.locator(".nav a[href='/admin/settings']")).toBeHidden();
  await phone.goto("/account");
  await ready(phone);
  await phone.locator(".admin-links").getByRole("link", { name: "设置" }).click();
  await phone.waitForURL("**/admin/settings");
  await ready(phone);
  await expect(phone.locator("h1")).toHaveText("组织设置");
  await expect(phone.locator("#org-time-zone")).toHaveValue("Europe/London");
  await phone.locator("#org-time-zone").fill("Asia/Shanghai");
  await phone.click(".org-settings button[type=submit]");
  await expect(phone.locator(".org-settings .alert-success")).toHaveText("已保存。");
  await expect(phone.locator(".org-settings")).toContainText(`该时区今天是 ${orgDay()}。`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("each person chooses what reaches their notifications", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.goto("/account");
  await ready(page);
  const card = page.locator(".notify-prefs");
  const comments = card.locator(".pref[data-topic=commented] input[data-channel=in_app]");
  await expect(comments).toBeChecked();
  await comments.uncheck();
  await expect(card.locator(".prefs-saved")).toHaveText("Saved.");
  await page.reload();
  await ready(page);
  await expect(card.locator(".pref[data-topic=commented] input[data-channel=in_app]")).not.toBeChecked();
  await expect(card.locator(".pref[data-topic=mentioned] input[data-channel=in_app]")).toBeChecked();

  // On a phone, in Chinese: the same choice, turned back on.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await signIn(phone, ADMIN);
  await phone.goto("/account");
  await ready(phone);
  const pref = phone.locator(".notify-prefs .pref[data-topic=commented]");
  await expect(pref).toContainText("我的任务有新评论");
  await expect(pref.locator("input[data-channel=in_app]")).not.toBeChecked();
  await pref.locator("input[data-channel=in_app]").check();
  await expect(phone.locator(".notify-prefs .prefs-saved")).toHaveText("已保存。");
  await context.close();
});
