import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.js";
import { QUICK_NONE, QUICK_TIME, QUICK_UNKNOWN, QuickLine } from "./quick-line.js";
import { DialectParser } from "./registry.js";

const parser = new DialectParser();
const quick = new QuickLine();
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** what the slow path (timeOf, else parse) says of a line: the times its records show, or none */
function slow(text: string): { wallMs: number | undefined; uptimeMs: number | undefined; clock: string | undefined }[] {
  // (a line with colour sequences is cleaned by parse(), as the reference path does)
  if (text.includes("\x1b")) return parser.parse(0, text, false, { count: false }).map((r) => ({ wallMs: r.wallMs, uptimeMs: r.uptimeMs, clock: r.clock })).filter((x) => x.wallMs !== undefined || x.uptimeMs !== undefined);
  const t = parser.timeOf(text);
  const all = t !== undefined ? [{ ...t }] : parser.parse(0, text, false, { clean: false, count: false }).map((r) => ({ wallMs: r.wallMs, uptimeMs: r.uptimeMs, clock: r.clock }));
  return all.filter((x) => x.wallMs !== undefined || x.uptimeMs !== undefined);
}

/** checks the quick reader against the slow path on a line (embedded in other bytes, as in a chunk) */
function agrees(text: string): number {
  const b = bytes(`x\n${text}\ny`);
  const a = quick.time(b, 2, 2 + text.length);
  const times = slow(text);
  if (a === QUICK_NONE) expect(times, text).toEqual([]);
  if (a === QUICK_TIME) {
    expect(times.length, text).toBeGreaterThan(0);
    // a wall-clock time wins over the uptime (FlowBuilder.timeOf): only it is given then
    if (quick.wallMs !== undefined) for (const t of times) expect(t.wallMs, text).toBe(quick.wallMs);
    else expect(times, text).toEqual([{ wallMs: undefined, uptimeMs: quick.uptimeMs, clock: quick.clock }]);
  }
  return a;
}

