import { test, expect, BrowserContext, Page } from "@playwright/test";
import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { ADMIN, api, newProject, orgDay, ready, signIn, taskInput } from "./helpers";

// Web Push, end to end: a push service on this machine (a browser's push service is on the
// internet, which tests do not reach) receives what the server sends, decrypts it as the
// browser would (RFC 8291), and hands it to the browser's service worker through DevTools, as
// a push service hands it to the browser. The service worker shows it, leading to the item.
// At a desk in English: the device list, the test push, a mention pushed, a device removed.
// On a phone in Chinese: the push column and asking for pushes where no push service answers.
test.describe.configure({ mode: "serial" });

const PASSWORD = "push passphrase 1";

/// A browser's side of a subscription, kept here: its keys, and decrypting what comes.
class Keys {
  ecdh = crypto.createECDH("prime256v1");
  auth = crypto.randomBytes(16);
  constructor() {
    this.ecdh.generateKeys();
  }
  subscription(endpoint: string) {
    return {
      endpoint,
      p256dh: this.ecdh.getPublicKey().toString("base64url"),
      auth: this.auth.toString("base64url"),
      agent: "Chromium · Linux",
    };
  }
  /// RFC 8291 / RFC 8188 (aes128gcm, one record).
  open(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const idLength = body[20];
    const sender = body.subarray(21, 21 + idLength);
    const sealed = body.subarray(21 + idLength);
    const shared = this.ecdh.computeSecret(sender);
    const info = Buffer.concat([Buffer.from("WebPush: info\0"), this.ecdh.getPublicKey(), sender]);
    const ikm = Buffer.from(crypto.hkdfSync("sha256", shared, this.auth, info, 32));
    const key = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
    const nonce = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
    const decipher = crypto.createDecipheriv("aes-128-gcm", key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    expect(plain[end]).toBe(2);
    return plain.subarray(0, end).toString("utf8");
  }
}

/// The push service: what arrived, per device.
async function pushService() {
  const received: { device: string; body: Buffer; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ device: (req.url ?? "").split("/").pop()!, body: Buffer.concat(chunks), headers: req.headers });
      res.statusCode = 201;
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return { server, received, url: (device: string) => `http://127.0.0.1:${port}/push/${device}` };
}

/// Hands `data` to the page's service worker as its push service would.
async function deliverToWorker(context: BrowserContext, page: Page, data: string) {
  const cdp = await context.newCDPSession(page);
  const registrations: string[] = [];
  cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
    for (const r of e.registrations) if (!r.isDeleted) registrations.push(r.registrationId);
  });
  await cdp.send("ServiceWorker.enable");
  await expect.poll(() => registrations.length).toBeGreaterThan(0);
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: new URL(page.url()).origin, registrationId: registrations[0], data });
  await cdp.detach();
}

/** Hands `data` to the service worker as a push until it shows a notification titled `title`,
 * and returns that notification: the test protocol's delivery to a worker that is starting up
 * can be dropped, so it is handed over again if nothing is shown. */
async function showThroughWorker(context: BrowserContext, page: Page, data: string, title: string) {
  let shown: { title: string; body: string; url?: string; tag: string } | undefined;
  await expect(async () => {
    await deliverToWorker(context, page, data);
    await expect
      .poll(async () => (shown = (await shownNotifications(page)).find((n) => n.title === title)), { timeout: 5_000 })
      .toBeTruthy();
  }).toPass({ timeout: 30_000 });
  return shown!;
}

async function shownNotifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const shown = await registration.getNotifications();
    return shown.map((n) => ({ title: n.title, body: n.body, url: n.data?.url, tag: n.tag }));
  });
}

