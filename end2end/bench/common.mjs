// What the browser benchmarks share: a signed-in page in headless Chromium, frame times while
// something scrolls, percentiles.
import { chromium } from "playwright-core";

/// Headless Chromium at 1280×800 in English, signed in to `base`: `{ browser, context, page }`.
/// `unthrottled`: frames are not held to the display's 60 Hz, so the time between two frames is
/// the time it took to make one.
export async function signedIn(base, user, password, { unthrottled = false } = {}) {
  const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"];
  if (unthrottled) args.push("--disable-frame-rate-limit", "--disable-gpu-vsync");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en" });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.waitForSelector("body[data-hydrated]", { state: "attached" });
  await page.fill("#login-username", user);
  await page.fill("#login-password", password);
  await page.click("button[type=submit]");
  await page.waitForURL((u) => u.pathname === "/");
  return { browser, context, page };
}

/// The p-th percentile of `xs`.
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/// Scrolls the element matching `selector` (or the page, for null) down by `px` each frame for
/// `frames` frames and resolves to the time between frames, in milliseconds.
export function scrollFrames(page, selector, px, frames = 300) {
  return page.evaluate(
    ([selector, px, count]) =>
      new Promise((resolve) => {
        const scroll = selector ? (el => () => (el.scrollTop += px))(document.querySelector(selector)) : () => window.scrollBy(0, px);
        const times = [];
        let last = performance.now();
        let n = 0;
        const step = (now) => {
          times.push(now - last);
          last = now;
          scroll();
          if (++n < count) requestAnimationFrame(step);
          else resolve(times.slice(1));
        };
        requestAnimationFrame(step);
      }),
    [selector, px, frames],
  );
}
