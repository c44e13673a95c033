/**
 * Parses one cleaned physical line into records. Dialects come from knowledge/dialects/*.yaml and are
 * tried in order; a serial-terminal time prefix is removed first. When a print without line end was
 * glued to the next SDK line ("IOTX_AWSS_START[002006]<I> zconfig_init"), the line yields two records.
 */
import { knowledge, type CompiledDialect, type CompiledPrefix } from "../knowledge/index.js";
import { cleanLine } from "../input/clean.js";
import { newRecord, type LogRecord } from "./record.js";
import { QuickLine } from "./quick-line.js";
import type { Latin1Bytes } from "../input/lines.js";

/** Where an SDK prefix can start in the middle of a line. */
const EMBEDDED =
  /\[\d{6,}\]<[FEWIDVA]> |\[(?:inf|err|wrn|dbg|crt|flw)\](?:\(\d+\))? [A-Za-z_]\w*\(\d+\): | \[\s*\d+\.\d{3}\]<[FEWIDVA]> \S+ \[|(?<![\w(])[EWIDV] \(\d+\) [^:\s]+:/;

/** "hh:mm:ss", "h:mm:ss.f…" (up to 6 digits after '.', ',' or ':'), as milliseconds; undefined otherwise */
export function timeToMs(t: string): number | undefined {
  const n = t.length;
  const d = (i: number) => {
    const c = t.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : -1;
  };
  let i = 0;
  let h = d(0);
  if (h < 0) return undefined;
  if (d(1) >= 0) (h = h * 10 + d(1)), (i = 2);
  else i = 1;
  if (t.charCodeAt(i) !== 58 || t.charCodeAt(i + 3) !== 58) return undefined;
  const m1 = d(i + 1), m2 = d(i + 2), s1 = d(i + 4), s2 = d(i + 5);
  if (m1 < 0 || m2 < 0 || s1 < 0 || s2 < 0) return undefined;
  i += 6;
  let frac = 0;
  if (i < n) {
    const sep = t.charCodeAt(i);
    if (sep !== 46 && sep !== 44 && sep !== 58) return undefined;
    const digits = n - i - 1;
    if (digits < 1 || digits > 6) return undefined;
    // the first three digits, as milliseconds ("5" is 500, "1234" is 123)
    for (let k = i + 1; k < n; k++) {
      const x = d(k);
      if (x < 0) return undefined;
      if (k <= i + 3) frac += x * (k === i + 1 ? 100 : k === i + 2 ? 10 : 1);
    }
  }
  return ((h * 60 + m1 * 10 + m2) * 60 + s1 * 10 + s2) * 1000 + frac;
}

/** the last date seen and its value: a log repeats the same date on every line */
let lastDate = "";
let lastDateMs = NaN;

function dayMs(key: string, y: number, mo: number, d: number): number {
  if (key !== lastDate) {
    lastDate = key;
    lastDateMs = Date.UTC(y, mo - 1, d);
  }
  return lastDateMs;
}

function wallClock(date: string | undefined, time: string | undefined, mmdd: string | undefined): number | undefined {
  const t = time ? timeToMs(time) : undefined;
  if (t === undefined) return undefined;
  if (date) {
    const d = date === lastDate ? lastDateMs : dayMs(date, Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
    if (Number.isFinite(d)) return d + t;
  }
  if (mmdd) {
    const key = "2000-" + mmdd;
    const d = key === lastDate ? lastDateMs : dayMs(key, 2000, Number(mmdd.slice(0, 2)), Number(mmdd.slice(3, 5)));
    if (Number.isFinite(d)) return d + t;
  }
  return t;
}

/**
 * A regex with its named groups turned into numbered ones (no `groups` object per match on the hot path),
 * and where each name landed.
 */
export interface Numbered {
  regex: RegExp;
  group: Record<string, number>;
  /** capturing groups in all */
  count: number;
  /** the source with numbered groups */
  source: string;
}

export function numberGroups(source: string, flags = "", keep?: Set<string>): Numbered {
  const group: Record<string, number> = {};
  let out = "";
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      if (source[i + 1] === "k" && source[i + 2] === "<") throw new Error(`named backreference in ${source}`);
      out += c + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      continue;
    }
    if (c === "(") {
      const named = /^\(\?<([A-Za-z_]\w*)>/.exec(source.slice(i));
      if (named) {
        // (with `keep`, the other named groups capture nothing)
        if (keep && !keep.has(named[1]!)) out += "(?:";
        else {
          group[named[1]!] = ++n;
          out += "(";
        }
        i += named[0].length - 1;
        continue;
      }
      if (source[i + 1] !== "?") n++;
    }
    out += c;
  }
  return { regex: new RegExp(out, flags), group, count: n, source: out };
}

interface FastDialect {
  /**
   * the dialect's id, levels and clock, copied: the dialects' objects differ in shape (their optional
   * properties), and reading them through the dialect made matchDialect meet a new shape with each new
   * dialect in a log
   */
  id: string;
  levels: CompiledDialect["levels"];
  clock: string | undefined;
  re: RegExp;
  /** the regex for timeOf(): only the time groups capture, and no trailing message group to match */
  timeRe: RegExp;
  tUptime: number;
  tSec: number;
  tMsec: number;
  level: number;
  uptime: number;
  sec: number;
  msec: number;
  module: number;
  func: number;
  srcline: number;
  msg: number;
  /**
   * cheap first-characters screen (the dialect samples in the tests check that each still takes its
   * lines): 0 "[" and a lower-case letter (linkkit levels), 1 ESP-IDF "L ", 2 "[" and a space or digit,
   * or " [" (AliOS uptime in seconds), 4 "[" and a digit (AliOS uptime in ms), 3 none
   */
  screen: number;
}

interface FastPrefix {
  p: CompiledPrefix;
  /** group numbers in the union regex of all prefixes: the alternative's marker, then its fields */
  marker: number;
  date: number;
  time: number;
  mmdd: number;
}

const at = (m: RegExpExecArray, i: number): string | undefined => (i > 0 ? m[i] : undefined);


/** the time a line shows: see DialectParser.timeOf */
export interface LineTime {
  wallMs: number | undefined;
  uptimeMs: number | undefined;
  clock: string | undefined;
}

const TIME_GROUPS = new Set(["uptime", "sec", "msec"]);

/** cheap first-character screens keep the regexes off most lines */
function screened(f: FastDialect, body: string, c: number): boolean {
  const screen = f.screen;
  if (screen === 3) return true;
  const c1 = body.charCodeAt(1);
  if (screen === 0) return c === 0x5b && c1 >= 0x61 && c1 <= 0x7a;
  if (screen === 1) return (c === 0x45 || c === 0x57 || c === 0x49 || c === 0x44 || c === 0x56) && c1 === 0x20;
  if (screen === 2) return c === 0x5b ? c1 === 0x20 || c1 === 0x09 || (c1 >= 0x30 && c1 <= 0x39) : c === 0x20 && c1 === 0x5b;
  return c === 0x5b && c1 >= 0x30 && c1 <= 0x39;
}

/** the uptime a match shows, in ms, from its uptime group or its seconds and milliseconds groups */
function uptimeOf(m: RegExpExecArray, uptimeGroup: number, secGroup: number, msecGroup: number): number | undefined {
  const uptime = at(m, uptimeGroup);
  if (uptime !== undefined) return Number(uptime);
  const sec = at(m, secGroup);
  if (sec !== undefined) return Number(sec) * 1000 + Number(at(m, msecGroup) ?? 0);
  return undefined;
}

export class DialectParser {
  private readonly dialects: FastDialect[];
  private readonly prefixes: FastPrefix[];
  /**
   * all prefixes in one regex, in their order (an alternation tries them in order, like a loop would);
   * an empty group at the start of each alternative tells which one matched
   */
  private readonly anyPrefix: RegExp;
  readonly counts = new Map<string, number>();
  private counting = true;
  private readonly quick: QuickLine;

  /** `quick: false`: parseClean() always leaves the line to parse() (the tests compare both) */
  constructor(opts: { quick?: boolean } = {}) {
    const k = knowledge();
    this.quick = new QuickLine(k, opts.quick !== false);
    this.dialects = k.dialects.map((d) => {
      const { regex, group: g } = numberGroups(d.re);
      const screen = d.id.startsWith("linkkit") ? 0 : d.id === "aos" ? 4 : d.id === "esp-idf" ? 1 : d.id.startsWith("aos") ? 2 : 3;
      // ".*$" matches the rest of any line without line terminators, which timeOf's lines are
      const timeSource = d.re.endsWith("(?<msg>.*)$") ? d.re.slice(0, -"(?<msg>.*)$".length) : d.re;
      const t = numberGroups(timeSource, "", TIME_GROUPS);
      return { id: d.id, levels: d.levels, clock: d.clock, re: regex, timeRe: t.regex, tUptime: t.group.uptime ?? 0, tSec: t.group.sec ?? 0, tMsec: t.group.msec ?? 0, level: g.level ?? 0, uptime: g.uptime ?? 0, sec: g.sec ?? 0, msec: g.msec ?? 0, module: g.module ?? 0, func: g.func ?? 0, srcline: g.srcline ?? 0, msg: g.msg ?? 0, screen };
    });
    let off = 0;
    const sources: string[] = [];
    this.prefixes = k.prefixes.map((p) => {
      const { group: g, count, source } = numberGroups(p.re);
      const f = (i: number | undefined) => (i === undefined ? 0 : off + 1 + i);
      const fp: FastPrefix = { p, marker: off + 1, date: f(g.date), time: f(g.time), mmdd: f(g.mmdd) };
      sources.push(`()${source}`);
      off += 1 + count;
      return fp;
    });
    this.anyPrefix = new RegExp(sources.map((x) => `(?:${x})`).join("|"));
  }

  /**
   * Parses a raw physical line. `clean: false` when the caller knows there is nothing to clean (the
   * analyzer's fast path); `count: false` leaves the dialect statistics alone.
   */
  parse(lineNo: number, raw: string, truncated = false, opts?: { clean?: boolean; count?: boolean }): LogRecord[] {
    const text = (opts?.clean === false ? raw : cleanLine(raw)).trimEnd();
    this.counting = opts?.count !== false;
    const body = this.strip(text);
    const out: LogRecord[] = [];
    this.parseBody(lineNo, text, body, this.wallMs, this.prefix, truncated, out, 0);
    return out;
  }

  /**
   * parse() of a clean line (printable ASCII) given as the bytes b[s, e) of a Node.js Buffer, when it has
   * a shape the quick reader knows (serial stamps, linkkit, ESP-IDF): the one record parse() would give,
   * counted; undefined otherwise (then parse() it).
   */
  parseClean(b: Latin1Bytes, s: number, e: number, lineNo: number): LogRecord | undefined {
    const r = this.quick.record(b, s, e, lineNo);
    if (r !== undefined) this.counts.set(r.dialect, (this.counts.get(r.dialect) ?? 0) + 1);
    return r;
  }

  /** the byte range of the message of the record parseClean() returned last */
  get cleanMsgStart(): number {
    return this.quick.msgStart;
  }
  get cleanMsgEnd(): number {
    return this.quick.msgEnd;
  }

  /** what strip() found */
  private wallMs: number | undefined;
  private prefix: string | undefined;

  /** Removes serial-terminal prefixes (a tool may prefix each receive chunk: repeated ones too). */
  private strip(text: string): string {
    let body = text;
    let wallMs: number | undefined;
    let prefix: string | undefined;
    for (let guard = 0; guard < 2; guard++) {
      let stripped = false;
      // every prefix starts with a digit, or '[' and a digit (the prefix samples in the tests check it):
      // SDK lines such as "[inf](…)" are not tried
      const c = body.charCodeAt(0);
      const d = c === 0x5b /* [ */ ? body.charCodeAt(1) : c;
      const m = d >= 0x30 && d <= 0x39 ? this.anyPrefix.exec(body) : null;
      if (m) {
        for (const p of this.prefixes) {
          if (m[p.marker] === undefined) continue;
          wallMs ??= wallClock(at(m, p.date), at(m, p.time), at(m, p.mmdd));
          prefix ??= p.p.id;
          body = body.slice(m[0].length);
          stripped = true;
          break;
        }
      }
      if (!stripped) break;
    }
    this.wallMs = wallMs;
    this.prefix = prefix;
    return body;
  }

  /**
   * The time of a line that needs no cleaning, as parse() would give it, without building records: for
   * the lines the analyzer only counts (printable ASCII, so without line terminators). Undefined when no
   * dialect takes the whole line (then parse() decides, which may find several records in it). The
   * object is reused.
   */
  timeOf(raw: string): LineTime | undefined {
    const body = this.strip(raw.trimEnd());
    const c = body.charCodeAt(0);
    for (const f of this.dialects) {
      if (!screened(f, body, c)) continue;
      const m = f.timeRe.exec(body);
      if (!m) continue;
      const t = this.time;
      t.wallMs = this.wallMs;
      t.uptimeMs = uptimeOf(m, f.tUptime, f.tSec, f.tMsec);
      t.clock = t.uptimeMs !== undefined ? f.clock : undefined;
      return t;
    }
    return undefined;
  }

  private readonly time: LineTime = { wallMs: undefined, uptimeMs: undefined, clock: undefined };

  private parseBody(
    lineNo: number,
    text: string,
    body: string,
    wallMs: number | undefined,
    prefix: string | undefined,
    truncated: boolean,
    out: LogRecord[],
    depth: number,
  ): void {
    const rec = this.matchDialect(body, lineNo, text);
    if (rec) {
      out.push(this.finish(rec, wallMs, prefix, truncated));
      return;
    }
    if (depth < 2 && body.length > 4) {
      const m = EMBEDDED.exec(body);
      if (m && m.index > 0) {
        const head = body.slice(0, m.index);
        out.push(this.finish(newRecord("plain", head.trim(), lineNo, text), wallMs, prefix, truncated));
        this.parseBody(lineNo, text, body.slice(m.index), wallMs, prefix, truncated, out, depth + 1);
        return;
      }
    }
    out.push(this.finish(newRecord("plain", body.trim(), lineNo, text), wallMs, prefix, truncated));
  }

  private matchDialect(body: string, line: number, text: string): LogRecord | undefined {
    const c = body.charCodeAt(0);
    for (const f of this.dialects) {
      if (!screened(f, body, c)) continue;
      const m = f.re.exec(body);
      if (!m) continue;
      const r = newRecord(f.id, (at(m, f.msg) ?? "").trim(), line, text);
      const level = at(m, f.level);
      if (level !== undefined) {
        const lv = f.levels[level];
        if (lv) r.level = lv;
      }
      const up = uptimeOf(m, f.uptime, f.sec, f.msec);
      if (up !== undefined) r.uptimeMs = up;
      if (up !== undefined && f.clock) r.clock = f.clock;
      const mod = at(m, f.module);
      if (mod !== undefined) r.module = mod.trim();
      const func = at(m, f.func);
      if (func !== undefined) r.func = func.trim();
      const srcline = at(m, f.srcline);
      if (srcline !== undefined) r.srcLine = Number(srcline);
      return r;
    }
    return undefined;
  }

  private finish(rec: LogRecord, wallMs: number | undefined, prefix: string | undefined, truncated: boolean): LogRecord {
    if (wallMs !== undefined) rec.wallMs = wallMs;
    if (prefix !== undefined) rec.prefix = prefix;
    if (truncated) rec.truncated = true;
    if (this.counting) this.counts.set(rec.dialect, (this.counts.get(rec.dialect) ?? 0) + 1);
    return rec;
  }
}
