import { test, expect, Browser } from "@playwright/test";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, api, ready, signIn } from "./helpers";

type Received = { headers: Record<string, string | string[] | undefined>; body: string };

/// A local HTTP receiver standing in for the in-house OA: it keeps what it is sent.
async function receiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oa`;
  return { url, received, close: () => server.close() };
}

const LEAD = { username: "lead.liu", name: "Liu Yang", password: "lead passphrase 1" };
const CFO = { username: "cfo.zhao", name: "Zhao Min", password: "finance passphrase 1" };

async function as(browser: Browser, who: { username: string; password: string }, locale = "en-US", phone = false) {
  const context = await browser.newContext(
    phone ? { locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { locale },
  );
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

test("a launch from a template goes through a two-step approval: rejected, resubmitted, approved by both", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  for (const [who, role] of [[LEAD, "project_manager"], [CFO, "member"]] as const) {
    await api(page, "create_user", {
      input: { username: who.username, display_name: who.name, email: "", role, password: who.password },
    });
  }

  // The admin sets up the flow for product launches: the marketing lead, then finance.
  await page.goto("/approvals");
  await ready(page);
  await page.click(".add-flow");
  await page.fill("#flow-name", "Launch review");
  await page.selectOption("#flow-kind", "product_launch");
  await page.fill(".step-edit[data-step='0'] .step-name", "Marketing lead");
  await page.check(`.step-edit[data-step='0'] .step-user[data-user='${LEAD.username}']`);
  await page.click(".add-step");
  await page.fill(".step-edit[data-step='1'] .step-name", "Finance");
  await page.selectOption(".step-edit[data-step='1'] .step-mode", "all");
  await page.check(`.step-edit[data-step='1'] .step-user[data-user='${CFO.username}']`);
  await page.click(".save-flow");
  await expect(page.locator(".flow[data-flow='Launch review']")).toContainText("Marketing lead");
  await expect(page.locator(".flow[data-flow='Launch review']")).toContainText("Finance · All of them");

  // Approval events go to the in-house OA as signed JSON.
  const oa = await receiver();
  await page.click(".add-webhook");
  await page.fill("#webhook-name", "In-house OA");
  await page.selectOption("#webhook-kind", "generic");
  await page.fill("#webhook-url", oa.url);
  await page.fill("#webhook-secret", "oa-e2e-secret");
  await page.click(".save-webhook");
  const hook = page.locator(".webhook[data-webhook='In-house OA']");
  await expect(hook).toContainText("JSON (in-house OA)");
  await hook.locator(".send-test").click();
  await expect(hook.locator(".delivery[data-status=delivered]")).toHaveCount(1);
  await expect(hook.locator(".delivery").first()).toContainText("Test");

  // A launch from the template, its tasks laid out from the start date.
  await page.goto("/projects/new");
  await ready(page);
  await page.fill("#project-name", "Approval: X3 earbuds launch");
  await page.selectOption("#project-template", "b:product_launch");
  await page.fill("#project-start", "2026-09-01");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/projects\/\d+$/);
  const overview = new URL(page.url()).pathname;
  await page.goto(`${overview}/list`);
  await ready(page);
  await expect(page.locator(".task-row")).toHaveCount(19);
  await expect(page.locator(".task-row", { hasText: "Market and audience research" }).locator(".inline-start")).toHaveValue("2026-09-01");

  // Submitted through the launch flow: waiting on the marketing lead.
  await page.goto(overview);
  await ready(page);
  await expect(page.locator("#submit-flow")).toHaveText("Launch review");
  await page.click("button[data-to=pending_approval]");
  await expect(page.locator(".approval-request").first()).toContainText(`Waiting on ${LEAD.name}`);

  // The lead rejects from the inbox, saying why.
  const lead = await as(browser, LEAD);
  await lead.page.goto("/approvals");
  await ready(lead.page);
  const item = lead.page.locator(".inbox-item", { hasText: "Approval: X3 earbuds launch" });
  await item.locator(".reject").click();
  await expect(item.locator(".field-error")).toContainText("required");
  await item.locator(".decision-comment").fill("Add a KOL budget line first");
  await item.locator(".reject").click();
  await expect(lead.page.locator(".inbox-item", { hasText: "Approval: X3 earbuds launch" })).toHaveCount(0);

  // Back in draft with the comment in the trail; resubmitted.
  await page.reload();
  await ready(page);
  await expect(page.locator(".status-card .badge").first()).toHaveText(/Draft/);
  await expect(page.locator(".approval-request[data-status=rejected]")).toContainText("Add a KOL budget line first");
  await page.fill("#status-comment", "KOL line added");
  await page.click("button[data-to=pending_approval]");
  await expect(page.locator(".approval-request[data-status=pending]")).toContainText(`Waiting on ${LEAD.name}`);

  // The lead approves; the project waits on finance.
  await lead.page.reload();
  await ready(lead.page);
  await lead.page.locator(".inbox-item", { hasText: "Approval: X3 earbuds launch" }).locator(".approve").click();
  await expect(lead.page.locator(".inbox-item", { hasText: "Approval: X3 earbuds launch" })).toHaveCount(0);
  await lead.context.close();

  // Finance approves on a phone, in Chinese.
  const cfo = await as(browser, CFO, "zh-CN", true);
  await cfo.page.goto("/approvals");
  await ready(cfo.page);
  const waiting = cfo.page.locator(".inbox-item", { hasText: "Approval: X3 earbuds launch" });
  await expect(waiting.locator(".approval-step.current")).toContainText("Finance");
  await expect(waiting.locator(".approval-step").first()).toContainText(`✓ ${LEAD.name}`);
  await waiting.locator(".approve").tap();
  await expect(cfo.page.locator(".empty-inbox")).toHaveText("暂无待您审批的项目。");
  await cfo.context.close();

  await page.reload();
  await ready(page);
  await expect(page.locator(".status-card .badge").first()).toHaveText(/Approved/);
  await expect(page.locator(".approval-request").first()).toHaveAttribute("data-status", "approved");
  await expect(page.locator(".approval-request").first()).toContainText(`✓ ${CFO.name}`);

  // The OA heard of the submission, the rejection and the approval, each signed with the secret.
  await expect.poll(() => oa.received.map((r) => r.headers["x-marquee-event"]).join(",")).toContain("approved");
  const events = oa.received.map((r) => r.headers["x-marquee-event"]);
  expect(events).toEqual(expect.arrayContaining(["test", "submitted", "rejected", "approved"]));
  for (const r of oa.received) {
    const expected = "sha256=" + createHmac("sha256", "oa-e2e-secret").update(`${r.headers["x-marquee-timestamp"]}.${r.body}`).digest("hex");
    expect(r.headers["x-marquee-signature"]).toBe(expected);
  }
  const approved = JSON.parse(oa.received.find((r) => r.headers["x-marquee-event"] === "approved")!.body);
  expect(approved.project).toBe("Approval: X3 earbuds launch");
  expect(approved.actor).toBe(CFO.name);
  oa.close();
  // The delivery log shows them delivered.
  await page.goto("/approvals");
  await ready(page);
  await expect(page.locator(".webhook[data-webhook='In-house OA'] .delivery[data-status=delivered]")).toHaveCount(oa.received.length);
});
