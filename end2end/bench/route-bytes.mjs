// What a phone downloads of the app's code and styles on its first visit to each page, with an
// empty cache, as the server sends it (compressed): the bytes under /pkg/, per page (the browser
// set to save data, so the chunks fetched ahead while idle are not counted; the last line says
// what they add). Run by scripts/bench.sh against the release build.
import { chromium } from "playwright-core";

const [base, user, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});

// The session cookie, once, for every fresh context.
const login = await browser.newContext();
const response = await login.request.post(`${base}/api/login`, {
  headers: { "content-type": "application/json", origin: base },
  data: { username: user, password },
});
if (!response.ok()) throw new Error(`sign-in: ${response.status()} ${await response.text()}`);
const cookies = await login.cookies();
const projects = await (await login.request.post(`${base}/api/list_projects`, {
  headers: { "content-type": "application/json", origin: base },
  data: { include_archived: false },
})).json();
const project = projects[0].id;
await login.close();

const pages = [
  ["/login", false],
  ["/", true],
  ["/my-tasks", true],
  ["/check-in", true],
  [`/projects/${project}`, true],
  [`/projects/${project}/board`, true],
  [`/projects/${project}/list`, true],
  [`/projects/${project}/gantt`, true],
  [`/projects/${project}/finance`, true],
  [`/projects/${project}/data`, true],
  [`/projects/${project}/reports`, true],
  ["/templates", true],
  ["/admin/users", true],
  ["/admin/audit", true],
  ["/admin/settings", true],
  ["/account", true],
];

console.log("first visit, empty cache: the app's code and styles as sent (compressed bytes, files)");
for (const [path, signedIn] of pages) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", serviceWorkers: "block" });
  if (signedIn) await context.addCookies(cookies);
  // What the page needs, without what is fetched ahead for the next pages while idle.
  await context.addInitScript(() => Object.defineProperty(navigator, "connection", { value: { saveData: true } }));
  const page = await context.newPage();
  const sizes = [];
  page.on("requestfinished", async (request) => {
    if (!new URL(request.url()).pathname.startsWith("/pkg/")) return;
    sizes.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize })));
  });
  await page.goto(base + path);
  await page.waitForSelector("body[data-hydrated]", { state: "attached", timeout: 60000 });
  await page.waitForLoadState("networkidle");
  const files = await Promise.all(sizes);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const chunks = files.filter((f) => !/\/marquee\.(js|wasm|css)$/.test(f.url)).length;
  console.log(`${path.padEnd(22)} ${String(total).padStart(9)} bytes  ${files.length} files (${chunks} split off)`);
  await context.close();
}
// And what a first visit to the portfolio fetches ahead once idle, for the pages opened most.
{
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", serviceWorkers: "block" });
  await context.addCookies(cookies);
  const page = await context.newPage();
  let total = 0, count = 0;
  page.on("requestfinished", async (request) => {
    if (!new URL(request.url()).pathname.startsWith("/pkg/")) return;
    total += (await request.sizes()).responseBodySize;
    count++;
  });
  await page.goto(base + "/");
  await page.waitForSelector("body[data-hydrated]", { state: "attached", timeout: 60000 });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(3000);
  console.log(`/ with the pages opened most fetched ahead while idle: ${total} bytes, ${count} files`);
  await context.close();
}
await browser.close();
