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
/**
 * Calls make(v) a few dozen times at load with each kind of value a numeric property of a record or an
 * event takes: a small integer (uptimes, times of day), a number that is none (dates in ms) and nothing.
 * An object's hidden class records what its properties held so far: made that way before any code that
 * makes or reads such objects is optimised, the first date after small integers a few MB into a log no
 * longer changes the class (which threw that code away to be compiled again). A few dozen calls: V8
 * keeps type feedback for a function only after some.
 */
export function settleNumberShapes(make: (v: number | undefined, i: number) => void): void {
  const kinds = [1, 1.5, undefined];
  for (let i = 0; i < 64; i++) make(kinds[i % 3], i);
}

settleNumberShapes((v, i) => {
  const r = newRecord("", "", i, "");
  (r.uptimeMs = v), (r.wallMs = v), (r.srcLine = v);
});
