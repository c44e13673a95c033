/** linkkit-doctor monitor: stdin, --follow (appended, truncated, rotated), signals, --save, filters, usage errors. */
import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { assertBuilt, flowPath, reap, seedPath, sleep, startMonitor, type Running } from "./fixtures/monitor/harness.js";

const S8 = readFileSync(seedPath("s8-connack-timeout.log"), "utf8");
const OK_FULL = readFileSync(flowPath("ok-full-16-esp.log"), "utf8");
const tmp = () => mkdtempSync(join(tmpdir(), "lkd-mon-"));

async function run(args: string[], stdin?: NodeJS.ReadableStream | string | Buffer) {
  let out = "";
  let err = "";
  const s = stdin === undefined ? undefined : typeof stdin === "string" || Buffer.isBuffer(stdin) ? Readable.from([Buffer.from(stdin)]) : stdin;
  const code = await main(["monitor", ...args], { out: (x) => void (out += x), err: (x) => void (err += x), ...(s ? { stdin: s } : {}) });
  return { code, out, err };
}

const jsonLines = (out: string) =>
  out
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });

describe("monitor - (stdin)", () => {
  it("shows the lines, the finding set apart, then the report analyze prints; exit 1", async () => {
    const r = await run(["-", "--lang", "en", "--no-color"], S8);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    expect(r.out).toContain("[113287]<E> wait connack timeout\n");
    expect(r.out).toMatch(/── linkkit-doctor ── cloud\.connack-timeout ─+\n✖ cloud — No CONNACK/);
    let analyzeOut = "";
    const analyze = await main(["analyze", "-", "--lang", "en", "--no-color"], { out: (x) => void (analyzeOut += x), err: () => {}, stdin: Readable.from([Buffer.from(S8)]) });
    expect(analyze).toBe(1);
    expect(r.out.endsWith(analyzeOut)).toBe(true);
  });

  it("--until fail exits 1 at the failure without waiting for the end of input", async () => {
    const input = new PassThrough();
    const p = run(["-", "--until", "fail", "--json"], input);
    for (const l of S8.split(/(?<=\n)/)) {
      input.write(l);
      await sleep(30);
    }
    // the input never ends
    const r = await p;
    expect(r.code).toBe(1);
    const evs = jsonLines(r.out);
    expect(evs.map((e) => e.type)).toEqual(["start", "stage", "stage", "stage", "finding", "done", "end"]);
    expect(evs[4]).toMatchObject({ type: "finding", id: "cloud.connack-timeout", severity: "error" });
    expect(evs[6]).toMatchObject({ type: "end", reason: "fail", report: { verdict: { status: "fail", primaryCause: "cloud.connack-timeout" } } });
  });

  it("--until ok exits 0 when the flow completes; --until ok keeps going through a failure until the input ends", async () => {
    const ok = await run(["-", "--until", "ok", "--json"], OK_FULL);
    expect(ok.code).toBe(0);
    expect(jsonLines(ok.out).at(-1)).toMatchObject({ type: "end", report: { verdict: { status: "ok" }, stages: { bind: { status: "ok" } } } });
    const failed = await run(["-", "--until", "ok", "--json"], S8);
    expect(failed.code).toBe(1);
    expect(jsonLines(failed.out).at(-1)).toMatchObject({ type: "end", reason: "eof" });
  });

  it("--until ok without binding: done after --settle seconds of quiet", async () => {
    const input = new PassThrough();
    const t0 = Date.now();
    const p = run(["-", "--until", "ok", "--settle", "0.5", "--json"], input);
    input.write(readFileSync(flowPath("ok-mqtt-only.log")));
    const r = await p;
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    const evs = jsonLines(r.out);
    expect(evs.at(-2)).toEqual({ type: "done", reason: "settled" });
    expect(evs.at(-1)).toMatchObject({ type: "end", reason: "settled", report: { verdict: { status: "ok" } } });
  });

  it("--save writes the raw bytes exactly as received", async () => {
    const dir = tmp();
    const bytes = Buffer.concat([Buffer.from("\x1b[0;31mE (1) x: colour\x1b[0m\r\n"), Buffer.from([0xc1, 0xac, 0xbd, 0xd3, 0x0a, 0x00, 0xff, 0xfe, 0x0d]), Buffer.from(S8)]);
    const r = await run(["-", "--save", join(dir, "raw.log"), "--lang", "en"], bytes);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, "raw.log")).equals(bytes)).toBe(true);
    expect(r.out).toContain("连接\n");
    expect(r.out).not.toMatch(/\x1b|\x00/);
  });

  it("--grep and --level filter the pass-through only; the analysis sees everything", async () => {
    const r = await run(["-", "--grep", "CONNACK", "--lang", "en", "--json"], S8);
    expect(jsonLines(r.out).at(-1)).toMatchObject({ report: { input: { lines: 7 }, verdict: { primaryCause: "cloud.connack-timeout" } } });
    const g = await run(["-", "--grep", "CONNACK", "--lang", "en"], S8);
    const shown = g.out.split("── linkkit-doctor ──")[0]!.split("\n").slice(1).filter(Boolean);
    expect(shown).toEqual(["[113287]<E> wait connack timeout"]); // case-insensitive
    const lv = await run(["-", "--level", "warn", "--lang", "en", "-t"], OK_FULL);
    const passThrough = lv.out.split("── linkkit-doctor ── report")[0]!.split("\n").slice(1).filter(Boolean);
    expect(passThrough.length).toBeGreaterThan(5);
    expect(passThrough.every((l) => /^\d\d:\d\d:\d\d\.\d{3} (?:[EW] \(|\[(?:wrn|err)\])/.test(l))).toBe(true);
    expect(lv.code).toBe(0);
  });

  it("noise (wrong baud rate) does not stop the monitor", async () => {
    const noise = Buffer.alloc(400);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 37 + 11) % 256;
    const r = await run(["-", "--lang", "en"], Buffer.concat([noise, Buffer.from("\n"), noise, Buffer.from("\n" + S8)]));
    expect(r.code).toBe(1);
    expect(r.out).toContain("cloud.connack-timeout");
  });

  it("usage and input errors: exit 2 with one line on stderr", async () => {
    const cases: [string[], RegExp][] = [
      [[], /give a serial port/],
      [["/dev/ttyUSB0", "--follow", "x.log"], /not several/],
      [["-", "--grep", "("], /--grep/],
      [["/dev/ttyUSB0", "--baud", "fast"], /--baud/],
      [["-", "--settle", "-1"], /--settle/],
      [["-", "--save", "/nonexistent-dir/x/raw.log"], /cannot write/],
      [["/nonexistent/ttyUSB7"], /cannot open \/nonexistent\/ttyUSB7/],
    ];
    for (const [args, re] of cases) {
      const r = await run(args, "");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
      expect(r.out).toBe("");
    }
    const bad = await run(["-", "--until", "maybe"], "");
    expect(bad.code).toBe(2);
  });

  it("--list lists ports or says why it cannot, exit 0", async () => {
    const r = await run(["--list", "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/Error:|at /);
    const j = await run(["--list", "--json"]);
    expect(Array.isArray(JSON.parse(j.out).ports)).toBe(true);
  });
});

