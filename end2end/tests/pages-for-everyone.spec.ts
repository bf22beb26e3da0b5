import { test, expect, Browser, Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ADMIN, api, newProject, orgDay, ready, signIn, taskInput } from "./helpers";

// Every page through axe-core (WCAG 2.1 A and AA rules), at a desk (1280×800) and on a phone
// (390×844), in English and Chinese, in the light and the dark theme, and the task drawer open
// over the board: no serious or critical violation. On the phone no page scrolls sideways, and
// none does on a 360 px phone either.
test.describe.configure({ mode: "serial" });

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let pages: string[] = [];

async function settled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.querySelectorAll(".loading").length), { timeout: 20_000 })
    .toBe(0);
  await expect(page.locator("h1, h2").first()).toBeVisible();
}

/// Goes to `path` the way a click on a link does (no reload: the app is compiled once a pass).
async function visit(page: Page, path: string) {
  await page.evaluate((to) => {
    const a = document.createElement("a");
    a.href = to;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }, path);
  await page.waitForURL((url) => url.pathname === path);
  await settled(page);
}

type Pass = { name: string; width: number; height: number; locale: string; theme: "light" | "dark"; axe: boolean };

const passes: Pass[] = [
  { name: "desk, English, light", width: 1280, height: 800, locale: "en", theme: "light", axe: true },
  { name: "desk, Chinese, dark", width: 1280, height: 800, locale: "zh-CN", theme: "dark", axe: true },
  { name: "phone, English, dark", width: 390, height: 844, locale: "en", theme: "dark", axe: true },
  { name: "phone, Chinese, light", width: 390, height: 844, locale: "zh-CN", theme: "light", axe: true },
  { name: "360 px phone, Chinese, dark", width: 360, height: 740, locale: "zh-CN", theme: "dark", axe: false },
];

async function browse(browser: Browser, baseURL: string, pass: Pass) {
  const phone = pass.width < 600;
  const context = await browser.newContext({
    baseURL,
    locale: pass.locale,
    viewport: { width: pass.width, height: pass.height },
    hasTouch: phone,
    isMobile: phone,
    serviceWorkers: "block",
  });
  const host = new URL(baseURL).hostname;
  await context.addCookies([
    { name: "marquee_theme", value: pass.theme, domain: host, path: "/" },
    { name: "marquee_lang", value: pass.locale, domain: host, path: "/" },
  ]);
  const page = await context.newPage();
  await page.goto("/login");
  await ready(page);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(pass.theme);
  const findings: string[] = [];
  const check = async (path: string) => {
    if (pass.axe) {
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        (window as any).axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          const where = v.nodes.slice(0, 3).map((n: any) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join("")}`);
          findings.push(`${path} — ${v.id} (${v.impact}): ${v.help}\n    ${where.join("\n    ")}`);
        }
      }
    }
    if (phone) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) findings.push(`${path} — scrolls sideways by ${overflow} px`);
    }
  };
  await settled(page);
  await check("/login");
  await page.fill("#login-username", ADMIN.username);
  await page.fill("#login-password", ADMIN.password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname === "/");
  await ready(page);
  await settled(page);
  for (const path of pages) {
    if (path !== "/") await visit(page, path);
    await check(path);
    // The task drawer, open over the board, is read too.
    if (path.endsWith("/board")) {
      await page.locator("[data-task-id]").first().click();
      const drawer = page.locator("aside.drawer[role=dialog]");
      await expect(drawer).toBeVisible();
      await expect(drawer.locator(".comments h3")).toBeVisible();
      await settled(page);
      await check(`${path} with a task open`);
      await page.keyboard.press("Escape");
      await expect(drawer).toHaveCount(0);
    }
  }
  await context.close();
  expect(findings, `${pass.name}:\n${findings.join("\n")}`).toEqual([]);
}

test("every page, read by axe-core and fitted to phones, in both languages and both themes", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);
  const project = await newProject(page, "Accessibility: 双十二 campaign", orgDay(-5), orgDay(40));
  const me = (await api(page, "session_info", {})).user.id;
  for (const [title, start, due, status] of [
    ["小红书达人种草内容确认", -4, 2, "in_progress"],
    ["Landing page copy", 0, 6, "todo"],
    ["Poster design", -6, -1, "review"],
  ] as const) {
    await api(page, "create_task", {
      project_id: project,
      input: taskInput(title, { owner_id: me, start_date: orgDay(start), due_date: orgDay(due), status, progress: status === "in_progress" ? 40 : 0 }),
    });
  }
  await api(page, "save_budget_line", {
    input: { project_id: project, id: null, version: 0, name: "Livestream hosts", channel: "douyin", category: "kol", phase: "launch", planned: "10万" },
  });
  // A campaign over and reviewed, published as a case: its retrospective with the publishing
  // form, the library and the case.
  const done = await newProject(page, "Accessibility: 七夕 campaign", orgDay(-60), orgDay(-20), "holiday_promotion");
  await api(page, "create_task", { project_id: done, input: taskInput("Book livestream hosts", { owner_id: me }) });
  for (const to of ["pending_approval", "approved", "in_progress", "completed"]) {
    await api(page, "change_project_status", { request: { project_id: done, to, comment: "", flow_id: null } });
  }
  const retro = (await api(page, "get_retro", { project_id: done })).retro;
  await api(page, "approve_retro", { project_id: done, version: retro.version });
  const published = await api(page, "publish_case", { input: { project_id: done, title: "七夕：直播礼盒", industry: "beauty", lessons: "提前六周**锁定**主播。", files: [] } });
  pages = [
    "/",
    "/my-tasks",
    "/check-in",
    "/approvals",
    "/notifications",
    "/templates",
    "/projects/new",
    ...["", "/board", "/list", "/gantt", "/finance", "/data", "/conversions", "/activity", "/files", "/reports", "/check-in", "/edit"].map(
      (tab) => `/projects/${project}${tab}`,
    ),
    `/projects/${done}/retro`,
    "/cases",
    `/cases/${published.summary.id}`,
    "/points",
    "/performance",
    "/pmo",
    "/admin/users",
    "/admin/audit",
    "/admin/settings",
    "/account",
  ];
  for (const pass of passes) {
    await test.step(pass.name, () => browse(browser, baseURL!, pass));
  }
});

test("the theme is chosen on the account page, kept on the device, and the page follows the system otherwise", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, colorScheme: "dark", serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // Nothing chosen: the system's dark.
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
  expect(await background()).toBe("rgb(20, 20, 20)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await background()).toBe("rgb(245, 245, 245)");

  await page.goto("/account");
  await ready(page);
  await expect(page.locator(".theme-switch [data-theme-choice=system]")).toHaveAttribute("aria-pressed", "true");
  await page.click(".theme-switch [data-theme-choice=dark]");
  await expect(page.locator(".theme-switch [data-theme-choice=dark]")).toHaveAttribute("aria-pressed", "true");
  expect(await background()).toBe("rgb(20, 20, 20)");
  // Kept across a reload, rendered dark by the server from the first byte.
  const html = await (await page.request.get("/account")).text();
  expect(html).toContain('data-theme="dark"');
  await page.reload();
  await ready(page);
  expect(await background()).toBe("rgb(20, 20, 20)");
  await page.click(".theme-switch [data-theme-choice=light]");
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await background()).toBe("rgb(245, 245, 245)");
  await page.click(".theme-switch [data-theme-choice=system]");
  expect(await background()).toBe("rgb(20, 20, 20)");
  await context.close();
});
