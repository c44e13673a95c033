/**
 * Streaming line splitter: bytes in, decoded physical lines out.
 * - line ends: LF, CRLF and lone CR; a CR at the end of one chunk and LF at the start of the next is one end
 * - encodings: UTF-8 (default), UTF-16LE/BE (BOM), GB18030/GBK (forced, or detected per line when UTF-8 fails)
 * - lines longer than maxLineLength characters are cut; the rest of that line is skipped and counted
 * Memory is bounded by the chunk size plus maxLineLength, whatever the input size.
 */

export type Encoding = "auto" | "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export interface PhysicalLine {
  /** 1-based line number in the input */
  no: number;
  text: string;
  /** the line was longer than the limit and was cut */
  truncated?: boolean;
  /** the line was decoded as GB18030 because it was not valid UTF-8 */
  gbk?: boolean;
}

export interface SplitterStats {
  bytes: number;
  lines: number;
  encoding: Exclude<Encoding, "auto">;
  gbkLines: number;
  truncatedLines: number[];
  truncatedCount: number;
  nulBytes: boolean;
}

export const DEFAULT_MAX_LINE = 64 * 1024;
const MAX_TRUNCATED_KEPT = 100;

export class LineSplitter {
  private readonly maxLine: number;
  private forced: Encoding;
  private textDecoder?: TextDecoder;
  private pendingText = "";
  private pendingBytes: Uint8Array[] = [];
  private pendingLen = 0;
  private skipping = false;
  private lastWasCR = false;
  private started = false;
  private lineNo = 0;
  private readonly utf8 = new TextDecoder("utf-8");
  private gbk?: TextDecoder;
  readonly stats: SplitterStats;

  constructor(opts: { encoding?: Encoding; maxLineLength?: number } = {}) {
    this.maxLine = opts.maxLineLength ?? DEFAULT_MAX_LINE;
    this.forced = opts.encoding ?? "auto";
    this.stats = {
      bytes: 0,
      lines: 0,
      encoding: this.forced === "auto" ? "utf-8" : this.forced,
      gbkLines: 0,
      truncatedLines: [],
      truncatedCount: 0,
      nulBytes: false,
    };
  }

  /** Feeds bytes; calls emit for each complete line. */
  push(chunk: Uint8Array, emit: (l: PhysicalLine) => void): void {
    if (chunk.length === 0) return;
    this.stats.bytes += chunk.length;
    if (!this.started) {
      this.started = true;
      chunk = this.detectBom(chunk);
    }
    if (this.textDecoder) {
      this.pushText(this.textDecoder.decode(chunk, { stream: true }), emit);
      return;
    }
    this.pushBytes(chunk, emit);
  }

  /** Feeds already decoded text (pasted logs, the browser). */
  pushString(text: string, emit: (l: PhysicalLine) => void): void {
    this.started = true;
    this.stats.bytes += text.length;
    this.pushText(text, emit);
  }

  end(emit: (l: PhysicalLine) => void): void {
    if (this.textDecoder) {
      this.pushText(this.textDecoder.decode(), emit);
    }
    if (this.pendingText.length > 0 || (this.skipping && this.pendingTruncated !== undefined)) {
      this.skipping = false;
      this.emitText(this.pendingText, emit);
      this.pendingText = "";
    }
    if (this.skipping && this.truncatedHead) {
      this.skipping = false;
      this.emitTruncatedHead(emit);
    }
    if (this.pendingLen > 0) {
      const bytes = this.takePending();
      this.emitBytes(bytes, emit);
    }
  }

  private detectBom(chunk: Uint8Array): Uint8Array {
    const b0 = chunk[0], b1 = chunk[1], b2 = chunk[2];
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return chunk.subarray(3);
    if (b0 === 0xff && b1 === 0xfe) {
      this.useText("utf-16le");
      return chunk.subarray(2);
    }
    if (b0 === 0xfe && b1 === 0xff) {
      this.useText("utf-16be");
      return chunk.subarray(2);
    }
    if (this.forced === "utf-16le" || this.forced === "utf-16be" || this.forced === "gb18030") {
      this.useText(this.forced);
    } else if (chunk.length >= 8 && looksUtf16le(chunk)) {
      this.useText("utf-16le");
    }
    return chunk;
  }

