import { test, expect, Locator, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { ADMIN, newProject, ready, signIn } from "./helpers";

const sample = (name: string) => path.join(__dirname, "../../app/testdata", name);

let project = 0;

/// Moves the pointer over a chart — or taps it — from right to left and top to bottom (or, with
/// `highestFirst`, row by row from the top, to find the highest value) until a tooltip shows,
/// and returns what it says.
async function pointAtValue(page: Page, chart: Locator, tap = false, highestFirst = false): Promise<string> {
  const canvas = chart.locator(".chart-canvas");
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const tip = chart.locator("[data-test=chart-tip]");
  const points: { x: number; y: number }[] = [];
  for (let fx = 0.97; fx > 0.1; fx -= 0.03) {
    for (let y = 6; y < box.height; y += highestFirst ? 4 : 10) points.push({ x: box.width * fx, y });
  }
  if (highestFirst) points.sort((a, b) => a.y - b.y);
  for (const position of points) {
    if (tap) await canvas.tap({ position });
    else await page.mouse.move(box.x + position.x, box.y + position.y);
    if (await tip.isVisible()) return (await tip.textContent())!;
  }
  throw new Error("no value answered the pointer");
}

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

test("charts: tooltips, a donut and stacked bars with legend toggles, downloads as SVG and PNG", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto(`/projects/${project}/data`);
  await ready(page);
  const chart = page.locator(".report-svg");
  await expect(chart.locator("svg")).toHaveCount(1);

  // Bars of spend by channel: the pointer on one tells its channel and amount.
  expect(await pointAtValue(page, chart)).toMatch(/^[^:]+: ¥[\d,.]+[kM]?$/);
  await page.mouse.move(0, 0);
  await expect(chart.locator("[data-test=chart-tip]")).toHaveCount(0);

  // The same as a donut: a slice per channel, the total in the middle, a legend to leave
  // channels out.
  await page.selectOption("[data-test=chart-kind]", "split");
  const legend = page.locator("[data-test=legend-item]");
  expect(await legend.count()).toBeGreaterThanOrEqual(2);
  await expect(chart.locator("svg")).toContainText("Total");
  await expect(chart.locator("svg")).toContainText("¥71,455.85");
  const slice = await pointAtValue(page, chart);
  expect(slice).toMatch(/: ¥[\d,.]+ \(\d+\.\d%\)$/);
  const first = (await legend.first().textContent())!.trim();
  await legend.first().click();
  await expect(legend.first()).toHaveAttribute("aria-pressed", "false");
  await expect(chart.locator("svg")).not.toContainText("¥71,455.85");
  await legend.first().click();
  await expect(chart.locator("svg")).toContainText("¥71,455.85");
  expect(first.length).toBeGreaterThan(0);
  // A ratio has no parts: the donut is not offered for it.
  await page.selectOption("[data-test=measure]", "ctr");
  await expect(page.locator("[data-test=chart-kind] option[value=split]")).toBeDisabled();
  await expect(legend).toHaveCount(0);
  await page.selectOption("[data-test=measure]", "spend");

  // By day, stacked by channel: each piece tells its channel, day and amount.
  await page.selectOption("[data-test=dimension]", "day");
  await expect(page.locator("[data-test=chart-kind] option[value=split]")).toHaveText("Stacked by channel");
  await page.selectOption("[data-test=chart-kind]", "split");
  await expect(legend.first()).toHaveText("Douyin");
  expect(await pointAtValue(page, chart)).toMatch(/^[^·]+ · 2026-11-\d\d: ¥[\d,.]+[kM]?$/);
  const stacked = await chart.locator("svg").innerHTML();
  await legend.first().click();
  await expect.poll(() => chart.locator("svg").innerHTML()).not.toBe(stacked);

  // Downloads: the SVG as drawn, and a PNG image of it.
  const [svgFile] = await Promise.all([page.waitForEvent("download"), chart.locator("[data-test=export-svg]").click()]);
  expect(svgFile.suggestedFilename()).toBe("marquee-day.svg");
  const svg = fs.readFileSync(await svgFile.path(), "utf8");
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain("</svg>");
  const [pngFile] = await Promise.all([page.waitForEvent("download"), chart.locator("[data-test=export-png]").click()]);
  expect(pngFile.suggestedFilename()).toBe("marquee-day.png");
  const png = fs.readFileSync(await pngFile.path());
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.length).toBeGreaterThan(2000);
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
  // A tap on the chart tells the value there.
  const chart = page.locator(".report-svg");
  expect(await pointAtValue(page, chart, true)).toMatch(/^\d{4}-\d\d-\d\d: ¥/);
  // The highest bar's tooltip hangs below its top, clear of the download buttons above the chart.
  expect(await pointAtValue(page, chart, true, true)).toMatch(/^\d{4}-\d\d-\d\d: ¥/);
  const tip = (await chart.locator("[data-test=chart-tip]").boundingBox())!;
  const downloads = (await chart.locator(".chart-export").boundingBox())!;
  expect(tip.y).toBeGreaterThanOrEqual(downloads.y + downloads.height);
  await context.close();
});
