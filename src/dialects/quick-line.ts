/**
 * Log lines of the shapes most logs are made of, read from their bytes without decoding them or running a
 * regex: the serial-terminal stamps "[hh:mm:ss.mmm]", "[YYYY-MM-DD hh:mm:ss.mmm]" and "YYYY-MM-DD
 * hh:mm:ss.mmm", then the linkkit and ESP-IDF dialects. For the analyzer's fast path:
 * - time(): the time a skipped line shows (of each run of lines without keywords only the last timed one
 *   counts, see Analyzer.skipped), also answering "no time" for lines that cannot hold an SDK prefix;
 * - record(): the record DialectParser.parse() makes of a clean flagged line, with only the strings a
 *   record holds (the line once, its message, function or module as slices of it).
 * Both follow the regexes of knowledge/dialects exactly for the shapes they know and leave everything
 * else, or anything they are not sure of, to the regexes (QUICK_UNKNOWN, undefined). They are written for
 * the regexes listed in WRITTEN_FOR: when the knowledge differs, they stand aside until updated. Lines
 * for record() are printable ASCII; lines for time() may also hold colour sequences (ESC "[" … "m"), which
 * the filter passes over: time() then answers as parse() does after cleaning them, or QUICK_UNKNOWN.
 * Property tests compare both with the regexes.
 */
import { knowledge, type Knowledge, type Level } from "../knowledge/index.js";
import { newRecord, type LogRecord } from "./record.js";
import { sgrEnd } from "../input/clean.js";
import type { Latin1Bytes } from "../input/lines.js";

export const QUICK_UNKNOWN = 0;
export const QUICK_NONE = 1;
export const QUICK_TIME = 2;
export type QuickAnswer = typeof QUICK_UNKNOWN | typeof QUICK_NONE | typeof QUICK_TIME;

/** the dialects and prefixes, in knowledge order, whose regexes this reader implements */
export const WRITTEN_FOR = {
  dialects: [
    ["linkkit", "^\\[(?<level>non|crt|err|wrn|inf|dbg|flw)\\]\\((?<uptime>\\d+)\\) (?<func>[A-Za-z_]\\w*)\\((?<srcline>\\d+)\\): ?(?<msg>.*)$"],
    ["linkkit-old", "^\\[(?<level>non|crt|err|wrn|inf|dbg|flw)\\] (?<func>[A-Za-z_]\\w*)\\((?<srcline>\\d+)\\): ?(?<msg>.*)$"],
    ["linkkit-bare", "^\\[(?<level>non|crt|err|wrn|inf|dbg|flw|prt)\\] ?(?<msg>.*)$"],
    ["esp-idf", "^(?<level>[EWIDV]) \\((?<uptime>\\d+)\\) (?<module>[^:]+?): ?(?<msg>.*)$"],
    ["aos-verbose", "^ ?\\[\\s*(?<sec>\\d+)\\.(?<msec>\\d{3})\\]<(?<level>[FEWIDVA])> (?<module>\\S+) \\[(?<func>[^#\\]]+)#(?<srcline>\\d+)\\] : ?(?<msg>.*)$"],
    ["aos3", "^ ?\\[\\s*(?<sec>\\d+)\\.(?<msec>\\d{3})\\]<(?<level>[FEWIDVA])>(?<module>\\S+) (?<msg>.*)$"],
    ["aos", "^\\[(?<uptime>\\d{6,})\\]<(?<level>[FEWIDVA])> ?(?<msg>.*)$"],
    ["app-trace", "^(?<func>[A-Za-z_]\\w*)\\.(?<srcline>\\d+): (?<msg>.*)$"],
  ],
  prefixes: [
    ["bracket-datetime", "^\\[(?<date>\\d{4}[-/]\\d{2}[-/]\\d{2})[ T](?<time>\\d{1,2}:\\d{2}:\\d{2}(?:[.,:]\\d{1,6})?)\\]\\s?"],
    ["bracket-time", "^\\[(?<time>\\d{1,2}:\\d{2}:\\d{2}(?:[.,:]\\d{1,6})?)\\](?:收←◆|发→◇|RX:|TX:|<-|->)?\\s?"],
    ["datetime", "^(?<date>\\d{4}[-/]\\d{2}[-/]\\d{2})[ T](?<time>\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d{1,6})?)(?:\\s+|(?=[\\[A-Z]))"],
    ["mmdd-time", "^(?<mmdd>\\d{2}-\\d{2}) (?<time>\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)\\s?"],
  ],
} as const;

