import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.js";
import type { Latin1Bytes } from "../input/lines.js";
import { QuickLine } from "./quick-line.js";
import { DialectParser } from "./registry.js";

const quick = new DialectParser();
const regex = new DialectParser({ quick: false });

/** the line inside other bytes, as a chunk holds it */
const chunk = (line: string) => Buffer.from(`x\n${line}\ny`, "latin1") as unknown as Latin1Bytes;

/** parseClean gives what parse gives, or leaves the line to it; the dialect counts stay the same */
function agrees(line: string): boolean {
  const r = quick.parseClean(chunk(line), 2, 2 + line.length, 7);
  const recs = regex.parse(7, line, false, { clean: false });
  if (r === undefined) {
    quick.parse(7, line, false, { clean: false });
    expect([...quick.counts]).toEqual([...regex.counts]);
    return false;
  }
  expect(recs, JSON.stringify(line)).toEqual([r]);
  expect([...quick.counts]).toEqual([...regex.counts]);
  return true;
}

// clean lines: printable ASCII and TAB
const ascii = (n: number) => fc.string({ unit: fc.constantFrom(..."[]():.,-/ \taZ09_<>I".split("")), maxLength: n });

describe("QuickLine.record (a clean flagged line's record from its bytes)", () => {
  it("is on for the knowledge it was written for, off otherwise", () => {
    expect(new QuickLine(knowledge()).enabled).toBe(true);
    const k = knowledge();
    const changed = { dialects: k.dialects.map((d, i) => (i === 0 ? { ...d, re: d.re.replace("\\w*", "[\\w.]*") } : d)), prefixes: k.prefixes };
    expect(new QuickLine(changed).enabled).toBe(false);
    expect(regex.parseClean(chunk("I (1) w: x"), 2, 12, 1)).toBeUndefined();
  });

  it("reads the shapes it knows, on each side of each rule, as parse() does", () => {
    const taken = [
      "[inf](5) f(1): x", "[inf] f(1): x", "[prt] f(1): x", "[inf](5)f(1): x", "[inf](5) 1f(1): x", "[inf] x", "[inf]", "[dbg](0) _a9(12):",
      "I (12) wifi: x", "E (1) a b:c:d", "[12:00:01.250] I (5) w: x", "[1:00:01]RX: [inf] x", "[1:00:01]->[err] y", "[1:00:01]\t[wrn] z",
      "2024-05-01 08:00:00.123 [inf](5) f(1): x", "2024/05-01T08:00:00,5 I (1) w: x", "2024-05-01 08:00:00[inf] x", "2024-05-01 08:00:00 \t I (3) a: b",
      "[2024-05-01 08:00:00.1] [inf] x", "[12:00:01] [13:00:02.5] [inf] twice", "[inf](5) f(1): x   ", "I (1) w: x\t",
      "[000123]<I> aos", "[108189]<E>recvConnackProc error", "[12:00:01.250] [0001234]<W> x", "[000123]<A>", "[000123]<F>  two spaces ",
      " [  13.002]<I> netmgr [netmgr_ip_got_event#134] : Got ip", "[ 228.960]<F>awss chan 1", "[1.000]<D> m [ f g #7] :msg", "[\t5.250]<V>a:b  c ",
      "[12:00:01.250]  [1234.567]<I> app [x#1] : y",
    ];
    for (const line of taken) expect(agrees(line), line).toBe(true);
    const left = [
      "[12:00:01.1234567] [inf] x", "[00012]<I> five digits", "[1234567890123456]<I> long", "[000123]<X> x", "[000123] <I> x", "[123.456]<I> x",
      "[000123]<I", "[0001:23]<I> x", "11-18 20:38:45 [inf] x",
      "[1234.567]<I> app main [app main_task#12] : x", "[ 1.234]<I>awss", "[1.23]<I>a b", "[1.234]<I> m [f#1]: x", "[1.234]<I> m [#1] : x",
      "[1.234]<I> m [f#] : x", "[1.234]<I>\tm x", "[1234567890123.456]<I>a b", "  [1.234]<I>a b", "[abc] x", "I (12) :x", "I (12) w x", "2e7fc5db: df 3f",
      "[inf](1234567890123456) f(1): x", "I (1234567890123456) w: x", "[inf](1) f(98765432109876543210): x", "2024-05-01 08:00:00.123x [inf] y", "[12:00:01]", "plain text",
    ];
    for (const line of left) expect(agrees(line), line).toBe(false);
  });

  it("agrees with parse() on dialect samples, stamps and their edits", () => {
    const samples = knowledge().dialects.flatMap((d) => d.samples.map((x) => x.line)).filter((l) => /^[\x20-\x7e\t]*$/.test(l));
    const stamp = fc.oneof(
      fc.constant(""),
      fc.tuple(fc.integer({ min: 0, max: 123 }), fc.constantFrom("", ".", ".1", ".123", ".1234567", ",5", ":250"), fc.constantFrom("] ", "]", "]RX:", "]TX: ", "]<-", "]->", "] \t", ")", "1]", "")).map(([h, f, end]) => `[${h}:05:09${f}${end}`),
      fc.tuple(fc.constantFrom("-", "/", "_"), fc.constantFrom("-", "/"), fc.constantFrom(" ", "T", "x"), fc.constantFrom("", ".5", ".123", ",123456", ".1234567", ":1"), fc.constantFrom(" ", "\t", "", "[", "I", "i", "  ", "1")).map(([a, b, t, f, after]) => `2024${a}05${b}31${t}7:00:59${f}${after}`),
      fc.tuple(fc.constantFrom("]", "] ", "]RX:", ""), fc.constantFrom(".5", "", ":7")).map(([end, f]) => `[2024-05-31 07:00:59${f}${end}`),
      fc.constant("11-18 20:38:45 "),
    );
    fc.assert(
      fc.property(fc.array(stamp, { maxLength: 2 }), fc.constantFrom(...samples), fc.nat(), ascii(6), fc.nat(), (st, line, at, ins, del) => {
        const pre = st.join("");
        const cut = at % (line.length + 1);
        for (const text of [pre + line, pre + line.slice(0, cut) + ins + line.slice(cut), pre + line.slice(0, cut) + line.slice(cut + (del % 6)), (pre + line).slice(0, cut + pre.length), pre + line + " \t"]) agrees(text);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with parse() on the forms with each part right or wrong", () => {
    const digits = fc.constantFrom("", "0", "12", "1234567", "1234567890123456", "98765432109876543210", "1a");
    const word = fc.constantFrom("", "f", "_x1", "1f", "a b", "wifi", "a:b", " ", ":", ":x:", "app main");
    const colon = fc.constantFrom(":", "", " :", "::", ": x", ":x:y", ":\t");
    const lvl = fc.constantFrom("inf", "prt", "err", "abc", "INF", "in", "flw", "non");
    const head = fc.oneof(
      fc.tuple(lvl, fc.constantFrom("(", " ", "", "((", "  "), digits, fc.constantFrom(") ", ")", " ", ") (", ""), word, fc.constantFrom("(", " (", ""), digits, fc.constantFrom(")", ""), colon).map((p) => `[${p.join("")}`.replace(/^\[(\w*)/, "[$1]")),
      fc.tuple(fc.constantFrom("I", "E", "W", "D", "V", "X", "i"), fc.constantFrom(" (", "(", " ", "  ("), digits, fc.constantFrom(") ", ")", ")  "), word, colon).map((p) => p.join("")),
      fc.tuple(fc.constantFrom("", "0", "[", " [", "1234", "[000123]<I> "), word, colon).map((p) => p.join("")),
    );
    const stamp = fc.constantFrom("", "", "", "[08:19:25.709] ", "2024-05-03 08:19:25.709 ", "[1:2:3] ", "2024-05-03 08:19:25", "[2024-05-03 08:19:25.7]", "[08:19:25]RX:");
    const tail = fc.constantFrom("", " msg", " (x)", " [y]", "  ", "\t", " I (12) wifi: x", " [inf](5) f(1): y", "[000123]<I> z");
    fc.assert(fc.property(stamp, head, tail, (st, h, t) => void agrees(st + h + t)), { numRuns: 20000 });
  });

  it("agrees with parse() on printable noise", () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (s) => void agrees(s)), { numRuns: 5000 });
  });
});
