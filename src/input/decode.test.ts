/**
 * GbDecoder gives the text the platform's decoders give: strict() what the fatal GB18030 decoder does (or
 * undefined where it fails), mixed() what decoding each piece with the decoders did (the reference below,
 * the implementation it replaced).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GbDecoder, utf8SeqLen } from "./decode.js";

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/**
 * (reference) Decodes a line that mixes UTF-8 and GBK: well-formed UTF-8 sequences as UTF-8, GBK/GB18030 byte pairs
 * (and four-byte sequences) as GB18030. Undefined when the line has bytes that are neither.
 */
function referenceMixed(b: Uint8Array, utf8: TextDecoder, gbk: TextDecoder): string | undefined {
  let out = "";
  let i = 0;
  let bad = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      let j = i + 1;
      while (j < b.length && b[j]! < 0x80) j++;
      out += latin1(b.subarray(i, j));
      i = j;
      continue;
    }
    // in a line that is not all UTF-8, a two-byte sequence is more likely a GBK character (CA AA is 湿,
    // not U+02AA): only three- and four-byte sequences (CJK, symbols) are taken as UTF-8
    const u = utf8SeqLen(b, i);
    if (u >= 3) {
      let j = i + u;
      for (let n = j < b.length ? utf8SeqLen(b, j) : 0; n >= 3; n = j < b.length ? utf8SeqLen(b, j) : 0) j += n;
      out += utf8.decode(b.subarray(i, j));
      i = j;
      continue;
    }
    // a run of GBK characters: lead 0x81-0xFE, then 0x40-0xFE (not 0x7F), or a GB18030 four-byte sequence
    let j = i;
    while (j < b.length && b[j]! >= 0x81 && b[j]! <= 0xfe && utf8SeqLen(b, j) < 3) {
      const t = b[j + 1];
      if (t !== undefined && t >= 0x30 && t <= 0x39 && j + 3 < b.length && b[j + 2]! >= 0x81 && b[j + 2]! <= 0xfe && b[j + 3]! >= 0x30 && b[j + 3]! <= 0x39) j += 4;
      else if (t !== undefined && t >= 0x40 && t <= 0xfe && t !== 0x7f) j += 2;
      else break;
    }
    if (j === i) {
      bad++;
      out += "\ufffd";
      i++;
      continue;
    }
    out += gbk.decode(b.subarray(i, j));
    i = j;
  }
  return bad * 4 > b.length ? undefined : out;
}


/** bytes of the kinds a log line mixes: ASCII, GBK pairs, GB18030 four-byte sequences, UTF-8 of every length, BOMs, odd bytes */
const piece = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((a) => a.map((x) => x & 0x7f)),
  fc.tuple(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x40, max: 0xfe })).map(([a, b]) => Uint8Array.of(a, b)),
  fc.tuple(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x30, max: 0x39 }), fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x30, max: 0x39 })).map((a) => Uint8Array.from(a)),
  fc.string({ unit: "grapheme", maxLength: 3 }).map((s) => new TextEncoder().encode(s)),
  fc.constantFrom(Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0x80), Uint8Array.of(0xff), Uint8Array.of(0xa1, 0x7f), Uint8Array.of(0x84, 0x31, 0x95, 0x33), Uint8Array.of(0xef, 0xbf, 0xbd)),
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
);
const line = fc.array(piece, { maxLength: 24 }).map((ps) => {
  const out = new Uint8Array(ps.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of ps) out.set(p, (k += p.length) - p.length);
  return out;
});

describe("GbDecoder", () => {
  const utf8 = new TextDecoder("utf-8");
  const fatal = new TextDecoder("gb18030", { fatal: true });
  const loose = new TextDecoder("gb18030");
  const gb = new GbDecoder(utf8);
  const strictRef = (b: Uint8Array) => {
    try {
      return fatal.decode(b);
    } catch {
      return undefined;
    }
  };

  it("strict(): the fatal GB18030 decoder's text, or undefined where it fails", () => {
    fc.assert(fc.property(line, (b) => void expect(gb.strict(b)).toBe(strictRef(b))), { numRuns: 3000 });
  });

  it("mixed(): the text of the piece-by-piece decoding", () => {
    fc.assert(fc.property(line, (b) => void expect(gb.mixed(b)).toBe(referenceMixed(b, utf8, loose))), { numRuns: 3000 });
  });

  it("every GB18030 pair as the decoder gives it", () => {
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let x = 0x40; x <= 0xfe; x++) {
        const b = Uint8Array.of(0x41, lead, x, 0x42);
        expect(gb.strict(b), `${lead.toString(16)} ${x.toString(16)}`).toBe(strictRef(b));
        expect(gb.mixed(b)).toBe(referenceMixed(b, utf8, loose));
      }
  });

  it("follows the UTF-8 decoder's BOM handling in mixed lines", () => {
    const b = Uint8Array.of(0xce, 0xc2, 0xef, 0xbb, 0xbf, 0xe4, 0xb8, 0xad, 0x80);
    expect(gb.mixed(b)).toBe(referenceMixed(b, utf8, loose));
    const keep = new TextDecoder("utf-8", { ignoreBOM: true });
    expect(new GbDecoder(keep).mixed(b)).toBe(referenceMixed(b, keep, loose));
    expect(gb.mixed(b)).not.toBe(new GbDecoder(keep).mixed(b));
  });

  it("a long line (its output buffer grows)", () => {
    const b = new Uint8Array(30000).map((_, i) => (i % 2 === 0 ? 0xc4 : 0xe3));
    expect(gb.strict(b)).toBe(strictRef(b));
    b[7] = 0xff;
    expect(gb.mixed(b)).toBe(referenceMixed(b, utf8, loose));
  });

  it("makes the same strings without Node.js's Buffer (as in a browser)", () => {
    const plain = new GbDecoder(utf8, { nodeBuffer: false });
    fc.assert(
      fc.property(line, (b) => {
        expect(plain.strict(b)).toBe(strictRef(b));
        expect(plain.mixed(b)).toBe(referenceMixed(b, utf8, loose));
      }),
      { numRuns: 1000 },
    );
  });
});