/** whether the knowledge's dialects and prefixes are the ones the quick readers were written for */
function isWrittenFor(k: Pick<Knowledge, "dialects" | "prefixes">): boolean {
  const same = (have: { id: string; re: string }[], want: readonly (readonly [string, string])[]) =>
    have.length === want.length && have.every((d, i) => d.id === want[i]![0] && d.re === want[i]![1]);
  return same(k.dialects, WRITTEN_FOR.dialects) && same(k.prefixes, WRITTEN_FOR.prefixes);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** \w */
const isWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** [A-Za-z_] */
const isWordStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** what String.prototype.trimEnd removes, in ASCII (TAB, LF, VT, FF, CR, space) */
const isTrimmed = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
/** what \s takes in a printable ASCII line: the space and TAB */
const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isAosLevel = (c: number) => c === 0x46 || c === 0x45 || c === 0x57 || c === 0x49 || c === 0x44 || c === 0x56 || c === 0x41;
/** whether a serial stamp may start at the "[" at p (DialectParser's prefixes: "[h:", "[hh:", "[dddd-", "[dddd/") */
const bracketStampShape = (b: Uint8Array, p: number, te: number) =>
  (p + 2 < te && b[p + 2] === 0x3a) || (p + 3 < te && b[p + 3] === 0x3a) || (p + 5 < te && (b[p + 5] === 0x2d || b[p + 5] === 0x2f));
/** the first position of b[a, z) that is not a blank (z when none) */
const skipBlanks = (b: Uint8Array, a: number, z: number) => {
  while (a < z && isBlank(b[a]!)) a++;
  return a;
};
/** the end of b[a, z) without its trailing blanks */
const dropBlanks = (b: Uint8Array, a: number, z: number) => {
  while (z > a && isBlank(b[z - 1]!)) z--;
  return z;
};
const isEspLevel = (c: number) => c === 0x45 || c === 0x57 || c === 0x49 || c === 0x44 || c === 0x56;
const code3 = (b: Uint8Array, i: number) => (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
const str3 = (s: string) => (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(2);
const LINKKIT_LEVELS = ["non", "crt", "err", "wrn", "inf", "dbg", "flw"].map(str3);
const PRT = str3("prt");
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
/** the digits of "[hh:mm:ss.mmm]", and of the time in "YYYY-MM-DD hh:mm:ss.mmm" */
const BRACKET_STAMP_DIGITS = [1, 2, 4, 5, 7, 8, 10, 11, 12];
const DATETIME_STAMP_DIGITS = [11, 12, 14, 15, 17, 18, 20, 21, 22];

/** what header() found after the stamps */
const H_NOT = 0; // not a form read here
const H_LINKKIT = 1;
const H_OLD = 2;
const H_BARE = 3;
const H_ESP = 4;
const H_LONG = 5; // a form read here, with a number too long to add up exactly: the regexes decide
const H_AOS = 6; // AliOS Things "[uptime]<L> msg"
const H_AOS_VERBOSE = 7; // AliOS Things "[ sec.ms]<L> module [func#line] : msg"
const H_AOS3 = 8; // AliOS Things 3.x "[ sec.ms]<L>module msg"
type Header = typeof H_NOT | typeof H_LINKKIT | typeof H_OLD | typeof H_BARE | typeof H_ESP | typeof H_LONG | typeof H_AOS | typeof H_AOS_VERBOSE | typeof H_AOS3;



/** a form header() reads: its dialect, its levels by printed level, and the parts its records have */
interface Form {
  /**
   * the dialect's id and clock, copied: the dialects' objects differ in shape (their optional
   * properties), and reading them through the dialect made the hot code see a new shape with each new
   * dialect in a log (and be compiled again)
   */
  id: string;
  clock: string | undefined;
  levels: Map<number, Level>;
  /** it shows an uptime (of the dialect's clock) */
  timed: boolean;
  module: boolean;
  /** a function and its source line */
  func: boolean;
}

export class QuickLine {
  /** false: the knowledge is not what this reader was written for; it leaves every line to the regexes */
  readonly enabled: boolean;
  /** the time of the last QUICK_TIME answer of time() (a wall-clock time wins: the uptime is then not given) */
  wallMs: number | undefined = undefined;
  uptimeMs: number | undefined = undefined;
  clock: string | undefined = undefined;

  /** what each form header() reads makes of a line, by its H_ constant */
  private readonly forms: Form[] = [];

  /** what stamp() read: the first stamp's time and id */
  private stampMs: number | undefined = undefined;
  private stampId: string | undefined = undefined;
  /** the stamp being read: its time of day and date (ms) */
  private ms = 0;
  private day = -1;
  /**
   * (NaN until read, not 0: a date's ms do not fit V8's small integers, and a field that starts as one
   * changes its representation on the first date, which deoptimised every function using this object)
   */
  private dayMs = NaN;
  /**
   * what header() read: uptime, printed level (as a number), module [h0, h1) and function [f0, f1) (both
   * trimmed, for the forms that have them), source line, message start (the uptime NaN until read, as
   * dayMs: uptimes of more than 12 days do not fit a small integer)
   */
  private hUptime = NaN;
  private hLevel = 0;
  private h0 = 0;
  private h1 = 0;
  private f0 = 0;
  private f1 = 0;
  private hSrcLine = 0;
  private hMsg = 0;

  constructor(k: Pick<Knowledge, "dialects" | "prefixes"> = knowledge(), on = true) {
    const by = (id: string) => k.dialects.find((d) => d.id === id)!;
    // (linkkit and linkkit-old share their levels: header() assumes it)
    this.enabled = on && isWrittenFor(k) && JSON.stringify(by("linkkit").levels) === JSON.stringify(by("linkkit-old").levels);
    if (!this.enabled) return;
    // printed level -> level, by the level's letters as a number (three for linkkit's, one for the others)
    const form = (id: string, timed: boolean, module: boolean, func: boolean): Form => {
      const d = by(id);
      const levels = new Map<number, Level>();
      for (const [p, v] of Object.entries(d.levels)) levels.set(p.length === 3 ? str3(p) : p.charCodeAt(0), v);
      return { id: d.id, clock: d.clock, levels, timed, module, func };
    };
    this.forms[H_LINKKIT] = form("linkkit", true, false, true);
    this.forms[H_OLD] = form("linkkit-old", false, false, true);
    this.forms[H_BARE] = form("linkkit-bare", false, false, false);
    this.forms[H_ESP] = form("esp-idf", true, true, false);
    this.forms[H_AOS] = form("aos", true, false, false);
    this.forms[H_AOS_VERBOSE] = form("aos-verbose", true, true, true);
    this.forms[H_AOS3] = form("aos3", true, true, false);
  }

  /**
   * What the line b[s, e) shows, as DialectParser.timeOf (else parse()) would say: QUICK_TIME (see wallMs,
   * uptimeMs, clock), QUICK_NONE (no time), or QUICK_UNKNOWN.
   */
  time(b: Uint8Array, s: number, e: number): QuickAnswer {
    if (!this.enabled) return QUICK_UNKNOWN;
    let te = e;
    while (te > s && isTrimmed(b[te - 1]!)) te--;
    if (te > s && b[te - 1]! >= 0x80) return QUICK_UNKNOWN; // (non-ASCII white space?)
    // leading colour sequences (the filter passes over them; the cleaner removes them): the cleaned line
    // starts after them
    while (s < te && b[s] === 0x1b) {
      s = sgrEnd(b, s, te);
      if (s < 0) return QUICK_UNKNOWN;
    }
    if (te <= s) return QUICK_NONE;
    const c0 = b[s]!;
    const c1 = s + 1 < te ? b[s + 1]! : -1;
    // serial-terminal stamps: only tried on a digit or "[" and a digit (see DialectParser.strip); the
    // first one's time is the line's
    if (isDigit(c0) || (c0 === 0x5b && isDigit(c1) && bracketStampShape(b, s, te))) {
      if (isDigit(c0)) {
        const sep4 = s + 4 < te ? b[s + 4]! : -1;
        if (sep4 !== 0x2d && sep4 !== 0x2f) {
          if (s + 2 < te && b[s + 2] === 0x2d) return QUICK_UNKNOWN; // (mmdd-time)
          // no stamp can match: the line is its own body, which no dialect with a time takes
          return this.noTimeDialect(b, s, te);
        }
      }
      this.stampMs = undefined;
      if (this.stamp(b, s, te) < 0) return QUICK_UNKNOWN;
      this.set(this.stampMs, undefined, undefined);
      return QUICK_TIME;
    }
    const h = this.header(b, s, te);
    const f = this.forms[h];
    if (f?.timed) {
      this.set(undefined, this.hUptime, f.clock);
      return QUICK_TIME;
    }
    switch (h) {
      case H_OLD:
        return QUICK_NONE;
      case H_BARE:
        // (a colour sequence the cleaner removes may hide the linkkit form: "[inf]ESC[0m(12) f(3): x")
        return this.hLevel !== PRT && this.hasEsc(b, s, te) ? QUICK_UNKNOWN : QUICK_NONE;
      case H_LONG:
        return QUICK_UNKNOWN;
    }
    // not a form read here: no dialect with a time takes the line, unless it has a "[" or "(" (AliOS Things
    // forms, a linkkit level not known, an embedded prefix): then the regexes decide
    return this.noTimeDialect(b, s, te);
  }

  /**
   * The wall-clock time (ms) of a line b[s, e) that starts with one of the two usual serial stamps,
   * "[hh:mm:ss.mmm]" (or "," or ":" before the milliseconds) or "YYYY-MM-DD hh:mm:ss.mmm " (then white
   * space, "[" or a capital), -1 for any other line: what time() answers for such a line (QUICK_TIME, that
   * time, no uptime) without its general path; the runs of a stamped log end in lines like that (see
   * Analyzer.skipped).
   */
  stampTime(b: Uint8Array, s: number, e: number): number {
    if (!this.enabled || e - s < 14) return -1;
    const d = (k: number) => b[s + k]! - 0x30;
    if (b[s] === 0x5b) {
      if (b[s + 3] !== 0x3a || b[s + 6] !== 0x3a || b[s + 13] !== 0x5d) return -1;
      const sep = b[s + 9];
      if (sep !== 0x2e && sep !== 0x2c && sep !== 0x3a) return -1;
      for (const k of BRACKET_STAMP_DIGITS) if (!isDigit(b[s + k]!)) return -1;
      return (((d(1) * 10 + d(2)) * 60 + d(4) * 10 + d(5)) * 60 + d(7) * 10 + d(8)) * 1000 + d(10) * 100 + d(11) * 10 + d(12);
    }
    if (e - s < 24 || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a || (b[s + 19] !== 0x2e && b[s + 19] !== 0x2c)) return -1;
    const f = b[s + 23]!;
    if (!(isBlank(f) || f === 0x5b || (f >= 0x41 && f <= 0x5a))) return -1;
    // (something must follow the white space: the prefix regex wants it, time() trims the end first)
    let te = e;
    while (te > s && isTrimmed(b[te - 1]!)) te--;
    if (te <= s + 23) return -1;
    for (const k of DATETIME_STAMP_DIGITS) if (!isDigit(b[s + k]!)) return -1;
    // (the date as date() reads it: "-" or "/", then " " or "T")
    if (this.date(b, s, e) < 0) return -1;
    return this.dayMs + (((d(11) * 10 + d(12)) * 60 + d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18)) * 1000 + d(20) * 100 + d(21) * 10 + d(22);
  }

  /**
   * The record parse() makes of the clean line b[s, e) (number `line`), or undefined when this reader
   * leaves the line to parse().
   */
  record(b: Latin1Bytes, s: number, e: number, line: number): LogRecord | undefined {
    if (!this.enabled) return undefined;
    const te = dropBlanks(b, s, e);
    // serial-terminal stamps, at most two (as DialectParser.strip), the first one's time kept
    this.stampMs = undefined;
    this.stampId = undefined;
    let p = s;
    for (let guard = 0; guard < 2 && p < te; guard++) {
      const c = b[p]!;
      if (!isDigit(c === 0x5b ? b[p + 1]! : c)) break;
      // (no stamp can start here: the body does, "[108189]<E> ..." say)
      if (c === 0x5b && !bracketStampShape(b, p, te)) break;
      p = this.stamp(b, p, te);
      if (p < 0) return undefined;
    }
    if (p >= te) return undefined;
    const h = this.header(b, p, te);
    if (h === H_NOT || h === H_LONG) return undefined;
    const text = b.latin1Slice(s, te);
    // the message: the body from hMsg, trimmed (te is trimmed already; a clean line's white space is
    // blanks only, all that String.prototype.trim would take)
    const m = skipBlanks(b, this.hMsg, te);
    this.msgStart = m;
    this.msgEnd = Math.max(m, te);
    const msg = m < te ? text.slice(m - s) : "";
    const f = this.forms[h]!;
    const r = newRecord(f.id, msg, line, text);
    const level = f.levels.get(this.hLevel);
    if (level) r.level = level;
    if (f.timed) {
      r.uptimeMs = this.hUptime;
      if (f.clock) r.clock = f.clock;
    }
    if (f.module) r.module = text.slice(this.h0 - s, this.h1 - s);
    if (f.func) {
      r.func = text.slice(this.f0 - s, this.f1 - s);
      r.srcLine = this.hSrcLine;
    }
    if (this.stampMs !== undefined) r.wallMs = this.stampMs;
    if (this.stampId !== undefined) r.prefix = this.stampId;
    return r;
  }

  /** the byte range [msgStart, msgEnd) of the message of the last record() made */
  msgStart = 0;
  msgEnd = 0;

  private hasEsc(b: Uint8Array, s: number, te: number): boolean {
    for (let i = s; i < te; i++) if (b[i] === 0x1b) return true;
    return false;
  }

  /**
   * A body that only app-trace (no time) can take: with or without it, the line shows no time unless an
   * SDK prefix is embedded in it, which needs a "[" or a "(".
   */
  private noTimeDialect(b: Uint8Array, s: number, te: number): QuickAnswer {
    for (let i = s; i < te; i++) {
      const c = b[i]!;
      if (c === 0x5b || c === 0x28) return QUICK_UNKNOWN;
    }
    return QUICK_NONE;
  }

  /**
   * One stamp at p: the position after it (-1: not one read here); the first stamp's time and id are kept
   * (stampMs, stampId).
   */
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
      // a serial tool's marker (the non-ASCII ones are not in these lines), then one blank
      if (id === "bracket-time" && q + 1 < te) {
        const c0 = b[q]!, c1 = b[q + 1]!;
        if ((c0 === 0x52 || c0 === 0x54) && c1 === 0x58 && q + 2 < te && b[q + 2] === 0x3a) q += 3; // RX: TX:
        else if ((c0 === 0x3c && c1 === 0x2d) || (c0 === 0x2d && c1 === 0x3e)) q += 2; // <- ->
      }
      if (q < te && isBlank(b[q]!)) q++;
    } else {
      // (mmdd-time "MM-DD hh:mm:ss" fails the date here: the regexes read it)
      id = "datetime";
      q = this.date(b, p, te);
      if (q >= 0) q = this.clockTime(b, q, te, false);
      if (q < 0 || q >= te) return -1;
      // white space (all of it), or "[" or an upper-case letter next
      const f = b[q]!;
      if (isBlank(f)) while (q < te && isBlank(b[q]!)) q++;
      else if (!(f === 0x5b || (f >= 0x41 && f <= 0x5a))) return -1;
      day = this.dayMs;
    }
    if (this.stampMs === undefined) {
      this.stampMs = day + this.ms;
      this.stampId = id;
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

  /** the dialect form of the body b[p, te): which one (the fields in h*), or H_NOT / H_LONG */
  private header(b: Uint8Array, p: number, te: number): Header {
    const c0 = b[p]!, c1 = p + 1 < te ? b[p + 1]! : -1;
    // AliOS Things "[ sec.ms]<L>..." (the dialects before them need a letter after "[", or an ESP-IDF level)
    if (c0 === 0x20 || (c0 === 0x5b && isBlank(c1))) return this.aosTimed(b, p, te);
    if (c0 === 0x5b && isDigit(c1)) {
      // AliOS Things "[uptime]<L> msg", six digits or more; "[sec.ms]<L>..." above
      let q = p + 1;
      let up = 0;
      while (q < te && isDigit(b[q]!)) up = up * 10 + (b[q++]! - 0x30);
      if (q < te && b[q] === 0x2e) return this.aosTimed(b, p, te);
      if (q - p - 1 < 6 || q + 3 >= te || b[q] !== 0x5d || b[q + 1] !== 0x3c || !isAosLevel(b[q + 2]!) || b[q + 3] !== 0x3e) return H_NOT;
      if (q - p - 1 > 15) return H_LONG;
      this.hLevel = b[q + 2]!;
      this.hUptime = up;
      this.hMsg = q + 4;
      return H_AOS;
    }
    if (c0 === 0x5b && c1 >= 0x61 && c1 <= 0x7a) {
      // linkkit, linkkit-old or linkkit-bare: "[lvl]"
      if (p + 4 >= te || b[p + 4] !== 0x5d) return H_NOT;
      const lv = code3(b, p + 1);
      const known = LINKKIT_LEVELS.includes(lv);
      if (!known && lv !== PRT) return H_NOT;
      this.hLevel = lv;
      const c5 = p + 5 < te ? b[p + 5]! : -1;
      if (known && (c5 === 0x28 || c5 === 0x20)) {
        const h = this.linkkitForm(b, p + 6, te, c5 === 0x28);
        if (h !== H_NOT) return h;
      }
      // linkkit-bare: an optional space, the message
      this.hMsg = p + 5;
      return H_BARE;
    }
    if (isEspLevel(c0) && c1 === 0x20 && b[p + 2] === 0x28) {
      // ESP-IDF "L (uptime) module: message", the module up to the first colon
      const u0 = p + 3;
      let q = u0;
      let up = 0;
      while (q < te && isDigit(b[q]!)) up = up * 10 + (b[q++]! - 0x30);
      if (q === u0 || q + 1 >= te || b[q] !== 0x29 || b[q + 1] !== 0x20) return H_NOT;
      const m0 = q + 2;
      if (m0 >= te || b[m0] === 0x3a) return H_NOT;
      let colon = m0 + 1;
      while (colon < te && b[colon] !== 0x3a) colon++;
      if (colon >= te) return H_NOT;
      if (q - u0 > 15) return H_LONG;
      this.hLevel = c0;
      this.hUptime = up;
      // (the regex's module is trimmed)
      this.h0 = skipBlanks(b, m0, colon);
      this.h1 = dropBlanks(b, this.h0, colon);
      this.hMsg = colon + 1;
      return H_ESP;
    }
    return H_NOT;
  }

  /**
   * AliOS Things " [ sec.ms]<L>" and then aos-verbose " module [func#line] : msg" or aos3 "module msg", as
   * their regexes read them (module: no white space; func: anything but "#" and "]"); H_NOT when neither
   * (the regexes decide, aos and the rest), H_LONG for seconds too long to add up exactly here
   */
  private aosTimed(b: Uint8Array, p: number, te: number): Header {
    let q = p;
    if (b[q] === 0x20) q++;
    if (q >= te || b[q] !== 0x5b) return H_NOT;
    q++;
    while (q < te && isBlank(b[q]!)) q++;
    const d0 = q;
    let sec = 0;
    while (q < te && isDigit(b[q]!)) sec = sec * 10 + (b[q++]! - 0x30);
    if (q === d0 || q + 8 > te || b[q] !== 0x2e || !isDigit(b[q + 1]!) || !isDigit(b[q + 2]!) || !isDigit(b[q + 3]!)) return H_NOT;
    const ms = (b[q + 1]! - 0x30) * 100 + (b[q + 2]! - 0x30) * 10 + (b[q + 3]! - 0x30);
    const sd = q - d0;
    q += 4;
    if (b[q] !== 0x5d || b[q + 1] !== 0x3c || !isAosLevel(b[q + 2]!) || b[q + 3] !== 0x3e) return H_NOT;
    const lv = b[q + 2]!;
    q += 4;
    if (q >= te) return H_NOT;
    if (b[q] === 0x20) {
      // aos-verbose: " module [func#line] : msg"
      const m0 = ++q;
      while (q < te && !isBlank(b[q]!)) q++;
      if (q === m0 || q + 1 >= te || b[q] !== 0x20 || b[q + 1] !== 0x5b) return H_NOT;
      const m1 = q;
      q += 2;
      const f0 = q;
      while (q < te && b[q] !== 0x23 && b[q] !== 0x5d) q++;
      if (q === f0 || q >= te || b[q] !== 0x23) return H_NOT;
      const f1 = q++;
      const l0 = q;
      let srcLine = 0;
      while (q < te && isDigit(b[q]!)) srcLine = srcLine * 10 + (b[q++]! - 0x30);
      if (q === l0 || q + 2 >= te || b[q] !== 0x5d || b[q + 1] !== 0x20 || b[q + 2] !== 0x3a) return H_NOT;
      if (sd > 12 || q - l0 > 15) return H_LONG;
      this.h0 = m0;
      this.h1 = m1;
      // (the regex's function is trimmed: blanks are all a clean line's white space)
      this.f0 = skipBlanks(b, f0, f1);
      this.f1 = dropBlanks(b, this.f0, f1);
      this.hSrcLine = srcLine;
      this.hMsg = q + 3;
      this.hLevel = lv;
      this.hUptime = sec * 1000 + ms;
      return H_AOS_VERBOSE;
    }
    // aos3: "module msg"
    const m0 = q;
    while (q < te && !isBlank(b[q]!)) q++;
    if (q === m0 || q >= te || b[q] !== 0x20) return H_NOT;
    if (sd > 12) return H_LONG;
    this.h0 = m0;
    this.h1 = q;
    this.hMsg = q + 1;
    this.hLevel = lv;
    this.hUptime = sec * 1000 + ms;
    return H_AOS3;
  }

  /**
   * linkkit "(uptime) func(line): msg" (withUptime, from after "[lvl](") or linkkit-old "func(line): msg"
   * (from after "[lvl] "): H_LINKKIT / H_OLD, H_NOT when the form does not match (linkkit-bare takes the
   * line), H_LONG for a number too long to add up exactly here
   */
  private linkkitForm(b: Uint8Array, p: number, te: number, withUptime: boolean): Header {
    let up = 0;
    let long = false;
    if (withUptime) {
      const u0 = p;
      while (p < te && isDigit(b[p]!)) up = up * 10 + (b[p++]! - 0x30);
      if (p === u0 || p + 1 >= te || b[p] !== 0x29 || b[p + 1] !== 0x20) return H_NOT;
      long = p - u0 > 15;
      p += 2;
    }
    const f0 = p;
    if (p >= te || !isWordStart(b[p]!)) return H_NOT;
    for (p++; p < te && isWord(b[p]!); p++);
    const f1 = p;
    if (p >= te || b[p] !== 0x28) return H_NOT;
    const l0 = ++p;
    let srcLine = 0;
    while (p < te && isDigit(b[p]!)) srcLine = srcLine * 10 + (b[p++]! - 0x30);
    if (p === l0 || p + 1 >= te || b[p] !== 0x29 || b[p + 1] !== 0x3a) return H_NOT;
    if (long || p - l0 > 15) return H_LONG;
    this.hUptime = up;
    this.f0 = f0;
    this.f1 = f1;
    this.hSrcLine = srcLine;
    this.hMsg = p + 2;
    return withUptime ? H_LINKKIT : H_OLD;
  }

  private set(wallMs: number | undefined, uptimeMs: number | undefined, clock: string | undefined): void {
    this.wallMs = wallMs;
    this.uptimeMs = uptimeMs;
    this.clock = clock;
  }
}
