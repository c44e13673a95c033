import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.js";
import { DialectParser } from "./registry.js";

describe("dialects (knowledge/dialects)", () => {
  const p = new DialectParser();
  for (const d of knowledge().dialects) {
    for (const s of d.samples) {
      it(`${d.id} parses its sample: ${s.line}`, () => {
        const [rec] = p.parse(1, s.line);
        expect(rec!.dialect).toBe(d.id);
        for (const [k, v] of Object.entries(s.fields ?? {})) expect((rec as unknown as Record<string, unknown>)[k]).toEqual(v);
      });
    }
  }
  for (const pre of knowledge().prefixes) {
    for (const s of pre.samples) {
      it(`prefix ${pre.id} is removed and its time kept: ${s}`, () => {
        const [rec] = p.parse(1, s);
        expect(rec!.prefix).toBe(pre.id);
        expect(rec!.wallMs).toBeGreaterThan(0);
        expect(rec!.dialect).not.toBe("plain");
      });
    }
  }

  it("timeOf gives the time parse() gives, on printable ASCII lines (dialect samples, prefixed, changed)", () => {
    const samples = knowledge().dialects.flatMap((d) => d.samples.map((x) => x.line)).filter((l) => /^[\x20-\x7e]*$/.test(l));
    const stamps = ["", "[12:00:01.250] ", "2024-05-01 08:00:00.123 ", "11-18 20:38:45"];
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.constantFrom(...stamps), fc.nat(), printable, (line, stamp, at, insert) => {
        // an edit somewhere in the line: some still parse, some no longer do
        const cut = at % (line.length + 1);
        for (const text of [stamp + line, stamp + line.slice(0, cut) + insert + line.slice(cut)]) {
          const t = p.timeOf(text);
          const recs = p.parse(1, text, false, { clean: false, count: false });
          if (t === undefined) continue;
          expect(recs).toHaveLength(1);
          expect({ wallMs: t.wallMs, uptimeMs: t.uptimeMs, clock: t.clock }).toEqual({ wallMs: recs[0]!.wallMs, uptimeMs: recs[0]!.uptimeMs, clock: recs[0]!.clock });
          expect(recs[0]!.dialect).not.toBe("plain");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps plain lines as plain", () => {
    const [rec] = p.parse(7, "   PK : a1QdKm5axuO");
    expect(rec).toMatchObject({ line: 7, dialect: "plain", msg: "PK : a1QdKm5axuO" });
  });

  it("strips ANSI colours and their printed remnants before matching", () => {
    const [a] = p.parse(1, "\x1b[1;31m[err](15432) iotx_mc_wait_CONNACK(1791): wait connack timeout\x1b[0m");
    expect(a).toMatchObject({ dialect: "linkkit", msg: "wait connack timeout", level: "error" });
    const [b] = p.parse(2, "␛[0;33mW (4500) wrapper_kv: nvs get blob x failed with 1102␛[0m");
    expect(b).toMatchObject({ dialect: "esp-idf", level: "warn" });
    const [c] = p.parse(3, "[1;33m[inf] _http_recv(214): ret of _http_recv is 32");
    expect(c).toMatchObject({ dialect: "linkkit-old", func: "_http_recv" });
  });

  it("splits a print glued to the next SDK line", () => {
    const recs = p.parse(5, "IOTX_AWSS_START[002006]<I> zconfig_init");
    expect(recs.map((r) => [r.dialect, r.msg])).toEqual([
      ["plain", "IOTX_AWSS_START"],
      ["aos", "zconfig_init"],
    ]);
    expect(recs.every((r) => r.line === 5)).toBe(true);
  });

  it("reads a serial tool's receive marker and GBK-free Chinese", () => {
    const [rec] = p.parse(1, "[14:06:30.482]收←◆[inf] _http_recv(214): ret of _http_recv is 32");
    expect(rec).toMatchObject({ dialect: "linkkit-old", wallMs: ((14 * 60 + 6) * 60 + 30) * 1000 + 482 });
  });

  it("never throws on hostile lines", () => {
    for (const s of ["[", "[0", "[inf](", "E (", " [  1.", "\u0000\u0001\u001b[", "[999999999999999999999]<E> x", "x".repeat(70000)]) {
      expect(() => p.parse(1, s)).not.toThrow();
    }
  });
});