describe("QuickLine.time (the time of a skipped line, from its bytes)", () => {
  it("is written for the dialects and prefixes of the knowledge (else it stands aside)", () => {
    expect(quick.enabled).toBe(true);
    const k = knowledge();
    const changed = { dialects: k.dialects.map((d, i) => (i === 3 ? { ...d, re: d.re.replace("[EWIDV]", "[EWIDVN]") } : d)), prefixes: k.prefixes };
    const aside = new QuickLine(changed);
    expect(aside.enabled).toBe(false);
    expect(aside.time(bytes("I (12) wifi: up"), 0, 15)).toBe(QUICK_UNKNOWN);
  });

  it("reads the shapes it knows, and says so", () => {
    const cases: [string, number][] = [
      ["[08:19:25.709] D (1165719) dm_msg: thing.event.property.post", QUICK_TIME],
      ["2024-05-03 08:19:25.709 [inf](1167284) iotx_mc_cycle(2368): mqtt yield", QUICK_TIME],
      ["I (1166333) ota: check version", QUICK_TIME],
      ["[inf](1167284) iotx_mc_cycle(2368): mqtt yield", QUICK_TIME],
      ["[inf] app main(12): led off", QUICK_NONE],
      ["[prt] hello", QUICK_NONE],
      ["2e7fc5db: df 3f a3 76 6d 7f f7 84  ........", QUICK_NONE],
      ["wifi: rssi -78 dBm", QUICK_NONE],
      ["", QUICK_NONE],
      ["[  12.345]<I> wifi [a#1] : x", QUICK_TIME],
      [" [  13.002]<I> netmgr [netmgr_ip_got_event#134] : Got ip", QUICK_TIME],
      ["[ 228.960]<F>awss chan 1", QUICK_TIME],
      ["[108189]<E> recvConnackProc error", QUICK_TIME],
      ["[12:00:00.125]  [1234.567]<I> app main [app main_task#12] : x", QUICK_TIME],
      // (forms the regexes read further on, or not at all: they decide)
      ["[1234.567]<I> app main [app main_task#12] : x", QUICK_UNKNOWN],
      ["[ 1.234]<I>awss", QUICK_UNKNOWN],
      ["[1234567890123.456]<I>awss chan", QUICK_UNKNOWN],
      ["[00012]<I> x", QUICK_UNKNOWN],
      // an uptime too long for exact integer arithmetic: the regexes decide (a fuzz run found this)
      ["[inf](1234567890123456) f(1): x", QUICK_UNKNOWN],
      ["I (1234567890123456) wifi: x", QUICK_UNKNOWN],
    ];
    for (const [line, want] of cases) expect(agrees(line), line).toBe(want);
  });

  it("agrees with timeOf/parse on dialect samples, stamps and their edits", () => {
    const samples = knowledge().dialects.flatMap((d) => d.samples.map((x) => x.line)).filter((l) => /^[\x20-\x7e]*$/.test(l));
    const stamp = fc.oneof(
      fc.constant(""),
      fc.tuple(fc.integer({ min: 0, max: 123 }), fc.constantFrom("", ".", ".1", ".12", ".123", ".1234567", ",5", ":250"), fc.constantFrom("] ", "]", "]RX:", "] \t", ")", "1]", "")).map(([h, f, end]) => `[${h}:05:09${f}${end}`),
      fc.tuple(fc.constantFrom("-", "/"), fc.constantFrom(" ", "T", "x"), fc.constantFrom("", ".5", ".123", ",123456", ".1234567", ":1"), fc.constantFrom(" ", "\t", "", "[", "I", "i", "  ", "1", "-", "(")).map(([s, t, f, after]) => `2024${s}05${s}31${t}7:00:59${f}${after}`),
      fc.constant("11-18 20:38:45 "),
    );
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 10 });
    fc.assert(
      fc.property(stamp, fc.constantFrom(...samples), fc.nat(), printable, fc.nat(), (st, line, at, insert, del) => {
        const cut = at % (line.length + 1);
        for (const text of [st + line, st + line.slice(0, cut) + insert + line.slice(cut), st + line.slice(0, cut) + line.slice(cut + (del % 6)), (st + line).slice(0, cut), st + line + "  "]) agrees(text);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with timeOf/parse on the forms with each part right or wrong", () => {
    const digits = fc.constantFrom("", "0", "12", "1234567", "1234567890123456", "1a");
    const word = fc.constantFrom("", "f", "_x1", "1f", "a b", "wifi", "a:b", " ", ":", ":x:", "app main");
    const colon = fc.constantFrom(":", "", " :", "::", ": x", ":x:y");
    const lvl = fc.constantFrom("inf", "prt", "err", "abc", "INF", "in", "flw");
    const head = fc.oneof(
      fc.tuple(lvl, fc.constantFrom("(", " ", "", "(("), digits, fc.constantFrom(") ", ")", " ", ") ("), word, fc.constantFrom("(", " (", ""), digits, fc.constantFrom(")", ""), colon).map((p) => `[${p[0]}]${p[1]}${p[2]}${p[3]}${p[4]}${p[5]}${p[6]}${p[7]}${p[8]}`),
      fc.tuple(fc.constantFrom("I", "E", "W", "D", "V", "X", "i"), fc.constantFrom(" (", "(", " ", "  ("), digits, fc.constantFrom(") ", ")", ")  "), word, colon).map((p) => p.join("")),
      fc.tuple(fc.constantFrom("", "0", "[", " [", "1234"), word, colon).map((p) => p.join("")),
    );
    const stamp = fc.constantFrom("", "", "", "[08:19:25.709] ", "2024-05-03 08:19:25.709 ", "[1:2:3] ", "2024-05-03 08:19:25");
    const tail = fc.constantFrom("", " msg", " (x)", " [y]", "  ", "\t", " I (12) wifi: x", " [inf](5) f(1): y", "[000123]<I> z");
    fc.assert(fc.property(stamp, head, tail, (st, h, t) => void agrees(st + h + t)), { numRuns: 20000 });
  });

  it("agrees with parse() on lines with colour sequences anywhere (the filter passes over them)", () => {
    const samples = knowledge().dialects.flatMap((d) => d.samples.map((x) => x.line)).filter((l) => /^[\x20-\x7e]*$/.test(l));
    const sgr = fc.constantFrom("\x1b[0;32m", "\x1b[0m", "\x1b[1;31m", "\x1b[m");
    const stamp = fc.constantFrom("", "[08:19:25.709] ", "2024-05-03 08:19:25.709 ");
    fc.assert(
      fc.property(stamp, fc.constantFrom(...samples, "[inf](12) f(3): x", "I (12) wifi: x", "[inf] f(3): x"), fc.array(fc.tuple(fc.nat(), sgr), { minLength: 1, maxLength: 3 }), (st, line, ins) => {
        let text = st + line;
        for (const [at, seq] of ins) {
          const cut = at % (text.length + 1);
          text = text.slice(0, cut) + seq + text.slice(cut);
        }
        agrees(text);
      }),
      { numRuns: 20000 },
    );
    // the form a colour sequence hides: not "no time"
    expect(agrees("[inf]\x1b[0m(12) f(3): x")).not.toBe(QUICK_NONE);
    expect(agrees("\x1b[0;32mI (12) wifi: x\x1b[0m")).not.toBe(QUICK_NONE);
  });

  it("agrees with timeOf/parse on lines made of the pieces the forms are made of", () => {
    const piece = fc.constantFrom("[", "]", "(", ")", " ", "\t", ":", ".", ",", "-", "/", "inf", "prt", "abc", "I", "E ", "W (", "12", "0", "123456", "1234567890123456", "func_1", "T", "2024", "05", "<I>", "x");
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }), (ps) => void agrees(ps.join(""))), { numRuns: 5000 });
  });
});

