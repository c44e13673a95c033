/** Shared pieces of the property, fuzz and nasty-input tests. */
import fc from "fast-check";
import { knowledge } from "../src/knowledge/index.js";

/** Fails a test when one call takes longer than this: a hang guard, not a speed test. */
export const HANG_LIMIT_MS = 2000;
export const LINE_64K = 64 * 1024;

/** Runs fn and returns its result and the time it took. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** Reference count of physical lines: LF, CRLF and lone CR end a line; a last line without an end counts. */
export function countLines(bytes: Uint8Array | string): number {
  const at = typeof bytes === "string" ? (i: number) => bytes.charCodeAt(i) : (i: number) => bytes[i]!;
  const n = bytes.length;
  let lines = 0;
  let open = false;
  for (let i = 0; i < n; i++) {
    const c = at(i);
    if (c === 10) {
      lines++;
      open = false;
    } else if (c === 13) {
      lines++;
      open = false;
      if (i + 1 < n && at(i + 1) === 10) i++;
    } else open = true;
  }
  return lines + (open ? 1 : 0);
}

/** Splits bytes into chunks at the given (sorted, deduplicated) cut points. */
export function chunked<T extends Uint8Array | string>(data: T, cuts: number[]): T[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort((a, b) => a - b);
  const out: T[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(data.slice(prev, p) as T);
    prev = p;
  }
  if (prev < data.length) out.push(data.slice(prev) as T);
  return out;
}

/** Pieces of real lines: dialect and prefix shapes, signature samples and keywords, escapes and oddities. */
export function tokens(): string[] {
  const k = knowledge();
  const t = new Set<string>([
    "\n", "\r\n", "\r", "\r\r\n", "\0", "\t", " ", "  ", ":", ": ", "(", ")", "[", "]", "<", ">", "#", ",", "=", "\"", "'", "{", "}", "|", "-", "+",
    "0", "1", "42", "-0x", "0x", "7200", "-0x0305", "-35", "50438", "0xC506", "FFFF8900", "12:34:56.789", "2024-05-01 ", "[2024-05-01 10:00:00.123] ", "[10:00:00.123]",
    "\x1b[0;31m", "\x1b[0m", "\x1b]0;title\x07", "\x1b", "\x9b", "\u009b31m", "␛[0m", "^[[0m", "<0x1b>[1m", "[1;33m", "\ufffd", "\u2028", "\u2029", "设备", "连接", "\ud800",
    "[inf](", "[err](", "[crt] ", "[prt] ", "[wrn] ", "I (", "E (", "W (", "[000123]<E> ", " [  12.345]<I> mod [func#12] : ", "[ 228.960]<F>awss ",
    "iotx_mc_connect(2769): ", "str_msg=", "state_code:", "err_code", "token=", "DeviceSecret : ", "password: ", "ssid: ", "ClientID : ", "Host : ", "Port : ",
  ]);
  for (const d of k.dialects) for (const s of d.samples) t.add(s.line);
  for (const p of k.prefixes) for (const s of p.samples) t.add(s);
  for (const s of k.signatures) {
    for (const w of s.keywords) t.add(w);
    for (const x of s.samples) t.add(x.line);
  }
  return [...t];
}

let toks: string[] | undefined;
/** Text made of real pieces: far more likely than random characters to reach the signatures and rules. */
export function logText(maxPieces = 60): fc.Arbitrary<string> {
  toks ??= tokens();
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...toks) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) }), { maxLength: maxPieces }).map((a) => a.join(""));
}

/** Bytes that look like a log: the text above in UTF-8, GBK-ish and raw byte runs mixed. */
export function logBytes(maxPieces = 60): fc.Arbitrary<Uint8Array> {
  const enc = new TextEncoder();
  return fc
    .array(fc.oneof({ weight: 5, arbitrary: logText(8).map((s) => enc.encode(s)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }) }), { maxLength: maxPieces })
    .map((parts) => {
      const n = parts.reduce((a, p) => a + p.length, 0);
      const out = new Uint8Array(n);
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    });
}

/**
 * 64 KiB single lines built to make regexes backtrack: every sample line of every dialect, prefix and
 * signature repeated, repeated without its last character, its first half repeated, each also followed by a
 * character that `.` does not match; plus runs of the characters the regexes care about.
 */
export function adversarialLines(size = LINE_64K): { name: string; line: string }[] {
  const k = knowledge();
  const samples = new Set<string>();
  for (const d of k.dialects) for (const s of d.samples) samples.add(s.line);
  for (const p of k.prefixes) for (const s of p.samples) samples.add(s);
  for (const s of k.signatures) for (const x of s.samples) samples.add(x.line);
  const fill = (unit: string, tail = "") => (unit.length === 0 ? tail : unit.repeat(Math.max(1, Math.floor((size - tail.length) / unit.length))) + tail);
  const out: { name: string; line: string }[] = [];
  for (const s of samples) {
    const half = s.slice(0, Math.ceil(s.length / 2));
    out.push({ name: `repeat ${s}`, line: fill(s + " ") });
    out.push({ name: `repeat-cut ${s}`, line: fill(s.slice(0, -1), "\u2028") });
    out.push({ name: `head ${half} + tail`, line: s.slice(0, 40) + fill(half, "\u2028") });
  }
  for (const unit of ["[", "(", "0", "0x", ":", ": ", " ", "\t", "a:", "[1", "[1;", "\x1b[", "\x1b]", "^[[", "<0x1b>[", "␛[", "\x1b[1;", "[0;", "str_msg=", "connect ", "ssid:", "token=", "=", "\"", "'", "\\", "-", "+", "1.", "I (1) a", "[inf](1) f(1): "]) {
    out.push({ name: `run ${JSON.stringify(unit)}`, line: fill(unit) });
    out.push({ name: `run ${JSON.stringify(unit)} + odd end`, line: fill(unit, "\u2028x") });
  }
  return out;
}

/**
 * 64 KiB lines aimed at one regex: its keywords, then runs of the literal pieces of its source (each piece,
 * two neighbours glued, with and without a separator), the way quadratic backtracking is usually found.
 */
export function regexPumps(re: string, keywords: string[], size = LINE_64K): string[] {
  const pieces = re
    .replace(/\\[dswDSWb]/g, "1")
    .replace(/\\(.)/g, "$1")
    .split(/[()|?*+{}[\]^$]|\.(?=[*+?{])/)
    .filter((x) => x.length >= 2);
  const kw = keywords.join(" ");
  const fill = (u: string, tail = "") => u.repeat(Math.max(1, Math.floor((size - tail.length) / u.length))) + tail;
  const out: string[] = [];
  pieces.forEach((p, i) => {
    out.push(kw + " " + fill(p), kw + " " + fill(p + " "), fill(p, " " + kw + "\u2028"));
    const next = pieces[i + 1];
    if (next !== undefined) out.push(kw + " " + fill(p + next), kw + " " + fill(p + "x" + next));
  });
  return out;
}
