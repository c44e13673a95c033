/**
 * End-to-end tests of the web page in a real browser: Debian's Chromium, driven headless by
 * playwright-core. scripts/ensure-system-deps.sh (run by `npm test`) installs chromium when missing.
 */
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startServer, type Served } from "../src/node/server.js";

const CHROMIUM = "/usr/bin/chromium";
const root = join(__dirname, "..");
const seed = (n: string) => join(root, "..", "shared", "seed", "examples", n);
const webBuilt = existsSync(join(root, "dist", "web", "index.html"));

describe.skipIf(!existsSync(CHROMIUM) || !webBuilt)("web page (headless Chromium)", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let served: Served;

  beforeAll(async () => {
    served = await startServer({ root: join(root, "dist", "web") });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: served.url });
    page = await context.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(served.url)) external.push(r.url());
    });
    (page as unknown as { external: string[] }).external = external;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function load(files: string[]) {
    await page.goto(served.url);
    await page.setInputFiles("#file-input", files);
    await page.waitForFunction((n) => (window as unknown as { __lkd: { results: unknown[] } }).__lkd.results.length >= n, files.length, { timeout: 20_000 });
  }

  const stageStatuses = () => page.$$eval("table.stages tr[data-stage]", (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute("data-stage"), r.getAttribute("data-status")])));

  it("shows the CONNACK-timeout diagnosis of the seed example with clickable evidence", async () => {
    await load([seed("s8-connack-timeout.log")]);
    expect(await page.textContent(".primary-cause")).toBe("cloud.connack-timeout");
    expect(await stageStatuses()).toEqual({ wifi: "ok", cloud: "fail", token: "not_reached", bind: "not_reached" });
    const finding = page.locator('article.finding[data-id="cloud.connack-timeout"]');
    await expect.poll(() => finding.textContent()).toMatch(/2 s in SDKs before 1\.6 and 6 s from 1\.6/);
    expect(await finding.textContent()).toMatch(/more than 5 times within a minute/);
    await finding.locator('li[data-line="3"]').click();
    await expect.poll(() => page.getAttribute('#viewer .row[data-row="3"]', "class")).toMatch(/\bhl\b/);
    expect(await page.textContent('#viewer .row[data-row="3"]')).toContain("wait connack timeout");
    // codes in the log viewer carry their meaning
    expect(await page.getAttribute('#viewer .row[data-row="5"] .code', "title")).toMatch(/STATE_MQTT_CONNECT_UNKNOWN_FAIL|DEV_ERRCODE_MQTT_AUTH_FAIL/);
    await page.screenshot({ path: join(mkdtempSync(join(tmpdir(), "lkd-shot-")), "main.png") });
  });

  it("diagnoses the other seed examples and a healthy flow", async () => {
    await load([seed("s7-bad-userdata.log"), seed("s9-tcp-connect-failed.log"), join(root, "test", "fixtures", "flows", "ok-full-16-esp.log")]);
    const causes = await page.evaluate(() => (window as unknown as { __lkd: { results: { report: { verdict: { primaryCause: string } } }[] } }).__lkd.results.map((r) => r.report.verdict.primaryCause));
    expect(causes).toEqual(["cloud.auth-rejected", "cloud.tcp-connect-failed", "ok"]);
    // the last one is shown: every stage ok
    expect(await stageStatuses()).toEqual({ wifi: "ok", cloud: "ok", token: "ok", bind: "ok" });
    await page.click("#files button:nth-child(1)");
    expect(await page.textContent(".primary-cause")).toBe("cloud.auth-rejected");
  });

  it("switches to Chinese and back", async () => {
    await load([seed("s8-connack-timeout.log")]);
    await page.selectOption("#lang-select", "zh");
    expect(await page.textContent(".verdict-title")).toContain("没有收到 CONNACK");
    expect(await page.textContent("#open-label")).toBe("打开日志文件…");
    await page.selectOption("#lang-select", "en");
    expect(await page.textContent(".verdict-title")).toContain("No CONNACK");
  });

  it("copies the report as Markdown", async () => {
    await load([seed("s7-bad-userdata.log")]);
    await page.click("#copy-md");
    await expect.poll(() => page.textContent("#export-msg")).toMatch(/copied|复制/);
    const md = await page.evaluate(() => navigator.clipboard.readText());
    expect(md).toMatch(/^## linkkit-doctor: s7-bad-userdata\.log/);
    expect(md).toContain("`cloud.auth-rejected`");
  });

  it("analyses in the worker with the WebAssembly line filter (the page's CSP allows it)", async () => {
    // a log of several chunks: the first chunk of a file is always read the slow way
    const dir = mkdtempSync(join(tmpdir(), "lkd-web-wasm-"));
    const f = join(dir, "big.log");
    writeFileSync(f, Buffer.concat(Array.from({ length: 400 }, () => readFileSync(join(root, "samples", "device.log")))));
    await load([f]);
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#dl-json")]);
    const j = JSON.parse(readFileSync((await json.path())!, "utf8"));
    expect(j.input.bytes).toBeGreaterThan(3_000_000);
    expect(j.input.filter).toBe("wasm");
  });

  it("downloads JSON and a self-contained HTML report", async () => {
    await load([seed("s9-tcp-connect-failed.log")]);
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#dl-json")]);
    const j = JSON.parse(readFileSync((await json.path())!, "utf8"));
    expect(j.verdict.primaryCause).toBe("cloud.tcp-connect-failed");
    const [html] = await Promise.all([page.waitForEvent("download"), page.click("#dl-html")]);
    const h = readFileSync((await html.path())!, "utf8");
    expect(h).toMatch(/^<!doctype html>/);
    expect(h).not.toMatch(/<script|src="http|href="http/);
  });

  it("accepts a dropped .gz file and pasted text, and escapes hostile log text", async () => {
    await page.goto(served.url);
    const gz = gzipSync(readFileSync(seed("s7-bad-userdata.log"))).toString("base64");
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "dropped.log.gz", { type: "application/gzip" }));
      document.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, gz);
    await page.waitForFunction(() => (window as unknown as { __lkd: { results: unknown[] } }).__lkd.results.length === 1);
    expect(await page.textContent(".primary-cause")).toBe("cloud.auth-rejected");
    await page.click("#paste-toggle");
    await page.fill("#paste-text", '[108189]<E> recvConnackProc error,result = -35 <script>window.pwned=1</script> "><img src=x onerror="window.pwned=2">');
    await page.click("#paste-go");
    await page.waitForFunction(() => (window as unknown as { __lkd: { results: unknown[] } }).__lkd.results.length === 2);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.$("#report img, #viewer img")).toBeNull();
    expect((page as unknown as { external: string[] }).external).toEqual([]);
  });

  it("masks secrets in the log viewer too", async () => {
    await load([join(root, "samples", "device.log")]);
    const text = await page.evaluate(() => (window as unknown as { __lkd: { results: { lines: string[] }[] } }).__lkd.results[0]!.lines.join("\n"));
    expect(text).toMatch(/DS : \*\*\*/);
    expect(text).not.toMatch(/token=[0-9A-F]{32}/);
  });

  it("is usable with the keyboard: Enter on an evidence line reveals it", async () => {
    await load([seed("s9-tcp-connect-failed.log")]);
    const item = page.locator("article.finding li[data-line]").nth(1);
    const line = await item.getAttribute("data-line");
    await item.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getAttribute(`#viewer .row[data-row="${line}"]`, "class")).toMatch(/\bhl\b/);
  });
});

describe("the page's server", () => {
  it("refuses paths outside the page and sends a strict CSP", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-web-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><p>hi</p>");
    const s = await startServer({ root: dir });
    try {
      const ok = await fetch(s.url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-security-policy")).toMatch(/default-src 'none'; script-src 'self'/);
      for (const p of ["..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "..%5c..%5cetc%5cpasswd", "index.html%00.js"]) {
        const r = await fetch(s.url + p);
        expect(r.status, p).not.toBe(200);
      }
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await s.close();
    }
  });
});
