import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { Analyzer } from "../src/index.js";

const root = join(__dirname, "..");
const seed = (n: string) => join(root, "..", "shared", "seed", "examples", n);

async function run(args: string[], stdin?: string | Buffer) {
  let out = "";
  let err = "";
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}) };
  const code = await main(args, io);
  return { code, out, err };
}

describe("linkkit-doctor analyze (CLI)", () => {
  it("prints the verdict first and exits 1 for a diagnosed failure", async () => {
    const r = await run(["analyze", seed("s8-connack-timeout.log"), "--lang", "en", "--no-color"]);
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines[2]).toMatch(/FAILED cloud — No CONNACK/);
    expect(r.out).toMatch(/3 │ \[113287\]<E> wait connack timeout/);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it("prints Chinese with --lang zh", async () => {
    const r = await run(["analyze", seed("s7-bad-userdata.log"), "--lang", "zh"]);
    expect(r.out).toMatch(/云端拒绝了设备登录/);
    expect(r.out).toMatch(/四元组/);
  });

  it("--json prints one report object that names the cause", async () => {
    const r = await run(["analyze", seed("s9-tcp-connect-failed.log"), "--json"]);
    const j = JSON.parse(r.out);
    expect(j.verdict).toMatchObject({ status: "fail", failedStage: "cloud", primaryCause: "cloud.tcp-connect-failed" });
    expect(j.stages.wifi.status).toBe("unknown");
    expect(j.findings[0].evidence[0]).toEqual({ line: 1, text: "[005458]<E> failed ! net_connect returned -0x0044" });
  });

  it("several inputs give reports and a summary", async () => {
    const r = await run(["analyze", seed("s7-bad-userdata.log"), seed("s8-connack-timeout.log"), "--json"]);
    const j = JSON.parse(r.out);
    expect(j.reports).toHaveLength(2);
    expect(j.summary).toMatchObject({ count: 2, fail: 2, causes: { "cloud.auth-rejected": 1, "cloud.connack-timeout": 1 } });
  });

  it("reads stdin with - and exits 0 for a healthy flow", async () => {
    const log = readFileSync(join(root, "test", "fixtures", "flows", "ok-full-16-esp.log"));
    const r = await run(["analyze", "-", "--json"], log);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).verdict.status).toBe("ok");
  });

  it("reads .gz files and directories (recursively)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "a.log.gz"), gzipSync(readFileSync(seed("s7-bad-userdata.log"))));
    writeFileSync(join(dir, "b.log"), readFileSync(seed("s9-tcp-connect-failed.log")));
    writeFileSync(join(dir, "label.json"), "{}");
    const r = await run(["analyze", dir, "--json"]);
    const j = JSON.parse(r.out);
    expect(j.reports.map((x: { verdict: { primaryCause: string } }) => x.verdict.primaryCause).sort()).toEqual(["cloud.auth-rejected", "cloud.tcp-connect-failed"]);
  });

  it("analyses what a truncated .gz holds and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-"));
    const gz = gzipSync(readFileSync(join(root, "samples", "device.log")));
    writeFileSync(join(dir, "cut.log.gz"), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await run(["analyze", join(dir, "cut.log.gz"), "--json"]);
    const j = JSON.parse(r.out);
    expect(j.notes[0]).toMatch(/gzip/);
    expect(j.input.lines).toBeGreaterThan(10);
  });

  it("markdown output for tickets", async () => {
    const r = await run(["analyze", seed("s8-connack-timeout.log"), "--format", "markdown", "--lang", "en"]);
    expect(r.out).toMatch(/^## linkkit-doctor/);
    expect(r.out).toMatch(/\| cloud \| failed \|/);
    expect(r.out).toMatch(/```text\n[\s\S]*\n\s+3 \| \[113287\]<E> wait connack timeout/);
  });

  it("a missing file: one line on stderr, exit 2, other inputs still reported", async () => {
    const r = await run(["analyze", "/nonexistent/x.log", seed("s7-bad-userdata.log"), "--json"]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toEqual(["linkkit-doctor: no such file or directory: /nonexistent/x.log"]);
    expect(JSON.parse(r.out).reports).toHaveLength(1);
  });

  it("a directory without logs and an unknown option are usage errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-empty-"));
    expect((await run(["analyze", dir])).code).toBe(2);
    expect((await run(["analyze", "--frobnicate"])).code).toBe(2);
  });

  it("says when the input is not a device log", async () => {
    const r = await run(["analyze", "-", "--lang", "en"], "hello world\nthis is not a log\n");
    // an input error (exit 2, one line on stderr), and the report still says what was found
    expect(r.code).toBe(2);
    expect(r.err).toBe('linkkit-doctor: stdin: None of the 2 lines is a known Link Kit / Smart Life SDK message: is this a device log? Found: text, first line "hello world".\n');
    expect(r.out).toMatch(/None of the 2 lines is a known Link Kit/);
  });

  it("masks secrets by default and shows them with --show-secrets", async () => {
    const log = "     DeviceSecret : Xk3vTq9LmP0aBcDeFgHiJkLmNoPqRsTu\n  ClientID : a1Test00001.dev01|securemode=2,tokenType=255,token=0123456789ABCDEF0123456789ABCDEF,_fy=1.6.0|\n[err](4500) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35\n";
    const masked = await run(["analyze", "-", "--json"], log);
    expect(masked.out).not.toContain("0123456789ABCDEF0123456789ABCDEF");
    const shown = await run(["analyze", "-", "--json", "--show-secrets"], log);
    expect(shown.out).toContain("0123456789ABCDEF0123456789ABCDEF");
  });
});

describe("the installed binary", () => {
  const bin = join(root, "bin", "linkkit-doctor.js");
  it("exits 2 without a stack trace on a permission error", () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-perm-"));
    const f = join(dir, "secret.log");
    writeFileSync(f, "x\n");
    chmodSync(f, 0o000);
    const r = spawnSync(process.execPath, [bin, "analyze", f], { encoding: "utf8" });
    if (process.getuid?.() === 0) return; // root reads anything
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^linkkit-doctor: permission denied/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
  it("runs on the bundled sample", () => {
    const r = spawnSync(process.execPath, [bin, "analyze", join(root, "samples", "device.log"), "--lang", "en"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/cloud\.rate-limited/);
  });
  it("prints its version", () => {
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it("serves the page from its bundle (dist/bin finds dist/web)", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script src="app\.js"/);
      expect((await fetch(url + "worker.js")).status).toBe(200);
    } finally {
      child.kill();
    }
  });
});

describe("bounded memory", () => {
  it("analyses a 30 MB log with a 32 MB JavaScript heap", () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-big-"));
    const one = readFileSync(join(root, "samples", "device.log"));
    const copies = Math.ceil((30 * 1024 * 1024) / one.length);
    const f = join(dir, "big.log");
    writeFileSync(f, Buffer.concat(Array.from({ length: copies }, () => one)));
    const r = spawnSync(process.execPath, ["--max-old-space-size=32", join(root, "bin", "linkkit-doctor.js"), "analyze", f, "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.input.bytes).toBe(copies * one.length);
    expect(j.boots.count).toBeGreaterThan(1000);
  }, 120_000);
});

describe("reading files in chunks", () => {
  it("a file of several MB (one reused read buffer) gives the report of its bytes analysed at once", async () => {
    const { generate } = await import("../scripts/bench.mjs" as string);
    const f = join(mkdtempSync(join(tmpdir(), "lkd-chunks-")), "gen.log");
    await generate(f, 5 * 1024 * 1024 + 12345);
    const bytes = readFileSync(f);
    const a = new Analyzer({ name: f });
    a.write(bytes);
    const want = a.end();
    const r = await run(["analyze", f, "--json"]);
    const got = JSON.parse(r.out);
    expect(got.input.bytes).toBe(bytes.length);
    expect(got.verdict).toEqual(JSON.parse(JSON.stringify(want.verdict)));
    expect(got.findings).toEqual(JSON.parse(JSON.stringify(want.findings)));
    expect(got.attempts).toEqual(JSON.parse(JSON.stringify(want.attempts)));
  }, 60_000);
});

describe("linkkit-doctor explain (CLI)", () => {
  it("takes a negative number as the query, not as an option", async () => {
    const r = await run(["explain", "-0x0305", "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-0x0305 {2}STATE_MQTT_CONNACK_BAD_USERDATA/);
    expect((await run(["explain", "-35", "--lang", "en"])).out).toMatch(/2 possible readings, most likely first/);
  });
  it("--json, several codes, and unquoted message words", async () => {
    const j = JSON.parse((await run(["explain", "-0x0305", "50438", "--json"])).out);
    expect(j.map((x: { interpretations: { name: string }[] }) => x.interpretations[0]!.name)).toEqual(["STATE_MQTT_CONNACK_BAD_USERDATA", "DEV_ERRCODE_MQTT_AUTH_FAIL"]);
    const m = JSON.parse((await run(["explain", "mqtt", "ack", "bad", "userdata", "--json"])).out);
    expect(m.interpretations[0].code).toBe("-0x0305");
  });
  it("explains pasted log lines from stdin, one by one", async () => {
    const r = await run(["explain", "--json"], "[108189]<E> recvConnackProc error,result = -35\n[005458]<E> failed ! net_connect returned -0x0044\n");
    const j = JSON.parse(r.out);
    expect(j).toHaveLength(2);
    expect(j[0].interpretations[0]).toMatchObject({ family: "iotx", code: "-35" });
  });
  it("not known: exit 1 and nearest matches", async () => {
    const r = await run(["explain", "STATE_MQTT_CONNACK_BAD_USERDAT", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not known\n {2}nearest matches:\n {4}-0x0305 STATE_MQTT_CONNACK_BAD_USERDATA/);
  });
  it("--list and --search", async () => {
    const l = await run(["explain", "--list", "device-err", "--lang", "en"]);
    expect(l.out.trim().split("\n")).toHaveLength(43);
    const s = await run(["explain", "--search", "connack", "--lang", "en"]);
    expect(s.out).toMatch(/STATE_MQTT_CONNACK_BAD_USERDATA/);
    expect((await run(["explain", "--list", "nope"])).code).toBe(2);
  });
});