test("a push reaches the device, is shown by the service worker and leads to the item", async ({ browser, baseURL, page }) => {
  const service = await pushService();
  await signIn(page, ADMIN);
  const user = await api(page, "create_user", { input: { username: "pushy", display_name: "Pushy Pan", email: "", role: "member", password: PASSWORD } });
  const project = await newProject(page, "Push: autumn launch", orgDay(-2), orgDay(20));
  await api(page, "set_project_member", { input: { project_id: project, user_id: user.id, role: "contributor" } });
  const task = (await api(page, "create_task", { project_id: project, input: taskInput("Launch poster") })).id;

  // At a desk, in English, with the app's service worker running and notifications allowed.
  const context = await browser.newContext({ baseURL, locale: "en-US", viewport: { width: 1280, height: 800 }, serviceWorkers: "allow" });
  await context.grantPermissions(["notifications"], { origin: baseURL });
  const desk = await context.newPage();
  await signIn(desk, { username: "pushy", password: PASSWORD });
  await desk.goto("/account");
  await ready(desk);
  const card = desk.locator(".push-devices");
  await expect(card.locator("h4")).toHaveText("Devices that get pushes");
  await expect(card).toContainText("No device gets pushes yet.");
  await expect(desk.locator(".notify-prefs thead")).toContainText("Push");
  await expect(desk.locator(".pref[data-topic=mentioned] input[data-channel=push]")).toBeChecked();
  await desk.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  // Its subscription, made with keys kept here, for the push service on this machine.
  const keys = new Keys();
  await api(desk, "subscribe_push", { input: keys.subscription(service.url("desk")) });
  await desk.reload();
  await ready(desk);
  await expect(card.locator(".device")).toHaveCount(1);
  await expect(card.locator(".device-name")).toHaveText("Chromium · Linux");
  await expect(card.locator(".device")).toContainText("not reached yet");

  // The test push: sent, encrypted for this device, shown by the service worker.
  await card.getByRole("button", { name: "Send a test push" }).click();
  await expect(card.locator(".push-note")).toHaveText("A test push is on its way to 1 device(s).");
  await expect.poll(() => service.received.length, { timeout: 20_000 }).toBe(1);
  const first = service.received[0];
  expect(first.headers["content-encoding"]).toBe("aes128gcm");
  expect(String(first.headers["authorization"])).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
  const test = keys.open(first.body);
  expect(JSON.parse(test).title).toBe("Marquee: test push");
  await showThroughWorker(context, desk, test, "Marquee: test push");
  await desk.reload();
  await ready(desk);
  await expect(card.locator(".device")).toContainText("last reached");

  // Mentioned from the admin's desk: pushed within seconds, leading to the task.
  await api(page, "add_comment", { thread: { project_id: project, task_id: task }, body: "@pushy the poster needs your eyes" });
  await expect.poll(() => service.received.length, { timeout: 30_000 }).toBe(2);
  const mention = keys.open(service.received[1].body);
  expect(service.received[1].headers["urgency"]).toBe("high");
  const note = await showThroughWorker(context, desk, mention, "Mentioned you · Push: autumn launch");
  expect(note).toMatchObject({ body: expect.stringContaining("Admin Wang mentioned you"), url: `/projects/${project}/board?task=${task}` });

  // Removed: no device left, and nothing more is pushed to it.
  await card.getByRole("button", { name: "Stop pushes to this device" }).click();
  await expect(card.locator(".device")).toHaveCount(0);
  await expect(card).toContainText("No device gets pushes yet.");
  await context.close();

  // On a phone, in Chinese: the push column, and asking for pushes in a browser whose push
  // service cannot be reached says so in words, without breaking the page.
  const phoneContext = await browser.newContext({
    baseURL, locale: "zh-CN", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, serviceWorkers: "allow",
  });
  await phoneContext.grantPermissions(["notifications"], { origin: baseURL });
  const phone = await phoneContext.newPage();
  await signIn(phone, { username: "pushy", password: PASSWORD });
  await phone.goto("/account");
  await ready(phone);
  await expect(phone.locator(".notify-prefs thead")).toContainText("推送");
  const devices = phone.locator(".push-devices");
  await expect(devices.locator("h4")).toHaveText("接收推送的设备");
  await devices.getByRole("button", { name: "在此设备上接收推送" }).click();
  await expect(devices.locator(".push-note")).toContainText("无法为此设备开启推送", { timeout: 30_000 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phoneContext.close();
  service.server.close();
});
