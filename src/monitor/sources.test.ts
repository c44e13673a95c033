import { EventEmitter } from "node:events";
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { followSource, openError, serialSource, streamSource, type PortLike, type Source } from "./sources.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** collects what a source reports */
function collect(s: Source) {
  const got = { data: "", notices: [] as string[], fatal: [] as string[], ended: false };
  s.start({
    data: (d) => void (got.data += d.toString("utf8")),
    end: () => void (got.ended = true),
    fatal: (m) => void got.fatal.push(m),
    notice: (n) => void got.notices.push(n.event),
  });
  return got;
}

async function until(pred: () => boolean, ms = 3000) {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await sleep(5);
  }
}

/** A fake serial port: opens while `device.present`, emits what the test sends. */
class FakePort extends EventEmitter implements PortLike {
  isOpen = false;
  constructor(private readonly device: { present: boolean; current?: FakePort; opened: number }) {
    super();
  }
  open(cb: (err: Error | null) => void) {
    setImmediate(() => {
      if (!this.device.present) return cb(new Error("Error: No such file or directory, cannot open /dev/ttyFAKE"));
      this.isOpen = true;
      this.device.current = this;
      this.device.opened++;
      cb(null);
    });
  }
  close(cb?: (err: Error | null) => void) {
    this.isOpen = false;
    setImmediate(() => cb?.(null));
  }
}

describe("serialSource", () => {
  it("reopens a port that disappears, every retry interval, until it is back", async () => {
    const device: { present: boolean; current?: FakePort; opened: number } = { present: true, opened: 0 };
    const src = serialSource("/dev/ttyFAKE", 115200, { retryMs: 20, factory: async () => new FakePort(device) });
    const got = collect(src);
    await until(() => got.notices.includes("open"));
    device.current!.emit("data", Buffer.from("before\n"));
    // USB reset: the port closes and the device node goes away for a while
    device.present = false;
    device.current!.isOpen = false;
    device.current!.emit("close", Object.assign(new Error("bad file descriptor"), { disconnected: true }));
    expect(got.notices).toEqual(["open", "disconnected"]);
    await sleep(100); // several failed retries
    expect(got.notices).toEqual(["open", "disconnected"]);
    device.present = true;
    await until(() => got.notices.includes("reconnected"));
    device.current!.emit("data", Buffer.from("after\n"));
    expect(got.data).toBe("before\nafter\n");
    expect(device.opened).toBe(2);
    await src.stop();
    expect(device.current!.isOpen).toBe(false);
    expect(got.fatal).toEqual([]);
  });

  it("a port that cannot be opened at the start is an error, with a hint", async () => {
    const src = serialSource("/dev/ttyFAKE", 115200, { factory: async () => new FakePort({ present: false, opened: 0 }) });
    const got = collect(src);
    await until(() => got.fatal.length > 0);
    expect(got.fatal).toEqual(["cannot open /dev/ttyFAKE: No such file or directory (monitor --list shows the serial ports)"]);
    await src.stop();
  });

  it("explains the usual open errors", () => {
    expect(openError("/dev/ttyUSB0", new Error("Error: Permission denied, cannot open /dev/ttyUSB0"))).toBe("cannot open /dev/ttyUSB0: Permission denied (on Linux, add yourself to the dialout group, or use sudo)");
    expect(openError("COM3", new Error("Resource busy"))).toMatch(/another program/);
  });
});

describe("followSource", () => {
  it("follows appends, truncation, rotation (reading the old file to its end) and a file that comes later", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-follow-"));
    const f = join(dir, "d.log");
    const src = followSource(f, { pollMs: 15 });
    const got = collect(src);
    expect(got.notices).toEqual(["waiting"]);
    writeFileSync(f, "one\n");
    await until(() => got.data === "one\n");
    expect(got.notices).toEqual(["waiting", "appeared"]);
    appendFileSync(f, "two\n");
    await until(() => got.data.endsWith("two\n"));
    writeFileSync(f, "3\n");
    await until(() => got.data.endsWith("3\n"));
    expect(got.notices.at(-1)).toBe("truncated");
    renameSync(f, f + ".1");
    appendFileSync(f + ".1", "late\n");
    await sleep(50);
    writeFileSync(f, "new\n");
    await until(() => got.data.endsWith("new\n"));
    expect(got.data).toBe("one\ntwo\n3\nlate\nnew\n");
    expect(got.notices.slice(-2)).toEqual(["missing", "rotated"]);
    rmSync(f);
    await until(() => got.notices.at(-1) === "missing");
    await src.stop();
    expect(got.ended).toBe(false);
  });

  it("reads a large existing file in slices without blocking", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-follow-"));
    const f = join(dir, "big.log");
    writeFileSync(f, "x".repeat(300_000) + "\n");
    const src = followSource(f, { pollMs: 1000, maxPerPoll: 64 * 1024 });
    const got = collect(src);
    expect(got.data.length).toBe(64 * 1024);
    await until(() => got.data.length === 300_001);
    await src.stop();
  });
});

describe("streamSource", () => {
  it("passes data and the end; stop() detaches", async () => {
    const s = new PassThrough();
    const src = streamSource(s);
    const got = collect(src);
    s.write("a\n");
    s.end("b\n");
    await until(() => got.ended);
    expect(got.data).toBe("a\nb\n");
    await src.stop();
  });
});
