/**
 * The time a skipped line shows, read from its bytes without decoding it or running a regex: for the
 * analyzer's fast path, which needs only the time of the last timed line of each run of lines without
 * keywords (see Analyzer.skipped). Lines there are printable ASCII (nothing the cleaner would touch).
 *
 * The reader follows DialectParser.timeOf + parse exactly for the shapes it knows (serial-terminal
 * "[hh:mm:ss.mmm]" and "YYYY-MM-DD hh:mm:ss.mmm" stamps, the linkkit and ESP-IDF dialects, lines that
 * cannot hold any SDK prefix) and answers UNKNOWN for everything else, which the caller then reads the
 * slow way. It is written for the dialect and prefix regexes of knowledge/dialects as listed in
 * WRITTEN_FOR: when the knowledge differs, it stands aside (every answer UNKNOWN) until it is updated. A
 * property test compares it with the regex path.
 */
import { knowledge, type Knowledge } from "../knowledge/index.js";

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
export function isWrittenFor(k: Pick<Knowledge, "dialects" | "prefixes">): boolean {
  const same = (have: { id: string; re: string }[], want: readonly (readonly [string, string])[]) =>
    have.length === want.length && have.every((d, i) => d.id === want[i]![0] && d.re === want[i]![1]);
  return same(k.dialects, WRITTEN_FOR.dialects) && same(k.prefixes, WRITTEN_FOR.prefixes);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** \w */
const isWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** what String.prototype.trimEnd removes, in ASCII (TAB, LF, VT, FF, CR, space) */
const isTrimmed = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** linkkit levels as one number of their three letters */
const LEVEL3 = new Set(["non", "crt", "err", "wrn", "inf", "dbg", "flw"].map((l) => (l.charCodeAt(0) << 16) | (l.charCodeAt(1) << 8) | l.charCodeAt(2)));
const PRT = (0x70 << 16) | (0x72 << 8) | 0x74;

export class QuickTime {
  /** the time of the last QUICK_TIME answer (a wall-clock time wins: the uptime is then not given) */
  wallMs: number | undefined = undefined;
  uptimeMs: number | undefined = undefined;
  clock: string | undefined = undefined;
  /** false: the knowledge is not what this reader was written for; every answer is UNKNOWN */
  readonly enabled: boolean;
  private readonly sdkClock: string | undefined;
  private readonly espClock: string | undefined;
  /** the last date read and its value (a log repeats its date) */
  private day = -1;
  private dayMs = 0;

  constructor(k: Pick<Knowledge, "dialects" | "prefixes"> = knowledge()) {
    this.enabled = isWrittenFor(k);
    this.sdkClock = k.dialects.find((d) => d.id === "linkkit")?.clock;
    this.espClock = k.dialects.find((d) => d.id === "esp-idf")?.clock;
  }

  /** What the line bytes[s, e) shows: QUICK_TIME (see the fields), QUICK_NONE (no time), or QUICK_UNKNOWN. */
  read(b: Uint8Array, s: number, e: number): QuickAnswer {
    if (!this.enabled) return QUICK_UNKNOWN;
    let te = e;
    while (te > s && isTrimmed(b[te - 1]!)) te--;
    if (te > s && b[te - 1]! >= 0x80) return QUICK_UNKNOWN; // (non-ASCII white space?)
    if (te === s) return QUICK_NONE;
    const c0 = b[s]!;
    const c1 = s + 1 < te ? b[s + 1]! : -1;
    // serial-terminal prefixes: only tried on a digit or "[" and a digit (see DialectParser.strip)
    if (c0 === 0x5b && isDigit(c1)) return this.bracketTime(b, s, te);
    if (isDigit(c0)) {
      const sep4 = s + 4 < te ? b[s + 4]! : -1;
      if (sep4 === 0x2d || sep4 === 0x2f) return this.datetime(b, s, te);
      if (s + 2 < te && b[s + 2] === 0x2d) return QUICK_UNKNOWN; // (mmdd-time)
      // no prefix can match: the line is its own body, which no dialect with a time takes
      return this.noTimeDialect(b, s, te);
    }
    // linkkit: "[" and a lower-case letter
    if (c0 === 0x5b && c1 >= 0x61 && c1 <= 0x7a) {
      if (s + 4 >= te || b[s + 4] !== 0x5d) return QUICK_UNKNOWN;
      const lv = (b[s + 1]! << 16) | (b[s + 2]! << 8) | b[s + 3]!;
      if (lv === PRT) return QUICK_NONE; // linkkit-bare
      if (!LEVEL3.has(lv)) return QUICK_UNKNOWN;
      // linkkit with its uptime, else linkkit-old or linkkit-bare, which show no time
      return b[s + 5] === 0x28 ? this.linkkit(b, s + 6, te) : QUICK_NONE;
    }
    // ESP-IDF: a level letter and a space
    if ((c0 === 0x45 || c0 === 0x57 || c0 === 0x49 || c0 === 0x44 || c0 === 0x56) && c1 === 0x20) {
      if (this.esp(b, s + 2, te)) return QUICK_TIME;
      return this.noTimeDialect(b, s, te);
    }
    // AliOS Things forms
    if (c0 === 0x5b || (c0 === 0x20 && c1 === 0x5b)) return QUICK_UNKNOWN;
    return this.noTimeDialect(b, s, te);
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
   * "(digits) func(digits):" after "[lvl](": linkkit with its uptime (QUICK_TIME), else linkkit-bare takes
   * the line (QUICK_NONE); an uptime too long to add up exactly here is left to the regexes
   */
  private linkkit(b: Uint8Array, p: number, te: number): QuickAnswer {
    const d0 = p;
    let up = 0;
    while (p < te && isDigit(b[p]!)) up = up * 10 + (b[p++]! - 0x30);
    if (p === d0 || b[p] !== 0x29 || b[p + 1] !== 0x20) return QUICK_NONE;
    if (p - d0 > 15) return QUICK_UNKNOWN;
    p += 2;
    const f = p < te ? b[p]! : -1;
    if (!((f >= 0x41 && f <= 0x5a) || (f >= 0x61 && f <= 0x7a) || f === 0x5f)) return QUICK_NONE;
    p++;
    while (p < te && isWord(b[p]!)) p++;
    if (p >= te || b[p] !== 0x28) return QUICK_NONE;
    const l0 = ++p;
    while (p < te && isDigit(b[p]!)) p++;
    if (p === l0 || p + 1 >= te || b[p] !== 0x29 || b[p + 1] !== 0x3a) return QUICK_NONE;
    this.set(undefined, up, this.sdkClock);
    return QUICK_TIME;
  }

  /** "(digits) module:" after "L " (module: one or more characters, none a colon) */
  private esp(b: Uint8Array, p: number, te: number): boolean {
    if (b[p] !== 0x28) return false;
    const d0 = ++p;
    let up = 0;
    while (p < te && isDigit(b[p]!)) up = up * 10 + (b[p++]! - 0x30);
    if (p === d0 || p - d0 > 15 || b[p] !== 0x29 || b[p + 1] !== 0x20) return false;
    p += 2;
    if (p >= te || b[p] === 0x3a) return false;
    for (p++; p < te; p++) {
      if (b[p] === 0x3a) {
        this.set(undefined, up, this.espClock);
        return true;
      }
    }
    return false;
  }

  /** "[h:mm:ss]" or "[h:mm:ss.f…]" (1–2 hour digits, up to 6 after '.', ',' or ':'): bracket-time */
  private bracketTime(b: Uint8Array, s: number, te: number): QuickAnswer {
    const p = this.clockTime(b, s + 1, te);
    if (p < 0) return QUICK_UNKNOWN;
    let q = p;
    const sep = q < te ? b[q] : -1;
    if (sep === 0x2e || sep === 0x2c || sep === 0x3a) {
      const f0 = q + 1;
      q = f0;
      while (q < te && isDigit(b[q]!)) q++;
      if (q === f0 || q - f0 > 6) return QUICK_UNKNOWN;
      this.frac(b, f0, q);
    }
    if (q >= te || b[q] !== 0x5d) return QUICK_UNKNOWN;
    this.set(this.ms, undefined, undefined);
    return QUICK_TIME;
  }

  /** "YYYY-MM-DD hh:mm:ss.f…" followed by white space, "[" or an upper-case letter: datetime */
  private datetime(b: Uint8Array, s: number, te: number): QuickAnswer {
    if (s + 11 >= te) return QUICK_UNKNOWN;
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(b[s + i]!)) return QUICK_UNKNOWN;
    const s7 = b[s + 7]!, s10 = b[s + 10]!;
    if ((s7 !== 0x2d && s7 !== 0x2f) || (s10 !== 0x20 && s10 !== 0x54)) return QUICK_UNKNOWN;
    const p = this.clockTime(b, s + 11, te);
    if (p < 0) return QUICK_UNKNOWN;
    let q = p;
    const sep = q < te ? b[q] : -1;
    if (sep === 0x2e || sep === 0x2c) {
      const f0 = q + 1;
      q = f0;
      while (q < te && isDigit(b[q]!)) q++;
      if (q === f0 || q - f0 > 6) return QUICK_UNKNOWN;
      this.frac(b, f0, q);
    }
    // (?:\s+|(?=[\[A-Z])): the characters of a clean line that \s takes are the space and TAB
    const f = q < te ? b[q]! : -1;
    if (!(f === 0x20 || f === 0x09 || f === 0x5b || (f >= 0x41 && f <= 0x5a))) return QUICK_UNKNOWN;
    const d = (i: number) => b[s + i]! - 0x30;
    const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), mo = d(5) * 10 + d(6), dd = d(8) * 10 + d(9);
    const key = (y * 100 + mo) * 100 + dd;
    if (key !== this.day) {
      this.day = key;
      this.dayMs = Date.UTC(y, mo - 1, dd);
    }
    this.set(this.dayMs + this.ms, undefined, undefined);
    return QUICK_TIME;
  }

  /** the time of day being read, in ms */
  private ms = 0;

  /** "h:mm:ss" or "hh:mm:ss" at p: sets ms, returns the position after it (-1: not one) */
  private clockTime(b: Uint8Array, p: number, te: number): number {
    if (p + 6 >= te || !isDigit(b[p]!)) return -1;
    let h = b[p]! - 0x30;
    let i = p + 1;
    if (isDigit(b[i]!)) h = h * 10 + (b[i++]! - 0x30);
    if (i + 5 >= te || b[i] !== 0x3a || b[i + 3] !== 0x3a) return -1;
    const m1 = b[i + 1]!, m2 = b[i + 2]!, s1 = b[i + 4]!, s2 = b[i + 5]!;
    if (!isDigit(m1) || !isDigit(m2) || !isDigit(s1) || !isDigit(s2)) return -1;
    this.ms = ((h * 60 + (m1 - 0x30) * 10 + (m2 - 0x30)) * 60 + (s1 - 0x30) * 10 + (s2 - 0x30)) * 1000;
    return i + 6;
  }

  /** the milliseconds of a fraction's first three digits */
  private frac(b: Uint8Array, f0: number, f1: number): void {
    let v = 0;
    for (let k = 0; k < 3; k++) v = v * 10 + (f0 + k < f1 ? b[f0 + k]! - 0x30 : 0);
    this.ms += v;
  }

  private set(wallMs: number | undefined, uptimeMs: number | undefined, clock: string | undefined): void {
    this.wallMs = wallMs;
    this.uptimeMs = uptimeMs;
    this.clock = clock;
  }
}