describe("monitor --follow (the built CLI)", () => {
  beforeAll(assertBuilt);
  let m: Running | undefined;
  afterEach(() => reap(m));

  it("reads a file that grows, is truncated and is rotated, and stops at the failure (--until fail)", async () => {
    const dir = tmp();
    const f = join(dir, "device.log");
    writeFileSync(f, "I (100) app: before-1\nI (101) app: before-2\n");
    m = startMonitor(["--follow", f, "--until", "fail", "--lang", "en", "--poll", "50"]);
    await m.waitFor((o) => o.includes("before-2"), "the first lines");
    appendFileSync(f, "I (102) app: appended-3\n");
    await m.waitFor((o) => o.includes("appended-3"), "an appended line");
    writeFileSync(f, "I (103) app: new\n"); // truncated and rewritten
    await m.waitFor((o) => o.includes("was truncated") && o.includes("I (103) app: new"), "the truncation");
    renameSync(f, f + ".1");
    appendFileSync(f + ".1", "I (104) app: late-in-old\n");
    writeFileSync(f, S8.split(/(?<=\n)/).slice(0, 2).join(""));
    await m.waitFor((o) => o.includes("was replaced (rotated)") && o.includes("kv get failed"), "the rotation");
    expect(m.out.indexOf("late-in-old")).toBeLessThan(m.out.indexOf("kv get failed"));
    appendFileSync(f, S8.split(/(?<=\n)/).slice(2).join(""));
    expect(await m.exited).toBe(1);
    expect(m.out).toMatch(/── linkkit-doctor ── cloud\.connack-timeout ─+\n✖ cloud — No CONNACK/);
    expect(m.out).toMatch(/failure diagnosed: stopping \(--until fail\)/);
    const report = m.out.split("── linkkit-doctor ── report")[1]!;
    expect(report).toMatch(/FAILED cloud/);
    expect(report).toMatch(/12 lines/); // 4 before the truncation + 1 late + 7
  });

  it("waits for a file that does not exist yet; Ctrl-C prints the report with analyze's exit code", async () => {
    const dir = tmp();
    const f = join(dir, "later.log");
    m = startMonitor(["--follow", f, "--lang", "en", "--poll", "50", "--json"]);
    await m.waitFor((o) => o.includes('"event":"waiting"'), "the waiting notice");
    writeFileSync(f, S8);
    await m.waitFor((o) => o.includes('"type":"finding"'), "the finding");
    m.child.kill("SIGINT");
    expect(await m.exited).toBe(1);
    const evs = jsonLines(m.out);
    expect(evs.at(-1)).toMatchObject({ type: "end", reason: "interrupted", report: { input: { name: f, lines: 7 }, verdict: { status: "fail" } } });
    expect(m.err).toBe("");
  });

  it("Ctrl-C on a healthy flow exits 0", async () => {
    const dir = tmp();
    const f = join(dir, "ok.log");
    writeFileSync(f, OK_FULL);
    m = startMonitor(["--follow", f, "--lang", "en", "--poll", "50"]);
    await m.waitFor((o) => o.includes("IOTX_AWSS_BIND_NOTIFY"), "the lines");
    m.child.kill("SIGINT");
    expect(await m.exited).toBe(0);
    expect(m.out).toMatch(/── linkkit-doctor ── report ─+\nlinkkit-doctor [\d.]+ · .*ok\.log/);
  });
});

describe("monitor: exit codes as analyze", () => {
  it("input that is not a device log is an input error (exit 2, one line on stderr)", async () => {
    const { spawnSync } = await import("node:child_process");
    const { join } = await import("node:path");
    const r = spawnSync(process.execPath, [join(__dirname, "..", "bin", "linkkit-doctor.js"), "monitor", "-", "--no-color", "--lang", "en"], { input: "hello\nworld\n", encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^linkkit-doctor: /);
  });
});
