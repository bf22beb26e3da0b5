import { defineConfig } from "@playwright/test";

// Drives Debian's Chromium; never a downloaded browser.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    serviceWorkers: "block",
    screenshot: "only-on-failure",
  },
  // The first start (set-up of the administrator every other test signs in as) runs first,
  // also when a single file is run.
  projects: [
    { name: "first start", testMatch: /foundation\.spec\.ts/ },
    { name: "everything else", testIgnore: /foundation\.spec\.ts/, dependencies: ["first start"] },
  ],
});
