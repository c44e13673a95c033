import { describe, expect, it } from "vitest";
import { MemoryBound, collector } from "./memory.js";

describe("MemoryBound", () => {
  it("can reach V8's full collection on this Node.js (else the CLI's peak RSS is left to V8)", () => {
    expect(typeof collector()).toBe("function");
  });

  it("collects after every 64 MB read, not before", () => {
    const gc = collector()!;
    let calls = 0;
    const spy = () => {
      calls++;
      gc();
    };
    const m = new MemoryBound(spy);
    for (let i = 0; i < 63; i++) m.read(1 << 20);
    expect(calls).toBe(0);
    m.read(1 << 20);
    expect(calls).toBe(1);
    for (let i = 0; i < 128; i++) m.read(1 << 20);
    expect(calls).toBe(3);
  });
});
