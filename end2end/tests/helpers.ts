import { Browser, BrowserContext, BrowserContextOptions, expect, Page } from "@playwright/test";

export const ADMIN = { username: "admin", name: "Admin Wang", password: "a very secret passphrase" };

export async function ready(page: Page) {
  await page.waitForSelector("body[data-hydrated]");
}

export async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto("/login");
  await ready(page);
  await page.fill("#login-username", who.username);
  await page.fill("#login-password", who.password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname === "/");
  await ready(page);
}

/// Calls a server function as the signed-in page would.
export async function api(page: Page, name: string, body: unknown) {
  const response = await page.request.post(`/api/${name}`, {
    headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
    data: body,
  });
  expect(response.ok(), `${name}: ${await response.text()}`).toBe(true);
  return response.json();
}

export function taskInput(title: string, extra: Record<string, unknown> = {}) {
  return {
    parent_id: null, title, description: "", deliverable: "", owner_id: null, start_date: null, due_date: null,
    status: "todo", priority: "medium", progress: 0, milestone: false, ...extra,
  };
}

/// A new project owned by the signed-in person, running from `start` to `end` (YYYY-MM-DD).
export async function newProject(page: Page, name: string, start: string, end: string, kind = "product_launch") {
  const me = (await api(page, "session_info", {})).user.id;
  return api(page, "create_project", {
    input: { name, kind, background: "", objectives: "", expected_benefit: "", risks: [], owner_id: me, start_date: start, end_date: end },
  });
}

/// A phone's browser: 390×844, touch, in Chinese, no service worker, unless `options` say
/// otherwise.
export function phoneContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    serviceWorkers: "block",
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    ...options,
  });
}

/// Someone else signed in, in a browser of their own: at a desk in English (1280×800), or on a
/// phone in Chinese (390×844, touch).
export async function personIn(browser: Browser, baseURL: string, username: string, password: string, phone: boolean): Promise<Page> {
  const context = phone
    ? await phoneContext(browser, baseURL)
    : await browser.newContext({ baseURL, serviceWorkers: "block", locale: "en-US", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, { username, password });
  return page;
}

/// The date `offset` days from today where the organisation is: Asia/Shanghai unless an admin
/// chose another time zone (UTC+8 all year), whatever the time zone of the machine.
export function orgDay(offset = 0) {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/// What the test SMTP server received for `address` (`make test` starts it and names its maildir
/// in MARQUEE_TEST_MAILDIR): each message's subject, plain text and HTML, decoded, oldest first.
export function mailsTo(address: string): { subject: string; text: string; html: string }[] {
  const dir = process.env.MARQUEE_TEST_MAILDIR;
  if (!dir) throw new Error("MARQUEE_TEST_MAILDIR names the maildir of the test SMTP server");
  const script = `
import email, email.policy, json, os, sys
dir, to = sys.argv[1], sys.argv[2].lower()
found = []
for sub in ("new", "cur"):
    path = os.path.join(dir, sub)
    for name in os.listdir(path) if os.path.isdir(path) else []:
        with open(os.path.join(path, name), "rb") as f:
            m = email.message_from_binary_file(f, policy=email.policy.default)
        if to not in str(m.get("To", "")).lower():
            continue
        text = m.get_body(("plain",))
        html = m.get_body(("html",))
        found.append((os.path.getmtime(os.path.join(path, name)), {
            "subject": str(m.get("Subject", "")),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }))
found.sort(key=lambda x: x[0])
print(json.dumps([f for _, f in found]))
`;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { execFileSync } = require("child_process");
  return JSON.parse(execFileSync("python3", ["-c", script, dir, address]).toString());
}
