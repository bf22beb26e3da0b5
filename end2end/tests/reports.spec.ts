import { test, expect } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { ADMIN, newProject, ready, signIn } from "./helpers";

const sample = (name: string) => path.join(__dirname, "../../app/testdata", name);

let project = 0;

test("channel data: import exports, see the rejected rows, switch the report's rows, export Excel and read it back", async ({ page }) => {
  await signIn(page, ADMIN);
  project = await newProject(page, "Data: Double 11", "2026-10-20", "2026-11-30");
  await page.goto(`/projects/${project}/data`);
  await ready(page);
  await expect(page.locator(".empty-state")).toContainText("No channel data yet");

  // An Ocean Engine export is recognised by its headers and lands whole.
  await page.setInputFiles("[data-test=import-file]", sample("ocean_engine_utf8_bom.csv"));
  const result = page.locator("[data-test=import-result]");
  await expect(result).toContainText("Rows imported: 4");
  await expect(result).toContainText("Ocean Engine");
  const pivot = page.locator("[data-test=pivot]");
  await expect(pivot.locator("tbody tr")).toHaveCount(1);
  await expect(pivot.locator("tbody tr").first()).toContainText("Douyin");
  // The platform's own total, to the fen.
  await expect(pivot.locator("tfoot")).toContainText("¥65,555.85");

  // Tencent Ads with bad rows: the good rows land, each bad one is listed with its reasons.
  await page.setInputFiles("[data-test=import-file]", sample("tencent_ads_bad_rows.tsv"));
  await expect(result).toContainText("Rows imported: 2");
  const refused = page.locator("[data-test=refused-rows] tbody tr");
  await expect(refused).toHaveCount(3);
  await expect(refused.nth(0)).toContainText("Enter a valid date.");
  await expect(refused.nth(1)).toContainText("Cost: Must not be below zero.");
  await expect(refused.nth(1).locator("td").first()).toHaveText("4");
  await expect(pivot.locator("tbody tr")).toHaveCount(2);

  // The same export again updates: the totals stay.
  await page.setInputFiles("[data-test=import-file]", sample("ocean_engine_utf8_bom.csv"));
  await expect(result.locator(".import-stat").nth(1)).toContainText("4");
  await expect(pivot.locator("tfoot")).toContainText("¥70,455.85");

  // Rows by region: the table and the chart follow.
  const chart = page.locator(".report-svg");
  await expect(chart.locator("svg")).toHaveCount(1);
  const byChannel = await chart.innerHTML();
  expect(byChannel).toContain("Douyin");
  await page.selectOption("[data-test=dimension]", "region");
  await expect(pivot.locator("thead th").first()).toHaveText("Region");
  await expect(pivot.locator("tbody")).toContainText("广东");
  await expect(chart.locator("svg")).toContainText("广东");
  expect(await chart.innerHTML()).not.toBe(byChannel);
  // Another measure redraws the chart.
  const bySpend = await chart.innerHTML();
  await page.selectOption("[data-test=measure]", "clicks");
  await expect.poll(() => chart.innerHTML()).not.toBe(bySpend);

  // The report as a workbook, read back: a row per region, the totals last.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-test=export-xlsx]")]);
  expect(download.suggestedFilename()).toMatch(/^channels-region-\d{8}-\d{8}\.xlsx$/);
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
  expect(strings).toContain("Region");
  expect(strings).toContain("广东");
  expect(strings).toContain("Total");
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  expect(sheet).toContain("<v>70455.85</v>");

  // A sheet Marquee does not know: the columns are chosen, then it lands.
  await page.setInputFiles("[data-test=import-file]", {
    name: "offline.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Date,Cost,Leads\n2026-11-03,\"1,000.00\",12\n"),
  });
  const mapping = page.locator("[data-test=mapping]");
  await expect(mapping).toContainText("Which column holds what?");
  await expect(mapping.locator("#map-spend")).toHaveValue("1");
  await mapping.locator("#map-conversions").selectOption("2");
  await mapping.locator("#map-fixed-channel").selectOption("offline");
  await mapping.locator("button").click();
  await expect(result).toContainText("Rows imported: 1");
  await page.selectOption("[data-test=dimension]", "channel");
  await expect(pivot.locator("tbody")).toContainText("Offline");
});

test("channel data on a phone, in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/projects/${project}/data`);
  await ready(page);
  await expect(page.locator(".tabs .tab.active")).toHaveText("渠道数据");
  const pivot = page.locator("[data-test=pivot]");
  await expect(pivot.locator("thead th").first()).toHaveText("渠道");
  await expect(pivot.locator("tfoot th")).toHaveText("合计");
  await expect(pivot.locator("tbody")).toContainText("抖音");
  // The table scrolls sideways inside its box; the page itself does not.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // A GBK export from Kuaishou, chosen on the phone.
  await page.setInputFiles("[data-test=import-file]", sample("kuaishou_gbk.csv"));
  await expect(page.locator("[data-test=import-result]")).toContainText("已导入 3 行");
  await expect(page.locator("[data-test=import-result]")).toContainText("GBK");
  await expect(pivot.locator("tbody")).toContainText("快手");
  await page.selectOption("[data-test=dimension]", "day");
  await expect(pivot.locator("thead th").first()).toHaveText("按日");
  await expect(page.locator(".report-svg svg")).toHaveCount(1);
  await context.close();
});