describe("QuickLine.stampTime (the usual stamped line's time, without time()'s general path)", () => {
  const other = new QuickLine();
  /** stampTime's answer on a line, checked against time() (and so against the regexes) when it gives one */
  function checked(text: string): number {
    const b = bytes(`x\n${text}\ny`);
    const t = other.stampTime(b, 2, 2 + text.length);
    if (t >= 0) {
      expect(agrees(text), text).toBe(QUICK_TIME);
      expect([quick.wallMs, quick.uptimeMs], text).toEqual([t, undefined]);
    }
    return t;
  }

  it("gives time()'s answer, or none, on stamp-like lines", () => {
    const digits = (n: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: n, maxLength: n }).map((a) => a.join(""));
    const clock = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(digits(2), digits(2), digits(2), fc.constantFrom(".", ",", ":"), digits(3)) },
      { weight: 1, arbitrary: fc.tuple(fc.oneof(digits(2), digits(1), fc.constant("2x")), digits(2), digits(2), fc.constantFrom(".", ",", ":", ""), fc.oneof(digits(3), digits(2), digits(4), fc.constant(""))) },
    );
    const line = fc.oneof(
      fc.tuple(clock, fc.constantFrom("]", "] ", "]RX:", ")", "]\t"), fc.constantFrom("", "I (1) w: x", "[inf] x", "   ")).map(([[h, m, s, sep, f], end, rest]) => `[${h}:${m}:${s}${sep}${f}${end}${rest}`),
      fc.tuple(digits(4), fc.constantFrom("-", "/", "_"), fc.constantFrom(" ", "T", "x"), clock, fc.constantFrom(" ", "\t", "  ", "[", "I", "i", "", "1"), fc.constantFrom("", "x", "I (1) w: x", " ")).map(
        ([y, d, t, [h, m, s, sep, f], after, rest]) => `${y}${d}05${d}31${t}${h}:${m}:${s}${sep}${f}${after}${rest}`,
      ),
    );
    let taken = 0;
    fc.assert(
      fc.property(line, (text) => {
        if (checked(text) >= 0) taken++;
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it("takes the two usual shapes and nothing that only looks like them", () => {
    expect(checked("[08:03:17.348] I (197358) sensor: x")).toBe(((8 * 60 + 3) * 60 + 17) * 1000 + 348);
    expect(checked("2024-05-31 07:00:59.125 [inf] x")).toBe(Date.UTC(2024, 4, 31) + (7 * 3600 + 59) * 1000 + 125);
    for (const text of ["2024-05-31 07:00:59.125 ", "2024-05-31 07:00:59.1250 x", "[8:03:17.348] x", "[08:03:17.34] x", "2024-05-31 7:00:59.125 x", "11-18 20:38:45.125 x"])
      expect(checked(text), text).toBe(-1);
  });
});
