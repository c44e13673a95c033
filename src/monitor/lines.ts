/**
 * The pass-through: device bytes → display lines (split, decoded, sanitised), their level, the
 * --grep/--level filter. Independent of the analysis: the Analyzer gets the raw bytes itself.
 */

/** Splits bytes into lines at LF, CRLF or a lone CR; a line longer than maxBytes is cut (the rest skipped). */
export class ByteLines {
  private parts: Uint8Array[] = [];
  private len = 0;
  private skipping = false;
  private lastCR = false;

  constructor(private readonly maxBytes = 4096) {}

  push(chunk: Uint8Array, emit: (bytes: Uint8Array, truncated: boolean) => void): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b !== 0x0a && b !== 0x0d) continue;
      if (b === 0x0a && this.lastCR && i === start && this.len === 0 && !this.skipping) {
        // the LF of a CRLF whose CR ended the line already
        this.lastCR = false;
        start = i + 1;
        continue;
      }
      this.take(chunk.subarray(start, i), emit);
      this.flushLine(emit);
      this.lastCR = b === 0x0d;
      start = i + 1;
    }
    if (start < chunk.length) {
      this.lastCR = false;
      this.take(chunk.subarray(start), emit);
    }
  }

  /** the last line when it has no line end */
  end(emit: (bytes: Uint8Array, truncated: boolean) => void): void {
    if (this.len > 0) this.flushLine(emit);
    this.skipping = false;
  }

  private take(seg: Uint8Array, emit: (bytes: Uint8Array, truncated: boolean) => void): void {
    if (seg.length === 0 || this.skipping) return;
    const room = this.maxBytes - this.len;
    if (seg.length <= room) {
      // (a copy: Buffer's slice() is a view, and the caller may reuse its buffer)
      this.parts.push(new Uint8Array(seg));
      this.len += seg.length;
      return;
    }
    this.parts.push(new Uint8Array(seg.subarray(0, room)));
    this.len += room;
    emit(this.joined(), true);
    this.skipping = true;
  }

  private flushLine(emit: (bytes: Uint8Array, truncated: boolean) => void): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    emit(this.joined(), false);
  }

  private joined(): Uint8Array {
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.len);
    this.parts = [];
    this.len = 0;
    return out;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Lossy = new TextDecoder("utf-8");
let gbk: TextDecoder | null | undefined;

const forcedDecoders = new Map<string, TextDecoder>();

/**
 * UTF-8, else GB18030 (Chinese firmware prints GBK), else UTF-8 with replacement characters; a forced
 * --encoding other than auto is used as it is.
 */
export function decodeLine(bytes: Uint8Array, encoding: string = "auto"): string {
  if (encoding !== "auto") {
    let d = forcedDecoders.get(encoding);
    if (!d) {
      d = new TextDecoder(encoding);
      forcedDecoders.set(encoding, d);
    }
    return d.decode(bytes);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    if (gbk === undefined) {
      try {
        gbk = new TextDecoder("gb18030", { fatal: true });
      } catch {
        gbk = null;
      }
    }
    if (gbk) {
      try {
        return gbk.decode(bytes);
      } catch {
        /* not GBK either */
      }
    }
    return utf8Lossy.decode(bytes);
  }
}

// escape sequences (CSI, OSC, DCS/PM/APC strings, two-byte ESC x), then what serial tools leave of colour codes
const ESCAPES = /\x1b\[[0-9;?<=>!]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-9;?]*[ -/]*[@-~]?/g;
const REMNANTS = /(?:␛|<0x1[bB]>|\^\[)\[[0-9;]*[A-Za-z]|\[[0-9]{1,2}(?:;[0-9]{1,2}){0,3}m/g;
// C0 and C1 controls, DEL; tabs become spaces
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/** Device text made safe for a terminal: no escape sequence or control character gets through. */
export function sanitize(s: string): string {
  let t = s;
  if (/[\x1b\x9b]/.test(t)) t = t.replace(ESCAPES, "");
  if (t.includes("[")) t = t.replace(REMNANTS, "");
  if (t.includes("\t")) t = t.replace(/\t/g, "    ");
  return t.replace(CONTROLS, "");
}

export const LEVELS = ["error", "warn", "info", "debug"] as const;
export type DisplayLevel = (typeof LEVELS)[number];

const LINKKIT: Record<string, DisplayLevel> = { err: "error", wrn: "warn", inf: "info", dbg: "debug", flw: "debug", non: "info", prt: "info", crt: "info" };
const LETTER: Record<string, DisplayLevel> = { F: "error", E: "error", W: "warn", I: "info", A: "info", D: "debug", V: "debug" };

/**
 * The level a device line was printed at, from the dialects the analyzer knows: `[err](12) f(3):`,
 * `[012345]<E>`, ` [  1.234]<W> mod`, ESP-IDF `E (123) tag:` (after a serial-terminal time stamp too).
 * linkkit's `[crt]` is used for ordinary progress prints (`[crt] chan 6`), so it counts as info.
 */
export function detectLevel(text: string): DisplayLevel | undefined {
  const head = text.length > 80 ? text.slice(0, 80) : text;
  let m = /\[(crt|err|wrn|inf|dbg|flw|non|prt)\]/.exec(head);
  if (m) return LINKKIT[m[1]!];
  m = /\]<([FEWIDVA])>/.exec(head);
  if (m) return LETTER[m[1]!];
  m = /(?:^|[\s\]>])([EWIDV]) \(\d+\) /.exec(head);
  if (m) return LETTER[m[1]!];
  return undefined;
}

export interface LineFilter {
  grep?: RegExp;
  /** show lines at this level or more severe; lines without a level count as info */
  level?: DisplayLevel;
}

export function passes(text: string, level: DisplayLevel | undefined, f: LineFilter): boolean {
  if (f.level && LEVELS.indexOf(level ?? "info") > LEVELS.indexOf(f.level)) return false;
  if (f.grep) {
    f.grep.lastIndex = 0;
    if (!f.grep.test(text)) return false;
  }
  return true;
}

/** Share of bytes that are replacement characters or controls: a wrong baud rate prints these. */
export function looksLikeNoise(text: string): boolean {
  if (text.length < 8) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 0x1b) || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad / text.length > 0.3;
}

/** Host time as HH:MM:SS.mmm (local time). */
export function hostTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
