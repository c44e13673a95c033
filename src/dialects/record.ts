import type { Level } from "../knowledge/index.js";

/** One log record: a physical line (or a part of one, when two prints were glued together) parsed by a dialect. */
export interface LogRecord {
  /** 1-based physical line number */
  line: number;
  /** the cleaned line (colours removed), as evidence shows it */
  text: string;
  /** the message after the dialect's prefix */
  msg: string;
  dialect: string;
  level?: Level;
  /** uptime in ms since boot, from the dialect's own clock */
  uptimeMs?: number;
  clock?: string;
  /** wall-clock time from a serial-terminal prefix, in ms (since midnight, or since the epoch with a date) */
  wallMs?: number;
  module?: string;
  func?: string;
  srcLine?: number;
  /** serial-terminal prefix that was removed */
  prefix?: string;
  truncated?: boolean;
}

/**
 * A record with every property present, in one order (absent ones undefined): all records share one
 * hidden class, so the code that reads them (matcher, flow) stays monomorphic and fast.
 */
export function newRecord(dialect: string, msg: string, line: number, text: string): LogRecord {
  return { line, text, msg, dialect, level: undefined, uptimeMs: undefined, clock: undefined, wallMs: undefined, module: undefined, func: undefined, srcLine: undefined, prefix: undefined, truncated: undefined };
}
// Records made here with each kind of value their properties take (small integers, numbers that are none,
// nothing), before any code that makes or reads records is optimised: otherwise the first such value a
// few MB into a log changes the records' hidden class and that code is thrown away and compiled again.
// (enough of them for V8 to keep type feedback for newRecord: it does so only after some calls)
for (let i = 0; i < 64; i++) {
  const r = newRecord("", "", i, "");
  const v = [1, 1.5, undefined][i % 3];
  (r.uptimeMs = v), (r.wallMs = v), (r.srcLine = v);
}
