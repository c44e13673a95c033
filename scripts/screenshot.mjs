#!/usr/bin/env node
// Captures docs/screenshot.png (the README's picture of the web page) with Debian's Chromium.
import { chromium } from "playwright-core";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../dist/node/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const log = process.argv[2] ?? join(root, "samples", "device.log");
const served = await startServer({ root: join(root, "dist", "web") });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
await page.goto(served.url);
await page.setInputFiles("#file-input", [log]);
await page.waitForSelector(".primary-cause");
await page.click("article.finding li[data-line]");
await page.evaluate(() => document.getElementById("report-panel").scrollTo(0, 0));
await page.waitForTimeout(300);
await page.screenshot({ path: join(root, "docs", "screenshot.png") });
await browser.close();
await served.close();
console.error("docs/screenshot.png written");
