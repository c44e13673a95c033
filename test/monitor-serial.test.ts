/**
 * linkkit-doctor monitor on a serial port, for real, without hardware: socat makes a pseudo-terminal
 * pair; the test writes a device log into one end at device speed, the monitor reads the other end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, flowPath, reap, seedPath, sleep, startMonitor, type Running } from "./fixtures/monitor/harness.js";

const HAVE_SOCAT = spawnSync("socat", ["-V"], { stdio: "ignore" }).status === 0;
if (!HAVE_SOCAT) console.warn("monitor serial tests skipped: socat is not installed (scripts/ensure-system-deps.sh installs it with root and apt-get)");

interface PtyPair {
  proc: ChildProcess;
  /** the end the test writes (the "device") */
  device: string;
  /** the end the monitor opens */
  port: string;
}

/** `socat -d -d pty,raw,echo=0 pty,raw,echo=0[,link=…]`: the two /dev/pts paths come on its stderr. */
async function ptyPair(link?: string): Promise<PtyPair> {
  const proc = spawn("socat", ["-d", "-d", "pty,raw,echo=0", `pty,raw,echo=0${link ? `,link=${link}` : ""}`], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  proc.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
  const t0 = Date.now();
  for (;;) {
    const ptys = [...err.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
    if (ptys.length === 2 && /starting data transfer loop/.test(err)) return { proc, device: ptys[0]!, port: link ?? ptys[1]! };
    if (proc.exitCode !== null || Date.now() - t0 > 5000) throw new Error(`socat did not start: ${err}`);
    await sleep(20);
  }
}

function stopPair(p: PtyPair | undefined): Promise<void> {
  if (!p || p.proc.exitCode !== null || p.proc.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    p.proc.on("exit", () => res());
    p.proc.kill("SIGTERM");
  });
}

/** Writes lines into the device end, `delayMs` apart; stops early when `stop()` says so. */
async function replay(device: string, lines: string[], delayMs: number, stop: () => boolean = () => false): Promise<number> {
  const fd = openSync(device, constants.O_WRONLY | constants.O_NOCTTY);
  let written = 0;
  try {
    for (const l of lines) {
      if (stop()) break;
      writeSync(fd, l);
      written++;
      await sleep(delayMs);
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const lines = (file: string) => readFileSync(file, "utf8").split(/(?<=\n)/);
const S8 = lines(seedPath("s8-connack-timeout.log"));

describe.skipIf(!HAVE_SOCAT)("monitor on a serial port (socat pseudo-terminal pair)", () => {
  beforeAll(assertBuilt);
  let m: Running | undefined;
  const pairs: PtyPair[] = [];
  afterEach(async () => {
    reap(m);
    m = undefined;
    await Promise.all(pairs.splice(0).map(stopPair));
  });

  it("shows the lines and the CONNACK-timeout finding before the replay ends; --until fail exits 1 right after it", async () => {
    const pair = await ptyPair();
    pairs.push(pair);
    const FINDING = "── linkkit-doctor ── cloud.connack-timeout";
    m = startMonitor([pair.port, "--baud", "115200", "--until", "fail", "--lang", "en", "--no-color"], [FINDING]);
    await m.waitFor((o) => o.includes("Ctrl-C ends"), "the port to open");
    const mon = m;
    const delay = 250;
    const t0 = Date.now();
    const written = await replay(pair.device, S8, delay, () => mon.code !== undefined);
    const replayEnd = t0 + S8.length * delay;
    expect(await m.exited).toBe(1);
    // the finding came while the device was still printing, and the monitor stopped at once
    expect(m.seenAt(FINDING)).toBeDefined();
    expect(m.seenAt(FINDING)!).toBeLessThan(replayEnd - delay);
    expect(written).toBeLessThan(S8.length);
    for (const l of S8.slice(0, 3)) expect(m.out).toContain(l);
    expect(m.out).toMatch(/failure diagnosed: stopping \(--until fail\) ─+\n── linkkit-doctor ── report/);
    expect(m.out).toMatch(/✖ FAILED cloud — No CONNACK/);
    expect(m.err).toBe("");
  });

  it("a successful flow with --until ok exits 0 once bind is done", async () => {
    const pair = await ptyPair();
    pairs.push(pair);
    m = startMonitor([pair.port, "-b", "115200", "--until", "ok", "--lang", "en", "--no-color", "--json"]);
    await m.waitFor((o) => o.includes('"type":"start"'), "the port to open");
    const mon = m;
    const ok = lines(flowPath("ok-full-16-esp.log"));
    await replay(pair.device, ok, 8, () => mon.code !== undefined);
    expect(await m.exited).toBe(0);
    const evs = m.out.trimEnd().split("\n").map((l) => JSON.parse(l));
    const stages = evs.filter((e) => e.type === "stage" && e.status === "ok").map((e) => e.stage);
    expect(stages).toEqual(["wifi", "cloud", "token", "bind"]);
    expect(evs.at(-2)).toEqual({ type: "done", reason: "ok" });
    expect(evs.at(-1)).toMatchObject({ type: "end", reason: "ok", report: { verdict: { status: "ok" }, stages: { bind: { status: "ok" } } } });
  });

  it("a port that disappears is reopened when it comes back, with the attempt history kept", async () => {
    const link = join(mkdtempSync(join(tmpdir(), "lkd-tty-")), "ttyDEVICE");
    let pair = await ptyPair(link);
    pairs.push(pair);
    m = startMonitor([link, "--until", "fail", "--lang", "en", "--json"]);
    await m.waitFor((o) => o.includes('"type":"start"'), "the port to open");
    await replay(pair.device, S8.slice(0, 2), 50);
    await m.waitFor((o) => o.includes('"stage":"cloud"'), "the cloud stage to start");
    await stopPair(pair); // the USB device goes away
    await m.waitFor((o) => o.includes('"event":"disconnected"'), "the disconnection");
    await sleep(300);
    pair = await ptyPair(link); // and comes back
    pairs.push(pair);
    await m.waitFor((o) => o.includes('"event":"reconnected"'), "the reconnection", 5000);
    await replay(pair.device, S8.slice(2), 50, () => m!.code !== undefined);
    expect(await m.exited).toBe(1);
    const evs = m.out.trimEnd().split("\n").map((l) => JSON.parse(l));
    const end = evs.at(-1);
    expect(end).toMatchObject({ type: "end", reason: "fail", report: { verdict: { primaryCause: "cloud.connack-timeout" } } });
    expect(end.report.input.lines).toBeGreaterThanOrEqual(3);
    // evidence from before the disconnection (line 1) is still there
    expect(end.report.findings[0].evidence[0].line).toBe(1);
  });

  it("wrong-baud-rate noise gives a hint and does not stop the diagnosis", async () => {
    const pair = await ptyPair();
    pairs.push(pair);
    m = startMonitor([pair.port, "--until", "fail", "--lang", "en", "--no-color"]);
    await m.waitFor((o) => o.includes("Ctrl-C ends"), "the port to open");
    const noise = Array.from({ length: 8 }, (_, k) => Buffer.from(Array.from({ length: 60 }, (_, i) => (i * 41 + k * 7 + 128) % 256)).toString("latin1") + "\n");
    const fd = openSync(pair.device, constants.O_WRONLY | constants.O_NOCTTY);
    for (const n of noise) writeSync(fd, Buffer.from(n, "latin1"));
    closeSync(fd);
    await m.waitFor((o) => o.includes("wrong baud rate?"), "the baud-rate hint");
    await replay(pair.device, S8, 20, () => m!.code !== undefined);
    expect(await m.exited).toBe(1);
    expect(m.out).toContain("cloud.connack-timeout");
    expect(m.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
