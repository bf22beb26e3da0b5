import { test, expect } from "@playwright/test";
import { ADMIN, api, newProject, ready, signIn } from "./helpers";

const CFO = { username: "cfo.sun", name: "Sun Li", password: "finance passphrase 2" };

test("a budget raise above the threshold waits for finance, who approves it on a phone", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await api(page, "create_user", {
    input: { username: CFO.username, display_name: CFO.name, email: "", role: "member", password: CFO.password },
  });

  // The admin sets up a budget flow: raises above ¥50,000 go to finance.
  await page.goto("/approvals");
  await ready(page);
  await page.click(".add-flow");
  await page.fill("#flow-name", "Budget raises");
  await page.selectOption("#flow-purpose", "budget");
  await expect(page.locator(".flow-form")).toContainText("Raise above");
  await page.fill("#flow-budget", "5万");
  await page.fill(".step-edit[data-step='0'] .step-name", "Finance");
  await page.check(`.step-edit[data-step='0'] .step-user[data-user='${CFO.username}']`);
  await page.click(".save-flow");
  await expect(page.locator(".flow[data-flow='Budget raises']")).toContainText("Budget raise · Any type · Raise above ¥50,000.00");

  // An approved campaign with a ¥100,000 line.
  const project = await newProject(page, "Singles' Day push", "2026-10-20", "2026-11-30", "holiday_promotion");
  await api(page, "save_budget_line", {
    input: { project_id: project, id: null, version: 0, name: "Livestream hosts", channel: "douyin", category: "kol", phase: "launch", planned: "10万" },
  });
  for (const to of ["pending_approval", "approved"]) {
    await api(page, "change_project_status", { request: { project_id: project, to, comment: "", flow_id: null } });
  }

  // +¥30,000 applies at once; +¥120,000 waits, and the line keeps its amount meanwhile.
  await page.goto(`/projects/${project}/finance`);
  await ready(page);
  const line = page.locator(".budget-row", { hasText: "Livestream hosts" });
  await line.locator(".row-actions button").first().click();
  await page.fill("#line-planned", "13万");
  await page.click(".finance-drawer button[type=submit]");
  await expect(line.locator("td").nth(4)).toHaveText("¥130,000.00");
  await line.locator(".row-actions button").first().click();
  await page.fill("#line-planned", "250,000");
  await page.click(".finance-drawer button[type=submit]");
  await expect(line.locator(".change-waiting")).toBeVisible();
  await expect(line.locator("td").nth(4)).toHaveText("¥130,000.00");
  const request = page.locator(".budget-changes .change-request").first();
  await expect(request).toContainText("¥130,000.00 → ¥250,000.00");
  await expect(request).toContainText("+¥120,000.00");
  await expect(request).toContainText("Waiting for approval");
  await expect(request.locator(".approve")).toHaveCount(0);

  // Finance, outside the project, decides from the inbox on a phone in Chinese: first a
  // rejection must give its reason, then the approval.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await signIn(phone, CFO);
  await phone.goto("/approvals");
  await ready(phone);
  const item = phone.locator(".inbox-item.budget-change");
  await expect(item).toContainText("预算调整");
  await expect(item).toContainText("Livestream hosts");
  await expect(item).toContainText("¥130,000.00 → ¥250,000.00");
  await item.locator(".reject").click();
  await expect(item.locator(".field-error")).toContainText("必填");
  await item.locator(".approve").click();
  await expect(phone.locator(".empty-inbox")).toBeVisible();
  await context.close();

  // The line now has the new amount; the trail shows who approved.
  await page.reload();
  await ready(page);
  await expect(line.locator("td").nth(4)).toHaveText("¥250,000.00");
  await expect(line.locator(".change-waiting")).toHaveCount(0);
  await expect(request).toContainText("Approved and applied");
  await expect(request.locator(".decision")).toContainText(CFO.name);
});
