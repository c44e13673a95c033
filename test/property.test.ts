/**
 * Property and fuzz tests (fast-check): whatever the bytes, the reader, the cleaner, the dialect parser,
 * the signature matcher, the code decoders and the whole analyzer never throw, finish in bounded time, and
 * every line number they report is a line of the input.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { LineSplitter, type PhysicalLine } from "../src/input/lines.js";
import { cleanLine, hasControl, noiseRatio } from "../src/input/clean.js";
import { DialectParser } from "../src/dialects/registry.js";
import { SignatureMatcher } from "../src/signatures/matcher.js";
import { decodeCode, decodeInFamily, formatCode, parseLooseNumber, codeMeaning, codeName } from "../src/knowledge/codes.js";
import { CODE_FAMILIES, knowledge } from "../src/knowledge/index.js";
import { explain, search } from "../src/knowledge/explain.js";
import { Analyzer, diagnose, redactText, renderJson, renderMarkdown, renderTerminal, type Report } from "../src/index.js";
import type { FlowEvent } from "../src/signatures/event.js";
import { HANG_LIMIT_MS, LINE_64K, adversarialLines, chunked, countLines, logBytes, logText, regexPumps, timed } from "./fuzz.js";

const root = join(__dirname, "..");
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(root, "schemas", "report.schema.json"), "utf8")));

function splitBytes(chunks: Uint8Array[], opts?: ConstructorParameters<typeof LineSplitter>[0]): { lines: PhysicalLine[]; s: LineSplitter } {
  const s = new LineSplitter(opts);
  const lines: PhysicalLine[] = [];
  for (const c of chunks) s.push(c, (l) => lines.push(l));
  s.end((l) => lines.push(l));
  return { lines, s };
}

function splitText(chunks: string[], opts?: ConstructorParameters<typeof LineSplitter>[0]): PhysicalLine[] {
  const s = new LineSplitter(opts);
  const lines: PhysicalLine[] = [];
  for (const c of chunks) s.pushString(c, (l) => lines.push(l));
  s.end((l) => lines.push(l));
  return lines;
}

const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 12 });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 3000 }), logBytes(80));

describe("LineSplitter (property)", () => {
  it("numbers every line 1..N without gaps, N = line ends (+1 for an unended last line), whatever the chunking", () => {
    fc.assert(
      fc.property(anyBytes, cuts, fc.constantFrom(undefined, 16, 200), (bytes, cs, max) => {
        const { lines, s } = splitBytes(chunked(bytes, cs), max ? { maxLineLength: max } : {});
        expect(lines.map((l) => l.no)).toEqual(lines.map((_, i) => i + 1));
        expect(s.stats.lines).toBe(lines.length);
        expect(s.stats.bytes).toBe(bytes.length);
        if (s.stats.encoding === "utf-8") expect(lines.length).toBe(countLines(bytes));
        for (const l of lines) {
          expect(l.text.includes("\n") || l.text.includes("\r") || l.text.includes("\0")).toBe(false);
          if (max) expect(l.text.length).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same lines whatever the chunk boundaries (encoding detection included)", () => {
    fc.assert(
      fc.property(anyBytes, cuts, (bytes, cs) => {
        const whole = splitBytes([bytes]);
        const parts = splitBytes(chunked(bytes, cs));
        expect(parts.lines).toEqual(whole.lines);
        expect(parts.s.stats).toEqual(whole.s.stats);
      }),
      { numRuns: 300 },
    );
  });

  it("UTF-16 input (BOM) and forced GBK never throw and keep the numbering", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), cuts, fc.constantFrom("utf-16le", "utf-16be", "gb18030", "utf-8", "auto") as fc.Arbitrary<"utf-8">, (bytes, cs, enc) => {
        const { lines } = splitBytes(chunked(bytes, cs), { encoding: enc });
        expect(lines.map((l) => l.no)).toEqual(lines.map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it("text input: same numbering rule and chunk independence", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 2000 }), logText(80)), cuts, (text, cs) => {
        const whole = splitText([text]);
        expect(whole.length).toBe(countLines(text));
        expect(splitText(chunked(text, cs))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("a 10 MB line without an end is cut to the limit, in bounded time", () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const { value, ms } = timed(() => splitBytes(chunked(big, [1, 65536, 3_000_000, 7_777_777])));
    expect(ms).toBeLessThan(HANG_LIMIT_MS);
    expect(value.lines).toHaveLength(1);
    expect(value.lines[0]!.truncated).toBe(true);
    expect(value.lines[0]!.text.length).toBe(LINE_64K);
  });
});

describe("cleanLine (property)", () => {
  it("never throws, never grows the text, leaves no escape or C0 control behind", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), logText(40)), (raw) => {
        const s = raw.replace(/[\r\n]/g, "");
        const c = cleanLine(s);
        expect(c.length).toBeLessThanOrEqual(s.length);
        expect(/[\x00-\x08\x0b-\x1f\x7f]/.test(c)).toBe(false);
        if (!hasControl(s)) expect(c).toBe(s);
        const r = noiseRatio(s);
        expect(r >= 0 && r <= 1).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("DialectParser and SignatureMatcher (property)", () => {
  const parser = new DialectParser();
  const matcher = new SignatureMatcher();
  it("every record and event carries the line it came from; uptimes are numbers", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), logText(30)), fc.integer({ min: 1, max: 1e9 }), fc.boolean(), (raw, no, trunc) => {
        const line = raw.replace(/[\r\n]/g, "");
        const recs = parser.parse(no, line, trunc);
        expect(recs.length).toBeGreaterThan(0);
        for (const r of recs) {
          expect(r.line).toBe(no);
          expect(typeof r.msg).toBe("string");
          if (r.uptimeMs !== undefined) expect(Number.isFinite(r.uptimeMs)).toBe(true);
          if (r.wallMs !== undefined) expect(Number.isFinite(r.wallMs)).toBe(true);
          for (const ev of matcher.match(r)) {
            expect(ev.line).toBe(no);
            for (const c of ev.codes) expect(CODE_FAMILIES).toContain(c.family);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("code decoders and explain (property)", () => {
  it("never throw on any text or number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[-+]?(0x)?[0-9a-fA-F]{0,12}[,;.!)]?$/), fc.integer().map(String)), fc.constantFrom(...CODE_FAMILIES), (s, fam) => {
        const v = parseLooseNumber(s);
        if (v !== undefined) expect(Number.isFinite(v)).toBe(true);
        const d = decodeCode(s, fam);
        if (d) {
          expect(codeName(d).length).toBeGreaterThan(0);
          expect(typeof codeMeaning(d, "zh")).toBe("string");
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 0x7fffffff, -0x80000000)), fc.constantFrom(...CODE_FAMILIES), (n, fam) => {
        decodeInFamily(fam, n);
        if (Number.isFinite(n)) formatCode(fam, n);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), logText(6)), fc.constantFrom("en", "zh") as fc.Arbitrary<"en">, (q, lang) => {
        const e = explain(q, lang);
        expect(e.found || e.suggestions.length >= 0).toBe(true);
        search(q, lang, 3);
      }),
      { numRuns: 300 },
    );
  });
});

function linesIn(r: Report): number[] {
  const out: number[] = [];
  for (const f of r.findings) for (const e of f.evidence) out.push(e.line);
  for (const s of Object.values(r.stages)) {
    if (s.start) out.push(s.start.line);
    if (s.end) out.push(s.end.line);
  }
  for (const a of r.attempts.list) out.push(a.line, a.endLine);
  out.push(...r.input.truncatedLines);
  return out;
}

describe("Analyzer (property)", () => {
  it("never throws; the report validates; every line it cites is a line of the input; chunking changes nothing", () => {
    fc.assert(
      fc.property(anyBytes, cuts, (bytes, cs) => {
        const events: FlowEvent[] = [];
        const a = new Analyzer({ onEvent: (e) => events.push(e) });
        for (const c of chunked(bytes, cs)) a.write(c);
        const r = a.end();
        expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
        const n = r.input.lines;
        if (r.input.encoding.startsWith("utf-8")) expect(n).toBe(countLines(bytes));
        for (const l of linesIn(r)) {
          expect(l).toBeGreaterThanOrEqual(1);
          expect(l).toBeLessThanOrEqual(n);
        }
        for (let i = 1; i < events.length; i++) expect(events[i]!.line).toBeGreaterThanOrEqual(events[i - 1]!.line);
        for (const e of events) expect(e.line >= 1 && e.line <= n).toBe(true);
        // one chunk or many: the same report
        expect(renderJson(diagnose(bytes))).toBe(renderJson(r));
        // and every view renders
        renderTerminal(r, { verbose: true, color: true });
        renderMarkdown(r);
      }),
      { numRuns: 250 },
    );
  });

  it("text and bytes give the same report for ASCII logs", () => {
    fc.assert(
      fc.property(logText(60).map((s) => s.replace(/[^\x00-\x7f]/g, "")), (text) => {
        const fromText = diagnose(text);
        const fromBytes = diagnose(new TextEncoder().encode(text));
        expect({ ...fromText, input: { ...fromText.input, bytes: 0 } }).toEqual({ ...fromBytes, input: { ...fromBytes.input, bytes: 0 } });
      }),
      { numRuns: 200 },
    );
  });
});

describe("hang guard: 64 KiB adversarial lines", () => {
  const lines = adversarialLines();
  it(`${lines.length} lines built from every sample: each analysed in < ${HANG_LIMIT_MS} ms`, () => {
    const slow: string[] = [];
    for (const { name, line } of lines) {
      const { ms } = timed(() => diagnose(line + "\n" + line.slice(0, 2000)));
      if (ms > HANG_LIMIT_MS) slow.push(`${Math.round(ms)} ms: ${name}`);
    }
    expect(slow).toEqual([]);
  }, 300_000);

  it("the cleaner, the parser and each signature on its own stay bounded too", () => {
    const parser = new DialectParser();
    const matcher = new SignatureMatcher();
    const slow: string[] = [];
    for (const s of knowledge().signatures) {
      for (const sample of s.samples) {
        const rec = parser.parse(1, sample.line)[0]!;
        for (const msg of [rec.msg.repeat(Math.ceil(LINE_64K / Math.max(1, rec.msg.length))), rec.msg.slice(0, -1).repeat(Math.ceil(LINE_64K / Math.max(1, rec.msg.length))) + "\u2028"]) {
          const { ms } = timed(() => matcher.match({ ...rec, msg, text: msg }));
          if (ms > HANG_LIMIT_MS) slow.push(`${Math.round(ms)} ms: ${s.id}`);
        }
      }
    }
    for (const s of knowledge().signatures) {
      for (const line of regexPumps(s.re, s.keywords)) {
        const { ms } = timed(() => s.regex.exec(line));
        if (ms > HANG_LIMIT_MS / 4) slow.push(`${Math.round(ms)} ms: ${s.id} on ${JSON.stringify(line.slice(0, 60))}`);
      }
    }
    for (const d of [...knowledge().dialects, ...knowledge().prefixes]) {
      for (const line of regexPumps(d.re, [])) {
        const { ms } = timed(() => d.regex.exec(line));
        if (ms > HANG_LIMIT_MS / 4) slow.push(`${Math.round(ms)} ms: ${d.id} on ${JSON.stringify(line.slice(0, 60))}`);
      }
    }
    for (const { name, line } of adversarialLines()) {
      const { ms } = timed(() => parser.parse(1, line));
      if (ms > HANG_LIMIT_MS) slow.push(`${Math.round(ms)} ms: parse ${name}`);
      const c = timed(() => cleanLine(line));
      if (c.ms > HANG_LIMIT_MS) slow.push(`${Math.round(c.ms)} ms: clean ${name}`);
    }
    expect(slow).toEqual([]);
  }, 300_000);

  it("masking (redactText, every rule) on 64 KiB lines stays bounded", () => {
    const units = ["password: ", "password: a", '"token":"', '\\"token\\":\\"', "token=", "ssid: ", 'ssid":"', "DeviceName : ", "1.1.1.", "aa:", "mac:", "DS : x", "app token set (1):", "connected with ", "a1", "g", "secret", "0123456789abcdef", "password: x, channel"];
    const lines = [...adversarialLines().map((x) => x.line), ...units.map((u) => u.repeat(Math.ceil(LINE_64K / u.length)))];
    const slow: string[] = [];
    for (const line of lines) {
      const { ms } = timed(() => redactText(line, { secrets: true, ids: true, values: ["fixdev06", "a1Fix000006"] }));
      if (ms > HANG_LIMIT_MS) slow.push(`${Math.round(ms)} ms: ${JSON.stringify(line.slice(0, 40))}`);
    }
    expect(slow).toEqual([]);
  }, 120_000);

  it("explain on a 64 KiB query stays bounded", () => {
    for (const q of ["A".repeat(LINE_64K), "0x" + "f".repeat(LINE_64K), "-" + "1".repeat(LINE_64K), "connack ".repeat(8192), "[inf](1) f(1): ".repeat(4000)]) {
      const { ms } = timed(() => explain(q));
      expect(ms, q.slice(0, 20)).toBeLessThan(HANG_LIMIT_MS);
    }
  }, 120_000);
});
