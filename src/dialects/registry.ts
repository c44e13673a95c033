/**
 * Parses one cleaned physical line into records. Dialects come from knowledge/dialects/*.yaml and are
 * tried in order; a serial-terminal time prefix is removed first. When a print without line end was
 * glued to the next SDK line ("IOTX_AWSS_START[002006]<I> zconfig_init"), the line yields two records.
 */
import { knowledge, type CompiledDialect, type CompiledPrefix } from "../knowledge/index.js";
import { cleanLine } from "../input/clean.js";
import type { LogRecord } from "./record.js";

/** Where an SDK prefix can start in the middle of a line. */
const EMBEDDED =
  /\[\d{6,}\]<[FEWIDVA]> |\[(?:inf|err|wrn|dbg|crt|flw)\](?:\(\d+\))? [A-Za-z_]\w*\(\d+\): | \[\s*\d+\.\d{3}\]<[FEWIDVA]> \S+ \[|(?<![\w(])[EWIDV] \(\d+\) [^:\s]+:/;

function timeToMs(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,:](\d{1,6}))?$/.exec(time);
  if (!m) return undefined;
  const frac = m[4] ? Number((m[4] + "000").slice(0, 3)) : 0;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + frac;
}

function wallClock(g: Record<string, string | undefined>): number | undefined {
  const t = g.time ? timeToMs(g.time) : undefined;
  if (t === undefined) return undefined;
  if (g.date) {
    const d = Date.UTC(Number(g.date.slice(0, 4)), Number(g.date.slice(5, 7)) - 1, Number(g.date.slice(8, 10)));
    if (Number.isFinite(d)) return d + t;
  }
  if (g.mmdd) {
    const d = Date.UTC(2000, Number(g.mmdd.slice(0, 2)) - 1, Number(g.mmdd.slice(3, 5)));
    if (Number.isFinite(d)) return d + t;
  }
  return t;
}

export class DialectParser {
  private readonly dialects: CompiledDialect[];
  private readonly prefixes: CompiledPrefix[];
  readonly counts = new Map<string, number>();

  constructor() {
    const k = knowledge();
    this.dialects = k.dialects;
    this.prefixes = k.prefixes;
  }

  /** Parses a raw physical line. */
  parse(lineNo: number, raw: string, truncated = false): LogRecord[] {
    const text = cleanLine(raw).trimEnd();
    let body = text;
    let wallMs: number | undefined;
    let prefix: string | undefined;
    // A serial tool may prefix each receive chunk; strip repeated prefixes too.
    for (let guard = 0; guard < 2; guard++) {
      let stripped = false;
      const c = body.charCodeAt(0);
      if (c === 0x5b /* [ */ || (c >= 0x30 && c <= 0x39)) {
        for (const p of this.prefixes) {
          const m = p.regex.exec(body);
          if (m) {
            wallMs ??= wallClock(m.groups ?? {});
            prefix ??= p.id;
            body = body.slice(m[0].length);
            stripped = true;
            break;
          }
        }
      }
      if (!stripped) break;
    }
    const out: LogRecord[] = [];
    this.parseBody(lineNo, text, body, wallMs, prefix, truncated, out, 0);
    return out;
  }

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
    const rec = this.matchDialect(body);
    if (rec) {
      out.push(this.finish(rec, lineNo, text, wallMs, prefix, truncated));
      return;
    }
    if (depth < 2 && body.length > 4) {
      const m = EMBEDDED.exec(body);
      if (m && m.index > 0) {
        const head = body.slice(0, m.index);
        out.push(this.finish({ dialect: "plain", msg: head.trim() }, lineNo, text, wallMs, prefix, truncated));
        this.parseBody(lineNo, text, body.slice(m.index + (m[0].startsWith(" [") ? 0 : 0)), wallMs, prefix, truncated, out, depth + 1);
        return;
      }
    }
    out.push(this.finish({ dialect: "plain", msg: body.trim() }, lineNo, text, wallMs, prefix, truncated));
  }

  private matchDialect(body: string): Partial<LogRecord> & { dialect: string; msg: string } | undefined {
    const c = body.charCodeAt(0);
    for (const d of this.dialects) {
      // cheap first-character screens keep the regexes off most lines
      if (d.id.startsWith("linkkit") || d.id === "aos") {
        if (c !== 0x5b) continue;
      } else if (d.id === "esp-idf") {
        if (!(c === 0x45 || c === 0x57 || c === 0x49 || c === 0x44 || c === 0x56) || body.charCodeAt(1) !== 0x20) continue;
      } else if (d.id.startsWith("aos")) {
        if (c !== 0x5b && c !== 0x20) continue;
      }
      const m = d.regex.exec(body);
      if (!m) continue;
      const g = m.groups ?? {};
      const r: Partial<LogRecord> & { dialect: string; msg: string } = { dialect: d.id, msg: (g.msg ?? "").trim() };
      if (g.level !== undefined) {
        const lv = d.levels[g.level];
        if (lv) r.level = lv;
      }
      if (g.uptime !== undefined) r.uptimeMs = Number(g.uptime);
      else if (g.sec !== undefined) r.uptimeMs = Number(g.sec) * 1000 + Number(g.msec ?? 0);
      if (r.uptimeMs !== undefined && d.clock) r.clock = d.clock;
      if (g.module !== undefined) r.module = g.module.trim();
      if (g.func !== undefined) r.func = g.func.trim();
      if (g.srcline !== undefined) r.srcLine = Number(g.srcline);
      return r;
    }
    return undefined;
  }

  private finish(
    r: Partial<LogRecord> & { dialect: string; msg: string },
    line: number,
    text: string,
    wallMs: number | undefined,
    prefix: string | undefined,
    truncated: boolean,
  ): LogRecord {
    const rec: LogRecord = { ...r, line, text };
    if (wallMs !== undefined) rec.wallMs = wallMs;
    if (prefix !== undefined) rec.prefix = prefix;
    if (truncated) rec.truncated = true;
    this.counts.set(r.dialect, (this.counts.get(r.dialect) ?? 0) + 1);
    return rec;
  }
}