  private useText(enc: "utf-16le" | "utf-16be" | "gb18030"): void {
    this.textDecoder = new TextDecoder(enc);
    this.stats.encoding = enc;
  }

  // ---- text path (UTF-16, forced GB18030, pasted strings)
  private pushText(text: string, emit: (l: PhysicalLine) => void): void {
    let pos = 0;
    if (this.lastWasCR && text.charCodeAt(0) === 10) pos = 1;
    this.lastWasCR = false;
    const n = text.length;
    while (pos < n) {
      let end = pos;
      // find next CR or LF
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      if (end >= n) {
        this.appendPendingText(text.slice(pos));
        break;
      }
      const piece = text.slice(pos, end);
      if (this.skipping) {
        this.skipping = false;
        this.pendingText = "";
        this.emitText("", emit);
      } else {
        this.emitText(this.pendingText + piece, emit);
        this.pendingText = "";
      }
      if (text.charCodeAt(end) === 13) {
        if (end + 1 < n) {
          pos = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        } else {
          this.lastWasCR = true;
          pos = n;
        }
      } else pos = end + 1;
    }
  }

  private appendPendingText(s: string): void {
    if (this.skipping) return;
    this.pendingText += s;
    if (this.pendingText.length > this.maxLine) {
      // emit the head now, skip the rest of this line
      // keep the head; it is emitted when the line ends, the rest of the line is skipped
      this.pendingTruncated = this.pendingText.slice(0, this.maxLine);
      this.pendingText = "";
      this.skipping = true;
    }
  }

  private pendingTruncated?: string;

  private emitText(text: string, emit: (l: PhysicalLine) => void): void {
    this.lineNo++;
    this.stats.lines++;
    let t = text;
    let truncated = false;
    if (this.pendingTruncated !== undefined) {
      t = this.pendingTruncated;
      this.pendingTruncated = undefined;
      truncated = true;
    } else if (t.length > this.maxLine) {
      t = t.slice(0, this.maxLine);
      truncated = true;
    }
    if (t.includes("\0")) {
      this.stats.nulBytes = true;
      t = t.replace(/\0/g, "");
    }
    if (truncated) this.noteTruncated();
    const line: PhysicalLine = { no: this.lineNo, text: t };
    if (truncated) line.truncated = true;
    emit(line);
  }

  private noteTruncated(): void {
    this.stats.truncatedCount++;
    if (this.stats.truncatedLines.length < MAX_TRUNCATED_KEPT) this.stats.truncatedLines.push(this.lineNo);
  }

