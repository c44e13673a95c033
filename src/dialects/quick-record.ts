/**
 * The record DialectParser.parse() makes of a clean line (printable ASCII, as the analyzer's fast path
 * hands flagged lines over), read from the line's bytes: the serial-terminal stamps "[hh:mm:ss.mmm]",
 * "[YYYY-MM-DD hh:mm:ss.mmm]" and "YYYY-MM-DD hh:mm:ss.mmm", then the linkkit and ESP-IDF dialects. Only
 * the strings a record holds are made (the line, its message, its function or module), without running
 * a regex (about three times faster than decoding the line and parsing it). Any other shape, or anything
 * this reader is not sure of, is left to parse() (undefined). Written for the regexes listed in
 * quick-time.ts's WRITTEN_FOR and off when the knowledge differs; property tests compare it with parse().
 */
import type { CompiledDialect, Knowledge, Level } from "../knowledge/index.js";
import type { LogRecord } from "./record.js";
import { isWrittenFor } from "./quick-time.js";

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** \w */
const isWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** [A-Za-z_] */
const isWordStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** what \s and trimEnd take in a clean line: the space and TAB */
const isBlank = (c: number) => c === 0x20 || c === 0x09;
const code3 = (b: Uint8Array, i: number) => (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
const str3 = (s: string) => (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(2);
const LINKKIT_LEVELS = ["non", "crt", "err", "wrn", "inf", "dbg", "flw"].map(str3);
const PRT = str3("prt");

/** a Node.js Buffer's own decoder: this reader is used only where it exists */
export type Latin1Bytes = Uint8Array & { latin1Slice(start: number, end: number): string };

/** a record with every property present, in one order (one hidden class: see registry.ts) */
function newRecord(dialect: string, msg: string, line: number, text: string): LogRecord {
  return { line, text, msg, dialect, level: undefined, uptimeMs: undefined, clock: undefined, wallMs: undefined, module: undefined, func: undefined, srcLine: undefined, prefix: undefined, truncated: undefined };
}

export class QuickRecord {
  readonly enabled: boolean;
  private readonly linkkit: CompiledDialect;
  private readonly linkkitOld: CompiledDialect;
  private readonly linkkitBare: CompiledDialect;
  private readonly esp: CompiledDialect;
  /** printed level -> level, by the level's letters as a number */
  private readonly linkkitLevel = new Map<number, Level>();
  private readonly bareLevel = new Map<number, Level>();
  private readonly espLevel = new Map<number, Level>();
  /** what the stamps gave */
  private wallMs: number | undefined = undefined;
  private prefixId: string | undefined = undefined;
  /** the stamp being read: its time of day and date (ms) */
  private ms = 0;
  private day = -1;
  private dayMs = 0;

  constructor(k: Pick<Knowledge, "dialects" | "prefixes">, on = true) {
    this.enabled = on && isWrittenFor(k);
    const by = (id: string) => k.dialects.find((d) => d.id === id)!;
    this.linkkit = by("linkkit");
    this.linkkitOld = by("linkkit-old");
    this.linkkitBare = by("linkkit-bare");
    this.esp = by("esp-idf");
    if (!this.enabled) return;
    // (linkkit and linkkit-old share their levels: the reader below assumes it)
    for (const [k3, v] of Object.entries(this.linkkit.levels)) this.linkkitLevel.set(str3(k3), v);
    for (const [k3, v] of Object.entries(this.linkkitBare.levels)) this.bareLevel.set(str3(k3), v);
    for (const [c, v] of Object.entries(this.esp.levels)) this.espLevel.set(c.charCodeAt(0), v);
    const same = (a: Record<string, Level>, b: Record<string, Level>) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(this.linkkit.levels, this.linkkitOld.levels)) this.enabled = false;
  }

  /**
   * The record of the clean line b[s, e) (number `line`), as parse() would make it, or undefined when this
   * reader leaves the line to parse().
   */
  read(b: Latin1Bytes, s: number, e: number, line: number): LogRecord | undefined {
    if (!this.enabled) return undefined;
    let te = e;
    while (te > s && isBlank(b[te - 1]!)) te--;
    // serial-terminal stamps, at most two (as DialectParser.strip), the first one's time kept
    this.wallMs = undefined;
    this.prefixId = undefined;
    let p = s;
    for (let guard = 0; guard < 2; guard++) {
      const c = b[p]!;
      const d = c === 0x5b ? b[p + 1]! : c;
      if (p >= te || !isDigit(d)) break;
      const q = this.stamp(b, p, te);
      if (q < 0) return undefined;
      p = q;
    }
    if (p >= te) return undefined;
    const r = this.dialect(b, p, te, line, s);
    if (r === undefined) return undefined;
    if (this.wallMs !== undefined) r.wallMs = this.wallMs;
    if (this.prefixId !== undefined) r.prefix = this.prefixId;
    return r;
  }

  /** one stamp at p: the position after it (-1: not one read here) */
  private stamp(b: Uint8Array, p: number, te: number): number {
    let id: string;
    let q: number;
    let day = 0;
    if (b[p] === 0x5b) {
      if (b[p + 2] === 0x3a || b[p + 3] === 0x3a) {
        id = "bracket-time";
        q = this.clockTime(b, p + 1, te, true);
      } else {
        id = "bracket-datetime";
        q = this.date(b, p + 1, te);
        if (q >= 0) q = this.clockTime(b, q, te, true);
        day = this.dayMs;
      }
      if (q < 0 || q >= te || b[q] !== 0x5d) return -1;
      q++;
      // a serial tool's marker (the non-ASCII ones are not in clean lines), then one blank
      if (id === "bracket-time" && q + 1 < te) {
        const c0 = b[q]!, c1 = b[q + 1]!;
        if ((c0 === 0x52 || c0 === 0x54) && c1 === 0x58 && b[q + 2] === 0x3a && q + 2 < te) q += 3; // RX: TX:
        else if ((c0 === 0x3c && c1 === 0x2d) || (c0 === 0x2d && c1 === 0x3e)) q += 2; // <- ->
      }
      if (q < te && isBlank(b[q]!)) q++;
    } else {
      // (mmdd-time "MM-DD hh:mm:ss" fails the date here: the regexes read it)
      id = "datetime";
      q = this.date(b, p, te);
      if (q >= 0) q = this.clockTime(b, q, te, false);
      if (q < 0 || q >= te) return -1;
      const f = b[q]!;
      if (isBlank(f)) while (q < te && isBlank(b[q]!)) q++;
      else if (!(f === 0x5b || (f >= 0x41 && f <= 0x5a))) return -1;
      day = this.dayMs;
    }
    if (this.wallMs === undefined) {
      this.wallMs = day + this.ms;
      this.prefixId = id;
    }
    return q;
  }

  /** "YYYY-MM-DD" ('-' or '/') and ' ' or 'T' at p: sets dayMs, returns the position after (-1: not one) */
  private date(b: Uint8Array, p: number, te: number): number {
    if (p + 11 > te) return -1;
    for (const i of DATE_DIGITS) if (!isDigit(b[p + i]!)) return -1;
    const s4 = b[p + 4], s7 = b[p + 7], s10 = b[p + 10];
    if ((s4 !== 0x2d && s4 !== 0x2f) || (s7 !== 0x2d && s7 !== 0x2f) || (s10 !== 0x20 && s10 !== 0x54)) return -1;
    const d = (i: number) => b[p + i]! - 0x30;
    const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), mo = d(5) * 10 + d(6), dd = d(8) * 10 + d(9);
    const key = (y * 100 + mo) * 100 + dd;
    if (key !== this.day) {
      this.day = key;
      this.dayMs = Date.UTC(y, mo - 1, dd);
    }
    return p + 11;
  }

  /**
   * "h:mm:ss" or "hh:mm:ss" and a fraction of 1–6 digits after '.' or ',' (or ':' when `colon`): sets ms,
   * returns the position after it (-1: not one, or a fraction the regexes would not take)
   */
  private clockTime(b: Uint8Array, p: number, te: number, colon: boolean): number {
    if (p + 7 > te || !isDigit(b[p]!)) return -1;
    let h = b[p]! - 0x30;
    let i = p + 1;
    if (isDigit(b[i]!)) h = h * 10 + (b[i++]! - 0x30);
    if (i + 6 > te || b[i] !== 0x3a || b[i + 3] !== 0x3a) return -1;
    const m1 = b[i + 1]!, m2 = b[i + 2]!, s1 = b[i + 4]!, s2 = b[i + 5]!;
    if (!isDigit(m1) || !isDigit(m2) || !isDigit(s1) || !isDigit(s2)) return -1;
    let ms = ((h * 60 + (m1 - 0x30) * 10 + (m2 - 0x30)) * 60 + (s1 - 0x30) * 10 + (s2 - 0x30)) * 1000;
    i += 6;
    const sep = i < te ? b[i]! : -1;
    if (sep === 0x2e || sep === 0x2c || (colon && sep === 0x3a)) {
      const f0 = i + 1;
      let q = f0;
      while (q < te && isDigit(b[q]!)) q++;
      if (q === f0 || q - f0 > 6) return -1;
      ms += (b[f0]! - 0x30) * 100 + (f0 + 1 < q ? (b[f0 + 1]! - 0x30) * 10 : 0) + (f0 + 2 < q ? b[f0 + 2]! - 0x30 : 0);
      i = q;
    }
    this.ms = ms;
    return i;
  }

  /** the dialect record of the body b[p, te) of the line starting at s */
  private dialect(b: Latin1Bytes, p: number, te: number, line: number, s: number): LogRecord | undefined {
    const c0 = b[p]!, c1 = p + 1 < te ? b[p + 1]! : -1;
    if (c0 === 0x5b && c1 >= 0x61 && c1 <= 0x7a) {
      if (p + 4 >= te || b[p + 4] !== 0x5d) return undefined;
      const lv = code3(b, p + 1);
      const known = LINKKIT_LEVELS.includes(lv);
      if (!known && lv !== PRT) return undefined;
      const c5 = p + 5 < te ? b[p + 5]! : -1;
      if (known && (c5 === 0x28 || c5 === 0x20)) {
        const r = this.linkkitForm(b, p + 6, te, c5 === 0x28, lv, line, s);
        if (r !== null) return r;
      }
      // linkkit-bare: "[lvl]", an optional space, the message
      const text = b.latin1Slice(s, te);
      const r = newRecord(this.linkkitBare.id, text.slice(p + 5 - s).trim(), line, text);
      const level = this.bareLevel.get(lv);
      if (level) r.level = level;
      return r;
    }
    if ((c0 === 0x45 || c0 === 0x57 || c0 === 0x49 || c0 === 0x44 || c0 === 0x56) && c1 === 0x20 && b[p + 2] === 0x28) {
      // "L (uptime) module: message", the module up to the first colon
      const u0 = p + 3;
      let q = u0;
      let up = 0;
      while (q < te && isDigit(b[q]!)) up = up * 10 + (b[q++]! - 0x30);
      if (q === u0 || q - u0 > 15 || q + 1 >= te || b[q] !== 0x29 || b[q + 1] !== 0x20) return undefined;
      const m0 = q + 2;
      if (m0 >= te || b[m0] === 0x3a) return undefined;
      let colon = m0 + 1;
      while (colon < te && b[colon] !== 0x3a) colon++;
      if (colon >= te) return undefined;
      const d = this.esp;
      const text = b.latin1Slice(s, te);
      const r = newRecord(d.id, text.slice(colon + 1 - s).trim(), line, text);
      const level = this.espLevel.get(c0);
      if (level) r.level = level;
      r.uptimeMs = up;
      if (d.clock) r.clock = d.clock;
      r.module = text.slice(m0 - s, colon - s).trim();
      return r;
    }
    return undefined;
  }

  /**
   * linkkit "(uptime) func(line): msg" (withUptime, from after "[lvl](") or linkkit-old "func(line): msg"
   * (from after "[lvl] "); null when the form does not match (linkkit-bare takes the line), undefined
   * when a number is too long to add up exactly here (parse() decides)
   */
  private linkkitForm(b: Latin1Bytes, p: number, te: number, withUptime: boolean, lv: number, line: number, s: number): LogRecord | undefined | null {
    let up = 0;
    if (withUptime) {
      const u0 = p;
      while (p < te && isDigit(b[p]!)) up = up * 10 + (b[p++]! - 0x30);
      if (p === u0 || p + 1 >= te || b[p] !== 0x29 || b[p + 1] !== 0x20) return null;
      if (p - u0 > 15) return undefined;
      p += 2;
    }
    const f0 = p;
    if (p >= te || !isWordStart(b[p]!)) return null;
    for (p++; p < te && isWord(b[p]!); p++);
    const f1 = p;
    if (p >= te || b[p] !== 0x28) return null;
    const l0 = ++p;
    let srcLine = 0;
    while (p < te && isDigit(b[p]!)) srcLine = srcLine * 10 + (b[p++]! - 0x30);
    if (p === l0 || p + 1 >= te || b[p] !== 0x29 || b[p + 1] !== 0x3a) return null;
    if (p - l0 > 15) return undefined;
    const d = withUptime ? this.linkkit : this.linkkitOld;
    const text = b.latin1Slice(s, te);
    const r = newRecord(d.id, text.slice(p + 2 - s).trim(), line, text);
    const level = this.linkkitLevel.get(lv);
    if (level) r.level = level;
    if (withUptime) {
      r.uptimeMs = up;
      if (d.clock) r.clock = d.clock;
    }
    r.func = text.slice(f0 - s, f1 - s);
    r.srcLine = srcLine;
    return r;
  }
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
