import { test, expect, Page } from "@playwright/test";
import { deflateSync } from "node:zlib";
import { ADMIN, api, newProject, orgDay, personIn, ready, signIn, taskInput } from "./helpers";

// Files on a task, between a manager at a desk in English and a contributor on a phone in
// Chinese: an upload with its progress arrives on the other screen; the same name makes a new
// version, an old one is restored; images show as thumbnails and open in the viewer; a Baidu
// share keeps its code; a file over the limit is refused by name of the limit; a check-in
// carries a photo.
test.describe.configure({ mode: "serial" });

const PASSWORD = "files passphrase 1";

/// A PNG of one colour, made here (no image library needed).
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function noSideways(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("files travel between a desk and a phone with their versions, and a check-in carries a photo", async ({ page, browser, baseURL }) => {
  await signIn(page, ADMIN);
  const ids: Record<string, number> = {};
  for (const [username, display_name] of [["yanyan", "Yan Yan"], ["xiaoli", "小丽"]]) {
    ids[username] = (await api(page, "create_user", { input: { username, display_name, email: "", role: "member", password: PASSWORD } })).id;
  }
  const project = await newProject(page, "Files: spring launch", orgDay(-3), orgDay(30));
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.yanyan, role: "manager" } });
  await api(page, "set_project_member", { input: { project_id: project, user_id: ids.xiaoli, role: "contributor" } });
  await api(page, "set_calendar", { project_id: project, calendar: { weekend: [], holidays: [], working_weekends: [] } });
  const task = await api(page, "create_task", { project_id: project, input: taskInput("Key visual", { owner_id: ids.xiaoli }) });

  const desk = await personIn(browser, baseURL!, "yanyan", PASSWORD, false);
  const phone = await personIn(browser, baseURL!, "xiaoli", PASSWORD, true);
  for (const p of [desk, phone]) {
    await p.goto(`/projects/${project}/board?task=${task.id}`);
    await ready(p);
  }
  const deskFiles = desk.locator(`.files[data-place="task:${task.id}"]`);
  const phoneFiles = phone.locator(`.files[data-place="task:${task.id}"]`);
  await expect(deskFiles.locator("h3")).toContainText("Files");
  await expect(phoneFiles.locator("h3")).toContainText("文件");
  await expect(deskFiles).toContainText("Up to 100 MB a file.");

  // The manager uploads the key visual; the phone sees it arrive with its thumbnail.
  await deskFiles.locator("[data-test=attach-files]").setInputFiles({ name: "kv.png", mimeType: "image/png", buffer: png(800, 450, [220, 40, 60]) });
  const deskItem = deskFiles.locator("[data-test=file-item]", { hasText: "kv.png" });
  await expect(deskItem.locator(".version-tag")).toHaveText("v1");
  const phoneItem = phoneFiles.locator("[data-test=file-item]", { hasText: "kv.png" });
  await expect(phoneItem.locator(".version-tag")).toHaveText("第1版");
  await expect(phoneItem).toContainText("Yan Yan");
  await expect.poll(() => phoneItem.locator(".file-thumb img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);

  // The contributor sends a new draft under the same name: version 2, on both screens.
  await phoneFiles.locator("[data-test=attach-files]").setInputFiles({ name: "kv.png", mimeType: "image/png", buffer: png(800, 450, [30, 120, 220]) });
  await expect(phoneItem.locator(".version-tag")).toHaveText("第2版");
  await expect(deskItem.locator(".version-tag")).toHaveText("v2");
  await expect(deskItem).toContainText("小丽");

  // The manager prefers the first: restoring it makes version 3 with a note of where it came from.
  await deskItem.locator("[data-test=versions]").click();
  await expect(deskItem.locator("[data-test=version]")).toHaveCount(2);
  await deskItem.locator("[data-test=version]", { hasText: "v1" }).locator("[data-test=restore]").click();
  await expect(deskItem.locator(".version-tag").first()).toHaveText("v3");
  await expect(phoneItem.locator(".version-tag").first()).toHaveText("第3版");
  await phoneItem.locator("[data-test=versions]").tap();
  await expect(phoneItem.locator("[data-test=version]").first()).toContainText("从第1版恢复");
  // What v3 serves is v1's content, byte for byte.
  const href = await deskItem.locator("[data-test=download]").getAttribute("href");
  const got = await desk.request.get(href!);
  expect(got.headers()["content-disposition"]).toContain("attachment");
  expect(got.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.compare(await got.body(), png(800, 450, [220, 40, 60]))).toBe(0);

  // The image opens in the viewer, and closes.
  await deskItem.locator(".file-name").click();
  const viewer = desk.locator(".file-viewer");
  await expect(viewer.locator("img")).toBeVisible();
  await expect.poll(() => viewer.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
  await viewer.locator("[data-test=close-viewer]").click();
  await expect(viewer).toHaveCount(0);

  // A Baidu share pasted on the phone keeps its code; the desk names the provider in English.
  await phoneFiles.getByRole("button", { name: "添加链接" }).tap();
  await phoneFiles.locator("[data-test=link-text]").fill("链接: https://pan.baidu.com/s/1AbCdEf 提取码: x7k2 复制这段内容后打开百度网盘手机App，操作更方便哦");
  await phoneFiles.locator("[data-test=link-title]").fill("素材包");
  await phoneFiles.getByRole("button", { name: "保存链接" }).tap();
  const phoneLink = phoneFiles.locator("[data-test=link-item]", { hasText: "素材包" });
  await expect(phoneLink).toContainText("百度网盘");
  await expect(phoneLink).toContainText("提取码：x7k2");
  const deskLink = deskFiles.locator("[data-test=link-item]", { hasText: "素材包" });
  await expect(deskLink).toContainText("Baidu Netdisk");
  await expect(deskLink.locator("a.file-name")).toHaveAttribute("href", "https://pan.baidu.com/s/1AbCdEf");
  await noSideways(phone);

  // A file over the organisation's limit is refused, naming the limit, and nothing is added.
  await api(page, "save_org_settings", { input: { time_zone: "Asia/Shanghai", check_in_at: "17:30", file_max_mb: 1 } });
  await phoneFiles.locator("[data-test=attach-files]").setInputFiles({ name: "raw-footage.mov", mimeType: "video/quicktime", buffer: Buffer.alloc(1_500_000, 1) });
  await expect(phoneFiles.locator(".alert-error")).toContainText("raw-footage.mov：文件最大 1 MB，此文件超出上限。");
  await expect(phoneFiles.locator("[data-test=file-item]")).toHaveCount(1);
  await api(page, "save_org_settings", { input: { time_zone: "Asia/Shanghai", check_in_at: "17:30", file_max_mb: 100 } });

  // The contributor checks in with a photo from the phone; the manager sees it with her day.
  await phone.goto(`/projects/${project}/check-in`);
  await ready(phone);
  const form = phone.locator(".my-check-in");
  await form.locator("#check-in-done").fill("主视觉定稿");
  await form.locator("[data-test=check-in-photo]").setInputFiles({ name: "现场.png", mimeType: "image/png", buffer: png(600, 800, [40, 160, 90]) });
  await expect(form.locator(".chosen-photo")).toHaveText("现场.png");
  await form.locator("button[type=submit]").tap();
  await expect(phone.locator(".alert-success")).toHaveText("打卡成功！");
  await desk.goto(`/projects/${project}/check-in`);
  await ready(desk);
  const her = desk.locator(".team-person", { hasText: "小丽" });
  await expect(her.locator(".check-in-photos [data-test=file-item]")).toContainText("现场.png");
  await expect.poll(() => her.locator(".file-thumb img").evaluate((img: HTMLImageElement) => img.complete && img.naturalHeight)).toBe(480);
  await noSideways(phone);
  await desk.context().close();
  await phone.context().close();
});