  // ---- byte path (UTF-8 with per-line GB18030 fallback)
  private pushBytes(chunk: Uint8Array, emit: (l: PhysicalLine) => void): void {
    let pos = 0;
    const n = chunk.length;
    if (this.lastWasCR) {
      this.lastWasCR = false;
      if (chunk[0] === 10) pos = 1;
    }
    let nextLf = chunk.indexOf(10, pos);
    let nextCr = chunk.indexOf(13, pos);
    while (pos < n) {
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(10, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(13, pos);
      let end: number;
      if (nextLf === -1 && nextCr === -1) end = -1;
      else if (nextLf === -1) end = nextCr;
      else if (nextCr === -1) end = nextLf;
      else end = Math.min(nextLf, nextCr);
      if (end === -1) {
        this.appendPendingBytes(chunk.subarray(pos), emit);
        return;
      }
      const piece = chunk.subarray(pos, end);
      if (this.skipping) {
        this.skipping = false;
        this.pendingBytes = [];
        this.pendingLen = 0;
        this.emitTruncatedHead(emit);
      } else if (this.pendingLen > 0) {
        this.pendingBytes.push(piece);
        this.pendingLen += piece.length;
        this.emitBytes(this.takePending(), emit);
      } else {
        this.emitBytes(piece, emit);
      }
      if (chunk[end] === 13) {
        if (end + 1 < n) pos = chunk[end + 1] === 10 ? end + 2 : end + 1;
        else {
          this.lastWasCR = true;
          pos = n;
        }
      } else pos = end + 1;
    }
  }

  private truncatedHead?: Uint8Array;

  private appendPendingBytes(piece: Uint8Array, _emit: (l: PhysicalLine) => void): void {
    if (this.skipping) return;
    // copy: the caller may reuse its buffer
    this.pendingBytes.push(piece.slice());
    this.pendingLen += piece.length;
    if (this.pendingLen > this.maxLine * 4) {
      const all = this.takePending();
      this.truncatedHead = all.subarray(0, this.maxLine * 4);
      this.skipping = true;
    }
  }

  private emitTruncatedHead(emit: (l: PhysicalLine) => void): void {
    const head = this.truncatedHead ?? new Uint8Array(0);
    this.truncatedHead = undefined;
    const text = this.decodeLine(head);
    this.lineNo++;
    this.stats.lines++;
    this.noteTruncated();
    emit({ no: this.lineNo, text: stripNul(text.text, this.stats).slice(0, this.maxLine), truncated: true, ...(text.gbk ? { gbk: true } : {}) });
  }

  private takePending(): Uint8Array {
    const out = new Uint8Array(this.pendingLen);
    let o = 0;
    for (const p of this.pendingBytes) {
      out.set(p, o);
      o += p.length;
    }
    this.pendingBytes = [];
    this.pendingLen = 0;
    return out;
  }

  private emitBytes(bytes: Uint8Array, emit: (l: PhysicalLine) => void): void {
    if (this.skipping) {
      this.skipping = false;
      this.emitTruncatedHead(emit);
      return;
    }
    const d = this.decodeLine(bytes);
    this.emitDecoded(d.text, d.gbk, emit);
  }

  private emitDecoded(text: string, gbk: boolean, emit: (l: PhysicalLine) => void): void {
    this.lineNo++;
    this.stats.lines++;
    let t = stripNul(text, this.stats);
    let truncated = false;
    if (t.length > this.maxLine) {
      t = t.slice(0, this.maxLine);
      truncated = true;
      this.noteTruncated();
    }
    const line: PhysicalLine = { no: this.lineNo, text: t };
    if (truncated) line.truncated = true;
    if (gbk) line.gbk = true;
    emit(line);
  }

  private decodeLine(bytes: Uint8Array): { text: string; gbk: boolean } {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return { text: latin1(bytes), gbk: false };
    const text = this.utf8.decode(bytes);
    if (!text.includes("\ufffd") || this.forced === "utf-8") return { text, gbk: false };
    try {
      this.gbk ??= new TextDecoder("gb18030", { fatal: true });
      const g = this.gbk.decode(bytes);
      this.stats.gbkLines++;
      return { text: g, gbk: true };
    } catch {
      return { text, gbk: false };
    }
  }
}

function stripNul(t: string, stats: SplitterStats): string {
  if (t.includes("\0")) {
    stats.nulBytes = true;
    return t.replace(/\0/g, "");
  }
  return t;
}

function latin1(bytes: Uint8Array): string {
  // ASCII only: String.fromCharCode over slices is faster than TextDecoder for short lines
  if (bytes.length < 512) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

/** UTF-16LE without BOM: many zero bytes at odd positions and printable ASCII at even positions. */
function looksUtf16le(b: Uint8Array): boolean {
  const n = Math.min(b.length & ~1, 256);
  let zeroOdd = 0, asciiEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i + 1] === 0) zeroOdd++;
    const c = b[i]!;
    if (c >= 0x09 && c < 0x7f) asciiEven++;
  }
  return zeroOdd > n / 2 * 0.9 && asciiEven > n / 2 * 0.9;
}
