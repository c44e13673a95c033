/**
 * Nasty inputs (test/fixtures/nasty/, the big and binary ones generated here): no crash, a sensible verdict
 * or a clear note, every report valid against the schema.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Analyzer, diagnose, type Report } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { HANG_LIMIT_MS, countLines, timed } from "./fuzz.js";

const root = join(__dirname, "..");
const nasty = (n: string) => readFileSync(join(root, "test", "fixtures", "nasty", n));
const flows = (n: string) => readFileSync(join(root, "test", "fixtures", "flows", n));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, "schemas", "report.schema.json"), "utf8")));

function check(bytes: Uint8Array, name: string): Report {
  const r = diagnose(bytes, { name, lang: "en" });
  expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
  return r;
}

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function cli(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe("nasty inputs", () => {
  it("random bytes: no crash, every line counted, noise and 'not a log' said", () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    const { value: r, ms } = timed(() => check(bytes, "random.bin"));
    expect(ms).toBeLessThan(30_000);
    expect(r.input.lines).toBe(countLines(bytes));
    expect(r.verdict.status).not.toBe("ok");
    expect(r.notes.some((n) => /binary noise/.test(n))).toBe(true);
  }, 60_000);

  it("a 10 MB single line: cut at 64 KiB, said in the notes, quick", () => {
    const line = Buffer.alloc(10 * 1024 * 1024, "[inf](1) x(1): mqtt connect success! ");
    const { value: r, ms } = timed(() => check(line, "one-line.log"));
    expect(ms).toBeLessThan(HANG_LIMIT_MS * 5);
    expect(r.input.lines).toBe(1);
    expect(r.input.truncatedLines).toEqual([1]);
    expect(r.notes[0]).toMatch(/1 line\(s\) longer than 64 KiB were cut \(first: line 1\)/);
  });

  it("a file of NULs: NULs removed, 'only NUL bytes' found, no verdict claimed", () => {
    const r = check(new Uint8Array(1024 * 1024), "nul.bin");
    expect(r.verdict).toMatchObject({ status: "incomplete", primaryCause: "unknown" });
    expect(r.notes.join("\n")).toMatch(/NUL bytes were removed/);
    expect(r.notes.join("\n")).toMatch(/Found: only NUL bytes/);
  });

  it("an empty file: said so; no 'ok' verdict", () => {
    const r = check(nasty("empty.log"), "empty.log");
    expect(r.input.lines).toBe(0);
    expect(r.verdict).toMatchObject({ status: "incomplete", failedStage: null, primaryCause: "unknown", title: "Empty input" });
    expect(r.notes).toEqual(["The input is empty (0 bytes): there is nothing to analyse."]);
  });

  it("mixed UTF-8 and GBK, also within one line: every Chinese print readable, the cause found", () => {
    const r = check(nasty("mixed-utf8-gbk.log"), "mixed-utf8-gbk.log");
    expect(r.verdict.primaryCause).toBe("cloud.connack-timeout");
    expect(r.input.gbkLines).toBe(3);
    expect(r.input.encoding).toBe("utf-8+gb18030");
    expect(r.notes).toContain("3 line(s) were not UTF-8 and were read as GBK/GB18030.");
  });

  it("CR-only line ends: the same lines and the same diagnosis as with LF", () => {
    const cr = check(nasty("cr-only.log"), "cr-only.log");
    const lf = check(flows("tls-buffer-7200.log"), "tls-buffer-7200.log");
    expect(cr.input.lines).toBe(lf.input.lines);
    expect(cr.verdict).toEqual(lf.verdict);
    expect(cr.stages).toEqual(lf.stages);
    expect(cr.findings.map((f) => f.evidence)).toEqual(lf.findings.map((f) => f.evidence));
  });

  it("two logs concatenated (the first without a final line end): two boots, the verdict about the last, said in a note", () => {
    const r = check(nasty("two-logs.log"), "two-logs.log");
    expect(r.boots).toMatchObject({ count: 2, scope: 2 });
    expect(r.verdict.status).toBe("ok");
    // the first log's failure is still reported, as a warning
    expect(r.findings.find((f) => f.id === "cloud.connack-timeout")?.severity).toBe("warning");
    expect(r.notes).toContain("The log holds 2 boots of the device; the verdict is about boot 2 (from line 105).");
  });

  it("timestamps going backwards: the diagnosis stands, no negative durations", () => {
    const r = check(nasty("time-backwards.log"), "time-backwards.log");
    expect(r.verdict.primaryCause).toBe("cloud.tls-buffer-too-small");
    expect(r.timeAxis).toBe("wall");
    for (const s of Object.values(r.stages)) if (s.durationMs !== undefined) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    for (const a of r.attempts.list) if (a.t !== undefined && a.tEnd !== undefined) expect(a.tEnd).toBeGreaterThanOrEqual(0);
  });

  it("interleaved lines from two tasks: glued prints are split, the cause still found", () => {
    const r = check(nasty("interleaved-tasks.log"), "interleaved-tasks.log");
    expect(r.verdict.primaryCause).toBe("cloud.connack-timeout");
    expect(r.stages.wifi.status).toBe("ok");
    expect(r.stages.cloud.status).toBe("fail");
    expect(r.attempts.total).toBe(2);
  });

  it("a line cut in the middle of a code: the cut number is not decoded, a note says where", () => {
    const r = check(nasty("cut-code.log"), "cut-code.log");
    expect(r.verdict.failedStage).toBe("cloud");
    const codes = r.findings.flatMap((f) => f.codes.map((c) => c.raw));
    expect(codes).not.toContain("-0x7");
    expect(codes).not.toContain("-0x72");
    expect(r.notes).toContain("The log ends in the middle of line 83: the number at its end (-0x7) may be cut short, so it was not decoded.");
  });

  it("not a log at all: says what was found (a file type, or the first line)", () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(randomBytes(2000))]);
    expect(check(png, "x.png").notes.join("\n")).toMatch(/Found: a PNG image/);
    expect(check(Buffer.from('{"a": 1,\n "b": [1, 2]}\n'), "x.json").notes.join("\n")).toMatch(/Found: JSON, first line "\{"a": 1,"/);
    expect(check(Buffer.from("<!DOCTYPE html><html><body>hi</body></html>\n"), "x.html").notes.join("\n")).toMatch(/Found: HTML\/XML/);
    const text = check(Buffer.from("Dear support,\nmy device does not work.\n"), "mail.txt");
    expect(text.notes.join("\n")).toMatch(/None of the 2 lines is a known Link Kit \/ Smart Life SDK message: is this a device log\? Found: text, first line "Dear support,"/);
    expect(text.verdict).toMatchObject({ status: "incomplete", primaryCause: "unknown" });
    // what was found is masked like everything else
    const secret = check(Buffer.from("password=hunter2secret\n"), "x.txt");
    expect(JSON.stringify(secret)).not.toContain("hunter2secret");
  });

  it("a truncated .gz: what could be read is analysed, the note says the gzip data is cut", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-nasty-"));
    const gz = gzipSync(flows("connack-timeout-16.log"));
    writeFileSync(join(dir, "cut.log.gz"), gz.subarray(0, Math.floor(gz.length * 0.7)));
    const r = await cli(["analyze", join(dir, "cut.log.gz"), "--json"]);
    expect(r.err).toBe("");
    const j = JSON.parse(r.out);
    expect(j.notes[0]).toMatch(/gzip data is damaged or cut/);
    expect(j.input.lines).toBeGreaterThan(40);
    // a .gz holding nothing at all
    writeFileSync(join(dir, "empty.log.gz"), Buffer.alloc(0));
    const e = await cli(["analyze", join(dir, "empty.log.gz"), "--json"]);
    expect(e.code).toBe(2);
    expect(e.err.trim().split("\n")).toHaveLength(1);
  });

  it("every nasty fixture also survives being fed byte by byte in odd chunks", () => {
    for (const n of ["cr-only.log", "two-logs.log", "mixed-utf8-gbk.log", "cut-code.log", "interleaved-tasks.log", "time-backwards.log"]) {
      const bytes = nasty(n);
      const whole = diagnose(bytes, { name: n });
      const a = new Analyzer({ name: n });
      for (let i = 0; i < bytes.length; i += 7) a.write(bytes.subarray(i, i + 7));
      // (input.dialects counts the lines that were parsed: the fast path parses only flagged lines, and
      // lines cut by a chunk boundary are parsed whole)
      const same = (r: Report) => ({ ...r, input: { ...r.input, dialects: {} } });
      expect(same(a.end()), n).toEqual(same(whole));
    }
  });
});
