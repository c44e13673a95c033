import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose } from "../index.js";
import { LiveMonitor, type LiveEvent } from "./live.js";

const root = join(__dirname, "..", "..");
const seed = (n: string) => readFileSync(join(root, "..", "shared", "seed", "examples", n), "utf8");
const flow = (n: string) => readFileSync(join(root, "test", "fixtures", "flows", n), "utf8");
const lines = (t: string) => t.split(/(?<=\n)/);
const BOOT = "ets Jun  8 2016 00:22:57\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n";

/** feeds a log line by line, `step` ms apart; returns the events with the line after which they came */
function replay(m: LiveMonitor, text: string, step = 200, t0 = 0) {
  const out: { line: number; ev: LiveEvent }[] = [];
  let now = t0;
  lines(text).forEach((l, i) => {
    now += step;
    for (const ev of m.feed(l, now)) out.push({ line: i + 1, ev });
    for (const ev of m.tick(now)) out.push({ line: i + 1, ev });
  });
  return { out, now };
}

const findings = (evs: { ev: LiveEvent }[]) => evs.flatMap((e) => (e.ev.type === "finding" ? [e.ev.finding.id] : []));

describe("LiveMonitor", () => {
  it("prints the CONNACK timeout once, right after the line that proves it", () => {
    const m = new LiveMonitor({ lang: "en" });
    const { out } = replay(m, seed("s8-connack-timeout.log"));
    const f = out.filter((e) => e.ev.type === "finding");
    expect(f).toHaveLength(1);
    expect(f[0]!.line).toBe(3);
    expect(f[0]!.ev).toMatchObject({ finding: { id: "cloud.connack-timeout", severity: "error" } });
    // stage changes, in order
    const stages = out.flatMap((e) => (e.ev.type === "stage" ? [`${e.line}:${e.ev.stage}:${e.ev.status}${e.ev.inProgress ? "*" : ""}`] : []));
    expect(stages).toEqual(["1:cloud:unknown*", "3:wifi:ok", "3:cloud:fail"]);
    expect(out.some((e) => e.ev.type === "done")).toBe(false);
  });

  it("--until fail is done with the first failure", () => {
    const m = new LiveMonitor({ until: "fail" });
    const { out } = replay(m, seed("s8-connack-timeout.log"));
    const done = out.find((e) => e.ev.type === "done");
    expect(done).toEqual({ line: 3, ev: { type: "done", reason: "fail" } });
    expect(m.done).toBe("fail");
  });

  it("--until ok is done when bind is ok", () => {
    const m = new LiveMonitor({ until: "ok" });
    const { out } = replay(m, flow("ok-full-16-esp.log"), 100);
    const done = out.filter((e) => e.ev.type === "done");
    expect(done).toHaveLength(1);
    expect(done[0]!.ev).toEqual({ type: "done", reason: "ok" });
    expect(done[0]!.line).toBe(137);
    expect(m.report.stages.bind.status).toBe("ok");
  });

  it("--until ok without binding: done once the flow is ok and quiet for the settle time", () => {
    const m = new LiveMonitor({ until: "ok", settleMs: 10_000 });
    const { out, now } = replay(m, flow("ok-mqtt-only.log"), 20);
    expect(out.some((e) => e.ev.type === "done")).toBe(false);
    expect(m.report.verdict.status).toBe("ok");
    expect(m.tick(now + 9_000)).toEqual([]);
    expect(m.tick(now + 10_100)).toEqual([{ type: "done", reason: "settled" }]);
  });

  it("--until ok is not met by silence before anything happened, nor by a failed flow", () => {
    const idle = new LiveMonitor({ until: "ok", settleMs: 1000 });
    idle.feed("boot noise without SDK lines\n", 0);
    expect(idle.tick(60_000)).toEqual([]);
    const failed = new LiveMonitor({ until: "ok", settleMs: 1000 });
    const { now } = replay(failed, seed("s8-connack-timeout.log"));
    expect(failed.tick(now + 60_000)).toEqual([]);
    expect(failed.done).toBeUndefined();
  });

  it("--until any stops at a failure too", () => {
    const m = new LiveMonitor({ until: "any" });
    replay(m, flow("token-timeout.log"), 10);
    expect(m.done).toBe("fail");
  });

  it("throttles snapshots and takes the pending one on tick", () => {
    const m = new LiveMonitor({ minIntervalMs: 500 });
    const text = lines(seed("s8-connack-timeout.log"));
    expect(m.feed(text[0]!, 1000).map((e) => e.type)).toEqual(["stage"]); // first event: snapshot at once
    expect(m.feed(text[1]! + text[2]!, 1100)).toEqual([]); // within 500 ms: pending
    expect(m.tick(1300)).toEqual([]);
    const later = m.tick(1500);
    expect(later.map((e) => e.type)).toEqual(["stage", "stage", "finding"]);
  });

  it("drain() takes the snapshot still pending at the end", () => {
    const m = new LiveMonitor({ minIntervalMs: 1000 });
    const text = lines(seed("s8-connack-timeout.log"));
    m.feed(text[0]!, 0);
    expect(m.feed(text.slice(1).join(""), 10)).toEqual([]);
    expect(m.drain(20).some((e) => e.type === "finding")).toBe(true);
    expect(m.drain(30)).toEqual([]);
  });

  it("a line without its end is not diagnosed until it ends", () => {
    const m = new LiveMonitor({});
    m.feed("[113287]<E> wait connack tim", 0);
    expect(m.tick(1000)).toEqual([]);
    const evs = m.feed("eout\n", 2000);
    expect(evs.some((e) => e.type === "finding")).toBe(true);
  });

  it("says when the device reboots, and prints the same failure again for the new attempt", () => {
    const m = new LiveMonitor({});
    const s8 = seed("s8-connack-timeout.log");
    const { out } = replay(m, BOOT + s8 + BOOT + s8);
    expect(out.filter((e) => e.ev.type === "reboot").map((e) => [e.line, e.ev])).toEqual([[10, { type: "reboot", boot: 2, crash: false }]]);
    expect(out.filter((e) => e.ev.type === "finding").map((e) => e.line)).toEqual([5, 14]);
  });

  it("reports a crash reboot as such", () => {
    const m = new LiveMonitor({});
    const { out } = replay(m, flow("crash-during-cloud.log"), 10);
    const rb = out.filter((e) => e.ev.type === "reboot");
    expect(rb.map((e) => e.ev)).toEqual([{ type: "reboot", boot: 2, crash: true }]);
    expect(findings(out)).toContain("device.crash-reboot");
  });

  it("a verdict that flips between ok and fail (reconnect storm) prints its finding once", () => {
    const m = new LiveMonitor({});
    const { out } = replay(m, flow("rate-limited-storm.log"), 10);
    expect(findings(out).filter((id) => id === "cloud.rate-limited")).toHaveLength(1);
  });

  it("the final report is the one analyze gives for the same bytes", () => {
    for (const n of ["ok-full-16-esp.log", "rate-limited-storm.log", "crash-during-cloud.log"]) {
      const text = flow(n);
      const m = new LiveMonitor({ lang: "zh", name: "x" });
      replay(m, text, 10);
      const live = m.end();
      const whole = diagnose(text, { lang: "zh", name: "x" });
      expect(live).toEqual(whole);
    }
  });
});
