import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose } from "../index.js";
import { JsonView, TerminalView, type TerminalViewOptions } from "./render.js";
import { listPorts } from "./ports.js";

const S8 = ["[110626]<E> env prerelease or daily not set ssl hostname", "[113287]<E> wait connack timeout", "[113292]<E> err_code 50438, state_code:-0x0344, str_msg=mqtt ack unknown fail", "[113293]<E> iotx_mc_connect failed", ""].join("\n");

function view(o: Partial<TerminalViewOptions> = {}) {
  let out = "";
  const v = new TerminalView((s) => void (out += s), { lang: "en", color: false, status: false, width: () => 100, timestamps: false, filter: {}, verbose: false, settleMs: 10_000, ...o });
  return { v, get out() { return out; } };
}

describe("TerminalView", () => {
  it("no escape sequence from the device reaches the terminal, only the colours we add", () => {
    const r = diagnose("");
    const plain = view();
    plain.v.deviceLine("\x1b]0;owned\x07\x1b[2J\x1b[31mE (1) x: boom\x1b[0m\u009b6n", false, new Date());
    plain.v.flush(r, 1);
    expect(plain.out).toBe("E (1) x: boom\n");
    const c = view({ color: true, status: true });
    c.v.deviceLine("\x1b[1;1H\x1b[?25lE (1) x: boom", false, new Date());
    c.v.flush(r, 1);
    c.v.deviceLine("I (2) x: fine", false, new Date());
    c.v.flush(r, 2);
    const escapes = c.out.match(/\x1b\[[^a-zA-Z]*[a-zA-Z]/g) ?? [];
    expect(escapes.every((e) => /^\x1b\[[0-9;]*m$/.test(e) || e === "\x1b[2K")).toBe(true);
    expect(c.out).toContain("\x1b[31mE (1) x: boom\x1b[0m");
  });

  it("redraws the status line in place after the device's lines", () => {
    const t = view({ status: true });
    const a = diagnose(S8);
    t.v.deviceLine("line one", false, new Date());
    t.v.flush(a, 1);
    expect(t.out).toMatch(/^line one\n▸ wifi ✔ › cloud ✖ › token · › bind · {3}1 lines$/);
    const before = t.out.length;
    t.v.deviceLine("line two", false, new Date());
    t.v.flush(a, 2);
    expect(t.out.slice(before)).toMatch(/^\r\x1b\[2Kline two\n▸ wifi/);
    t.v.end(a, "eof");
    expect(t.out).toMatch(/\r\x1b\[2K── linkkit-doctor ── report ─+\nlinkkit-doctor /);
  });

  it("the status line fits the terminal width", () => {
    const t = view({ status: true, width: () => 40 });
    t.v.flush(diagnose(S8), 123456);
    const last = t.out.split("\n").pop()!;
    expect([...last].length).toBeLessThanOrEqual(39);
  });

  it("a finding is a marked block with its id, actions and evidence", () => {
    const t = view();
    const f = diagnose(S8).findings.find((x) => x.id === "cloud.connack-timeout")!;
    t.v.events([{ type: "finding", finding: f }]);
    t.v.events([{ type: "reboot", boot: 2, crash: false }]);
    t.v.flush(diagnose(""), 0);
    expect(t.out).toMatch(/^── linkkit-doctor ── cloud\.connack-timeout ─+\n✖ cloud — No CONNACK: the device gave up waiting for the MQTT server's answer\n/);
    expect(t.out).toContain("Next actions");
    expect(t.out).toMatch(/ 2 │ \[113287\]<E> wait connack timeout/);
    expect(t.out).toMatch(/── linkkit-doctor ── device rebooted \(boot 2\): a new attempt starts ─+\n$/);
  });

  it("filters and time-stamps the pass-through", () => {
    const t = view({ timestamps: true, filter: { level: "warn" } });
    t.v.deviceLine("I (1) x: info", false, new Date(2024, 0, 1, 9, 5, 7, 42));
    t.v.deviceLine("W (1) x: warn", false, new Date(2024, 0, 1, 9, 5, 7, 42));
    t.v.flush(diagnose(""), 2);
    expect(t.out).toBe("09:05:07.042 W (1) x: warn\n");
  });

  it("speaks Chinese with --lang zh", () => {
    const t = view({ lang: "zh" });
    t.v.events([{ type: "reboot", boot: 3, crash: true }]);
    t.v.flush(diagnose(""), 0);
    expect(t.out).toContain("设备崩溃后重启（第 3 次启动）");
  });
});

describe("JsonView", () => {
  it("one JSON object per line", () => {
    let out = "";
    const v = new JsonView((s) => void (out += s));
    const r = diagnose(S8);
    v.start("stdin");
    v.events([{ type: "stage", stage: "cloud", status: "fail", inProgress: false, line: 2 }, { type: "finding", finding: r.findings[0]! }, { type: "done", reason: "fail" }]);
    v.flush();
    v.end(r, "fail");
    const objs = out.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(objs.map((o) => o.type)).toEqual(["start", "stage", "finding", "done", "end"]);
    expect(objs[2]).toMatchObject({ type: "finding", id: "cloud.connack-timeout" });
    expect(objs[4].report.verdict.primaryCause).toBe("cloud.connack-timeout");
  });
});

describe("listPorts", () => {
  it("falls back to /dev when the detailed list fails (no udevadm)", async () => {
    const dev = mkdtempSync(join(tmpdir(), "lkd-dev-"));
    for (const n of ["ttyUSB0", "ttyACM1", "ttyS0", "tty1", "null"]) writeFileSync(join(dev, n), "");
    mkdirSync(join(dev, "serial", "by-id"), { recursive: true });
    symlinkSync(join(dev, "ttyUSB0"), join(dev, "serial", "by-id", "usb-Silicon_Labs_CP2102-if00-port0"));
    const r = await listPorts(() => Promise.reject(new Error("spawn udevadm ENOENT")), dev);
    expect(r.fallbackReason).toBe("udevadm not found");
    expect(r.ports).toEqual([{ path: join(dev, "ttyACM1") }, { path: join(dev, "ttyUSB0"), byId: "usb-Silicon_Labs_CP2102-if00-port0" }]);
    const ok = await listPorts(async () => [{ path: "/dev/ttyUSB9", manufacturer: "FTDI" }]);
    expect(ok).toEqual({ ports: [{ path: "/dev/ttyUSB9", manufacturer: "FTDI" }] });
  });
});

import { MONITOR_TEXT_KEYS } from "./texts.js";
import { knowledge } from "../knowledge/index.js";

describe("monitor texts", () => {
  it("exist in knowledge/texts in both languages", () => {
    for (const k of MONITOR_TEXT_KEYS) {
      expect(knowledge().texts.en.ui[`monitor.${k}`], k).toBeDefined();
      expect(knowledge().texts.zh.ui[`monitor.${k}`], k).toBeDefined();
    }
  });
});
