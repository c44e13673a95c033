import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, type PhysicalLine } from "./lines.js";
import { gbShaped, utf8Clean } from "./decode.js";
import { keywordAutomaton } from "../signatures/keywords.js";

function split(chunks: (string | Uint8Array)[], opts?: ConstructorParameters<typeof LineSplitter>[0]): PhysicalLine[] {
  const s = new LineSplitter(opts);
  const out: PhysicalLine[] = [];
  for (const c of chunks) s.push(typeof c === "string" ? new TextEncoder().encode(c) : c, (l) => out.push(l));
  s.end((l) => out.push(l));
  return out;
}

describe("LineSplitter", () => {
  it("accepts LF, CRLF and lone CR, also across chunk boundaries", () => {
    expect(split(["a\nb\r\nc\rd"]).map((l) => l.text)).toEqual(["a", "b", "c", "d"]);
    expect(split(["a\r", "\nb\r", "c"]).map((l) => [l.no, l.text])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
  });

  it("keeps blank lines in the numbering", () => {
    expect(split(["x\n\n\ny\n"]).map((l) => [l.no, l.text])).toEqual([
      [1, "x"],
      [2, ""],
      [3, ""],
      [4, "y"],
    ]);
  });

  it("joins a UTF-8 character split between chunks", () => {
    const bytes = new TextEncoder().encode("设备连接\n");
    expect(split([bytes.subarray(0, 4), bytes.subarray(4)]).map((l) => l.text)).toEqual(["设备连接"]);
  });

  it("reads a GBK line inside a UTF-8 file", () => {
    const gbk = new Uint8Array([0xc9, 0xe8, 0xb1, 0xb8, 0x0a]); // 设备 in GBK
    const lines = split([new TextEncoder().encode("ok\n"), gbk]);
    expect(lines[1]).toMatchObject({ text: "设备", gbk: true });
  });

  it("reads UTF-16LE and UTF-16BE with a BOM", () => {
    const le = new Uint8Array([0xff, 0xfe, ...Array.from(Buffer.from("a\r\nb", "utf16le"))]);
    expect(split([le]).map((l) => l.text)).toEqual(["a", "b"]);
    const be = Buffer.from("a\nb", "utf16le").swap16();
    expect(split([new Uint8Array([0xfe, 0xff, ...be])]).map((l) => l.text)).toEqual(["a", "b"]);
  });

  it("removes NUL bytes and says so", () => {
    const s = new LineSplitter();
    const out: PhysicalLine[] = [];
    s.push(new Uint8Array([0x61, 0, 0x62, 0x0a]), (l) => out.push(l));
    expect(out[0]!.text).toBe("ab");
    expect(s.stats.nulBytes).toBe(true);
  });

  it("cuts a 10 MB line and keeps the next line's number right", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const lines = split([big.slice(0, 3_000_000), big.slice(3_000_000) + "\nafter\n"], { maxLineLength: 65536 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ no: 1, truncated: true });
    expect(lines[0]!.text.length).toBe(65536);
    expect(lines[1]).toMatchObject({ no: 2, text: "after" });
  });

  it("cuts a long line given as text", () => {
    const s = new LineSplitter({ maxLineLength: 10 });
    const out: PhysicalLine[] = [];
    s.pushString("0123456789abcdef\nok", (l) => out.push(l));
    s.end((l) => out.push(l));
    expect(out.map((l) => [l.text, l.truncated === true])).toEqual([
      ["0123456789", true],
      ["ok", false],
    ]);
    expect(s.stats.truncatedLines).toEqual([1]);
  });

  it("handles an empty input", () => {
    expect(split([])).toEqual([]);
  });
});

describe("gbShaped", () => {
  const strict = new TextDecoder("gb18030", { fatal: true });
  const decodes = (b: Uint8Array) => {
    try {
      strict.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  // bytes around the GB18030 ranges, so that both shapes and near-misses come up
  const gbByte = fc.oneof(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x30, max: 0x39 }), fc.integer({ min: 0x40, max: 0x7f }), fc.constantFrom(0x80, 0xff, 0x0a, 0x20));

  it("is true for every line the strict decoder takes (so skipping the decoder when false loses nothing)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }).chain((a) => fc.array(gbByte, { maxLength: 24 }).map((b) => Uint8Array.from([...a, ...b]))), (bytes) => {
        if (decodes(bytes)) expect(gbShaped(bytes)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(gbShaped(Uint8Array.from([0xce, 0xc2, 0xb6, 0xc8]))).toBe(true); // 温度 in GBK
    expect(gbShaped(Uint8Array.from([0x81, 0x30, 0x81, 0x30]))).toBe(true); // a four-byte sequence
    expect(gbShaped(Uint8Array.from([0xce, 0x0a]))).toBe(false);
    expect(gbShaped(Uint8Array.from([0xff]))).toBe(false);
    expect(gbShaped(Uint8Array.from([0x81, 0x30, 0x20]))).toBe(false);
  });
});

describe("utf8Clean", () => {
  const utf8 = new TextDecoder("utf-8");
  // UTF-8 sequences whole, cut and wrong, U+FFFD itself, surrogates, overlong forms, GBK pairs
  const piece = fc.oneof(
    fc.string({ maxLength: 4 }).map((s) => [...new TextEncoder().encode(s)]),
    fc.constantFrom([0xef, 0xbf, 0xbd], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xce, 0xc2], [0xe4, 0xb8], [0x80], [0xff]),
    fc.uint8Array({ maxLength: 3 }).map((a) => [...a]),
  );
  it("says whether the UTF-8 decoder gives the bytes without a replacement character", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (ps) => {
        const bytes = Uint8Array.from(ps.flat());
        expect(utf8Clean(bytes)).toBe(!utf8.decode(bytes).includes("\ufffd"));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("a caller that reuses its buffer (the CLI reads into two buffers in turn)", () => {
  // the bytes of a line cut between two chunks must be the splitter's own: a Buffer's slice() is a view
  const log = Buffer.from(["[inf](10) iotx_mc_connect(2769): mqtt connect success!", "I (20) app main: free heap size:46662", "[err](30) x(1): wait connack timeout", ""].join("\n"), "latin1");
  for (const cut of [5, 30, 60, 75]) {
    for (const how of ["push", "scan"] as const) {
      it(`keeps its own copy of a line cut at byte ${cut} (${how})`, () => {
        const s = new LineSplitter();
        const out: string[] = [];
        const emit = (l: PhysicalLine) => out.push(l.text);
        const a = keywordAutomaton();
        const feed = (b: Buffer) => (how === "push" ? s.push(b, emit) : s.scan(b, a, emit, (run) => run.replay(emit)));
        const buf = Buffer.alloc(log.length);
        log.copy(buf, 0, 0, cut);
        feed(buf.subarray(0, cut));
        buf.fill(0x41); // the caller reads the next bytes into the same buffer
        log.copy(buf, 0, cut);
        feed(buf.subarray(0, log.length - cut));
        s.end(emit);
        expect(out).toEqual(log.toString("latin1").split("\n").slice(0, 3));
      });
    }
  }
});
