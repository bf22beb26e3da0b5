import { test, expect } from "@playwright/test";
import { ADMIN, api, mailsTo, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// Email: an administrator at a desk, in English, sets up the organisation's mail server (the
// test SMTP server `make test` starts), is told what is wrong with the form, and sends a test
// message that arrives. A colleague on a phone, in Chinese, chooses what reaches her by email;
// mentioned, she receives a message in Chinese that leads to the task.
test.describe.configure({ mode: "serial" });

const PASSWORD = "email passphrase 1";

function smtp() {
  const server = process.env.MARQUEE_TEST_SMTP;
  if (!server) throw new Error("MARQUEE_TEST_SMTP names the test SMTP server");
  const [host, port] = server.split(":");
  return { host, port };
}

function unique(name: string) {
  return `${name}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

test("an administrator sets up email and a mentioned colleague receives it in her language", async ({ page, browser, baseURL }) => {
  const { host, port } = smtp();
  await signIn(page, ADMIN);
  await page.goto("/admin/settings");
  await ready(page);
  const card = page.locator(".mail-settings");
  await expect(card.locator("h3")).toHaveText("Email (SMTP)");
  // The address people open the site at is filled in, for the links in messages.
  await expect(card.locator("#mail-site")).toHaveValue(new URL(page.url()).origin);

  await card.locator("#mail-enabled").check();
  await card.locator("#mail-host").fill(host);
  await card.locator("#mail-security").selectOption("none");
  await card.locator("#mail-port").fill(port);
  await card.locator("#mail-from").fill("not an address");
  await card.locator("button[type=submit]").click();
  await expect(card.locator(".field-error")).toHaveText("A sender address, like Marquee <marquee@example.com>.");
  await card.locator("#mail-from").fill("Marquee <marquee@example.com>");
  await card.locator("button[type=submit]").click();
  await expect(card.locator(".alert-success")).toHaveText("Saved.");
  await expect(card.locator(".mail-queue")).toContainText("Waiting");

  // The test message, to an inbox of the administrator's choosing.
  const probe = unique("probe");
  await card.locator("#mail-test-to").fill(probe);
  await card.getByRole("button", { name: "Send test message" }).click();
  await expect(card.locator(".mail-tested")).toHaveText(`Sent to ${probe}: look in that inbox.`);
  expect(mailsTo(probe).map((m) => m.subject)).toEqual(["Marquee: test message"]);

  // A colleague with an address, on a project with a task.
  const meiAddress = unique("mei");
  const mei = await api(page, "create_user", { input: { username: "mei", display_name: "韩梅", email: meiAddress, role: "member", password: PASSWORD } });
  const project = await newProject(page, "Email: 618 promotion", orgDay(-3), orgDay(30), "holiday_promotion");
  await api(page, "set_project_member", { input: { project_id: project, user_id: mei.id, role: "contributor" } });
  const task = (await api(page, "create_task", { project_id: project, input: taskInput("KOL 清单") })).id;

  // On her phone, in Chinese: where email goes, and what reaches her by it.
  const phone = await personIn(browser, baseURL!, "mei", PASSWORD, true);
  await phone.goto("/account");
  await ready(phone);
  const prefs = phone.locator(".notify-prefs");
  await expect(prefs.locator(".email-note")).toHaveText(`邮件将发送至 ${meiAddress}。`);
  await expect(prefs.locator("thead")).toContainText("邮件");
  const mentioned = prefs.locator(".pref[data-topic=mentioned]");
  await expect(mentioned.locator("input[data-channel=email]")).toBeChecked();
  const commented = prefs.locator(".pref[data-topic=commented]");
  await expect(commented.locator("input[data-channel=email]")).not.toBeChecked();
  await commented.locator("input[data-channel=email]").check();
  await expect(prefs.locator(".prefs-saved")).toHaveText("已保存。");
  await phone.reload();
  await ready(phone);
  await expect(phone.locator(".notify-prefs .pref[data-topic=commented] input[data-channel=email]")).toBeChecked();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Mentioned from the desk: the message arrives in Chinese, leading to the task.
  await api(page, "add_comment", { thread: { project_id: project, task_id: task }, body: "@mei please check the list" });
  await expect.poll(() => mailsTo(meiAddress).length, { timeout: 30_000 }).toBe(1);
  const [message] = mailsTo(meiAddress);
  expect(message.subject).toBe("[Marquee] 提到了你 · Email: 618 promotion");
  expect(message.text).toContain("Admin Wang 在评论中提到了你：“@mei please check the list”");
  const link = `${new URL(page.url()).origin}/projects/${project}/board?task=${task}`;
  expect(message.text).toContain(link);
  await phone.goto(link.replace(new URL(page.url()).origin, ""));
  await ready(phone);
  await expect(phone.locator("#task-title")).toHaveValue("KOL 清单");
  await phone.context().close();

  // The administrator sees it counted as sent.
  await page.reload();
  await ready(page);
  await expect(page.locator(".mail-settings .mail-queue")).toContainText(/sent [1-9]/);
});
